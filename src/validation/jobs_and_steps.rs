//! Settings of jobs, steps and workflow entries that do nothing or say the default at length:
//! `type: build`, `parallelism: 1`, steps of jobs that run none, rerun settings of background
//! steps, a checkout `depth` without the shallow method, a `requires` status list that is
//! `terminal`, and test jobs that store no test results.

use crate::diagnostics::presentation::fit_message;
use crate::diagnostics::{Finding, Fix, TextEdit};
use crate::knowledge::schema::is_template;
use crate::knowledge::table::REQUIRED_STATUSES;
use crate::yaml::{Entry, Mapping, Node, NodeKind, Span};

use super::rules::{MISSING_TEST_RESULTS, NO_EFFECT, VERBOSE_SETTING};

/// Nesting deeper than this is not walked (the tree is already limited; this is a guard).
const MAX_DEPTH: usize = 64;

pub fn check(text: &str, root: &Node, findings: &mut Vec<Finding>) {
    let Some(root_map) = root.as_mapping() else {
        return;
    };
    let mut jobs: Vec<&Mapping> = root_map
        .get("jobs")
        .and_then(Node::as_mapping)
        .into_iter()
        .collect();
    if let Some(orbs) = root_map.get("orbs").and_then(Node::as_mapping) {
        jobs.extend(
            orbs.entries
                .iter()
                .filter_map(|o| o.value.get("jobs").and_then(Node::as_mapping)),
        );
    }
    for job in jobs.iter().flat_map(|m| m.own_entries()) {
        job_settings(text, job, findings);
    }
    steps_everywhere(root, findings, 0);
    if let Some(workflows) = root_map.get("workflows").and_then(Node::as_mapping) {
        for wf in workflows.own_entries() {
            if let Some(items) = wf.value.get("jobs").and_then(Node::as_sequence) {
                for item in &items.items {
                    terminal_requires(text, item, findings);
                }
            }
        }
    }
    if let Some(groups) = root_map.get("job-groups").and_then(Node::as_mapping) {
        for group in groups.own_entries() {
            if let Some(items) = group.value.get("jobs").and_then(Node::as_sequence) {
                for item in &items.items {
                    terminal_requires(text, item, findings);
                }
            }
        }
    }
}

fn job_settings(text: &str, job: &Entry, findings: &mut Vec<Finding>) {
    let Some(m) = job.value.as_mapping() else {
        return;
    };
    let name = job.key.as_str().unwrap_or("");
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
                format!("A job of type `{t}` runs no steps; CircleCI ignores these `steps`. Remove them or make it a build job."),
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
                    "`parallelism: 1` is the default: the job runs once; remove it, or raise it to split tests across copies of the job.",
                ),
                entry,
                "Remove parallelism: 1",
            ));
        }
    }
    if looks_like_a_test_job(name) && job.key.is_written_here() {
        if let Some(steps) = m.get("steps").and_then(Node::as_sequence) {
            let names: Vec<&str> = steps.items.iter().filter_map(step_name).collect();
            // A command may store results itself; only jobs of built-in steps are judged.
            let all_builtin = names.len() == steps.items.len()
                && names
                    .iter()
                    .all(|n| crate::knowledge::builtin_step(n).is_some());
            if all_builtin && names.contains(&"run") && !names.contains(&"store_test_results") {
                findings.push(Finding::new(
                    &MISSING_TEST_RESULTS,
                    job.key.span,
                    fit_message(
                        format!("Job `{name}` looks like a test job but stores no test results; add a `store_test_results` step."),
                        "This looks like a test job but stores no test results; add a `store_test_results` step.",
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
    match &item.kind {
        NodeKind::Scalar(s) => Some(&s.value),
        NodeKind::Mapping(m) => m.entries.first().and_then(|e| e.key.as_str()),
        _ => None,
    }
}

/// Every `steps`, `pre-steps` and `post-steps` list in the config, however nested.
fn steps_everywhere(node: &Node, findings: &mut Vec<Finding>, depth: usize) {
    if depth > MAX_DEPTH || !node.is_written_here() {
        return;
    }
    match &node.kind {
        NodeKind::Mapping(m) => {
            for e in m.own_entries() {
                let is_steps = matches!(e.key.as_str(), Some("steps" | "pre-steps" | "post-steps"));
                if let (true, Some(items)) = (is_steps, e.value.as_sequence()) {
                    for item in &items.items {
                        step(item, findings);
                    }
                }
                steps_everywhere(&e.value, findings, depth + 1);
            }
        }
        NodeKind::Sequence(s) => {
            for item in &s.items {
                steps_everywhere(item, findings, depth + 1);
            }
        }
        _ => {}
    }
}

fn step(item: &Node, findings: &mut Vec<Finding>) {
    let Some(first) = item.as_mapping().and_then(|m| m.entries.first()) else {
        return;
    };
    let Some(settings) = first.value.as_mapping() else {
        return;
    };
    match first.key.as_str() {
        Some("run") => {
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
                            "A background step is not rerun automatically; `{}` has no effect here.",
                            e.key.as_str().unwrap_or("")
                        ),
                    ));
                }
            } else if let (Some(delay), None) = (delay, reruns) {
                findings.push(Finding::new(
                    &NO_EFFECT,
                    delay.key.span,
                    "`auto_rerun_delay` only applies with `max_auto_reruns`; add `max_auto_reruns` or remove the delay.",
                ));
            }
        }
        Some("checkout") => {
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
                "`depth` only applies to shallow clones; add `method: shallow` or remove `depth`.",
            ));
        }
        _ => {}
    }
}

/// `requires: [job: [success, failed, canceled, unauthorized, not_run]]` is `job: terminal`.
fn terminal_requires(text: &str, item: &Node, findings: &mut Vec<Finding>) {
    let Some(requires) = item
        .as_mapping()
        .and_then(|m| m.entries.first())
        .and_then(|e| e.value.get("requires"))
        .and_then(Node::as_sequence)
    else {
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
                format!("Every status is listed: this is `{job}: terminal`, which waits for `{job}` to finish in any way."),
                "Every status is listed: this is `terminal`, which waits for the job to finish in any way.",
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
