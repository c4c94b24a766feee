//! Failures stay inside the request that caused them.
//!
//! tower-lsp-server runs handlers inside its serve loop, so a panic in one would end the
//! process. [`Contained`] wraps the service: a panicking request is answered with JSON-RPC's
//! InternalError and a panicking notification is logged; the session goes on. Analysis panics
//! are caught by the workspace (in the core, for the server and `check` alike), which turns
//! them into one `internal-error` finding.
//!
//! Test hooks: when the environment variable `CIRCLECI_LS_TEST_HOOKS` is `1` at startup, the
//! request `circleci-ls/$testPanic` panics, the analysis of a document containing
//! `circleci-ls-test: panic-in-analysis` panics (in the server, `check` and `fix`), and that of
//! one containing `circleci-ls-test: slow-analysis` takes 1.5 s longer, and `fix` appends a
//! line to a file containing `circleci-ls-test: edited-during-fix` just before it writes
//! the fixes (as an editor saving meanwhile would). Without the variable none of this
//! exists, so a normal session or run cannot reach it.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Arc, LazyLock};
use std::task::{Context, Poll};

use futures::FutureExt;
use tower_lsp_server::jsonrpc::{Error, Request, Response};
use tower_service::Service;

use analysis::workspace::AnalysisHook;

/// The test-only request that panics (see the module documentation).
pub const TEST_PANIC_METHOD: &str = "circleci-ls/$testPanic";
/// Text that makes analysis panic when the test hooks are on.
const TEST_PANIC_MARKER: &str = "circleci-ls-test: panic-in-analysis";
/// Text that makes analysis slow when the test hooks are on.
const TEST_SLOW_MARKER: &str = "circleci-ls-test: slow-analysis";
const TEST_SLOW_DELAY: std::time::Duration = std::time::Duration::from_millis(1500);
/// Text that makes `fix` change the file on disk just before writing, when the hooks are on.
const TEST_EDITED_MARKER: &str = "circleci-ls-test: edited-during-fix";

/// Whether the test hooks are on for this process.
pub fn test_hooks() -> bool {
    static ON: LazyLock<bool> =
        LazyLock::new(|| std::env::var("CIRCLECI_LS_TEST_HOOKS").is_ok_and(|v| v == "1"));
    *ON
}

/// Logs panics through tracing instead of printing them. Only the location is logged at error
/// level: a panic message can quote document text (a slice error shows the string).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_else(|| "an unknown place".to_string());
        tracing::error!(%location, "circleci-ls panicked; the failure is contained");
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned());
        if let Some(message) = message {
            tracing::debug!(%location, %message, "panic message");
        }
    }));
}

/// The workspace's analysis hook for the test markers, when the test hooks are on.
pub fn analysis_hook() -> Option<AnalysisHook> {
    test_hooks().then(|| -> AnalysisHook { Arc::new(test_markers) })
}

/// Panics or sleeps on the test markers (see the module documentation).
// The panic is deliberate: tests use it to prove that a panic in analysis is contained.
#[allow(clippy::panic)]
fn test_markers(text: &str) {
    if text.contains(TEST_PANIC_MARKER) {
        panic!("test hook: panic in analysis");
    }
    if text.contains(TEST_SLOW_MARKER) {
        std::thread::sleep(TEST_SLOW_DELAY);
    }
}

/// Appends a line to the file `fix` is about to write when its text holds the test marker
/// and the test hooks are on: another program's save between the read and the write.
pub fn edit_before_write(path: &std::path::Path, original: &str) {
    if !test_hooks() || !original.contains(TEST_EDITED_MARKER) {
        return;
    }
    let file = std::fs::OpenOptions::new().append(true).open(path);
    if let Ok(mut file) = file {
        let _ = std::io::Write::write_all(&mut file, b"# saved by another program\n");
    }
}

/// A service whose panics become error answers, and which answers `$/` requests it does not
/// support with MethodNotFound (tower-lsp-server drops them without an answer).
pub struct Contained<S>(pub S);

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> Service<Request> for Contained<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let id = req.id().cloned();
        let dollar_request = id.is_some() && req.method().starts_with("$/");
        let method = req.method().to_string();
        let inner = std::panic::catch_unwind(AssertUnwindSafe(|| self.0.call(req)));
        Box::pin(async move {
            let outcome = match inner {
                Ok(fut) => AssertUnwindSafe(fut).catch_unwind().await,
                Err(payload) => Err(payload),
            };
            match outcome {
                Ok(Ok(None)) if dollar_request => {
                    Ok(id.map(|id| Response::from_error(id, Error::method_not_found())))
                }
                Ok(result) => result,
                Err(_) => {
                    tracing::error!(%method, "a handler panicked; the session goes on");
                    Ok(id.map(|id| Response::from_error(id, Error::internal_error())))
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use serde_json::json;
    use tower_lsp_server::jsonrpc::{ErrorCode, Id};

    use super::*;

    /// Panics on `panic`, answers nothing to `$/…`, and echoes everything else.
    struct Mock;

    impl Service<Request> for Mock {
        type Response = Option<Response>;
        type Error = Infallible;
        type Future = BoxFuture<std::result::Result<Option<Response>, Infallible>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<std::result::Result<(), Infallible>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, req: Request) -> Self::Future {
            let (method, id, _) = req.into_parts();
            Box::pin(async move {
                if method == "panic" {
                    panic!("mock handler panic");
                }
                if method.starts_with("$/") {
                    return Ok(None);
                }
                Ok(id.map(|id| Response::from_ok(id, json!(method))))
            })
        }
    }

    fn call(req: Request) -> Option<Response> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let outcome = rt.block_on(Contained(Mock).call(req));
        outcome.unwrap_or_else(|e| match e {})
    }

    #[test]
    fn panics_become_internal_errors_and_notifications_stay_silent() {
        let answer = call(Request::build("panic").id(7).finish());
        let error = answer.as_ref().and_then(|r| r.error()).map(|e| e.code);
        assert_eq!(error, Some(ErrorCode::InternalError));
        assert_eq!(answer.map(|r| r.id().clone()), Some(Id::Number(7)));
        assert!(call(Request::build("panic").finish()).is_none());
        let ok = call(Request::build("hover").id(8).finish());
        assert_eq!(ok.and_then(|r| r.result().cloned()), Some(json!("hover")));
    }

    #[test]
    fn unsupported_dollar_requests_get_method_not_found() {
        let answer = call(Request::build("$/unknown").id(9).finish());
        let error = answer.as_ref().and_then(|r| r.error()).map(|e| e.code);
        assert_eq!(error, Some(ErrorCode::MethodNotFound));
        assert!(call(Request::build("$/setTrace").finish()).is_none());
    }
}
