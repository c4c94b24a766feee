//! The last guard on what the server sends: no message above [`MAX_MESSAGE_BYTES`]. Features
//! bound their own answers (item counts, semantic tokens); one that still comes out too large
//! has its list cut to fit and a warning logged to the client, and one that is not a list is
//! answered with an error instead. The editor is never handed tens of megabytes at once.

use serde_json::Value;

/// The largest message the server sends (10 MB).
pub const MAX_MESSAGE_BYTES: usize = 10 * 1024 * 1024;

/// What to send for `body`, and a log line for the client when it had to be cut.
pub fn bounded(body: Vec<u8>) -> (Vec<u8>, Option<String>) {
    if body.len() <= MAX_MESSAGE_BYTES {
        return (body, None);
    }
    let size = body.len();
    let Ok(mut message) = serde_json::from_slice::<Value>(&body) else {
        return (body, None);
    };
    drop(body);
    let what = describe(&message);
    let list = match list_of(&mut message) {
        Some(list) => list,
        None => {
            return (
                too_large(&message, size),
                Some(format!("{what} of {size} bytes was not sent")),
            )
        }
    };
    let total = list.len();
    let kept = fit(list, MAX_MESSAGE_BYTES - 4096);
    let note = format!("{what} had {total} items ({size} bytes); only the first {kept} were sent");
    match serde_json::to_vec(&message) {
        Ok(body) => (body, Some(note)),
        Err(_) => (too_large(&message, size), Some(note)),
    }
}

/// The list a message carries: a response's result, or the diagnostics it publishes.
fn list_of(message: &mut Value) -> Option<&mut Vec<Value>> {
    if message.get("result").is_some_and(Value::is_array) {
        return message.get_mut("result")?.as_array_mut();
    }
    message
        .get_mut("params")?
        .get_mut("diagnostics")?
        .as_array_mut()
}

/// Keeps the longest prefix of `list` whose items fit in `budget` bytes; how many were kept.
fn fit(list: &mut Vec<Value>, budget: usize) -> usize {
    let mut used = 0;
    let mut kept = 0;
    for item in list.iter() {
        let size = serde_json::to_vec(item).map_or(usize::MAX, |v| v.len() + 1);
        if used + size > budget {
            break;
        }
        used += size;
        kept += 1;
    }
    list.truncate(kept);
    kept
}

/// A message's method, or "a reply" for a response, for the log.
fn describe(message: &Value) -> String {
    match message.get("method").and_then(Value::as_str) {
        Some(method) => format!("a `{method}` message"),
        None => "a reply".to_string(),
    }
}

/// The error answer that replaces a response too large to send and to cut.
fn too_large(message: &Value, size: usize) -> Vec<u8> {
    let answer = serde_json::json!({
        "jsonrpc": "2.0",
        "id": message.get("id").cloned().unwrap_or(Value::Null),
        "error": {
            "code": -32803,
            "message": format!("the answer is too large to send ({size} bytes, limit {MAX_MESSAGE_BYTES})"),
        },
    });
    serde_json::to_vec(&answer).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_list_above_the_limit_is_cut_to_fit_and_said_so() {
        let item = json!({"name": "x".repeat(1000)});
        let items: Vec<Value> = (0..20_000).map(|_| item.clone()).collect();
        let body = serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": 7, "result": items}))
            .unwrap_or_default();
        assert!(body.len() > MAX_MESSAGE_BYTES);
        let (sent, note) = bounded(body);
        assert!(sent.len() <= MAX_MESSAGE_BYTES, "{}", sent.len());
        let sent: Value = serde_json::from_slice(&sent).unwrap_or_default();
        let kept = sent["result"].as_array().map_or(0, Vec::len);
        assert!(kept > 9_000 && kept < 20_000, "{kept}");
        assert_eq!(sent["id"], json!(7));
        let note = note.unwrap_or_default();
        assert!(
            note.contains("20000 items") && note.contains(&format!("first {kept}")),
            "{note}"
        );
    }

    #[test]
    fn a_large_answer_that_is_no_list_becomes_an_error_and_small_ones_pass() {
        let big = json!({"jsonrpc": "2.0", "id": 3, "result": {"contents": "x".repeat(MAX_MESSAGE_BYTES)}});
        let (sent, note) = bounded(serde_json::to_vec(&big).unwrap_or_default());
        let sent: Value = serde_json::from_slice(&sent).unwrap_or_default();
        assert_eq!(sent["error"]["code"], json!(-32803));
        assert_eq!(sent["id"], json!(3));
        assert!(note.is_some());
        let small = br#"{"jsonrpc":"2.0","id":1,"result":null}"#.to_vec();
        assert_eq!(bounded(small.clone()), (small, None));
    }
}
