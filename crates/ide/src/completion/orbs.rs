//! Completion from the orb data: members after `orb/`, their parameters and values, orb names
//! and versions under `orbs:`.

use crate::completion::definitions::{best_analysis, executor_named_here};
use crate::completion::place::{place_at, Place};
use crate::completion::{CompletionItem, CompletionKind};
use crate::cursor::{CursorContext, Slot};
use crate::hover::orbs::{member_markdown, param_markdown};
use crate::FeatureContext;
use analysis::model::index::is_workflow_job_key;
use analysis::model::index::{DefKind, Model};
use analysis::orbs::data::{Catalog, Member, MemberKind, Param};
use analysis::orbs::declared::{self, DeclaredOrb};
use syntax::yaml::Span;

pub fn complete(ctx: &FeatureContext<'_>, cursor: &CursorContext) -> Vec<CompletionItem> {
    let best = best_analysis(ctx);
    let model = best.model();
    let catalog = ctx.analysis.orbs.catalog();
    let keys = cursor.path_keys();
    if let (Slot::Value { key }, ["orbs"]) = (&cursor.slot, keys.as_slice()) {
        let _ = key;
        return reference_items(catalog, cursor);
    }
    if !model.defs.iter().any(|d| d.kind == DefKind::Orb) {
        return Vec::new();
    }
    let orbs = declared::declared_orbs(model, catalog);
    let Some(place) = place_at(model, ctx.text(), cursor) else {
        return Vec::new();
    };
    let executor = || executor_named_here(model, cursor);
    let (kind, written) = match place {
        Place::JobName { .. } => {
            return member_items(model, &orbs, MemberKind::Job, cursor.replace)
        }
        Place::StepName => return member_items(model, &orbs, MemberKind::Command, cursor.replace),
        Place::ExecutorName => {
            return member_items(model, &orbs, MemberKind::Executor, cursor.replace)
        }
        Place::JobArgument(job) | Place::JobValue { job, .. } | Place::MatrixParameter(job) => {
            (MemberKind::Job, job.to_string())
        }
        Place::StepArgument(command) | Place::StepValue { command, .. } => {
            (MemberKind::Command, command.to_string())
        }
        Place::ExecutorArgument | Place::ExecutorValue(_) => match executor() {
            Some(name) => (MemberKind::Executor, name),
            None => return Vec::new(),
        },
        Place::Requires { .. } | Place::Context | Place::ArgumentOf(_) => return Vec::new(),
    };
    let found = member(model, &orbs, kind, &written);
    match place {
        Place::JobArgument(_) => argument_items(found, &written, cursor, is_workflow_job_key),
        Place::ExecutorArgument => argument_items(found, &written, cursor, |k| k == "name"),
        Place::MatrixParameter(_) | Place::StepArgument(_) => {
            argument_items(found, &written, cursor, |_| false)
        }
        Place::JobValue { key, .. } | Place::StepValue { key, .. } | Place::ExecutorValue(key) => {
            value_items(found, key, cursor)
        }
        _ => Vec::new(),
    }
}

/// The orb member a name written at the top level (`node/test`) means.
fn member<'o>(
    model: &Model<'_>,
    orbs: &'o [DeclaredOrb],
    kind: MemberKind,
    written: &str,
) -> Option<(&'o DeclaredOrb, &'o Member)> {
    let (local, name) = written.split_once('/')?;
    let orb = model.find_orb(local, None)?;
    let declared = declared::find(orbs, orb)?;
    let member = declared.resolved.as_ref()?.release.member(kind, name)?;
    Some((declared, member))
}

fn member_items(
    model: &Model<'_>,
    orbs: &[DeclaredOrb],
    kind: MemberKind,
    replace: Span,
) -> Vec<CompletionItem> {
    let mut items = Vec::new();
    for declared in orbs {
        let Some(def) = model.def(declared.def) else {
            continue;
        };
        // Orbs declared inside inline orbs are not visible from the top level.
        if def.parent.is_some() {
            continue;
        }
        let Some(resolved) = &declared.resolved else {
            continue;
        };
        for m in resolved.release.members(kind) {
            let label = format!("{}/{}", def.name, m.name);
            let required: Vec<&str> = m
                .params
                .iter()
                .filter(|p| p.required())
                .map(|p| p.name.as_str())
                .collect();
            let detail = if required.is_empty() {
                format!("orb {} ({})", kind.noun(), declared.reference())
            } else {
                format!(
                    "orb {} ({}; requires {})",
                    kind.noun(),
                    declared.reference(),
                    required.join(", ")
                )
            };
            items.push(
                CompletionItem::new(label.clone(), CompletionKind::Reference, replace)
                    .detail(detail)
                    .documentation(member_markdown(declared, kind, &label, m)),
            );
        }
    }
    items
}

/// Parameters not written yet, required ones first.
fn argument_items(
    found: Option<(&DeclaredOrb, &Member)>,
    written: &str,
    cursor: &CursorContext,
    reserved: fn(&str) -> bool,
) -> Vec<CompletionItem> {
    let Some((_, member)) = found else {
        return Vec::new();
    };
    member
        .params
        .iter()
        .filter(|p| !cursor.sibling_keys.iter().any(|k| k == &p.name) && !reserved(&p.name))
        .map(|p| {
            let mut item = CompletionItem::new(p.name.clone(), CompletionKind::Key, cursor.replace)
                .detail(if p.required() {
                    format!("{} (required)", type_word(p))
                } else {
                    type_word(p)
                })
                .documentation(param_markdown(written, p));
            // Written like a built-in key: the colon comes with it, and the values of an
            // enum or boolean are offered next.
            item.insert_text = format!("{}: ", p.name);
            item.retrigger = matches!(p.ty.as_str(), "enum" | "boolean");
            item.sort_text = Some(argument_rank(p.required(), &p.name));
            item
        })
        .collect()
}

/// The sort text of an invoked member's parameter: before the keys every invocation takes
/// (`requires`, `context`, sorted `1…`), required ones first.
pub(crate) fn argument_rank(required: bool, name: &str) -> String {
    format!("0{}{name}", u8::from(!required))
}

fn type_word(p: &Param) -> String {
    if p.ty.is_empty() {
        "untyped".to_string()
    } else {
        p.ty.clone()
    }
}

/// Allowed values of an enum or boolean parameter.
fn value_items(
    found: Option<(&DeclaredOrb, &Member)>,
    key: &str,
    cursor: &CursorContext,
) -> Vec<CompletionItem> {
    let Some(param) = found.and_then(|(_, m)| m.param(key)) else {
        return Vec::new();
    };
    let values: Vec<String> = match param.ty.as_str() {
        "enum" => param.values.clone(),
        "boolean" => vec!["true".to_string(), "false".to_string()],
        _ => return Vec::new(),
    };
    values
        .into_iter()
        .map(|v| {
            let is_default = param.default.as_deref() == Some(v.as_str());
            let mut item = CompletionItem::new(v, CompletionKind::Value, cursor.replace);
            if is_default {
                item = item.detail("default");
                item.preselect = true;
            }
            item
        })
        .collect()
}

/// `orbs: { x: circleci/no| }`: known orb names; after `@`, their versions, newest first.
fn reference_items(catalog: &Catalog, cursor: &CursorContext) -> Vec<CompletionItem> {
    let prefix = cursor.prefix.trim_start_matches(['"', '\'']);
    let quote = cursor.prefix.len() - prefix.len();
    if let Some((orb, _)) = prefix.split_once('@') {
        let start = cursor.replace.start + quote + orb.len() + 1;
        let replace = Span::new(start.min(cursor.replace.end), cursor.replace.end);
        // Versions only: the releases themselves need not be read.
        let versions = catalog.versions(orb);
        let newest_major = versions.first().copied();
        return versions
            .iter()
            .enumerate()
            .map(|(i, &version)| {
                let mut item = CompletionItem::new(version, CompletionKind::Value, replace).detail(
                    if Some(version) == newest_major {
                        format!("newest known to circleci-ls ({})", catalog.date)
                    } else {
                        "known release".to_string()
                    },
                );
                item.sort_text = Some(format!("{i:04}"));
                item.preselect = i == 0;
                item
            })
            .collect();
    }
    let replace = Span::new(
        (cursor.replace.start + quote).min(cursor.replace.end),
        cursor.replace.end,
    );
    catalog
        .orb_names()
        .map(|name| {
            let newest = catalog
                .versions(name)
                .first()
                .map(|v| v.to_string())
                .unwrap_or_default();
            let mut item = CompletionItem::new(name, CompletionKind::Value, replace)
                .detail(format!("orb, newest known {newest}"));
            item.insert_text = format!("{name}@{newest}");
            item.filter_text = Some(name.to_string());
            item
        })
        .collect()
}
