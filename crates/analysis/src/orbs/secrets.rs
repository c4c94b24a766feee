//! `literal-secret` for orb parameters that carry credentials: a password, token or secret
//! key written into the config where the orb wants a value or a variable's name.

use super::data::Param;
use super::declared::{self, DeclaredOrb};
use crate::diagnostics::presentation::{fit_message, fit_title};
use crate::diagnostics::{Finding, Fix, TextEdit};
use crate::docker::rules::LITERAL_SECRET;
use crate::model::index::value_span;
use crate::model::Model;
use syntax::text::references;
use syntax::yaml::Entry;

/// Whether a parameter's name says it holds a credential (`docker-password`,
/// `aws_secret_access_key`, `github-token`), not a variable's name (`token-variable`) or a
/// switch (`use-docker-credentials-store`).
pub fn is_credential(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace('-', "_");
    [
        "password",
        "secret_access_key",
        "token",
        "api_key",
        "apikey",
    ]
    .iter()
    .any(|s| n.ends_with(s))
}

fn is_var_name(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub fn check(model: &Model<'_>, orbs: &[DeclaredOrb], findings: &mut Vec<Finding>) {
    for call in &model.orb_calls {
        let Some(reference) = model.refs.get(call.reference) else {
            continue;
        };
        let Some((_, member)) = declared::member(orbs, call.orb, reference.kind, &reference.name)
        else {
            continue;
        };
        for arg in &call.passed.args {
            let param = arg
                .key
                .as_str()
                .and_then(|name| Some((name, member.param(name)?)));
            if let Some((name, param)) = param.filter(|(name, _)| is_credential(name)) {
                findings.extend(literal_argument(model, arg, name, param));
            }
        }
    }
}

/// A literal secret passed to a credential parameter of an orb member, with a fix that
/// names a variable instead.
fn literal_argument(model: &Model<'_>, arg: &Entry, name: &str, param: &Param) -> Option<Finding> {
    let value = arg.value.as_str()?;
    if arg.value.is_null() || !references::is_literal(value) {
        return None;
    }
    // Some parameters want a variable's name: every `env_var_name` one, and string ones
    // whose default is a name (aws-cli 4's `aws_secret_access_key` defaults to
    // `AWS_SECRET_ACCESS_KEY`, which its script expands).
    let default_is_name = param.default.as_deref().is_some_and(|d| {
        is_var_name(d)
            && d.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    });
    let wants_name = param.ty == "env_var_name" || default_is_name;
    if (wants_name && is_var_name(value))
        || !matches!(param.ty.as_str(), "string" | "env_var_name" | "")
    {
        return None;
    }
    let var = name.to_ascii_uppercase().replace('-', "_");
    let (span, exact) = value_span(&arg.value, model.text);
    let long = if wants_name {
        format!("Store the secret in a context and give its name, e.g. `{var}`: `{name}` holds a literal.")
    } else {
        format!("Store the secret in a context and use `${var}`: `{name}` holds a literal.")
    };
    let f = Finding::new(
        &LITERAL_SECRET,
        span,
        fit_message(
            long,
            "Store this secret in a context variable: an orb parameter holds a literal.",
        ),
    );
    if !exact {
        return Some(f);
    }
    let new_text = if wants_name { var } else { format!("${var}") };
    Some(f.with_fix(Fix {
        title: fit_title(format!("Use {new_text}"), "Use a variable"),
        edits: vec![TextEdit { span, new_text }],
        preferred: true,
    }))
}
