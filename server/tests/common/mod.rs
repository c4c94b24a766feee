//! What integration tests share: a small LSP client that drives the real `circleci-ls` binary
//! over stdio, as an editor would, and every editor feature at given offsets of a text.

#![allow(dead_code)]
// Test code: a failed expectation should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod cli;
pub mod every_feature;
pub mod files;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    pub notifications: Vec<Value>,
    /// Whether requests from the server are answered (with null) while waiting.
    pub answer_server_requests: bool,
    /// Requests from the server received while waiting.
    pub server_requests: Vec<Value>,
    /// The server's stderr, when it was captured.
    stderr: Option<std::sync::Arc<std::sync::Mutex<Vec<u8>>>>,
}

/// How to start the server.
#[derive(Default)]
pub struct Launch {
    /// Extra environment variables.
    pub env: Vec<(&'static str, &'static str)>,
    /// Keep the server's stderr (see `Client::stderr`) instead of passing it through.
    pub capture_stderr: bool,
}

/// The client capabilities of a modern editor (VS Code-like).
pub fn full_capabilities() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"workspaceEdit": {"documentChanges": true}, "configuration": true},
        "textDocument": {
            "completion": {"completionItem": {"snippetSupport": true, "documentationFormat": ["markdown", "plaintext"]}},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true, "tagSupport": {"valueSet": [1, 2]}},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}},
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true}
        }
    })
}

pub fn uri(name: &str) -> String {
    format!("file:///srv/project/.circleci/{name}")
}

impl Client {
    /// Starts the server and completes the initialize handshake.
    pub fn start(capabilities: Value, options: Value) -> (Client, Value) {
        let mut client = Client::spawn();
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": "file:///srv/project",
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    pub fn spawn() -> Client {
        Client::spawn_with(Launch::default())
    }

    /// Starts the server as `launch` says and completes the initialize handshake.
    pub fn start_with(launch: Launch, capabilities: Value) -> (Client, Value) {
        let mut client = Client::spawn_with(launch);
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": "file:///srv/project",
                "capabilities": capabilities,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    pub fn spawn_with(launch: Launch) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_circleci-ls"));
        command
            .arg("--stdio")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if launch.capture_stderr {
                Stdio::piped()
            } else {
                Stdio::inherit()
            });
        for (key, value) in &launch.env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("start circleci-ls");
        let stderr = child.stderr.take().map(|mut pipe| {
            let kept = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
            let sink = kept.clone();
            std::thread::spawn(move || {
                let mut chunk = [0u8; 8192];
                while let Ok(n) = pipe.read(&mut chunk) {
                    if n == 0 {
                        break;
                    }
                    if let Ok(mut kept) = sink.lock() {
                        kept.extend_from_slice(&chunk[..n]);
                    }
                }
            });
            kept
        });
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let Some(length) = length else { return };
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(value) = serde_json::from_slice::<Value>(&body) else {
                    return;
                };
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming: rx,
            next_id: 1,
            notifications: Vec::new(),
            answer_server_requests: true,
            server_requests: Vec::new(),
            stderr,
        }
    }

    /// What the server wrote to stderr so far (empty unless captured).
    pub fn stderr(&self) -> String {
        self.stderr
            .as_ref()
            .and_then(|s| {
                s.lock()
                    .ok()
                    .map(|s| String::from_utf8_lossy(&s).into_owned())
            })
            .unwrap_or_default()
    }

    /// The id the next request will get.
    pub fn next_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Waits for the process to end by itself, with stdin still open; its exit code, or
    /// `None` if it was still running after `within`.
    pub fn wait_exit(&mut self, within: Duration) -> Option<Option<i32>> {
        let deadline = Instant::now() + within;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.code());
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("serialize");
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        self.send_raw(&frame);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its whole response message (`result` or `error`).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Sends a request and returns its `result`, failing the test on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response.get("result").cloned().unwrap_or(Value::Null)
    }

    /// Waits for a message matching `pred`, answering server requests and keeping other
    /// notifications.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        match self.try_wait_for(pred, TIMEOUT) {
            Some(m) => m,
            None => panic!("timed out waiting for a message"),
        }
    }

    /// Like `wait_for`, but gives up after `within` and returns `None`.
    pub fn try_wait_for(
        &mut self,
        pred: impl Fn(&Value) -> bool,
        within: Duration,
    ) -> Option<Value> {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.incoming.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => panic!("server closed its output"),
            };
            if pred(&message) {
                return Some(message);
            }
            if message.get("id").is_some() && message.get("method").is_some() {
                if !self.answer_server_requests {
                    self.server_requests.push(message);
                    continue;
                }
                // A request from the server (workspace/configuration, ...): answer with null.
                let id = message["id"].clone();
                let result = if message["method"] == "workspace/configuration" {
                    json!([null])
                } else {
                    Value::Null
                };
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
            } else if message.get("method").is_some() {
                self.notifications.push(message);
            }
        }
    }

    /// Waits for diagnostics of `uri` (at `version` when given) and returns them.
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        if let Some(i) = self
            .notifications
            .iter()
            .position(|n| is_diagnostics_for(n, uri, version))
        {
            let n = self.notifications.remove(i);
            return n["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        let n = self.wait_for(|m| is_diagnostics_for(m, uri, version));
        n["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
    }

    /// Sends shutdown and exit and returns the process's exit code. Stdin stays open: the
    /// server must end on `exit` alone, as editors that keep the pipe open expect.
    pub fn shutdown(mut self) -> Option<i32> {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("server did not exit after `exit`");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The peak resident memory of a running process, in KiB (`VmHWM`, Linux only).
pub fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_diagnostics_for(m: &Value, uri: &str, version: Option<i64>) -> bool {
    m.get("method") == Some(&json!("textDocument/publishDiagnostics"))
        && m["params"]["uri"] == json!(uri)
        && version.is_none_or(|v| m["params"]["version"] == json!(v))
}

pub fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

pub fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": pos(l1, c1), "end": pos(l2, c2)})
}
