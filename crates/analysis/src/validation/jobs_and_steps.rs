//! Settings of jobs, steps and workflow entries that do nothing or say the default at length:
//! `type: build`, `parallelism: 1`, steps of jobs that run none, rerun settings of background
//! steps, a checkout `depth` without the shallow method, a `requires` status list that is
//! `terminal`, and test jobs that store no test results.

use std::collections::HashSet;

use crate::diagnostics::presentation::fit_message;
use crate::diagnostics::{Finding, Fix, TextEdit};
use crate::model::{DefKind, Model};
use knowledge::schema::is_template;
use knowledge::table::REQUIRED_STATUSES;
use syntax::yaml::{Entry, Mapping, Node, Span};

use super::rules::{MISSING_TEST_RESULTS, NO_EFFECT, VERBOSE_SETTING};

/// Reads where jobs, steps and workflow entries are from the model. A step or entry copied
/// through an alias is judged once, at the place it is written.
pub fn check(text: &str, model: &Model<'_>, findings: &mut Vec<Finding>) {
    for job in model
        .defs
        .iter()
        .filter(|d| d.kind == DefKind::Job && !d.copied)
    {
        if let Some(m) = job.node.and_then(Node::as_mapping) {
            job_settings(text, &job.name, job.name_span, m, findings);
        }
    }
    let mut seen = HashSet::new();
    for s in &model.steps {
        if seen.insert(s.item.span) {
            step(s.name, s.args, findings);
        }
    }
    let mut seen = HashSet::new();
    for entry in &model.entries {
        if let Some(requires) = entry.args.and_then(|a| a.get("requires")) {
            if seen.insert(requires.span) {
                terminal_requires(text, requires, findings);
            }
        }
    }
}

fn job_settings(text: &str, name: &str, name_span: Span, m: &Mapping, findings: &mut Vec<Finding>) {
    let job_type = m.get("type").and_then(Node::as_str);
    if let Some(entry) = m.entry("type") {
        if job_type == Some("build") && entry.key.is_written_here() {
            findings.push(with_removal(
                text,
                Finding::new(
                    &VERBOSE_SETTING,
                    entry.key.span.cover(entry.value.span),
                    "`type: build` is the default; remove it.",
                ),
                entry,
                "Remove type: build",
            ));
        }
    }
    let runs_steps = job_type.is_none_or(|t| t == "build" || is_template(t));
    if !runs_steps {
        if let Some(entry) = m.entry("steps").filter(|e| e.key.is_written_here()) {
            let t = job_type.unwrap_or("");
            findings.push(Finding::new(
                &NO_EFFECT,
                entry.key.span,
                format!("Remove these `steps` or make this a build job: a job of type `{t}` runs no steps."),
            ));
        }
        return;
    }
    if let Some(entry) = m.entry("parallelism") {
        let one = entry.value.as_str() == Some("1") && entry.value.is_number();
        if one && entry.key.is_written_here() {
            findings.push(with_removal(
                text,
                Finding::new(
                    &VERBOSE_SETTING,
                    entry.key.span.cover(entry.value.span),
                    "Remove `parallelism: 1` (the default), or raise it to split tests across copies of the job.",
                ),
                entry,
                "Remove parallelism: 1",
            ));
        }
    }
    if looks_like_a_test_job(name) {
        if let Some(steps) = m.get("steps").and_then(Node::as_sequence) {
            let names: Vec<&str> = steps.items.iter().filter_map(step_name).collect();
            // A command may store results itself; only jobs of built-in steps are judged.
            let all_builtin = names.len() == steps.items.len()
                && names.iter().all(|n| knowledge::builtin_step(n).is_some());
            if all_builtin && names.contains(&"run") && !names.contains(&"store_test_results") {
                findings.push(Finding::new(
                    &MISSING_TEST_RESULTS,
                    name_span,
                    fit_message(
                        format!("Add a `store_test_results` step: job `{name}` looks like a test job but stores no results."),
                        "Add a `store_test_results` step: this looks like a test job but stores no results.",
                    ),
                ));
            }
        }
    }
}

/// Whether a job's name says it runs tests: `test`, `unit-tests`, `test_linux`, `e2eTest`.
pub(super) fn looks_like_a_test_job(name: &str) -> bool {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| {
            let w = word.to_ascii_lowercase();
            w == "test" || w == "tests" || w.ends_with("test") && word.ends_with("Test")
        })
}

/// The step's type: `run` for `- run: …`, `checkout` for `- checkout`.
fn step_name(item: &Node) -> Option<&str> {
    crate::model::index::Step::name_of(item)
}

/// A step's settings that have no effect.
fn step(name: &str, args: Option<&Node>, findings: &mut Vec<Finding>) {
    let Some(settings) = args.and_then(Node::as_mapping) else {
        return;
    };
    match name {
        "run" => {
            let reruns = settings.entry("max_auto_reruns");
            let delay = settings.entry("auto_rerun_delay");
            let background = settings
                .get("background")
                .and_then(Node::as_str)
                .is_some_and(|b| matches!(b, "true" | "True" | "TRUE" | "yes" | "on"));
            if background {
                for e in [reruns, delay].into_iter().flatten() {
                    findings.push(Finding::new(
                        &NO_EFFECT,
                        e.key.span,
                        format!(
                            "Remove `{}`: a background step is not rerun automatically, so it has no effect.",
                            e.key.as_str().unwrap_or("")
                        ),
                    ));
                }
            } else if let (Some(delay), None) = (delay, reruns) {
                findings.push(Finding::new(
                    &NO_EFFECT,
                    delay.key.span,
                    "Add `max_auto_reruns` or remove `auto_rerun_delay`: the delay only applies with reruns.",
                ));
            }
        }
        "checkout" => {
            let Some(depth) = settings.entry("depth") else {
                return;
            };
            let method = settings.get("method").and_then(Node::as_str);
            if method.is_some_and(is_template) || method == Some("shallow") {
                return;
            }
            findings.push(Finding::new(
                &NO_EFFECT,
                depth.key.span,
                "Add `method: shallow` or remove `depth`: it only applies to shallow clones.",
            ));
        }
        _ => {}
    }
}

/// `requires: [job: [success, failed, canceled, unauthorized, not_run]]` is `job: terminal`.
fn terminal_requires(text: &str, requires: &Node, findings: &mut Vec<Finding>) {
    let Some(requires) = requires.as_sequence() else {
        return;
    };
    let every: Vec<&str> = REQUIRED_STATUSES
        .iter()
        .map(|c| c.value)
        .filter(|v| *v != "terminal")
        .collect();
    for req in &requires.items {
        let Some(entry) = req.as_mapping().and_then(|m| m.entries.first()) else {
            continue;
        };
        let Some(list) = entry.value.as_sequence() else {
            continue;
        };
        let statuses: Vec<&str> = list.items.iter().filter_map(Node::as_str).collect();
        let covers_all = statuses.len() == list.items.len()
            && every.iter().all(|s| statuses.contains(s))
            && statuses.iter().all(|s| every.contains(s));
        if !covers_all || !entry.value.is_written_here() {
            continue;
        }
        let job = entry.key.as_str().unwrap_or("");
        let mut finding = Finding::new(
            &VERBOSE_SETTING,
            entry.value.span,
            fit_message(
                format!("Write `{job}: terminal`: every status is listed, so it waits for `{job}` to finish in any way."),
                "Write `terminal`: every status is listed, so it waits for the job to finish in any way.",
            ),
        );
        if entry.value.span.text(text).starts_with('[') || list.flow {
            finding = finding.with_fix(Fix {
                title: "Replace with terminal".to_string(),
                edits: vec![TextEdit {
                    span: entry.value.span,
                    new_text: "terminal".to_string(),
                }],
                preferred: true,
            });
        }
        findings.push(finding);
    }
}

/// Adds a fix deleting the entry's lines, when the entry has its lines to itself.
fn with_removal(text: &str, finding: Finding, entry: &Entry, title: &str) -> Finding {
    let span = entry.key.span.cover(entry.value.span);
    let Some(line_start) = text
        .get(..span.start)
        .map(|t| t.rfind(['\n', '\r']).map_or(0, |i| i + 1))
    else {
        return finding;
    };
    let before = text.get(line_start..span.start).unwrap_or("x");
    let after_end = text
        .get(span.end..)
        .and_then(|t| t.find(['\n', '\r']))
        // A line ends at LF, CRLF or a lone CR.
        .map_or(text.len(), |i| {
            let crlf = text.get(span.end + i..span.end + i + 2) == Some("\r\n");
            span.end + i + if crlf { 2 } else { 1 }
        });
    let after = text.get(span.end..after_end).unwrap_or("x");
    // A comment after the entry would be lost with the line.
    let blank_after = after.trim().is_empty();
    if !before.chars().all(|c| c == ' ') || !blank_after || !entry.value.is_written_here() {
        return finding;
    }
    finding.with_fix(Fix {
        title: title.to_string(),
        edits: vec![TextEdit {
            span: Span::new(line_start, after_end),
            new_text: String::new(),
        }],
        preferred: true,
    })
}
