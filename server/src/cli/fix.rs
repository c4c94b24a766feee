//! `circleci-ls fix`: applies the safe quick-fixes (and with `--unsafe-fixes` the others),
//! writes the files or prints a diff, and reports what was fixed and what remains.

use std::io::Write;
use std::process::ExitCode;

use super::check::{files, prepare, Job};
use super::input::InputError;
use super::report::{self, Colour, Counts, FileResult, Format};
use super::{parallel, Inputs, RunEnd};
use ide::fix_all::{applicable_fix, fix_all, FixOptions, FixOutcome, NotFixed};
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
    /// As a unified diff on stdout; no file changes.
    Diff,
}

pub(super) fn run(inputs: &Inputs, options: FixOptions, output: FixOutput) -> ExitCode {
    let (jobs, mut unreadable) = match prepare(inputs) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let diff = output == FixOutput::Diff;
    let results = parallel::map(&jobs, |job| -> Result<Fixed, InputError> {
        let original = job.text()?;
        let outcome = fix_all(&original, &job.settings, options);
        Ok(Fixed { original, outcome })
    });
    // Standard input's fixed text goes to stdout, so the report goes to stderr; so it does
    // when stdout holds the diff.
    let text_on_stdout = inputs.stdin_filename.is_some() || diff;
    let mut report = String::new();
    let mut diffs = String::new();
    let mut remaining = Vec::new();
    let (mut fixed_count, mut fixed_files, mut unsafe_left) = (0, 0, 0);
    for (job, result) in jobs.iter().zip(results) {
        let fixed = match result {
            Ok(fixed) => fixed,
            Err(e) => {
                eprintln!("circleci-ls: {e}");
                unreadable = true;
                continue;
            }
        };
        let path = escape_path(&job.path);
        let outcome = &fixed.outcome;
        if outcome.not_fixed == Some(NotFixed::DoesNotParse) {
            report.push_str(&format!(
                "{path}: not fixed: the YAML does not parse; fix the syntax error first\n"
            ));
        }
        for applied in &outcome.applied {
            report.push_str(&format!(
                "{path}: {} [{}] {}\n",
                if diff { "would fix" } else { "fixed" },
                applied.codes.join(", "),
                syntax::text::escape::escape_controls(&applied.title)
            ));
        }
        for rejected in &outcome.rejected {
            report.push_str(&format!(
                "{path}: left out [{}] {}: the file would not parse or would gain a finding\n",
                rejected.codes.join(", "),
                syntax::text::escape::escape_controls(&rejected.title)
            ));
        }
        let changed = outcome.text != fixed.original;
        fixed_count += outcome.applied.iter().map(|a| a.codes.len()).sum::<usize>();
        fixed_files += usize::from(changed);
        if !options.unsafe_fixes {
            unsafe_left += outcome
                .analysis
                .findings
                .iter()
                .filter(|f| applicable_fix(f, FixOptions { unsafe_fixes: true }).is_some())
                .count();
        }
        if diff {
            if changed {
                diffs.push_str(&unified_diff(job, &fixed.original, &outcome.text));
            }
        } else if job.stdin_text.is_some() {
            print!("{}", outcome.text);
        } else if changed {
            if let Err(e) = std::fs::write(&job.path, &outcome.text) {
                eprintln!("circleci-ls: {path}: cannot write the fixes: {e}");
                unreadable = true;
            }
        }
        remaining.push(FileResult::new(
            job.path.clone(),
            std::sync::Arc::from(outcome.text.as_str()),
            outcome.analysis.findings.clone(),
        ));
    }
    let counts = Counts::of(remaining.iter().flat_map(|r| &r.findings));
    report.push_str(&report::render(Format::Concise, &remaining, Colour::Plain));
    report.push_str(&format!(
        "{} {} {} in {}; remaining: {}.\n",
        if diff { "Would fix" } else { "Fixed" },
        fixed_count,
        if fixed_count == 1 {
            "finding"
        } else {
            "findings"
        },
        files(fixed_files),
        counts.describe()
    ));
    if unsafe_left > 0 {
        report.push_str(&format!(
            "{unsafe_left} more can be fixed with --unsafe-fixes.\n"
        ));
    }
    if diff {
        print!("{diffs}");
    }
    if text_on_stdout {
        eprint!("{report}");
    } else {
        print!("{report}");
    }
    let _ = std::io::stdout().flush();
    RunEnd {
        some_input_unreadable: unreadable,
        errors: counts.errors,
    }
    .exit_code()
}

fn unified_diff(job: &Job, old: &str, new: &str) -> String {
    let name = escape_path(&job.path);
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}
