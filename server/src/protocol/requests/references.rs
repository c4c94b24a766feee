//! `textDocument/references`: every use of the name under the cursor; in an orb source file,
//! across the orb's files.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::ClientCaps;
use crate::protocol::limits;

pub(crate) struct References;

impl DocumentRequest for References {
    type Method = lsp::request::References;
    const SCOPE: Scope = Scope::Orb;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document_position.text_document.uri
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.references_provider = Some(lsp::OneOf::Left(true));
    }

    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>> {
        let at = cx.at(params.text_document_position.position);
        let include_declaration = params.context.include_declaration;
        Ok(Some(
            ide::navigation::references(&at.ctx, include_declaration)
                .into_iter()
                .take(limits::MAX_RESULT_ITEMS)
                .filter_map(|span| cx.location(&at, span))
                .collect(),
        ))
    }
}
