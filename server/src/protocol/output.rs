//! The one writer of the client's output.
//!
//! tower-lsp-server writes its messages into a pipe; a relay reads them back frame by frame and
//! queues them with the guard's error answers (see `framing`), so both reach the client whole
//! and in one stream. The relay also restores URIs the guard had to escape (see `uris`), cuts
//! a message too large to send (see `reply_size`) and logs each message's method, id and size
//! at trace level, never its body.

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use super::framing::{classify, Event, FrameReader, Verdict};
use super::reply_size;
use super::uris::UriMap;

/// A message for the client, or the end of the server's output.
#[derive(Debug)]
pub enum Outgoing {
    /// A JSON-RPC message body; the writer adds the header.
    Frame(Vec<u8>),
    End,
}

/// How many messages may wait for the client before the server waits for it.
pub const QUEUE: usize = 64;

/// Reads the server's framed output and queues each message; queues `End` when it stops.
pub async fn relay<R: AsyncRead + Unpin>(
    from_server: R,
    queue: mpsc::Sender<Outgoing>,
    uris: UriMap,
) {
    let mut reader = FrameReader::new(from_server);
    while let Some(event) = reader.next_event().await {
        // tower-lsp-server frames its output correctly; anything else is skipped.
        let Event::Body(body) = event else {
            continue;
        };
        let (body, note) = reply_size::bounded(uris.restore(body));
        if let Some(note) = note {
            tracing::warn!("{note}");
            if queue
                .send(Outgoing::Frame(log_message(&note)))
                .await
                .is_err()
            {
                return;
            }
        }
        if tracing::enabled!(tracing::Level::TRACE) {
            if let Verdict::Valid { method, id } = classify(&body) {
                tracing::trace!(
                    method = method.as_deref().unwrap_or("(response)"),
                    id = id.as_deref().unwrap_or("-"),
                    bytes = body.len(),
                    "-> message"
                );
            }
        }
        if queue.send(Outgoing::Frame(body)).await.is_err() {
            return;
        }
    }
    let _ = queue.send(Outgoing::End).await;
}

/// A `window/logMessage` warning, for a message that had to be cut.
fn log_message(note: &str) -> Vec<u8> {
    let message = serde_json::json!({
        "jsonrpc": "2.0",
        "method": "window/logMessage",
        "params": {"type": 2, "message": format!("circleci-ls: {note}")},
    });
    serde_json::to_vec(&message).unwrap_or_default()
}

/// Writes queued messages to `output` until `End`.
pub async fn write<W: AsyncWrite + Unpin>(mut queue: mpsc::Receiver<Outgoing>, mut output: W) {
    while let Some(message) = queue.recv().await {
        let Outgoing::Frame(body) = message else {
            break;
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
            || output.flush().await.is_err()
        {
            return;
        }
    }
    let _ = output.flush().await;
}
