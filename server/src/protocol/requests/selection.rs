//! `textDocument/selectionRange`: the nested spans around each position, innermost first.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{too_many, Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::ClientCaps;
use crate::protocol::limits;
use crate::protocol::snapshot::Snapshot;
use ide::selection;

pub(crate) struct SelectionRanges;

impl DocumentRequest for SelectionRanges {
    type Method = lsp::request::SelectionRangeRequest;
    const SCOPE: Scope = Scope::File;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document.uri
    }

    fn check(params: &Params<Self>) -> Result<()> {
        let asked = params.positions.len();
        if asked > limits::MAX_SELECTION_POSITIONS {
            return Err(too_many(
                "positions",
                asked,
                limits::MAX_SELECTION_POSITIONS,
            ));
        }
        Ok(())
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.selection_range_provider = Some(lsp::SelectionRangeProviderCapability::Simple(true));
    }

    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>> {
        Ok(Some(selection_ranges(cx.s, &params.positions)))
    }
}

pub(in crate::protocol) fn selection_ranges(
    s: &Snapshot,
    positions: &[lsp::Position],
) -> Vec<lsp::SelectionRange> {
    positions
        .iter()
        .map(|pos| {
            let offset = s.offset(*pos);
            let spans = selection::selection_ranges(&s.analysis, offset);
            // Build from the outermost in, so each range's parent is the next larger one.
            let mut current: Option<lsp::SelectionRange> = None;
            for span in spans.iter().rev() {
                current = Some(lsp::SelectionRange {
                    range: s.range(*span),
                    parent: current.map(Box::new),
                });
            }
            current.unwrap_or(lsp::SelectionRange {
                range: lsp::Range::new(*pos, *pos),
                parent: None,
            })
        })
        .collect()
}
