//! The language server: routes LSP requests to the features and converts their answers.
//!
//! tower-lsp-server runs several handlers at once, so document changes are applied to the store
//! synchronously, before the first `.await`, under a std `Mutex`. Analysis runs outside the lock;
//! diagnostics are published under an async lock, and only for the version still current.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::{Client, LanguageServer};

use crate::analysis::{self, Analysis};
use crate::document::{Change, Document};
use crate::features::FeatureContext;
use crate::settings::Settings;
use crate::text::positions::{Encoding, LineCol};

use super::capabilities::{self, ClientCaps};
use super::{convert, handlers, is_circleci_uri};

struct OpenDocument {
    doc: Document,
    /// The analysis of `doc` at its current version, once computed.
    analysis: Option<Arc<Analysis>>,
    /// The newest text whose YAML parsed without errors.
    last_good_text: Option<Arc<str>>,
    /// Its analysis, kept only while the current text does not parse. While it does, the
    /// current analysis is the last good one, and memory holds one analysis, not two.
    last_good: Option<Arc<Analysis>>,
}

#[derive(Default)]
struct State {
    docs: HashMap<lsp::Uri, OpenDocument>,
    caps: ClientCaps,
    settings: Settings,
}

/// Everything a request needs about one document, taken from the store in one short lock.
pub struct Snapshot {
    pub uri: lsp::Uri,
    pub rope: Rope,
    pub version: i32,
    pub analysis: Arc<Analysis>,
    pub last_good: Option<Arc<Analysis>>,
    pub caps: ClientCaps,
}

impl Snapshot {
    pub fn enc(&self) -> Encoding {
        self.caps.encoding
    }

    pub fn offset(&self, pos: lsp::Position) -> usize {
        convert::offset(&self.rope, pos, self.enc())
    }

    pub fn range(&self, span: crate::yaml::Span) -> lsp::Range {
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

pub struct Backend {
    client: Client,
    state: Mutex<State>,
    publish: tokio::sync::Mutex<()>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Mutex::new(State::default()),
            publish: tokio::sync::Mutex::new(()),
        }
    }

    /// Locks the state. A handler that panicked while holding the lock leaves the state
    /// usable: every update is a single assignment, so the data is never half-written.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The document's snapshot, analysing it first if its analysis is missing or stale.
    /// Requests that read names from the last good tree ask for it with `with_last_good`.
    pub fn snapshot(&self, uri: &lsp::Uri) -> Option<Snapshot> {
        self.snapshot_with(uri, true)
    }

    fn snapshot_with(&self, uri: &lsp::Uri, with_last_good: bool) -> Option<Snapshot> {
        let (rope, version, analysis, last_good, last_good_text, caps, settings) = {
            let state = self.state();
            let open = state.docs.get(uri)?;
            (
                open.doc.rope.clone(),
                open.doc.version,
                open.analysis.clone(),
                open.last_good.clone(),
                open.last_good_text.clone(),
                state.caps.clone(),
                state.settings.clone(),
            )
        };
        let analysis = match analysis {
            Some(a) => a,
            None => {
                let a = Arc::new(analysis::analyze(Arc::from(rope.to_string()), &settings));
                self.store_analysis(uri, version, &a);
                a
            }
        };
        let last_good = if analysis.yaml.is_complete() {
            Some(analysis.clone())
        } else if !with_last_good {
            None
        } else if let Some(good) = last_good {
            Some(good)
        } else if let Some(text) = last_good_text {
            let good = Arc::new(analysis::analyze(text.clone(), &settings));
            let mut state = self.state();
            if let Some(open) = state.docs.get_mut(uri) {
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
        })
    }

    fn store_analysis(&self, uri: &lsp::Uri, version: i32, analysis: &Arc<Analysis>) {
        let mut state = self.state();
        if let Some(open) = state.docs.get_mut(uri) {
            if open.doc.version == version {
                open.analysis = Some(analysis.clone());
                if analysis.yaml.is_complete() {
                    open.last_good_text = Some(analysis.text.clone());
                    open.last_good = None;
                }
            }
        }
    }

    /// Analyses the document if needed and publishes its diagnostics, unless a newer version
    /// has arrived meanwhile (its own handler publishes then).
    async fn publish(&self, uri: lsp::Uri) {
        let Some(snapshot) = self.snapshot_with(&uri, false) else {
            return;
        };
        let diagnostics: Vec<lsp::Diagnostic> = snapshot
            .analysis
            .findings
            .iter()
            .map(|f| convert::diagnostic(&snapshot.rope, &uri, f, snapshot.enc(), &snapshot.caps))
            .collect();
        let _order = self.publish.lock().await;
        let current = self.state().docs.get(&uri).map(|o| o.doc.version);
        if current != Some(snapshot.version) {
            return;
        }
        let version = snapshot
            .caps
            .versioned_diagnostics
            .then_some(snapshot.version);
        self.client
            .publish_diagnostics(uri, diagnostics, version)
            .await;
    }

    /// Applies new settings and re-publishes every open document's diagnostics.
    async fn apply_settings(&self, settings: Settings) {
        let uris: Vec<lsp::Uri> = {
            let mut state = self.state();
            if state.settings == settings {
                return;
            }
            state.settings = settings;
            for open in state.docs.values_mut() {
                open.analysis = None;
            }
            state.docs.keys().cloned().collect()
        };
        for uri in uris {
            self.publish(uri).await;
        }
    }

    async fn settings_from_json(&self, value: &Value) -> Option<Settings> {
        let (settings, problems) = Settings::from_json(value);
        for problem in problems {
            self.client
                .log_message(lsp::MessageType::WARNING, problem)
                .await;
        }
        settings
    }

    /// Asks the client for the `circleci-ls` section when it did not send settings itself.
    async fn pull_settings(&self) -> Option<Settings> {
        let item = lsp::ConfigurationItem {
            scope_uri: None,
            section: Some("circleci-ls".to_string()),
        };
        let values = self.client.configuration(vec![item]).await.ok()?;
        let value = values.into_iter().next()?;
        if value.is_null() {
            return None;
        }
        self.settings_from_json(&serde_json::json!({ "circleci-ls": value }))
            .await
    }

    /// Answers a frame whose body was not JSON (see `framing`).
    pub async fn parse_error(&self) -> Result<Value> {
        Err(tower_lsp_server::jsonrpc::Error::parse_error())
    }

    /// Answers JSON that was not a JSON-RPC message (see `framing`).
    pub async fn invalid_request(&self) -> Result<Value> {
        Err(tower_lsp_server::jsonrpc::Error::invalid_request())
    }

    pub fn all_snapshots(&self) -> Vec<Snapshot> {
        let uris: Vec<lsp::Uri> = self.state().docs.keys().cloned().collect();
        uris.iter().filter_map(|u| self.snapshot(u)).collect()
    }
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
        }
        for problem in problems {
            self.client
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
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let item = params.text_document;
        if !is_circleci_uri(&item.uri) {
            return;
        }
        {
            let mut state = self.state();
            state.docs.insert(
                item.uri.clone(),
                OpenDocument {
                    doc: Document::new(&item.text, item.version),
                    analysis: None,
                    last_good_text: None,
                    last_good: None,
                },
            );
        }
        self.publish(item.uri).await;
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let changes: Vec<Change> = params
            .content_changes
            .into_iter()
            .map(change_from_lsp)
            .collect();
        {
            let mut state = self.state();
            let enc = state.caps.encoding;
            let Some(open) = state.docs.get_mut(&uri) else {
                return;
            };
            open.doc.apply(&changes, enc);
            open.doc.version = params.text_document.version;
            open.analysis = None;
        }
        self.publish(uri).await;
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let was_open = self.state().docs.remove(&uri).is_some();
        if was_open {
            let _order = self.publish.lock().await;
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        let settings = if params.settings.is_null()
            || params.settings.as_object().is_some_and(|o| o.is_empty())
        {
            if self.state().caps.configuration_pull {
                self.pull_settings().await
            } else {
                None
            }
        } else {
            self.settings_from_json(&params.settings).await
        };
        if let Some(settings) = settings {
            self.apply_settings(settings).await;
        }
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        let pos = params.text_document_position;
        Ok(self
            .snapshot(&pos.text_document.uri)
            .map(|s| handlers::completion(&s, pos.position)))
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let pos = params.text_document_position_params;
        Ok(self
            .snapshot(&pos.text_document.uri)
            .and_then(|s| handlers::hover(&s, pos.position)))
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        Ok(self
            .snapshot(&params.text_document.uri)
            .map(|s| handlers::code_actions(&s, &params)))
    }

    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> Result<Option<lsp::GotoDefinitionResponse>> {
        let pos = params.text_document_position_params;
        Ok(self
            .snapshot(&pos.text_document.uri)
            .and_then(|s| handlers::definition(&s, pos.position)))
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        let pos = params.text_document_position;
        Ok(self
            .snapshot(&pos.text_document.uri)
            .map(|s| handlers::references(&s, pos.position, params.context.include_declaration)))
    }

    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        let pos = params.text_document_position_params;
        Ok(self
            .snapshot(&pos.text_document.uri)
            .map(|s| handlers::highlights(&s, pos.position)))
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        let Some(s) = self.snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        handlers::prepare_rename(&s, params.position).map(Some)
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        let pos = params.text_document_position;
        let Some(s) = self.snapshot(&pos.text_document.uri) else {
            return Ok(None);
        };
        handlers::rename(&s, pos.position, &params.new_name).map(Some)
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> Result<Option<lsp::DocumentSymbolResponse>> {
        Ok(self
            .snapshot(&params.text_document.uri)
            .map(|s| handlers::document_symbols(&s)))
    }

    async fn symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        let snapshots = self.all_snapshots();
        Ok(Some(handlers::workspace_symbols(&snapshots, &params.query)))
    }

    async fn semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> Result<Option<lsp::SemanticTokensResult>> {
        Ok(self
            .snapshot(&params.text_document.uri)
            .map(|s| lsp::SemanticTokensResult::Tokens(handlers::semantic_tokens(&s, None))))
    }

    async fn semantic_tokens_range(
        &self,
        params: lsp::SemanticTokensRangeParams,
    ) -> Result<Option<lsp::SemanticTokensRangeResult>> {
        Ok(self.snapshot(&params.text_document.uri).map(|s| {
            lsp::SemanticTokensRangeResult::Tokens(handlers::semantic_tokens(
                &s,
                Some(params.range),
            ))
        }))
    }

    async fn folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> Result<Option<Vec<lsp::FoldingRange>>> {
        Ok(self
            .snapshot(&params.text_document.uri)
            .map(|s| handlers::folding_ranges(&s)))
    }

    async fn selection_range(
        &self,
        params: lsp::SelectionRangeParams,
    ) -> Result<Option<Vec<lsp::SelectionRange>>> {
        Ok(self
            .snapshot(&params.text_document.uri)
            .map(|s| handlers::selection_ranges(&s, &params.positions)))
    }

    async fn document_link(
        &self,
        params: lsp::DocumentLinkParams,
    ) -> Result<Option<Vec<lsp::DocumentLink>>> {
        Ok(self
            .snapshot(&params.text_document.uri)
            .map(|s| handlers::document_links(&s)))
    }
}
