//! Values against their table type: integers in range, allowed values, the formats CircleCI
//! parses (durations, rerun delays, retention, resource classes, cron, orb references, Xcode
//! versions), environment maps and lists, and values of the wrong type.

use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostics::presentation::{fit_message, fit_title, starts_with_action};
use crate::diagnostics::{Finding, FindingTag, Fix, Severity, TextEdit};
use knowledge::schema::{describe, Format, Ty};
use knowledge::table;
use syntax::text::suggest::suggest;
use syntax::yaml::{Node, NodeKind, ScalarStyle};

use super::super::rules::*;
use super::{Checker, Owner};

impl<'a> Checker<'a, '_, '_> {
    pub(super) fn int(&mut self, node: &'a Node, ty: &Ty, min: i64, max: i64, owner: Owner<'a>) {
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
                    "Use {} for `{}`: {n} is out of range.",
                    describe(ty),
                    owner.name
                ),
            ));
        }
    }

    pub(super) fn enumeration(
        &mut self,
        node: &'a Node,
        ty: &Ty,
        choices: &[knowledge::schema::Choice],
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
                        format!("Replace deprecated `{value}`: {why}"),
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
            format!("Use one of {}", allowed.join(", ")),
            Severity::Error,
        );
    }

    pub(super) fn invalid_value(
        &mut self,
        node: &'a Node,
        owner: Owner<'a>,
        suggestion: Option<&str>,
        hint: String,
        severity: Severity,
    ) {
        let value = node.as_str().unwrap_or("");
        let message = invalid_value_message(value, owner.name, suggestion, &hint);
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

    pub(super) fn format(&mut self, node: &'a Node, ty: &Ty, format: Format, owner: Owner<'a>) {
        let Some(scalar) = node.as_scalar().filter(|_| !node.is_null()) else {
            self.wrong_type(node, ty, owner);
            return;
        };
        let value = scalar.value.trim();
        let hint = match format {
            Format::ResourceClass => return self.resource_class(node, value, owner),
            Format::OrbRef => {
                if !is_orb_ref(value) {
                    self.out.push(Finding::new(
                        &INVALID_VALUE,
                        node.span,
                        format!(
                            "Write `namespace/orb@version` (a version such as `5`, `5.2`, `5.2.1` or `volatile`) or a URL: `{value}` is not an orb."
                        ),
                    ));
                }
                return;
            }
            Format::XcodeVersion => {
                if let Some(hint) = super::super::images::unknown_xcode(value) {
                    self.invalid_value(node, owner, None, hint, Severity::Warning);
                }
                return;
            }
            _ => format_error(format, value),
        };
        if let Some(hint) = hint {
            self.invalid_value(node, owner, None, hint.to_string(), Severity::Error);
        }
    }

    pub(super) fn resource_class(&mut self, node: &'a Node, value: &str, owner: Owner<'a>) {
        if value.contains('/') {
            // A self-hosted runner's `namespace/name`; runner classes are not known offline.
            return;
        }
        if let Some(class) = knowledge::resource_class(value) {
            if let Some(why) = class.deprecated {
                self.out.push(
                    Finding::new(
                        &DEPRECATED,
                        node.span,
                        format!("Replace deprecated resource class `{value}`: {why}"),
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

    pub(super) fn env(&mut self, node: &'a Node, ty: &Ty, owner: Owner<'a>) {
        match &node.kind {
            NodeKind::Mapping(m) => {
                for e in &m.entries {
                    if matches!(e.value.kind, NodeKind::Mapping(_) | NodeKind::Sequence(_)) {
                        self.out.push(Finding::new(
                            &INVALID_TYPE,
                            e.key.span,
                            format!(
                                "Give `{}` a string, number or boolean: an environment variable cannot be {}.",
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
                            "Write this item as `NAME=value` or `NAME: value`.",
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

    pub(super) fn wrong_type(&mut self, node: &'a Node, ty: &Ty, owner: Owner<'a>) {
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
            format!("Write `{}` as {}; found {found}.", owner.name, describe(ty)),
        ));
    }
}

/// `Action: problem.` for a value outside what its key allows: changing it to the near miss,
/// or what the hint says to do; the hint is dropped when the message would not fit.
fn invalid_value_message(value: &str, key: &str, suggestion: Option<&str>, hint: &str) -> String {
    let problem = format!("`{value}` is not a valid value for `{key}`.");
    if let Some(s) = suggestion {
        return format!("Change `{value}` to `{s}`: not a valid value for `{key}`.");
    }
    let hint = hint.trim_end_matches('.');
    if starts_with_action(hint) {
        return fit_message(format!("{hint}: {problem}"), &format!("{hint}."));
    }
    let change = format!("Change `{value}`: not a valid value for `{key}`.");
    if hint.is_empty() {
        return change;
    }
    fit_message(format!("{change} {hint}."), &change)
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

/// What to write instead, when `value` does not have the shape of `format` (formats whose
/// check needs more than the value are judged elsewhere).
fn format_error(format: Format, value: &str) -> Option<&'static str> {
    let ok = match format {
        Format::Duration => value.parse::<u64>().is_ok() || is_duration(value),
        Format::RerunDelay => match (value.strip_suffix('m'), value.strip_suffix('s')) {
            (Some(m), _) => m.parse::<u32>().is_ok_and(|m| (1..=10).contains(&m)),
            (_, Some(s)) => s.parse::<u32>().is_ok_and(|s| (1..=600).contains(&s)),
            _ => false,
        },
        Format::RetentionDays => value
            .strip_suffix('d')
            .and_then(|d| d.parse::<u32>().ok())
            .is_some_and(|d| (1..=15).contains(&d)),
        Format::Cron => value.split_whitespace().count() == 5,
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match format {
        Format::Duration => "Write a number with a unit, such as `20m`, `1.5h` or `90s`.",
        Format::RerunDelay => "Write whole minutes from `1m` to `10m`, or seconds up to `600s`.",
        Format::RetentionDays => "Write a number of days from `1d` to `15d`, such as `7d`.",
        _ => "Write five cron fields (minute, hour, day of month, month, day of week), such as `0 2 * * *`.",
    })
}
