//! The server with a project configuration file and the fix-all action, driven over stdio.

// Test helpers outside #[test] functions may fail loudly too: a failed setup is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{full_capabilities, Client};
use serde_json::{json, Value};

const UNDEFINED_JOB: &str = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build, deploy]\n";
const SECRET: &str = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01 # base\n        auth:\n          username: me\n          password: hunter2\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("wire")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).expect("create scratch repository");
    dir
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn undefined_job_severity(diagnostics: &[Value]) -> Option<i64> {
    diagnostics
        .iter()
        .find(|d| d["code"] == "undefined-job")
        .and_then(|d| d["severity"].as_i64())
}

#[test]
fn project_file_applies_reloads_and_yields_to_editor_settings() {
    let dir = scratch("project");
    let toml = dir.join("circleci-ls.toml");
    std::fs::write(&toml, "[rules]\nundefined-job = \"warning\"\n").expect("write toml");
    let mut caps = full_capabilities();
    caps["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": true});
    let (mut client, init) = Client::start(caps, json!({}));
    assert!(
        init["capabilities"]["codeActionProvider"]["codeActionKinds"]
            .as_array()
            .is_some_and(|k| k.contains(&json!("source.fixAll.circleci-ls")))
    );
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    client.send(&json!({"jsonrpc": "2.0", "id": registration["id"], "result": null}));
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    let uri = file_uri(&dir.join(".circleci/config.yml"));
    client.open(&uri, UNDEFINED_JOB);
    assert_eq!(
        undefined_job_severity(&client.diagnostics(&uri, None)),
        Some(2)
    );

    // A broken file: one message naming the place, and the last good settings stay.
    std::fs::write(&toml, "[rules]\nundefined-job = \"loud\"\n").expect("write toml");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&toml), "type": 2}]}),
    );
    let message = client.wait_for(|m| m["method"] == "window/showMessage");
    let text = message["params"]["message"].as_str().unwrap_or_default();
    assert!(text.contains("circleci-ls.toml:2:17: "), "{text}");
    assert_eq!(
        undefined_job_severity(&client.diagnostics(&uri, None)),
        Some(2)
    );

    // Fixed: the new levels apply at once.
    std::fs::write(&toml, "[rules]\nundefined-job = \"off\"\n").expect("write toml");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&toml), "type": 2}]}),
    );
    assert_eq!(
        undefined_job_severity(&client.diagnostics(&uri, None)),
        None
    );

    // Editor settings win over the file, rule by rule.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"circleci-ls": {"rules": {"undefined-job": "hint"}}}}),
    );
    assert_eq!(
        undefined_job_severity(&client.diagnostics(&uri, None)),
        Some(4)
    );
    assert!(
        !client
            .notifications
            .iter()
            .any(|n| n["method"] == "window/showMessage"),
        "the broken file was reported once"
    );
}

/// Applies LSP text edits to an ASCII text.
fn apply(text: &str, edits: &[Value]) -> String {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap_or(0) as usize;
        let col = p["character"].as_u64().unwrap_or(0) as usize;
        starts.get(line).map_or(text.len(), |s| s + col)
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new_text) in spans {
        out.replace_range(start..end, &new_text);
    }
    out
}

/// `source.fixAll` applies the safe fixes only: `parallelism: 1` goes, while the literal
/// password stays, since moving it into a variable takes a value out of the file (issue 19).
#[test]
fn fix_all_code_action_applies_the_safe_fixes() {
    let (mut client, _) = Client::start(full_capabilities(), json!({}));
    let uri = common::uri("config.yml");
    let text = SECRET.replace(
        "    steps: [checkout]\n",
        "    parallelism: 1\n    steps: [checkout]\n",
    );
    client.open(&uri, &text);
    client.diagnostics(&uri, None);
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        }),
    );
    let actions = actions.as_array().cloned().unwrap_or_default();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.circleci-ls");
    let edits = actions[0]["edit"]["documentChanges"][0]["edits"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let fixed = apply(&text, &edits);
    assert!(!fixed.contains("parallelism"), "{fixed}");
    assert!(fixed.contains("password: hunter2\n"), "{fixed}");
    // Adding `auth` elsewhere would be unsafe; nothing else changed.
    assert_eq!(fixed, SECRET);
    // Quick-fix requests do not get it.
    let quick = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 7, "character": 20}, "end": {"line": 7, "character": 20}},
            "context": {"diagnostics": [], "only": ["quickfix"]},
        }),
    );
    assert!(quick
        .as_array()
        .is_some_and(|a| a.iter().all(|x| x["kind"] == "quickfix")));
}
