//! `textDocument/documentHighlight`: the uses in this document of the name under the cursor,
//! which in an orb source file may be defined in another file of the orb.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::ClientCaps;
use crate::protocol::limits;
use ide::navigation::HighlightKind;

pub(crate) struct Highlights;

impl DocumentRequest for Highlights {
    type Method = lsp::request::DocumentHighlightRequest;
    const SCOPE: Scope = Scope::Orb;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document_position_params.text_document.uri
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.document_highlight_provider = Some(lsp::OneOf::Left(true));
    }

    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>> {
        let at = cx.at(params.text_document_position_params.position);
        Ok(Some(
            ide::navigation::highlights(&at.ctx)
                .into_iter()
                .filter_map(|(span, kind)| Some((cx.range_here(&at, span)?, kind)))
                .take(limits::MAX_RESULT_ITEMS)
                .map(|(range, kind)| lsp::DocumentHighlight {
                    range,
                    kind: Some(match kind {
                        HighlightKind::Write => lsp::DocumentHighlightKind::WRITE,
                        HighlightKind::Read => lsp::DocumentHighlightKind::READ,
                    }),
                })
                .collect(),
        ))
    }
}
