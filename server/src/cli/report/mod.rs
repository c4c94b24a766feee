//! Output formats of `check` (and of what `fix` leaves): one module per format, all reading the
//! same per-file results.

mod concise;
mod full;
mod github;
mod json;
mod junit;
mod sarif;

use std::path::PathBuf;
use std::sync::Arc;

use clap::ValueEnum;

use analysis::diagnostics::{Finding, Severity};
use syntax::text::lines::LineIndex;

use syntax::text::escape::escape_path;

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

/// One checked file and what was found in it.
pub struct FileResult {
    /// The path as given on the command line or found by the walk.
    pub path: PathBuf,
    pub text: Arc<str>,
    lines: LineIndex,
    pub findings: Vec<Finding>,
}

impl FileResult {
    pub fn new(path: PathBuf, text: Arc<str>, findings: Vec<Finding>) -> FileResult {
        let lines = LineIndex::new(&text);
        FileResult {
            path,
            text,
            lines,
            findings,
        }
    }

    /// Leaves out the findings below `min`; returns how many were left out.
    pub fn keep_at_least(&mut self, min: Severity) -> usize {
        let before = self.findings.len();
        self.findings.retain(|f| f.severity >= min);
        before - self.findings.len()
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.human_position(&self.text, offset)
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

/// Renders every result in `format`; `colour` only matters for `full`.
pub fn render(format: Format, results: &[FileResult], colour: Colour) -> String {
    match format {
        Format::Full => full::render(results, colour),
        Format::Concise => concise::render(results),
        Format::Json => json::render(results),
        Format::Sarif => sarif::render(results),
        Format::Junit => junit::render(results),
        Format::Github => github::render(results),
    }
}

/// The preferred fix of a finding, as the formats that show one describe it.
fn shown_fix(f: &Finding) -> Option<&analysis::diagnostics::Fix> {
    f.fixes.iter().find(|x| x.preferred).or(f.fixes.first())
}

/// The fix safety of a finding's rule, as `fix` applies it.
fn fix_safety(f: &Finding) -> analysis::diagnostics::FixSafety {
    analysis::rule_registry::find_rule(f.code)
        .map_or(analysis::diagnostics::FixSafety::None, |r| r.fix)
}

/// The docs/rules.md anchor of a rule.
fn help_uri(code: &str) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{code}",
        env!("CARGO_PKG_REPOSITORY")
    )
}
