//! Wording and fixes shared by the model rules: "did you mean" with a rename fix.

use super::index::Model;
use crate::diagnostics::presentation::short_name;
use crate::diagnostics::{Finding, Fix, TextEdit};
use syntax::text::suggest::suggest_name;
use syntax::yaml::Span;

/// A preferred fix replacing `span` with `new_text`.
pub(crate) fn replace_fix(title: String, span: Span, new_text: &str) -> Fix {
    Fix {
        title,
        edits: vec![TextEdit {
            span,
            new_text: new_text.to_string(),
        }],
        preferred: true,
    }
}

/// Adds "did you mean" to a message and a fix replacing `span`, when `span` is exactly the
/// name in the text.
pub(super) fn with_suggestion(
    model: &Model<'_>,
    mut finding: Finding,
    name: &str,
    span: Span,
    candidates: Vec<String>,
) -> Finding {
    if let Some(s) = suggest_name(name, candidates.iter().map(String::as_str)) {
        // The near miss replaces the generic remedy after the semicolon: one thing to do.
        let head = finding
            .message
            .split_once("; ")
            .map_or(finding.message.trim_end_matches('.'), |(h, _)| h);
        finding.message = format!("{head}; did you mean `{s}`?");
        if span.text(model.text) == name {
            finding = finding.with_fix(replace_fix(
                format!("Change to {}", short_name(s, 40)),
                span,
                s,
            ));
        }
    }
    finding
}

pub(super) fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
