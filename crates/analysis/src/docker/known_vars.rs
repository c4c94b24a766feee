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
/// them instead of inventing new names. Credentials that come in pairs (a username and its
/// password, an access key id and its secret) are kept as the pairs the config writes, so a
/// fix never takes one variable from one block and its partner from another.
#[derive(Debug, Default)]
pub(super) struct KnownVars {
    /// The pairs written together, per registry and pair kind, in the order of the config.
    pairs: BTreeMap<(String, Field), Vec<Pair>>,
    /// Single credentials (`oidc_role_arn`), first use first.
    single: BTreeMap<(String, Field), String>,
}

/// The two variables of one block (either may be missing or written out).
#[derive(Debug, Default, Clone)]
struct Pair {
    first: Option<String>,
    second: Option<String>,
}

/// The pair a field belongs to, as (first field, second field), and its place in it.
fn pair_of(field: Field) -> Option<(Field, bool)> {
    match field {
        Field::Username => Some((Field::Username, true)),
        Field::Password => Some((Field::Username, false)),
        Field::AwsKeyId => Some((Field::AwsKeyId, true)),
        Field::AwsSecret => Some((Field::AwsKeyId, false)),
        Field::OidcRole => None,
    }
}

/// How the second variable of a pair is named after the first, and back: `DOCKER_USER` with
/// `DOCKER_PASS`, `DOCKERHUB_USERNAME` with `DOCKERHUB_PASSWORD`.
const PARTNERS: &[(&str, &str)] = &[
    ("USERNAME", "PASSWORD"),
    ("LOGIN", "PASSWORD"),
    ("USER", "PASS"),
    ("ID", "TOKEN"),
    ("ACCESS_KEY_ID", "SECRET_ACCESS_KEY"),
];

/// The partner of `var` in its pair: the second's name when `var` is the first, and back.
fn partner(var: &str, var_is_first: bool) -> Option<String> {
    PARTNERS.iter().find_map(|(a, b)| {
        let (from, to) = if var_is_first { (a, b) } else { (b, a) };
        let at = var.rfind(from)?;
        // The word must end the name or be followed by `_` (`DOCKER_USER`, not `DOCKER_USERS`).
        let after = &var[at + from.len()..];
        (after.is_empty() || after.starts_with('_')).then(|| format!("{}{to}{after}", &var[..at]))
    })
}

impl KnownVars {
    pub(super) fn collect(model: &DockerModel<'_>) -> KnownVars {
        let mut known = KnownVars::default();
        let var_of = |block: Option<&Entry>, sub: &str| {
            block
                .and_then(|b| b.value.get(sub))
                .and_then(Node::as_str)
                .and_then(vars::whole_env_var)
        };
        for e in &model.entries {
            let Some(key) = e.image.as_ref().and_then(|i| i.registry.key()) else {
                continue;
            };
            known.add_pair(
                &key,
                Field::Username,
                var_of(e.auth, "username"),
                var_of(e.auth, "password"),
            );
            known.add_pair(
                &key,
                Field::AwsKeyId,
                var_of(e.aws_auth, "aws_access_key_id"),
                var_of(e.aws_auth, "aws_secret_access_key"),
            );
            if let Some(role) = var_of(e.aws_auth, "oidc_role_arn") {
                known.single.entry((key, Field::OidcRole)).or_insert(role);
            }
        }
        for login in &model.logins {
            let (Some(key), Some(args)) = (login.registry.key(), &login.command.login) else {
                continue;
            };
            let var = |p: &Option<_>| {
                p.as_ref()
                    .and_then(|p: &super::command::FlagArg| vars::whole_env_var(&p.value.text))
            };
            known.add_pair(
                &key,
                Field::Username,
                var(&args.username),
                var(&args.password),
            );
        }
        known
    }

    fn add_pair(&mut self, key: &str, kind: Field, first: Option<String>, second: Option<String>) {
        if first.is_none() && second.is_none() {
            return;
        }
        self.pairs
            .entry((key.to_string(), kind))
            .or_default()
            .push(Pair { first, second });
    }

    /// The variable the config already uses for `field` of `registry`, from the first block
    /// that names both of a pair (or, without one, the first that names this field).
    pub(super) fn known(&self, registry: &Registry, field: Field) -> Option<String> {
        let key = registry.key()?;
        let Some((kind, is_first)) = pair_of(field) else {
            return self.single.get(&(key, field)).cloned();
        };
        let pairs = self.pairs.get(&(key, kind))?;
        let pick = |p: &Pair| {
            if is_first {
                p.first.clone()
            } else {
                p.second.clone()
            }
        };
        pairs
            .iter()
            .find(|p| p.first.is_some() && p.second.is_some())
            .and_then(pick)
            .or_else(|| pairs.iter().find_map(pick))
    }

    /// The variable to use for `field` of `registry`: one the config already uses, else the
    /// partner of the other half of its pair the config uses, else the conventional name.
    pub(super) fn name(&self, registry: &Registry, field: Field) -> String {
        if let Some(v) = self.known(registry, field) {
            return v;
        }
        if let Some((kind, is_first)) = pair_of(field) {
            let other = if is_first { partner_field(kind) } else { kind };
            if let Some(v) = self
                .known(registry, other)
                .and_then(|o| partner(&o, !is_first))
            {
                return v;
            }
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

/// The second field of the pair whose first field is `first`.
fn partner_field(first: Field) -> Field {
    match first {
        Field::Username => Field::Password,
        _ => Field::AwsSecret,
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
