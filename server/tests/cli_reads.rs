//! `check` reading the disk through the guarded reader: FIFOs, devices and link loops are
//! refused with a message and exit 2 without hanging, a folder it cannot read is reported,
//! linked configs are checked.

// Test code: a failed expectation should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::cli::*;

const UNDEFINED_JOB: &str = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build, deploy]\n";
const CLEAN: &str = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";

fn mkfifo(path: &Path) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folders");
    }
    let made = Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

fn link(target: impl AsRef<Path>, at: &Path) {
    if let Some(parent) = at.parent() {
        std::fs::create_dir_all(parent).expect("folders");
    }
    std::os::unix::fs::symlink(target, at).expect("link");
}

#[test]
fn fifos_devices_and_link_loops_are_refused_and_exit_2() {
    let dir = scratch("reads-special");
    write(&dir.join(".circleci/config.yml"), CLEAN);
    mkfifo(&dir.join(".circleci/fifo.yml"));
    link("/dev/zero", &dir.join(".circleci/zero.yml"));
    link("../loop", &dir.join("loop/again"));
    let o = run_in(&dir, &["check", "."]);
    let err = stderr(&o);
    assert_eq!(code(&o), 2, "{}\n{err}", stdout(&o));
    assert!(
        err.contains(".circleci/fifo.yml: a FIFO, not a regular file"),
        "{err}"
    );
    assert!(
        err.contains(".circleci/zero.yml: a device, not a regular file"),
        "{err}"
    );
    assert!(
        err.contains("loop/again: a loop of symbolic links"),
        "{err}"
    );
    assert!(stdout(&o).contains("Checked 1 file"), "{}", stdout(&o));
    // Named on the command line, the same.
    let o = run_in(&dir, &["check", ".circleci/fifo.yml", ".circleci/zero.yml"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("a FIFO"), "{}", stderr(&o));
    assert!(stderr(&o).contains("a device"), "{}", stderr(&o));
}

#[test]
fn linked_configs_and_folders_are_checked() {
    let dir = scratch("reads-links");
    write(&dir.join("shared/ci.yml"), UNDEFINED_JOB);
    link("../../shared/ci.yml", &dir.join("app/.circleci/config.yml"));
    // A link to nothing where a config should be is reported, not passed over.
    link("../nowhere.yml", &dir.join("gone/.circleci/config.yml"));
    let o = run_in(&dir, &["check", "gone"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("gone/.circleci/config.yml: no such file"),
        "{}",
        stderr(&o)
    );
    write(&dir.join("real/.circleci/config.yml"), UNDEFINED_JOB);
    link("real", &dir.join("alias"));
    let o = run_in(&dir, &["check", "app", "alias"]);
    assert_eq!(code(&o), 1, "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("app/.circleci/config.yml:9:"), "{out}");
    assert!(out.contains("alias/.circleci/config.yml:9:"), "{out}");
}

#[test]
fn an_unreadable_folder_is_reported_and_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("reads-unreadable");
    write(&dir.join("ok/.circleci/config.yml"), CLEAN);
    let locked = dir.join("locked");
    write(&locked.join(".circleci/config.yml"), UNDEFINED_JOB);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let mut cmd = bin();
    cmd.current_dir(&dir).args(["check", "."]);
    as_a_user(&mut cmd, &dir);
    let o = run(cmd);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let err = stderr(&o);
    assert_eq!(code(&o), 2, "{}\n{err}", stdout(&o));
    assert!(err.contains("locked: permission denied"), "{err}");
}

#[test]
fn a_fifo_project_file_or_orb_file_is_refused_without_hanging() {
    let dir = scratch("reads-fifo-toml");
    std::fs::create_dir_all(dir.join(".git")).expect("repository");
    write(&dir.join(".circleci/config.yml"), CLEAN);
    mkfifo(&dir.join("circleci-ls.toml"));
    let o = run_in(&dir, &["check"]);
    assert_eq!(code(&o), 2, "{}\n{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("circleci-ls.toml"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a FIFO, not a regular file"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_file(dir.join("circleci-ls.toml")).expect("remove");
    let orbs = dir.join("orbs/acme/tools");
    mkfifo(&orbs.join("1.0.0.yml"));
    link("/dev/zero", &orbs.join("1.1.0.yml"));
    let o = run_in(&dir, &["check", "--orb-dir", "orbs"]);
    assert!(stderr(&o).contains("1.0.0.yml: a FIFO"), "{}", stderr(&o));
    assert!(stderr(&o).contains("1.1.0.yml: a device"), "{}", stderr(&o));
    assert!(stdout(&o).contains("Checked 1 file"), "{}", stdout(&o));
}

/// Runs a prepared command with a deadline, so a hang fails instead of blocking the suite.
fn run(mut cmd: Command) -> Output {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
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

/// Makes `cmd` run as a user whom permissions apply to: `nobody` when the tests run as
/// root (root reads every folder), the test's own user otherwise.
fn as_a_user(cmd: &mut Command, dir: &Path) {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::process::CommandExt;
    let probe = dir.join(".owner-probe");
    write(&probe, "");
    let root = std::fs::metadata(&probe)
        .map(|m| m.uid() == 0)
        .unwrap_or(false);
    let _ = std::fs::remove_file(&probe);
    if root {
        cmd.uid(65534).gid(65534);
    }
}
