//! `textDocument/prepareRename` and `textDocument/rename`: a name and every use of it; in an
//! orb source file, across the orb's files (a member named by its file is refused).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{request_failed, Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::ClientCaps;
use crate::protocol::edits::source_edit;
use crate::protocol::limits;

pub(crate) struct PrepareRename;

impl DocumentRequest for PrepareRename {
    type Method = lsp::request::PrepareRenameRequest;
    const SCOPE: Scope = Scope::Orb;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document.uri
    }

    /// Advertised with [`Rename`]: the option is one.
    fn advertise(_: &ClientCaps, _: &mut lsp::ServerCapabilities) {}

    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>> {
        let at = cx.at(params.position);
        let span = at.prepare_rename().map_err(request_failed)?;
        Ok(Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
            range: cx.s.range(span),
            placeholder: span.text(&cx.s.analysis.text).to_string(),
        }))
    }
}

pub(crate) struct Rename;

impl DocumentRequest for Rename {
    type Method = lsp::request::Rename;
    const SCOPE: Scope = Scope::Orb;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document_position.text_document.uri
    }

    fn check(params: &Params<Self>) -> Result<()> {
        let chars = params.new_name.chars().count();
        if chars > limits::MAX_RENAME_CHARS {
            return Err(request_failed(format!(
                "The new name has {chars} characters; YAML keys hold at most {}.",
                limits::MAX_RENAME_CHARS
            )));
        }
        Ok(())
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.rename_provider = Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        }));
    }

    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>> {
        let at = cx.at(params.text_document_position.position);
        let edits = at.rename(&params.new_name).map_err(request_failed)?;
        Ok(Some(source_edit(cx.s, &edits)))
    }
}
