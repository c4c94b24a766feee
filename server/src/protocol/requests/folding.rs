//! `textDocument/foldingRange`: mappings, sequences, block scalars and comment runs.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::ClientCaps;
use crate::protocol::snapshot::Snapshot;
use crate::protocol::{convert, limits};
use ide::folding::{self, FoldKind};

pub(crate) struct FoldingRanges;

impl DocumentRequest for FoldingRanges {
    type Method = lsp::request::FoldingRangeRequest;
    const SCOPE: Scope = Scope::File;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document.uri
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.folding_range_provider = Some(lsp::FoldingRangeProviderCapability::Simple(true));
    }

    fn handle(cx: &Cx<'_>, _: Params<Self>) -> Result<Answer<Self>> {
        Ok(Some(folding_ranges(cx.s)))
    }
}

pub(in crate::protocol) fn folding_ranges(s: &Snapshot) -> Vec<lsp::FoldingRange> {
    folding::folding_ranges(&s.analysis)
        .into_iter()
        .take(limits::MAX_RESULT_ITEMS)
        .filter_map(|fold| {
            let start = convert::position(&s.rope, fold.span.start, s.enc());
            let end = convert::position(&s.rope, fold.span.end, s.enc());
            // A span ending at the start of a line ends on the line before.
            let end_line = if end.character == 0 && end.line > start.line {
                end.line - 1
            } else {
                end.line
            };
            (end_line > start.line).then(|| lsp::FoldingRange {
                start_line: start.line,
                end_line,
                kind: Some(match fold.kind {
                    FoldKind::Region => lsp::FoldingRangeKind::Region,
                    FoldKind::Comment => lsp::FoldingRangeKind::Comment,
                }),
                ..Default::default()
            })
        })
        .collect()
}
