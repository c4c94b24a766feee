//! Definitions nothing uses: jobs, commands, executors, orbs, parameters and anchors.

use super::index::{DefKind, Definition, Model, RefKind};
use super::rules::*;
use crate::diagnostics::presentation::{fit_message, short_name};
use crate::diagnostics::{Finding, FindingTag, Fix, TextEdit};
use syntax::text::lines;
use syntax::yaml::Span;

pub(super) fn check(model: &Model<'_>, findings: &mut Vec<Finding>) {
    let has_workflows = model.root.and_then(|r| r.get("workflows")).is_some();
    for (id, def) in model.defs.iter().enumerate() {
        if def.copied {
            continue;
        }
        if def.kind != DefKind::Anchor && model.lookup(def.kind, def.parent, &def.name) != Some(id)
        {
            // A duplicate: `duplicate-key` reports it.
            continue;
        }
        let (rule, used) = match def.kind {
            DefKind::Job if def.parent.is_none() => {
                if !has_workflows && def.name == "build" {
                    continue;
                }
                (&UNUSED_JOB, model.refs_to(id).next().is_some())
            }
            DefKind::Command if def.parent.is_none() => {
                (&UNUSED_COMMAND, model.refs_to(id).next().is_some())
            }
            DefKind::Executor if def.parent.is_none() => {
                (&UNUSED_EXECUTOR, model.refs_to(id).next().is_some())
            }
            DefKind::Orb if def.parent.is_none() => {
                (&UNUSED_ORB, model.refs_to(id).next().is_some())
            }
            DefKind::Parameter => (
                &UNUSED_PARAMETER,
                model.refs_to(id).any(|r| r.kind == RefKind::Parameter),
            ),
            DefKind::Anchor => (&UNUSED_ANCHOR, model.refs_to(id).next().is_some()),
            _ => continue,
        };
        if used {
            continue;
        }
        let message = match def.kind {
            DefKind::Job => format!(
                "Job `{}` is not run by any workflow; add it to a workflow or remove it.",
                def.name
            ),
            DefKind::Command => format!(
                "Command `{}` is never invoked from `steps`; invoke it or remove it.",
                def.name
            ),
            DefKind::Executor => format!(
                "Executor `{}` is not used by any job; use it with `executor:` or remove it.",
                def.name
            ),
            DefKind::Orb => format!(
                "Orb `{}` is declared but nothing uses `{}/…`; remove the declaration.",
                def.name, def.name
            ),
            DefKind::Parameter => fit_message(
                format!(
                    "Parameter `{}` is never used as `<< parameters.{} >>` in {}; use it or remove it.",
                    def.name,
                    def.name,
                    def.parent.map(|p| model.describe(p)).unwrap_or_default()
                ),
                &format!(
                    "Parameter `{}` is never used as `<< parameters.{} >>`; use it or remove it.",
                    short_name(&def.name, 30),
                    short_name(&def.name, 30),
                ),
            ),
            _ => fit_message(
                format!(
                    "Anchor `&{}` is never used by an alias; remove it or use `*{}`.",
                    def.name, def.name
                ),
                &format!(
                    "Anchor `&{}` is never used by an alias; remove it.",
                    short_name(&def.name, 60)
                ),
            ),
        };
        let mut finding =
            Finding::new(rule, def.name_span, message).with_tag(FindingTag::Unnecessary);
        if let Some(fix) = removal_fix(model, def) {
            finding = finding.with_fix(fix);
        }
        findings.push(finding);
    }
}

/// A fix deleting an unused definition: the `&name` of an anchor, or the lines of a block
/// mapping entry.
fn removal_fix(model: &Model<'_>, def: &Definition<'_>) -> Option<Fix> {
    let text = model.text;
    if def.kind == DefKind::Anchor {
        // `&name` and the spaces after it.
        let start = def.name_span.start.checked_sub(1)?;
        let mut end = def.name_span.end;
        while text.as_bytes().get(end) == Some(&b' ') {
            end += 1;
        }
        return Some(Fix {
            title: format!("Remove anchor &{}", short_name(&def.name, 40)),
            edits: vec![TextEdit {
                span: Span::new(start, end),
                new_text: String::new(),
            }],
            preferred: false,
        });
    }
    if def.kind == DefKind::Parameter {
        return None;
    }
    // Only an entry that starts its own line, in block style.
    let line_start = lines::line_start(text, def.span.start);
    if !text
        .get(line_start..def.span.start)?
        .chars()
        .all(|c| c == ' ')
    {
        return None;
    }
    let end = lines::next_line_start(text, def.span.end);
    Some(Fix {
        title: format!(
            "Remove unused {} {}",
            def.kind.noun(),
            short_name(&def.name, 30)
        ),
        edits: vec![TextEdit {
            span: Span::new(line_start, end),
            new_text: String::new(),
        }],
        preferred: false,
    })
}
