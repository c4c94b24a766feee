//! Hover on names defined in the config and their uses: the definition's signature,
//! parameters (types, defaults) and description.

use std::fmt::Write;

use crate::hover::{layout, HoverResult};
use crate::FeatureContext;
use analysis::model::index::{
    param_info, DefId, DefKind, Definition, Model, RefKind, Runs, Target,
};
use syntax::yaml::{Node, NodeKind, ScalarStyle};

pub fn hover(ctx: &FeatureContext<'_>) -> Option<HoverResult> {
    let analysis = ctx.analysis;
    let model = analysis.model();
    let offset = ctx.offset;
    if let Some((_, r)) = model.ref_at(offset) {
        let markdown = match (&r.target, r.kind) {
            (_, RefKind::PipelineValue) => pipeline_value_markdown(&r.name)?,
            (_, RefKind::Context) => {
                let uses = model
                    .refs
                    .iter()
                    .filter(|x| x.kind == RefKind::Context && x.name == r.name && !x.copied)
                    .count();
                format!(
                    "**context** `{}`\n\nEnvironment variables from the organization's context of this name (set in the CircleCI app, not in this file). Used {} in this file.",
                    r.name,
                    times(uses)
                )
            }
            (Target::Def(id), _) => definition_markdown(model, *id),
            (Target::OrbMember { orb }, _) => {
                let source = model
                    .def(*orb)
                    .and_then(|d| d.node)
                    .and_then(Node::as_str)
                    .unwrap_or("an inline orb");
                format!(
                    "**{}** `{}`\n\nFrom the orb `{source}`; its definition is in the orb's source, not in this file.",
                    noun_of(r.kind),
                    r.name
                )
            }
            (Target::Implicit, RefKind::Requires) => {
                let entry = r.entry.and_then(|e| model.entries.get(e))?;
                let mut md = format!("**requires** `{}`", r.name);
                let _ = write!(md, "\n\nRuns job `{}`", entry.job);
                if entry.matrix {
                    md.push_str(" for every value of its matrix");
                }
                md.push('.');
                md
            }
            (Target::Implicit, RefKind::Job) => format!(
                "**{}** `{}`\n\nA job that runs no steps (for example `type: approval`, which waits for someone to approve it in the CircleCI app).",
                "job", r.name
            ),
            _ => return None,
        };
        return Some(HoverResult {
            span: r.full_span,
            markdown,
        });
    }
    let (id, def) = model.def_at(offset)?;
    Some(HoverResult {
        span: def.name_span,
        markdown: definition_markdown(model, id),
    })
}

fn noun_of(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Job => "job",
        RefKind::Command => "command",
        RefKind::Executor => "executor",
        _ => "name",
    }
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

fn pipeline_value_markdown(name: &str) -> Option<String> {
    let doc = knowledge::pipeline_value(&format!("pipeline.{name}"))
        .unwrap_or("A value CircleCI provides for every pipeline.");
    Some(format!("**pipeline value** `pipeline.{name}`\n\n{doc}"))
}

/// A short rendering of parameter `name`'s default value; a literal secret is redacted.
fn show_value(name: &str, node: &Node) -> String {
    match &node.kind {
        NodeKind::Scalar(s) => {
            show_scalar(&analysis::secrets::redact_named(name, &s.value), s.style)
        }
        NodeKind::Sequence(s) if s.items.is_empty() => "`[]`".to_string(),
        NodeKind::Sequence(s) => format!("a list of {}", s.items.len()),
        NodeKind::Mapping(_) => "a mapping".to_string(),
        NodeKind::UnresolvedAlias(a) => format!("`*{a}`"),
    }
}

fn show_scalar(value: &str, style: ScalarStyle) -> String {
    if value.contains('\n') {
        "(multi-line text)".to_string()
    } else if value.is_empty() && style != ScalarStyle::Plain {
        "`\"\"`".to_string()
    } else if value.chars().count() > 60 {
        let short: String = value.chars().take(57).collect();
        format!("`{short}…`")
    } else {
        format!("`{}`", value.replace('`', "'"))
    }
}

/// One parameter as a markdown list line.
fn parameter_line(model: &Model<'_>, id: DefId) -> String {
    let Some(p) = model.def(id) else {
        return String::new();
    };
    let info = param_info(p.node);
    let mut line = format!("- `{}`: *{}*", p.name, info.ty.label());
    match info.default {
        None => line.push_str(", required"),
        Some(d) => {
            let _ = write!(line, " = {}", show_value(&p.name, d));
        }
    }
    if let Some(desc) = info.description {
        let first = desc.lines().next().unwrap_or("").trim();
        if !first.is_empty() {
            let _ = write!(line, " — {first}");
        }
    }
    line
}

fn description(node: Option<&Node>) -> Option<&str> {
    node?
        .get("description")?
        .as_str()
        .map(str::trim)
        .filter(|d| !d.is_empty())
}

/// Where a job or executor runs, as the model resolved it: an executor name, a Docker image,
/// a machine or macOS image.
fn runs_on(runs: &Runs<'_>) -> Option<String> {
    let headline = runs.headline();
    Some(match runs {
        Runs::Executor(..) => format!("executor `{}`", headline?),
        Runs::Docker(_) => format!("Docker image `{}`", headline?),
        Runs::Machine(_) => match headline {
            Some(image) => format!("machine image `{image}`"),
            None => "a machine".to_string(),
        },
        Runs::Macos(_) => format!("macOS (Xcode `{}`)", headline.unwrap_or("?")),
    })
}

/// Markdown describing a definition: kind, name, description, parameters, and what it runs.
pub fn definition_markdown(model: &Model<'_>, id: DefId) -> String {
    let Some(def) = model.def(id) else {
        return String::new();
    };
    let mut md = format!("**{}** `{}`", def.kind.noun(), model.qualified_name(id));
    match def.kind {
        DefKind::Parameter | DefKind::PipelineParameter => parameter_body(model, def, &mut md),
        DefKind::Job | DefKind::Command | DefKind::Executor => member_body(model, def, &mut md),
        DefKind::Orb => orb_body(model, id, def, &mut md),
        DefKind::Anchor => anchor_body(model, id, def, &mut md),
        DefKind::Workflow | DefKind::JobGroup => workflow_body(model, id, def, &mut md),
    }
    md
}

/// A parameter's type, default, owner and description.
fn parameter_body(model: &Model<'_>, def: &Definition<'_>, md: &mut String) {
    let info = param_info(def.node);
    let _ = write!(md, ": *{}*", info.ty.label());
    match info.default {
        None => md.push_str(", required"),
        Some(d) => {
            let _ = write!(md, ", default {}", show_value(&def.name, d));
        }
    }
    if let Some(owner) = def.parent {
        let _ = write!(md, "\n\nParameter of {}.", model.describe(owner));
    } else {
        md.push_str("\n\nDeclared at the top level; use it as `<< pipeline.parameters.");
        md.push_str(&def.name);
        md.push_str(" >>`.");
    }
    if let Some(desc) = info.description.and_then(layout::short_description) {
        let _ = write!(md, "\n\n{desc}");
    }
}

/// A job, command or executor: essentials first (what it does, where it runs), then the
/// parameters below a rule, required ones first.
fn member_body(model: &Model<'_>, def: &Definition<'_>, md: &mut String) {
    if let Some(desc) = description(def.node).and_then(layout::short_description) {
        let _ = write!(md, "\n\n{desc}");
    }
    let mut facts = Vec::new();
    if let Some(on) = def.runs.as_ref().and_then(runs_on) {
        facts.push(format!("Runs on {on}."));
    }
    if let Some(steps) = def.node.and_then(|n| n.get("steps")?.as_sequence()) {
        let n = steps.items.len();
        facts.push(format!("{n} step{}.", if n == 1 { "" } else { "s" }));
    }
    if !facts.is_empty() {
        md.push_str("\n\n");
        md.push_str(&facts.join(" "));
    }
    if !def.params.is_empty() {
        // Required ones first: a long list is cut to fit the hover.
        let mut params = def.params.clone();
        params.sort_by_key(|p| model.def(*p).is_none_or(|d| !param_info(d.node).required()));
        md.push_str("\n\n---\n\nParameters:\n");
        for p in params {
            md.push_str(&parameter_line(model, p));
            md.push('\n');
        }
    }
}

/// A registry orb's reference and page, or an inline orb's members.
fn orb_body(model: &Model<'_>, id: DefId, def: &Definition<'_>, md: &mut String) {
    if let Some(source) = def.node.and_then(Node::as_str) {
        let _ = write!(md, " = `{source}`");
        let slug = source.split('@').next().unwrap_or(source);
        if slug.split('/').count() == 2 && !slug.contains("<<") {
            let _ = write!(
                md,
                "\n\nA registry orb: its jobs, commands and executors are used as `{}/…`. [Orb page](https://circleci.com/developer/orbs/orb/{slug})",
                def.name
            );
        }
        return;
    }
    md.push_str("\n\nAn inline orb defined in this file.");
    for kind in [DefKind::Job, DefKind::Command, DefKind::Executor] {
        let names: Vec<String> = model
            .defs_of(kind, Some(id))
            .map(|(_, d)| format!("`{}`", d.name))
            .collect();
        if !names.is_empty() {
            let _ = write!(md, "\n\n{}s: {}", kind.title(), names.join(", "));
        }
    }
}

/// The anchored node's shape, not its text (it may hold credentials), and its uses.
fn anchor_body(model: &Model<'_>, id: DefId, def: &Definition<'_>, md: &mut String) {
    let anchored = model
        .root
        .and_then(|root| find_anchored(root, def.name_span.start.saturating_sub(1)));
    if let Some(shape) = anchored.map(shape_of) {
        let _ = write!(md, "\n\n{shape}.");
    }
    let uses = model.refs_to(id).filter(|r| !r.copied).count();
    let _ = write!(
        md,
        "\n\nUsed by {} alias{}.",
        uses,
        if uses == 1 { "" } else { "es" }
    );
}

/// A node's shape in words: `A mapping with keys …`, `A list of 3 items`, `A string`.
fn shape_of(node: &Node) -> String {
    match &node.kind {
        NodeKind::Mapping(m) => {
            let keys: Vec<String> = m.keys().take(8).map(|k| format!("`{k}`")).collect();
            if keys.is_empty() {
                "A mapping with no keys".to_string()
            } else {
                format!("A mapping with keys {}", keys.join(", "))
            }
        }
        NodeKind::Sequence(seq) => {
            let n = seq.items.len();
            format!("A list of {n} item{}", if n == 1 { "" } else { "s" })
        }
        _ => capital(node.type_name()).to_string(),
    }
}

/// A workflow's or job group's entries, and whether it is a setup configuration's.
fn workflow_body(model: &Model<'_>, id: DefId, def: &Definition<'_>, md: &mut String) {
    if def.kind == DefKind::Workflow && model.setup {
        md.push_str("\n\nThis is a setup configuration (`setup: true`): its workflow runs first and continues the pipeline with another configuration.");
    }
    let jobs: Vec<&str> = model
        .entries
        .iter()
        .filter(|e| e.container == id)
        .map(|e| e.effective_name())
        .collect();
    if !jobs.is_empty() {
        let shown: Vec<String> = jobs.iter().take(12).map(|j| format!("`{j}`")).collect();
        let more = if jobs.len() > 12 { ", …" } else { "" };
        let _ = write!(md, "\n\nJobs: {}{more}", shown.join(", "));
    }
}

fn capital(words: &'static str) -> &'static str {
    match words {
        "a mapping" => "A mapping",
        "a list" => "A list",
        "a boolean" => "A boolean",
        "a number" => "A number",
        "null" => "Null",
        _ => "A string",
    }
}

/// The written node (not an alias copy) carrying the anchor that starts at `anchor_start`.
fn find_anchored(node: &Node, anchor_start: usize) -> Option<&Node> {
    if node
        .anchor
        .as_ref()
        .is_some_and(|a| a.span.start == anchor_start)
    {
        return Some(node);
    }
    // An anchor is written before its node, inside the parent's span.
    if anchor_start < node.span.start.saturating_sub(1) || anchor_start > node.span.end {
        return None;
    }
    match &node.kind {
        NodeKind::Mapping(m) => m
            .own_entries()
            .flat_map(|e| [&e.key, &e.value])
            .filter(|n| n.is_written_here())
            .find_map(|n| find_anchored(n, anchor_start)),
        NodeKind::Sequence(s) => s
            .items
            .iter()
            .filter(|i| i.is_written_here())
            .find_map(|i| find_anchored(i, anchor_start)),
        _ => None,
    }
}
