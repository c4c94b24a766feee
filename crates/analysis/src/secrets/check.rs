//! The `literal-secret` findings this module adds: credential-named `environment` variables,
//! secrets assigned or configured in `run` scripts, parameter defaults, and token shapes in
//! any value. Each comes with a fix that moves the value out of the config.

use super::{names, script, shapes, Hit};
use crate::diagnostics::presentation::{fit_message, fit_title};
use crate::diagnostics::{Finding, Fix, TextEdit};
use crate::docker::fixes;
use crate::docker::rules::LITERAL_SECRET;
use crate::model::index::{param_info, DefKind, ParamType};
use crate::model::Model;
use knowledge::schema::{child_of, item_of, KeyRole, Ty};
use syntax::text::lines::LineIndex;
use syntax::text::references;
use syntax::yaml::source_map::ScalarMap;
use syntax::yaml::{Entry, Mapping, Node, NodeKind, ParsedYaml, Span};

/// Where a scalar sits, which decides what is checked and how it is fixed.
#[derive(Clone, Copy)]
enum Place<'a> {
    /// A value in an `environment` mapping: `name` is the variable, `env` the mapping's entry.
    Environment {
        name: &'a str,
        entry: &'a Entry,
        env: &'a Entry,
    },
    /// A `run` step's command.
    Script,
    /// A parameter's `default`; `name` is the parameter.
    ParameterDefault { name: &'a str },
    /// Any other value.
    Value,
}

/// A finding waiting for the overlap check.
struct Candidate {
    span: Span,
    finding: Finding,
}

pub fn check(
    text: &str,
    lines: &LineIndex,
    parsed: &ParsedYaml,
    model: &Model<'_>,
    findings: &mut Vec<Finding>,
) {
    let mut out = Vec::new();
    let checker = Checker { text, lines };
    for doc in &parsed.documents {
        if let Some(root) = &doc.root {
            checker.walk(root, Typed::root(), &mut out);
        }
    }
    for def in &model.defs {
        if !matches!(def.kind, DefKind::Parameter | DefKind::PipelineParameter) || def.copied {
            continue;
        }
        let info = param_info(def.node);
        if !matches!(info.ty, ParamType::String | ParamType::Unspecified) {
            continue;
        }
        if let Some(default) = info.default.filter(|d| d.is_written_here()) {
            checker.scalar(
                default,
                Place::ParameterDefault { name: &def.name },
                &mut out,
            );
        }
    }
    // A span the docker rules (or an earlier place) already report is reported once.
    let mut taken: Vec<Span> = findings
        .iter()
        .filter(|f| f.code == LITERAL_SECRET.code)
        .map(|f| f.span)
        .collect();
    taken.sort_by_key(|s| (s.start, s.end));
    out.sort_by_key(|c| (c.span.start, c.span.end));
    let mut t = 0;
    let mut last_end = 0;
    for c in out {
        while taken.get(t).is_some_and(|s| s.end <= c.span.start) {
            t += 1;
        }
        let overlaps_docker = taken.get(t).is_some_and(|s| s.start < c.span.end);
        if overlaps_docker || (c.span.start < last_end) {
            continue;
        }
        last_end = c.span.end;
        findings.push(c.finding);
    }
}

/// What the knowledge table says of a value: its type, and whether it is a script or an
/// environment. Where the table gives no type (values parked under free keys for anchors,
/// arguments), the names of the keys say it instead.
#[derive(Clone, Copy, Default)]
struct Typed {
    ty: Option<Ty>,
    script: bool,
    environment: bool,
    /// Untyped, under a key named `run`.
    under_run: bool,
}

impl Typed {
    fn root() -> Typed {
        Typed {
            ty: Some(*knowledge::config_ty()),
            ..Typed::default()
        }
    }

    fn child(self, key: Option<&str>) -> Typed {
        let known = self
            .ty
            .zip(key)
            .and_then(|(ty, k)| child_of(&ty, k))
            .filter(|(ty, _)| !matches!(ty, Ty::Any));
        match known {
            Some((ty, k)) => Typed {
                ty: Some(ty),
                script: k.is_some_and(|k| k.role == KeyRole::Script),
                environment: matches!(ty, Ty::Env),
                under_run: false,
            },
            None => Typed {
                ty: None,
                script: key == Some("run") || (key == Some("command") && self.under_run),
                environment: key == Some("environment"),
                under_run: key == Some("run"),
            },
        }
    }

    /// The type of a list's items; an untyped list keeps its key's meaning.
    fn item(self) -> Typed {
        match self.ty {
            Some(ty) => Typed {
                ty: item_of(&ty),
                ..Typed::default()
            },
            None => self,
        }
    }
}

struct Checker<'t> {
    text: &'t str,
    lines: &'t LineIndex,
}

impl Checker<'_> {
    /// Visits every node written at its place once (aliases are checked where they are
    /// written), with what the knowledge table says of it.
    fn walk(&self, node: &Node, ty: Typed, out: &mut Vec<Candidate>) {
        match &node.kind {
            NodeKind::Mapping(map) => {
                for entry in map.own_entries() {
                    if entry.value.is_written_here() {
                        self.entry(entry, ty, out);
                    }
                }
            }
            NodeKind::Sequence(seq) => {
                let item = ty.item();
                for item_node in seq.items.iter().filter(|i| i.is_written_here()) {
                    self.walk(item_node, item, out);
                }
            }
            NodeKind::Scalar(_) => self.scalar(node, Place::Value, out),
            NodeKind::UnresolvedAlias(_) => {}
        }
    }

    fn entry(&self, entry: &Entry, ty: Typed, out: &mut Vec<Candidate>) {
        let child = ty.child(entry.key.as_str());
        match &entry.value.kind {
            NodeKind::Mapping(env) if child.environment => self.environment(entry, env, out),
            NodeKind::Scalar(_) if child.script => self.scalar(&entry.value, Place::Script, out),
            _ => self.walk(&entry.value, child, out),
        }
    }

    fn environment<'n>(&self, env: &'n Entry, map: &'n Mapping, out: &mut Vec<Candidate>) {
        for entry in map.own_entries() {
            if !entry.value.is_written_here() {
                continue;
            }
            match entry.key.as_str() {
                Some(name) => {
                    self.scalar(&entry.value, Place::Environment { name, entry, env }, out)
                }
                None => self.walk(&entry.value, Typed::default(), out),
            }
        }
    }

    /// Checks one scalar written at `place`.
    fn scalar(&self, node: &Node, place: Place<'_>, out: &mut Vec<Candidate>) {
        let Some(value) = node.as_str() else {
            return;
        };
        let mut hits = shapes::find(value);
        match place {
            Place::Script => hits.extend(script::find(value)),
            Place::Environment { name, .. } | Place::ParameterDefault { name } => {
                if let Some(hit) = named_value(name, value) {
                    hits.push(hit);
                }
            }
            Place::Value => {}
        }
        if hits.is_empty() {
            return;
        }
        hits.sort_by_key(|h| (h.span.start, h.span.end));
        let map = ScalarMap::new(self.text, node);
        for hit in hits {
            let span = map
                .as_ref()
                .and_then(|m| m.span(hit.span))
                .filter(|s| !s.is_empty())
                .unwrap_or(node.span);
            let finding = self.finding(node, value, place, &hit, span, map.as_ref());
            out.push(Candidate { span, finding });
        }
    }

    fn finding(
        &self,
        node: &Node,
        value: &str,
        place: Place<'_>,
        hit: &Hit,
        span: Span,
        map: Option<&ScalarMap>,
    ) -> Finding {
        let var = &hit.var;
        let (message, fix) = match place {
            // `environment` values are not expanded, so the variable must go from the config.
            Place::Environment { name, entry, env } => (
                fit_message(
                    format!(
                        "Define `{name}` in a project or context variable: `environment.{name}` holds a literal {}.",
                        hit.what
                    ),
                    &format!(
                        "Define this variable in a project or context variable: it holds a literal {}.",
                        hit.what
                    ),
                ),
                remove_entry(self.text, self.lines, entry, env).map(|edits| Fix {
                    title: fit_title(format!("Remove {name} from the config"), "Remove the variable from the config"),
                    edits,
                    preferred: true,
                }),
            ),
            _ => {
                let whole = hit.span.start == 0 && hit.span.end == value.len();
                let edit = if whole {
                    fixes::replace_scalar(self.text, node, &format!("${var}"))
                } else if map.is_some_and(|m| m.is_contiguous(hit.span))
                    && !(matches!(place, Place::Script) && in_single_quotes(value, hit.span.start))
                {
                    Some(TextEdit {
                        span,
                        new_text: format!("${var}"),
                    })
                } else {
                    None
                };
                let where_ = match place {
                    Place::Script => "this script".to_string(),
                    Place::ParameterDefault { name } => format!("the default of `{name}`"),
                    _ => "this value".to_string(),
                };
                (
                    fit_message(
                        format!(
                            "Store the {} in a project or context variable and use `${var}`: {where_} holds a literal.",
                            hit.what
                        ),
                        &format!(
                            "Store the {} in a project or context variable: {where_} holds a literal.",
                            hit.what
                        ),
                    ),
                    edit.map(|edit| Fix {
                        title: fit_title(
                            format!("Replace the literal with ${var}"),
                            "Replace the literal with a variable",
                        ),
                        edits: vec![edit],
                        // Scripts and parameter defaults expand `$VAR`; another key may not.
                        preferred: !matches!(place, Place::Value),
                    }),
                )
            }
        };
        let mut f = Finding::new(&LITERAL_SECRET, span, message).with_severity(hit.severity);
        if let Some(fix) = fix {
            f = f.with_fix(fix);
        }
        f
    }
}

/// The hit for a value written for a credential-named variable or parameter: the whole value.
fn named_value(name: &str, value: &str) -> Option<Hit> {
    let cred = names::credential(name)?;
    if !references::is_literal(value)
        || value.contains('$')
        || names::is_placeholder(value)
        || names::is_local_service(name)
    {
        return None;
    }
    Some(Hit {
        span: Span::new(0, value.len()),
        what: cred.what,
        var: names::variable_for(name),
        severity: cred.severity,
    })
}

/// True when `at` is inside single quotes on its script line, where `$VAR` is not expanded.
fn in_single_quotes(script: &str, at: usize) -> bool {
    let line_start = script
        .get(..at)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |p| p + 1);
    let mut quoted = false;
    let mut double = false;
    for b in script.as_bytes().get(line_start..at).unwrap_or(&[]) {
        match b {
            b'\'' if !double => quoted = !quoted,
            b'"' if !quoted => double = !double,
            _ => {}
        }
    }
    quoted
}

/// Deletes `entry` from its block `environment` mapping; the whole `environment` entry when
/// it is the only variable. A comment after the value stays.
fn remove_entry(
    text: &str,
    lines: &LineIndex,
    entry: &Entry,
    env: &Entry,
) -> Option<Vec<TextEdit>> {
    let map = env.value.as_mapping()?;
    if map.flow || entry.merged_from.is_some() {
        return None;
    }
    let target = if map.entries.len() == 1 && env.merged_from.is_none() {
        env
    } else {
        entry
    };
    let start = target.key.span.start;
    let end = target.value.span.end.min(text.len());
    let line_start = lines.start_at(start);
    let line_end = lines.end_at(end);
    let before_blank = text.get(line_start..start)?.trim().is_empty();
    let after_blank = text.get(end..line_end)?.trim().is_empty();
    let span = if before_blank && after_blank {
        let next = line_end + lines.break_at(end).len();
        Span::new(line_start, next.min(text.len()))
    } else {
        Span::new(start, end)
    };
    Some(vec![TextEdit {
        span,
        new_text: String::new(),
    }])
}
