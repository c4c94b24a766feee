//! `textDocument/documentLink`: images to their registry pages, orbs to theirs, and in an
//! orb source file each `<<include(…)>>` to its script.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::ClientCaps;
use crate::protocol::limits;
use crate::protocol::snapshot::Snapshot;

pub(crate) struct DocumentLinks;

impl DocumentRequest for DocumentLinks {
    type Method = lsp::request::DocumentLinkRequest;
    const SCOPE: Scope = Scope::File;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document.uri
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.document_link_provider = Some(lsp::DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        });
    }

    fn handle(cx: &Cx<'_>, _: Params<Self>) -> Result<Answer<Self>> {
        Ok(Some(document_links(cx.s)))
    }
}

pub(in crate::protocol) fn document_links(s: &Snapshot) -> Vec<lsp::DocumentLink> {
    let mut out: Vec<lsp::DocumentLink> = ide::links::document_links(&s.analysis)
        .into_iter()
        .take(limits::MAX_RESULT_ITEMS)
        .filter_map(|link| {
            let target = link.target.parse::<lsp::Uri>().ok()?;
            Some(lsp::DocumentLink {
                range: s.range(link.span),
                target: Some(target),
                tooltip: link.tooltip,
                data: None,
            })
        })
        .collect();
    let includes = s.analysis.orb_source.as_deref().map(|o| o.include_links());
    for (span, path) in includes.unwrap_or_default() {
        if let Some(target) = crate::protocol::uri_of(path) {
            out.push(lsp::DocumentLink {
                range: s.range(*span),
                target: Some(target),
                tooltip: Some("Open the included script".to_string()),
                data: None,
            });
        }
    }
    out
}
