//! Fix all: applies the findings' preferred fixes in rounds. A round is kept only when the file
//! still parses, the findings it answers are gone and no finding appears that was not there
//! before, so a fix can never make a config worse. `circleci-ls fix` and the editor's
//! `source.fixAll` action share it.
//!
//! Safety is ruff's: a safe fix leaves CircleCI running exactly the same thing and takes no
//! information out of the file; unsafe fixes are applied only when asked for. Every fix that
//! is not applied is accounted for with its reason, and every variable an applied fix makes
//! the config read (a literal moved into `$VAR`, credentials added) is listed, since someone
//! must define it before the build works again.

mod guard;
mod line_edits;
mod outcome;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use analysis::diagnostics::{Finding, Fix, FixSafety, TextEdit};
use analysis::rule_registry::find_rule;
use analysis::settings::Settings;
use analysis::{analyze, Analysis};
use syntax::yaml::Span;

pub use line_edits::line_edits;
pub use outcome::{AppliedFix, DefineVariable, FixOutcome, LeftOut, LeftOutReason, NotFixed};

/// A file with more fixable findings than this is fixed in several runs; it bounds the work one
/// run does on a hostile file.
const MAX_ROUNDS: usize = 64;

/// What may be applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FixOptions {
    /// Also apply the fixes of rules marked [`FixSafety::Unsafe`].
    pub unsafe_fixes: bool,
}

/// How far a finding's preferred fix can be trusted: the finding's own word, else its rule's.
pub fn fix_safety(finding: &Finding) -> FixSafety {
    finding
        .fix_safety
        .or_else(|| find_rule(finding.code).map(|r| r.fix))
        .unwrap_or(FixSafety::None)
}

/// The fix the editor may apply on its own for a finding: its preferred one.
fn preferred(finding: &Finding) -> Option<&Fix> {
    finding
        .fixes
        .iter()
        .find(|f| f.preferred && !f.edits.is_empty())
}

/// The fix `circleci-ls fix` applies for a finding: its preferred one, when its safety allows.
pub fn applicable_fix(finding: &Finding, options: FixOptions) -> Option<&Fix> {
    let allowed = match fix_safety(finding) {
        FixSafety::Safe => true,
        FixSafety::Unsafe => options.unsafe_fixes,
        FixSafety::None => false,
    };
    allowed.then(|| preferred(finding)).flatten()
}

/// Applies every applicable fix to `text`.
pub fn fix_all(text: &str, settings: &Settings, options: FixOptions) -> FixOutcome {
    let analysis = analyze(Arc::from(text), settings);
    if !analysis.yaml.errors.is_empty() || !analysis.yaml.is_complete() {
        return FixOutcome::unchanged(text, analysis, Some(NotFixed::DoesNotParse));
    }
    let mut run = Run {
        original: text,
        settings,
        options,
        current: text.to_string(),
        outcome: outcome::Tally::default(),
        refused: HashSet::new(),
        wanted: Vec::new(),
    };
    run.outcome.not_applicable(&analysis, options);
    run.wanted = grouped(&analysis, options, &HashSet::new());
    let analysis = run.rounds(analysis);
    let Run {
        current,
        outcome,
        wanted,
        ..
    } = run;
    outcome.finish(current, analysis, &wanted)
}

/// One fix-all run: the text so far, what was applied and what was refused.
struct Run<'r> {
    original: &'r str,
    settings: &'r Settings,
    options: FixOptions,
    current: String,
    outcome: outcome::Tally,
    refused: HashSet<CandidateKey>,
    /// The fixes the first analysis asked for, each to be accounted for at the end.
    wanted: Vec<Candidate>,
}

impl Run<'_> {
    /// Rounds of fixes until nothing applicable is left; the analysis of the final text.
    fn rounds(&mut self, mut analysis: Analysis) -> Analysis {
        for _ in 0..MAX_ROUNDS {
            let candidates = round_candidates(&analysis, self.options, &self.refused);
            if candidates.is_empty() {
                break;
            }
            // Most rounds apply every candidate at once; when that makes the file worse, one
            // at a time finds the culprit without giving up the others.
            match self.apply(&analysis, &candidates) {
                Ok(next) => analysis = next,
                Err(_) => match self.one_at_a_time(&analysis, &candidates) {
                    Some(next) => analysis = next,
                    None => break,
                },
            }
        }
        analysis
    }

    /// Applies `candidates` together; on success records them and returns the new analysis.
    fn apply(
        &mut self,
        before: &Analysis,
        candidates: &[Candidate],
    ) -> Result<Analysis, LeftOutReason> {
        let edits: Vec<TextEdit> = candidates
            .iter()
            .flat_map(|c| c.fix.edits.iter().cloned())
            .collect();
        let answers: Vec<&(&'static str, String)> =
            candidates.iter().flat_map(|c| &c.answers).collect();
        let (next, after) =
            guard::verified(&self.current, before, &edits, &answers, self.settings)?;
        for c in candidates {
            self.outcome.applied(c, self.original, &self.current);
        }
        self.current = next;
        Ok(after)
    }

    /// The first candidate that applies on its own; the ones before it are refused with
    /// their reason. `None` when none applies.
    fn one_at_a_time(&mut self, before: &Analysis, candidates: &[Candidate]) -> Option<Analysis> {
        for c in candidates {
            match self.apply(before, std::slice::from_ref(c)) {
                Ok(next) => return Some(next),
                Err(reason) => {
                    self.refused.insert(c.key());
                    self.outcome.refused(c, reason);
                }
            }
        }
        None
    }
}

/// (first code, first message, title): identifies a fix across rounds.
type CandidateKey = (&'static str, String, String);

/// A fix to apply, with the findings it answers.
#[derive(Clone, Debug)]
struct Candidate {
    codes: Vec<&'static str>,
    /// The code and message of every finding the fix answers; each must be gone afterwards.
    answers: Vec<(&'static str, String)>,
    /// The first finding's message, which identifies the fix across rounds.
    message: String,
    fix: Fix,
}

impl Candidate {
    fn key(&self) -> CandidateKey {
        (
            self.codes.first().copied().unwrap_or_default(),
            self.message.clone(),
            self.fix.title.clone(),
        )
    }
}

/// The applicable fixes of one analysis whose edits do not overlap, in text order.
fn round_candidates(
    analysis: &Analysis,
    options: FixOptions,
    refused: &HashSet<CandidateKey>,
) -> Vec<Candidate> {
    let mut candidates = grouped(analysis, options, refused);
    candidates.sort_by_key(|c| first_start(&c.fix.edits));
    let mut taken = Taken::default();
    candidates.retain(|c| {
        if c.fix.edits.iter().any(|e| taken.touches(e.span)) {
            return false;
        }
        c.fix.edits.iter().for_each(|e| taken.add(e.span));
        true
    });
    candidates
}

/// The places the fixes taken so far edit, as disjoint intervals (start to end, both
/// included) by start: a round of 120,000 fixes asks about each edit in log time, where
/// comparing it with every span taken before cost quadratic time.
#[derive(Default)]
struct Taken {
    intervals: BTreeMap<usize, usize>,
}

impl Taken {
    /// Whether `span` touches a taken span: shares a position with it, ends included.
    fn touches(&self, span: Span) -> bool {
        // The intervals are disjoint, so the last one starting at or before `span.end` reaches
        // furthest.
        self.intervals
            .range(..=span.end)
            .next_back()
            .is_some_and(|(_, &end)| end >= span.start)
    }

    fn add(&mut self, span: Span) {
        let (mut start, mut end) = (span.start, span.end);
        while let Some((&s, &e)) = self
            .intervals
            .range(..=end)
            .next_back()
            .filter(|(_, &e)| e >= start)
        {
            self.intervals.remove(&s);
            start = start.min(s);
            end = end.max(e);
        }
        self.intervals.insert(start, end);
    }
}

/// Every applicable fix of one analysis but the refused ones. Findings that share a fix (the
/// same edits) are answered by one candidate.
fn grouped(
    analysis: &Analysis,
    options: FixOptions,
    refused: &HashSet<CandidateKey>,
) -> Vec<Candidate> {
    let mut candidates: Vec<Candidate> = Vec::new();
    // Each candidate by its edits, so that 120,000 findings are grouped in linear time.
    let mut by_edits: HashMap<&[TextEdit], usize> = HashMap::new();
    for finding in &analysis.findings {
        let Some(fix) = applicable_fix(finding, options) else {
            continue;
        };
        let same = by_edits
            .get(fix.edits.as_slice())
            .and_then(|&i| candidates.get_mut(i));
        if let Some(same) = same {
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
        if !refused.contains(&candidate.key()) {
            by_edits.insert(&fix.edits, candidates.len());
            candidates.push(candidate);
        }
    }
    candidates
}

fn first_start(edits: &[TextEdit]) -> usize {
    edits.iter().map(|e| e.span.start).min().unwrap_or(0)
}

#[cfg(test)]
mod tests;
