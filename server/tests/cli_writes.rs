//! Fault injection for `fix`'s writes: a read-only folder, a file saved by another program
//! while the fix ran, a write that fails midway (a file size limit, as a full disk would). In
//! each the file keeps what it held, no temporary file is left, nothing is reported fixed,
//! and the exit code is 2. `--diff` never writes.

// Test code: a failed expectation should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::cli::*;

/// A config with one fix (the literal password becomes a variable; unsafe, so every run asks
/// for `--unsafe-fixes`), padded to a few KB
/// so a write of it crosses a one-block size limit.
fn fixable() -> String {
    let mut text = String::from(
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n        auth:\n          username: me\n          password: hunter2\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n",
    );
    for i in 0..100 {
        text.push_str(&format!(
            "# padding line {i} so the file is a few kilobytes long\n"
        ));
    }
    text
}

/// Runs a prepared command with a deadline, so a hang fails instead of blocking the suite.
fn run(mut cmd: Command) -> Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().expect("start");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(output) => output.expect("collect output"),
        Err(_) => panic!("the command did not finish within 120 s"),
    }
}

/// Whether these tests run as root, whom file permissions do not stop.
fn running_as_root(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = dir.join(".owner-probe");
    write(&probe, "");
    let root = std::fs::metadata(&probe)
        .map(|m| m.uid() == 0)
        .unwrap_or(false);
    let _ = std::fs::remove_file(&probe);
    root
}

/// `fix` as a user whom permissions apply to: the `nobody` account when the tests run as
/// root, the test's own user otherwise.
fn fix_as_user(dir: &Path, args: &[&str]) -> Command {
    use std::os::unix::process::CommandExt;
    let mut cmd = bin();
    cmd.current_dir(dir)
        .args(["fix", "--unsafe-fixes"])
        .args(args);
    if running_as_root(dir) {
        cmd.uid(65534).gid(65534);
    }
    cmd
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Asserts the run wrote nothing and said so.
fn assert_refused(o: &Output, file: &Path, expected: &str, why: &str) {
    assert_eq!(code(o), 2, "{}\n{}", stdout(o), stderr(o));
    assert_eq!(std::fs::read_to_string(file).expect("read"), expected);
    assert!(stderr(o).contains("not fixed:"), "{}", stderr(o));
    assert!(stderr(o).contains(why), "{}", stderr(o));
    assert!(
        !stdout(o).contains("fixed [literal-secret]"),
        "{}",
        stdout(o)
    );
    assert!(
        stdout(o).contains("Fixed 0 findings in 0 files"),
        "{}",
        stdout(o)
    );
    assert!(
        stdout(o).contains("error[literal-secret]"),
        "the finding remains: {}",
        stdout(o)
    );
}

#[test]
fn a_read_only_folder_leaves_the_file_whole_and_exits_2() {
    let dir = scratch("write-read-only");
    let folder = dir.join("ro");
    let file = folder.join("config.yml");
    write(&file, &fixable());
    set_mode(&file, 0o644);
    set_mode(&folder, 0o555);
    let o = run(fix_as_user(&folder, &["config.yml"]));
    set_mode(&folder, 0o755);
    assert_refused(&o, &file, &fixable(), "cannot create a file beside it");
    assert_eq!(listing(&folder), ["config.yml"]);
}

#[test]
fn a_file_saved_meanwhile_is_not_overwritten() {
    let dir = scratch("write-changed");
    let file = dir.join("config.yml");
    let text = format!("{}# circleci-ls-test: edited-during-fix\n", fixable());
    write(&file, &text);
    let mut cmd = bin();
    cmd.current_dir(&dir)
        .args(["fix", "--unsafe-fixes", "config.yml"])
        .env("CIRCLECI_LS_TEST_HOOKS", "1");
    let o = run(cmd);
    // The other program's save is what the file holds.
    let saved = format!("{text}# saved by another program\n");
    assert_refused(&o, &file, &saved, "the file changed since it was read");
    assert_eq!(listing(&dir), ["config.yml"]);
}

#[test]
fn a_write_that_fails_midway_leaves_the_file_whole() {
    let dir = scratch("write-fails");
    let file = dir.join("config.yml");
    write(&file, &fixable());
    let mut cmd = Command::new("bash");
    // A one-kilobyte file size limit: the fixed text cannot be written whole, as on a full
    // disk. The file is read, never written, so the limit alone makes the write fail.
    cmd.current_dir(&dir).arg("-c").arg(format!(
        "ulimit -f 1 && exec '{}' fix --unsafe-fixes config.yml",
        env!("CARGO_BIN_EXE_circleci-ls")
    ));
    let o = run(cmd);
    assert_refused(&o, &file, &fixable(), "cannot write");
    assert_eq!(listing(&dir), ["config.yml"]);
}

#[test]
fn a_diff_never_writes() {
    let dir = scratch("write-diff");
    let file = dir.join("config.yml");
    write(&file, &fixable());
    let before = std::fs::metadata(&file).and_then(|m| m.modified()).ok();
    // Even in a folder the user cannot write to, a diff only reads.
    set_mode(&dir, 0o555);
    let o = run(fix_as_user(&dir, &["--diff", "config.yml"]));
    set_mode(&dir, 0o755);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("+++ b/config.yml"), "{}", stdout(&o));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), fixable());
    assert_eq!(
        std::fs::metadata(&file).and_then(|m| m.modified()).ok(),
        before
    );
    assert_eq!(listing(&dir), ["config.yml"]);
}

#[test]
fn a_fix_is_reported_once_the_file_is_replaced_and_keeps_links_and_permissions() {
    let dir = scratch("write-ok");
    let real: PathBuf = dir.join("shared.yml");
    write(&real, &fixable());
    set_mode(&real, 0o640);
    let link = dir.join("config.yml");
    std::os::unix::fs::symlink("shared.yml", &link).expect("link");
    let o = run_in(&dir, &["fix", "--unsafe-fixes", "config.yml"]);
    assert_eq!(code(&o), 0, "{}\n{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("config.yml: fixed [literal-secret]"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("Fixed 1 finding in 1 file"),
        "{}",
        stdout(&o)
    );
    let fixed = std::fs::read_to_string(&real).expect("read");
    assert!(
        !fixed.contains("hunter2") && fixed.contains("padding line 99"),
        "{fixed}"
    );
    assert!(std::fs::symlink_metadata(&link)
        .expect("meta")
        .file_type()
        .is_symlink());
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&real).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(listing(&dir), ["config.yml", "shared.yml"]);
}
