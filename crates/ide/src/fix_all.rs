//! Fix all: applies the findings' preferred fixes in rounds. A round is kept only when the file
//! still parses and no finding appears that was not there before, so a fix can never make a
//! config worse. `circleci-ls fix` and the editor's `source.fixAll` action share it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use analysis::diagnostics::{Finding, Fix, FixSafety, TextEdit};
use analysis::rule_registry::find_rule;
use analysis::settings::Settings;
use analysis::{analyze, Analysis};
use syntax::yaml::Span;

/// A file with more fixable findings than this is fixed in several runs; it bounds the work one
/// run does on a hostile file.
const MAX_ROUNDS: usize = 64;

/// What may be applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FixOptions {
    /// Also apply the fixes of rules marked [`FixSafety::Unsafe`].
    pub unsafe_fixes: bool,
}

/// One fix that was applied, or left out because it would have made the file worse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedFix {
    /// The codes of the findings it fixes (one fix can answer several findings).
    pub codes: Vec<&'static str>,
    pub title: String,
}

/// Why the file was left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotFixed {
    /// The YAML does not parse, so its tree is partial and fixes could land in the wrong place.
    DoesNotParse,
}

pub struct FixOutcome {
    /// The fixed text; equal to the input when nothing was applied.
    pub text: String,
    pub applied: Vec<AppliedFix>,
    /// Fixes left out because the file would not have parsed or would have gained a finding.
    pub rejected: Vec<AppliedFix>,
    pub not_fixed: Option<NotFixed>,
    /// The analysis of `text`: what remains.
    pub analysis: Analysis,
}

/// The fix `circleci-ls fix` applies for a finding: its preferred one, when the rule's safety
/// allows it.
pub fn applicable_fix(finding: &Finding, options: FixOptions) -> Option<&Fix> {
    let rule = find_rule(finding.code)?;
    let allowed = match rule.fix {
        FixSafety::Safe => true,
        FixSafety::Unsafe => options.unsafe_fixes,
        FixSafety::None => false,
    };
    if !allowed {
        return None;
    }
    finding
        .fixes
        .iter()
        .find(|f| f.preferred && !f.edits.is_empty())
}

/// Applies every applicable fix to `text`.
pub fn fix_all(text: &str, settings: &Settings, options: FixOptions) -> FixOutcome {
    let mut analysis = analyze(Arc::from(text), settings);
    let mut current = text.to_string();
    let mut applied = Vec::new();
    let mut rejected = Vec::new();
    if !analysis.yaml.errors.is_empty() || !analysis.yaml.is_complete() {
        return FixOutcome {
            text: current,
            applied,
            rejected,
            not_fixed: Some(NotFixed::DoesNotParse),
            analysis,
        };
    }
    let mut refused: HashSet<(&'static str, String, String)> = HashSet::new();
    for _ in 0..MAX_ROUNDS {
        let candidates = round_candidates(&analysis, options, &refused);
        if candidates.is_empty() {
            break;
        }
        // Most rounds apply every candidate at once; when that makes the file worse, one at a
        // time finds the culprit without giving up the others.
        let batch: Vec<TextEdit> = candidates
            .iter()
            .flat_map(|c| c.fix.edits.iter().cloned())
            .collect();
        let answers: Vec<&(&'static str, String)> =
            candidates.iter().flat_map(|c| &c.answers).collect();
        if let Some(next) = verified(&current, &analysis, &batch, &answers, settings) {
            applied.extend(candidates.iter().map(Candidate::record));
            current = next.0;
            analysis = next.1;
            continue;
        }
        let mut progressed = false;
        for c in &candidates {
            let answers: Vec<&(&'static str, String)> = c.answers.iter().collect();
            if let Some(next) = verified(&current, &analysis, &c.fix.edits, &answers, settings) {
                applied.push(c.record());
                current = next.0;
                analysis = next.1;
                progressed = true;
                break;
            }
            refused.insert(c.key());
            rejected.push(c.record());
        }
        if !progressed && candidates.iter().all(|c| refused.contains(&c.key())) {
            break;
        }
    }
    FixOutcome {
        text: current,
        applied,
        rejected,
        not_fixed: None,
        analysis,
    }
}

struct Candidate {
    codes: Vec<&'static str>,
    /// The code and message of every finding the fix answers; each must be gone afterwards.
    answers: Vec<(&'static str, String)>,
    /// The first finding's code and message, which identify the fix across rounds.
    message: String,
    fix: Fix,
}

impl Candidate {
    fn record(&self) -> AppliedFix {
        AppliedFix {
            codes: self.codes.clone(),
            title: self.fix.title.clone(),
        }
    }

    fn key(&self) -> (&'static str, String, String) {
        (
            self.codes.first().copied().unwrap_or_default(),
            self.message.clone(),
            self.fix.title.clone(),
        )
    }
}

/// The applicable fixes of one analysis whose edits do not overlap, in text order. Findings that
/// share a fix (the same edits) are answered by one candidate.
fn round_candidates(
    analysis: &Analysis,
    options: FixOptions,
    refused: &HashSet<(&'static str, String, String)>,
) -> Vec<Candidate> {
    let mut candidates: Vec<Candidate> = Vec::new();
    for finding in &analysis.findings {
        let Some(fix) = applicable_fix(finding, options) else {
            continue;
        };
        if let Some(same) = candidates.iter_mut().find(|c| c.fix.edits == fix.edits) {
            same.codes.push(finding.code);
            same.answers.push((finding.code, finding.message.clone()));
            continue;
        }
        let candidate = Candidate {
            codes: vec![finding.code],
            answers: vec![(finding.code, finding.message.clone())],
            message: finding.message.clone(),
            fix: fix.clone(),
        };
        if refused.contains(&candidate.key()) {
            continue;
        }
        candidates.push(candidate);
    }
    candidates.sort_by_key(|c| first_start(&c.fix.edits));
    let mut taken: Vec<Span> = Vec::new();
    candidates.retain(|c| {
        let overlaps = c.fix.edits.iter().any(|e| {
            taken
                .iter()
                .any(|t| e.span.start <= t.end && t.start <= e.span.end)
        });
        if overlaps {
            return false;
        }
        taken.extend(c.fix.edits.iter().map(|e| e.span));
        true
    });
    candidates
}

fn first_start(edits: &[TextEdit]) -> usize {
    edits.iter().map(|e| e.span.start).min().unwrap_or(0)
}

/// The text with `edits` applied and its analysis, when it still parses, every finding it has
/// was already there before, and the findings the edits answer are gone (a fix that leaves its
/// finding would otherwise be applied again and again).
fn verified(
    text: &str,
    before: &Analysis,
    edits: &[TextEdit],
    answers: &[&(&'static str, String)],
    settings: &Settings,
) -> Option<(String, Analysis)> {
    if !edits_fit(text, edits) {
        return None;
    }
    let next = TextEdit::apply_all(text, edits);
    if next == text {
        return None;
    }
    let after = analyze(Arc::from(next.as_str()), settings);
    if !after.yaml.errors.is_empty() || !after.yaml.is_complete() {
        return None;
    }
    let mut old: HashMap<(&str, &str), usize> = HashMap::new();
    for f in &before.findings {
        *old.entry((f.code, f.message.as_str())).or_default() += 1;
    }
    for (code, message) in answers.iter().copied() {
        match old.get_mut(&(*code, message.as_str())) {
            Some(n) if *n > 0 => *n -= 1,
            _ => return None,
        }
    }
    for f in &after.findings {
        match old.get_mut(&(f.code, f.message.as_str())) {
            Some(n) if *n > 0 => *n -= 1,
            _ => return None,
        }
    }
    Some((next, after))
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

/// The smallest whole-line edits that turn `old` into `new`, for editors that apply a fix-all
/// result as edits rather than as a new text.
pub fn line_edits(old: &str, new: &str) -> Vec<TextEdit> {
    let diff = similar::TextDiff::from_lines(old, new);
    let old_starts = line_offsets((0..diff.old_len()).map(|i| diff.old_slice(i)));
    let new_starts = line_offsets((0..diff.new_len()).map(|i| diff.new_slice(i)));
    let mut edits = Vec::new();
    for op in diff.ops() {
        if matches!(op.tag(), similar::DiffTag::Equal) {
            continue;
        }
        let (old_range, new_range) = (op.old_range(), op.new_range());
        let at = |starts: &[usize], i: usize| starts.get(i).copied().unwrap_or(0);
        let start = at(&old_starts, old_range.start);
        let end = at(&old_starts, old_range.end);
        let new_text = new
            .get(at(&new_starts, new_range.start)..at(&new_starts, new_range.end))
            .unwrap_or_default()
            .to_string();
        edits.push(TextEdit {
            span: Span { start, end },
            new_text,
        });
    }
    edits
}

/// The byte offset where each line `similar` split one side into starts, plus the side's end.
fn line_offsets<'a>(lines: impl ExactSizeIterator<Item = Option<&'a str>>) -> Vec<usize> {
    let mut starts = Vec::with_capacity(lines.len() + 1);
    let mut offset = 0;
    starts.push(0);
    for line in lines {
        offset += line.map_or(0, str::len);
        starts.push(offset);
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: acme/private:1 # ours\n        auth:\n          username: me\n          password: 'hunter2'\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";

    #[test]
    fn safe_fix_moves_the_secret_and_keeps_comments() {
        let out = fix_all(SECRET, &Settings::default(), FixOptions::default());
        assert!(out.not_fixed.is_none());
        assert!(!out.text.contains("hunter2"), "{}", out.text);
        assert!(out.text.contains("# ours"));
        assert!(out
            .applied
            .iter()
            .any(|a| a.codes.contains(&"literal-secret")));
        assert!(!out
            .analysis
            .findings
            .iter()
            .any(|f| f.code == "literal-secret"));
        // Adding `auth` to a Docker Hub image is unsafe, so without the option it stays.
        let hub = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";
        let safe = fix_all(hub, &Settings::default(), FixOptions::default());
        assert_eq!(safe.text, hub);
        let all = fix_all(hub, &Settings::default(), FixOptions { unsafe_fixes: true });
        assert!(all.text.contains("auth:"), "{}", all.text);
    }

    #[test]
    fn fixing_twice_changes_nothing_more() {
        let once = fix_all(
            SECRET,
            &Settings::default(),
            FixOptions { unsafe_fixes: true },
        );
        let twice = fix_all(
            &once.text,
            &Settings::default(),
            FixOptions { unsafe_fixes: true },
        );
        assert_eq!(once.text, twice.text);
        assert!(twice.applied.is_empty());
    }

    #[test]
    fn a_file_that_does_not_parse_is_left_alone() {
        let broken =
            "jobs:\n  build:\n    docker: [\n      - image: x\n        auth: {password: hunter2}\n";
        let out = fix_all(
            broken,
            &Settings::default(),
            FixOptions { unsafe_fixes: true },
        );
        assert_eq!(out.text, broken);
        assert_eq!(out.not_fixed, Some(NotFixed::DoesNotParse));
    }

    #[test]
    fn line_edits_rebuild_the_new_text() {
        let old = "a: 1\nb: 2\nc: 3\n";
        let new = "a: 1\nb: $X\nc: 3\nd: 4";
        let edits = line_edits(old, new);
        assert_eq!(TextEdit::apply_all(old, &edits), new);
        assert_eq!(edits.len(), 2);
        assert!(line_edits(old, old).is_empty());
    }

    #[test]
    fn every_rule_with_fixes_says_how_safe_they_are() {
        for rule in analysis::rule_registry::all_rules() {
            let a = analyze(Arc::from(rule.bad), &Settings::default());
            for f in a.findings.iter().filter(|f| f.code == rule.code) {
                if f.fixes.iter().any(|x| x.preferred) {
                    assert_ne!(
                        rule.fix,
                        FixSafety::None,
                        "{} has a preferred fix",
                        rule.code
                    );
                }
            }
        }
    }
}
