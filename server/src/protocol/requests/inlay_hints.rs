//! `textDocument/inlayHint`: after an orb pin that is not an exact release, the release it is
//! read as and where that release's data comes from. The `inlayHints.orbVersions` setting
//! turns them off.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::ClientCaps;
use syntax::yaml::Span;

pub(crate) struct InlayHints;

impl DocumentRequest for InlayHints {
    type Method = lsp::request::InlayHintRequest;
    const SCOPE: Scope = Scope::File;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document.uri
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.inlay_hint_provider = Some(lsp::OneOf::Left(true));
    }

    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>> {
        let s = cx.s;
        let range = Span::new(s.offset(params.range.start), s.offset(params.range.end));
        let options = s.settings().inlay_hints;
        let hints = ide::inlay_hints::inlay_hints(&s.analysis, range, options)
            .into_iter()
            .map(|h| lsp::InlayHint {
                position: s.range(Span::new(h.offset, h.offset)).start,
                label: lsp::InlayHintLabel::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: Some(lsp::InlayHintTooltip::String(h.tooltip)),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect();
        Ok(Some(hints))
    }
}
