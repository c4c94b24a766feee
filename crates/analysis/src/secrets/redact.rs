//! Redaction of literal secrets in text the server shows back to the editor: outline labels
//! (a `run` step is named by its command), hover and completion documentation (parameter
//! defaults). What is hidden is exactly what the `literal-secret` rules flag in a string.

use std::borrow::Cow;

use super::{names, script, shapes};
use crate::docker::shell;
use syntax::yaml::Span;

/// What a hidden secret is shown as.
pub const REDACTED: &str = "••••";

/// The spans of `s` a secret rule would flag: token shapes, script assignments and `aws
/// configure set` values, and literal `docker login` passwords.
pub fn secret_spans(s: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = shapes::find(s).into_iter().map(|h| h.span).collect();
    spans.extend(script::find(s).into_iter().map(|h| h.span));
    for cmd in shell::find_docker_commands(s) {
        let Some(password) = cmd.login.and_then(|l| l.password) else {
            continue;
        };
        if password.value.is_literal() {
            spans.push(password.value.text_span.unwrap_or(password.value.span));
        }
    }
    spans.sort_by_key(|s| (s.start, s.end));
    spans
}

/// `s` with every literal secret replaced by [`REDACTED`]. Borrows when there is none.
pub fn redact(s: &str) -> Cow<'_, str> {
    let spans = secret_spans(s);
    if spans.is_empty() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    for span in spans {
        if span.end <= at {
            continue;
        }
        let start = span.start.max(at);
        out.push_str(s.get(at..start).unwrap_or(""));
        out.push_str(REDACTED);
        at = span.end;
    }
    out.push_str(s.get(at..).unwrap_or(""));
    Cow::Owned(out)
}

/// A value written for a variable, parameter or key called `name`: hidden whole when the name
/// says it holds a credential and the value is written out, else with its secrets redacted.
pub fn redact_named<'s>(name: &str, value: &'s str) -> Cow<'s, str> {
    let written_out = !value.contains('$')
        && !value.contains('`')
        && syntax::text::references::is_literal(value)
        && !names::looks_like_variable_name(value.trim());
    if written_out && names::credential(name).is_some() {
        return Cow::Borrowed(REDACTED);
    }
    redact(value)
}
