//! What a fix-all run did: the fixes applied with the variables they make the config read,
//! and every fix it did not apply, with why.

use std::collections::HashSet;

use super::{fix_safety, preferred, Candidate, FixOptions};
use analysis::diagnostics::FixSafety;
use analysis::Analysis;
use syntax::text::references::{find_references, ReferenceKind};

/// Why the file was left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotFixed {
    /// The YAML does not parse, so its tree is partial and fixes could land in the wrong place.
    DoesNotParse,
}

/// A variable an applied fix makes the config read, which someone must define (in a context
/// or the project's settings) before the build works again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefineVariable {
    pub name: String,
    /// 1-based line of its first use in the fixed text.
    pub line: usize,
}

/// One fix that was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedFix {
    /// The codes of the findings it fixes (one fix can answer several findings).
    pub codes: Vec<&'static str>,
    pub title: String,
    /// Variables it introduced that the config did not use before.
    pub defines: Vec<DefineVariable>,
}

/// Why a fix was not applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeftOutReason {
    /// It is unsafe and `--unsafe-fixes` was not given.
    NeedsUnsafeFixes,
    /// It is offered in the editor only, where a person chooses it (a new orb major, a
    /// removal): `fix` never applies it.
    EditorOnly,
    /// Applied, it would add this finding (`level code: message`).
    WouldAdd(String),
    /// Applied, the file would not parse.
    WouldNotParse,
    /// Applied, the finding it answers would stay.
    WouldNotAnswer,
    /// Its edits do not fit the text (overlap, or change nothing).
    DoesNotApply,
    /// Its finding is no longer reported after the other fixes.
    Gone,
    /// Still wanted when the run stopped (more than the rounds of one run).
    NotReached,
}

impl LeftOutReason {
    /// The reason as the end of a sentence.
    pub fn describe(&self) -> String {
        match self {
            LeftOutReason::NeedsUnsafeFixes => "unsafe; apply it with --unsafe-fixes".to_string(),
            LeftOutReason::EditorOnly => {
                "offered in the editor only, where a person chooses it".to_string()
            }
            LeftOutReason::WouldAdd(what) => format!("it would add a finding ({what})"),
            LeftOutReason::WouldNotParse => "the file would not parse".to_string(),
            LeftOutReason::WouldNotAnswer => "its finding would stay".to_string(),
            LeftOutReason::DoesNotApply => "its edits do not fit the text".to_string(),
            LeftOutReason::Gone => "its finding went away with the other fixes".to_string(),
            LeftOutReason::NotReached => "not reached in this run; run fix again".to_string(),
        }
    }
}

/// One fix that was not applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    pub codes: Vec<&'static str>,
    pub title: String,
    pub reason: LeftOutReason,
}

pub struct FixOutcome {
    /// The fixed text; equal to the input when nothing was applied.
    pub text: String,
    pub applied: Vec<AppliedFix>,
    /// Every preferred fix not applied, with why.
    pub left_out: Vec<LeftOut>,
    pub not_fixed: Option<NotFixed>,
    /// The analysis of `text`: what remains.
    pub analysis: Analysis,
}

impl FixOutcome {
    /// The text as it was.
    pub fn unchanged(text: &str, analysis: Analysis, not_fixed: Option<NotFixed>) -> FixOutcome {
        FixOutcome {
            text: text.to_string(),
            applied: Vec::new(),
            left_out: Vec::new(),
            not_fixed,
            analysis,
        }
    }
}

/// A variable a fix made the config read and, when the fix took it out of an `environment`,
/// the line where it was.
type ReadVariable = (String, Option<usize>);

/// The account kept while the run goes.
#[derive(Default)]
pub(super) struct Tally {
    /// Each fix applied, with the variables it made the config read and, for those it took
    /// out of an `environment`, the line where they were.
    applied: Vec<(AppliedFix, Vec<ReadVariable>)>,
    left_out: Vec<LeftOut>,
    done: HashSet<super::CandidateKey>,
}

impl Tally {
    /// The preferred fixes of the first analysis that this run may not apply.
    pub(super) fn not_applicable(&mut self, analysis: &Analysis, options: FixOptions) {
        for finding in &analysis.findings {
            let Some(fix) = preferred(finding) else {
                // Fixes a person picks in the editor (a new major, a removal).
                if !finding.fixes.is_empty() {
                    self.left_out.push(LeftOut {
                        codes: vec![finding.code],
                        title: finding
                            .fixes
                            .first()
                            .map(|f| f.title.clone())
                            .unwrap_or_default(),
                        reason: LeftOutReason::EditorOnly,
                    });
                }
                continue;
            };
            let reason = match fix_safety(finding) {
                FixSafety::Unsafe if !options.unsafe_fixes => LeftOutReason::NeedsUnsafeFixes,
                FixSafety::None => LeftOutReason::EditorOnly,
                _ => continue,
            };
            self.left_out.push(LeftOut {
                codes: vec![finding.code],
                title: fix.title.clone(),
                reason,
            });
        }
    }

    /// `c` was applied to `current`, a text derived from `original`.
    pub(super) fn applied(&mut self, c: &Candidate, original: &str, current: &str) {
        self.done.insert(c.key());
        let mut names: Vec<ReadVariable> = introduced_variables(c, original)
            .into_iter()
            .map(|n| (n, None))
            .collect();
        for (name, line) in removed_variables(c, current) {
            if !names.iter().any(|(n, _)| *n == name) {
                names.push((name, Some(line)));
            }
        }
        self.applied.push((
            AppliedFix {
                codes: c.codes.clone(),
                title: c.fix.title.clone(),
                defines: Vec::new(),
            },
            names,
        ));
    }

    pub(super) fn refused(&mut self, c: &Candidate, reason: LeftOutReason) {
        self.done.insert(c.key());
        self.left_out.push(LeftOut {
            codes: c.codes.clone(),
            title: c.fix.title.clone(),
            reason,
        });
    }

    /// The outcome: the fixes of the first analysis that were neither applied nor refused
    /// are accounted for, and each new variable is placed in the final text.
    pub(super) fn finish(
        mut self,
        text: String,
        analysis: Analysis,
        wanted: &[Candidate],
    ) -> FixOutcome {
        for c in wanted.iter().filter(|c| !self.done.contains(&c.key())) {
            let still = analysis.findings.iter().any(|f| {
                c.answers
                    .iter()
                    .any(|(code, m)| *code == f.code && *m == f.message)
            });
            self.left_out.push(LeftOut {
                codes: c.codes.clone(),
                title: c.fix.title.clone(),
                reason: if still {
                    LeftOutReason::NotReached
                } else {
                    LeftOutReason::Gone
                },
            });
        }
        let applied = self
            .applied
            .into_iter()
            .map(|(mut a, names)| {
                a.defines = names
                    .into_iter()
                    .filter_map(|(name, removed_at)| {
                        let line = first_use(&text, &name).or(removed_at)?;
                        Some(DefineVariable { name, line })
                    })
                    .collect();
                a
            })
            .collect();
        FixOutcome {
            text,
            applied,
            left_out: self.left_out,
            not_fixed: None,
            analysis,
        }
    }
}

/// The variables a fix's edits reference that the original text does not: `$DOCKERHUB_PASSWORD`
/// written where a literal was, or the name given to a parameter that takes one.
fn introduced_variables(c: &Candidate, original: &str) -> Vec<String> {
    let used: HashSet<String> = env_vars(original).into_iter().collect();
    let mut names = Vec::new();
    for e in &c.fix.edits {
        let mut found = env_vars(&e.new_text);
        // An orb parameter that takes a variable's name gets the bare name.
        let bare = e.new_text.trim();
        if c.codes.contains(&"literal-secret")
            && found.is_empty()
            && analysis::secrets::names::looks_like_variable_name(bare)
        {
            found.push(bare.to_string());
        }
        for name in found {
            let known = used.contains(&name)
                || knowledge::environment::builtin_variable(&name).is_some()
                || names.contains(&name);
            if !known {
                names.push(name);
            }
        }
    }
    names
}

/// The environment variables a literal-secret fix deletes from an `environment` mapping
/// (`NAME: value` lines), with the line they were on: the job still reads them, so they must
/// be defined elsewhere.
fn removed_variables(c: &Candidate, current: &str) -> Vec<(String, usize)> {
    if !c.codes.contains(&"literal-secret") {
        return Vec::new();
    }
    c.fix
        .edits
        .iter()
        .filter(|e| e.new_text.is_empty())
        .filter_map(|e| {
            let deleted = current.get(e.span.start..e.span.end)?;
            Some((
                deleted,
                syntax::text::lines::line_number(current, e.span.start),
            ))
        })
        .flat_map(|(deleted, line)| deleted.lines().map(move |l| (l, line)))
        .filter_map(|(line, at)| {
            let (key, _) = line.split_once(':')?;
            let key = key.trim().trim_start_matches("- ").trim();
            let is_name = !key.is_empty()
                && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && key != "environment";
            is_name.then(|| (key.to_string(), at))
        })
        .collect()
}

fn env_vars(s: &str) -> Vec<String> {
    find_references(s)
        .into_iter()
        .filter_map(|r| match r.kind {
            ReferenceKind::EnvVar { name } => Some(name),
            ReferenceKind::Parameter { .. } => None,
        })
        .collect()
}

/// 1-based line of the first whole-word use of `name` in `text`.
fn first_use(text: &str, name: &str) -> Option<usize> {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text.get(from..)?.find(name).map(|i| i + from) {
        let end = at + name.len();
        let before_ok = at == 0 || bytes.get(at - 1).is_none_or(|b| !is_word(*b));
        let after_ok = bytes.get(end).is_none_or(|b| !is_word(*b));
        if before_ok && after_ok {
            return Some(syntax::text::lines::line_number(text, at));
        }
        from = end;
    }
    None
}
