//! The `auth` and `aws_auth` blocks of docker executor images: their shape and literal
//! secrets in them.

use super::check::Checker;
use super::fixes;
use super::image_ref::Registry;
use super::known_vars::{sibling_var, Field};
use super::resolve;
use super::rules::{INVALID_AUTH, LITERAL_SECRET};
use crate::diagnostics::presentation::fit_message;
use crate::diagnostics::{Finding, Severity};
use syntax::text::references as vars;
use syntax::yaml::{Entry, Mapping, Node};

impl Checker<'_> {
    pub(super) fn auth_block(&self, auth: &Entry, registry: &Registry, out: &mut Vec<Finding>) {
        let Some(map) = auth.value.as_mapping() else {
            out.push(Finding::new(
                &INVALID_AUTH,
                if auth.value.is_null() {
                    auth.key.span
                } else {
                    auth.value.span
                },
                format!(
                    "Write `auth` as a mapping with `username` and `password`; here it is {}.",
                    auth.value.type_name()
                ),
            ));
            return;
        };
        let missing: Vec<&str> = ["username", "password"]
            .into_iter()
            .filter(|k| map.get(k).is_none_or(is_blank))
            .collect();
        if !missing.is_empty() {
            out.push(Finding::new(
                &INVALID_AUTH,
                auth.key.span,
                format!(
                    "Add {} to `auth`: CircleCI needs both `username` and `password` to log in.",
                    join_keys(&missing)
                ),
            ));
        }
        for sub in ["username", "password"] {
            if let Some(v) = map
                .get(sub)
                .filter(|v| !v.is_null() && v.as_scalar().is_none())
            {
                out.push(Finding::new(
                    &INVALID_AUTH,
                    v.span,
                    format!(
                        "Write `auth.{sub}` as a string; here it is {}.",
                        v.type_name()
                    ),
                ));
            }
        }
        if let Some(entry) = map.entry("password") {
            if let Some(f) = self.literal_secret(
                entry,
                map,
                "auth.password",
                "password",
                registry,
                Field::Password,
                Severity::Error,
            ) {
                out.push(f);
            }
        }
    }

    pub(super) fn aws_auth_block(&self, aws: &Entry, registry: &Registry, out: &mut Vec<Finding>) {
        let Some(map) = aws.value.as_mapping() else {
            out.push(Finding::new(
                &INVALID_AUTH,
                if aws.value.is_null() {
                    aws.key.span
                } else {
                    aws.value.span
                },
                format!(
                    "Write `aws_auth` as a mapping with access keys or `oidc_role_arn`; here it is {}.",
                    aws.value.type_name()
                ),
            ));
            return;
        };
        let present = |k: &str| map.get(k).is_some_and(|v| !is_blank(v));
        let key_id = present("aws_access_key_id");
        let secret = present("aws_secret_access_key");
        let oidc = present("oidc_role_arn");
        let problem = match (key_id, secret, oidc) {
            (true, true, false) | (false, false, true) => None,
            (false, false, false) => Some(
                "`aws_auth` needs either `aws_access_key_id` and `aws_secret_access_key`, or `oidc_role_arn`.".to_string(),
            ),
            (_, _, true) => Some(
                "`aws_auth` mixes access keys with `oidc_role_arn`: use both access keys, or `oidc_role_arn` alone.".to_string(),
            ),
            (true, false, false) => Some(
                "`aws_auth` is missing `aws_secret_access_key`: access keys come in pairs (or use `oidc_role_arn` alone).".to_string(),
            ),
            (false, true, false) => Some(
                "`aws_auth` is missing `aws_access_key_id`: access keys come in pairs (or use `oidc_role_arn` alone).".to_string(),
            ),
        };
        if let Some(message) = problem {
            out.push(Finding::new(&INVALID_AUTH, aws.key.span, message));
        }
        for (sub, field, severity) in [
            ("aws_secret_access_key", Field::AwsSecret, Severity::Error),
            ("aws_access_key_id", Field::AwsKeyId, Severity::Warning),
        ] {
            if let Some(entry) = map.entry(sub) {
                let path = format!("aws_auth.{sub}");
                let what = if field == Field::AwsSecret {
                    "AWS secret access key"
                } else {
                    "AWS access key id"
                };
                if let Some(f) =
                    self.literal_secret(entry, map, &path, what, registry, field, severity)
                {
                    out.push(f);
                }
            }
        }
    }

    /// A literal-secret finding when `entry`'s value is written out, with a fix that moves it
    /// into a variable.
    #[allow(clippy::too_many_arguments)]
    fn literal_secret(
        &self,
        entry: &Entry,
        block: &Mapping,
        path: &str,
        what: &str,
        registry: &Registry,
        field: Field,
        severity: Severity,
    ) -> Option<Finding> {
        let value = entry.value.as_str()?;
        if entry.value.is_null() || !vars::is_literal(value) {
            return None;
        }
        let var = self
            .vars
            .known(registry, field)
            .or_else(|| sibling_var(block, field))
            .unwrap_or_else(|| self.vars.name(registry, field));
        let mut f = Finding::new(
            &LITERAL_SECRET,
            resolve::value_span(self.text, &entry.value),
            fit_message(
                format!("Store the {what} in a project or context variable and use `${var}`: `{path}` holds a literal."),
                &format!("Store the {what} in a project or context variable: `{path}` holds a literal."),
            ),
        )
        .with_severity(severity);
        if let Some(edit) = fixes::replace_scalar(self.text, &entry.value, &format!("${var}")) {
            f = f.with_fix(fixes::titled(
                format!("Replace the literal with ${var}"),
                "Replace the literal with a variable",
                vec![edit],
                true,
            ));
        }
        Some(f)
    }
}

fn is_blank(node: &Node) -> bool {
    node.is_null() || node.as_str().is_some_and(|s| s.trim().is_empty())
}

fn join_keys(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}
