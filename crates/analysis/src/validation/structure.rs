//! Structural validation: walks the config against the knowledge table.
//!
//! Reports keys CircleCI does not accept, values of the wrong type or outside their allowed
//! set, missing required keys, keys written twice and deprecated settings. Whether names
//! (jobs, commands, executors, orbs, parameters) are defined is the model module's business.
//! The walk follows the table's types from the root; the checks of one kind of value live in
//! the files below, named for what they check.

mod bare_steps;
mod duplicate_keys;
mod image_keys;
mod job_types;
mod values;
mod workflows;

use std::cell::OnceCell;
use std::collections::HashSet;

use crate::diagnostics::presentation::{fit_message, fit_title};
use crate::diagnostics::{Finding, FindingTag, Fix, Severity, TextEdit};
use crate::model::{DefKind, Model};
use knowledge::schema::{is_template, Key, KeyRole, MapRole, MapSchema, Other, Ty};
use knowledge::table;
use syntax::text::lines::LineIndex;
use syntax::text::suggest::suggest;
use syntax::yaml::booleans::circleci_bool;
use syntax::yaml::{Mapping, Node, NodeKind, ParsedYaml, ScalarStyle, Span};

use super::rules::*;
use knowledge::{config_version, ConfigVersion};

/// Runs the structural rules over the parsed config.
pub fn check(
    text: &str,
    lines: &LineIndex,
    yaml: &ParsedYaml,
    model: &Model<'_>,
    findings: &mut Vec<Finding>,
) {
    let Some(root) = yaml.root() else {
        return;
    };
    // The config's own commands, which steps may name like built-in steps.
    let commands: HashSet<&str> = model
        .defs_of(DefKind::Command, None)
        .map(|(_, d)| d.name.as_str())
        .collect();
    let first_new = findings.len();
    let mut checker = Checker {
        text,
        lines,
        version: config_version(root),
        commands: &commands,
        out: findings,
    };
    checker.root(root);
    duplicate_keys::duplicate_keys(root, findings);
    workflows::empty_workflows(model, findings);
    // A tree cut short by a syntax error lacks whatever came after the error, so a key that
    // seems missing may just not have been read yet.
    if !yaml.is_complete() {
        let mut i = 0;
        findings.retain(|f| {
            i += 1;
            i <= first_new || f.code != MISSING_KEY.code
        });
    }
}

/// The key (or list) a value belongs to, for messages and for spans of findings about a
/// whole mapping.
#[derive(Clone, Copy)]
struct Owner<'a> {
    name: &'a str,
    span: Span,
}

struct Checker<'a, 'c, 'f> {
    text: &'a str,
    lines: &'a LineIndex,
    version: ConfigVersion,
    /// Commands the config defines; a command may take the name of a built-in step.
    commands: &'c HashSet<&'a str>,
    out: &'f mut Vec<Finding>,
}

impl<'a> Checker<'a, '_, '_> {
    fn root(&mut self, root: &'a Node) {
        let Some(map) = root.as_mapping() else {
            if !root.is_null() {
                self.out.push(Finding::new(
                    &INVALID_TYPE,
                    root.span,
                    format!(
                        "Write the config as a mapping with `version`, `jobs` and `workflows`; this is {}.",
                        root.type_name()
                    ),
                ));
            }
            return;
        };
        let first_key = map
            .own_entries()
            .next()
            .map(|e| e.key.span)
            .unwrap_or(Span::empty(root.span.start));
        let owner = Owner {
            name: "config",
            span: first_key,
        };
        if map.get("version").is_none() {
            self.out.push(
                Finding::new(
                    &MISSING_KEY,
                    first_key,
                    "Add `version: 2.1` at the top: CircleCI needs the config's `version`.",
                )
                .with_fix(Fix {
                    title: "Add version: 2.1".to_string(),
                    edits: vec![TextEdit {
                        span: Span::empty(self.lines.start_at(first_key.start)),
                        new_text: format!("version: 2.1{}", self.lines.newline()),
                    }],
                    preferred: true,
                }),
            );
        }
        self.map(map, &table::CONFIG, owner);
        self.workflows_version(map);
    }

    /// Checks `node` against `ty`, pushing findings into `self.out`.
    fn value(&mut self, node: &'a Node, ty: &Ty, owner: Owner<'a>) {
        if let NodeKind::UnresolvedAlias(_) = node.kind {
            return;
        }
        if let Some(s) = node.as_str() {
            if is_template(s) {
                return;
            }
        }
        match ty {
            Ty::Any => {}
            // An empty value reads as an empty string; CircleCI accepts it (`name:`).
            Ty::Str => {
                if node.as_scalar().is_none() {
                    self.wrong_type(node, ty, owner);
                }
            }
            Ty::Bool => {
                if boolean(node).is_none() {
                    self.wrong_type(node, ty, owner);
                }
            }
            Ty::Int { min, max } => self.int(node, ty, *min, *max, owner),
            Ty::Enum(choices) => self.enumeration(node, ty, choices, owner),
            Ty::Format(format) => self.format(node, ty, *format, owner),
            Ty::List(item) => match &node.kind {
                NodeKind::Sequence(seq) => {
                    for it in &seq.items {
                        self.item(it, item, owner);
                    }
                }
                _ if node.is_null() => {}
                _ => self.wrong_type(node, ty, owner),
            },
            Ty::Map(schema) => match &node.kind {
                NodeKind::Mapping(m) => self.map(m, schema, owner),
                _ if node.is_null() => {
                    if schema.role == MapRole::Job {
                        self.job(&Mapping::default(), owner);
                    } else {
                        self.missing_required(&Mapping::default(), schema, owner);
                    }
                }
                _ => self.wrong_type(node, ty, owner),
            },
            Ty::OneOf(alternatives) => self.one_of(node, ty, alternatives, owner),
            Ty::Env => self.env(node, ty, owner),
        }
    }

    /// A list item; step items get extra checks.
    fn item(&mut self, node: &'a Node, ty: &Ty, owner: Owner<'a>) {
        self.value(node, ty, owner);
        if MapSchema::is_step(ty) {
            self.bare_step(node);
        }
    }

    fn one_of(&mut self, node: &'a Node, ty: &Ty, alternatives: &[Ty], owner: Owner<'a>) {
        let fitting: Vec<&Ty> = alternatives.iter().filter(|a| fits_kind(a, node)).collect();
        match fitting.as_slice() {
            [] => {
                self.wrong_type(node, ty, owner);
                return;
            }
            [only] => {
                self.value(node, only, owner);
                return;
            }
            _ => {}
        }
        // Try each fitting alternative quietly; the first without findings wins, else the
        // last one's findings (mappings come last, and their findings say the most) are kept.
        let mut last = Vec::new();
        for alt in &fitting {
            let mut trial = Vec::new();
            let mut sub = Checker {
                text: self.text,
                lines: self.lines,
                version: self.version,
                commands: self.commands,
                out: &mut trial,
            };
            sub.value(node, alt, owner);
            let clean = trial.iter().all(|f| f.severity < Severity::Warning);
            last = trial;
            if clean {
                break;
            }
        }
        self.out.extend(last);
    }

    fn map(&mut self, m: &'a Mapping, schema: &'static MapSchema, owner: Owner<'a>) {
        let is_step = schema.role == MapRole::Step;
        if is_step && m.get("type").is_some() && !self.commands.contains("type") {
            // The early 2.0 step form (`- type: shell` with the settings beside it) still
            // runs; it is not described by the reference, so it is left alone.
            return;
        }
        let is_invocation = schema.role == MapRole::JobInvocation;
        // Looked up once: per unknown key it made a mapping of n unknown keys cost n².
        let other_job_type = schema.role == MapRole::Job && !job_types::is_build_job(m);
        let mut written = 0usize;
        for e in &m.entries {
            let Some(name) = e.key.as_str() else {
                continue;
            };
            if name == "<<" || is_template(name) {
                continue;
            }
            written += 1;
            let key_owner = Owner {
                name,
                span: e.key.span,
            };
            if (is_step || is_invocation) && written > 1 {
                self.second_key_of_single_key_map(name, e.key.span, m, schema.role);
                continue;
            }
            let known = if is_step && self.commands.contains(name) {
                // A config command named like a built-in step replaces it.
                None
            } else {
                schema.key(name)
            };
            if let Some(key) = known {
                self.known_key(e, key, key_owner);
                continue;
            }
            self.other_key(e, schema, key_owner, other_job_type);
        }
        if schema.role == MapRole::Job {
            self.job(m, owner);
        } else if schema.role != MapRole::Config {
            // The root's `version` is reported on its own, with a fix.
            self.missing_required(m, schema, owner);
        }
        self.exclusive(m, schema);
    }

    /// A key the mapping does not list: a user-chosen name, or an unknown key reported as the
    /// mapping's openness says.
    fn other_key(
        &mut self,
        e: &'a syntax::yaml::Entry,
        schema: &'static MapSchema,
        owner: Owner<'a>,
        other_job_type: bool,
    ) {
        let (name, span) = (owner.name, e.key.span);
        let suggestion = || suggest(name, schema.keys.iter().map(|k| k.name));
        match schema.other {
            Other::Names(names) => self.value(&e.value, &names.ty, owner),
            Other::Free => {
                if let Some(s) = suggestion() {
                    self.unknown_key(name, span, schema, Some(s), Severity::Warning);
                }
            }
            Other::Closed => {
                // CircleCI's schema leaves jobs of the other types (approval, no-op, release,
                // lock) open: it ignores their extra keys.
                let severity = if other_job_type {
                    Severity::Warning
                } else {
                    self.closed_severity()
                };
                self.unknown_key(name, span, schema, suggestion(), severity);
            }
            Other::Lenient => self.unknown_key(name, span, schema, suggestion(), Severity::Warning),
        }
    }

    fn known_key(&mut self, e: &'a syntax::yaml::Entry, key: &'static Key, owner: Owner<'a>) {
        if let Some(why) = key.deprecated {
            let severity = if key.deprecation_is_info {
                Severity::Info
            } else {
                Severity::Warning
            };
            self.out.push(
                Finding::new(
                    &DEPRECATED,
                    e.key.span,
                    format!("Replace deprecated `{}`: {why}", key.name),
                )
                .with_severity(severity)
                .with_tag(FindingTag::Deprecated),
            );
        }
        if key.since_2_1 && self.version == ConfigVersion::V20 {
            self.out.push(Finding::new(
                &UNSUPPORTED_IN_VERSION,
                e.key.span,
                format!(
                    "Change the top-level `version` to `2.1`: `{}` needs it, and this config declares 2.0.",
                    key.name
                ),
            ));
        }
        if key.role == KeyRole::DockerCredentials {
            // The docker module checks credentials (completeness, kinds, literal secrets);
            // only misspelt keys inside them are left to this module.
            if let (Some(m), Ty::Map(schema)) = (e.value.as_mapping(), &key.ty) {
                self.unknown_keys_only(m, schema);
            }
            return;
        }
        self.value(&e.value, &key.ty, owner);
        if key.role == KeyRole::Image {
            self.image_reference(&e.value);
            self.legacy_image(&e.value);
        }
    }

    /// CircleCI rejects a 2.1 config with extraneous keys; a 2.0 config is run anyway, with
    /// the schema violations listed as a warning.
    fn closed_severity(&self) -> Severity {
        match self.version {
            ConfigVersion::V20 => Severity::Warning,
            ConfigVersion::V21 => Severity::Error,
        }
    }

    fn unknown_keys_only(&mut self, m: &Mapping, schema: &'static MapSchema) {
        for e in &m.entries {
            let Some(name) = e.key.as_str() else {
                continue;
            };
            if name == "<<" || is_template(name) || schema.key(name).is_some() {
                continue;
            }
            let s = suggest(name, schema.keys.iter().map(|k| k.name));
            self.unknown_key(name, e.key.span, schema, s, self.closed_severity());
        }
    }

    fn second_key_of_single_key_map(&mut self, name: &str, span: Span, m: &Mapping, role: MapRole) {
        let first = m
            .entries
            .iter()
            .filter_map(|e| e.key.as_str())
            .find(|k| *k != "<<")
            .unwrap_or("");
        let message = if role == MapRole::Step {
            format!(
                "A step has a single key, the step's type; `{name}` is a second key next to `{first}`. If it is a setting of `{first}`, indent it under `{first}`."
            )
        } else {
            format!(
                "A workflow job entry has a single key, the job's name; `{name}` is a second key next to `{first}`. If it is a setting of `{first}`, indent it under `{first}`."
            )
        };
        self.out.push(Finding::new(&INVALID_TYPE, span, message));
    }

    fn unknown_key(
        &mut self,
        name: &str,
        span: Span,
        schema: &MapSchema,
        suggestion: Option<&str>,
        severity: Severity,
    ) {
        let message = unknown_key_message(name, schema, suggestion);
        let mut finding = Finding::new(&UNKNOWN_KEY, span, message).with_severity(severity);
        if let Some(s) = suggestion {
            finding = finding.with_fix(Fix {
                title: fit_title(format!("Rename to {s}"), "Rename to the suggested key"),
                edits: vec![TextEdit {
                    span,
                    new_text: s.to_string(),
                }],
                preferred: true,
            });
        }
        self.out.push(finding);
    }

    fn missing_required(&mut self, m: &Mapping, schema: &MapSchema, owner: Owner<'a>) {
        let misspelt = Misspellings::new(m, schema);
        let missing: Vec<String> = schema
            .keys
            .iter()
            .filter(|k| k.required && m.get(k.name).is_none() && !misspelt.contains(k.name))
            .map(|k| format!("`{}`", k.name))
            .collect();
        if !missing.is_empty() {
            self.out.push(Finding::new(
                &MISSING_KEY,
                owner.span,
                format!(
                    "Add {} to `{}`: required in {}.",
                    join_and(&missing),
                    owner.name,
                    schema.what
                ),
            ));
        }
        for group in schema.one_of_required {
            if group
                .iter()
                .all(|k| m.get(k).is_none() && !misspelt.contains(k))
            {
                let names: Vec<String> = group.iter().map(|k| format!("`{k}`")).collect();
                self.out.push(Finding::new(
                    &MISSING_KEY,
                    owner.span,
                    format!(
                        "Add {} to `{}`: it needs one of them.",
                        join_or(&names),
                        owner.name
                    ),
                ));
            }
        }
    }

    fn exclusive(&mut self, m: &Mapping, schema: &MapSchema) {
        if schema.exclusive.is_empty() {
            return;
        }
        // Merged entries count as written first, so that the finding lands on a key written
        // in this mapping rather than inside the anchor.
        let mut present: Vec<&syntax::yaml::Entry> = m
            .entries
            .iter()
            .filter(|e| {
                e.key
                    .as_str()
                    .is_some_and(|k| schema.exclusive.contains(&k))
            })
            .collect();
        present.sort_by_key(|e| e.merged_from.is_none());
        if let [first, rest @ ..] = present.as_slice() {
            for e in rest {
                let first_name = first.key.as_str().unwrap_or("");
                let name = e.key.as_str().unwrap_or("");
                if first_name == name {
                    // A repeated key is the duplicate-key rule's finding.
                    continue;
                }
                self.out.push(
                    Finding::new(
                        &CONFLICTING_KEYS,
                        e.key.span,
                        format!(
                            "Keep one of `{name}` and `{first_name}`: they cannot be combined in {}.",
                            schema.what
                        ),
                    )
                    .with_related(first.key.span, format!("`{first_name}` is set here")),
                );
            }
        }
    }
}

/// Whether `node` has the YAML kind an alternative takes (a null fits every container).
fn fits_kind(ty: &Ty, node: &Node) -> bool {
    match ty {
        Ty::Any | Ty::Env => true,
        Ty::Str | Ty::Bool | Ty::Int { .. } | Ty::Enum(_) | Ty::Format(_) => {
            node.as_scalar().is_some() && !node.is_null()
        }
        Ty::List(_) => node.as_sequence().is_some() || node.is_null(),
        Ty::Map(_) => node.as_mapping().is_some() || node.is_null(),
        Ty::OneOf(alts) => alts.iter().any(|a| fits_kind(a, node)),
    }
}

/// The boolean a plain scalar means where CircleCI expects one.
fn boolean(node: &Node) -> Option<bool> {
    let s = node.as_scalar()?;
    (s.style == ScalarStyle::Plain)
        .then(|| circleci_bool(&s.value))
        .flatten()
}

fn join_and(words: &[String]) -> String {
    join_with(words, "and")
}

fn join_or(words: &[String]) -> String {
    join_with(words, "or")
}

fn join_with(words: &[String], last: &str) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// `Action: problem.` for a key the mapping does not take: the near miss to rename it to, the
/// keys it takes when they are few, or the check to make.
fn unknown_key_message(name: &str, schema: &MapSchema, suggestion: Option<&str>) -> String {
    let what = schema.what;
    if let Some(s) = suggestion {
        return format!("Rename `{name}` to `{s}`: unknown key in {what}.");
    }
    if schema.role == MapRole::Logic {
        return format!(
            "Use `and`, `or`, `not`, `equal` or `matches`: `{name}` is not one, so the condition is always true."
        );
    }
    if schema.keys.is_empty() || schema.keys.len() > 16 {
        return format!("Remove `{name}` or fix its indentation: unknown key in {what}.");
    }
    let keys: Vec<String> = schema
        .keys
        .iter()
        .filter(|k| k.deprecated.is_none())
        .map(|k| format!("`{}`", k.name))
        .collect();
    fit_message(
        format!(
            "Use one of {}: unknown key `{name}` in {what}.",
            keys.join(", ")
        ),
        &format!("Fix the spelling or indentation of `{name}`: unknown key in {what}."),
    )
}

/// The keys that unknown keys of a mapping stand for, by their "did you mean" suggestion: the
/// key the user meant is there, only misspelt. Worked out once per mapping, and only when a
/// key seems missing, so a mapping with many unknown keys costs one suggestion per key.
pub(super) struct Misspellings<'m> {
    m: &'m Mapping,
    schema: &'m MapSchema,
    meant: OnceCell<HashSet<&'static str>>,
}

impl<'m> Misspellings<'m> {
    pub(super) fn new(m: &'m Mapping, schema: &'m MapSchema) -> Misspellings<'m> {
        Misspellings {
            m,
            schema,
            meant: OnceCell::new(),
        }
    }

    /// True when an unknown key of the mapping is a misspelling of `wanted`.
    pub(super) fn contains(&self, wanted: &str) -> bool {
        self.meant
            .get_or_init(|| {
                let (m, schema) = (self.m, self.schema);
                m.entries
                    .iter()
                    .filter_map(|e| e.key.as_str())
                    .filter(|name| *name != "<<" && schema.key(name).is_none())
                    .filter_map(|name| suggest(name, schema.keys.iter().map(|k| k.name)))
                    .collect()
            })
            .contains(wanted)
    }
}

#[cfg(test)]
#[path = "structure_tests.rs"]
mod tests;
