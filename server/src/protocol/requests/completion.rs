//! `textDocument/completion`: keys, values, names and snippets at the cursor; in an orb
//! source file, from the whole orb.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Answer, Cx, DocumentRequest, Params, Scope};
use crate::protocol::capabilities::ClientCaps;
use crate::protocol::snapshot::Snapshot;
use crate::protocol::{convert, limits};
use ide::completion::{self, CompletionKind};

pub(crate) struct Completion;

impl DocumentRequest for Completion {
    type Method = lsp::request::Completion;
    const SCOPE: Scope = Scope::Orb;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document_position.text_document.uri
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.completion_provider = Some(lsp::CompletionOptions {
            trigger_characters: Some(
                [":", " ", "-", "/", ".", "*", "$", "<"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
            resolve_provider: Some(false),
            ..Default::default()
        });
    }

    fn handle(cx: &Cx<'_>, params: Params<Self>) -> Result<Answer<Self>> {
        let at = cx.at(params.text_document_position.position);
        let items = completion::complete(&at.ctx)
            .into_iter()
            .filter_map(|mut item| {
                item.replace = at.here(item.replace)?;
                Some(item)
            })
            .take(limits::MAX_RESULT_ITEMS)
            .map(|item| completion_item(cx.s, item))
            .collect();
        Ok(Some(lsp::CompletionResponse::List(lsp::CompletionList {
            is_incomplete: false,
            items,
        })))
    }
}

/// The leading white space of the line holding `offset`.
fn line_indent(text: &str, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let start = text
        .get(..offset)
        .and_then(|b| b.rfind(['\n', '\r']))
        .map_or(0, |p| p + 1);
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The item's text for the client: snippets where it takes them, and multi-line text
/// indented like the cursor's line, with the insert mode that says so.
fn insert_text(
    s: &Snapshot,
    item: &completion::CompletionItem,
) -> (String, bool, Option<lsp::InsertTextMode>) {
    let snippet = item.is_snippet && s.caps.snippets;
    let mut new_text = if item.is_snippet && !snippet {
        convert::snippet_to_plain(&item.insert_text)
    } else {
        item.insert_text.clone()
    };
    // Multi-line items are written relative to the cursor's line. Snippet engines indent
    // their lines to match (LSP's adjustIndentation); plain text is inserted as it is, so it
    // gets the line's indentation here and says so with `asIs` where the client knows modes.
    if !new_text.contains('\n') {
        return (new_text, snippet, None);
    }
    let modes = &s.caps.insert_text_modes;
    if snippet {
        let mode = lsp::InsertTextMode::ADJUST_INDENTATION;
        return (new_text, snippet, modes.contains(&mode).then_some(mode));
    }
    let indent = line_indent(&s.analysis.text, item.replace.start);
    new_text = new_text.replace('\n', &format!("\n{indent}"));
    let mode = lsp::InsertTextMode::AS_IS;
    (new_text, snippet, modes.contains(&mode).then_some(mode))
}

fn completion_item(s: &Snapshot, item: completion::CompletionItem) -> lsp::CompletionItem {
    let (new_text, snippet, insert_text_mode) = insert_text(s, &item);
    let kind = match item.kind {
        CompletionKind::Key => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Reference => lsp::CompletionItemKind::REFERENCE,
        CompletionKind::Variable => lsp::CompletionItemKind::VARIABLE,
        CompletionKind::Anchor => lsp::CompletionItemKind::REFERENCE,
        CompletionKind::Snippet => lsp::CompletionItemKind::SNIPPET,
    };
    let (tags, deprecated) = match (item.deprecated, s.caps.completion_deprecated_tag) {
        (true, true) => (Some(vec![lsp::CompletionItemTag::DEPRECATED]), None),
        (true, false) => (None, Some(true)),
        _ => (None, None),
    };
    lsp::CompletionItem {
        label: item.label,
        kind: Some(kind),
        detail: item.detail,
        documentation: item
            .documentation
            .map(|d| lsp::Documentation::MarkupContent(s.caps.completion_docs.content(d))),
        deprecated,
        tags,
        preselect: item.preselect.then_some(true),
        sort_text: item.sort_text,
        filter_text: item.filter_text,
        insert_text_format: Some(if snippet {
            lsp::InsertTextFormat::SNIPPET
        } else {
            lsp::InsertTextFormat::PLAIN_TEXT
        }),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: s.range(item.replace),
            new_text,
        })),
        insert_text_mode,
        command: s
            .caps
            .retrigger_command
            .as_ref()
            .filter(|_| item.retrigger)
            .map(|command| lsp::Command {
                title: "Suggest values".to_string(),
                command: command.clone(),
                arguments: None,
            }),
        ..Default::default()
    }
}
