//! Wire tests: the real binary over stdio, spoken to as an editor would.

mod common;

use common::{full_capabilities, pos, range, uri, Client};
use serde_json::{json, Value};

const BROKEN: &str = "version: 2.1\njobs:\n  build:\n    docker: [\n";

/// The `yaml-syntax` diagnostics among `diags`.
fn syntax(diags: Vec<Value>) -> Vec<Value> {
    diags
        .into_iter()
        .filter(|d| d["code"] == json!("yaml-syntax"))
        .collect()
}

#[test]
fn initialize_advertises_incremental_sync_and_utf16_by_default() {
    let (client, result) = Client::start(full_capabilities(), Value::Null);
    let caps = &result["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], json!(2));
    assert_eq!(caps["positionEncoding"], json!("utf-16"));
    assert_eq!(result["serverInfo"]["name"], json!("circleci-ls"));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn utf8_is_negotiated_when_offered() {
    let mut caps = full_capabilities();
    caps["general"]["positionEncodings"] = json!(["utf-8", "utf-16"]);
    let (mut client, result) = Client::start(caps, Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], json!("utf-8"));
    // The unclosed `[` sits after a four-byte emoji: byte column 20 (UTF-16 would say 18).
    let u = uri("config.yml");
    client.open(&u, "jobs:\n  a: {k: \"🚀\", x: [\n");
    let diags = syntax(client.diagnostics(&u, Some(1)));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["range"]["start"], pos(1, 20));
}

#[test]
fn syntax_error_is_published_with_code_source_range_and_version() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, BROKEN);
    let diags = client.diagnostics(&u, Some(1));
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["code"], json!("yaml-syntax"));
    assert_eq!(d["source"], json!("circleci-ls"));
    assert_eq!(d["severity"], json!(1));
    assert_eq!(d["range"], range(3, 12, 3, 13));
}

#[test]
fn utf16_positions_on_non_ascii_lines() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    // "名前🚀" is 4 UTF-16 units (the emoji is a surrogate pair) and 10 bytes: `[` is at 12.
    client.open(&u, "a:\r\n  b: {名前🚀: [\r\n");
    let diags = syntax(client.diagnostics(&u, Some(1)));
    assert_eq!(diags[0]["range"]["start"], pos(1, 12));
}

#[test]
fn non_circleci_yaml_gets_nothing() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let other = "file:///srv/project/.github/workflows/ci.yml";
    client.open(other, BROKEN);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": other}, "position": pos(0, 0)}),
    );
    assert_eq!(hover, Value::Null);
    // A CircleCI file opened afterwards is served; the other one never got diagnostics.
    let u = uri("config.yml");
    client.open(&u, BROKEN);
    client.diagnostics(&u, Some(1));
    let _ = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(0, 0)}),
    );
    assert!(
        !client
            .notifications
            .iter()
            .any(|n| n["params"]["uri"] == json!(other)),
        "{:?}",
        client.notifications
    );
}

#[test]
fn requests_on_unopened_documents_are_empty_not_errors() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("never-opened.yml");
    let td = json!({"uri": u});
    assert_eq!(
        client.request(
            "textDocument/hover",
            json!({"textDocument": td, "position": pos(0, 0)})
        ),
        Value::Null
    );
    assert_eq!(
        client.request(
            "textDocument/completion",
            json!({"textDocument": td, "position": pos(0, 0)})
        ),
        Value::Null
    );
    assert_eq!(
        client.request("textDocument/documentSymbol", json!({"textDocument": td})),
        Value::Null
    );
}

#[test]
fn positions_past_the_end_clamp() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, "version: 2.1\n");
    client.diagnostics(&u, Some(1));
    for p in [pos(0, 500), pos(90, 3), pos(u32::MAX, u32::MAX)] {
        let r = client.request_raw(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": p}),
        );
        assert!(r.get("error").is_none(), "{r}");
        let r = client.request_raw(
            "textDocument/completion",
            json!({"textDocument": {"uri": u}, "position": p}),
        );
        assert!(r.get("error").is_none(), "{r}");
    }
    // An edit far past the end means the texts differ already: the document is marked out
    // of step and the user asked to reopen it (issue #20; see wire_sync.rs), nothing fails.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"range": range(50, 0, 60, 0), "text": "jobs: [\n"}]}),
    );
    let shown = client.wait_for(|m| m["method"] == "window/showMessage");
    assert!(shown.to_string().contains("reopen"), "{shown}");
    let r = client.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(0, 1)}),
    );
    assert!(r.get("error").is_none(), "{r}");
}

#[test]
fn garbage_frames_and_unknown_methods_do_not_stop_the_server() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    // Not JSON at all.
    let body = b"{this is not json";
    client.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    client.send_raw(body);
    let parse_error = client.wait_for(|m| m.get("error").is_some() && m["id"].is_null());
    assert_eq!(parse_error["error"]["code"], json!(-32700));
    // JSON that is not JSON-RPC, with an id the server can answer to.
    let body = br#"{"id": 99, "method": 5}"#;
    client.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    client.send_raw(body);
    let invalid = client.wait_for(|m| m["id"] == json!(99));
    assert_eq!(invalid["error"]["code"], json!(-32600));
    // A header block without Content-Length is skipped.
    client.send_raw(b"X-Nothing: here\r\n\r\n");
    // An unknown method.
    let r = client.request_raw("circleci/nonsense", json!({}));
    assert_eq!(r["error"]["code"], json!(-32601));
    // Malformed params.
    let r = client.request_raw("textDocument/hover", json!({"textDocument": 42}));
    assert_eq!(r["error"]["code"], json!(-32602));
    // Still serving.
    let u = uri("config.yml");
    client.open(&u, BROKEN);
    assert_eq!(client.diagnostics(&u, Some(1)).len(), 1);
    assert_eq!(client.shutdown(), Some(0));
}

/// A deterministic pseudo-random sequence, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

/// The UTF-16 position of byte `offset` in `text`, as an editor computes it.
fn utf16_pos(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let col = text[line_start..offset].encode_utf16().count() as u32;
    pos(line, col)
}

#[test]
fn hundreds_of_rapid_incremental_changes_end_in_the_right_state() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    let mut text = String::from(
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    steps:\n      - checkout\n",
    );
    client.open(&u, &text);
    let pieces = [
        "a",
        "é",
        "🚀",
        "\n",
        "  key: v\n",
        "[",
        "]",
        "- x\n",
        "日本",
        ": ",
    ];
    let mut rng = Lcg(7);
    let mut version = 1;
    for _ in 0..400 {
        version += 1;
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let a = boundaries[rng.next(boundaries.len())];
        let (start, end, insert) = if rng.next(3) == 0 && text.len() > 20 {
            let b = boundaries[rng.next(boundaries.len())];
            (a.min(b), a.max(b).min(a.min(b) + 12), "")
        } else {
            (a, a, pieces[rng.next(pieces.len())])
        };
        // Keep the end on a character boundary after the length cap.
        let end = (end..=text.len())
            .find(|e| text.is_char_boundary(*e))
            .unwrap_or(text.len());
        let change = json!({"range": {"start": utf16_pos(&text, start), "end": utf16_pos(&text, end)}, "text": insert});
        text.replace_range(start..end, insert);
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": version}, "contentChanges": [change]}),
        );
    }
    let after_edits = client.diagnostics(&u, Some(version));
    let fresh = uri("fresh.yml");
    client.open(&fresh, &text);
    let from_scratch = client.diagnostics(&fresh, Some(1));
    // While the text does not parse, the edited document also keeps the last good text's
    // findings for untouched lines; a fresh document has no last good text.
    if from_scratch
        .iter()
        .any(|d| d["code"] == json!("yaml-syntax"))
    {
        for d in &from_scratch {
            assert!(after_edits.contains(d), "{d} missing from {after_edits:?}");
        }
    } else {
        assert_eq!(after_edits, from_scratch);
    }
}

#[test]
fn settings_change_severities_and_closing_clears() {
    let (mut client, _) = Client::start(
        full_capabilities(),
        json!({"rules": {"yaml-syntax": "off"}}),
    );
    let u = uri("config.yml");
    client.open(&u, BROKEN);
    assert!(client.diagnostics(&u, Some(1)).is_empty());
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"circleci-ls": {"rules": {"yaml-syntax": "warning"}}}}),
    );
    let diags = client.diagnostics(&u, Some(1));
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["severity"], json!(2));
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    let cleared = client.wait_for(|m| {
        m["method"] == json!("textDocument/publishDiagnostics") && m["params"]["uri"] == json!(u)
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
}

/// Applies LSP text edits (UTF-16 positions) to `text`, last edit first.
fn apply_lsp_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap_or(0) as usize;
        let ch = p["character"].as_u64().unwrap_or(0) as usize;
        let mut start = 0;
        for _ in 0..line {
            start = text[start..]
                .find('\n')
                .map_or(text.len(), |i| start + i + 1);
        }
        let line_text = &text[start..];
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            if units >= ch || c == '\n' || c == '\r' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

#[test]
fn code_actions_fix_a_literal_secret_and_the_fix_holds() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    let text = "version: 2.1\r\njobs:\r\n  build:\r\n    docker:\r\n      - image: quay.io/project/image:tag # 日本\r\n        auth:\r\n          username: robot\r\n          password: hunter2  # keep me\r\n    steps: [checkout]\r\nworkflows:\r\n  main:\r\n    jobs: [build]\r\n";
    client.open(&u, text);
    let diags = client.diagnostics(&u, Some(1));
    let secret = diags
        .iter()
        .find(|d| d["code"] == json!("literal-secret"))
        .cloned()
        .expect("literal-secret reported");
    assert!(!secret["message"].as_str().unwrap_or("").contains("hunter2"));
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": secret["range"], "context": {"diagnostics": [secret]}}),
    );
    let actions = actions.as_array().cloned().unwrap_or_default();
    let fix = actions
        .iter()
        .find(|a| a["kind"] == json!("quickfix") && a["isPreferred"] == json!(true))
        .cloned()
        .expect("a preferred quick-fix");
    assert_eq!(fix["diagnostics"][0]["code"], json!("literal-secret"));
    let doc_edit = &fix["edit"]["documentChanges"][0];
    assert_eq!(doc_edit["textDocument"]["version"], json!(1));
    let fixed = apply_lsp_edits(text, doc_edit["edits"].as_array().map_or(&[][..], |v| v));
    assert!(
        fixed.contains("password: $QUAY_PASSWORD  # keep me\r\n"),
        "{fixed}"
    );
    assert!(!fixed.contains("hunter2"));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let after = client.diagnostics(&u, Some(2));
    assert!(
        !after
            .iter()
            .any(|d| d["code"] == json!("literal-secret") || d["code"] == json!("yaml-syntax")),
        "{after:?}"
    );
}

#[test]
fn completion_in_a_broken_document_uses_the_last_good_names() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    let good = "version: 2.1\njobs:\n  build:\n    docker: [{image: cimg/base:2024.01}]\n    steps: [checkout]\n  test:\n    docker: [{image: cimg/base:2024.01}]\n    steps: [checkout]\nworkflows:\n  main:\n    jobs:\n      - build\n      - test:\n          requires:\n            - b\n";
    client.open(&u, good);
    client.diagnostics(&u, Some(1));
    // Break the file above the cursor: an unclosed flow sequence.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"range": range(4, 11, 4, 22), "text": "[checkout"}]}),
    );
    let diags = client.diagnostics(&u, Some(2));
    assert!(diags.iter().any(|d| d["code"] == json!("yaml-syntax")));
    let result = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": pos(14, 15)}),
    );
    let labels: Vec<&str> = result["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert!(labels.contains(&"build"), "{labels:?}");
}

#[test]
fn clients_without_snippets_get_plain_indented_text() {
    let caps =
        json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": false}}}});
    let (mut client, _) = Client::start(caps, Value::Null);
    let u = uri("config.yml");
    let text = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: redis:7\n        au\n";
    client.open(&u, text);
    // This client did not ask for versioned diagnostics.
    client.diagnostics(&u, None);
    let result = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": pos(5, 10)}),
    );
    let items = result["items"].as_array().cloned().unwrap_or_default();
    let auth = items
        .iter()
        .find(|i| i["label"] == json!("auth"))
        .expect("auth offered");
    assert_eq!(auth["insertTextFormat"], json!(1));
    let new_text = auth["textEdit"]["newText"].as_str().unwrap_or("");
    assert!(
        !new_text.contains("${") && !new_text.contains("$1"),
        "{new_text:?}"
    );
    // Continuation lines carry the line's own indentation plus the item's.
    assert!(
        new_text.contains("\n          username: $DOCKERHUB_USERNAME"),
        "{new_text:?}"
    );
    // Markdown is not sent to a client that did not ask for it.
    for item in &items {
        if let Some(kind) = item["documentation"]["kind"].as_str() {
            assert_eq!(kind, "plaintext");
        }
    }
}
