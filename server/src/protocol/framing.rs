//! A guard in front of tower-lsp-server's reader.
//!
//! tower-lsp-server stops reading for good after one frame it cannot decode (tokio-util ends a
//! framed stream after a decoder error), so a single garbage message would end the session.
//! This layer reads frames itself and passes valid JSON-RPC messages through unchanged. Any
//! other frame becomes a request to one of our error methods, whose error response tells the
//! client what was wrong while the server keeps serving.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// Method answering frames whose body is not JSON (JSON-RPC "Parse error").
pub const PARSE_ERROR_METHOD: &str = "circleci-ls/$parseError";
/// Method answering JSON that is not a JSON-RPC message ("Invalid Request").
pub const INVALID_REQUEST_METHOD: &str = "circleci-ls/$invalidRequest";

/// Bodies larger than this are skipped rather than buffered.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Copies LSP frames from `input` to `output`, replacing invalid ones. Returns at end of input.
pub async fn sanitize<R, W>(input: R, mut output: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    loop {
        let Some(length) = read_headers(&mut reader).await else {
            return;
        };
        let body = if length > MAX_BODY {
            let skipped = tokio::io::copy(
                &mut (&mut reader).take(length as u64),
                &mut tokio::io::sink(),
            )
            .await;
            if skipped.map_or(true, |n| n < length as u64) {
                return;
            }
            None
        } else {
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).await.is_err() {
                return;
            }
            Some(body)
        };
        let frame = match body.as_deref().map(classify) {
            Some(Verdict::Valid) => body.unwrap_or_default(),
            Some(Verdict::NotJson) | None => error_request(PARSE_ERROR_METHOD, Value::Null),
            Some(Verdict::Invalid(id)) => error_request(INVALID_REQUEST_METHOD, id),
        };
        let header = format!("Content-Length: {}\r\n\r\n", frame.len());
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&frame).await.is_err()
            || output.flush().await.is_err()
        {
            return;
        }
    }
}

/// Reads header lines up to the blank line; returns the content length, skipping header blocks
/// without one. `None` at end of input.
async fn read_headers<R: AsyncBufReadExt + Unpin>(reader: &mut R) -> Option<usize> {
    loop {
        let mut length = None;
        let mut saw_header = false;
        loop {
            let mut line = Vec::new();
            let n = reader.read_until(b'\n', &mut line).await.ok()?;
            if n == 0 {
                return None;
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim();
            if text.is_empty() {
                if saw_header {
                    break;
                }
                continue;
            }
            saw_header = true;
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }
        if let Some(length) = length {
            return Some(length);
        }
        tracing::warn!("skipped a message without a valid Content-Length header");
    }
}

enum Verdict {
    Valid,
    NotJson,
    /// JSON, but not a JSON-RPC message; carries the request id when one can be read.
    Invalid(Value),
}

/// Checks that a body has the shape tower-lsp-server's decoder accepts.
fn classify(body: &[u8]) -> Verdict {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Verdict::NotJson;
    };
    let Some(obj) = value.as_object() else {
        return Verdict::Invalid(Value::Null);
    };
    let id = obj.get("id").cloned().unwrap_or(Value::Null);
    let id_ok = matches!(id, Value::Null | Value::Number(_) | Value::String(_))
        && id.as_number().is_none_or(|n| n.is_i64() || n.is_u64());
    let usable_id = if id_ok { id.clone() } else { Value::Null };
    if obj.get("jsonrpc") != Some(&json!("2.0")) || !id_ok {
        return Verdict::Invalid(usable_id);
    }
    if let Some(method) = obj.get("method") {
        let params_ok = obj
            .get("params")
            .is_none_or(|p| p.is_object() || p.is_array() || p.is_null());
        if method.is_string() && params_ok {
            return Verdict::Valid;
        }
        return Verdict::Invalid(usable_id);
    }
    // A response to one of our requests.
    let has_result = obj.contains_key("result");
    let error_ok = obj.get("error").is_some_and(|e| {
        e.get("code").is_some_and(|c| c.is_i64()) && e.get("message").is_some_and(|m| m.is_string())
    });
    if obj.contains_key("id") && (has_result != error_ok) {
        return Verdict::Valid;
    }
    Verdict::Invalid(usable_id)
}

fn error_request(method: &str, id: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": id, "method": method})).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(input: &[u8]) -> String {
        let mut out = Vec::new();
        sanitize(input, &mut out).await;
        String::from_utf8_lossy(&out).into_owned()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn valid_messages_pass_unchanged() {
        let msgs = frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)
            + &frame(r#"{"jsonrpc":"2.0","id":"a","result":null}"#);
        assert_eq!(run(msgs.as_bytes()).await, msgs);
    }

    #[tokio::test]
    async fn garbage_becomes_error_requests() {
        let input =
            frame("{not json") + &frame(r#"{"jsonrpc":"2.0","id":7,"method":42}"#) + &frame("[]");
        let out = run(input.as_bytes()).await;
        assert!(
            out.contains(r#""method":"circleci-ls/$parseError""#),
            "{out}"
        );
        assert!(out.contains(r#""id":7"#), "{out}");
        assert_eq!(
            out.matches("circleci-ls/$invalidRequest").count(),
            2,
            "{out}"
        );
    }

    #[tokio::test]
    async fn headers_without_length_are_skipped() {
        let good = frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let input = format!("X-Nonsense: 1\r\n\r\n{good}");
        assert_eq!(run(input.as_bytes()).await, good);
    }
}
