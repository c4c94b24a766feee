//! Rules about definitions as a whole: one name defined as two kinds, and members of an
//! inline orb that nothing uses.

use super::extent::Extent;
use super::index::{DefId, DefKind, Model};
use super::rules::{NAME_CLASH, UNUSED_COMMAND, UNUSED_EXECUTOR, UNUSED_JOB};
use crate::diagnostics::presentation::fit_message;
use crate::diagnostics::{Finding, FindingTag, Severity};

/// Pairs of kinds whose names may clash, and whether the clash makes a reference ambiguous.
const CLASHES: &[(DefKind, DefKind, bool)] = &[
    (DefKind::Job, DefKind::JobGroup, true),
    (DefKind::Job, DefKind::Command, false),
    (DefKind::Workflow, DefKind::JobGroup, false),
];

pub fn check(model: &Model<'_>, extent: Extent, findings: &mut Vec<Finding>) {
    name_clashes(model, findings);
    if extent == Extent::Whole {
        unused_inline_orb_members(model, findings);
    }
}

fn name_clashes(model: &Model<'_>, findings: &mut Vec<Finding>) {
    for &(first, second, ambiguous) in CLASHES {
        for (id, def) in model.defs_of(second, None) {
            if def.copied || model.lookup(second, None, &def.name) != Some(id) {
                continue;
            }
            let Some(other) = model.lookup(first, None, &def.name) else {
                continue;
            };
            let Some(other_def) = model.def(other) else {
                continue;
            };
            let message = if ambiguous {
                fit_message(
                    format!(
                        "Rename one of them: `{}` is both a {} and a {}, so a workflow entry `{}` is ambiguous.",
                        def.name,
                        first.noun(),
                        second.noun(),
                        def.name
                    ),
                    "Rename one of them: this name is both a job and a job group, so entries are ambiguous.",
                )
            } else {
                fit_message(
                    format!(
                        "Rename one of them: `{}` is both a {} and a {}; distinct names read more easily.",
                        def.name,
                        first.noun(),
                        second.noun()
                    ),
                    "Rename one of them: this name is used by two kinds of definition.",
                )
            };
            let severity = if ambiguous {
                Severity::Error
            } else {
                NAME_CLASH.default_severity
            };
            findings.push(
                Finding::new(&NAME_CLASH, def.name_span, message)
                    .with_severity(severity)
                    .with_related(
                        other_def.name_span,
                        format!("the {} `{}`", first.noun(), other_def.name),
                    ),
            );
        }
    }
}

/// Jobs, commands and executors of an inline orb that nothing in the file uses. Members of an
/// orb nothing uses are left to `unused-orb`.
fn unused_inline_orb_members(model: &Model<'_>, findings: &mut Vec<Finding>) {
    for (orb, orb_def) in model.defs_of(DefKind::Orb, None) {
        if orb_def.copied || model.orb_is_opaque(orb) || model.refs_to(orb).next().is_none() {
            continue;
        }
        for kind in [DefKind::Job, DefKind::Command, DefKind::Executor] {
            for (id, def) in model.defs_of(kind, Some(orb)) {
                if def.copied || is_used(model, id) {
                    continue;
                }
                let rule = match kind {
                    DefKind::Job => &UNUSED_JOB,
                    DefKind::Command => &UNUSED_COMMAND,
                    _ => &UNUSED_EXECUTOR,
                };
                findings.push(
                    Finding::new(
                        rule,
                        def.name_span,
                        fit_message(
                            format!(
                                "Use {} `{}` of the inline orb `{}` as `{}` or remove it: nothing uses it.",
                                kind.title(),
                                def.name,
                                orb_def.name,
                                model.qualified_name(id)
                            ),
                            &format!(
                                "Use or remove this {} of an inline orb: nothing uses it.",
                                kind.title()
                            ),
                        ),
                    )
                    .with_tag(FindingTag::Unnecessary),
                );
            }
        }
    }
}

fn is_used(model: &Model<'_>, id: DefId) -> bool {
    model.refs_to(id).next().is_some()
}
