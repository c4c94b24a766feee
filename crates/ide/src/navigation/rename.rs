//! Rename: the definition under the cursor and every use of it, or why it cannot be renamed.

use super::{model, occurrences, symbol_at, Symbol};
use crate::FeatureContext;
use analysis::diagnostics::TextEdit;
use analysis::model::index::{DefId, DefKind, Definition, Model, RefKind, Reference, Target};
use syntax::yaml::{Node, NodeKind, Span};

/// A mapping key touching `offset`, written at that place.
fn key_at(node: &Node, offset: usize) -> Option<&Node> {
    if !node.span.touches(offset) {
        return None;
    }
    match &node.kind {
        NodeKind::Mapping(m) => m.own_entries().find_map(|e| {
            if e.key.span.touches(offset) && e.key.is_written_here() {
                Some(&e.key)
            } else if e.value.is_written_here() {
                key_at(&e.value, offset)
            } else {
                None
            }
        }),
        NodeKind::Sequence(s) => s
            .items
            .iter()
            .filter(|i| i.is_written_here())
            .find_map(|i| key_at(i, offset)),
        _ => None,
    }
}

const NOTHING: &str = "Nothing that can be renamed is under the cursor.";

/// The definition a rename at the cursor would rename.
fn rename_target(model: &Model<'_>, offset: usize) -> Result<DefId, String> {
    let Some((symbol, reference)) = symbol_at(model, offset) else {
        if let Some(key) = model.root.and_then(|r| key_at(r, offset)) {
            return Err(format!(
                "`{}` is a CircleCI key; only names defined in this file can be renamed.",
                key.as_str().unwrap_or("")
            ));
        }
        return Err(NOTHING.to_string());
    };
    let id = match symbol {
        Symbol::Def(id) => id,
        other => return Err(not_renamed(model, other, reference)),
    };
    let def = model.def(id).ok_or_else(|| NOTHING.to_string())?;
    if let Some(why) = fixed_name(model, id, def) {
        return Err(why);
    }
    // A name built from a template reaches this definition: its spelling is elsewhere.
    if let Some(r) = model
        .refs_to(id)
        .find(|r| r.span.text(model.text) != def.name)
    {
        let line = syntax::text::lines::line_number(model.text, r.span.start);
        return Err(format!(
            "`{}` is also reached at line {line} by a name that is not written out (a template or escaped text); rename it by hand.",
            def.name
        ));
    }
    Ok(id)
}

/// Why a symbol that is not a definition of this file cannot be renamed.
fn not_renamed(model: &Model<'_>, symbol: Symbol, reference: Option<&Reference>) -> String {
    match symbol {
        Symbol::OrbMember { orb, name } => {
            let source = model
                .def(orb)
                .and_then(|d| d.node)
                .and_then(Node::as_str)
                .unwrap_or("its orb");
            format!(
                "`{name}` is defined by the orb `{source}`, outside this file; it cannot be renamed here."
            )
        }
        Symbol::Context(name) => format!(
            "The context `{name}` is defined in the CircleCI organization settings; renaming it here would not rename it there."
        ),
        Symbol::Entry(_) => "This names a workflow job by the `name:` it runs under; edit that `name:` and its `requires` by hand.".to_string(),
        Symbol::Def(_) | Symbol::Other => match reference {
            Some(r) => no_definition(r),
            None => NOTHING.to_string(),
        },
    }
}

/// Why a reference with no definition in this file cannot be renamed.
fn no_definition(r: &Reference) -> String {
    match (r.kind, &r.target) {
        (_, Target::BuiltIn) => format!("`{}` is a built-in step; it cannot be renamed.", r.name),
        (RefKind::PipelineValue, _) => format!(
            "`pipeline.{}` is a value CircleCI provides; it cannot be renamed.",
            r.name
        ),
        (RefKind::Matrix, _) => format!(
            "`matrix.{}` is a matrix parameter; rename the job's parameter instead.",
            r.name
        ),
        (_, Target::Undefined) => format!("`{}` is not defined in this file.", r.name),
        _ => format!("`{}` has no definition in this file to rename.", r.name),
    }
}

/// Why a definition's name must stay as it is, if it must.
fn fixed_name(model: &Model<'_>, id: DefId, def: &Definition<'_>) -> Option<String> {
    let runs_as_build = def.kind == DefKind::Job
        && def.name == "build"
        && def.parent.is_none()
        && model.root.and_then(|r| r.get("workflows")).is_none();
    if def.kind == DefKind::Workflow {
        Some(format!(
            "Renaming {} is not supported; edit its key directly.",
            model.describe(id)
        ))
    } else if runs_as_build {
        Some("Without `workflows`, CircleCI runs the job named `build`; renaming it would stop it from running.".to_string())
    } else if def.copied {
        Some(format!(
            "`{}` is copied in through an alias or `<<` merge; rename it where it is written.",
            def.name
        ))
    } else {
        None
    }
}

/// The span of the name that would be renamed, or why it cannot be.
pub fn prepare_rename(ctx: &FeatureContext<'_>) -> Result<Span, String> {
    let model = model(ctx);
    let id = rename_target(model, ctx.offset)?;
    // The part of the name under the cursor: a reference's own span, else the definition's.
    if let Some((_, r)) = model.ref_at(ctx.offset) {
        if r.target == Target::Def(id) {
            return Ok(r.span);
        }
    }
    model
        .def(id)
        .map(|d| d.name_span)
        .ok_or_else(|| NOTHING.to_string())
}

fn valid_name(kind: DefKind, name: &str) -> bool {
    match kind {
        // YAML anchor characters, less the flow indicators.
        DefKind::Anchor => {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        }
        _ => {
            name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        }
    }
}

/// The edits that rename the thing under the cursor everywhere in the file.
pub fn rename(ctx: &FeatureContext<'_>, new_name: &str) -> Result<Vec<TextEdit>, String> {
    let model = model(ctx);
    let id = rename_target(model, ctx.offset)?;
    let def = model.def(id).ok_or_else(|| NOTHING.to_string())?;
    if !valid_name(def.kind, new_name) {
        return Err(match def.kind {
            DefKind::Anchor => format!("`{new_name}` is not a valid anchor name (no spaces or `,[]{{}}`)."),
            _ => format!(
                "`{new_name}` is not a valid {} name: use letters, digits, `-` and `_`, starting with a letter.",
                def.kind.noun()
            ),
        });
    }
    if new_name == def.name {
        return Ok(Vec::new());
    }
    let taken = match def.kind {
        DefKind::Anchor => model
            .defs
            .iter()
            .any(|d| d.kind == DefKind::Anchor && d.name == new_name),
        // A workflow entry names a job or a job group, so the two share one namespace.
        DefKind::Job | DefKind::JobGroup if def.parent.is_none() => {
            model.lookup(DefKind::Job, None, new_name).is_some()
                || model.lookup(DefKind::JobGroup, None, new_name).is_some()
        }
        kind => model.lookup(kind, def.parent, new_name).is_some(),
    };
    if taken {
        return Err(format!(
            "A {} named `{new_name}` already exists here.",
            def.kind.noun()
        ));
    }
    let (decl, uses) = occurrences(model, &Symbol::Def(id));
    Ok(decl
        .into_iter()
        .chain(uses)
        .map(|span| TextEdit {
            span,
            new_text: new_name.to_string(),
        })
        .collect())
}
