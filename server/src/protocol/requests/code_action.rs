//! `textDocument/codeAction`: the quick-fixes of the findings in the range, and the fix-all
//! source action when asked for it.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::ClientCaps;
use crate::protocol::edits::workspace_edit;
use crate::protocol::snapshot::Snapshot;
use crate::protocol::{convert, fix_all, limits};
use syntax::yaml::Span;

pub(crate) struct CodeActions;

impl DocumentRequest for CodeActions {
    type Method = lsp::request::CodeActionRequest;
    const SCOPE: Scope = Scope::File;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document.uri
    }

    fn advertise(caps: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.code_action_provider = Some(if caps.code_action_literals {
            lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QUICKFIX,
                    lsp::CodeActionKind::from(fix_all::KIND),
                ]),
                resolve_provider: Some(false),
                work_done_progress_options: Default::default(),
            })
        } else {
            lsp::CodeActionProviderCapability::Simple(true)
        });
    }

    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>> {
        Ok(Some(code_actions(cx.s, &params)))
    }
}

fn code_actions(s: &Snapshot, params: &lsp::CodeActionParams) -> lsp::CodeActionResponse {
    // Clients that cannot take code action literals only run commands; we have none to offer.
    if !s.caps.code_action_literals {
        return Vec::new();
    }
    let wants_quickfix = params.context.only.as_ref().is_none_or(|only| {
        only.iter().any(|k| {
            lsp::CodeActionKind::QUICKFIX
                .as_str()
                .starts_with(k.as_str())
        })
    });
    if !wants_quickfix {
        return fix_all::requested(s, params).into_iter().collect();
    }
    let span = bounded_action_range(s, convert::span(&s.rope, params.range, s.enc()));
    let mut actions: lsp::CodeActionResponse = ide::code_actions::code_actions(&s.analysis, span)
        .into_iter()
        .take(limits::MAX_CODE_ACTIONS)
        .map(|action| {
            let diagnostic =
                convert::diagnostic(&s.rope, &s.uri, &action.finding, s.enc(), &s.caps);
            lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: action.fix.title.clone(),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(workspace_edit(s, &action.fix.edits)),
                is_preferred: action.fix.preferred.then_some(true),
                ..Default::default()
            })
        })
        .collect();
    actions.extend(fix_all::requested(s, params));
    actions
}

/// Shrinks a range over more findings than one answer may carry actions for, so the work
/// done stays in proportion to the answer. Findings are sorted by position.
fn bounded_action_range(s: &Snapshot, span: Span) -> Span {
    let beyond = s
        .analysis
        .findings
        .iter()
        .filter(|f| f.span.start <= span.end && span.start <= f.span.end)
        .nth(limits::MAX_CODE_ACTIONS);
    match beyond {
        Some(f) if f.span.start > span.start => Span::new(span.start, f.span.start - 1),
        _ => span,
    }
}
