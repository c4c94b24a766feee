//! `textDocument/hover`: what the thing under the cursor is; in an orb source file, read in
//! the whole orb.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::ClientCaps;

pub(crate) struct Hover;

impl DocumentRequest for Hover {
    type Method = lsp::request::HoverRequest;
    const SCOPE: Scope = Scope::Orb;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document_position_params.text_document.uri
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.hover_provider = Some(lsp::HoverProviderCapability::Simple(true));
    }

    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>> {
        let at = cx.at(params.text_document_position_params.position);
        let Some(result) = ide::hover::hover(&at.ctx) else {
            return Ok(None);
        };
        let Some(range) = cx.range_here(&at, result.span) else {
            return Ok(None);
        };
        Ok(Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(cx.s.caps.hover_docs.content(result.markdown)),
            range: Some(range),
        }))
    }
}
