//! `textDocument/definition`: where the name under the cursor is defined; in an orb source
//! file, in whichever file of the orb defines it.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::ClientCaps;

pub(crate) struct Definition;

impl DocumentRequest for Definition {
    type Method = lsp::request::GotoDefinition;
    const SCOPE: Scope = Scope::Orb;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document_position_params.text_document.uri
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.definition_provider = Some(lsp::OneOf::Left(true));
    }

    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>> {
        let at = cx.at(params.text_document_position_params.position);
        let locations: Vec<lsp::Location> = ide::navigation::definition(&at.ctx)
            .into_iter()
            .filter_map(|span| cx.location(&at, span))
            .collect();
        Ok((!locations.is_empty()).then_some(lsp::GotoDefinitionResponse::Array(locations)))
    }
}
