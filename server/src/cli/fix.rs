//! `circleci-ls fix`: applies the safe quick-fixes (and with `--unsafe-fixes` the others),
//! writes the files or prints a diff, and reports what was fixed and what remains.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use super::check::{files, prepare, Job};
use super::report::{self, Colour, Counts, FileResult, Findings, Format};
use super::{parallel, Inputs, RunEnd};
use crate::disk::write;
use analysis::workspace::Snapshot;
use ide::fix_all::{fix_all, FixOptions, FixOutcome, LeftOutReason, NotFixed};
use syntax::text::escape::escape_path;

struct Fixed {
    original: String,
    outcome: FixOutcome,
}

/// Where the fixes go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FixOutput {
    /// Into the files (standard input's fixed text to stdout).
    WriteFiles,
    /// As a unified diff on stdout; no file changes. Literal secrets are masked unless
    /// `show_secrets`.
    Diff { show_secrets: bool },
}

/// The fixes for one file of the workspace. A panic while fixing leaves the file as it is,
/// with one `internal-error` finding, and the run goes on.
fn fix_file(snapshot: &Snapshot, job: &Job, options: FixOptions) -> Option<Fixed> {
    let original = snapshot.text(&job.file)?;
    let settings = snapshot.settings_for(&job.file);
    let hook = crate::protocol::contain::analysis_hook();
    let fixed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if let Some(hook) = &hook {
            hook(&original);
        }
        fix_all(&original, &settings, options)
    }));
    let outcome = fixed.unwrap_or_else(|_| {
        FixOutcome::unchanged(
            &original,
            analysis::workspace::failed(original.clone()),
            None,
        )
    });
    Some(Fixed {
        original: original.to_string(),
        outcome,
    })
}

/// What the run did so far: the report lines, the diffs, what remains, and the counts.
#[derive(Default)]
struct Tally {
    report: String,
    diffs: String,
    remaining: Vec<FileResult>,
    fixed_count: usize,
    fixed_files: usize,
    /// Fixes left for `--unsafe-fixes`, by rule.
    unsafe_left: BTreeMap<&'static str, usize>,
    /// Fixes only the editor offers, by rule.
    editor_only: BTreeMap<&'static str, usize>,
    /// Some file could not be written.
    unwritten: bool,
}

impl Tally {
    /// Reports one file's fixes and puts them where `output` says. A file is reported fixed
    /// only once its new text is in place; one that could not be written keeps its findings.
    fn record(&mut self, snapshot: &Snapshot, job: &Job, fixed: Fixed, output: FixOutput) {
        let diff = matches!(output, FixOutput::Diff { .. });
        let changed = fixed.outcome.text != fixed.original;
        if output == FixOutput::WriteFiles && !job.from_stdin && changed && !write(job, &fixed) {
            self.unwritten = true;
            let findings = match snapshot.analysis(&job.file) {
                Some(analysis) => Findings::from(analysis),
                None => Findings::from(Vec::new()),
            };
            self.remaining.push(FileResult::new(
                job.path.clone(),
                Arc::from(fixed.original.as_str()),
                findings,
            ));
            return;
        }
        let path = escape_path(&job.path);
        let outcome = &fixed.outcome;
        self.describe(&path, outcome, diff);
        self.fixed_count += outcome.applied.iter().map(|a| a.codes.len()).sum::<usize>();
        self.fixed_files += usize::from(changed);
        if let FixOutput::Diff { show_secrets } = output {
            if changed {
                let (old, new) = if show_secrets {
                    (fixed.original.clone(), outcome.text.clone())
                } else {
                    let before = snapshot.analysis(&job.file);
                    let before = before.as_ref().map_or(&[][..], |a| &a.findings[..]);
                    (
                        report::mask_secrets(&fixed.original, before),
                        report::mask_secrets(&outcome.text, &outcome.analysis.findings),
                    )
                };
                self.diffs.push_str(&unified_diff(job, &old, &new));
            }
        } else if job.from_stdin {
            print!("{}", outcome.text);
        }
        let text = Arc::from(outcome.text.as_str());
        self.remaining.push(FileResult::new(
            job.path.clone(),
            text,
            Arc::new(fixed.outcome.analysis),
        ));
    }

    /// One line per fix applied, per variable it makes the config read, and per fix left
    /// out with its reason (fixes left for `--unsafe-fixes` or the editor are counted for
    /// the summary); one for a file that does not parse.
    fn describe(&mut self, path: &str, outcome: &FixOutcome, diff: bool) {
        if outcome.not_fixed == Some(NotFixed::DoesNotParse) {
            self.report.push_str(&format!(
                "{path}: not fixed: the YAML does not parse; fix the syntax error first\n"
            ));
        }
        let mut defines: Vec<(usize, &str)> = Vec::new();
        for applied in &outcome.applied {
            self.report.push_str(&format!(
                "{path}: {} [{}] {}\n",
                if diff { "would fix" } else { "fixed" },
                applied.codes.join(", "),
                syntax::text::escape::escape_controls(&applied.title)
            ));
            defines.extend(applied.defines.iter().map(|v| (v.line, v.name.as_str())));
        }
        // Several fixes may read the same variables; each is named once.
        defines.sort_unstable();
        defines.dedup();
        for (line, name) in defines {
            self.report.push_str(&format!(
                "{path}:{line}: define `{}` in a context or the project's environment variables before the next build: the fixed config reads it but does not set it\n",
                syntax::text::escape::escape_controls(name)
            ));
        }
        for left in &outcome.left_out {
            let counted = match left.reason {
                LeftOutReason::NeedsUnsafeFixes => Some(&mut self.unsafe_left),
                LeftOutReason::EditorOnly => Some(&mut self.editor_only),
                _ => None,
            };
            if let Some(counts) = counted {
                for code in &left.codes {
                    *counts.entry(code).or_default() += 1;
                }
                continue;
            }
            self.report.push_str(&format!(
                "{path}: left out [{}] {}: {}\n",
                left.codes.join(", "),
                syntax::text::escape::escape_controls(&left.title),
                syntax::text::escape::escape_controls(&left.reason.describe())
            ));
        }
    }

    /// The summary lines after the findings that remain.
    fn summary(&mut self, counts: Counts, diff: bool) {
        self.report.push_str(&report::render(
            Format::Concise,
            &self.remaining,
            Colour::Plain,
        ));
        self.report.push_str(&format!(
            "{} {} {} in {}; remaining: {}.\n",
            if diff { "Would fix" } else { "Fixed" },
            self.fixed_count,
            if self.fixed_count == 1 {
                "finding"
            } else {
                "findings"
            },
            files(self.fixed_files),
            counts.describe()
        ));
        if let Some((total, rules)) = by_rule(&self.unsafe_left) {
            self.report.push_str(&format!(
                "{total} more can be fixed with --unsafe-fixes ({rules}).\n"
            ));
        }
        if let Some((total, rules)) = by_rule(&self.editor_only) {
            self.report.push_str(&format!(
                "{total} more {} offered only in the editor, where a person chooses them ({rules}).\n",
                if total == 1 { "is" } else { "are" }
            ));
        }
    }
}

/// Fixes the inputs; how the run ended, or the exit code of a run that could not start.
pub(super) fn run(
    inputs: &Inputs,
    options: FixOptions,
    output: FixOutput,
) -> Result<RunEnd, ExitCode> {
    crate::protocol::contain::install_panic_hook();
    let prepared = prepare(inputs)?;
    let diff = matches!(output, FixOutput::Diff { .. });
    let jobs = &prepared.jobs;
    let results = parallel::map(jobs, |job| fix_file(&prepared.snapshot, job, options));
    let mut tally = Tally::default();
    for (job, result) in jobs.iter().zip(results) {
        if let Some(fixed) = result {
            tally.record(&prepared.snapshot, job, fixed, output);
        }
    }
    let counts = Counts::of(tally.remaining.iter().flat_map(|r| r.findings()));
    tally.summary(counts, diff);
    if diff {
        print!("{}", tally.diffs);
    }
    // Standard input's fixed text goes to stdout, so the report goes to stderr; so it does
    // when stdout holds the diff.
    if jobs.iter().any(|j| j.from_stdin) || diff {
        eprint!("{}", tally.report);
    } else {
        print!("{}", tally.report);
    }
    let _ = std::io::stdout().flush();
    Ok(RunEnd {
        some_input_unreadable: prepared.unreadable || tally.unwritten,
        errors: counts.errors,
    })
}

/// Puts the fixed text in place of the file, if the file still holds the text the fixes
/// were made from; says why not otherwise.
fn write(job: &Job, fixed: &Fixed) -> bool {
    crate::protocol::contain::edit_before_write(&job.path, &fixed.original);
    match write::replace(
        &job.path,
        &fixed.outcome.text,
        write::Expect::Text(&fixed.original),
    ) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("circleci-ls: {}: not fixed: {e}", escape_path(&job.path));
            false
        }
    }
}

/// The total and "docker-hub-rate-limit 10, literal-secret 2", or `None` for no fix.
fn by_rule(counts: &BTreeMap<&'static str, usize>) -> Option<(usize, String)> {
    let total: usize = counts.values().sum();
    if total == 0 {
        return None;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect();
    Some((total, parts.join(", ")))
}

fn unified_diff(job: &Job, old: &str, new: &str) -> String {
    let name = escape_path(&job.path);
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}
