//! Definitions nothing uses: jobs, commands, executors, orbs, parameters and anchors.

use super::index::{DefKind, Definition, Model, RefKind};
use super::rules::*;
use crate::diagnostics::presentation::{fit_message, short_name};
use crate::diagnostics::{Finding, FindingTag, Fix, Rule, TextEdit};
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
        // A 2.0 config without workflows runs its job `build`.
        if def.kind == DefKind::Job && !has_workflows && def.name == "build" {
            continue;
        }
        let Some(rule) = rule_of(def) else {
            continue;
        };
        let used = match def.kind {
            DefKind::Parameter => model.refs_to(id).any(|r| r.kind == RefKind::Parameter),
            _ => model.refs_to(id).next().is_some(),
        };
        if used {
            continue;
        }
        let mut finding = Finding::new(rule, def.name_span, message(model, def))
            .with_tag(FindingTag::Unnecessary);
        if let Some(fix) = removal_fix(model, def) {
            finding = finding.with_fix(fix);
        }
        findings.push(finding);
    }
}

/// The rule that reports a definition nothing uses, for the kinds it applies to (members of
/// inline orbs are judged by the orb's users, not here).
fn rule_of(def: &Definition<'_>) -> Option<&'static Rule> {
    let top = def.parent.is_none();
    Some(match def.kind {
        DefKind::Job if top => &UNUSED_JOB,
        DefKind::Command if top => &UNUSED_COMMAND,
        DefKind::Executor if top => &UNUSED_EXECUTOR,
        DefKind::Orb if top => &UNUSED_ORB,
        DefKind::Parameter => &UNUSED_PARAMETER,
        DefKind::Anchor => &UNUSED_ANCHOR,
        _ => return None,
    })
}

fn message(model: &Model<'_>, def: &Definition<'_>) -> String {
    let name = &def.name;
    match def.kind {
        DefKind::Job => format!(
            "Add job `{name}` to a workflow or remove it: no workflow runs it."
        ),
        DefKind::Command => {
            format!("Invoke command `{name}` from `steps` or remove it: nothing invokes it.")
        }
        DefKind::Executor => format!(
            "Use executor `{name}` with `executor:` or remove it: no job uses it."
        ),
        DefKind::Orb => format!(
            "Remove orb `{name}`: it is declared but nothing uses `{name}/…`."
        ),
        DefKind::Parameter => fit_message(
            format!(
                "Use parameter `{name}` as `<< parameters.{name} >>` or remove it: {} never reads it.",
                def.parent.map(|p| model.describe(p)).unwrap_or_default()
            ),
            &format!(
                "Use parameter `{}` as `<< parameters.{} >>` or remove it: nothing reads it.",
                short_name(name, 30),
                short_name(name, 30),
            ),
        ),
        _ => fit_message(
            format!("Remove anchor `&{name}` or use it as `*{name}`: no alias uses it."),
            &format!(
                "Remove anchor `&{}`: no alias uses it.",
                short_name(name, 60)
            ),
        ),
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
