//! Running the real binary as a command: scratch folders, a deadline, output as text or JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

/// A fresh directory under Cargo's per-test temp dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create parent");
    }
    std::fs::write(path, text).expect("write file");
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_circleci-ls"));
    c.env_remove("NO_COLOR").stdin(Stdio::null());
    c
}

/// Runs the binary in `dir` with a deadline, so a hang fails instead of blocking the suite.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    run_with_stdin(dir, args, None)
}

pub fn run_with_stdin(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = bin();
    cmd.current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if stdin.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd.spawn().expect("start circleci-ls");
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(text.as_bytes()).expect("write stdin");
    }
    // Output is collected on another thread, so a full pipe never stalls the child and a
    // hang fails the test instead of blocking the suite.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(output) => output.expect("collect output"),
        Err(_) => panic!("circleci-ls {args:?} did not finish within 120 s"),
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn json_findings(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = run_in(dir, &all);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&o), stderr(&o)));
    v.as_array().cloned().unwrap_or_default()
}

pub fn codes(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        .filter_map(|f| f["code"].as_str().map(str::to_string))
        .collect()
}
