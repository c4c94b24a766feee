//! Code actions: the quick-fixes findings carry, plus "suppress this rule here".

use crate::analysis::Analysis;
use crate::diagnostics::{Finding, Fix};
use crate::yaml::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub fix: Fix,
    /// The finding it fixes.
    pub finding: Finding,
}

/// Fixes for findings overlapping `range`.
pub fn code_actions(_analysis: &Analysis, _range: Span) -> Vec<CodeAction> {
    Vec::new()
}
