//! Structural validation: walks the config against the knowledge table.
//!
//! Reports keys CircleCI does not accept, values of the wrong type or outside their allowed
//! set, missing required keys, keys written twice and deprecated settings. Whether names
//! (jobs, commands, executors, orbs, parameters) are defined is the model module's business.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostics::presentation::{fit_message, fit_title};
use crate::diagnostics::{Finding, FindingTag, Fix, Severity, TextEdit};
use crate::knowledge::schema::{
    describe, is_template, Format, Key, KeyRole, MapRole, MapSchema, Other, TrueDeprecation, Ty,
};
use crate::knowledge::table;
use crate::model::{DefKind, Model};
use crate::text::lines::LineIndex;
use crate::text::suggest::suggest;
use crate::yaml::booleans::circleci_bool;
use crate::yaml::{Mapping, Node, NodeKind, ParsedYaml, ScalarStyle, Span};

use super::rules::*;
use crate::knowledge::{config_version, ConfigVersion};

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
    duplicate_keys(root, findings);
    empty_workflows(model, findings);
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

/// A workflow whose `jobs` list is empty runs nothing; the schema requires at least one job,
/// but configs in use carry such parked workflows, so it is a warning. The model knows which
/// mappings are workflows.
fn empty_workflows(model: &Model<'_>, findings: &mut Vec<Finding>) {
    for (_, workflow) in model.defs_of(DefKind::Workflow, None) {
        let Some(jobs) = workflow
            .node
            .and_then(Node::as_mapping)
            .and_then(|w| w.entry("jobs"))
        else {
            continue;
        };
        if jobs.value.as_sequence().is_some_and(|s| s.items.is_empty()) {
            findings.push(
                Finding::new(
                    &INVALID_VALUE,
                    jobs.value.span,
                    format!(
                        "Workflow `{}` has no jobs, so it runs nothing; add a job or remove the workflow.",
                        workflow.name
                    ),
                )
                .with_severity(Severity::Warning),
            );
        }
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
                        "A CircleCI config is a mapping with `version`, `jobs` and `workflows`; this document is {}.",
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
                    "The config has no `version`; CircleCI needs it. Add `version: 2.1` at the top.",
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

    /// `workflows: version` is required by 2.0 configs and unnecessary in 2.1.
    fn workflows_version(&mut self, root: &'a Mapping) {
        let Some(entry) = root.entry("workflows") else {
            return;
        };
        let Some(workflows) = entry.value.as_mapping() else {
            return;
        };
        match (self.version, workflows.entry("version")) {
            (ConfigVersion::V20, None) => self.out.push(Finding::new(
                &MISSING_KEY,
                entry.key.span,
                "With `version: 2`, `workflows` needs `version: 2` as its first key; add it or move the config to `version: 2.1`.",
            )),
            (ConfigVersion::V21, Some(v)) => {
                let line = whole_lines(self.lines, self.text, v.key.span.start, v.value.span.end);
                self.out.push(
                    Finding::new(
                        &DEPRECATED,
                        v.key.span,
                        "`workflows: version` is only needed with `version: 2`; with 2.1 it can be removed.",
                    )
                    .with_severity(Severity::Hint)
                    .with_tag(FindingTag::Deprecated)
                    .with_fix(Fix {
                        title: "Remove workflows: version".to_string(),
                        edits: vec![TextEdit {
                            span: line,
                            new_text: String::new(),
                        }],
                        preferred: true,
                    }),
                );
            }
            _ => {}
        }
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

    /// A step written as a bare word must be one that works without settings.
    fn bare_step(&mut self, node: &'a Node) {
        let Some(name) = node.as_str() else {
            return;
        };
        if self.commands.contains(name) || table::BARE_STEPS.contains(&name) {
            return;
        }
        let Some(step) = table::STEP.key(name) else {
            return;
        };
        let needed: Vec<String> = table_required(&step.ty)
            .iter()
            .map(|k| format!("`{k}`"))
            .collect();
        let message = if needed.is_empty() {
            format!("The `{name}` step needs settings; write it as `{name}:` with its keys.")
        } else {
            format!(
                "The `{name}` step needs {}; write it as `{name}:` with {}.",
                join_and(&needed),
                if needed.len() == 1 {
                    "that key"
                } else {
                    "those keys"
                }
            )
        };
        self.out
            .push(Finding::new(&MISSING_KEY, node.span, message));
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

    fn int(&mut self, node: &'a Node, ty: &Ty, min: i64, max: i64, owner: Owner<'a>) {
        let Some(scalar) = node.as_scalar() else {
            self.wrong_type(node, ty, owner);
            return;
        };
        let Ok(n) = scalar.value.trim().parse::<i64>() else {
            self.wrong_type(node, ty, owner);
            return;
        };
        if n < min || n > max {
            self.out.push(Finding::new(
                &INVALID_VALUE,
                node.span,
                format!(
                    "`{}` must be {}; {n} is out of range.",
                    owner.name,
                    describe(ty)
                ),
            ));
        }
    }

    fn enumeration(
        &mut self,
        node: &'a Node,
        ty: &Ty,
        choices: &[crate::knowledge::schema::Choice],
        owner: Owner<'a>,
    ) {
        let Some(scalar) = node.as_scalar().filter(|_| !node.is_null()) else {
            self.wrong_type(node, ty, owner);
            return;
        };
        let value = scalar.value.as_str();
        if let Some(choice) = choices.iter().find(|c| c.value == value) {
            if let Some(why) = choice.deprecated {
                self.out.push(
                    Finding::new(
                        &DEPRECATED,
                        node.span,
                        format!("`{value}` is deprecated: {why}"),
                    )
                    .with_tag(FindingTag::Deprecated),
                );
            }
            return;
        }
        let allowed: Vec<String> = choices.iter().map(|c| format!("`{}`", c.value)).collect();
        let suggestion = suggest(value, choices.iter().map(|c| c.value));
        self.invalid_value(
            node,
            owner,
            suggestion,
            format!("Allowed values: {}.", allowed.join(", ")),
            Severity::Error,
        );
    }

    fn invalid_value(
        &mut self,
        node: &'a Node,
        owner: Owner<'a>,
        suggestion: Option<&str>,
        hint: String,
        severity: Severity,
    ) {
        let value = node.as_str().unwrap_or("");
        let mut message = format!("`{value}` is not a valid value for `{}`.", owner.name);
        if let Some(s) = suggestion {
            message.push_str(&format!(" Did you mean `{s}`?"));
        }
        if !hint.is_empty() {
            message.push(' ');
            message.push_str(&hint);
        }
        let mut finding = Finding::new(&INVALID_VALUE, node.span, message).with_severity(severity);
        if let Some(s) = suggestion {
            finding = finding.with_fix(Fix {
                title: fit_title(format!("Change to {s}"), "Change to the suggested value"),
                edits: vec![TextEdit {
                    span: node.span,
                    new_text: requote(node, s),
                }],
                preferred: true,
            });
        }
        self.out.push(finding);
    }

    fn format(&mut self, node: &'a Node, ty: &Ty, format: Format, owner: Owner<'a>) {
        let Some(scalar) = node.as_scalar().filter(|_| !node.is_null()) else {
            self.wrong_type(node, ty, owner);
            return;
        };
        let value = scalar.value.trim();
        match format {
            Format::Duration => {
                if !(value.parse::<u64>().is_ok() || is_duration(value)) {
                    self.invalid_value(
                        node,
                        owner,
                        None,
                        "Write a number with a unit, such as `20m`, `1.5h` or `90s`.".to_string(),
                        Severity::Error,
                    );
                }
            }
            Format::RerunDelay => {
                let ok = match (value.strip_suffix('m'), value.strip_suffix('s')) {
                    (Some(m), _) => m.parse::<u32>().is_ok_and(|m| (1..=10).contains(&m)),
                    (_, Some(s)) => s.parse::<u32>().is_ok_and(|s| (1..=600).contains(&s)),
                    _ => false,
                };
                if !ok {
                    self.invalid_value(
                        node,
                        owner,
                        None,
                        "Write whole minutes from `1m` to `10m`, or seconds up to `600s`."
                            .to_string(),
                        Severity::Error,
                    );
                }
            }
            Format::RetentionDays => {
                let ok = value
                    .strip_suffix('d')
                    .and_then(|d| d.parse::<u32>().ok())
                    .is_some_and(|d| (1..=15).contains(&d));
                if !ok {
                    self.invalid_value(
                        node,
                        owner,
                        None,
                        "Write a number of days from `1d` to `15d`, such as `7d`.".to_string(),
                        Severity::Error,
                    );
                }
            }
            Format::ResourceClass => self.resource_class(node, value, owner),
            Format::Cron => {
                if value.split_whitespace().count() != 5 {
                    self.invalid_value(
                        node,
                        owner,
                        None,
                        "A cron schedule has five fields: minute, hour, day of month, month and day of week, such as `0 2 * * *`.".to_string(),
                        Severity::Error,
                    );
                }
            }
            Format::OrbRef => {
                if !is_orb_ref(value) {
                    self.out.push(Finding::new(
                        &INVALID_VALUE,
                        node.span,
                        format!(
                            "`{value}` is not an orb reference. Write `namespace/orb@version` with a version such as `5`, `5.2`, `5.2.1`, `dev:label` or `volatile`, or an `https://` URL."
                        ),
                    ));
                }
            }
            Format::XcodeVersion => {
                if let Some(hint) = super::images::unknown_xcode(value) {
                    self.invalid_value(node, owner, None, hint, Severity::Warning);
                }
            }
            Format::MachineImage | Format::DockerVersion => {}
        }
    }

    fn resource_class(&mut self, node: &'a Node, value: &str, owner: Owner<'a>) {
        if value.contains('/') {
            // A self-hosted runner's `namespace/name`; runner classes are not known offline.
            return;
        }
        if let Some(class) = crate::knowledge::resource_class(value) {
            if let Some(why) = class.deprecated {
                self.out.push(
                    Finding::new(
                        &DEPRECATED,
                        node.span,
                        format!("Resource class `{value}` is deprecated: {why}"),
                    )
                    .with_tag(FindingTag::Deprecated),
                );
            }
            return;
        }
        let suggestion = suggest(value, table::RESOURCE_CLASSES.iter().map(|r| r.name));
        // New classes appear over time, so an unknown name is a warning, not an error.
        self.invalid_value(
            node,
            owner,
            suggestion,
            "Use a size such as `medium` or `large`, or a self-hosted runner's `namespace/name`."
                .to_string(),
            Severity::Warning,
        );
    }

    fn env(&mut self, node: &'a Node, ty: &Ty, owner: Owner<'a>) {
        match &node.kind {
            NodeKind::Mapping(m) => {
                for e in &m.entries {
                    if matches!(e.value.kind, NodeKind::Mapping(_) | NodeKind::Sequence(_)) {
                        self.out.push(Finding::new(
                            &INVALID_TYPE,
                            e.key.span,
                            format!(
                                "The environment variable `{}` is {}; a variable's value is a string, number or boolean.",
                                e.key.as_str().unwrap_or(""),
                                e.value.type_name()
                            ),
                        ));
                    }
                }
            }
            NodeKind::Sequence(seq) => {
                for it in &seq.items {
                    let ok = match &it.kind {
                        NodeKind::Scalar(_) => true,
                        NodeKind::Mapping(m) => {
                            m.entries.iter().all(|e| e.value.as_scalar().is_some())
                        }
                        NodeKind::UnresolvedAlias(_) => true,
                        NodeKind::Sequence(_) => false,
                    };
                    if !ok {
                        self.out.push(Finding::new(
                            &INVALID_TYPE,
                            it.span,
                            "An environment list item is `NAME=value` or `NAME: value`.",
                        ));
                    }
                }
            }
            NodeKind::Scalar(_) => {
                if !node.is_null() {
                    self.wrong_type(node, ty, owner);
                }
            }
            NodeKind::UnresolvedAlias(_) => {}
        }
    }

    fn wrong_type(&mut self, node: &'a Node, ty: &Ty, owner: Owner<'a>) {
        // A whole block is too wide a range; point at its key instead.
        let span = if node.as_scalar().is_some() && !node.span.is_empty() {
            node.span
        } else {
            owner.span
        };
        let found = match node.as_str() {
            Some(s) if !node.is_null() && s.len() <= 40 => format!("{} (`{s}`)", node.type_name()),
            _ => node.type_name().to_string(),
        };
        self.out.push(Finding::new(
            &INVALID_TYPE,
            span,
            format!("`{}` expects {}, found {found}.", owner.name, describe(ty)),
        ));
    }

    fn map(&mut self, m: &'a Mapping, schema: &'static MapSchema, owner: Owner<'a>) {
        let is_step = schema.role == MapRole::Step;
        if is_step && m.get("type").is_some() && !self.commands.contains("type") {
            // The early 2.0 step form (`- type: shell` with the settings beside it) still
            // runs; it is not described by the reference, so it is left alone.
            return;
        }
        let is_invocation = schema.role == MapRole::JobInvocation;
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
            match schema.other {
                Other::Names(names) => self.value(&e.value, &names.ty, key_owner),
                Other::Free => {
                    if let Some(s) = suggest(name, schema.keys.iter().map(|k| k.name)) {
                        if schema.key(name).is_none() {
                            self.unknown_key(name, e.key.span, schema, Some(s), Severity::Warning);
                        }
                    }
                }
                Other::Closed => {
                    let s = suggest(name, schema.keys.iter().map(|k| k.name));
                    // CircleCI's schema leaves jobs of the other types (approval, no-op,
                    // release, lock) open: it ignores their extra keys.
                    let severity = if schema.role == MapRole::Job && !is_build_job(m) {
                        Severity::Warning
                    } else {
                        self.closed_severity()
                    };
                    self.unknown_key(name, e.key.span, schema, s, severity);
                }
                Other::Lenient => {
                    let s = suggest(name, schema.keys.iter().map(|k| k.name));
                    self.unknown_key(name, e.key.span, schema, s, Severity::Warning);
                }
            }
        }
        if schema.role == MapRole::Job {
            self.job(m, owner);
        } else if schema.role != MapRole::Config {
            // The root's `version` is reported on its own, with a fix.
            self.missing_required(m, schema, owner);
        }
        self.exclusive(m, schema);
    }

    fn known_key(&mut self, e: &'a crate::yaml::Entry, key: &'static Key, owner: Owner<'a>) {
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
                    format!("`{}` is deprecated. {why}", key.name),
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
                    "`{}` needs `version: 2.1`; this config declares version 2.0. Change the top-level `version` to `2.1`.",
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
        let mut message = format!("Unknown key `{name}` in {}.", schema.what);
        if schema.role == MapRole::Logic {
            message = format!(
                "`{name}` is not a logic operator; a mapping without `and`, `or`, `not`, `equal` or `matches` is simply true."
            );
        }
        let is_logic = schema.role == MapRole::Logic;
        match suggestion {
            Some(s) => message.push_str(&format!(" Did you mean `{s}`?")),
            None if is_logic => {}
            None if !schema.keys.is_empty() && schema.keys.len() <= 16 => {
                let keys: Vec<String> = schema
                    .keys
                    .iter()
                    .filter(|k| k.deprecated.is_none())
                    .map(|k| format!("`{}`", k.name))
                    .collect();
                let with_keys = format!("{message} Allowed keys: {}.", keys.join(", "));
                message = fit_message(
                    with_keys,
                    &format!("{message} Check its spelling and indentation."),
                );
            }
            None => message.push_str(" Remove it or check its indentation."),
        }
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
        let missing: Vec<String> = schema
            .keys
            .iter()
            .filter(|k| k.required && m.get(k.name).is_none() && !misspells(m, schema, k.name))
            .map(|k| format!("`{}`", k.name))
            .collect();
        if !missing.is_empty() {
            self.out.push(Finding::new(
                &MISSING_KEY,
                owner.span,
                format!(
                    "`{}` is missing {}, required in {}.",
                    owner.name,
                    join_and(&missing),
                    schema.what
                ),
            ));
        }
        for group in schema.one_of_required {
            if group
                .iter()
                .all(|k| m.get(k).is_none() && !misspells(m, schema, k))
            {
                let names: Vec<String> = group.iter().map(|k| format!("`{k}`")).collect();
                self.out.push(Finding::new(
                    &MISSING_KEY,
                    owner.span,
                    format!("`{}` needs one of {}.", owner.name, join_or(&names)),
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
        let mut present: Vec<&crate::yaml::Entry> = m
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
                            "`{name}` cannot be combined with `{first_name}` in {}; keep one of them.",
                            schema.what
                        ),
                    )
                    .with_related(first.key.span, format!("`{first_name}` is set here")),
                );
            }
        }
    }

    /// Job requirements depend on the job's `type`; the table lists them per type.
    fn job(&mut self, m: &Mapping, owner: Owner<'a>) {
        let job_type = m
            .get("type")
            .and_then(Node::as_str)
            .unwrap_or(table::DEFAULT_JOB_TYPE);
        if is_template(job_type) {
            return;
        }
        let Some(choice) = table::JOB_TYPES.iter().find(|c| c.value == job_type) else {
            return;
        };
        // A misspelt key (`stesp`) is reported as unknown with its near miss; reporting the
        // key it stands for as missing too would be one mistake, two findings.
        let has = |k: &str| m.get(k).is_some() || misspells(m, &table::JOB, k);
        for requirement in choice.requires {
            if !requirement.any_of.iter().any(|k| has(k)) {
                self.out.push(Finding::new(
                    &MISSING_KEY,
                    owner.span,
                    requirement.message.replace("{name}", owner.name),
                ));
            }
        }
        // A key's deprecated `true` form matters only where the job's type uses that key.
        for requirement in choice.requires {
            for name in requirement.any_of {
                if let Some(key) = table::JOB.key(name) {
                    if let Some(why) = key.deprecated_true {
                        self.deprecated_true(m, key, why);
                    }
                }
            }
        }
    }

    /// A key whose `true` form is deprecated (`machine: true`), except for self-hosted
    /// runners, which are selected by a `namespace/name` resource class.
    fn deprecated_true(&mut self, m: &Mapping, key: &Key, why: TrueDeprecation) {
        let Some(entry) = m.entry(key.name) else {
            return;
        };
        if boolean(&entry.value) != Some(true) {
            return;
        }
        let runner = m
            .get("resource_class")
            .and_then(Node::as_str)
            .is_some_and(|rc| rc.contains('/') || is_template(rc));
        if runner {
            return;
        }
        let mut finding = Finding::new(&DEPRECATED, entry.value.span, why.message)
            .with_tag(FindingTag::Deprecated);
        if entry.value.is_written_here() {
            finding = finding.with_fix(Fix {
                title: why.fix_title.to_string(),
                edits: vec![TextEdit {
                    span: entry.value.span,
                    new_text: why.replacement.to_string(),
                }],
                preferred: false,
            });
        }
        self.out.push(finding);
    }

    /// Images of the legacy `circleci/` namespace were deprecated at the end of 2021 in favour
    /// of the `cimg/` convenience images.
    /// `image` is typed as a string, but YAML reads `image: 42` or `image: true` as another
    /// scalar type, which CircleCI refuses.
    fn image_reference(&mut self, node: &'a Node) {
        if node.as_scalar().is_none() || !node.is_written_here() {
            return;
        }
        let problem = if node.is_null() {
            "is empty"
        } else if node.is_number() || node.is_bool() {
            node.type_name()
        } else {
            return;
        };
        let message = if node.is_null() {
            "`image` is empty; give an image reference such as `cimg/base:2024.01`.".to_string()
        } else {
            format!("`image` must be an image reference such as `cimg/base:2024.01`, not {problem}; quote it if it really is a name.")
        };
        self.out
            .push(Finding::new(&INVALID_TYPE, node.span, message));
    }

    fn legacy_image(&mut self, node: &'a Node) {
        let Some(image) = node.as_str() else {
            return;
        };
        let Some(rest) = image.strip_prefix("circleci/") else {
            return;
        };
        let repo = rest.split([':', '@']).next().unwrap_or("");
        if !table::LEGACY_IMAGES.contains(&repo) {
            return;
        }
        let mut finding = Finding::new(
            &DEPRECATED,
            node.span,
            format!(
                "`circleci/{repo}` is a deprecated legacy image; use `cimg/{repo}` (pick a current tag)."
            ),
        )
        .with_tag(FindingTag::Deprecated);
        // Replace only the namespace so quotes and the rest of the reference stay as written.
        if let Some(at) = self
            .text
            .get(node.span.start..node.span.end)
            .and_then(|t| t.find("circleci/"))
        {
            let start = node.span.start + at;
            finding = finding.with_fix(Fix {
                title: fit_title(format!("Use cimg/{repo}"), "Use the cimg/ image"),
                edits: vec![TextEdit {
                    span: Span::new(start, start + "circleci/".len()),
                    new_text: "cimg/".to_string(),
                }],
                preferred: false,
            });
        }
        self.out.push(finding);
    }
}

/// A job whose `type` is `build`, written or by default (a template counts as build).
fn is_build_job(m: &Mapping) -> bool {
    m.get("type")
        .and_then(Node::as_str)
        .is_none_or(|t| t == "build" || is_template(t))
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

/// The required keys of the mapping alternative of a step's type.
fn table_required(ty: &Ty) -> Vec<&'static str> {
    crate::knowledge::schema::maps_of(ty)
        .iter()
        .flat_map(|m| m.keys.iter().filter(|k| k.required).map(|k| k.name))
        .collect()
}

/// True for a registry orb reference (`namespace/name@version`) or a URL orb.
fn is_orb_ref(value: &str) -> bool {
    if value.starts_with("https://") {
        return true;
    }
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9_-]*@(dev:[A-Za-z0-9._-]+|[0-9]+(\.[0-9]+){0,2}|volatile)$").ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(value))
}

/// True for a Go-style duration such as `20m`, `1.5h` or `1h30m`.
fn is_duration(value: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$").ok())
        .as_ref()
        .is_some_and(|re| re.is_match(value))
}

/// `value` in the quoting style of `node`, so that a fix keeps the author's quotes.
fn requote(node: &Node, value: &str) -> String {
    match node.as_scalar().map(|s| s.style) {
        Some(ScalarStyle::DoubleQuoted) => format!("\"{value}\""),
        Some(ScalarStyle::SingleQuoted) => format!("'{value}'"),
        _ => value.to_string(),
    }
}

/// The whole line (or lines) from `start` to `end`, including the line break, for fixes that
/// delete an entry.
/// The lines from the one holding `start` to the one holding `end`, with the last line's
/// line break.
fn whole_lines(lines: &LineIndex, text: &str, start: usize, end: usize) -> Span {
    let next = lines.line_of(end) + 1;
    Span::new(
        lines.start_at(start),
        lines.line_start(next).unwrap_or(text.len()),
    )
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

/// Keys written twice in one mapping. Only written entries count: a key merged in through
/// `<<` may legitimately be overridden.
fn duplicate_keys(node: &Node, out: &mut Vec<Finding>) {
    match &node.kind {
        NodeKind::Mapping(m) => {
            // A hash set: a mapping with 100,000 keys costs linear time.
            let mut seen: HashMap<&str, Span> = HashMap::new();
            for e in m.own_entries() {
                if !e.key.is_written_here() {
                    continue;
                }
                if let Some(name) = e.key.as_str() {
                    if let Some(first) = seen.get(name) {
                        out.push(
                            Finding::new(
                                &DUPLICATE_KEY,
                                e.key.span,
                                format!(
                                    "`{name}` is written twice in this mapping; CircleCI rejects repeated keys. Merge the two or remove one."
                                ),
                            )
                            .with_related(*first, format!("`{name}` is first written here")),
                        );
                    } else {
                        seen.insert(name, e.key.span);
                    }
                }
                if e.value.is_written_here() {
                    duplicate_keys(&e.value, out);
                }
            }
        }
        NodeKind::Sequence(s) => {
            for it in s.items.iter().filter(|i| i.is_written_here()) {
                duplicate_keys(it, out);
            }
        }
        _ => {}
    }
}

/// True when `m` has an unknown key whose "did you mean" suggestion is `wanted`: the key the
/// user meant is there, only misspelt.
fn misspells(m: &Mapping, schema: &MapSchema, wanted: &str) -> bool {
    m.entries.iter().any(|e| {
        e.key.as_str().is_some_and(|name| {
            name != "<<"
                && schema.key(name).is_none()
                && suggest(name, schema.keys.iter().map(|k| k.name)) == Some(wanted)
        })
    })
}

#[cfg(test)]
#[path = "structure_tests.rs"]
mod tests;
