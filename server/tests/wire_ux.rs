//! Wire tests for what users see: message lengths, links to the rule docs, feedback while the
//! YAML is broken, completion that flows and quick-fix titles.

mod common;

use common::{full_capabilities, pos, range, uri, Client};
use serde_json::{json, Value};

/// A config with several findings of different rules.
const FINDINGS: &str = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20.11\n      - image: quay.io/acme/db:1\n        auth:\n          username: robot\n          password: hunter2\n    steps:\n      - checkout\n      - run: docker pull redis:7\nworkflows:\n  main:\n    jobs: [build]\n";

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn diagnostics_are_short_and_link_to_their_rule() {
    let mut caps = full_capabilities();
    caps["textDocument"]["publishDiagnostics"]["codeDescriptionSupport"] = json!(true);
    let (mut client, _) = Client::start(caps, Value::Null);
    let u = uri("config.yml");
    client.open(&u, FINDINGS);
    let diags = client.diagnostics(&u, Some(1));
    assert!(diags.len() >= 3, "{diags:?}");
    for d in &diags {
        let message = d["message"].as_str().unwrap_or("");
        assert!(message.chars().count() <= 120, "{message}");
        let code = d["code"].as_str().unwrap_or("");
        let href = d["codeDescription"]["href"].as_str().unwrap_or("");
        assert!(
            href.starts_with("https://") && href.ends_with(&format!("docs/rules.md#{code}")),
            "{d}"
        );
    }
}

#[test]
fn no_code_description_for_clients_that_do_not_ask() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, FINDINGS);
    let diags = client.diagnostics(&u, Some(1));
    assert!(!diags.is_empty());
    assert!(
        diags.iter().all(|d| d.get("codeDescription").is_none()),
        "{diags:?}"
    );
}

#[test]
fn findings_stay_while_a_keystroke_breaks_the_yaml() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, FINDINGS);
    let before = client.diagnostics(&u, Some(1));
    assert!(codes(&before).contains(&"literal-secret".to_string()));
    // Typing `auth:` at the indentation the editor gives, under the first image.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"range": range(5, 0, 5, 0), "text": "      auth:\n"}]}),
    );
    let during = client.diagnostics(&u, Some(2));
    let during_codes = codes(&during);
    assert!(
        during_codes.contains(&"yaml-syntax".to_string()),
        "{during:?}"
    );
    let secret = during
        .iter()
        .find(|d| d["code"] == json!("literal-secret"))
        .expect("the literal password is still reported");
    // It moved down one line with the text.
    assert_eq!(secret["range"]["start"]["line"], json!(9));
    let syntax = during
        .iter()
        .find(|d| d["code"] == json!("yaml-syntax"))
        .and_then(|d| d["message"].as_str())
        .unwrap_or("");
    assert!(
        syntax.contains("`auth`") && !syntax.contains("While parsing"),
        "{syntax}"
    );
    // Finishing the block fixes the YAML; the analysis is whole again.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"range": range(5, 0, 6, 0), "text": ""}]}),
    );
    let after = client.diagnostics(&u, Some(3));
    assert_eq!(codes(&after), codes(&before));
}

fn complete(client: &mut Client, u: &str, line: u32, character: u32) -> Vec<Value> {
    let result = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": pos(line, character)}),
    );
    result["items"].as_array().cloned().unwrap_or_default()
}

const IN_AUTH: &str = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20\n        auth:\n          \n";

#[test]
fn accepting_a_key_reopens_suggestions_when_the_client_names_a_command() {
    let options = json!({"completion": {"retriggerCommand": "editor.action.triggerSuggest"}});
    let (mut client, _) = Client::start(full_capabilities(), options);
    let u = uri("config.yml");
    client.open(&u, IN_AUTH);
    client.diagnostics(&u, Some(1));
    let items = complete(&mut client, &u, 6, 10);
    let username = items
        .iter()
        .find(|i| i["label"] == json!("username"))
        .expect("username offered");
    assert_eq!(username["insertTextFormat"], json!(1));
    assert_eq!(username["textEdit"]["newText"], json!("username: "));
    assert_eq!(
        username["command"]["command"],
        json!("editor.action.triggerSuggest")
    );
    // The value list for `password` holds password variables only.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"range": range(6, 10, 6, 10), "text": "username: $DOCKERHUB_USERNAME\n          password: "}]}),
    );
    client.diagnostics(&u, Some(2));
    let labels: Vec<String> = complete(&mut client, &u, 7, 20)
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect();
    assert!(
        labels.contains(&"$DOCKERHUB_PASSWORD".to_string()),
        "{labels:?}"
    );
    assert!(
        !labels.contains(&"$DOCKERHUB_USERNAME".to_string()),
        "{labels:?}"
    );
}

#[test]
fn no_command_for_clients_that_did_not_name_one() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, IN_AUTH);
    client.diagnostics(&u, Some(1));
    let items = complete(&mut client, &u, 6, 10);
    assert!(!items.is_empty());
    assert!(
        items.iter().all(|i| i.get("command").is_none()),
        "{items:?}"
    );
}

#[test]
fn quick_fixes_are_short_plain_and_come_before_ignore_actions() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    let text = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build, deploy]\n";
    client.open(&u, text);
    let diags = client.diagnostics(&u, Some(1));
    let undefined = diags
        .iter()
        .find(|d| d["code"] == json!("undefined-job"))
        .cloned()
        .expect("undefined-job reported");
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": undefined["range"], "context": {"diagnostics": [undefined]}}),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["title"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(titles.first(), Some(&"Create job deploy"), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Ignore")), "{titles:?}");
    let first_ignore = titles.iter().position(|t| t.starts_with("Ignore"));
    let last_fix = titles.iter().rposition(|t| !t.starts_with("Ignore"));
    assert!(last_fix < first_ignore, "{titles:?}");
    for t in &titles {
        assert!(t.chars().count() <= 60 && !t.contains('`'), "{t}");
    }
}

/// The editor tests' `flow` checks (tests/editors/fixtures/expectations.json) hold against
/// the server itself, so an editor failure points at the editor side.
#[test]
fn the_editor_tests_flow_expectations_hold_on_the_wire() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/editors/fixtures");
    let spec: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("expectations.json")).expect("expectations.json"),
    )
    .expect("valid JSON");
    let flow = &spec["flow"];
    let text = std::fs::read_to_string(
        root.join("workspace")
            .join(spec["valid"]["file"].as_str().expect("valid.file")),
    )
    .expect("the valid fixture");
    let mut caps = full_capabilities();
    caps["textDocument"]["publishDiagnostics"]["codeDescriptionSupport"] = json!(true);
    let options = json!({"completion": {"retriggerCommand": flow["retriggerCommand"]}});
    let (mut client, _) = Client::start(caps, options);
    let u = uri("valid.yml");
    client.open(&u, &text);
    let diags = client.diagnostics(&u, Some(1));
    let max = flow["maxMessageLength"].as_u64().unwrap_or(0) as usize;
    for d in &diags {
        assert!(
            d["message"].as_str().unwrap_or("").chars().count() <= max,
            "{d}"
        );
    }
    let link = flow["ruleLink"].as_str().unwrap_or("?");
    assert!(
        diags.iter().any(|d| d["codeDescription"]["href"]
            .as_str()
            .is_some_and(|h| h.ends_with(link))),
        "{diags:?}"
    );
    let at = &flow["breakAt"];
    let line = at["line"].as_u64().unwrap_or(0) as u32;
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"range": range(line, 0, line, 0), "text": flow["breakText"]}]}),
    );
    let broken = client.diagnostics(&u, Some(2));
    let syntax = broken
        .iter()
        .find(|d| d["code"] == json!("yaml-syntax"))
        .and_then(|d| d["message"].as_str())
        .unwrap_or("");
    assert!(
        syntax.contains(flow["syntaxMentions"].as_str().unwrap_or("?")),
        "{syntax}"
    );
    assert!(
        broken
            .iter()
            .any(|d| d["code"] == spec["valid"]["finding"]["code"]),
        "{broken:?}"
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"range": range(line, 0, line + 1, 0), "text": flow["authText"]}]}),
    );
    let fixed = client.diagnostics(&u, Some(3));
    assert!(
        !fixed.iter().any(|d| d["code"] == json!("yaml-syntax")),
        "{fixed:?}"
    );
    let c = &flow["completion"];
    let items = complete(
        &mut client,
        &u,
        c["line"].as_u64().unwrap_or(0) as u32,
        c["character"].as_u64().unwrap_or(0) as u32,
    );
    let key = items
        .iter()
        .find(|i| i["label"] == flow["plainKey"]["label"])
        .expect("the plain key is offered");
    assert_eq!(key["textEdit"]["newText"], flow["plainKey"]["newText"]);
    assert_eq!(key["command"]["command"], flow["retriggerCommand"]);
}
