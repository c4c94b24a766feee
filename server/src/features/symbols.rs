//! Document symbols: a hierarchical outline of the config.

use crate::analysis::Analysis;
use crate::yaml::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Orb,
    Command,
    Executor,
    Job,
    Workflow,
    Parameter,
    Step,
    Section,
    Anchor,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole definition.
    pub span: Span,
    /// The name itself, inside `span`.
    pub selection_span: Span,
    pub children: Vec<Symbol>,
}

pub fn document_symbols(_analysis: &Analysis) -> Vec<Symbol> {
    Vec::new()
}
