//! One file per LSP request, and one typed dispatch for all of them.
//!
//! A request is a type implementing [`DocumentRequest`] (or [`WorkspaceRequest`]): the LSP
//! request it answers, the capability it advertises, what it reads in an orb source file
//! ([`Scope`]), and its handler. Adding one is its file here plus one line in the table of
//! `server.rs` (`language_server!`), which writes the `LanguageServer` method as a call to
//! [`Backend::dispatch`] and advertises the capability. Every handler runs off the request
//! loop, on the analysis of the document's current text.

pub(super) mod code_action;
mod completion;
mod definition;
pub(super) mod folding;
mod highlight;
mod hover;
mod inlay_hints;
pub(super) mod links;
mod references;
mod rename;
pub(super) mod selection;
pub(super) mod semantic_tokens;
pub(super) mod symbols;

pub(crate) use code_action::CodeActions;
pub(crate) use completion::Completion;
pub(crate) use definition::Definition;
pub(crate) use folding::FoldingRanges;
pub(crate) use highlight::Highlights;
pub(crate) use hover::Hover;
pub(crate) use inlay_hints::InlayHints;
pub(crate) use links::DocumentLinks;
pub(crate) use references::References;
pub(crate) use rename::{PrepareRename, Rename};
pub(crate) use selection::SelectionRanges;
pub(crate) use semantic_tokens::{SemanticTokensFull, SemanticTokensRange};
pub(crate) use symbols::{DocumentSymbols, WorkspaceSymbols};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types as lsp;

use super::capabilities::ClientCaps;
use super::snapshot::Snapshot;
use analysis::orb_source::SourceSpan;
use ide::orb_source::Located;
pub(crate) use ide::orb_source::Scope;
use syntax::yaml::Span;

/// The parameters of a request's LSP method.
pub(crate) type Params<R> = <<R as DocumentRequest>::Method as lsp::request::Request>::Params;
/// The answer of a request's LSP method.
pub(crate) type Answer<R> = <<R as DocumentRequest>::Method as lsp::request::Request>::Result;
/// The parameters of a workspace request's LSP method.
pub(crate) type WorkspaceParams<R> =
    <<R as WorkspaceRequest>::Method as lsp::request::Request>::Params;
/// The answer of a workspace request's LSP method.
pub(crate) type WorkspaceAnswer<R> =
    <<R as WorkspaceRequest>::Method as lsp::request::Request>::Result;

/// A request about one open document.
pub(crate) trait DocumentRequest {
    type Method: lsp::request::Request<Params: Send + 'static, Result: Default + Send + 'static>;
    /// What the request reads in an orb source file.
    const SCOPE: Scope;
    /// The document the request is about.
    fn document(params: &Params<Self>) -> &lsp::Uri;
    /// Refuses a request that asks for more than one answer may carry, before any work.
    fn check(_params: &Params<Self>) -> Result<()> {
        Ok(())
    }
    /// Adds the request's capability to what the server offers.
    fn advertise(caps: &ClientCaps, server: &mut lsp::ServerCapabilities);
    /// The answer for the document's current analysis.
    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>>;
}

/// A request about every open document.
pub(crate) trait WorkspaceRequest {
    type Method: lsp::request::Request<Params: Send + 'static, Result: Default + Send + 'static>;
    fn advertise(caps: &ClientCaps, server: &mut lsp::ServerCapabilities);
    fn handle(
        snapshots: &[Snapshot],
        params: WorkspaceParams<Self>,
    ) -> Result<WorkspaceAnswer<Self>>;
}

/// What a handler works on: the document's snapshot, read in the request's scope.
pub(crate) struct Cx<'a> {
    pub(crate) s: &'a Snapshot,
    scope: Scope,
}

impl<'a> Cx<'a> {
    pub(super) fn new(s: &'a Snapshot, scope: Scope) -> Cx<'a> {
        Cx { s, scope }
    }

    /// The feature context at `pos`, in the request's scope: for an orb source file and an
    /// orb-wide request, the orb packed around the file.
    pub(super) fn at(&self, pos: lsp::Position) -> Located<'a> {
        Located::new(&self.s.ctx(self.s.offset(pos)), self.scope)
    }

    /// The range in this document of a span a feature returned, when it is in this document.
    pub(super) fn range_here(&self, at: &Located<'_>, span: Span) -> Option<lsp::Range> {
        Some(self.s.range(at.here(span)?))
    }

    /// Where a span a feature returned is written: this document or another file of the orb.
    pub(super) fn location(&self, at: &Located<'_>, span: Span) -> Option<lsp::Location> {
        source_location(self.s, &at.locate(span)?)
    }
}

/// A span in this document or in another file of an orb, as an LSP location.
pub(super) fn source_location(s: &Snapshot, target: &SourceSpan<'_>) -> Option<lsp::Location> {
    match target {
        SourceSpan::Here(span) => Some(lsp::Location::new(s.uri.clone(), s.range(*span))),
        SourceSpan::Other { file, span } => {
            let uri = super::uri_of(&file.path)?;
            let rope = ropey::Rope::from_str(&file.text);
            Some(lsp::Location::new(
                uri,
                super::convert::range(&rope, *span, s.enc()),
            ))
        }
    }
}

/// LSP's RequestFailed: the request was valid but could not be carried out.
const REQUEST_FAILED: i64 = -32803;

pub(super) fn request_failed(message: String) -> Error {
    Error {
        code: ErrorCode::ServerError(REQUEST_FAILED),
        message: message.into(),
        data: None,
    }
}

/// The error for a request that asks for more than the server answers at once.
pub(super) fn too_many(what: &str, asked: usize, limit: usize) -> Error {
    request_failed(format!(
        "too many {what} in one request: {asked}, limit {limit}"
    ))
}
