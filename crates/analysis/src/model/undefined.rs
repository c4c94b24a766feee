//! Names used but not defined: jobs, commands, executors, orbs, parameters, `requires`
//! entries, and arguments no parameter declares.

use std::collections::HashMap;

use super::index::{DefId, DefKind, Model, RefKind, Reference, Target, WorkflowEntry};
use super::rules::*;
use super::suggestions::{replace_fix, suggests, with_suggestion};
use crate::diagnostics::presentation::short_name;
use crate::diagnostics::{Finding, Fix, Related, Rule, TextEdit};
use syntax::yaml::Span;

/// Names of definitions of `kind` visible from `scope`, as they would be written there.
fn visible_names(model: &Model<'_>, kind: DefKind, scope: Option<DefId>) -> Vec<String> {
    let mut names: Vec<String> = model
        .defs_of(kind, scope)
        .map(|(_, d)| d.name.clone())
        .collect();
    if scope.is_some() {
        names.extend(model.defs_of(kind, None).map(|(_, d)| d.name.clone()));
    }
    // Members of inline orbs, qualified.
    for (orb, _) in model.defs_of(DefKind::Orb, None) {
        if !model.orb_is_opaque(orb) {
            names.extend(
                model
                    .defs_of(kind, Some(orb))
                    .map(|(id, _)| model.qualified_name(id)),
            );
        }
    }
    names
}

pub(super) fn check(model: &Model<'_>, findings: &mut Vec<Finding>) {
    // An orb that is not declared at all is one mistake however often it is used: the first
    // use is reported, the others are listed with it.
    let mut undeclared_orbs: HashMap<&str, usize> = HashMap::new();
    for r in &model.refs {
        if !r.strict || r.target != Target::Undefined {
            continue;
        }
        let member = match r.kind {
            RefKind::Job => Some((DefKind::Job, &UNDEFINED_JOB)),
            RefKind::Command => Some((DefKind::Command, &UNDEFINED_COMMAND)),
            RefKind::Executor => Some((DefKind::Executor, &UNDEFINED_EXECUTOR)),
            _ => None,
        };
        // An undeclared orb is reported once, by `undefined-orb`.
        let orb_undeclared = r
            .name
            .split_once('/')
            .is_some_and(|(orb, _)| model.find_orb(orb, r.orb_scope).is_none());
        let finding = match (r.kind, member) {
            (_, Some(_)) if orb_undeclared => None,
            (_, Some((kind, rule))) => Some(undefined_member(model, r, kind, rule)),
            (RefKind::Orb, _) => {
                undefined_orb(model, r, &mut undeclared_orbs, findings);
                None
            }
            (RefKind::Requires, _) => Some(undefined_requires(model, r)),
            (RefKind::Parameter, _) => Some(undefined_parameter(model, r)),
            (RefKind::PipelineParameter, _) => Some(undefined_pipeline_parameter(model, r)),
            (RefKind::Argument, _) => r.owner.map(|owner| undefined_argument(model, r, owner)),
            _ => None,
        };
        findings.extend(finding);
    }
}

/// An orb no `orbs:` declares: reported at its first use, later uses listed with it, unless a
/// declared orb's name is close enough to suggest.
fn undefined_orb<'m>(
    model: &'m Model<'_>,
    r: &'m Reference,
    undeclared: &mut HashMap<&'m str, usize>,
    findings: &mut Vec<Finding>,
) {
    let finding = Finding::new(
        &UNDEFINED_ORB,
        r.span,
        format!(
            "Declare orb `{}` under `orbs:` or fix the name: no orb of that name is declared.",
            r.name
        ),
    );
    let candidates = model
        .defs_of(DefKind::Orb, None)
        .map(|(_, d)| d.name.clone())
        .collect();
    let finding = with_suggestion(model, finding, &r.name, r.span, candidates);
    if !finding.fixes.is_empty() || suggests(&finding) {
        findings.push(finding);
    } else if let Some(first) = undeclared
        .get(r.name.as_str())
        .and_then(|i| findings.get_mut(*i))
    {
        first.related.push(Related {
            span: r.span,
            message: format!("`{}` is also used here", r.name),
        });
    } else {
        undeclared.insert(&r.name, findings.len());
        findings.push(finding);
    }
}

fn undefined_pipeline_parameter(model: &Model<'_>, r: &Reference) -> Finding {
    let finding = Finding::new(
        &UNDEFINED_PARAMETER,
        r.span,
        format!(
            "Declare `{}` under the top-level `parameters:` or fix the name: no such pipeline parameter.",
            r.name
        ),
    );
    let candidates = model
        .defs_of(DefKind::PipelineParameter, None)
        .map(|(_, d)| d.name.clone())
        .collect();
    with_suggestion(model, finding, &r.name, r.span, candidates)
}

/// An argument passed to a parameter the invoked job, command or executor does not declare.
fn undefined_argument(model: &Model<'_>, r: &Reference, owner: DefId) -> Finding {
    let finding = Finding::new(
        &UNDEFINED_PARAMETER,
        r.span,
        format!(
            "Remove `{}` or declare it under the {}'s `parameters:`: {} has no such parameter.",
            r.name,
            model.def(owner).map_or("", |d| d.kind.noun()),
            model.describe(owner)
        ),
    );
    let candidates = param_names(model, owner);
    with_suggestion(model, finding, &r.name, r.span, candidates)
}

fn param_names(model: &Model<'_>, owner: DefId) -> Vec<String> {
    model
        .def(owner)
        .map(|d| {
            d.params
                .iter()
                .filter_map(|p| model.def(*p).map(|p| p.name.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn undefined_member(model: &Model<'_>, r: &Reference, kind: DefKind, rule: &Rule) -> Finding {
    if let Some((orb_name, member)) = r.name.split_once('/') {
        // Only inline orbs get here: a registry orb's members are accepted.
        let orb = model.find_orb(orb_name, r.orb_scope);
        let finding = Finding::new(
            rule,
            r.full_span,
            format!(
                "Define {} `{member}` under the orb's `{}s:` or fix the name: the inline orb `{orb_name}` has none.",
                kind.noun(),
                kind.noun()
            ),
        );
        let candidates = orb
            .map(|o| {
                model
                    .defs_of(kind, Some(o))
                    .map(|(_, d)| d.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        return with_suggestion(model, finding, member, r.span, candidates);
    }
    let mut message = match kind {
        DefKind::Command => format!(
            "Define command `{}` or fix the name: it is neither a built-in step nor under `commands:`.",
            r.name
        ),
        _ => format!(
            "Define {} `{}` under `{}s:` or fix the name: none is defined.",
            kind.noun(),
            r.name,
            kind.noun()
        ),
    };
    // Say so when the name is defined as something else.
    for other in [DefKind::Job, DefKind::Command, DefKind::Executor] {
        if other != kind && model.lookup(other, r.orb_scope, &r.name).is_some() {
            message.push_str(&format!(" (`{}` is a {}.)", r.name, other.noun()));
            break;
        }
    }
    let finding = Finding::new(rule, r.full_span, message);
    let mut candidates = visible_names(model, kind, r.orb_scope);
    if kind == DefKind::Command {
        candidates.extend(knowledge::builtin_step_names().map(str::to_string));
    }
    if kind == DefKind::Job {
        candidates.extend(
            model
                .defs_of(DefKind::JobGroup, None)
                .map(|(_, d)| d.name.clone()),
        );
    }
    let finding = with_suggestion(model, finding, &r.name, r.full_span, candidates);
    // With no near miss to rename to, offer to create the definition.
    let near_miss = !finding.fixes.is_empty() || suggests(&finding);
    if !near_miss && r.orb_scope.is_none() {
        if let Some(fix) =
            super::create_fix::create_definition(model.text, model.root, kind, &r.name)
        {
            return finding.with_fix(fix);
        }
    }
    finding
}

fn container_description(model: &Model<'_>, container: Option<DefId>) -> String {
    container.map_or_else(|| "this workflow".to_string(), |c| model.describe(c))
}

fn undefined_requires(model: &Model<'_>, r: &Reference) -> Finding {
    let container = r.owner;
    let where_ = container_description(model, container);
    let in_container: Vec<&WorkflowEntry<'_>> = model
        .entries
        .iter()
        .filter(|e| Some(e.container) == container)
        .collect();
    let renamed: Vec<&str> = in_container
        .iter()
        .filter(|e| e.job == r.name && e.name.is_some())
        .map(|e| e.effective_name())
        .collect();
    if let [alias] = renamed.as_slice() {
        let finding = Finding::new(
            &UNDEFINED_JOB,
            r.span,
            format!(
                "Require `{alias}`: job `{}` runs under that name in {where_}.",
                r.name
            ),
        );
        return if r.span.text(model.text) == r.name {
            finding.with_fix(replace_fix(
                format!("Change to {}", short_name(alias, 40)),
                r.span,
                alias,
            ))
        } else {
            finding
        };
    }
    if model.lookup(DefKind::Job, None, &r.name).is_some() {
        let message = format!(
            "Add job `{}` to the {}'s `jobs` or drop this requirement: it is not in {where_}.",
            r.name,
            container
                .and_then(|c| model.def(c))
                .map_or("workflow", |d| d.kind.noun())
        );
        return Finding::new(&UNDEFINED_JOB, r.span, message);
    }
    let message = format!("Require a job of {where_}: it has no job `{}`.", r.name);
    let finding = Finding::new(&UNDEFINED_JOB, r.span, message);
    // Entries naming an undefined job are no better a suggestion than the typo itself.
    let candidates = in_container
        .iter()
        .filter(|e| {
            e.job_ref
                .and_then(|i| model.refs.get(i))
                .is_some_and(|r| r.target != Target::Undefined)
        })
        .map(|e| e.effective_name().to_string())
        .collect();
    with_suggestion(model, finding, &r.name, r.span, candidates)
}

fn undefined_parameter(model: &Model<'_>, r: &Reference) -> Finding {
    let Some(owner) = r.owner else {
        let mut finding = Finding::new(
            &UNDEFINED_PARAMETER,
            r.span,
            format!(
                "Use `<< pipeline.parameters.{} >>` here: `<< parameters.… >>` works only inside a job, command or executor.",
                r.name
            ),
        );
        let prefix_start = r.span.start.saturating_sub("parameters.".len());
        let exact = r.span.text(model.text) == r.name
            && model.text.get(prefix_start..r.span.start) == Some("parameters.");
        if exact
            && model
                .lookup(DefKind::PipelineParameter, None, &r.name)
                .is_some()
        {
            finding = finding.with_fix(Fix {
                title: format!("Use pipeline.parameters.{}", short_name(&r.name, 30)),
                edits: vec![TextEdit {
                    span: Span::empty(prefix_start),
                    new_text: "pipeline.".to_string(),
                }],
                preferred: true,
            });
        }
        return finding;
    };
    let finding = Finding::new(
        &UNDEFINED_PARAMETER,
        r.span,
        format!(
            "Declare `{}` under the {}'s `parameters:` or fix the name: {} has no such parameter.",
            r.name,
            model.def(owner).map_or("", |d| d.kind.noun()),
            model.describe(owner)
        ),
    );
    with_suggestion(model, finding, &r.name, r.span, param_names(model, owner))
}
