//! Arguments and parameter defaults against the declared parameters: required parameters
//! left out, and values that do not fit the declared type.

use std::collections::HashSet;
use std::fmt;

use super::extent::Extent;
use super::index::{param_info, value_span, DefKind, Model, ParamType};
use super::rules::{INVALID_PARAMETER_VALUE, MISSING_PARAMETER};
use super::suggestions::{capitalized, replace_fix};
use super::template::has_template;
use crate::diagnostics::presentation::{fit_message, short_name};
use crate::diagnostics::{Finding, Fix};
use syntax::text::suggest::suggest_name;
use syntax::yaml::booleans::{circleci_bool, yaml11_bool};
use syntax::yaml::{Node, NodeKind, ScalarStyle};

pub(super) fn check(model: &Model<'_>, extent: Extent, findings: &mut Vec<Finding>) {
    invocations(model, extent, findings);
    defaults(model, findings);
}

fn invocations(model: &Model<'_>, extent: Extent, findings: &mut Vec<Finding>) {
    for inv in &model.invocations {
        let Some(reference) = model.refs.get(inv.reference) else {
            continue;
        };
        let Some(target) = model.def(inv.target) else {
            continue;
        };
        // Missing required parameters.
        let given: HashSet<&str> = inv.passed.names().collect();
        let missing: Vec<&str> = target
            .params
            .iter()
            .filter_map(|p| model.def(*p))
            .filter(|p| !given.contains(p.name.as_str()) && param_info(p.node).required())
            .map(|p| p.name.as_str())
            .collect();
        if extent == Extent::Whole && inv.passed.known && !missing.is_empty() {
            let list = missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let noun = if missing.len() == 1 {
                "this parameter"
            } else {
                "these parameters"
            };
            findings.push(Finding::new(
                &MISSING_PARAMETER,
                reference.full_span,
                format!(
                    "Pass {list} here: {} requires {noun} without a default.",
                    model.describe(inv.target)
                ),
            ));
        }
        // Values against declared types.
        for (arg, values) in inv.passed.values() {
            let Some(name) = arg.key.as_str() else {
                continue;
            };
            let Some(param) = model.lookup(DefKind::Parameter, Some(inv.target), name) else {
                continue;
            };
            let info = param_info(model.def(param).and_then(|d| d.node));
            let Some(values) = values else {
                continue;
            };
            let what = Named(|f: &mut fmt::Formatter<'_>| {
                write!(f, "parameter `{name}` of {}", model.describe(inv.target))
            });
            for v in values {
                if let Some(f) = check_value(model, &info.ty, v, &what) {
                    findings.push(f);
                }
            }
        }
    }
}

/// How a message names a parameter, written only when a message is: most values fit.
struct Named<F>(F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Named<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

fn defaults(model: &Model<'_>, findings: &mut Vec<Finding>) {
    for def in &model.defs {
        if !matches!(def.kind, DefKind::Parameter | DefKind::PipelineParameter) {
            continue;
        }
        let info = param_info(def.node);
        let Some(default) = info.default else {
            continue;
        };
        let what = Named(|f: &mut fmt::Formatter<'_>| match def.parent {
            Some(owner) => write!(
                f,
                "the default of parameter `{}` of {}",
                def.name,
                model.describe(owner)
            ),
            None => write!(f, "the default of pipeline parameter `{}`", def.name),
        });
        // CircleCI accepts a number or boolean as the default of a string parameter (seen in
        // configs it runs); only arguments are held to the string type.
        if info.ty == ParamType::String && default.as_scalar().is_some() {
            continue;
        }
        if let Some(f) = check_value(model, &info.ty, default, &what) {
            findings.push(f);
        }
    }
}

fn is_plain(node: &Node) -> bool {
    node.as_scalar()
        .is_some_and(|s| s.style == ScalarStyle::Plain)
        && node.tag.is_none()
}

fn is_plain_integer(node: &Node) -> bool {
    let Some(s) = node.as_str() else {
        return false;
    };
    if !is_plain(node) {
        return false;
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s).replace('_', "");
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        || s.strip_prefix("0x")
            .is_some_and(|h| i64::from_str_radix(h, 16).is_ok())
        || s.strip_prefix("0o")
            .is_some_and(|o| i64::from_str_radix(o, 8).is_ok())
}

/// Whether a plain scalar is read as something other than a string (number, boolean, null).
fn plain_non_string(node: &Node) -> Option<&'static str> {
    let s = node.as_str()?;
    if !is_plain(node) {
        return None;
    }
    if yaml11_bool(s).is_some() {
        return Some("a boolean");
    }
    if is_plain_integer(node) || node.is_number() {
        return Some("a number");
    }
    None
}

fn contains_template(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Scalar(s) => has_template(&s.value),
        NodeKind::Mapping(m) => m
            .entries
            .iter()
            .any(|e| contains_template(&e.key) || contains_template(&e.value)),
        NodeKind::Sequence(s) => s.items.iter().any(contains_template),
        NodeKind::UnresolvedAlias(_) => true,
    }
}

/// A finding when `value` does not fit `ty`. `what` names the parameter for the message; the
/// value itself is never repeated (it may be a secret).
pub(crate) fn check_value(
    model: &Model<'_>,
    ty: &ParamType,
    value: &Node,
    what: &dyn fmt::Display,
) -> Option<Finding> {
    if contains_template(value) {
        return None;
    }
    if let ParamType::Enum(values) = ty {
        return enum_value(model, values, value, what);
    }
    let problem = problem(ty, value, what)?;
    let mut finding = Finding::new(&INVALID_PARAMETER_VALUE, value.span, capitalized(&problem));
    if matches!(ty, ParamType::EnvVarName) {
        if let Some(fix) = env_var_name_fix(model, value) {
            finding.message =
                format!("Drop the `$`: {what} takes a variable's name, not its value.");
            finding = finding.with_fix(fix);
        }
    }
    if matches!(ty, ParamType::String) && plain_non_string(value).is_some() {
        let raw = value.span.text(model.text);
        if !raw.is_empty() && !raw.contains('"') && !raw.contains('\n') {
            finding = finding.with_fix(replace_fix(
                "Quote the value".to_string(),
                value.span,
                &format!("\"{raw}\""),
            ));
        }
    }
    Some(finding)
}

/// What is wrong with `value` for a parameter of type `ty` (enums aside), in words.
fn problem(ty: &ParamType, value: &Node, what: &dyn fmt::Display) -> Option<String> {
    let scalar = value.as_scalar();
    let fits = match ty {
        ParamType::Boolean => {
            scalar.is_some_and(|s| circleci_bool(&s.value).is_some()) || value.is_null()
        }
        ParamType::Integer => return integer_problem(value, what),
        ParamType::String => return string_problem(value, what),
        ParamType::EnvVarName => value.is_null() || is_env_var_name(value),
        ParamType::Steps => value.as_sequence().is_some() || value.is_null(),
        ParamType::Executor => matches!(value.kind, NodeKind::Scalar(_) | NodeKind::Mapping(_)),
        ParamType::Enum(_) | ParamType::Unknown(_) | ParamType::Unspecified => true,
    };
    if fits {
        return None;
    }
    let kind = kind_words(value);
    Some(match ty {
        ParamType::Boolean => {
            format!("Use `true` or `false`: {what} is a boolean, not {kind}.")
        }
        ParamType::EnvVarName => format!(
            "Write an environment variable name (letters, digits and `_`): {what} takes one."
        ),
        ParamType::Steps => format!("Pass a list of steps: {what} takes steps, not {kind}."),
        _ => format!(
            "Pass an executor (a name or a mapping with `name`): {what} takes one, not {kind}."
        ),
    })
}

fn integer_problem(value: &Node, what: &dyn fmt::Display) -> Option<String> {
    if is_plain_integer(value) || value.is_null() {
        return None;
    }
    // A quoted whole number is accepted here: CircleCI has not been consistent about it.
    let quoted_number = value.as_scalar().is_some_and(|s| {
        s.style != ScalarStyle::Plain
            && !s.value.is_empty()
            && s.value.chars().all(|c| c.is_ascii_digit())
    });
    if quoted_number {
        return None;
    }
    Some(if value.is_number() {
        format!("Pass a whole number: {what} is an integer.")
    } else {
        format!(
            "Pass a whole number: {what} is an integer, not {}.",
            kind_words(value)
        )
    })
}

fn string_problem(value: &Node, what: &dyn fmt::Display) -> Option<String> {
    match value.as_scalar() {
        Some(_) => plain_non_string(value).map(|read_as| {
            format!("Quote this value: {what} is a string, but YAML reads it as {read_as}.")
        }),
        None => Some(format!(
            "Pass a string: {what} is a string, not {}.",
            kind_words(value)
        )),
    }
}

/// A name CircleCI takes for an environment variable: letters, digits and `_`, not starting
/// with a digit, and text to YAML.
fn is_env_var_name(value: &Node) -> bool {
    value.as_scalar().is_some_and(|s| {
        plain_non_string(value).is_none()
            && s.value
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && s.value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// A value of an enum parameter that is not one of its values, with the nearest one offered.
fn enum_value(
    model: &Model<'_>,
    values: &[String],
    value: &Node,
    what: &dyn fmt::Display,
) -> Option<Finding> {
    let scalar = value.as_scalar();
    if values.is_empty()
        || value.is_null()
        || scalar.is_some_and(|s| values.iter().any(|v| *v == s.value))
    {
        return None;
    }
    let list = values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut finding = Finding::new(
        &INVALID_PARAMETER_VALUE,
        value.span,
        fit_message(
            format!("Use one of {list}: {what} takes no other value."),
            &format!("Use one of the enum's values for {what}."),
        ),
    );
    let Some(best) = scalar.and_then(|s| suggest_name(&s.value, values.iter().map(String::as_str)))
    else {
        return Some(finding);
    };
    finding.message = fit_message(
        format!("Change the value to `{best}`: {what} takes only the enum's values."),
        &format!("Change the value to `{best}`, one of the enum's values."),
    );
    let (span, exact) = value_span(value, model.text);
    if exact {
        let title = format!("Change to {}", short_name(best, 40));
        finding = finding.with_fix(replace_fix(title, span, best));
    }
    Some(finding)
}

/// `$NAME` or `${NAME}` given where a variable's name is wanted: CircleCI rejects it, and the
/// fix keeps only the name.
fn env_var_name_fix(model: &Model<'_>, value: &Node) -> Option<Fix> {
    let name = syntax::text::references::whole_env_var(value.as_str()?)?;
    let (span, exact) = value_span(value, model.text);
    if !exact {
        return None;
    }
    Some(replace_fix(
        crate::diagnostics::presentation::fit_title(
            format!("Use the name {name}"),
            "Use the variable's name",
        ),
        span,
        &name,
    ))
}

fn kind_words(value: &Node) -> &'static str {
    match &value.kind {
        NodeKind::Scalar(s) if s.style != ScalarStyle::Plain => "a string",
        NodeKind::Scalar(_) if circleci_bool(value.as_str().unwrap_or("")).is_some() => "a boolean",
        _ => value.type_name(),
    }
}
