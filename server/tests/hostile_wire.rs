//! Wire tests with a hostile or careless client: broken frames, panics, slow documents, huge
//! requests, clients that never answer, odd URIs. Each drives the real binary over stdio.

mod common;

use std::time::{Duration, Instant};

use common::{full_capabilities, pos, range, uri, Client, Launch};
use serde_json::{json, Value};

const BROKEN: &str = "version: 2.1\njobs:\n  build:\n    docker: [\n";
const CONFIG: &str = "version: 2.1\njobs:\n  build:\n    docker: [{image: cimg/base:2024.01}]\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";

fn hooks() -> Launch {
    Launch {
        env: vec![("CIRCLECI_LS_TEST_HOOKS", "1")],
        ..Launch::default()
    }
}

fn frame(body: &str) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

fn hover_body(id: i64, u: &str) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
           "params": {"textDocument": {"uri": u}, "position": pos(0, 0)}})
    .to_string()
}

fn answer(client: &mut Client, id: Value) -> Value {
    client.wait_for(|m| m["id"] == id && m.get("method").is_none())
}

fn code(m: &Value) -> i64 {
    m["error"]["code"].as_i64().unwrap_or(0)
}

/// Waits for one error answer with a null id (a frame the server could not read an id from).
fn null_id_error(client: &mut Client) -> i64 {
    let m = client.wait_for(|m| m["id"].is_null() && m.get("error").is_some());
    code(&m)
}

/// Waits for the answer to `id` and for `errors` null-id error answers, in any order; returns
/// the answer and the errors' codes.
fn answer_and_errors(client: &mut Client, id: i64, errors: usize) -> (Value, Vec<i64>) {
    let (mut found, mut codes) = (None, Vec::new());
    while found.is_none() || codes.len() < errors {
        let m = client
            .wait_for(|m| m.get("method").is_none() && (m["id"] == json!(id) || m["id"].is_null()));
        if m["id"].is_null() {
            codes.push(code(&m));
        } else {
            found = Some(m);
        }
    }
    (found.unwrap_or_default(), codes)
}

#[test]
fn exit_ends_the_process_at_once_with_stdin_open() {
    for _ in 0..10 {
        let (mut client, _) = Client::start(full_capabilities(), Value::Null);
        client.request("shutdown", Value::Null);
        client.notify("exit", Value::Null);
        assert_eq!(client.wait_exit(Duration::from_secs(3)), Some(Some(0)));
    }
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(
        client.wait_exit(Duration::from_secs(3)),
        Some(Some(1)),
        "exit without shutdown is exit code 1"
    );
}

#[test]
fn a_panicking_request_is_answered_with_internal_error_and_the_session_goes_on() {
    let (mut client, _) = Client::start_with(hooks(), full_capabilities());
    for _ in 0..2 {
        let id = client.next_id();
        client.send(&json!({"jsonrpc": "2.0", "id": id, "method": "circleci-ls/$testPanic"}));
        assert_eq!(code(&answer(&mut client, json!(id))), -32603);
    }
    let u = uri("config.yml");
    client.open(&u, BROKEN);
    assert_eq!(client.diagnostics(&u, Some(1)).len(), 1);
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(1, 1)}),
    );
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(Duration::from_secs(3)), Some(Some(0)));
}

#[test]
fn a_panic_in_analysis_becomes_one_internal_error_diagnostic() {
    let (mut client, _) = Client::start_with(hooks(), full_capabilities());
    let u = uri("config.yml");
    client.open(
        &u,
        "version: 2.1\n# circleci-ls-test: panic-in-analysis\njobs: [\n",
    );
    let diags = client.diagnostics(&u, Some(1));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], json!("internal-error"));
    // Requests on the document are still answered, and so are other documents.
    for method in ["textDocument/hover", "textDocument/completion"] {
        client.request(
            method,
            json!({"textDocument": {"uri": u}, "position": pos(1, 3)}),
        );
    }
    let other = uri("other.yml");
    client.open(&other, BROKEN);
    assert_eq!(
        client.diagnostics(&other, Some(1))[0]["code"],
        json!("yaml-syntax")
    );
    // Once the text no longer triggers the panic, the document is checked again.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": BROKEN}]}),
    );
    assert_eq!(
        client.diagnostics(&u, Some(2))[0]["code"],
        json!("yaml-syntax")
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn test_hooks_are_off_without_the_variable() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let id = client.next_id();
    client.send(&json!({"jsonrpc": "2.0", "id": id, "method": "circleci-ls/$testPanic"}));
    assert_eq!(code(&answer(&mut client, json!(id))), -32601);
    let u = uri("config.yml");
    client.open(&u, "version: 2.1\n# circleci-ls-test: panic-in-analysis\n");
    let diags = client.diagnostics(&u, Some(1));
    assert!(
        diags.iter().all(|d| d["code"] != json!("internal-error")),
        "{diags:?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn hostile_frames_each_get_an_answer_and_the_session_goes_on() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, CONFIG);
    client.diagnostics(&u, Some(1));

    // Integer ids tower-lsp-server cannot hold are echoed back as they were sent.
    for id in ["9223372036854775808", "18446744073709551615"] {
        client.send_raw(&frame(&format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{}}}}"#
        )));
        let big: u64 = id.parse().unwrap_or_default();
        assert_eq!(code(&answer(&mut client, json!(big))), -32600);
    }
    // Repeated keys.
    for (n, key) in ["id", "method", "params", "jsonrpc"].iter().enumerate() {
        let id = 500 + n as i64;
        let value = match *key {
            "id" => id.to_string(),
            "params" => "{}".to_string(),
            _ => "\"2.0\"".to_string(),
        };
        client.send_raw(&frame(&format!(
            r#"{{"jsonrpc":"2.0","method":"shutdown","params":{{}},"id":{id},"{key}":{value}}}"#
        )));
        assert_eq!(code(&answer(&mut client, json!(id))), -32600, "{key}");
    }
    // Several garbage frames in a row each get a parse error.
    for body in ["{not json", "]]]", "\u{1}\u{2}"] {
        client.send_raw(&frame(body));
    }
    for _ in 0..3 {
        assert_eq!(null_id_error(&mut client), -32700);
    }
    // A too-short Content-Length, then a good request.
    let body = hover_body(601, &u);
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len() - 10).into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    bytes.extend(frame(&hover_body(602, &u)));
    client.send_raw(&bytes);
    let (ok, errors) = answer_and_errors(&mut client, 602, 1);
    assert!(ok.get("error").is_none(), "{ok}");
    assert_eq!(errors, vec![-32700]);
    // A too-long Content-Length, then a good request.
    for (extra, id) in [(3, 603), (40, 604), (100_000, 605)] {
        let body = hover_body(id, &u);
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len() + extra).into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        bytes.extend(frame(&hover_body(id + 100, &u)));
        client.send_raw(&bytes);
        let (ok, errors) = answer_and_errors(&mut client, id + 100, 1);
        assert!(ok.get("error").is_none(), "{ok}");
        assert_eq!(errors, vec![-32700], "{extra} bytes too long");
    }
    // Header blocks without a usable Content-Length, and a 2 MB header line.
    let long_line = format!("X-Junk: {}\r\n\r\n", "j".repeat(2 * 1024 * 1024));
    for (header, id) in [
        ("Content-Length: lots\r\n\r\n".to_string(), 801),
        ("X-Only: this\r\n\r\n".to_string(), 802),
        (long_line, 803),
    ] {
        let mut bytes = header.into_bytes();
        bytes.extend_from_slice(hover_body(id + 50, &u).as_bytes());
        bytes.extend(frame(&hover_body(id, &u)));
        client.send_raw(&bytes);
        let (ok, errors) = answer_and_errors(&mut client, id, 1);
        assert!(ok.get("error").is_none(), "{ok}");
        assert_eq!(errors, vec![-32700], "{id}");
    }
    // `$/` requests the server does not support.
    let r = client.request_raw("$/nonsense", json!({}));
    assert_eq!(code(&r), -32601);
    client.notify("$/setTrace", json!({"value": "off"}));
    client.notify("$/cancelRequest", json!({"id": 12345}));
    // Still serving.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(2, 3)}),
    );
    assert!(hover.to_string().contains("build"), "{hover}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn unanswered_client_requests_do_not_hold_the_session() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, BROKEN);
    client.diagnostics(&u, Some(1));
    client.answer_server_requests = false;
    for _ in 0..6 {
        client.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    }
    let start = Instant::now();
    for _ in 0..5 {
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": pos(1, 1)}),
        );
    }
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    // Collect what the server asked meanwhile: one workspace/configuration at a time.
    client.try_wait_for(|_| false, Duration::from_millis(500));
    let asked: Vec<&Value> = client
        .server_requests
        .iter()
        .filter(|r| r["method"] == json!("workspace/configuration"))
        .collect();
    assert_eq!(asked.len(), 1, "{asked:?}");
    // The unanswered request times out (5 s); the settings changes that came meanwhile make
    // the server ask once more.
    let again = client.try_wait_for(
        |m| m["method"] == json!("workspace/configuration"),
        Duration::from_secs(10),
    );
    assert!(
        again.is_some(),
        "no second workspace/configuration after the timeout"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn analysis_runs_off_the_request_loop_and_newer_versions_supersede_queued_ones() {
    let (mut client, _) = Client::start_with(hooks(), full_capabilities());
    let other = uri("config.yml");
    client.open(&other, BROKEN);
    client.diagnostics(&other, Some(1));
    let slow = uri("slow.yml");
    let slow_text = |n: u32| format!("# circleci-ls-test: slow-analysis\n# edit {n}\njobs: [\n");
    let start = Instant::now();
    client.open(&slow, &slow_text(1));
    // Another document answers while the slow one is analysed (1.5 s).
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": other}, "position": pos(1, 1)}),
    );
    assert!(
        start.elapsed() < Duration::from_millis(1000),
        "{:?}",
        start.elapsed()
    );
    for version in 2..=6 {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": slow, "version": version},
                   "contentChanges": [{"text": slow_text(version)}]}),
        );
    }
    let diags = client.diagnostics(&slow, Some(6));
    assert!(
        diags.iter().any(|d| d["code"] == json!("yaml-syntax")),
        "{diags:?}"
    );
    // Version 1 was being analysed and version 6 came next: two analyses, not six.
    assert!(
        start.elapsed() < Duration::from_millis(6000),
        "{:?}",
        start.elapsed()
    );
    let stale: Vec<&Value> = client
        .notifications
        .iter()
        .filter(|n| n["params"]["uri"] == json!(slow))
        .collect();
    assert!(stale.is_empty(), "diagnostics for old versions: {stale:?}");
    // `shutdown` and `exit` answer at once while an analysis runs.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": slow, "version": 7},
               "contentChanges": [{"text": slow_text(7)}]}),
    );
    let start = Instant::now();
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(Duration::from_secs(3)), Some(Some(0)));
    assert!(
        start.elapsed() < Duration::from_millis(1000),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn one_request_cannot_ask_for_unbounded_work() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    let mut text = String::from("version: 2.1\njobs:\n  build:\n    docker: [{image: cimg/base:2024.01}]\n    steps: [checkout]\n");
    for i in 0..600 {
        text += &format!("    unknown_key_{i}: 1\n");
    }
    client.open(&u, &text);
    client.diagnostics(&u, Some(1));
    // Selection ranges: 100,000 positions are refused at once, a few are answered.
    let many: Vec<Value> = (0..100_000).map(|i| pos(i % 600, 2)).collect();
    let start = Instant::now();
    let r = client.request_raw(
        "textDocument/selectionRange",
        json!({"textDocument": {"uri": u}, "positions": many}),
    );
    assert_eq!(code(&r), -32803, "{}", r["error"]);
    // Before the limit this took 28 s and 2 GB in a release build.
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    let few = client.request(
        "textDocument/selectionRange",
        json!({"textDocument": {"uri": u}, "positions": [pos(1, 2), pos(2, 2)]}),
    );
    assert_eq!(few.as_array().map(Vec::len), Some(2));
    // A whole-document code action answers at most 1,000 actions (600 findings have 1,800).
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": range(0, 0, 700, 0),
               "context": {"diagnostics": []}}),
    );
    assert_eq!(actions.as_array().map(Vec::len), Some(1000));
    // A didChange with more than 10,000 changes is applied whole (issue #20; see wire_sync.rs).
    // A document over the size limit gets one clear diagnostic.
    let big = uri("big.yml");
    let line = format!("# {}\n", "x".repeat(1022));
    client.open(&big, &line.repeat(5 * 1024));
    let diags = client.diagnostics(&big, Some(1));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], json!("file-too-large"));
    assert_eq!(
        diags[0]["message"],
        json!("file too large to analyse: 5.0 MB, limit 4 MB")
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn semantic_tokens_of_a_pathological_file_are_cut_at_the_limit() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    // 250,000 `$A` on one script line: a token each, 50,000 more than one answer holds.
    let text = format!(
        "version: 2.1\njobs:\n  build:\n    machine: true\n    steps:\n      - run: echo {}\n",
        "$A".repeat(250_000)
    );
    client.open(&u, &text);
    client.diagnostics(&u, Some(1));
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": u}}),
    );
    let data = tokens["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(data.len(), 5 * 200_000);
    // The answer is the start of the whole one: it ends with a variable 2 columns after the
    // one before, 2 columns long.
    let last = data.len() - 5;
    assert_eq!(data[last..last + 3], [json!(0), json!(2), json!(2)]);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn trace_logs_methods_ids_and_sizes_never_bodies() {
    let launch = Launch {
        env: vec![("CIRCLECI_LS_LOG", "trace")],
        capture_stderr: true,
    };
    let (mut client, _) = Client::start_with(launch, full_capabilities());
    let u = uri("config.yml");
    let secret = "ghp_Zq9Xw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0EdCbAz";
    let text = format!("version: 2.1\njobs:\n  build:\n    environment:\n      TOKEN: {secret}\n");
    client.open(&u, &text);
    client.diagnostics(&u, Some(1));
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(4, 8)}),
    );
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(Duration::from_secs(3)), Some(Some(0)));
    std::thread::sleep(Duration::from_millis(200));
    let log = client.stderr();
    for expected in [
        "textDocument/didOpen",
        "textDocument/hover",
        "textDocument/publishDiagnostics",
        "bytes=",
    ] {
        assert!(
            log.contains(expected),
            "{expected} missing from the log:\n{log}"
        );
    }
    for leaked in [secret, "jobs:", "environment"] {
        assert!(!log.contains(leaked), "the log shows `{leaked}`:\n{log}");
    }
}

#[test]
fn uris_that_are_not_rfc_3986_are_answered_as_the_client_spelled_them() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    for u in [
        "file:///srv/my project/.circleci/config.yml",
        "file:///srv/prój/.circleci/cönfig.yml",
    ] {
        client.open(u, CONFIG);
        client.diagnostics(u, Some(1));
        let hover = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": pos(2, 3)}),
        );
        assert!(hover.to_string().contains("build"), "{hover}");
        let edit = client.request(
            "textDocument/rename",
            json!({"textDocument": {"uri": u}, "position": pos(2, 3), "newName": "compile"}),
        );
        assert_eq!(
            edit["documentChanges"][0]["textDocument"]["uri"],
            json!(u),
            "{edit}"
        );
        let definition = client.request(
            "textDocument/definition",
            json!({"textDocument": {"uri": u}, "position": pos(7, 11)}),
        );
        assert_eq!(definition[0]["uri"], json!(u), "{definition}");
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn rename_refuses_names_yaml_cannot_hold_as_keys() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, CONFIG);
    client.diagnostics(&u, Some(1));
    let name = "a".repeat(1025);
    let r = client.request_raw(
        "textDocument/rename",
        json!({"textDocument": {"uri": u}, "position": pos(2, 3), "newName": name}),
    );
    assert_eq!(code(&r), -32803);
    let message = r["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("1025") && !message.contains(&name),
        "{message}"
    );
    let ok = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": u}, "position": pos(2, 3), "newName": "a".repeat(1024)}),
    );
    assert!(ok.get("documentChanges").is_some(), "{ok}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_did_change_with_a_lower_version_is_ignored() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "yaml", "version": 5, "text": CONFIG}}),
    );
    client.diagnostics(&u, Some(5));
    let renamed = CONFIG.replace("build", "deploy");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"text": renamed}]}),
    );
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert!(symbols.to_string().contains("build"), "{symbols}");
    assert!(!symbols.to_string().contains("deploy"), "{symbols}");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 6}, "contentChanges": [{"text": renamed}]}),
    );
    client.diagnostics(&u, Some(6));
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert!(symbols.to_string().contains("deploy"), "{symbols}");
    assert_eq!(client.shutdown(), Some(0));
}
