//! The guard of every round: the fixed text must parse, the findings the fixes answer must be
//! gone, and no finding may appear that was not there before.
//!
//! Findings are compared by code and message, so a finding whose text changed counts as new:
//! a version bump that makes an orb member's parameters read differently is refused. The one
//! exception is the answered finding itself, reworded where the fix wrote (`orb-update` after
//! a same-major bump names only the newer majors left): at no higher level, it is the same
//! finding, not a new one.

use std::collections::HashMap;
use std::sync::Arc;

use super::outcome::LeftOutReason;
use analysis::diagnostics::{Finding, Severity, TextEdit};
use analysis::settings::Settings;
use analysis::{analyze, Analysis};
use syntax::yaml::Span;

/// The text with `edits` applied and its analysis, when the guard lets it through; else why
/// not.
pub(super) fn verified(
    text: &str,
    before: &Analysis,
    edits: &[TextEdit],
    answers: &[&(&'static str, String)],
    settings: &Settings,
) -> Result<(String, Analysis), LeftOutReason> {
    if !edits_fit(text, edits) {
        return Err(LeftOutReason::DoesNotApply);
    }
    let next = TextEdit::apply_all(text, edits);
    if next == text {
        return Err(LeftOutReason::DoesNotApply);
    }
    let after = analyze(Arc::from(next.as_str()), settings);
    if !after.yaml.errors.is_empty() || !after.yaml.is_complete() {
        return Err(LeftOutReason::WouldNotParse);
    }
    let mut old: HashMap<(&str, &str), usize> = HashMap::new();
    for f in &before.findings {
        *old.entry((f.code, f.message.as_str())).or_default() += 1;
    }
    for (code, message) in answers.iter().copied() {
        match old.get_mut(&(*code, message.as_str())) {
            Some(n) if *n > 0 => *n -= 1,
            _ => return Err(LeftOutReason::WouldNotAnswer),
        }
    }
    let written = written_regions(edits);
    for f in &after.findings {
        match old.get_mut(&(f.code, f.message.as_str())) {
            Some(n) if *n > 0 => *n -= 1,
            _ if rewords_an_answer(f, answers, before, &written) => {}
            _ => return Err(LeftOutReason::WouldAdd(describe(f))),
        }
    }
    Ok((next, after))
}

/// `code: message`, for the report of a refused fix.
fn describe(f: &Finding) -> String {
    format!("{} {}: {}", f.severity.as_str(), f.code, f.message)
}

/// Where the replacement texts of `edits` lie in the text after them.
fn written_regions(edits: &[TextEdit]) -> Vec<Span> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut shift: isize = 0;
    let mut out = Vec::new();
    for e in sorted {
        let start = e.span.start.saturating_add_signed(shift);
        out.push(Span::new(start, start + e.new_text.len()));
        shift += e.new_text.len() as isize - (e.span.end - e.span.start) as isize;
    }
    out
}

/// True when `f` is one of the answered findings said again where the fix wrote, at no higher
/// level than before.
fn rewords_an_answer(
    f: &Finding,
    answers: &[&(&'static str, String)],
    before: &Analysis,
    written: &[Span],
) -> bool {
    let level = answers
        .iter()
        .filter(|(code, _)| *code == f.code)
        .filter_map(|(code, message)| {
            before
                .findings
                .iter()
                .find(|b| b.code == *code && b.message == *message)
                .map(|b| b.severity)
        })
        .max();
    let inside = written
        .iter()
        .any(|w| w.start <= f.span.start && f.span.end <= w.end);
    inside && level.is_some_and(|l: Severity| f.severity <= l)
}

/// True when every edit lies inside the text, on character boundaries, without overlapping
/// another: `TextEdit::apply_all` would silently leave such edits out.
fn edits_fit(text: &str, edits: &[TextEdit]) -> bool {
    let mut spans: Vec<Span> = edits.iter().map(|e| e.span).collect();
    spans.sort_by_key(|s| (s.start, s.end));
    let inside = spans.iter().all(|s| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    });
    inside && spans.windows(2).all(|w| w[0].end <= w[1].start)
}
