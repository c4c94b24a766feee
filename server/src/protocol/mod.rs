//! The LSP layer: the only code that knows the protocol and its position encodings.

mod analysis_worker;
mod capabilities;
pub(crate) mod contain;
pub mod convert;
mod edits;
mod fix_all;
pub mod framing;
pub mod limits;
mod memory;
mod notices;
mod on_disk;
mod output;
#[cfg(test)]
mod properties_tests;
mod reply_size;
mod requests;
mod server;
mod snapshot;
mod uris;
mod watch;

pub use server::{Backend, Lifecycle};

use std::sync::Arc;

use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::{LspService, Server};

/// CircleCI configs are recognised by path, whatever `languageId` the client sends: a
/// `.yml`/`.yaml` file inside a `.circleci` directory.
pub fn is_circleci_uri(uri: &Uri) -> bool {
    is_circleci_path(uri.as_str()) || orb_file(uri).is_some()
}

/// An orb source file (`src/@orb.yml`, `src/commands/x.yml`, …), recognised by its path.
pub fn orb_file(uri: &Uri) -> Option<analysis::orbs::dev::OrbFile> {
    uri.to_file_path()?;
    analysis::orbs::dev::orb_file(&file_path_of(uri))
}

/// The name of a document in the workspace: its path for a `file:` URI, else the URI itself
/// (such a document has no project file or orb tree on disk).
pub fn file_path_of(uri: &Uri) -> analysis::FilePath {
    match uri.to_file_path() {
        Some(path) => crate::disk::file_path(&path),
        None => analysis::FilePath::new(uri.as_str()),
    }
}

/// The URI of a file of the workspace read from disk.
pub fn uri_of(path: &analysis::FilePath) -> Option<Uri> {
    Uri::from_file_path(crate::disk::std_path(path))
}

pub fn is_circleci_path(path: &str) -> bool {
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or(path)
        .replace('\\', "/");
    let lower = path.to_ascii_lowercase();
    if !(lower.ends_with(".yml") || lower.ends_with(".yaml")) {
        return false;
    }
    let dirs: Vec<&str> = path.split('/').collect();
    let parents = dirs.len().saturating_sub(1);
    dirs.iter()
        .take(parents)
        .any(|d| *d == ".circleci" || d.eq_ignore_ascii_case("%2Ecircleci"))
}

/// How many requests are handled at once. Requests waiting for an analysis hold a place, so
/// this is well above what an editor has in flight, so one slow document never blocks the rest.
const CONCURRENT_REQUESTS: usize = 64;

pub(crate) use memory::use_one_arena;

/// Serves LSP on stdin/stdout until the client sends `exit` or closes the stream. Returns
/// whether `shutdown` was received, which decides the exit code.
pub async fn serve_stdio() -> bool {
    contain::install_panic_hook();
    let (to_server, from_guard) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let (queue, queued) = mpsc::channel(output::QUEUE);
    let uri_map = uris::UriMap::default();
    tokio::spawn(framing::sanitize(
        tokio::io::stdin(),
        to_server,
        queue.clone(),
        uri_map.clone(),
    ));
    tokio::spawn(output::relay(from_server, queue, uri_map));
    let writer = tokio::spawn(output::write(queued, tokio::io::stdout()));
    let lifecycle = Arc::new(Lifecycle::default());
    let ended = lifecycle.clone();
    let backend_lifecycle = lifecycle.clone();
    let mut builder =
        LspService::build(move |client| Backend::new(client, backend_lifecycle.clone()));
    if contain::test_hooks() {
        builder = builder.custom_method(contain::TEST_PANIC_METHOD, Backend::test_panic);
    }
    let (service, socket) = builder.finish();
    Server::new(from_guard, server_out, socket)
        .concurrency_level(CONCURRENT_REQUESTS)
        .serve(NoteShutdown {
            inner: contain::Contained(service),
            lifecycle,
        })
        .await;
    // Everything the server wrote is queued once its output closes; wait for it to go out.
    let _ = writer.await;
    ended.shutdown_received()
}

/// Notes a `shutdown` request as the server takes it in (see [`Lifecycle::shutdown_arrived`]).
struct NoteShutdown<S> {
    inner: S,
    lifecycle: Arc<Lifecycle>,
}

impl<S: tower_service::Service<Request>> tower_service::Service<Request> for NoteShutdown<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> S::Future {
        if request.method() == "shutdown" {
            self.lifecycle.shutdown_arrived();
        }
        self.inner.call(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_circleci_paths() {
        assert!(is_circleci_path("file:///srv/proj/.circleci/config.yml"));
        assert!(is_circleci_path("file:///c%3A/src/.circleci/continue.YAML"));
        assert!(is_circleci_path("file:///p/.circleci/workflows/deploy.yml"));
        assert!(is_circleci_path("C:\\p\\.circleci\\config.yml"));
        assert!(!is_circleci_path("file:///p/.github/workflows/ci.yml"));
        assert!(!is_circleci_path("file:///p/.circleci/README.md"));
        assert!(!is_circleci_path("file:///p/circleci/config.yml"));
        assert!(!is_circleci_path("file:///p/.circleci.yml"));
    }
}
