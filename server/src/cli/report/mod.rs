//! Output formats of `check` (and of what `fix` leaves): one module per format, all reading the
//! same per-file results.

mod concise;
mod excerpt;
mod full;
mod github;
mod json;
mod junit;
mod mask;
mod positions;
mod sarif;
mod statistics;

use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use clap::ValueEnum;

use analysis::diagnostics::{Finding, Severity};
use analysis::Analysis;
use positions::Positions;
use syntax::text::escape::escape_path;
use syntax::text::lines::LineIndex;
use syntax::yaml::Span;

pub use mask::mask_secrets;
pub use statistics::write as write_statistics;

/// `--format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Each finding with its source lines, the span underlined and the fix as help (the
    /// default on a terminal).
    Full,
    /// One line per finding: `path:line:col: severity[code] message` (the default otherwise).
    #[value(alias = "text")]
    Concise,
    /// A JSON array of findings with positions and fixes.
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// JUnit XML (CircleCI's `store_test_results`): one test case per file and rule.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

impl Format {
    /// Formats meant for people; the others are for programs and keep stdout to themselves.
    pub fn is_human(self) -> bool {
        matches!(self, Format::Full | Format::Concise | Format::Github)
    }

    /// The least severe findings the format shows unless `--min-severity` says otherwise:
    /// pull-request annotations and the Tests tab leave hints (such as `orb-update`) out.
    pub fn default_min_severity(self) -> MinSeverity {
        match self {
            Format::Github | Format::Junit => MinSeverity::Info,
            _ => MinSeverity::Hint,
        }
    }
}

/// `--min-severity`: the least severe findings shown.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum MinSeverity {
    Hint,
    Info,
    Warning,
    Error,
}

impl MinSeverity {
    pub fn severity(self) -> Severity {
        match self {
            MinSeverity::Hint => Severity::Hint,
            MinSeverity::Info => Severity::Info,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Error => Severity::Error,
        }
    }
}

/// A file's findings: the analysis's own list, shared rather than copied (a script of
/// 120,000 `docker pull`s has as many findings), or a list made for the report.
pub enum Findings {
    Analysed(Arc<Analysis>),
    Listed(Vec<Finding>),
}

impl Findings {
    fn all(&self) -> &[Finding] {
        match self {
            Findings::Analysed(analysis) => &analysis.findings,
            Findings::Listed(findings) => findings,
        }
    }
}

impl From<Vec<Finding>> for Findings {
    fn from(findings: Vec<Finding>) -> Findings {
        Findings::Listed(findings)
    }
}

impl From<Arc<Analysis>> for Findings {
    fn from(analysis: Arc<Analysis>) -> Findings {
        Findings::Analysed(analysis)
    }
}

/// One checked file and what was found in it.
pub struct FileResult {
    /// The path as given on the command line or found by the walk.
    pub path: PathBuf,
    pub text: Arc<str>,
    lines: LineIndex,
    found: Findings,
    /// The least severe findings shown.
    min: Severity,
    /// The positions of every offset the findings name, made at once.
    positions: Positions,
    /// The literal secrets the findings name, sorted.
    secrets: Vec<Span>,
}

impl FileResult {
    pub fn new(path: PathBuf, text: Arc<str>, findings: impl Into<Findings>) -> FileResult {
        let found = findings.into();
        let findings = found.all();
        let lines = LineIndex::new(&text);
        let positions = Positions::new(&text, &lines, offsets(findings));
        let mut secrets: Vec<Span> = findings
            .iter()
            .filter(|f| f.code == analysis::docker::rules::LITERAL_SECRET.code)
            .map(|f| f.span)
            .collect();
        secrets.sort_by_key(|s| (s.start, s.end));
        FileResult {
            path,
            text,
            lines,
            found,
            min: Severity::Hint,
            positions,
            secrets,
        }
    }

    /// The findings shown, in order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> + '_ {
        let min = self.min;
        self.found.all().iter().filter(move |f| f.severity >= min)
    }

    /// Leaves out the findings below `min`; returns how many were left out.
    pub fn keep_at_least(&mut self, min: Severity) -> usize {
        let before = self.findings().count();
        self.min = self.min.max(min);
        before - self.findings().count()
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        self.positions
            .get(&self.text, offset)
            .unwrap_or_else(|| self.lines.human_position(&self.text, offset))
    }

    fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// The literal secrets that touch `window`: those the findings name and those the
    /// detectors find within `margin` of it; sorted, overlaps merged.
    fn secrets_in(&self, window: Range<usize>, margin: usize) -> Vec<Span> {
        let first = self.secrets.partition_point(|s| s.end <= window.start);
        let mut found: Vec<Span> = self
            .secrets
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|s| s.start < window.end)
            .copied()
            .collect();
        found.extend(excerpt::detected(&self.text, window, margin));
        found.sort_by_key(|s| (s.start, s.end));
        let mut merged: Vec<Span> = Vec::with_capacity(found.len());
        for span in found {
            match merged.last_mut() {
                Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
                _ => merged.push(span),
            }
        }
        merged
    }

    /// The path for people, control characters escaped.
    pub fn display_path(&self) -> String {
        escape_path(&self.path)
    }

    /// The path as a relative URI reference with `/` separators (SARIF, JUnit).
    pub fn uri(&self) -> String {
        let text = self.path.to_string_lossy().replace('\\', "/");
        let text = text.strip_prefix("./").unwrap_or(&text);
        let mut out = String::with_capacity(text.len());
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~/@".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
}

/// Counts by level, for the summary line and exit codes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
}

impl Counts {
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut counts = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
                Severity::Hint => counts.hints += 1,
            }
        }
        counts
    }

    pub fn describe(self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}, {}, {} info, {}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            self.infos,
            plural(self.hints, "hint", "hints"),
        )
    }
}

/// Whether terminal colours are used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    Plain,
    Styled,
}

/// Every offset a report may name for these findings: spans, related spans, fix edits.
fn offsets(findings: &[Finding]) -> Vec<usize> {
    let mut offsets = Vec::with_capacity(findings.len() * 2);
    for f in findings {
        offsets.extend([f.span.start, f.span.end]);
        for rel in &f.related {
            offsets.extend([rel.span.start, rel.span.end]);
        }
        for fix in &f.fixes {
            for edit in &fix.edits {
                offsets.extend([edit.span.start, edit.span.end]);
            }
        }
    }
    offsets
}

/// Writes every result in `format`; `colour` only matters for `full`. Each finding is
/// written as it is made, so memory stays that of one finding however many there are.
pub fn write(
    out: &mut dyn Write,
    format: Format,
    results: &[FileResult],
    colour: Colour,
) -> std::io::Result<()> {
    match format {
        Format::Full => full::write(out, results, colour),
        Format::Concise => concise::write(out, results),
        Format::Json => json::write(out, results),
        Format::Sarif => sarif::write(out, results),
        Format::Junit => junit::write(out, results),
        Format::Github => github::write(out, results),
    }
}

/// Every result in `format`, as text.
pub fn render(format: Format, results: &[FileResult], colour: Colour) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(&mut out, format, results, colour);
    String::from_utf8_lossy(&out).into_owned()
}

/// The preferred fix of a finding, as the formats that show one describe it.
fn shown_fix(f: &Finding) -> Option<&analysis::diagnostics::Fix> {
    f.fixes.iter().find(|x| x.preferred).or(f.fixes.first())
}

/// The fix safety of a finding, as `fix` applies it.
fn fix_safety(f: &Finding) -> analysis::diagnostics::FixSafety {
    ide::fix_all::fix_safety(f)
}

/// The docs/rules.md anchor of a rule.
fn help_uri(code: &str) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{code}",
        env!("CARGO_PKG_REPOSITORY")
    )
}
