//! `textDocument/semanticTokens/full` and `/range`: highlighting by what each token is.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::{semantic_tokens_legend, ClientCaps};
use crate::protocol::snapshot::Snapshot;
use crate::protocol::{convert, limits};
use ide::semantic_tokens;

pub(crate) struct SemanticTokensFull;

impl DocumentRequest for SemanticTokensFull {
    type Method = lsp::request::SemanticTokensFullRequest;
    const SCOPE: Scope = Scope::File;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document.uri
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.semantic_tokens_provider = Some(
            lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lsp::SemanticTokensOptions {
                    legend: semantic_tokens_legend(),
                    range: Some(true),
                    full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                    work_done_progress_options: Default::default(),
                },
            ),
        );
    }

    fn handle(cx: &Cx<'_>, _: Params<Self>) -> Result<Answer<Self>> {
        Ok(Some(lsp::SemanticTokensResult::Tokens(semantic_tokens(
            cx.s, None,
        ))))
    }
}

pub(crate) struct SemanticTokensRange;

impl DocumentRequest for SemanticTokensRange {
    type Method = lsp::request::SemanticTokensRangeRequest;
    const SCOPE: Scope = Scope::File;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document.uri
    }

    /// Advertised with [`SemanticTokensFull`]: the options are one.
    fn advertise(_: &ClientCaps, _: &mut lsp::ServerCapabilities) {}

    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>> {
        Ok(Some(lsp::SemanticTokensRangeResult::Tokens(
            semantic_tokens(cx.s, Some(params.range)),
        )))
    }
}

pub(in crate::protocol) fn semantic_tokens(
    s: &Snapshot,
    range: Option<lsp::Range>,
) -> lsp::SemanticTokens {
    semantic_tokens_up_to(s, range, limits::MAX_SEMANTIC_TOKENS)
}

/// The tokens in `range` (or the whole document), the first `max` of them in document order.
pub(in crate::protocol) fn semantic_tokens_up_to(
    s: &Snapshot,
    range: Option<lsp::Range>,
    max: usize,
) -> lsp::SemanticTokens {
    let window = range.map(|r| convert::span(&s.rope, r, s.enc()));
    let mut data = Vec::new();
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for token in semantic_tokens::tokens(&s.analysis) {
        if let Some(w) = window {
            if token.span.end < w.start || token.span.start > w.end {
                continue;
            }
        }
        if data.len() >= max {
            tracing::warn!(limit = max, "semantic tokens cut at the limit");
            break;
        }
        let start = convert::position(&s.rope, token.span.start, s.enc());
        let end = convert::position(&s.rope, token.span.end, s.enc());
        // Tokens are single-line by contract; a token that is not is skipped, not mis-drawn.
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        let (delta_line, delta_start) = if start.line == prev_line {
            if start.character < prev_col && !data.is_empty() {
                continue;
            }
            (0, start.character - prev_col)
        } else if start.line > prev_line {
            (start.line - prev_line, start.character)
        } else {
            continue;
        };
        let token_type = semantic_tokens::TokenType::ALL
            .iter()
            .position(|t| *t == token.token_type)
            .unwrap_or(0);
        data.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: u32::try_from(token_type).unwrap_or(0),
            token_modifiers_bitset: token.modifiers,
        });
        prev_line = start.line;
        prev_col = start.character;
    }
    lsp::SemanticTokens {
        result_id: None,
        data,
    }
}
