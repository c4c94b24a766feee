use std::pin::Pin;
use std::task::{Context, Poll};

use proptest::prelude::*;
use tokio::io::ReadBuf;

use super::*;

/// Hands out its bytes at most `chunk` at a time, as a pipe may.
struct Chunked {
    data: Vec<u8>,
    pos: usize,
    chunk: usize,
}

impl AsyncRead for Chunked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let end = (self.pos + self.chunk.max(1))
            .min(self.data.len())
            .min(self.pos + buf.remaining());
        let start = self.pos;
        buf.put_slice(&self.data[start..end]);
        self.pos = end;
        Poll::Ready(Ok(()))
    }
}

/// What the guard passed on (bodies) and answered (error responses).
struct Outcome {
    passed: Vec<Vec<u8>>,
    answers: Vec<Value>,
}

fn split_frames(mut out: &[u8]) -> Vec<Vec<u8>> {
    let mut bodies = Vec::new();
    while !out.is_empty() {
        let Some(end) = out.windows(4).position(|w| w == b"\r\n\r\n") else {
            panic!("unframed output: {}", String::from_utf8_lossy(out));
        };
        let header = std::str::from_utf8(&out[..end]).unwrap_or_default();
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("bad header {header:?}"));
        let body_start = end + 4;
        bodies.push(out[body_start..body_start + length].to_vec());
        out = &out[body_start + length..];
    }
    bodies
}

async fn guard(input: &[u8], chunk: usize) -> Outcome {
    let reader = Chunked {
        data: input.to_vec(),
        pos: 0,
        chunk,
    };
    let mut out = Vec::new();
    let (tx, mut rx) = mpsc::channel(10_000);
    sanitize(reader, &mut out, tx, UriMap::default()).await;
    let mut answers = Vec::new();
    while let Ok(Outgoing::Frame(body)) = rx.try_recv() {
        answers.push(serde_json::from_slice(&body).unwrap_or(Value::Null));
    }
    Outcome {
        passed: split_frames(&out),
        answers,
    }
}

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

fn run(input: &str) -> Outcome {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    rt.block_on(guard(input.as_bytes(), 1 << 20))
}

fn codes(o: &Outcome) -> Vec<i64> {
    o.answers
        .iter()
        .map(|a| a["error"]["code"].as_i64().unwrap_or(0))
        .collect()
}

const GOOD: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#;
const NEXT: &str = r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#;

#[test]
fn valid_messages_pass_unchanged() {
    let response = r#"{"jsonrpc":"2.0","id":"a","result":null}"#;
    let o = run(&(frame(GOOD) + &frame(response)));
    assert_eq!(
        o.passed,
        vec![GOOD.as_bytes().to_vec(), response.as_bytes().to_vec()]
    );
    assert!(o.answers.is_empty());
}

#[test]
fn several_garbage_frames_in_a_row_each_get_a_parse_error() {
    let input = frame("{not json") + &frame("}}}") + &frame("\u{1}") + &frame(GOOD);
    let o = run(&input);
    assert_eq!(codes(&o), vec![-32700, -32700, -32700]);
    assert_eq!(o.passed, vec![GOOD.as_bytes().to_vec()]);
}

#[test]
fn ids_and_repeated_keys_the_decoder_rejects_are_answered_as_invalid() {
    let huge = r#"{"jsonrpc":"2.0","id":18446744073709551615,"method":"initialize"}"#;
    let low = r#"{"jsonrpc":"2.0","id":9223372036854775808,"method":"x"}"#;
    let mut input = frame(huge) + &frame(low);
    for key in ["id", "method", "params", "jsonrpc"] {
        let value = match key {
            "id" => "3",
            "method" => "\"x\"",
            "params" => "{}",
            _ => "\"2.0\"",
        };
        input += &frame(&format!(
            r#"{{"jsonrpc":"2.0","id":7,"method":"m","params":{{}},"{key}":{value}}}"#
        ));
    }
    input += &frame(GOOD);
    let o = run(&input);
    assert_eq!(codes(&o), vec![-32600; 6], "{:?}", o.answers);
    assert_eq!(o.answers[0]["id"], json!(18_446_744_073_709_551_615u64));
    assert_eq!(o.answers[1]["id"], json!(9_223_372_036_854_775_808u64));
    assert_eq!(o.passed, vec![GOOD.as_bytes().to_vec()]);
}

#[test]
fn a_too_short_length_loses_only_its_own_message() {
    let input = format!("Content-Length: {}\r\n\r\n{GOOD}", GOOD.len() - 5) + &frame(NEXT);
    let o = run(&input);
    assert_eq!(codes(&o), vec![-32700]);
    assert_eq!(o.passed, vec![NEXT.as_bytes().to_vec()]);
}

#[test]
fn a_too_long_length_does_not_swallow_the_next_message() {
    for extra in [1, 5, 17, 30, 200, 5000] {
        let input = format!("Content-Length: {}\r\n\r\n{GOOD}", GOOD.len() + extra) + &frame(NEXT);
        let o = run(&input);
        assert_eq!(codes(&o), vec![-32700], "extra {extra}");
        assert_eq!(o.passed, vec![NEXT.as_bytes().to_vec()], "extra {extra}");
    }
}

#[test]
fn header_blocks_without_a_usable_length_are_answered_and_skipped() {
    for header in [
        "X-Nonsense: 1",
        "Content-Length: many",
        "Content-Length: -4",
    ] {
        let input = format!("{header}\r\n\r\n{GOOD}") + &frame(NEXT);
        let o = run(&input);
        assert_eq!(codes(&o), vec![-32700], "{header}");
        assert_eq!(o.passed, vec![NEXT.as_bytes().to_vec()], "{header}");
    }
}

#[test]
fn a_header_block_after_an_invalid_message_is_answered_too() {
    let input = frame("[]") + "X-Nothing: here\r\n\r\n" + &frame(NEXT);
    let o = run(&input);
    assert_eq!(codes(&o), vec![-32600, -32700]);
    assert_eq!(o.passed, vec![NEXT.as_bytes().to_vec()]);
}

#[test]
fn header_lines_are_capped() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    let long = format!("X-Junk: {}\r\n\r\n", "a".repeat(4 * 1024 * 1024)) + &frame(NEXT);
    let mut reader = FrameReader::new(Chunked {
        data: long.into_bytes(),
        pos: 0,
        chunk: 4096,
    });
    let first = rt.block_on(reader.next_event());
    assert!(
        matches!(first, Some(Event::Broken(Broken::Framing(_)))),
        "{first:?}"
    );
    // The long line was skipped, not buffered.
    assert!(
        reader.buf.capacity() < 1024 * 1024,
        "{}",
        reader.buf.capacity()
    );
    let second = rt.block_on(reader.next_event());
    assert_eq!(second, Some(Event::Body(NEXT.as_bytes().to_vec())));
}

#[test]
fn stray_bytes_before_a_header_are_answered_once() {
    let input = frame(GOOD) + "oops" + &frame(NEXT);
    let o = run(&input);
    assert_eq!(codes(&o), vec![-32700]);
    assert_eq!(o.passed.len(), 2);
}

#[test]
fn document_text_that_looks_like_a_header_is_not_a_header() {
    let body = serde_json::to_string(&json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"text": "run: curl -H 'Content-Length: 5\r\n\r\n' x"}
    }))
    .unwrap_or_default();
    let o = run(&(frame(&body) + &frame(NEXT)));
    assert!(o.answers.is_empty(), "{:?}", o.answers);
    assert_eq!(o.passed.len(), 2);
}

/// A message that is well-formed JSON-RPC.
fn good_message() -> impl Strategy<Value = String> {
    (any::<i64>(), "[a-zA-Z/$]{1,12}", ".{0,40}", prop::bool::ANY).prop_map(
        |(id, method, text, notification)| {
            let mut m = json!({"jsonrpc": "2.0", "method": method, "params": {"text": text}});
            if !notification {
                m["id"] = json!(id);
            }
            serde_json::to_string(&m).unwrap_or_default()
        },
    )
}

#[derive(Clone, Debug)]
enum Bad {
    NotJson(String),
    NotRpc(i64),
    HugeId(u64),
    Repeated(&'static str),
    Short(String, usize),
    Long(String, usize),
    NoLength(String),
    LongHeaderLine(usize),
    Stray(String),
}

fn bad_frame() -> impl Strategy<Value = Bad> {
    prop_oneof![
        "[a-z {}:,]{0,30}".prop_map(Bad::NotJson),
        any::<i64>().prop_map(Bad::NotRpc),
        (1u64 << 63..=u64::MAX).prop_map(Bad::HugeId),
        prop::sample::select(vec!["id", "method", "params", "jsonrpc"]).prop_map(Bad::Repeated),
        (good_message(), 1usize..40).prop_map(|(m, k)| {
            let k = k.min(m.len());
            Bad::Short(m, k)
        }),
        (good_message(), 1usize..300).prop_map(|(m, k)| Bad::Long(m, k)),
        good_message().prop_map(Bad::NoLength),
        (MAX_HEADER_LINE..MAX_HEADER_LINE * 3).prop_map(Bad::LongHeaderLine),
        "[a-z]{1,10}".prop_map(Bad::Stray),
    ]
}

fn render(bad: &Bad) -> String {
    match bad {
        Bad::NotJson(s) if s.trim().is_empty() => frame("{"),
        Bad::NotJson(s) => frame(&format!("{{{s}")),
        Bad::NotRpc(id) => frame(&format!(r#"{{"id":{id},"method":5}}"#)),
        Bad::HugeId(id) => frame(&format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"m"}}"#)),
        Bad::Repeated(key) => {
            let value = if *key == "id" { "1" } else { "\"2.0\"" };
            frame(&format!(
                r#"{{"jsonrpc":"2.0","id":1,"method":"m","params":{{}},"{key}":{value}}}"#
            ))
        }
        Bad::Short(m, k) => format!("Content-Length: {}\r\n\r\n{m}", m.len() - k),
        Bad::Long(m, k) => format!("Content-Length: {}\r\n\r\n{m}", m.len() + k),
        Bad::NoLength(m) => format!("Content-Type: x; charset=utf-8\r\n\r\n{m}"),
        Bad::LongHeaderLine(n) => format!("X-Junk: {}\r\n\r\n", "j".repeat(*n)),
        Bad::Stray(s) => s.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the guard lets through decodes with tower-lsp-server's types; every good frame
    /// after a broken one comes through unchanged; each broken frame gets exactly one answer.
    #[test]
    fn the_guard_resynchronises_after_any_broken_frame(
        frames in prop::collection::vec((prop::option::of(bad_frame()), good_message()), 1..8),
        chunk in prop::sample::select(vec![1usize, 7, 64, 4096, 1 << 20]),
    ) {
        let mut input = String::new();
        let mut bad_count = 0;
        for (bad, good) in &frames {
            if let Some(bad) = bad {
                input += &render(bad);
                bad_count += 1;
            }
            input += &frame(good);
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let o = rt.block_on(guard(input.as_bytes(), chunk));
        for body in &o.passed {
            prop_assert!(serde_json::from_slice::<Message>(body).is_ok());
        }
        let expected: Vec<Vec<u8>> = frames.iter().map(|(_, g)| g.as_bytes().to_vec()).collect();
        prop_assert_eq!(&o.passed, &expected);
        prop_assert_eq!(o.answers.len(), bad_count, "{:?}", o.answers);
        for answer in &o.answers {
            prop_assert!(matches!(answer["error"]["code"].as_i64(), Some(-32700 | -32600)));
        }
    }

    /// Runs of broken frames: every good frame still comes through, and each run is answered
    /// at least once and at most once per broken frame.
    #[test]
    fn runs_of_broken_frames_lose_no_good_frame(
        frames in prop::collection::vec(
            (prop::collection::vec(bad_frame(), 0..4), good_message()),
            1..6,
        ),
        chunk in prop::sample::select(vec![1usize, 13, 4096, 1 << 20]),
    ) {
        let mut input = String::new();
        let (mut runs, mut bads) = (0, 0);
        for (run, good) in &frames {
            for bad in run {
                input += &render(bad);
            }
            runs += usize::from(!run.is_empty());
            bads += run.len();
            input += &frame(good);
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let o = rt.block_on(guard(input.as_bytes(), chunk));
        let expected: Vec<Vec<u8>> = frames.iter().map(|(_, g)| g.as_bytes().to_vec()).collect();
        prop_assert_eq!(&o.passed, &expected);
        prop_assert!(o.answers.len() >= runs && o.answers.len() <= bads, "{:?}", o.answers);
    }

    /// Arbitrary bytes never panic the guard, and what it passes on decodes.
    #[test]
    fn arbitrary_input_passes_only_decodable_messages(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        chunk in 1usize..100,
    ) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let o = rt.block_on(guard(&bytes, chunk));
        for body in &o.passed {
            prop_assert!(serde_json::from_slice::<Message>(body).is_ok());
        }
    }
}
