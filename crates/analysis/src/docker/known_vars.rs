//! The variables a config already uses for each registry's credentials, so that the docker
//! fixes reuse them instead of inventing new names.

use std::collections::BTreeMap;

use super::image_ref::Registry;
use super::resolve::DockerModel;
use syntax::text::references as vars;
use syntax::yaml::{Entry, Mapping, Node};

/// Which credential a variable holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Field {
    Username,
    Password,
    AwsKeyId,
    AwsSecret,
    OidcRole,
}

/// Variables the config already uses for each registry's credentials, so that fixes reuse
/// them instead of inventing new names.
#[derive(Debug, Default)]
pub(super) struct KnownVars {
    by_registry: BTreeMap<(String, Field), String>,
}

impl KnownVars {
    pub(super) fn collect(model: &DockerModel<'_>) -> KnownVars {
        let mut known = KnownVars::default();
        for e in &model.entries {
            let Some(key) = e.image.as_ref().and_then(|i| i.registry.key()) else {
                continue;
            };
            let fields: [(&Option<&Entry>, &str, Field); 5] = [
                (&e.auth, "username", Field::Username),
                (&e.auth, "password", Field::Password),
                (&e.aws_auth, "aws_access_key_id", Field::AwsKeyId),
                (&e.aws_auth, "aws_secret_access_key", Field::AwsSecret),
                (&e.aws_auth, "oidc_role_arn", Field::OidcRole),
            ];
            for (block, sub, field) in fields {
                let var = block
                    .and_then(|b| b.value.get(sub))
                    .and_then(Node::as_str)
                    .and_then(vars::whole_env_var);
                if let Some(var) = var {
                    known.by_registry.entry((key.clone(), field)).or_insert(var);
                }
            }
        }
        for login in &model.logins {
            let Some(key) = login.registry.key() else {
                continue;
            };
            let Some(args) = &login.command.login else {
                continue;
            };
            if let Some(var) = args
                .password
                .as_ref()
                .and_then(|p| vars::whole_env_var(&p.value.text))
            {
                known
                    .by_registry
                    .entry((key.clone(), Field::Password))
                    .or_insert(var);
            }
            if let Some(var) = args
                .username
                .as_ref()
                .and_then(|p| vars::whole_env_var(&p.value.text))
            {
                known
                    .by_registry
                    .entry((key, Field::Username))
                    .or_insert(var);
            }
        }
        known
    }

    /// The variable the config already uses for `field` of `registry`.
    pub(super) fn known(&self, registry: &Registry, field: Field) -> Option<String> {
        registry
            .key()
            .and_then(|k| self.by_registry.get(&(k, field)))
            .cloned()
    }

    /// The variable to use for `field` of `registry`: one the config already uses, else the
    /// conventional name.
    pub(super) fn name(&self, registry: &Registry, field: Field) -> String {
        if let Some(v) = self.known(registry, field) {
            return v;
        }
        let prefix = registry
            .env_prefix()
            .unwrap_or_else(|| "REGISTRY".to_string());
        match field {
            Field::Username => format!("{prefix}_USERNAME"),
            Field::Password => format!("{prefix}_PASSWORD"),
            Field::AwsKeyId => "AWS_ACCESS_KEY_ID".to_string(),
            Field::AwsSecret => "AWS_SECRET_ACCESS_KEY".to_string(),
            Field::OidcRole => "AWS_ROLE_ARN".to_string(),
        }
    }
}

/// For an AWS key written out next to a secret held in a variable (or the other way round),
/// the matching variable name: `$ECR_AWS_SECRET_ACCESS_KEY` → `ECR_AWS_ACCESS_KEY_ID`.
pub(super) fn sibling_var(block: &Mapping, field: Field) -> Option<String> {
    let (sibling, pairs): (&str, &[(&str, &str)]) = match field {
        Field::AwsKeyId => (
            "aws_secret_access_key",
            &[("SECRET_ACCESS_KEY", "ACCESS_KEY_ID")],
        ),
        Field::AwsSecret => (
            "aws_access_key_id",
            &[("ACCESS_KEY_ID", "SECRET_ACCESS_KEY")],
        ),
        Field::Password => (
            "username",
            &[
                ("USERNAME", "PASSWORD"),
                ("LOGIN", "PASSWORD"),
                ("USER", "PASS"),
            ],
        ),
        Field::Username | Field::OidcRole => return None,
    };
    let var = block.get(sibling)?.as_str().and_then(vars::whole_env_var)?;
    pairs.iter().find_map(|(from, to)| {
        var.rfind(from)
            .map(|at| format!("{}{to}{}", &var[..at], &var[at + from.len()..]))
    })
}
