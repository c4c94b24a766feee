//! Go to definition, find references, rename and document highlights.

use super::FeatureContext;
use crate::diagnostics::TextEdit;
use crate::yaml::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// Where the thing is defined.
    Write,
    /// Where it is used.
    Read,
}

/// Where the thing under the cursor is defined.
pub fn definition(_ctx: &FeatureContext<'_>) -> Vec<Span> {
    Vec::new()
}

/// Every use of the thing under the cursor, with its definition when asked.
pub fn references(_ctx: &FeatureContext<'_>, _include_declaration: bool) -> Vec<Span> {
    Vec::new()
}

/// The span of the name that would be renamed, or why it cannot be.
pub fn prepare_rename(_ctx: &FeatureContext<'_>) -> Result<Span, String> {
    Err("Nothing that can be renamed is under the cursor.".to_string())
}

/// The edits that rename the thing under the cursor everywhere in the file.
pub fn rename(_ctx: &FeatureContext<'_>, _new_name: &str) -> Result<Vec<TextEdit>, String> {
    Err("Nothing that can be renamed is under the cursor.".to_string())
}

pub fn highlights(_ctx: &FeatureContext<'_>) -> Vec<(Span, HighlightKind)> {
    Vec::new()
}
