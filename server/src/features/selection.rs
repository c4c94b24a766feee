//! Selection ranges: word, value, entry, mapping, ... up to the document.

use crate::analysis::Analysis;
use crate::yaml::Span;

/// Nested spans around `offset`, innermost first.
pub fn selection_ranges(_analysis: &Analysis, _offset: usize) -> Vec<Span> {
    Vec::new()
}
