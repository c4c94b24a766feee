//! Folding ranges for mappings, lists, block scalars and comment runs.

use crate::analysis::Analysis;
use crate::yaml::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Region,
    Comment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    /// From the line holding `span.start` to the line holding `span.end`.
    pub span: Span,
    pub kind: FoldKind,
}

pub fn folding_ranges(_analysis: &Analysis) -> Vec<Fold> {
    Vec::new()
}
