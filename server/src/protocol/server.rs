//! The language server: routes LSP requests to the features and converts their answers.
//!
//! tower-lsp-server runs several handlers at once, so document changes are applied to the store
//! synchronously, before the first `.await`, under a std `Mutex`. Analysis runs off the request
//! loop (see `analysis_worker`); requests wait for the analysis of the current text.
//! Diagnostics are published under an async lock, and only for the text and settings still
//! current.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use ropey::Rope;
use serde_json::Value;
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::{Client, LanguageServer};

use crate::document::{Change, Document};
use analysis::settings::Settings;
use analysis::Analysis;
use ide::FeatureContext;
use syntax::text::positions::{Encoding, LineCol};

use super::analysis_worker::schedule;
use super::capabilities::{self, ClientCaps};
use super::project_settings::ProjectSettings;
use super::{contain, convert, handlers, is_circleci_uri, limits};

/// How long the server waits for the client to answer one of its requests.
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

pub(super) struct OpenDocument {
    /// Tells this opening from a later one of the same URI.
    pub(super) id: u64,
    pub(super) doc: Document,
    /// Changes with the text and with the settings; an analysis made for another stamp is stale.
    pub(super) stamp: u64,
    /// The newest analysis and the stamp it was made for.
    pub(super) analysis: Option<(u64, Arc<Analysis>)>,
    /// The newest text whose YAML parsed without errors.
    pub(super) last_good_text: Option<Arc<str>>,
    /// Its analysis, kept only while the current text does not parse. While it does, the
    /// current analysis is the last good one, and memory holds one analysis, not two.
    pub(super) last_good: Option<Arc<Analysis>>,
    /// True while a worker is analysing this document.
    pub(super) worker: bool,
}

impl OpenDocument {
    pub(super) fn current(&self) -> Option<&Arc<Analysis>> {
        self.analysis
            .as_ref()
            .filter(|(stamp, _)| *stamp == self.stamp)
            .map(|(_, a)| a)
    }
}

#[derive(Default)]
pub(super) struct State {
    pub(super) docs: HashMap<lsp::Uri, OpenDocument>,
    pub(super) caps: ClientCaps,
    pub(super) settings: Settings,
    project: ProjectSettings,
    next_stamp: u64,
}

impl State {
    fn stamp(&mut self) -> u64 {
        self.next_stamp += 1;
        self.next_stamp
    }

    /// The document's settings: its circleci-ls.toml under the editor's settings. A broken
    /// file is shown to the user once.
    pub(super) fn doc_settings(&mut self, uri: &lsp::Uri, client: &Client) -> Settings {
        let (settings, problem) = self.project.settings_for(uri, &self.settings);
        if let Some(problem) = problem {
            let client = client.clone();
            tokio::spawn(async move {
                client.show_message(lsp::MessageType::ERROR, problem).await;
            });
        }
        settings
    }
}

/// Whether `shutdown` was received; the process's exit code follows it.
#[derive(Default)]
pub struct Lifecycle {
    shutdown: AtomicBool,
}

impl Lifecycle {
    pub fn shutdown_received(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }
}

/// Everything a request needs about one document, taken from the store in one short lock.
pub struct Snapshot {
    pub uri: lsp::Uri,
    pub rope: Rope,
    pub version: i32,
    pub analysis: Arc<Analysis>,
    pub last_good: Option<Arc<Analysis>>,
    pub caps: ClientCaps,
    /// The settings `analysis` was made with (project file and editor), for fix-all.
    pub settings: Settings,
}

impl Snapshot {
    pub fn enc(&self) -> Encoding {
        self.caps.encoding
    }

    pub fn offset(&self, pos: lsp::Position) -> usize {
        convert::offset(&self.rope, pos, self.enc())
    }

    pub fn range(&self, span: syntax::yaml::Span) -> lsp::Range {
        convert::range(&self.rope, span, self.enc())
    }

    pub fn ctx(&self, offset: usize) -> FeatureContext<'_> {
        FeatureContext {
            analysis: &self.analysis,
            last_good: self.last_good.as_deref(),
            offset,
        }
    }
}

/// A request to the client that is waiting for its answer, and whether another is wanted.
#[derive(Default)]
struct PullState {
    in_flight: bool,
    again: bool,
}

/// What the handlers and the analysis workers share.
pub(super) struct Shared {
    pub(super) client: Client,
    state: Mutex<State>,
    pub(super) publish: tokio::sync::Mutex<()>,
    /// Woken whenever an analysis is stored or a document closes.
    pub(super) analysed: Notify,
    settings_pull: Mutex<PullState>,
    lifecycle: Arc<Lifecycle>,
}

impl Shared {
    /// Locks the state. A handler that panicked while holding the lock leaves the state
    /// usable: every update is a single assignment, so the data is never half-written.
    pub(super) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    pub fn new(client: Client, lifecycle: Arc<Lifecycle>) -> Backend {
        Backend {
            shared: Arc::new(Shared {
                client,
                state: Mutex::new(State::default()),
                publish: tokio::sync::Mutex::new(()),
                analysed: Notify::new(),
                settings_pull: Mutex::new(PullState::default()),
                lifecycle,
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared.state()
    }

    fn client(&self) -> &Client {
        &self.shared.client
    }

    /// The document's snapshot, waiting for the analysis of its current text, with the
    /// analysis of its last text that parsed (made now if it was dropped).
    pub async fn snapshot(&self, uri: &lsp::Uri) -> Option<Snapshot> {
        let (rope, version, analysis, last_good, last_good_text, caps, settings, doc_id) = loop {
            let notified = self.shared.analysed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let mut state = self.state();
                // Settings are looked up for open documents only: a request naming any other
                // URI must not grow the per-directory cache.
                if !state.docs.contains_key(uri) {
                    return None;
                }
                let caps = state.caps.clone();
                let settings = state.doc_settings(uri, &self.shared.client);
                let open = state.docs.get(uri)?;
                if let Some(analysis) = open.current() {
                    break (
                        open.doc.rope.clone(),
                        open.doc.version,
                        analysis.clone(),
                        open.last_good.clone(),
                        open.last_good_text.clone(),
                        caps,
                        settings,
                        open.id,
                    );
                }
                schedule(&self.shared, &mut state, uri);
            }
            notified.await;
        };
        let doc_settings = settings.clone();
        let last_good = if analysis.yaml.is_complete() {
            Some(analysis.clone())
        } else if let Some(good) = last_good {
            Some(good)
        } else if let Some(text) = last_good_text {
            let job_text = text.clone();
            let orb_file = super::orb_file(uri);
            let good = tokio::task::spawn_blocking(move || {
                Arc::new(contain::analyze(orb_file.as_ref(), job_text, &settings))
            })
            .await
            .ok()?;
            let mut state = self.state();
            if let Some(open) = state.docs.get_mut(uri).filter(|o| o.id == doc_id) {
                if open
                    .last_good_text
                    .as_ref()
                    .is_some_and(|t| Arc::ptr_eq(t, &text))
                {
                    open.last_good = Some(good.clone());
                }
            }
            Some(good)
        } else {
            None
        };
        Some(Snapshot {
            uri: uri.clone(),
            rope,
            version,
            analysis,
            last_good,
            caps,
            settings: doc_settings,
        })
    }

    /// Analyses every open document again and re-publishes it (the project file changed).
    fn reanalyse_all(&self) {
        let mut state = self.state();
        let uris: Vec<lsp::Uri> = state.docs.keys().cloned().collect();
        for uri in uris {
            let stamp = state.stamp();
            if let Some(open) = state.docs.get_mut(&uri) {
                open.stamp = stamp;
            }
            schedule(&self.shared, &mut state, &uri);
        }
    }

    /// Applies new settings: every open document is analysed again and re-published.
    fn apply_settings(&self, settings: Settings) {
        let mut state = self.state();
        if state.settings == settings {
            return;
        }
        state.settings = settings;
        let uris: Vec<lsp::Uri> = state.docs.keys().cloned().collect();
        for uri in uris {
            let stamp = state.stamp();
            if let Some(open) = state.docs.get_mut(&uri) {
                open.stamp = stamp;
            }
            schedule(&self.shared, &mut state, &uri);
        }
    }

    async fn settings_from_json(&self, value: &Value) -> Option<Settings> {
        settings_from_json(&self.shared.client, value).await
    }

    /// Asks the client for the `circleci-ls` section in the background: the request loop never
    /// waits for the client, at most one such request is in flight, and it times out.
    fn pull_settings(&self) {
        {
            let mut pull = self
                .shared
                .settings_pull
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if pull.in_flight {
                pull.again = true;
                return;
            }
            pull.in_flight = true;
        }
        let backend = Backend {
            shared: self.shared.clone(),
        };
        tokio::spawn(async move {
            loop {
                if let Some(settings) = backend.pull_settings_once().await {
                    backend.apply_settings(settings);
                }
                let mut pull = backend
                    .shared
                    .settings_pull
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                if !pull.again {
                    pull.in_flight = false;
                    return;
                }
                pull.again = false;
            }
        });
    }

    async fn pull_settings_once(&self) -> Option<Settings> {
        let item = lsp::ConfigurationItem {
            scope_uri: None,
            section: Some("circleci-ls".to_string()),
        };
        let answer = tokio::time::timeout(
            CLIENT_REQUEST_TIMEOUT,
            self.client().configuration(vec![item]),
        )
        .await;
        let values = match answer {
            Ok(Ok(values)) => values,
            Ok(Err(e)) => {
                tracing::warn!(code = %e.code, "the client refused workspace/configuration");
                return None;
            }
            Err(_) => {
                tracing::warn!(
                    "the client did not answer workspace/configuration within {} s",
                    CLIENT_REQUEST_TIMEOUT.as_secs()
                );
                return None;
            }
        };
        let value = values.into_iter().next()?;
        if value.is_null() {
            return None;
        }
        self.settings_from_json(&serde_json::json!({ "circleci-ls": value }))
            .await
    }

    /// Test hook: a request whose handler panics (see `contain`).
    #[allow(clippy::panic)] // Deliberate: wire tests use it to prove the panic is contained.
    pub async fn test_panic(&self) -> Result<Value> {
        panic!("test hook: panic in a request handler");
    }

    pub async fn all_snapshots(&self) -> Vec<Snapshot> {
        let uris: Vec<lsp::Uri> = self.state().docs.keys().cloned().collect();
        let mut out = Vec::new();
        for uri in uris {
            if let Some(s) = self.snapshot(&uri).await {
                out.push(s);
            }
        }
        out
    }
}

/// Runs a request's work on a blocking thread, so answers that walk a whole document do not
/// hold other requests. A panic there is answered with InternalError.
async fn off_loop<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| tower_lsp_server::jsonrpc::Error::internal_error())
}

async fn settings_from_json(client: &Client, value: &Value) -> Option<Settings> {
    let (settings, problems) = Settings::from_json(value);
    for problem in problems {
        client.log_message(lsp::MessageType::WARNING, problem).await;
    }
    settings
}

fn change_from_lsp(change: lsp::TextDocumentContentChangeEvent) -> Change {
    Change {
        range: change.range.map(|r| {
            (
                LineCol {
                    line: r.start.line,
                    col: r.start.character,
                },
                LineCol {
                    line: r.end.line,
                    col: r.end.character,
                },
            )
        }),
        text: change.text,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let caps = ClientCaps::from_params(&params);
        let capabilities = capabilities::server_capabilities(&caps);
        let mut problems = Vec::new();
        {
            let mut state = self.state();
            if let Some(options) = &params.initialization_options {
                let (settings, p) = Settings::from_json(options);
                problems = p;
                if let Some(settings) = settings {
                    state.settings = settings;
                }
            }
            state.caps = caps;
            state.project = ProjectSettings::new(&params);
        }
        for problem in problems {
            self.client()
                .log_message(lsp::MessageType::WARNING, problem)
                .await;
        }
        Ok(lsp::InitializeResult {
            capabilities,
            server_info: Some(lsp::ServerInfo {
                name: "circleci-ls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        tracing::info!("client initialized");
        if self.state().project.can_watch {
            let client = self.shared.client.clone();
            // In the background: the request loop never waits for the client.
            tokio::spawn(async move {
                let registration = ProjectSettings::registration();
                if let Err(e) = client.register_capability(vec![registration]).await {
                    tracing::warn!("the client refused to watch circleci-ls.toml: {e}");
                }
            });
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.lifecycle.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let item = params.text_document;
        if !is_circleci_uri(&item.uri) {
            return;
        }
        let mut state = self.state();
        let id = state.stamp();
        let stamp = state.stamp();
        state.docs.insert(
            item.uri.clone(),
            OpenDocument {
                id,
                doc: Document::new(&item.text, item.version),
                stamp,
                analysis: None,
                last_good_text: None,
                last_good: None,
                worker: false,
            },
        );
        schedule(&self.shared, &mut state, &item.uri);
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        if params.content_changes.len() > limits::MAX_CONTENT_CHANGES {
            tracing::warn!(
                changes = params.content_changes.len(),
                limit = limits::MAX_CONTENT_CHANGES,
                "ignored a didChange with too many changes"
            );
            return;
        }
        let changes: Vec<Change> = params
            .content_changes
            .into_iter()
            .map(change_from_lsp)
            .collect();
        let mut state = self.state();
        let enc = state.caps.encoding;
        let stamp = state.stamp();
        let Some(open) = state.docs.get_mut(&uri) else {
            return;
        };
        if version < open.doc.version {
            tracing::warn!(
                version,
                current = open.doc.version,
                "ignored a didChange with a version lower than the document's"
            );
            return;
        }
        open.doc.apply(&changes, enc);
        open.doc.version = version;
        open.stamp = stamp;
        schedule(&self.shared, &mut state, &uri);
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let was_open = {
            let mut state = self.state();
            let was_open = state.docs.remove(&uri).is_some();
            // Everything kept for the document goes with it; its worker stops at its next look.
            let State { docs, project, .. } = &mut *state;
            project.forget_other_dirs(docs.keys());
            was_open
        };
        self.shared.analysed.notify_waiters();
        super::memory::release_soon();
        if was_open {
            let _order = self.shared.publish.lock().await;
            self.client()
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        }
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let problems = self.state().project.files_changed(&params.changes);
        for problem in problems {
            self.client()
                .show_message(lsp::MessageType::ERROR, problem)
                .await;
        }
        self.reanalyse_all();
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        if params.settings.is_null() || params.settings.as_object().is_some_and(|o| o.is_empty()) {
            if self.state().caps.configuration_pull {
                self.pull_settings();
            }
            return;
        }
        if let Some(settings) = self.settings_from_json(&params.settings).await {
            self.apply_settings(settings);
        }
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        let pos = params.text_document_position;
        Ok(self
            .snapshot(&pos.text_document.uri)
            .await
            .map(|s| handlers::completion(&s, pos.position)))
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let pos = params.text_document_position_params;
        Ok(self
            .snapshot(&pos.text_document.uri)
            .await
            .and_then(|s| handlers::hover(&s, pos.position)))
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        let Some(s) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        off_loop(move || Some(handlers::code_actions(&s, &params))).await
    }

    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> Result<Option<lsp::GotoDefinitionResponse>> {
        let pos = params.text_document_position_params;
        Ok(self
            .snapshot(&pos.text_document.uri)
            .await
            .and_then(|s| handlers::definition(&s, pos.position)))
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        let pos = params.text_document_position;
        let Some(s) = self.snapshot(&pos.text_document.uri).await else {
            return Ok(None);
        };
        let include_declaration = params.context.include_declaration;
        off_loop(move || Some(handlers::references(&s, pos.position, include_declaration))).await
    }

    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        let pos = params.text_document_position_params;
        Ok(self
            .snapshot(&pos.text_document.uri)
            .await
            .map(|s| handlers::highlights(&s, pos.position)))
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        let Some(s) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        handlers::prepare_rename(&s, params.position).map(Some)
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        let pos = params.text_document_position;
        let Some(s) = self.snapshot(&pos.text_document.uri).await else {
            return Ok(None);
        };
        handlers::rename(&s, pos.position, &params.new_name).map(Some)
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> Result<Option<lsp::DocumentSymbolResponse>> {
        let Some(s) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        off_loop(move || Some(handlers::document_symbols(&s))).await
    }

    async fn symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        let snapshots = self.all_snapshots().await;
        off_loop(move || Some(handlers::workspace_symbols(&snapshots, &params.query))).await
    }

    async fn semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> Result<Option<lsp::SemanticTokensResult>> {
        let Some(s) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        off_loop(move || {
            Some(lsp::SemanticTokensResult::Tokens(
                handlers::semantic_tokens(&s, None),
            ))
        })
        .await
    }

    async fn semantic_tokens_range(
        &self,
        params: lsp::SemanticTokensRangeParams,
    ) -> Result<Option<lsp::SemanticTokensRangeResult>> {
        let Some(s) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        off_loop(move || {
            Some(lsp::SemanticTokensRangeResult::Tokens(
                handlers::semantic_tokens(&s, Some(params.range)),
            ))
        })
        .await
    }

    async fn folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> Result<Option<Vec<lsp::FoldingRange>>> {
        let Some(s) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        off_loop(move || Some(handlers::folding_ranges(&s))).await
    }

    async fn selection_range(
        &self,
        params: lsp::SelectionRangeParams,
    ) -> Result<Option<Vec<lsp::SelectionRange>>> {
        if params.positions.len() > limits::MAX_SELECTION_POSITIONS {
            return Err(handlers::too_many(
                "positions",
                params.positions.len(),
                limits::MAX_SELECTION_POSITIONS,
            ));
        }
        let Some(s) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        off_loop(move || Some(handlers::selection_ranges(&s, &params.positions))).await
    }

    async fn document_link(
        &self,
        params: lsp::DocumentLinkParams,
    ) -> Result<Option<Vec<lsp::DocumentLink>>> {
        let Some(s) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        off_loop(move || Some(handlers::document_links(&s))).await
    }
}
