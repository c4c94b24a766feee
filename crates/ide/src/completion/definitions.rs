//! Completion of names defined in the config: jobs in workflows and `requires`, executors,
//! commands in steps, parameters when invoking, `<< parameters.… >>` templates, anchors after
//! `*`, and contexts already used in the file.

use std::collections::HashSet;

use crate::completion::matrix;
use crate::completion::orbs::argument_rank;
use crate::completion::place::{model_place, place_of, Place};
use crate::completion::{CompletionItem, CompletionKind};
use crate::cursor::CursorContext;
use crate::hover::definitions as hover;
use crate::FeatureContext;
use analysis::model::index::{
    is_workflow_job_key, param_info, DefId, DefKind, ExecutorUse, Model, ParamType, RefKind,
};
use analysis::Analysis;
use syntax::yaml::{Node, PathSegment, Span};

/// The analysis whose tree best describes the names in the file: the current one when it
/// parsed, else the last one that did.
pub(crate) fn best_analysis<'a>(ctx: &FeatureContext<'a>) -> &'a Analysis {
    if ctx.analysis.yaml.is_complete() {
        return ctx.analysis;
    }
    ctx.last_good.unwrap_or(ctx.analysis)
}

/// Completion inside a `<< … >>` template or after an alias's `*`: only names of that kind
/// fit there, whatever key or item holds the text.
pub fn complete_in_template_or_alias(
    ctx: &FeatureContext<'_>,
    cursor: &CursorContext,
) -> Option<Vec<CompletionItem>> {
    let model = best_analysis(ctx).model();
    complete_template(model, ctx.text(), ctx.offset, cursor)
        .or_else(|| complete_anchor(model, ctx.text(), ctx.offset))
}

pub fn complete(ctx: &FeatureContext<'_>, cursor: &CursorContext) -> Vec<CompletionItem> {
    let text = ctx.text();
    let best = best_analysis(ctx);
    let model = best.model();
    let scope = cursor.orb_scope(model, text, ctx.offset);
    let here = Here {
        model,
        cursor,
        scope,
    };
    let items = place_of(cursor).map_or_else(Vec::new, |place| here.items(place));
    if !items.is_empty() {
        return items;
    }
    // Where the path's place has nothing to offer (the value of an argument of an orb member
    // whose interface is unknown), the reference the model recorded there may.
    model_place(model, text, cursor).map_or_else(Vec::new, |place| here.items(place))
}

/// The cursor's place and what it reads names from.
struct Here<'h, 'm> {
    model: &'h Model<'m>,
    cursor: &'h CursorContext,
    scope: Option<DefId>,
}

impl Here<'_, '_> {
    fn items(&self, place: Place<'_>) -> Vec<CompletionItem> {
        let (model, cursor, scope) = (self.model, self.cursor, self.scope);
        match place {
            Place::JobName { in_group } => job_items(model, cursor.replace, in_group),
            Place::Requires { container } => requires_items(model, cursor, container),
            Place::StepName => command_items(model, scope, cursor.replace),
            Place::ExecutorName => name_items(model, DefKind::Executor, scope, cursor.replace),
            Place::Context => context_items(model, cursor.replace),
            Place::JobArgument(job) => {
                let target = resolve(model, DefKind::Job, None, job);
                argument_items(model, target, cursor, is_workflow_job_key)
            }
            Place::MatrixParameter(job) => {
                let target = resolve(model, DefKind::Job, None, job);
                argument_items(model, target, cursor, |_| false)
            }
            Place::StepArgument(command) => {
                let target = resolve(model, DefKind::Command, scope, command);
                argument_items(model, target, cursor, |_| false)
            }
            Place::ExecutorArgument => {
                let target = executor_named_here(model, cursor)
                    .and_then(|name| resolve(model, DefKind::Executor, scope, &name));
                argument_items(model, target, cursor, |k| k == "name")
            }
            Place::ArgumentOf(target) => {
                let reserved = match model.def(target).map(|d| d.kind) {
                    Some(DefKind::Job) => is_workflow_job_key,
                    Some(DefKind::Executor) => |k: &str| k == "name",
                    _ => |_: &str| false,
                };
                argument_items(model, Some(target), cursor, reserved)
            }
            Place::StepValue { command, key } => {
                let target = resolve(model, DefKind::Command, scope, command);
                argument_values(model, target, key, scope, cursor.replace)
            }
            Place::JobValue { job, key } => {
                let target = resolve(model, DefKind::Job, None, job);
                argument_values(model, target, key, scope, cursor.replace)
            }
            Place::ExecutorValue(key) => {
                let target = executor_named_here(model, cursor)
                    .and_then(|name| resolve(model, DefKind::Executor, scope, &name));
                argument_values(model, target, key, scope, cursor.replace)
            }
        }
    }
}

/// Commands and built-in steps for a step's name: after `checkout` and `run`, before the
/// other built-in steps; orb commands last.
fn command_items(model: &Model<'_>, scope: Option<DefId>, replace: Span) -> Vec<CompletionItem> {
    let mut items = name_items(model, DefKind::Command, scope, replace);
    for item in &mut items {
        let rank = if item.label.contains('/') { '3' } else { '1' };
        item.sort_text = Some(format!("{rank}{}", item.label));
        // What the command does, when its author said so.
        if let Some(said) = model
            .lookup(DefKind::Command, scope, &item.label)
            .and_then(|id| model.def(id))
            .and_then(|d| d.node?.get("description")?.as_str())
            .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
        {
            // Keep the parameters of the signature after the description.
            let params = item
                .detail
                .as_deref()
                .and_then(|d| d.find(" (").map(|i| &d[i..]))
                .unwrap_or("");
            let said: String = said.chars().take(80).collect();
            item.detail = Some(format!("{said}{params}"));
        }
    }
    items
}

/// A job, command or executor by the name written at the cursor's place.
fn resolve(model: &Model<'_>, kind: DefKind, scope: Option<DefId>, name: &str) -> Option<DefId> {
    if let Some((orb, member)) = name.split_once('/') {
        let orb = model.find_orb(orb, scope)?;
        return model.lookup(kind, Some(orb), member);
    }
    model
        .lookup(kind, scope, name)
        .or_else(|| model.lookup(kind, None, name))
}

/// The `name` of the `executor:` mapping the cursor is in, read from the tree.
pub(crate) fn executor_named_here(model: &Model<'_>, cursor: &CursorContext) -> Option<String> {
    let node = cursor.node_in(model.root?)?;
    ExecutorUse::read(node)?.name().map(str::to_string)
}

fn def_item(model: &Model<'_>, id: DefId, label: String, replace: Span) -> CompletionItem {
    let mut item = CompletionItem::new(label, CompletionKind::Reference, replace);
    if let Some(def) = model.def(id) {
        item = item.detail(signature(model, id, def.kind));
    }
    item.documentation(hover::definition_markdown(model, id))
}

/// One line describing a definition: `job (version: string, env?: enum)`.
fn signature(model: &Model<'_>, id: DefId, kind: DefKind) -> String {
    let params: Vec<String> = model
        .def(id)
        .map(|d| {
            d.params
                .iter()
                .filter_map(|p| model.def(*p))
                .map(|p| {
                    let info = param_info(p.node);
                    let optional = if info.required() { "" } else { "?" };
                    format!("{}{optional}: {}", p.name, info.ty.label())
                })
                .collect()
        })
        .unwrap_or_default();
    if params.is_empty() {
        kind.noun().to_string()
    } else {
        format!("{} ({})", kind.noun(), params.join(", "))
    }
}

/// Jobs, commands or executors visible from `scope`: local ones, inline orbs' members
/// qualified, and `orb/` for registry orbs (whose members are not known offline).
fn name_items(
    model: &Model<'_>,
    kind: DefKind,
    scope: Option<DefId>,
    replace: Span,
) -> Vec<CompletionItem> {
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let mut scopes = vec![scope];
    if scope.is_some() {
        scopes.push(None);
    }
    for s in scopes {
        for (id, def) in model.defs_of(kind, s) {
            if seen.insert(def.name.clone()) {
                items.push(def_item(model, id, def.name.clone(), replace));
            }
        }
        for (orb, orb_def) in model.defs_of(DefKind::Orb, s) {
            if model.orb_is_opaque(orb) {
                let label = format!("{}/", orb_def.name);
                if seen.insert(label.clone()) {
                    let source = orb_def.node.and_then(Node::as_str).unwrap_or("inline");
                    items.push(
                        CompletionItem::new(label, CompletionKind::Reference, replace)
                            .detail(format!("orb {source}")),
                    );
                }
                continue;
            }
            for (id, _) in model.defs_of(kind, Some(orb)) {
                let label = model.qualified_name(id);
                if seen.insert(label.clone()) {
                    items.push(def_item(model, id, label, replace));
                }
            }
        }
    }
    // Members of orbs whose interface is not known here (an orb missing from the data, an
    // inline orb filled in when the orb is packed) are known by their uses.
    for name in used_orb_members(model, kind) {
        if seen.insert(name.to_string()) {
            items.push(
                CompletionItem::new(name, CompletionKind::Reference, replace)
                    .detail(format!("orb {} used in this file", kind.noun())),
            );
        }
    }
    items
}

/// The `orb/member` names of this kind the file uses, in order.
fn used_orb_members<'m>(model: &'m Model<'_>, kind: DefKind) -> Vec<&'m str> {
    let ref_kind = match kind {
        DefKind::Job => RefKind::Job,
        DefKind::Command => RefKind::Command,
        DefKind::Executor => RefKind::Executor,
        _ => return Vec::new(),
    };
    model
        .refs
        .iter()
        .filter(|r| r.kind == ref_kind && r.strict && r.name.contains('/'))
        .filter(|r| !r.name.contains("<<"))
        .map(|r| r.name.as_str())
        .collect()
}

/// The jobs an entry may run; a workflow's entries may also run job groups, a job group's
/// may not.
fn job_items(model: &Model<'_>, replace: Span, in_group: bool) -> Vec<CompletionItem> {
    let mut items = name_items(model, DefKind::Job, None, replace);
    if !in_group {
        for (id, def) in model.defs_of(DefKind::JobGroup, None) {
            items.push(def_item(model, id, def.name.clone(), replace));
        }
    }
    items
}

/// The names other entries of the same workflow run under, with the names of a matrix
/// entry's instances.
fn requires_items(
    model: &Model<'_>,
    cursor: &CursorContext,
    container: Option<DefId>,
) -> Vec<CompletionItem> {
    // The entry being edited, when the path names it: the index right after the workflow's
    // `jobs`. A list written for an anchor is every including entry's.
    let (container, editing) = match container {
        Some(c) => (Some(c), None),
        None => {
            let keys = cursor.path_keys();
            let workflow = keys.get(1).copied().unwrap_or("");
            let container = model
                .lookup(DefKind::Workflow, None, workflow)
                .or_else(|| model.lookup(DefKind::JobGroup, None, workflow));
            let editing = cursor.path.get(3).and_then(|s| match s {
                PathSegment::Index(i) => Some(*i),
                PathSegment::Key(_) => None,
            });
            (container, editing)
        }
    };
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    let entries = model
        .entries
        .iter()
        .filter(|e| Some(e.container) == container);
    for (i, e) in entries.enumerate() {
        if Some(i) == editing {
            continue;
        }
        let name = e.effective_name();
        let detail = if e.name.is_some() {
            format!("job {} (as {name})", e.job)
        } else {
            format!("job {}", e.job)
        };
        let mut push = |label: &str, detail: String| {
            if seen.insert(label.to_string()) && !label.contains("<<") {
                items.push(
                    CompletionItem::new(label, CompletionKind::Reference, cursor.replace)
                        .detail(detail),
                );
            }
        };
        push(name, detail);
        // A matrix is also required as a whole by its job's name or its `alias`.
        for alias in &e.matrix_aliases {
            push(
                alias,
                format!("every instance of the matrix of job {}", e.job),
            );
        }
        for instance in matrix::instance_names(e) {
            push(&instance, format!("matrix instance of job {}", e.job));
        }
    }
    items
}

fn context_items(model: &Model<'_>, replace: Span) -> Vec<CompletionItem> {
    let mut seen = HashSet::new();
    model
        .refs
        .iter()
        .filter(|r| r.kind == RefKind::Context && seen.insert(r.name.clone()))
        .map(|r| {
            CompletionItem::new(r.name.clone(), CompletionKind::Value, replace)
                .detail("context used in this file")
        })
        .collect()
}

/// Parameters of the invoked job, command or executor that are not given yet.
fn argument_items(
    model: &Model<'_>,
    target: Option<DefId>,
    cursor: &CursorContext,
    reserved: fn(&str) -> bool,
) -> Vec<CompletionItem> {
    let Some(def) = target.and_then(|t| model.def(t)) else {
        return Vec::new();
    };
    def.params
        .iter()
        .filter_map(|p| Some((*p, model.def(*p)?)))
        .filter(|(_, p)| !cursor.sibling_keys.iter().any(|k| k == &p.name) && !reserved(&p.name))
        .map(|(id, p)| {
            let info = param_info(p.node);
            let mut item = CompletionItem::new(p.name.clone(), CompletionKind::Key, cursor.replace)
                .detail(if info.required() {
                    format!("{} (required)", info.ty.label())
                } else {
                    info.ty.label()
                })
                .documentation(hover::definition_markdown(model, id));
            item.insert_text = format!("{}: ", p.name);
            item.retrigger = matches!(
                info.ty,
                ParamType::Enum(_) | ParamType::Boolean | ParamType::Executor
            );
            item.sort_text = Some(argument_rank(info.required(), &p.name));
            item
        })
        .collect()
}

/// The values parameter `key` of a job, command or executor of this file takes: its enum's
/// values, `true` and `false`, or the executors for an executor parameter.
fn argument_values(
    model: &Model<'_>,
    target: Option<DefId>,
    key: &str,
    scope: Option<DefId>,
    replace: Span,
) -> Vec<CompletionItem> {
    let Some(param) = target.and_then(|t| model.lookup(DefKind::Parameter, Some(t), key)) else {
        return Vec::new();
    };
    let info = param_info(model.def(param).and_then(|d| d.node));
    let default = info.default.and_then(Node::as_str);
    let values: Vec<String> = match info.ty {
        ParamType::Executor => return name_items(model, DefKind::Executor, scope, replace),
        ParamType::Enum(values) => values,
        ParamType::Boolean => vec!["true".to_string(), "false".to_string()],
        _ => return Vec::new(),
    };
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let mut item = CompletionItem::new(v.clone(), CompletionKind::Value, replace);
            if default == Some(v.as_str()) {
                item = item.detail("default");
                item.preselect = true;
            }
            item.sort_text = Some(format!("0{i:03}"));
            item
        })
        .collect()
}

/// `<< parameters.|`, `<< pipeline.parameters.|`, `<< pipeline.|`, `<< matrix.|` anywhere in
/// a value.
fn complete_template(
    model: &Model<'_>,
    text: &str,
    offset: usize,
    cursor: &CursorContext,
) -> Option<Vec<CompletionItem>> {
    let (before, open) = template_start(text, offset)?;
    let inner = before.get(open + 2..)?;
    let inner = inner
        .strip_prefix(['#', '^', '/'])
        .unwrap_or(inner)
        .trim_start();
    let after = text.get(offset..).unwrap_or("");
    // What follows the name being typed, up to the end of the line.
    let name_end = after.find(|c: char| !dotted_char(c)).unwrap_or(after.len());
    let closed = after.get(name_end..).is_some_and(|r| {
        r.get(..syntax::text::lines::line_end(r, 0))
            .is_some_and(|l| l.trim_start().starts_with(">>"))
    });
    let template = Template {
        suffix: if closed { "" } else { " >>" },
        offset,
        after,
    };
    if let Some(typed) = inner.strip_prefix("pipeline.parameters.") {
        let replace = template.replace(typed, word_char)?;
        let params = model
            .defs_of(DefKind::PipelineParameter, None)
            .map(|(id, _)| id);
        return Some(template.parameters(model, params, replace));
    }
    if let Some(typed) = inner.strip_prefix("pipeline.") {
        let replace = template.replace(typed, dotted_char)?;
        return Some(template.pipeline_values(replace));
    }
    if let Some(typed) = inner.strip_prefix("parameters.") {
        let replace = template.replace(typed, word_char)?;
        let params = template_owners(model, text, offset, cursor)
            .into_iter()
            .filter_map(|o| model.def(o))
            .flat_map(|d| d.params.iter().copied())
            .collect::<Vec<_>>();
        return Some(template.parameters(model, params.into_iter(), replace));
    }
    if let Some(typed) = inner.strip_prefix("matrix.") {
        let replace = template.replace(typed, word_char)?;
        return Some(template.matrix_parameters(matrix_here(model, cursor), replace));
    }
    // `<< par|`: the namespaces.
    let replace = template.replace(inner, word_char)?;
    let mut items = Vec::new();
    if !template_owners(model, text, offset, cursor).is_empty() {
        items.push(
            CompletionItem::new("parameters.", CompletionKind::Variable, replace)
                .detail("parameters of this definition"),
        );
    }
    if !matrix_here(model, cursor).is_empty() {
        items.push(
            CompletionItem::new("matrix.", CompletionKind::Variable, replace)
                .detail("matrix parameters of this entry"),
        );
    }
    items.push(
        CompletionItem::new("pipeline.", CompletionKind::Variable, replace)
            .detail("pipeline values and parameters"),
    );
    Some(items)
}

/// The text from the start of the cursor's line (or the line above, when a plain scalar
/// breaks its template over two lines) to the cursor, and where its unclosed `<<` is.
fn template_start(text: &str, offset: usize) -> Option<(&str, usize)> {
    let line_start = syntax::text::lines::line_start(text, offset);
    let before = text.get(line_start..offset)?;
    if let Some(open) = syntax::text::template::unclosed_at_end(before) {
        return Some((before, open));
    }
    let above = syntax::text::lines::line_start(text, line_start.checked_sub(1)?);
    let before = text.get(above..offset)?;
    let open = syntax::text::template::unclosed_at_end(before)?;
    // Only a template opened at the end of the line above continues here.
    text.get(above + open + 2..line_start)?
        .trim()
        .is_empty()
        .then_some((before, open))
}

/// The jobs, commands or executors whose parameters a template at the cursor names: the
/// definition holding it, else, for text written under a free key for an anchor, those the
/// model resolved the template's uses to where the anchor is merged.
fn template_owners(
    model: &Model<'_>,
    text: &str,
    offset: usize,
    cursor: &CursorContext,
) -> Vec<DefId> {
    if let Some(owner) = cursor.owner(model, text, offset) {
        return vec![owner];
    }
    if model.text != text {
        return Vec::new();
    }
    let mut owners: Vec<DefId> = model
        .refs
        .iter()
        .filter(|r| r.kind == RefKind::Parameter && r.span.start <= offset && offset <= r.span.end)
        .filter_map(|r| r.owner)
        .collect();
    owners.sort_unstable();
    owners.dedup();
    owners
}

/// The matrix parameters of the workflow entry holding the cursor.
fn matrix_here<'m>(model: &'m Model<'_>, cursor: &CursorContext) -> Vec<&'m str> {
    let Some(root) = model.root else {
        return Vec::new();
    };
    (0..=cursor.path.len())
        .rev()
        .filter_map(|k| crate::cursor::node_at(root, cursor.path.get(..k)?)?.as_mapping())
        .map(|body| {
            matrix::parameters(body)
                .into_iter()
                .map(|(name, _)| name)
                .collect::<Vec<_>>()
        })
        .find(|names| !names.is_empty())
        .unwrap_or_default()
}

/// A character of a parameter or value name.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// A character of a pipeline value's name (`git.branch`).
fn dotted_char(c: char) -> bool {
    word_char(c) || c == '.'
}

/// An unclosed `<< …` at the cursor.
struct Template<'t> {
    /// What closes the template after an inserted name: ` >>`, or nothing when it is closed.
    suffix: &'static str,
    offset: usize,
    /// The text after the cursor.
    after: &'t str,
}

impl Template<'_> {
    /// The span a name replaces, when the part typed so far is made of `allowed` characters:
    /// the name's rest after the cursor included.
    fn replace(&self, typed: &str, allowed: fn(char) -> bool) -> Option<Span> {
        let tail = self
            .after
            .find(|c: char| !allowed(c))
            .unwrap_or(self.after.len());
        typed
            .chars()
            .all(allowed)
            .then(|| Span::new(self.offset - typed.len(), self.offset + tail))
    }

    fn parameters(
        &self,
        model: &Model<'_>,
        params: impl Iterator<Item = DefId>,
        replace: Span,
    ) -> Vec<CompletionItem> {
        let mut seen = HashSet::new();
        params
            .filter_map(|p| Some((p, model.def(p)?.name.clone())))
            .filter(|(_, name)| seen.insert(name.clone()))
            .map(|(p, name)| parameter_item(model, p, &name, self.suffix, replace))
            .collect()
    }

    fn matrix_parameters(&self, names: Vec<&str>, replace: Span) -> Vec<CompletionItem> {
        names
            .into_iter()
            .map(|name| {
                let mut item = CompletionItem::new(name, CompletionKind::Variable, replace)
                    .detail("matrix parameter");
                item.insert_text = format!("{name}{}", self.suffix);
                item
            })
            .collect()
    }

    /// Every pipeline value, and `parameters.` for the pipeline parameters.
    fn pipeline_values(&self, replace: Span) -> Vec<CompletionItem> {
        let mut items: Vec<CompletionItem> = knowledge::pipeline_values()
            .map(|(name, doc)| {
                let mut item = CompletionItem::new(name, CompletionKind::Variable, replace)
                    .detail("pipeline value")
                    .documentation(doc);
                item.insert_text = format!("{name}{}", self.suffix);
                item
            })
            .collect();
        let mut params = CompletionItem::new("parameters.", CompletionKind::Variable, replace)
            .detail("pipeline parameters");
        params.insert_text = "parameters.".to_string();
        items.push(params);
        items
    }
}

fn parameter_item(
    model: &Model<'_>,
    id: DefId,
    name: &str,
    suffix: &str,
    replace: Span,
) -> CompletionItem {
    let info = param_info(model.def(id).and_then(|d| d.node));
    let mut item = CompletionItem::new(name, CompletionKind::Variable, replace)
        .detail(info.ty.label())
        .documentation(hover::definition_markdown(model, id));
    item.insert_text = format!("{name}{suffix}");
    item
}

/// `*anc|`: anchors written before the cursor.
fn complete_anchor(model: &Model<'_>, text: &str, offset: usize) -> Option<Vec<CompletionItem>> {
    let before = text.get(..offset)?;
    let anchor_char = |c: char| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}');
    let typed_len = before
        .chars()
        .rev()
        .take_while(|c| anchor_char(*c) && *c != '*')
        .map(char::len_utf8)
        .sum::<usize>();
    let star = offset.checked_sub(typed_len + 1)?;
    if before.get(star..star + 1) != Some("*") {
        return None;
    }
    // An alias starts a value: after whitespace, a flow indicator or the start of the line.
    let preceded_ok = star == 0
        || before
            .get(..star)
            .and_then(|b| b.chars().next_back())
            .is_some_and(|c| c.is_whitespace() || matches!(c, '[' | '{' | ','));
    if !preceded_ok {
        return None;
    }
    let after = text.get(offset..).unwrap_or("");
    let tail = after.find(|c: char| !anchor_char(c)).unwrap_or(after.len());
    let replace = Span::new(offset - typed_len, offset + tail);
    // Offsets are only comparable when the model was built from this very text.
    let same_text = model.text == text;
    let mut seen = HashSet::new();
    let mut items: Vec<CompletionItem> = model
        .defs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == DefKind::Anchor)
        .filter(|(_, d)| !same_text || d.name_span.end <= star)
        .rev()
        .filter(|(_, d)| seen.insert(d.name.clone()))
        .map(|(id, d)| {
            CompletionItem::new(d.name.clone(), CompletionKind::Anchor, replace)
                .detail("anchor")
                .documentation(hover::definition_markdown(model, id))
        })
        .collect();
    items.reverse();
    Some(items)
}
