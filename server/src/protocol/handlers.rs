//! One function per request: call the feature, convert its answer to LSP.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types as lsp;

use analysis::diagnostics::TextEdit;
use ide::completion::CompletionKind;
use ide::folding::FoldKind;
use ide::navigation::HighlightKind;
use ide::symbols::{Symbol, SymbolKind};
use ide::{code_actions, completion, links, navigation, selection};
use ide::{folding, orb_source, semantic_tokens, symbols};
use syntax::yaml::Span;

use super::server::Snapshot;
use super::{convert, limits};

/// LSP's RequestFailed: the request was valid but could not be carried out.
const REQUEST_FAILED: i64 = -32803;

pub fn completion(s: &Snapshot, pos: lsp::Position) -> lsp::CompletionResponse {
    let offset = s.offset(pos);
    let ctx = s.ctx(offset);
    let items = orb_source::completion_in_file(&ctx)
        .into_iter()
        .take(limits::MAX_RESULT_ITEMS)
        .map(|item| completion_item(s, item))
        .collect();
    lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: false,
        items,
    })
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

fn completion_item(s: &Snapshot, item: completion::CompletionItem) -> lsp::CompletionItem {
    let snippet = item.is_snippet && s.caps.snippets;
    let mut new_text = if item.is_snippet && !snippet {
        convert::snippet_to_plain(&item.insert_text)
    } else {
        item.insert_text
    };
    // Multi-line items are written relative to the cursor's line. Snippet engines indent
    // their lines to match (LSP's adjustIndentation); plain text is inserted as it is, so it
    // gets the line's indentation here and says so with `asIs` where the client knows modes.
    let mut insert_text_mode = None;
    if new_text.contains('\n') {
        if snippet {
            if s.caps
                .insert_text_modes
                .contains(&lsp::InsertTextMode::ADJUST_INDENTATION)
            {
                insert_text_mode = Some(lsp::InsertTextMode::ADJUST_INDENTATION);
            }
        } else {
            let indent = line_indent(&s.analysis.text, item.replace.start);
            new_text = new_text.replace('\n', &format!("\n{indent}"));
            if s.caps
                .insert_text_modes
                .contains(&lsp::InsertTextMode::AS_IS)
            {
                insert_text_mode = Some(lsp::InsertTextMode::AS_IS);
            }
        }
    }
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

pub fn hover(s: &Snapshot, pos: lsp::Position) -> Option<lsp::Hover> {
    let offset = s.offset(pos);
    let ctx = s.ctx(offset);
    let result = orb_source::hover_in_file(&ctx)?;
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(s.caps.hover_docs.content(result.markdown)),
        range: Some(s.range(result.span)),
    })
}

/// A workspace edit on this one document, versioned when the client supports it.
pub(super) fn workspace_edit(s: &Snapshot, edits: &[TextEdit]) -> lsp::WorkspaceEdit {
    let edits: Vec<lsp::TextEdit> = edits
        .iter()
        .map(|e| lsp::TextEdit {
            range: s.range(e.span),
            new_text: e.new_text.clone(),
        })
        .collect();
    files_edit(s, vec![(s.uri.clone(), Some(s.version), edits)])
}

/// A workspace edit over files, each with its version when it is open (`None` for a file as
/// read from disk): `documentChanges` when the client supports them, else plain `changes`.
pub(super) fn files_edit(
    s: &Snapshot,
    files: Vec<(lsp::Uri, Option<i32>, Vec<lsp::TextEdit>)>,
) -> lsp::WorkspaceEdit {
    if s.caps.document_changes {
        let edits = files
            .into_iter()
            .map(|(uri, version, list)| lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version },
                edits: list.into_iter().map(lsp::OneOf::Left).collect(),
            })
            .collect();
        lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Edits(edits)),
            ..Default::default()
        }
    } else {
        let changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = files
            .into_iter()
            .map(|(uri, _, list)| (uri, list))
            .collect();
        lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }
    }
}

pub fn code_actions(s: &Snapshot, params: &lsp::CodeActionParams) -> lsp::CodeActionResponse {
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
        return super::fix_all::requested(s, params).into_iter().collect();
    }
    let span = bounded_action_range(s, convert::span(&s.rope, params.range, s.enc()));
    let mut actions: lsp::CodeActionResponse = code_actions::code_actions(&s.analysis, span)
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
    actions.extend(super::fix_all::requested(s, params));
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

/// A definition in an orb source file: in this document or another file of the orb.
fn source_location(
    s: &Snapshot,
    target: &analysis::orb_source::SourceSpan<'_>,
) -> Option<lsp::Location> {
    match target {
        analysis::orb_source::SourceSpan::Here(span) => Some(location(s, *span)),
        analysis::orb_source::SourceSpan::Other { file, span } => {
            let uri = lsp::Uri::from_file_path(&file.path)?;
            let rope = ropey::Rope::from_str(&file.text);
            Some(lsp::Location::new(
                uri,
                convert::range(&rope, *span, s.enc()),
            ))
        }
    }
}

fn location(s: &Snapshot, span: Span) -> lsp::Location {
    lsp::Location::new(s.uri.clone(), s.range(span))
}

pub fn definition(s: &Snapshot, pos: lsp::Position) -> Option<lsp::GotoDefinitionResponse> {
    let ctx = s.ctx(s.offset(pos));
    if let Some(found) = ide::orb_source::definition(&ctx) {
        let locations: Vec<lsp::Location> = found
            .iter()
            .filter_map(|target| source_location(s, target))
            .collect();
        return (!locations.is_empty()).then_some(lsp::GotoDefinitionResponse::Array(locations));
    }
    let spans = navigation::definition(&ctx);
    if spans.is_empty() {
        return None;
    }
    Some(lsp::GotoDefinitionResponse::Array(
        spans.into_iter().map(|sp| location(s, sp)).collect(),
    ))
}

pub fn references(
    s: &Snapshot,
    pos: lsp::Position,
    include_declaration: bool,
) -> Vec<lsp::Location> {
    let ctx = s.ctx(s.offset(pos));
    if let Some(found) = ide::orb_source::references(&ctx, include_declaration) {
        return found
            .iter()
            .take(limits::MAX_RESULT_ITEMS)
            .filter_map(|target| source_location(s, target))
            .collect();
    }
    navigation::references(&ctx, include_declaration)
        .into_iter()
        .take(limits::MAX_RESULT_ITEMS)
        .map(|sp| location(s, sp))
        .collect()
}

pub fn highlights(s: &Snapshot, pos: lsp::Position) -> Vec<lsp::DocumentHighlight> {
    let ctx = s.ctx(s.offset(pos));
    ide::orb_source::highlights(&ctx)
        .unwrap_or_else(|| navigation::highlights(&ctx))
        .into_iter()
        .take(limits::MAX_RESULT_ITEMS)
        .map(|(span, kind)| lsp::DocumentHighlight {
            range: s.range(span),
            kind: Some(match kind {
                HighlightKind::Write => lsp::DocumentHighlightKind::WRITE,
                HighlightKind::Read => lsp::DocumentHighlightKind::READ,
            }),
        })
        .collect()
}

fn request_failed(message: String) -> Error {
    Error {
        code: ErrorCode::ServerError(REQUEST_FAILED),
        message: message.into(),
        data: None,
    }
}

pub fn prepare_rename(s: &Snapshot, pos: lsp::Position) -> Result<lsp::PrepareRenameResponse> {
    let ctx = s.ctx(s.offset(pos));
    let prepared =
        ide::orb_source::prepare_rename(&ctx).unwrap_or_else(|| navigation::prepare_rename(&ctx));
    match prepared {
        Ok(span) => Ok(lsp::PrepareRenameResponse::RangeWithPlaceholder {
            range: s.range(span),
            placeholder: span.text(&s.analysis.text).to_string(),
        }),
        Err(reason) => Err(request_failed(reason)),
    }
}

/// The error for a request that asks for more than the server answers at once.
pub fn too_many(what: &str, asked: usize, limit: usize) -> Error {
    request_failed(format!(
        "too many {what} in one request: {asked}, limit {limit}"
    ))
}

pub fn rename(s: &Snapshot, pos: lsp::Position, new_name: &str) -> Result<lsp::WorkspaceEdit> {
    let chars = new_name.chars().count();
    if chars > limits::MAX_RENAME_CHARS {
        return Err(request_failed(format!(
            "The new name has {chars} characters; YAML keys hold at most {}.",
            limits::MAX_RENAME_CHARS
        )));
    }
    let ctx = s.ctx(s.offset(pos));
    if let Some(renamed) = ide::orb_source::rename(&ctx, new_name) {
        return match renamed {
            Ok(edits) => Ok(super::orb_source_edit::workspace_edit(s, &edits)),
            Err(reason) => Err(request_failed(reason)),
        };
    }
    match navigation::rename(&ctx, new_name) {
        Ok(edits) => Ok(workspace_edit(s, &edits)),
        Err(reason) => Err(request_failed(reason)),
    }
}

fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Orb => lsp::SymbolKind::PACKAGE,
        SymbolKind::Command => lsp::SymbolKind::METHOD,
        SymbolKind::Executor => lsp::SymbolKind::CLASS,
        SymbolKind::Job => lsp::SymbolKind::FUNCTION,
        SymbolKind::Workflow => lsp::SymbolKind::MODULE,
        SymbolKind::Parameter => lsp::SymbolKind::TYPE_PARAMETER,
        SymbolKind::Step => lsp::SymbolKind::FIELD,
        SymbolKind::Section => lsp::SymbolKind::NAMESPACE,
    }
}

#[allow(deprecated)]
fn document_symbol(s: &Snapshot, sym: Symbol) -> lsp::DocumentSymbol {
    let range = s.range(sym.span);
    let mut selection_range = s.range(sym.selection_span);
    // LSP requires the selection range inside the range.
    if selection_range.start < range.start || selection_range.end > range.end {
        selection_range = range;
    }
    lsp::DocumentSymbol {
        name: if sym.name.is_empty() {
            "?".to_string()
        } else {
            sym.name
        },
        detail: sym.detail,
        kind: symbol_kind(sym.kind),
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: Some(
            sym.children
                .into_iter()
                .map(|c| document_symbol(s, c))
                .collect(),
        ),
    }
}

#[allow(deprecated)]
fn flat_symbols(
    s: &Snapshot,
    syms: Vec<Symbol>,
    container: Option<&str>,
    out: &mut Vec<lsp::SymbolInformation>,
) {
    for sym in syms {
        out.push(lsp::SymbolInformation {
            name: sym.name.clone(),
            kind: symbol_kind(sym.kind),
            tags: None,
            deprecated: None,
            location: location(s, sym.selection_span),
            container_name: container.map(str::to_string),
        });
        flat_symbols(s, sym.children, Some(&sym.name), out);
    }
}

pub fn document_symbols(s: &Snapshot) -> lsp::DocumentSymbolResponse {
    let syms = symbols::document_symbols(&s.analysis);
    if s.caps.hierarchical_symbols {
        lsp::DocumentSymbolResponse::Nested(
            syms.into_iter()
                .map(|sym| document_symbol(s, sym))
                .collect(),
        )
    } else {
        let mut out = Vec::new();
        flat_symbols(s, syms, None, &mut out);
        lsp::DocumentSymbolResponse::Flat(out)
    }
}

/// True when the query's characters appear in `name` in order, ignoring case.
fn fuzzy_match(name: &str, query: &str) -> bool {
    let mut name_chars = name.chars().flat_map(char::to_lowercase);
    query
        .chars()
        .flat_map(char::to_lowercase)
        .all(|q| name_chars.any(|n| n == q))
}

pub fn workspace_symbols(snapshots: &[Snapshot], query: &str) -> lsp::WorkspaceSymbolResponse {
    let mut out = Vec::new();
    for s in snapshots {
        let mut flat = Vec::new();
        flat_symbols(s, symbols::document_symbols(&s.analysis), None, &mut flat);
        out.extend(
            flat.into_iter()
                .filter(|sym| sym.kind != lsp::SymbolKind::FIELD && fuzzy_match(&sym.name, query)),
        );
    }
    out.truncate(limits::MAX_RESULT_ITEMS);
    lsp::WorkspaceSymbolResponse::Flat(out)
}

pub fn semantic_tokens(s: &Snapshot, range: Option<lsp::Range>) -> lsp::SemanticTokens {
    semantic_tokens_up_to(s, range, limits::MAX_SEMANTIC_TOKENS)
}

/// The tokens in `range` (or the whole document), the first `max` of them in document order.
pub(super) fn semantic_tokens_up_to(
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

pub fn folding_ranges(s: &Snapshot) -> Vec<lsp::FoldingRange> {
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

pub fn selection_ranges(s: &Snapshot, positions: &[lsp::Position]) -> Vec<lsp::SelectionRange> {
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

pub fn document_links(s: &Snapshot) -> Vec<lsp::DocumentLink> {
    let mut out: Vec<lsp::DocumentLink> = links::document_links(&s.analysis)
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
    // `<<include(scripts/x.sh)>>` in an orb source file links to the script.
    if let Some(file) = super::orb_file(&s.uri) {
        for (span, path) in analysis::orbs::dev::include_links(&file, &s.analysis.text) {
            if let Some(target) = lsp::Uri::from_file_path(&path) {
                out.push(lsp::DocumentLink {
                    range: s.range(span),
                    target: Some(target),
                    tooltip: Some("Open the included script".to_string()),
                    data: None,
                });
            }
        }
    }
    out
}
