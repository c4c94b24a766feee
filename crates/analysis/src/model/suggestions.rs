//! Wording and fixes shared by the model rules: a near miss to change a name to, with a rename
//! fix.

use super::index::Model;
use crate::diagnostics::presentation::short_name;
use crate::diagnostics::{Finding, Fix, TextEdit};
use syntax::text::suggest::suggest_name;
use syntax::yaml::Span;

/// What a message `Action: problem.` says is wrong: the text after the first `: ` outside
/// code spans.
fn problem_of(message: &str) -> &str {
    let mut in_code = false;
    for (i, c) in message.char_indices() {
        match c {
            '`' => in_code = !in_code,
            ':' if !in_code && message[i..].starts_with(": ") => {
                return message.get(i + 2..).unwrap_or(message);
            }
            _ => {}
        }
    }
    message
}

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

/// The prefix of a message that names a near miss.
pub(super) const CHANGE_TO: &str = "Change `";

/// Whether a finding's message names a near miss (see [`with_suggestion`]).
pub(super) fn suggests(finding: &Finding) -> bool {
    finding.message.starts_with(CHANGE_TO)
}

/// With a near miss, the message's action (`Define …: problem.`) becomes changing the name to
/// it, and a fix replaces `span` when `span` is exactly the name in the text.
pub(super) fn with_suggestion(
    model: &Model<'_>,
    mut finding: Finding,
    name: &str,
    span: Span,
    candidates: Vec<String>,
) -> Finding {
    if let Some(s) = suggest_name(name, candidates.iter().map(String::as_str)) {
        // The near miss replaces the generic remedy before the colon: one thing to do.
        let problem = problem_of(&finding.message);
        finding.message = format!("{CHANGE_TO}{name}` to `{s}`: {problem}");
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
