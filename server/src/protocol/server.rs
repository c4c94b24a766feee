//! The language server: fills the workspace from LSP notifications and watched files, routes
//! requests through the dispatch table, and publishes diagnostics.
//!
//! tower-lsp-server runs several handlers at once, so document changes are applied to the
//! state synchronously, before the first `.await`, under a std `Mutex`. Everything read from
//! disk for a document (its project file, its orb's source tree, orb folders) is read in the
//! same synchronous stretch, outside the lock. Analysis runs off the request loop (see
//! `analysis_worker`); requests answer from the analysis of the workspace as they find it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::{Client, LanguageServer};

use crate::document::{Change as TextChange, Document, OutOfStep, Synced};
use analysis::settings::Settings;
use analysis::workspace::{AnalysisKey, Change, ChangeReport, Overrides, Workspace};
use analysis::FilePath;
use syntax::text::positions::LineCol;

use super::analysis_worker::schedule_all;
use super::capabilities::{self, ClientCaps};
use super::notices::{Notices, Problem};
use super::on_disk::{self, Disk, Read};
use super::requests::{self, Answer, DocumentRequest, Params, WorkspaceRequest};
use super::requests::{WorkspaceAnswer, WorkspaceParams};
use super::snapshot::{Snapshot, View};
use super::{contain, file_path_of, is_circleci_uri};

/// How long the server waits for the client to answer one of its requests.
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

pub(super) struct OpenDocument {
    /// Tells this opening from a later one of the same URI.
    pub(super) id: u64,
    /// The document's name in the workspace.
    pub(super) path: FilePath,
    pub(super) doc: Document,
    /// What the last published diagnostics were made from; the document needs a worker
    /// while its analysis key differs.
    pub(super) published: Option<AnalysisKey>,
    /// True while a worker is analysing this document.
    pub(super) worker: bool,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) docs: HashMap<lsp::Uri, OpenDocument>,
    pub(super) caps: ClientCaps,
    /// Every input the analyses read: open buffers, project files, orb trees and folders.
    pub(super) workspace: Workspace,
    /// The editor's settings, laid over every project file.
    editor: Settings,
    next_id: u64,
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

    /// `shutdown` arrived. Noted as it comes in, before its handler runs: an `exit` sent
    /// right behind it cancels the handler, and the exit code must still be 0.
    pub(super) fn shutdown_arrived(&self) {
        self.shutdown.store(true, Ordering::SeqCst);
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
    disk: Mutex<Disk>,
    pub(super) publish: tokio::sync::Mutex<()>,
    settings_pull: Mutex<PullState>,
    lifecycle: Arc<Lifecycle>,
    /// Problems shown to the user, so each is shown once.
    notices: Mutex<Notices>,
}

/// Locks a mutex. A handler that panicked while holding it leaves the data usable: every
/// update is a single assignment, so nothing is half-written.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub(super) fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    pub fn new(client: Client, lifecycle: Arc<Lifecycle>) -> Backend {
        let mut state = State::default();
        if let Some(hook) = contain::analysis_hook() {
            state.workspace.set_analysis_hook(hook);
        }
        Backend {
            shared: Arc::new(Shared {
                client,
                state: Mutex::new(state),
                disk: Mutex::new(Disk::default()),
                publish: tokio::sync::Mutex::new(()),
                settings_pull: Mutex::new(PullState::default()),
                lifecycle,
                notices: Mutex::new(Notices::default()),
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared.state()
    }

    fn client(&self) -> &Client {
        &self.shared.client
    }

    /// Applies `change`, reads the orb folders the settings now name, and analyses again
    /// every open document whose inputs changed. What reading the disk found and what the
    /// change reports reach the user: each problem once, the rest in the log.
    fn update(&self, change: Change, read: Read) {
        let mut reports = Vec::new();
        let wanted = {
            let mut state = self.state();
            reports.push(state.workspace.apply_change(change));
            state.workspace.snapshot().orb_dirs_wanted()
        };
        let Read {
            mut problems,
            mut logged,
            fine,
        } = read;
        if !wanted.is_empty() {
            let (folders, mut read) = crate::disk::orb_folders::read_wanted(&wanted);
            logged.append(&mut read);
            reports.push(self.state().workspace.apply_change(folders));
        }
        reports.extend(self.read_wanted_configs());
        schedule_all(&self.shared, &mut self.state());
        for report in reports {
            logged.extend(report.orb_problems);
            problems.extend(report.config_errors.iter().map(on_disk::settings_problem));
        }
        self.tell(problems, logged, &fine);
    }

    /// Shows each problem the user has not seen yet and logs the rest; the subjects in
    /// `fine` have no problem any more.
    fn tell(&self, problems: Vec<Problem>, logged: Vec<String>, fine: &[String]) {
        let new: Vec<Problem> = {
            let mut notices = lock(&self.shared.notices);
            for about in fine {
                if !problems.iter().any(|p| &p.about == about) {
                    notices.resolved(about);
                }
            }
            problems
                .into_iter()
                .filter(|p| notices.first_time(p))
                .collect()
        };
        for problem in new {
            self.show_error(problem.message);
        }
        let logged: Vec<String> = {
            let mut notices = lock(&self.shared.notices);
            logged
                .into_iter()
                .filter(|line| {
                    notices.first_time(&Problem {
                        about: format!("log: {line}"),
                        message: String::new(),
                    })
                })
                .collect()
        };
        if logged.is_empty() {
            return;
        }
        let client = self.shared.client.clone();
        tokio::spawn(async move {
            for p in logged {
                client
                    .log_message(lsp::MessageType::WARNING, format!("circleci-ls: {p}"))
                    .await;
            }
        });
    }

    /// A document no longer matches the editor's text: the log says why, the user is asked
    /// once to reopen it, and its findings are withdrawn (their places may be wrong).
    fn out_of_step(&self, uri: lsp::Uri, why: &OutOfStep, name: &str, about: String) {
        tracing::warn!(uri = uri.as_str(), reason = %why, "a document is out of step with the editor");
        let message = format!("`{name}` is out of step with the editor ({why}); close and reopen it to have it checked again.");
        self.tell(vec![Problem { about, message }], Vec::new(), &[]);
        let shared = self.shared.clone();
        tokio::spawn(async move {
            let _order = shared.publish.lock().await;
            shared
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        });
    }

    /// Shows an error to the user, in the background.
    fn show_error(&self, message: String) {
        let client = self.shared.client.clone();
        tokio::spawn(async move {
            client
                .show_message(lsp::MessageType::ERROR, format!("circleci-ls: {message}"))
                .await;
        });
    }

    /// What the disk holds for a document: its project file and repository root, and for
    /// an orb source file its orb's tree. Read before the document's buffer is applied.
    fn disk_context(&self, uri: &lsp::Uri, path: &FilePath, change: &mut Change) -> Read {
        let Some(file) = uri.to_file_path() else {
            return Read::default();
        };
        lock(&self.shared.disk).context(&file, path, change)
    }

    /// Reads the files the waiting watched-file events name, and applies them.
    fn read_watched_files(&self) {
        let open: Vec<FilePath> = self.state().docs.values().map(|o| o.path.clone()).collect();
        let mut change = Change::new();
        let read = lock(&self.shared.disk).read_events(&open, &mut change);
        self.update(change, read);
    }

    /// Reads the files setup configs name that the workspace has not been given yet (the
    /// configs they continue with, mapping and parameters files), a few rounds at most.
    /// Returns what applying them reported.
    fn read_wanted_configs(&self) -> Vec<ChangeReport> {
        let mut reports = Vec::new();
        for _ in 0..2 {
            let wanted = self.state().workspace.snapshot().project_files_wanted();
            if wanted.is_empty() {
                break;
            }
            let mut change = Change::new();
            lock(&self.shared.disk)
                .configs
                .read_wanted(wanted, &mut change);
            reports.push(self.state().workspace.apply_change(change));
        }
        reports
    }

    /// The view of an open document for a request, or `None` when it is not open.
    fn view(&self, uri: &lsp::Uri) -> Option<View> {
        let state = self.state();
        let open = state.docs.get(uri)?;
        Some(View {
            uri: uri.clone(),
            path: open.path.clone(),
            rope: open.doc.rope.clone(),
            version: open.doc.version,
            caps: state.caps.clone(),
            workspace: state.workspace.snapshot(),
        })
    }

    /// Answers a document request off the request loop: the default answer for a document
    /// that is not open, and an InternalError for a handler that panicked.
    pub(super) async fn dispatch<R: DocumentRequest>(
        &self,
        params: Params<R>,
    ) -> Result<Answer<R>> {
        R::check(&params)?;
        let Some(view) = self.view(R::document(&params)) else {
            return Ok(Answer::<R>::default());
        };
        off_loop(move || match view.analysed() {
            Some(s) => R::handle(&requests::Cx::new(&s, R::SCOPE), params),
            None => Ok(Answer::<R>::default()),
        })
        .await?
    }

    /// Answers a request about every open document, off the request loop.
    pub(super) async fn dispatch_workspace<R: WorkspaceRequest>(
        &self,
        params: WorkspaceParams<R>,
    ) -> Result<WorkspaceAnswer<R>> {
        let uris: Vec<lsp::Uri> = self.state().docs.keys().cloned().collect();
        let mut views: Vec<View> = uris.iter().filter_map(|uri| self.view(uri)).collect();
        views.extend(self.unopened_members());
        off_loop(move || {
            let snapshots: Vec<Snapshot> = views.into_iter().filter_map(View::analysed).collect();
            R::handle(&snapshots, params)
        })
        .await?
    }

    /// Reads the config files of the workspace folders' projects, so that requests across
    /// the workspace answer for files not open yet.
    fn read_folder_projects(&self) {
        let mut change = Change::new();
        {
            let mut disk = lock(&self.shared.disk);
            let folders = std::mem::take(&mut disk.folders);
            for folder in folders {
                let circleci = folder.join(".circleci");
                if circleci.is_dir() {
                    disk.configs
                        .discover(&circleci.join("config.yml"), &mut change);
                }
            }
        }
        self.update(change, Read::default());
    }

    /// Views of the files of projects' dynamic configs (setup and continuation configs,
    /// packed trees) read from disk and not open, so workspace requests answer for them too.
    fn unopened_members(&self) -> Vec<View> {
        let state = self.state();
        let workspace = state.workspace.snapshot();
        let open: Vec<&FilePath> = state.docs.values().map(|o| &o.path).collect();
        workspace
            .project_members()
            .into_iter()
            .filter(|path| !open.contains(&path))
            .filter_map(|path| {
                let text = workspace.text(&path)?;
                Some(View {
                    uri: super::uri_of(&path)?,
                    rope: ropey::Rope::from_str(&text),
                    version: 0,
                    caps: state.caps.clone(),
                    workspace: workspace.clone(),
                    path,
                })
            })
            .collect()
    }

    /// Applies new editor settings: every open document is analysed again and re-published.
    fn apply_settings(&self, settings: Settings) {
        let settings = with_absolute_orb_dirs(settings);
        let refresh_hints = {
            let mut state = self.state();
            if state.editor == settings {
                return;
            }
            let changed = state.editor.inlay_hints != settings.inlay_hints;
            state.editor = settings.clone();
            changed && state.caps.inlay_hint_refresh
        };
        if refresh_hints {
            let client = self.client().clone();
            tokio::spawn(async move {
                let refresh = client.inlay_hint_refresh();
                let _ = tokio::time::timeout(CLIENT_REQUEST_TIMEOUT, refresh).await;
            });
        }
        let mut change = Change::new();
        change.set_overrides(Overrides {
            settings,
            docker_hub: None,
        });
        self.update(change, Read::default());
    }

    /// Asks the client for the `circleci-ls` section in the background: the request loop never
    /// waits for the client, at most one such request is in flight, and it times out.
    fn pull_settings(&self) {
        {
            let mut pull = lock(&self.shared.settings_pull);
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
                let mut pull = lock(&backend.shared.settings_pull);
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
        settings_from_json(self.client(), &serde_json::json!({ "circleci-ls": value })).await
    }

    /// Test hook: a request whose handler panics (see `contain`).
    #[allow(clippy::panic)] // Deliberate: wire tests use it to prove the panic is contained.
    pub async fn test_panic(&self) -> Result<Value> {
        panic!("test hook: panic in a request handler");
    }
}

/// Runs a request's work on a blocking thread, so answers that walk a whole document (and
/// analyses that take a while) do not hold other requests. A panic there is answered with
/// InternalError.
async fn off_loop<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| tower_lsp_server::jsonrpc::Error::internal_error())
}

/// Editor settings name orb directories as the user wrote them: relative ones are read from
/// the server's working directory.
fn with_absolute_orb_dirs(mut settings: Settings) -> Settings {
    for dir in &mut settings.orb_dirs {
        *dir = crate::disk::file_path(std::path::Path::new(dir.as_str()));
    }
    settings
}

async fn settings_from_json(client: &Client, value: &Value) -> Option<Settings> {
    let (settings, problems) = Settings::from_json(value);
    for problem in problems {
        client.log_message(lsp::MessageType::WARNING, problem).await;
    }
    settings
}

fn change_from_lsp(change: lsp::TextDocumentContentChangeEvent) -> TextChange {
    TextChange {
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

/// The `LanguageServer` impl: the notifications that fill the workspace written out, and one
/// line per request, `method => Request`, each a call into the dispatch table. The same
/// lines advertise each request's capability ([`advertise`]).
macro_rules! language_server {
    (
        notifications { $($notifications:tt)* }
        documents { $($method:ident => $request:ty),* $(,)? }
        workspace { $($workspace_method:ident => $workspace_request:ty),* $(,)? }
    ) => {
        impl LanguageServer for Backend {
            $($notifications)*

            $(
                async fn $method(&self, params: Params<$request>) -> Result<Answer<$request>> {
                    self.dispatch::<$request>(params).await
                }
            )*

            $(
                async fn $workspace_method(
                    &self,
                    params: WorkspaceParams<$workspace_request>,
                ) -> Result<WorkspaceAnswer<$workspace_request>> {
                    self.dispatch_workspace::<$workspace_request>(params).await
                }
            )*
        }

        /// Adds every registered request's capability to what the server offers.
        pub(super) fn advertise(caps: &ClientCaps, server: &mut lsp::ServerCapabilities) {
            $(<$request as DocumentRequest>::advertise(caps, server);)*
            $(<$workspace_request as WorkspaceRequest>::advertise(caps, server);)*
        }
    };
}

language_server! {
    notifications {
        async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
            self.on_initialize(params).await
        }

        async fn initialized(&self, _: lsp::InitializedParams) {
            self.on_initialized();
        }

        async fn shutdown(&self) -> Result<()> {
            self.shared.lifecycle.shutdown_arrived();
            Ok(())
        }

        async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
            self.on_open(params.text_document);
        }

        async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
            self.on_change(params);
        }

        async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
            self.on_close(params.text_document.uri).await;
        }

        async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
            self.on_watched_files(&params.changes);
        }

        async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
            self.on_configuration(params.settings).await;
        }
    }
    documents {
        completion => requests::Completion,
        hover => requests::Hover,
        code_action => requests::CodeActions,
        goto_definition => requests::Definition,
        references => requests::References,
        document_highlight => requests::Highlights,
        prepare_rename => requests::PrepareRename,
        rename => requests::Rename,
        document_symbol => requests::DocumentSymbols,
        semantic_tokens_full => requests::SemanticTokensFull,
        semantic_tokens_range => requests::SemanticTokensRange,
        folding_range => requests::FoldingRanges,
        selection_range => requests::SelectionRanges,
        document_link => requests::DocumentLinks,
        inlay_hint => requests::InlayHints,
    }
    workspace {
        symbol => requests::WorkspaceSymbols,
    }
}

/// The notifications and lifecycle requests.
impl Backend {
    async fn on_initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let caps = ClientCaps::from_params(&params);
        let mut capabilities = capabilities::base(&caps);
        advertise(&caps, &mut capabilities);
        let mut problems = Vec::new();
        let mut editor = None;
        if let Some(options) = &params.initialization_options {
            let (settings, p) = Settings::from_json(options);
            problems = p;
            editor = settings;
        }
        self.state().caps = caps;
        {
            let mut disk = lock(&self.shared.disk);
            disk.can_watch = super::watch::can_watch(&params);
            disk.folders = workspace_folders(&params);
        }
        for problem in problems {
            self.client()
                .log_message(lsp::MessageType::WARNING, problem)
                .await;
        }
        if let Some(settings) = editor {
            self.apply_settings(settings);
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

    fn on_initialized(&self) {
        tracing::info!("client initialized");
        self.read_folder_projects();
        if !lock(&self.shared.disk).can_watch {
            return;
        }
        let client = self.shared.client.clone();
        // In the background: the request loop never waits for the client.
        tokio::spawn(async move {
            let registration = super::watch::registration();
            if let Err(e) = client.register_capability(vec![registration]).await {
                tracing::warn!("the client refused to watch circleci-ls.toml: {e}");
            }
        });
    }

    fn on_open(&self, item: lsp::TextDocumentItem) {
        if !is_circleci_uri(&item.uri) {
            return;
        }
        let path = file_path_of(&item.uri);
        let mut change = Change::new();
        let problems = self.disk_context(&item.uri, &path, &mut change);
        change.set_buffer(path.clone(), Arc::from(item.text.as_str()));
        {
            let mut state = self.state();
            state.next_id += 1;
            let id = state.next_id;
            state.docs.insert(
                item.uri.clone(),
                OpenDocument {
                    id,
                    path,
                    doc: Document::new(&item.text, item.version),
                    published: None,
                    worker: false,
                },
            );
        }
        self.update(change, problems);
    }

    fn on_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let changes: Vec<TextChange> = params
            .content_changes
            .into_iter()
            .map(change_from_lsp)
            .collect();
        let mut change = Change::new();
        {
            let mut state = self.state();
            let enc = state.caps.encoding;
            let Some(open) = state.docs.get_mut(&uri) else {
                return;
            };
            match open.doc.apply_batch(&changes, version, enc) {
                Synced::Applied => {}
                Synced::StillLost => return,
                Synced::Lost(why) => {
                    let about = format!("{} ({}, {})", open.path, open.id, open.doc.losses);
                    let name = open
                        .path
                        .as_str()
                        .rsplit('/')
                        .next()
                        .unwrap_or("")
                        .to_string();
                    drop(state);
                    return self.out_of_step(uri, &why, &name, about);
                }
            }
            change.set_buffer(open.path.clone(), Arc::from(open.doc.text()));
        }
        self.update(change, Read::default());
    }

    async fn on_close(&self, uri: lsp::Uri) {
        let Some(closed) = self.state().docs.remove(&uri) else {
            return;
        };
        let mut change = Change::new();
        change.close_buffer(closed.path.clone());
        // An orb's tree leaves the workspace with the last open file of the orb.
        if let Some(orb) = analysis::orbs::dev::orb_file(&closed.path) {
            let still_open = self
                .state()
                .docs
                .values()
                .any(|o| o.path.starts_with(&orb.src));
            if !still_open {
                lock(&self.shared.disk).trees.forget(&orb.src, &mut change);
            }
        }
        self.update(change, Read::default());
        super::memory::release_soon();
        let _order = self.shared.publish.lock().await;
        self.client()
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }

    /// Watched-file events gather for a moment and are read together (see `on_disk`).
    fn on_watched_files(&self, events: &[lsp::FileEvent]) {
        if !lock(&self.shared.disk).add_events(events) {
            return;
        }
        let backend = Backend {
            shared: self.shared.clone(),
        };
        tokio::spawn(async move {
            tokio::time::sleep(on_disk::COALESCE).await;
            backend.read_watched_files();
        });
    }

    async fn on_configuration(&self, settings: Value) {
        if settings.is_null() || settings.as_object().is_some_and(|o| o.is_empty()) {
            if self.state().caps.configuration_pull {
                self.pull_settings();
            }
            return;
        }
        if let Some(settings) = settings_from_json(self.client(), &settings).await {
            self.apply_settings(settings);
        }
    }
}

/// The folders the client opened: its workspace folders, else its root.
#[allow(deprecated)]
fn workspace_folders(params: &lsp::InitializeParams) -> Vec<std::path::PathBuf> {
    let uris: Vec<&lsp::Uri> = match &params.workspace_folders {
        Some(folders) => folders.iter().map(|f| &f.uri).collect(),
        None => params.root_uri.iter().collect(),
    };
    uris.into_iter()
        .filter_map(|uri| uri.to_file_path().map(|p| p.to_path_buf()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dispatch table's registrations are what the server offers: each request's line
    /// in `language_server!` advertises its capability.
    #[test]
    fn every_registered_request_advertises_its_capability() {
        let caps = ClientCaps {
            code_action_literals: true,
            ..ClientCaps::default()
        };
        let mut server = capabilities::base(&caps);
        advertise(&caps, &mut server);
        let offered = serde_json::to_value(&server).unwrap_or_default();
        for key in [
            "completionProvider",
            "hoverProvider",
            "codeActionProvider",
            "definitionProvider",
            "referencesProvider",
            "documentHighlightProvider",
            "renameProvider",
            "documentSymbolProvider",
            "workspaceSymbolProvider",
            "semanticTokensProvider",
            "foldingRangeProvider",
            "selectionRangeProvider",
            "documentLinkProvider",
            "inlayHintProvider",
        ] {
            assert!(!offered[key].is_null(), "{key} is not offered: {offered}");
        }
        assert_eq!(offered["renameProvider"]["prepareProvider"], true);
        assert_eq!(offered["semanticTokensProvider"]["range"], true);
        assert_eq!(offered["semanticTokensProvider"]["full"], true);
        assert_eq!(offered["textDocumentSync"]["change"], 2);
    }
}
