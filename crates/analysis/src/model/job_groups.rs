//! Rules about top-level `job-groups`: groups nothing uses, jobs only unused groups run,
//! nesting, settings a group invocation does not take, groups invoked twice under one name,
//! `serial-group` inside a group, and `requires` reaching into a group from outside.

use crate::diagnostics::presentation::fit_message;
use std::collections::HashMap;

use super::extent::Extent;
use super::index::{DefId, DefKind, Model, RefKind, Target, WorkflowEntry};
use super::rules::{INVALID_JOB_GROUP, UNUSED_JOB, UNUSED_JOB_GROUP};
use crate::diagnostics::{Finding, FindingTag};
use syntax::yaml::Span;

/// Settings a workflow entry may give a job but not a job group.
const NOT_FOR_GROUPS: &[&str] = &[
    "matrix",
    "override-with",
    "type",
    "context",
    "pre-steps",
    "post-steps",
    "serial-group",
    "max_auto_reruns",
    "auto_rerun_delay",
];

/// Settings a group invocation takes; any other key would be a parameter.
const GROUP_SETTINGS: &[&str] = &["requires", "name", "filters"];

pub fn check(model: &Model<'_>, extent: Extent, findings: &mut Vec<Finding>) {
    let groups: Vec<DefId> = model
        .defs_of(DefKind::JobGroup, None)
        .filter(|(_, d)| !d.copied)
        .map(|(id, _)| id)
        .collect();
    if groups.is_empty() {
        return;
    }
    let is_group = |id: DefId| model.def(id).is_some_and(|d| d.kind == DefKind::JobGroup);
    let used = |g: DefId| model.refs_to(g).any(|r| r.kind == RefKind::Job);
    if extent == Extent::Whole {
        for &g in &groups {
            if !used(g) {
                unused_group(model, g, findings);
            }
        }
        jobs_only_in_unused_groups(model, &is_group, &used, findings);
    }
    let mut invocations: HashMap<(DefId, &str), Vec<&WorkflowEntry<'_>>> = HashMap::new();
    for entry in model.entries.iter().filter(|e| !e.copied) {
        let target = entry
            .job_ref
            .and_then(|r| model.refs.get(r))
            .map(|r| &r.target);
        let Some(&Target::Def(target)) = target else {
            continue;
        };
        if is_group(entry.container) {
            inside_group(model, entry, target, &is_group, findings);
        } else if is_group(target) {
            group_settings(entry, findings);
            invocations
                .entry((entry.container, entry.effective_name()))
                .or_default()
                .push(entry);
        }
    }
    for list in invocations.values().filter(|l| l.len() > 1) {
        for entry in list.iter().skip(1) {
            let span = entry.name.map_or(entry.job_span, |(_, s)| s);
            let message = match entry.name {
                Some((n, _)) => fit_message(
                    format!("Give each invocation of a job group its own `name`: two run as `{n}`."),
                    "Give each invocation of a job group its own `name`: two share this one.",
                ),
                None => fit_message(
                    format!("Give each invocation its own `name`: job group `{}` is invoked twice here.", entry.job),
                    "Give each invocation its own `name`: this job group is invoked twice here.",
                ),
            };
            let mut finding = Finding::new(&INVALID_JOB_GROUP, span, message);
            if let Some(first) = list.first() {
                finding = finding.with_related(first.job_span, "the first invocation");
            }
            findings.push(finding);
        }
    }
    requires_into_groups(model, &is_group, findings);
}

fn unused_group(model: &Model<'_>, g: DefId, findings: &mut Vec<Finding>) {
    let Some(def) = model.def(g) else {
        return;
    };
    findings.push(
        Finding::new(
            &UNUSED_JOB_GROUP,
            def.name_span,
            fit_message(
                format!(
                    "Add job group `{}` to a workflow's `jobs` or remove it: no workflow invokes it.",
                    def.name
                ),
                "Add this job group to a workflow's `jobs` or remove it: no workflow invokes it.",
            ),
        )
        .with_tag(FindingTag::Unnecessary),
    );
}

/// A job that only unused groups run never runs; `unused-job` says so, naming the groups.
fn jobs_only_in_unused_groups(
    model: &Model<'_>,
    is_group: &dyn Fn(DefId) -> bool,
    used: &dyn Fn(DefId) -> bool,
    findings: &mut Vec<Finding>,
) {
    for (id, def) in model.defs_of(DefKind::Job, None) {
        if def.copied {
            continue;
        }
        let runs: Vec<usize> = model
            .entries
            .iter()
            .filter_map(|e| e.job_ref)
            .filter(|r| {
                model
                    .refs
                    .get(*r)
                    .is_some_and(|r| r.target == Target::Def(id))
            })
            .collect();
        let containers: Vec<DefId> = model
            .entries
            .iter()
            .filter(|e| e.job_ref.is_some_and(|r| runs.contains(&r)))
            .map(|e| e.container)
            .collect();
        // Any other reference (an `override-with`, a copy) counts as a use.
        let other_uses = model.refs_to(id).count() > runs.len();
        if containers.is_empty()
            || other_uses
            || !containers.iter().all(|c| is_group(*c) && !used(*c))
        {
            continue;
        }
        let mut names: Vec<String> = containers
            .iter()
            .filter_map(|c| model.def(*c).map(|d| format!("`{}`", d.name)))
            .collect();
        names.sort();
        names.dedup();
        findings.push(
            Finding::new(
                &UNUSED_JOB,
                def.name_span,
                fit_message(
                    format!(
                        "Invoke job group {1} or remove job `{0}`: only that group runs it, and no workflow invokes it.",
                        def.name,
                        names.join(", ")
                    ),
                    "Invoke a group or remove this job: only job groups no workflow invokes run it.",
                ),
            )
            .with_tag(FindingTag::Unnecessary),
        );
    }
}

/// An entry of a group's `jobs`: no nested groups, no `serial-group`.
fn inside_group(
    model: &Model<'_>,
    entry: &WorkflowEntry<'_>,
    target: DefId,
    is_group: &dyn Fn(DefId) -> bool,
    findings: &mut Vec<Finding>,
) {
    let group = model.def(entry.container).map_or("", |d| d.name.as_str());
    if is_group(target) {
        findings.push(invalid(
            entry.job_span,
            format!(
                "List the jobs of `{}` instead: job group `{group}` cannot list another job group.",
                entry.job
            ),
            "List the jobs themselves: a job group cannot list another job group.",
        ));
    }
    if let Some(e) = entry.args.and_then(|a| a.entry("serial-group")) {
        findings.push(invalid(
            e.key.span,
            format!("Set `serial-group` on a job the workflow invokes: job group `{group}` does not support it."),
            "Set `serial-group` on a job the workflow invokes: a job group does not support it.",
        ));
    }
}

/// A workflow's invocation of a group takes only `requires`, `name` and `filters`.
fn group_settings(entry: &WorkflowEntry<'_>, findings: &mut Vec<Finding>) {
    let Some(args) = entry.args else {
        return;
    };
    for e in args.own_entries() {
        let Some(key) = e.key.as_str() else {
            continue;
        };
        if GROUP_SETTINGS.contains(&key) || key == "<<" {
            continue;
        }
        let message = if NOT_FOR_GROUPS.contains(&key) {
            fit_message(
                format!("Give `{key}` to the jobs inside the group: a job group invocation does not take it."),
                "Give this setting to the jobs inside the group: a job group invocation does not take it.",
            )
        } else {
            fit_message(
                format!(
                    "Remove `{key}`: job group `{}` takes no parameters.",
                    entry.job
                ),
                "Remove this argument: job groups take no parameters.",
            )
        };
        findings.push(Finding::new(&INVALID_JOB_GROUP, e.key.span, message));
    }
}

/// `requires` of a workflow job naming a job that runs inside a group.
fn requires_into_groups(
    model: &Model<'_>,
    is_group: &dyn Fn(DefId) -> bool,
    findings: &mut Vec<Finding>,
) {
    for r in model
        .refs
        .iter()
        .filter(|r| r.kind == RefKind::Requires && !r.copied)
    {
        let Some(required) = r.entry.and_then(|i| model.entries.get(i)) else {
            continue;
        };
        if Some(required.container) == r.owner || !is_group(required.container) {
            continue;
        }
        let group = model
            .def(required.container)
            .map_or("", |d| d.name.as_str());
        findings.push(invalid(
            r.span,
            format!(
                "Require job group `{group}` instead: `{}` runs inside it.",
                r.name
            ),
            "Require the job group instead: this job runs inside one.",
        ));
    }
}

/// An `invalid-job-group` finding: the message naming the group, or its short form.
fn invalid(span: Span, message: String, short: &str) -> Finding {
    Finding::new(&INVALID_JOB_GROUP, span, fit_message(message, short))
}
