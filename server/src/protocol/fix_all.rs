//! The `source.fixAll.circleci-ls` code action: every safe fix of the document at once, as
//! `circleci-ls fix` applies them. Editors run it on save (`editor.codeActionsOnSave`).

use tower_lsp_server::ls_types as lsp;

use ide::fix_all::{fix_all, line_edits, FixOptions};

use super::edits::workspace_edit;
use super::snapshot::Snapshot;

pub const KIND: &str = "source.fixAll.circleci-ls";

/// The fix-all action when the request's `only` asks for it (or for `source`/`source.fixAll`),
/// and there is something to fix.
pub fn requested(s: &Snapshot, params: &lsp::CodeActionParams) -> Option<lsp::CodeActionOrCommand> {
    let only = params.context.only.as_ref()?;
    if !only.iter().any(|k| KIND.starts_with(k.as_str())) {
        return None;
    }
    let text: &str = &s.analysis.text;
    let outcome = fix_all(text, &s.settings(), FixOptions::default());
    if outcome.text == text {
        return None;
    }
    let edits = line_edits(text, &outcome.text);
    Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: "Fix all safe circleci-ls findings".to_string(),
        kind: Some(lsp::CodeActionKind::from(KIND)),
        edit: Some(workspace_edit(s, &edits)),
        ..Default::default()
    }))
}
