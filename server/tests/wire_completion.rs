//! Completion where people edit, through the real binary: inside a key or name already written
//! (the text edit's range covers the whole token, in UTF-16 columns, and no second colon goes
//! in), under a list item's `- ` where editors leave the cursor after Enter (the text edit also
//! fixes the indentation), and the quick-fix of a key left at the dash's column.

// Test helpers panic with what they looked for, like the tests that call them.
#![allow(clippy::panic)]

mod common;

use common::{full_capabilities, pos, range, uri, Client};
use serde_json::{json, Value};

fn complete(client: &mut Client, u: &str, line: u32, character: u32) -> Vec<Value> {
    let result = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": pos(line, character)}),
    );
    result["items"].as_array().cloned().unwrap_or_default()
}

fn labelled<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == json!(label))
        .unwrap_or_else(|| {
            let labels: Vec<&Value> = items.iter().map(|i| &i["label"]).collect();
            panic!("no {label} in {labels:?}")
        })
}

const STEPS: &str = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n      - store_artifacts:\n          path: dist\n      - {run: {name: \"日本 build\", command: make}}\n";

#[test]
fn inside_a_written_key_the_edit_replaces_all_of_it() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, STEPS);
    client.diagnostics(&u, Some(1));
    // `- store_art|ifacts:`: another step replaces the whole name and keeps the colon.
    let items = complete(&mut client, &u, 7, 17);
    let results = labelled(&items, "store_test_results");
    assert_eq!(results["textEdit"]["range"], range(7, 8, 7, 23));
    assert_eq!(results["textEdit"]["newText"], json!("store_test_results"));
    assert_eq!(results["insertTextFormat"], json!(1));
    // In a flow mapping, after characters of three UTF-8 bytes and one UTF-16 unit: `comm|and`.
    let items = complete(&mut client, &u, 9, 37);
    let command = labelled(&items, "command");
    assert_eq!(command["textEdit"]["range"], range(9, 33, 9, 40));
    assert_eq!(command["textEdit"]["newText"], json!("command"));
}

const IMAGE: &str = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20.11\n    steps: [checkout]\n";

#[test]
fn under_a_list_items_dash_the_edit_fixes_the_indentation() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, IMAGE);
    client.diagnostics(&u, Some(1));
    // Enter at the end of the image line, then `au`: the editor leaves it under the `- `.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"range": range(4, 30, 4, 30), "text": "\n      au"}]}),
    );
    let broken = client.diagnostics(&u, Some(2));
    assert!(broken.iter().any(|d| d["code"] == json!("yaml-syntax")));
    let items = complete(&mut client, &u, 5, 8);
    let auth = labelled(&items, "auth");
    assert_eq!(auth["preselect"], json!(true));
    assert_eq!(auth["textEdit"]["range"], range(5, 6, 5, 8));
    let new_text = auth["textEdit"]["newText"].as_str().unwrap_or("");
    assert!(
        new_text.starts_with("  auth:\n    username: "),
        "{new_text}"
    );
    // Inserted as the editor would, placeholders at their defaults, later lines indented
    // like the cursor's line.
    let inserted = new_text
        .replace("${1:\\$DOCKERHUB_USERNAME}", "$DOCKERHUB_USERNAME")
        .replace("${2:\\$DOCKERHUB_PASSWORD}", "$DOCKERHUB_PASSWORD")
        .replace('\n', "\n      ");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"range": auth["textEdit"]["range"], "text": inserted}]}),
    );
    let fixed = client.diagnostics(&u, Some(3));
    assert!(
        !fixed.iter().any(|d| d["code"] == json!("yaml-syntax")),
        "{fixed:?}"
    );
}

#[test]
fn a_key_at_the_dash_column_has_the_fix_that_indents_it() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    let text = IMAGE.replace(
        "    steps:",
        "      auth:\n        username: $U\n        password: $P\n    steps:",
    );
    client.open(&u, &text);
    let diags = client.diagnostics(&u, Some(1));
    let syntax = diags
        .iter()
        .find(|d| d["code"] == json!("yaml-syntax"))
        .expect("a syntax error");
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": syntax["range"], "context": {"diagnostics": [syntax]}}),
    );
    let indent = actions
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|x| x["title"] == json!("Indent `auth` 2 more spaces, onto the item above"))
        })
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(indent["isPreferred"], json!(true));
    let edits = &indent["edit"]["documentChanges"][0]["edits"];
    let starts: Vec<&Value> = edits
        .as_array()
        .map(|e| e.iter().map(|x| &x["range"]["start"]).collect())
        .unwrap_or_default();
    assert_eq!(starts, [&pos(5, 0), &pos(6, 0), &pos(7, 0)]);
}
