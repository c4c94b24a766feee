//! What every answer of a feature must satisfy, whatever the text: checked by the unit tests
//! on fixtures and by the ecosystem suite on real configs.

use analysis::test_support::pos;
use syntax::text::span::Span;

use crate::semantic_tokens::SemanticToken;
use crate::symbols::Symbol;

/// Checks that every name lies inside its symbol and every child inside its parent.
pub fn check_nesting(symbols: &[Symbol], parent: Option<Span>) -> Result<(), String> {
    for s in symbols {
        if !s.span.contains_span(s.selection_span) {
            return Err(format!("{}: name outside its symbol", s.name));
        }
        if parent.is_some_and(|p| !p.contains_span(s.span)) {
            return Err(format!("{}: symbol outside its parent", s.name));
        }
        check_nesting(&s.children, Some(s.span))?;
    }
    Ok(())
}

/// Tokens must be non-empty, on one line, on character boundaries, in order and apart.
pub fn check_order(text: &str, tokens: &[SemanticToken]) -> Result<(), String> {
    let mut last_end = 0;
    for t in tokens {
        let at = pos(text, t.span.start);
        if t.span.is_empty() || text.get(t.span.start..t.span.end).is_none() {
            return Err(format!("{at}: empty or not on character boundaries"));
        }
        if t.span.text(text).contains('\n') {
            return Err(format!("{at}: spans lines"));
        }
        if t.span.start < last_end {
            return Err(format!("{at}: out of order or overlapping"));
        }
        last_end = t.span.end;
    }
    Ok(())
}
