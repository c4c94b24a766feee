//! The server reading the disk: FIFOs and devices in orb folders and as project files never
//! hang it, storms of watched-file events are one read and one message per problem, and
//! files no open document depends on are not read.

// Test helpers outside #[test] functions may fail loudly too: a failed setup is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{full_capabilities, Client};
use serde_json::{json, Value};

const UNDEFINED_JOB: &str = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build, deploy]\n";

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("wire-disk")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).expect("create scratch repository");
    dir
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

fn watching_client(options: Value) -> Client {
    let mut caps = full_capabilities();
    caps["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": true});
    let (mut client, _) = Client::start(caps, options);
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    client.send(&json!({"jsonrpc": "2.0", "id": registration["id"], "result": null}));
    client
}

/// Lets the server finish what it is doing, keeping its notifications.
fn settle(client: &mut Client) {
    let _ = client.try_wait_for(|_| false, Duration::from_millis(600));
}

fn shown(client: &Client) -> Vec<String> {
    client
        .notifications
        .iter()
        .filter(|n| n["method"] == "window/showMessage")
        .map(|n| {
            n["params"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

fn logged(client: &Client) -> String {
    client
        .notifications
        .iter()
        .filter(|n| n["method"] == "window/logMessage")
        .map(|n| n["params"]["message"].as_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn fifos_and_devices_in_an_orb_folder_are_refused_and_initialize_is_answered() {
    let dir = scratch("orb-folder");
    let orbs = dir.join("orbs/acme/tools");
    std::fs::create_dir_all(&orbs).expect("folders");
    mkfifo(&orbs.join("1.0.0.yml"));
    std::os::unix::fs::symlink("/dev/zero", orbs.join("1.1.0.yml")).expect("link");
    let mut client = watching_client(json!({"orbDirs": [dir.join("orbs")]}));
    let uri = file_uri(&dir.join(".circleci/config.yml"));
    client.open(&uri, UNDEFINED_JOB);
    let diagnostics = client.diagnostics(&uri, None);
    assert!(diagnostics.iter().any(|d| d["code"] == "undefined-job"));
    settle(&mut client);
    let log = logged(&client);
    assert!(
        log.contains("1.0.0.yml: a FIFO, not a regular file"),
        "{log}"
    );
    assert!(
        log.contains("1.1.0.yml: a device, not a regular file"),
        "{log}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_fifo_project_file_in_a_watched_event_is_refused_once() {
    let dir = scratch("fifo-toml");
    let uri = file_uri(&dir.join(".circleci/config.yml"));
    let mut client = watching_client(json!({}));
    client.open(&uri, UNDEFINED_JOB);
    client.diagnostics(&uri, None);
    let toml = dir.join("circleci-ls.toml");
    mkfifo(&toml);
    for _ in 0..20 {
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(&toml), "type": 1}]}),
        );
    }
    // Still answering, with one message for the file.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(symbols.is_array(), "{symbols}");
    settle(&mut client);
    let messages = shown(&client);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("a FIFO, not a regular file"),
        "{messages:?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn an_event_storm_is_one_read_and_one_message_per_problem() {
    let dir = scratch("storm");
    let toml = dir.join("circleci-ls.toml");
    std::fs::write(&toml, "[rules]\nundefined-job = \"loud\"\n").expect("write toml");
    // A broken project file no open document is below: never read, never reported.
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("folder");
    let other = elsewhere.join("circleci-ls.toml");
    std::fs::write(&other, "not toml at all [").expect("write toml");
    let uri = file_uri(&dir.join(".circleci/config.yml"));
    let mut client = watching_client(json!({}));
    client.open(&uri, UNDEFINED_JOB);
    client.diagnostics(&uri, None);
    settle(&mut client);
    assert_eq!(shown(&client).len(), 1, "{:?}", shown(&client));
    client.notifications.clear();
    // 1,000 events in one notification, then 100 notifications: no new message.
    let changes: Vec<Value> = (0..1_000)
        .map(|i| {
            let target = if i % 2 == 0 { &toml } else { &other };
            json!({"uri": file_uri(target), "type": 2})
        })
        .collect();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": changes}),
    );
    for _ in 0..100 {
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(&toml), "type": 2}, {"uri": "file:///dev/zero", "type": 2}]}),
        );
    }
    settle(&mut client);
    assert_eq!(shown(&client), Vec::<String>::new());
    // A new problem in the same file is a new message; fixing it and breaking it again too.
    std::fs::write(&toml, "[rules]\nundefined-job = \"louder\"\n").expect("write toml");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&toml), "type": 2}]}),
    );
    settle(&mut client);
    let messages = shown(&client);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("louder"), "{messages:?}");
    assert!(!messages[0].contains("elsewhere"), "{messages:?}");
    std::fs::write(&toml, "[rules]\nundefined-job = \"off\"\n").expect("write toml");
    client.notifications.clear();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&toml), "type": 2}]}),
    );
    let diagnostics = client.diagnostics(&uri, None);
    assert!(!diagnostics.iter().any(|d| d["code"] == "undefined-job"));
    std::fs::write(&toml, "[rules]\nundefined-job = \"louder\"\n").expect("write toml");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&toml), "type": 2}]}),
    );
    settle(&mut client);
    let messages = shown(&client);
    assert_eq!(
        messages.len(),
        1,
        "shown again after it was fixed: {messages:?}"
    );
    assert!(messages[0].contains("louder"), "{messages:?}");
    assert_eq!(client.shutdown(), Some(0));
}
