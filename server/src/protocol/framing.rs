//! A guard in front of tower-lsp-server's reader.
//!
//! tower-lsp-server stops reading for good after one frame it cannot decode (tokio-util ends a
//! framed stream after a decoder error), so a single garbage message would end the session.
//! This layer reads frames itself and passes on only messages that tower-lsp-server's own
//! types decode. Every other frame is answered here, straight to the client's output, with a
//! JSON-RPC error; the server keeps serving. After a broken frame (a wrong Content-Length, a
//! header block without one, stray bytes) reading resumes at the next `Content-Length` header.

use std::sync::LazyLock;

use regex::bytes::Regex;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

use super::output::Outgoing;
use super::uris::UriMap;

/// Bodies larger than this are skipped rather than buffered.
pub const MAX_BODY: usize = 64 * 1024 * 1024;
/// Header lines longer than this are skipped rather than buffered.
pub const MAX_HEADER_LINE: usize = 8 * 1024;

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const READ_CHUNK: usize = 64 * 1024;

/// The most room the read buffer keeps between messages.
const KEPT_CAPACITY: usize = 16 * READ_CHUNK;

/// A `Content-Length` header as it appears at the start of a frame. Valid JSON cannot hold this
/// (a raw line break is not allowed inside a JSON string), so finding it inside a body means the
/// body's declared length was wrong and the next frame has begun.
static HEADER_START: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)content-length:[ \t]*[0-9]{1,20}[ \t]*\r?\n").ok());

/// The longest text `HEADER_START` can match, so an incremental scan can re-read the overlap.
const HEADER_START_MAX: usize = 64;

/// The start of a `Content-Length` header cut off by the end of the bytes read so far.
static PARTIAL_HEADER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let word = "content-length";
    let mut pattern = String::from(":[ \\t]*[0-9]{0,20}[ \\t]*\\r?");
    for c in word.chars().rev() {
        pattern = format!("{c}(?:{pattern})?");
    }
    Regex::new(&format!("(?i){pattern}\\z")).ok()
});

/// tower-lsp-server's own message type (private there): the same untagged enum over its public
/// `Response` and `Request`, so whatever decodes here decodes there.
#[derive(Deserialize)]
#[serde(untagged)]
enum Message {
    Response(Response),
    Request(Request),
}

/// Why a frame was answered with an error instead of being passed on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Broken {
    /// The body is not JSON (or not UTF-8): JSON-RPC "Parse error".
    NotJson,
    /// JSON, but not a message the server can decode: "Invalid Request", with the id if any.
    Invalid(Value),
    /// The declared length did not match the bytes that followed, or there was none.
    Framing(&'static str),
    /// The body was larger than [`MAX_BODY`].
    TooLarge(usize),
}

impl Broken {
    /// The JSON-RPC error response for this frame.
    pub fn response(&self) -> Vec<u8> {
        let (id, code, message) = match self {
            Broken::NotJson => (Value::Null, PARSE_ERROR, "Parse error".to_string()),
            Broken::Invalid(id) => (id.clone(), INVALID_REQUEST, "Invalid Request".to_string()),
            Broken::Framing(why) => (Value::Null, PARSE_ERROR, format!("Parse error: {why}")),
            Broken::TooLarge(n) => (
                Value::Null,
                PARSE_ERROR,
                format!("Parse error: a message of {n} bytes is over the limit of {MAX_BODY}"),
            ),
        };
        serde_json::to_vec(&json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {"code": code, "message": message},
        }))
        .unwrap_or_default()
    }
}

/// What the reader found next in the input.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// A body whose length matched its header.
    Body(Vec<u8>),
    Broken(Broken),
}

/// Reads LSP frames from a byte stream, resynchronising after broken ones.
pub struct FrameReader<R> {
    input: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    /// Set after a broken frame: stray bytes up to the next header belong to it and are not
    /// reported again.
    resyncing: bool,
}

enum Line {
    /// A complete line (without its line end).
    Text(Vec<u8>),
    /// A line longer than [`MAX_HEADER_LINE`], skipped.
    TooLong,
    End,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(input: R) -> Self {
        FrameReader {
            input,
            buf: Vec::new(),
            pos: 0,
            eof: false,
            resyncing: false,
        }
    }

    /// Reads more input; false at end of input.
    async fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        if self.pos > 0 && self.pos * 2 >= self.buf.len() {
            self.buf.drain(..self.pos);
            self.pos = 0;
            // One large message (a 4 MB `didOpen`) grew the buffer to twice its size; that
            // room is given back once the message is read, not held for the session.
            if self.buf.capacity() > KEPT_CAPACITY && self.buf.len() < READ_CHUNK {
                self.buf.shrink_to(READ_CHUNK);
            }
        }
        self.buf.reserve(READ_CHUNK);
        let n = self.input.read_buf(&mut self.buf).await.unwrap_or(0);
        if n == 0 {
            self.eof = true;
        }
        n > 0
    }

    fn pending(&self) -> &[u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    async fn next_line(&mut self) -> Line {
        let mut scanned = 0;
        loop {
            let pending = self.pending();
            if let Some(i) = pending
                .get(scanned..)
                .and_then(|rest| memchr(b'\n', rest))
                .map(|i| i + scanned)
            {
                if i > MAX_HEADER_LINE {
                    self.pos += i + 1;
                    return Line::TooLong;
                }
                let line = pending.get(..i).unwrap_or_default();
                let line = line.strip_suffix(b"\r").unwrap_or(line).to_vec();
                self.pos += i + 1;
                return Line::Text(line);
            }
            scanned = pending.len();
            if scanned > MAX_HEADER_LINE {
                // Drop what was read of the long line and keep skipping to its end.
                self.pos = self.buf.len();
                loop {
                    if !self.fill().await {
                        return Line::End;
                    }
                    if let Some(i) = memchr(b'\n', self.pending()) {
                        self.pos += i + 1;
                        return Line::TooLong;
                    }
                    self.pos = self.buf.len();
                }
            }
            if !self.fill().await {
                let rest = self.pending().to_vec();
                self.pos = self.buf.len();
                return if rest.iter().all(u8::is_ascii_whitespace) {
                    Line::End
                } else {
                    Line::Text(rest)
                };
            }
        }
    }

    /// Marks the last body as broken, so stray bytes after it are not reported again.
    pub fn resync(&mut self) {
        self.resyncing = true;
    }

    /// Reports a broken frame unless it is the tail of one already reported.
    fn broken(&mut self, why: Broken) -> Option<Event> {
        if self.resyncing {
            return None;
        }
        self.resyncing = true;
        Some(Event::Broken(why))
    }

    /// The next body or broken frame; `None` at end of input.
    pub async fn next_event(&mut self) -> Option<Event> {
        let mut block = HeaderBlock::default();
        loop {
            let outcome = match self.next_line().await {
                Line::End if block.started => {
                    return self.broken(Broken::Framing("the input ended inside a header"));
                }
                Line::End => return None,
                Line::TooLong => {
                    block = HeaderBlock::default();
                    self.report(Broken::Framing("a header line is too long"))
                }
                Line::Text(line) => self.on_line(&line, &mut block),
            };
            match outcome {
                LineOutcome::More => {}
                LineOutcome::Emit(event) => return Some(event),
                LineOutcome::Body(length) => return Some(self.read_body(length).await),
            }
        }
    }

    /// A broken frame to report, unless this one is already being skipped.
    fn report(&mut self, why: Broken) -> LineOutcome {
        self.broken(why)
            .map_or(LineOutcome::More, LineOutcome::Emit)
    }

    /// One line of a header block.
    fn on_line(&mut self, line: &[u8], block: &mut HeaderBlock) -> LineOutcome {
        if line.iter().all(u8::is_ascii_whitespace) {
            return self.on_blank(block);
        }
        let lower = line.to_ascii_lowercase();
        match find(&lower, b"content-length:") {
            Some(0) => {
                block.started = true;
                block.length = Some(content_length(line));
                LineOutcome::More
            }
            Some(at) => self.on_stray_bytes(line, at, block),
            None if is_header_line(line) => {
                block.started = true;
                LineOutcome::More
            }
            None => {
                *block = HeaderBlock::default();
                self.report(Broken::Framing("bytes that are not a header"))
            }
        }
    }

    /// A blank line ends a header block: the body follows when it named a usable length.
    fn on_blank(&mut self, block: &mut HeaderBlock) -> LineOutcome {
        if !block.started {
            return LineOutcome::More;
        }
        match block.length.take() {
            Some(Some(length)) => {
                self.resyncing = false;
                LineOutcome::Body(length)
            }
            _ => {
                // A whole header block is a frame of its own, never the tail of one.
                self.resyncing = true;
                LineOutcome::Emit(Event::Broken(Broken::Framing(
                    "no usable Content-Length header",
                )))
            }
        }
    }

    /// Bytes before a `Content-Length` header: the tail of a broken frame, or garbage. The
    /// header itself is read again next.
    fn on_stray_bytes(&mut self, line: &[u8], at: usize, block: &mut HeaderBlock) -> LineOutcome {
        let stray = line.get(..at).unwrap_or_default();
        let outcome = if stray.iter().all(u8::is_ascii_whitespace) {
            LineOutcome::More
        } else {
            self.report(Broken::Framing("stray bytes before a header"))
        };
        let mut rest = line.get(at..).unwrap_or_default().to_vec();
        rest.push(b'\n');
        self.unread(&rest);
        *block = HeaderBlock::default();
        outcome
    }

    /// Puts bytes back in front of the unread input.
    fn unread(&mut self, bytes: &[u8]) {
        let mut buf = Vec::with_capacity(bytes.len() + self.pending().len());
        buf.extend_from_slice(bytes);
        buf.extend_from_slice(self.pending());
        self.buf = buf;
        self.pos = 0;
    }

    /// Reads a body of `length` bytes, stopping early at an embedded header.
    async fn read_body(&mut self, length: usize) -> Event {
        // Offsets below are relative to the body's start, which `fill` keeps at `self.pos`.
        let mut scanned = 0usize;
        loop {
            let avail = self.pending();
            let upto = avail.len().min(length);
            let from = scanned.saturating_sub(HEADER_START_MAX);
            let window_end = avail.len().min(length.saturating_add(HEADER_START_MAX));
            let embedded = HEADER_START
                .as_ref()
                .zip(avail.get(from..window_end))
                .and_then(|(re, window)| re.find(window))
                .map(|m| from + m.start())
                .filter(|start| *start < upto);
            if let Some(start) = embedded {
                self.pos += start;
                self.resyncing = true;
                return Event::Broken(Broken::Framing(
                    "the Content-Length is longer than the message",
                ));
            }
            if avail.len() >= length {
                // A header may have begun inside the body without having arrived whole; valid
                // JSON never ends with the start of one, so waiting delays only broken frames.
                let tail_from = length.saturating_sub(HEADER_START_MAX);
                let partial = PARTIAL_HEADER
                    .as_ref()
                    .zip(avail.get(tail_from..))
                    .and_then(|(re, tail)| re.find(tail))
                    .is_some_and(|m| tail_from + m.start() < length);
                if partial && !self.eof {
                    scanned = upto;
                    self.fill().await;
                    continue;
                }
                let body = avail.get(..length).unwrap_or_default().to_vec();
                self.pos += length;
                return Event::Body(body);
            }
            scanned = upto;
            if avail.len() > MAX_BODY {
                // Too large to keep: skip the rest without buffering it.
                let mut left = length - avail.len();
                self.pos = self.buf.len();
                while left > 0 && self.fill().await {
                    let take = self.pending().len().min(left);
                    self.pos += take;
                    left -= take;
                }
                self.resyncing = true;
                return Event::Broken(Broken::TooLarge(length));
            }
            if !self.fill().await {
                self.pos = self.buf.len();
                self.resyncing = true;
                return Event::Broken(Broken::Framing(
                    "the input ended before the message's Content-Length",
                ));
            }
        }
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|b| *b == needle)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `Name: value` with an HTTP token as the name.
fn is_header_line(line: &[u8]) -> bool {
    let Some(colon) = memchr(b':', line) else {
        return false;
    };
    let name = line.get(..colon).unwrap_or_default();
    !name.is_empty()
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.!#$%&'*+^`|~".contains(b))
}

/// What the guard does with a body.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// tower-lsp-server decodes it; carries the method (requests and notifications) and id for
    /// the trace log.
    Valid {
        method: Option<String>,
        id: Option<String>,
    },
    Broken(Broken),
}

/// Checks a body with the decoder tower-lsp-server uses, and explains a failure.
pub fn classify(body: &[u8]) -> Verdict {
    match decode(body) {
        Ok(Message::Request(r)) => Verdict::Valid {
            method: Some(r.method().to_string()),
            id: r.id().map(ToString::to_string),
        },
        Ok(Message::Response(r)) => Verdict::Valid {
            method: None,
            id: Some(r.id().to_string()),
        },
        Err(b) => Verdict::Broken(b),
    }
}

fn decode(body: &[u8]) -> Result<Message, Broken> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(Broken::NotJson);
    };
    if let Ok(message) = serde_json::from_str::<Message>(text) {
        return Ok(message);
    }
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return Err(Broken::NotJson);
    };
    // Echo the id when it is one JSON-RPC allows, even one tower-lsp-server cannot hold.
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    Err(Broken::Invalid(id))
}

/// The body to pass on for a decoded request: unchanged, or rebuilt with escaped URIs.
fn pass_on(body: Vec<u8>, request: Request, uris: &UriMap) -> Vec<u8> {
    let (method, id, params) = request.into_parts();
    let Some(mut params) = params else {
        return body;
    };
    if !uris.escape(&mut params) {
        return body;
    }
    let mut message = json!({"jsonrpc": "2.0", "method": method, "params": params});
    if let Some(id) = id {
        message["id"] = serde_json::to_value(id).unwrap_or(Value::Null);
    }
    serde_json::to_vec(&message).unwrap_or(body)
}

/// Copies valid frames from `input` to `to_server`; answers the others through `answers`.
/// Returns at end of input or when the server stops reading.
pub async fn sanitize<R, W>(
    input: R,
    mut to_server: W,
    answers: mpsc::Sender<Outgoing>,
    uris: UriMap,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = FrameReader::new(input);
    while let Some(event) = reader.next_event().await {
        let broken = match event {
            Event::Body(body) => match decode(&body) {
                Ok(message) => {
                    let size = body.len();
                    let (method, id, body) = match message {
                        Message::Request(r) => (
                            r.method().to_string(),
                            r.id().map(ToString::to_string),
                            pass_on(body, r, &uris),
                        ),
                        Message::Response(r) => {
                            ("(response)".to_string(), Some(r.id().to_string()), body)
                        }
                    };
                    tracing::trace!(
                        method,
                        id = id.as_deref().unwrap_or("-"),
                        bytes = size,
                        "<- message"
                    );
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    if to_server.write_all(header.as_bytes()).await.is_err()
                        || to_server.write_all(&body).await.is_err()
                        || to_server.flush().await.is_err()
                    {
                        return;
                    }
                    continue;
                }
                Err(b) => {
                    reader.resync();
                    b
                }
            },
            Event::Broken(b) => b,
        };
        tracing::warn!(
            reason = broken_kind(&broken),
            "answered a broken message with an error"
        );
        if answers
            .send(Outgoing::Frame(broken.response()))
            .await
            .is_err()
        {
            return;
        }
    }
}

/// The kind of a broken frame, for the log (never its content).
fn broken_kind(b: &Broken) -> String {
    match b {
        Broken::NotJson => "not JSON".to_string(),
        Broken::Invalid(_) => "not a JSON-RPC message".to_string(),
        Broken::Framing(why) => (*why).to_string(),
        Broken::TooLarge(n) => format!("{n} bytes, over the limit"),
    }
}

/// A header block being read: whether it has begun, and the `Content-Length` it gave
/// (`Some(None)` when the header was there but unusable).
#[derive(Default)]
struct HeaderBlock {
    started: bool,
    length: Option<Option<usize>>,
}

/// What one header line leads to.
enum LineOutcome {
    More,
    Emit(Event),
    Body(usize),
}

/// The value of a `Content-Length:` header line: digits only.
fn content_length(header: &[u8]) -> Option<usize> {
    let value = header
        .get(b"content-length:".len()..)
        .unwrap_or_default()
        .trim_ascii();
    std::str::from_utf8(value)
        .ok()
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<usize>().ok())
}

#[cfg(test)]
#[path = "framing_tests.rs"]
mod tests;
