//! `textDocument/documentSymbol` (the outline) and `workspace/symbol` (names across the open
//! documents and the unopened files of their projects' dynamic configs).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::WorkspaceRequest;
use super::{Answer, Cx, DocumentRequest, Params, Scope, WorkspaceAnswer, WorkspaceParams};
use crate::protocol::capabilities::ClientCaps;
use crate::protocol::limits;
use crate::protocol::snapshot::Snapshot;
use ide::symbols::{self, Symbol, SymbolKind};

pub(crate) struct DocumentSymbols;

impl DocumentRequest for DocumentSymbols {
    type Method = lsp::request::DocumentSymbolRequest;
    const SCOPE: Scope = Scope::File;

    fn document(params: &Params<Self>) -> &lsp::Uri {
        &params.text_document.uri
    }

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.document_symbol_provider = Some(lsp::OneOf::Left(true));
    }

    fn handle(cx: &Cx<'_>, _: Params<Self>) -> Result<Answer<Self>> {
        Ok(Some(document_symbols(cx.s)))
    }
}

pub(crate) struct WorkspaceSymbols;

impl WorkspaceRequest for WorkspaceSymbols {
    type Method = lsp::request::WorkspaceSymbolRequest;

    fn advertise(_: &ClientCaps, server: &mut lsp::ServerCapabilities) {
        server.workspace_symbol_provider = Some(lsp::OneOf::Left(true));
    }

    fn handle(
        snapshots: &[Snapshot],
        params: WorkspaceParams<Self>,
    ) -> Result<WorkspaceAnswer<Self>> {
        Ok(Some(workspace_symbols(snapshots, &params.query)))
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
            location: lsp::Location::new(s.uri.clone(), s.range(sym.selection_span)),
            container_name: container.map(str::to_string),
        });
        flat_symbols(s, sym.children, Some(&sym.name), out);
    }
}

/// The outline, at most [`limits::MAX_RESULT_ITEMS`] symbols counting nested ones; a longer
/// one ends with a symbol saying how many were left out.
pub(in crate::protocol) fn document_symbols(s: &Snapshot) -> lsp::DocumentSymbolResponse {
    let mut syms = symbols::document_symbols(&s.analysis);
    let mut budget = limits::MAX_RESULT_ITEMS;
    let left_out = cut_outline(&mut syms, &mut budget);
    if s.caps.hierarchical_symbols {
        let mut out: Vec<lsp::DocumentSymbol> = syms
            .into_iter()
            .map(|sym| document_symbol(s, sym))
            .collect();
        if left_out > 0 {
            out.push(document_symbol(s, cut_marker(left_out)));
        }
        lsp::DocumentSymbolResponse::Nested(out)
    } else {
        let mut out = Vec::new();
        if left_out > 0 {
            syms.push(cut_marker(left_out));
        }
        flat_symbols(s, syms, None, &mut out);
        lsp::DocumentSymbolResponse::Flat(out)
    }
}

/// Keeps the first `budget` symbols in outline order; how many were left out.
fn cut_outline(syms: &mut Vec<Symbol>, budget: &mut usize) -> usize {
    let mut left_out = 0;
    let mut keep = 0;
    for sym in syms.iter_mut() {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        keep += 1;
        left_out += cut_outline(&mut sym.children, budget);
    }
    left_out
        + syms
            .drain(keep..)
            .map(|s| 1 + count(&s.children))
            .sum::<usize>()
}

fn count(syms: &[Symbol]) -> usize {
    syms.iter().map(|s| 1 + count(&s.children)).sum()
}

/// The last symbol of an outline that was cut.
fn cut_marker(left_out: usize) -> Symbol {
    Symbol {
        name: format!("… {left_out} more symbols not shown"),
        detail: None,
        kind: SymbolKind::Section,
        span: syntax::yaml::Span::new(0, 0),
        selection_span: syntax::yaml::Span::new(0, 0),
        children: Vec::new(),
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

pub(in crate::protocol) fn workspace_symbols(
    snapshots: &[Snapshot],
    query: &str,
) -> lsp::WorkspaceSymbolResponse {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn symbol(name: &str, children: Vec<Symbol>) -> Symbol {
        Symbol {
            name: name.to_string(),
            children,
            ..cut_marker(0)
        }
    }

    #[test]
    fn an_outline_is_cut_at_the_budget_counting_nested_symbols() {
        let jobs = symbol(
            "jobs",
            (0..5).map(|i| symbol(&format!("j{i}"), vec![])).collect(),
        );
        let mut syms = vec![symbol("version", vec![]), jobs, symbol("workflows", vec![])];
        let mut budget = 4;
        assert_eq!(cut_outline(&mut syms, &mut budget), 4);
        let names: Vec<&str> = syms.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["version", "jobs"]);
        assert_eq!(syms[1].children.len(), 2);
        let mut all = vec![symbol("a", vec![symbol("b", vec![])])];
        assert_eq!(cut_outline(&mut all, &mut 10), 0);
        assert_eq!(count(&all), 2);
    }
}
