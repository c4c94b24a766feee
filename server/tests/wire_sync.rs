//! Document sync that cannot diverge quietly: a `didChange` batch is applied whole, however
//! long, or the document is marked out of step, with one message asking to reopen it.

mod common;

use std::time::Duration;

use common::{full_capabilities, pos, range, uri, Client};
use serde_json::{json, Value};

const CONFIG: &str = "version: 2.1\njobs:\n  build:\n    docker: [{image: cimg/base:2024.01}]\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";
const BROKEN: &str = "version: 2.1\njobs:\n  build:\n    docker: [\n";

fn change(client: &mut Client, uri: &str, version: i64, changes: Vec<Value>) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
    );
}

fn messages(client: &Client) -> Vec<String> {
    client
        .notifications
        .iter()
        .filter(|n| n["method"] == "window/showMessage")
        .map(|n| n["params"]["message"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn twelve_thousand_changes_in_one_batch_are_all_applied() {
    // Issue #20: a batch of more than 10,000 changes was dropped whole, and nothing said so.
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, CONFIG);
    let clean = client.diagnostics(&u, Some(1));
    let insert = json!({"range": range(0, 0, 0, 0), "text": "x"});
    change(&mut client, &u, 2, vec![insert; 12_000]);
    assert_ne!(client.diagnostics(&u, Some(2)), clean);
    // Removing the 12,000 characters one by one gives the first text back.
    let delete = json!({"range": range(0, 0, 0, 1), "text": ""});
    change(&mut client, &u, 3, vec![delete; 12_000]);
    assert_eq!(client.diagnostics(&u, Some(3)), clean);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_change_past_the_end_puts_the_document_out_of_step_with_one_message() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, BROKEN);
    assert!(!client.diagnostics(&u, Some(1)).is_empty());
    // The first change is fine; the second names line 51 of a 5-line text: neither is applied.
    let fine = json!({"range": range(0, 0, 0, 0), "text": "# a comment\n"});
    let past = json!({"range": range(50, 0, 50, 0), "text": "x"});
    change(&mut client, &u, 2, vec![fine, past]);
    let shown = client.wait_for(|m| m["method"] == "window/showMessage");
    let text = shown["params"]["message"].as_str().unwrap_or("");
    assert!(
        text.contains("config.yml") && text.contains("reopen"),
        "{text}"
    );
    assert!(text.contains("line 51"), "{text}");
    // Its findings are withdrawn: their places may be wrong now.
    assert!(client.diagnostics(&u, None).is_empty());
    // Later edits cannot be placed; they change nothing and say nothing more.
    for version in 3..6 {
        let edit = json!({"range": range(0, 0, 0, 0), "text": "x"});
        change(&mut client, &u, version, vec![edit]);
    }
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(0, 0)}),
    );
    let quiet = client.try_wait_for(
        |m| m["method"] == "window/showMessage" || m["method"] == "textDocument/publishDiagnostics",
        Duration::from_millis(500),
    );
    assert!(quiet.is_none(), "{quiet:?}");
    assert!(messages(&client).is_empty());
    // A whole text brings it back.
    change(&mut client, &u, 6, vec![json!({"text": CONFIG})]);
    let clean = client.diagnostics(&u, Some(6));
    assert!(
        clean.iter().all(|d| d["code"] != "yaml-syntax"),
        "{clean:?}"
    );
    let bracket = json!({"range": range(3, 12, 3, 12), "text": "["});
    change(&mut client, &u, 7, vec![bracket]);
    let broken = client.diagnostics(&u, Some(7));
    assert!(
        broken.iter().any(|d| d["code"] == "yaml-syntax"),
        "{broken:?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn an_older_version_puts_the_document_out_of_step() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "yaml", "version": 5, "text": CONFIG}}),
    );
    let _ = client.diagnostics(&u, Some(5));
    change(
        &mut client,
        &u,
        4,
        vec![json!({"range": range(0, 0, 0, 0), "text": "x"})],
    );
    let shown = client.wait_for(|m| m["method"] == "window/showMessage");
    let text = shown["params"]["message"].as_str().unwrap_or("");
    assert!(text.contains("version 4 after version 5"), "{text}");
    // Reopened, it is checked again.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    client.open(&u, BROKEN);
    assert!(!client.diagnostics(&u, Some(1)).is_empty());
    assert_eq!(client.shutdown(), Some(0));
}
