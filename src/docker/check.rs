//! The docker rules: rate limits, literal secrets, malformed credentials, ECR access and
//! `docker login` passwords, with their quick-fixes.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::fixes;
use super::image_ref::{ImageRef, Registry};
use super::resolve::{self, DockerModel, ImageEntry, PullKind, ShellLogin, StepPull};
use super::rules::*;
use super::vars;
use crate::diagnostics::presentation::{fit_message, fit_title};
use crate::diagnostics::{Finding, Fix, Severity, TextEdit};
use crate::text::lines::LineIndex;
use crate::text::source_map::{ScalarMap, ScalarMaps};
use crate::yaml::{Entry, Mapping, Node, ScalarStyle, Span};

use super::rate_limit::RateLimitScope;

pub fn check(
    text: &str,
    lines: &LineIndex,
    model: &DockerModel<'_>,
    scope: &RateLimitScope,
    findings: &mut Vec<Finding>,
) {
    let vars = KnownVars::collect(model);
    let checker = Checker {
        text,
        lines,
        vars: &vars,
        maps: ScalarMaps::default(),
        scope,
    };
    let mut out = Vec::new();
    let mut seen_entries = HashSet::new();
    for entry in &model.entries {
        if seen_entries.insert((entry.mapping.span, entry.image_value.span)) {
            checker.entry(entry, &mut out);
        }
    }
    for pull in &model.pulls {
        if !pull.logged_in && !pull.local && scope.job_runs(&pull.job) {
            checker.step_pull(pull, &mut out);
        }
    }
    let mut seen_logins = HashSet::new();
    for login in &model.logins {
        if seen_logins.insert((login.node.span, login.command.span)) {
            checker.login(login, &mut out);
        }
    }
    super::image_pins::check(text, model, &mut out);
    findings.extend(merge_duplicates(out));
}

/// Joins findings reported at one written span (an anchored image reached by several
/// entries): one finding whose fixes edit every entry, so applying it clears the finding.
fn merge_duplicates(findings: Vec<Finding>) -> Vec<Finding> {
    let mut merged: Vec<Finding> = Vec::new();
    // Looked up by (code, span, message), so many findings cost linear time.
    let mut index: HashMap<(&'static str, Span, String), usize> = HashMap::new();
    for f in findings {
        let key = (f.code, f.span, f.message.clone());
        let Some(existing) = index.get(&key).and_then(|&i| merged.get_mut(i)) else {
            index.insert(key, merged.len());
            merged.push(f);
            continue;
        };
        let mut fixes = Vec::new();
        for fix in &existing.fixes {
            let Some(other) = f.fixes.iter().find(|o| o.title == fix.title) else {
                continue;
            };
            let mut edits = fix.edits.clone();
            for e in &other.edits {
                if !edits.contains(e) {
                    edits.push(e.clone());
                }
            }
            edits.sort_by_key(|e| (e.span.start, e.span.end));
            let overlapping = edits
                .windows(2)
                .any(|w| matches!(w, [a, b] if b.span.start < a.span.end || (a.span.is_empty() && b.span.is_empty() && a.span.start == b.span.start)));
            if !overlapping {
                fixes.push(Fix {
                    title: fix.title.clone(),
                    edits,
                    preferred: fix.preferred,
                });
            }
        }
        existing.fixes = fixes;
    }
    merged
}

/// Which credential a variable holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Username,
    Password,
    AwsKeyId,
    AwsSecret,
    OidcRole,
}

/// Variables the config already uses for each registry's credentials, so that fixes reuse
/// them instead of inventing new names.
#[derive(Debug, Default)]
struct KnownVars {
    by_registry: BTreeMap<(String, Field), String>,
}

impl KnownVars {
    fn collect(model: &DockerModel<'_>) -> KnownVars {
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
    fn known(&self, registry: &Registry, field: Field) -> Option<String> {
        registry
            .key()
            .and_then(|k| self.by_registry.get(&(k, field)))
            .cloned()
    }

    /// The variable to use for `field` of `registry`: one the config already uses, else the
    /// conventional name.
    fn name(&self, registry: &Registry, field: Field) -> String {
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

struct Checker<'c> {
    text: &'c str,
    lines: &'c LineIndex,
    vars: &'c KnownVars,
    /// One map per script, however many commands it holds.
    maps: ScalarMaps,
    scope: &'c RateLimitScope,
}

impl Checker<'_> {
    fn entry(&self, entry: &ImageEntry<'_>, out: &mut Vec<Finding>) {
        let registry = entry
            .image
            .as_ref()
            .map_or(Registry::Unknown, |i| i.registry.clone());
        if let Some(auth) = entry.auth {
            self.auth_block(auth, &registry, out);
        }
        if let Some(aws) = entry.aws_auth {
            self.aws_auth_block(aws, &registry, out);
        }
        if let (Some(auth), Some(aws)) = (entry.auth, entry.aws_auth) {
            let (first, second) = if auth.key.span.start <= aws.key.span.start {
                (auth, aws)
            } else {
                (aws, auth)
            };
            out.push(
                Finding::new(
                    &INVALID_AUTH,
                    second.key.span,
                    "An image takes `auth` or `aws_auth`, not both: keep `aws_auth` for a private ECR image, `auth` otherwise.",
                )
                .with_related(first.key.span, "the other credentials block"),
            );
        }
        let Some(image) = &entry.image else {
            return;
        };
        let span = entry.image_span(self.text);
        match &image.registry {
            Registry::DockerHub if entry.auth.is_none() && entry.aws_auth.is_none() => {
                let Some((severity, why)) = self
                    .scope
                    .executor_image()
                    .filter(|_| self.scope.entry_runs(entry))
                else {
                    return;
                };
                let mut f = Finding::new(&DOCKER_HUB_RATE_LIMIT, span, why).with_severity(severity);
                let user = self.vars.name(&Registry::DockerHub, Field::Username);
                let pass = self.vars.name(&Registry::DockerHub, Field::Password);
                if let Some(edits) = fixes::insert_into_entry(
                    self.text,
                    self.lines,
                    entry,
                    "auth",
                    &[
                        ("username", format!("${user}")),
                        ("password", format!("${pass}")),
                    ],
                ) {
                    f = f.with_fix(Fix {
                        title: fit_title(
                            format!("Add auth with ${user} and ${pass}"),
                            "Add Docker Hub credentials (auth)",
                        ),
                        edits,
                        preferred: true,
                    });
                }
                out.push(f);
            }
            Registry::Ecr { region, china, .. } => {
                if entry.aws_auth.is_none() {
                    out.push(self.ecr_needs_aws_auth(entry, image, span));
                }
                if vars::is_literal(region)
                    && region != "us-east-1"
                    && is_commercial_region(region, *china)
                {
                    let region_span = ecr_region_span(image, region)
                        .and_then(|s| self.image_subspan(entry.image_value, s))
                        .unwrap_or(span);
                    out.push(Finding::new(
                        &ECR_REGION,
                        region_span,
                        format!(
                            "This ECR image is in `{region}`; a copy in us-east-1, where CircleCI runs jobs, starts faster."
                        ),
                    ));
                }
            }
            _ => {}
        }
    }

    /// The document span of `sub` (relative to the image string) inside an image scalar.
    fn image_subspan(&self, node: &Node, sub: Span) -> Option<Span> {
        self.maps.get(self.text, node)?.span(sub)
    }

    fn ecr_needs_aws_auth(&self, entry: &ImageEntry<'_>, image: &ImageRef, span: Span) -> Finding {
        let message = if entry.auth.is_some() {
            "Private ECR image with `auth`: ECR tokens expire after 12 hours. Use `aws_auth` (access keys or `oidc_role_arn`)."
        } else {
            "Private ECR image without `aws_auth`; add `aws_auth` with access keys or `oidc_role_arn`."
        };
        let mut f = Finding::new(&ECR_NEEDS_AWS_AUTH, span, message);
        let key_id = self.vars.name(&image.registry, Field::AwsKeyId);
        let secret = self.vars.name(&image.registry, Field::AwsSecret);
        let role = self.vars.name(&image.registry, Field::OidcRole);
        let key_lines = [
            ("aws_access_key_id", format!("${key_id}")),
            ("aws_secret_access_key", format!("${secret}")),
        ];
        let oidc_lines = [("oidc_role_arn", format!("${role}"))];
        let edits_for = |lines: &[(&str, String)]| -> Option<Vec<TextEdit>> {
            match entry.auth {
                Some(auth) => {
                    if auth.merged_from.is_some() {
                        return None;
                    }
                    fixes::replace_entry_block(
                        self.text,
                        self.lines,
                        &auth.key,
                        &auth.value,
                        "aws_auth",
                        lines,
                    )
                    .map(|e| vec![e])
                }
                None => fixes::insert_into_entry(self.text, self.lines, entry, "aws_auth", lines),
            }
        };
        let verb = if entry.auth.is_some() {
            "Replace auth with"
        } else {
            "Add"
        };
        if let Some(edits) = edits_for(&key_lines) {
            f = f.with_fix(Fix {
                title: fit_title(
                    format!("{verb} aws_auth with ${key_id} and ${secret}"),
                    &format!("{verb} aws_auth with access keys"),
                ),
                edits,
                preferred: true,
            });
        }
        if let Some(edits) = edits_for(&oidc_lines) {
            f = f.with_fix(Fix {
                title: fit_title(
                    format!("{verb} aws_auth with OIDC role ${role}"),
                    &format!("{verb} aws_auth with an OIDC role"),
                ),
                edits,
                preferred: false,
            });
        }
        f
    }

    fn auth_block(&self, auth: &Entry, registry: &Registry, out: &mut Vec<Finding>) {
        let Some(map) = auth.value.as_mapping() else {
            out.push(Finding::new(
                &INVALID_AUTH,
                if auth.value.is_null() {
                    auth.key.span
                } else {
                    auth.value.span
                },
                format!(
                    "`auth` must be a mapping with `username` and `password`; here it is {}.",
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
                    "`auth` is missing {}: CircleCI needs both `username` and `password` to log in.",
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
                        "`auth.{sub}` must be a string; here it is {}.",
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

    fn aws_auth_block(&self, aws: &Entry, registry: &Registry, out: &mut Vec<Finding>) {
        let Some(map) = aws.value.as_mapping() else {
            out.push(Finding::new(
                &INVALID_AUTH,
                if aws.value.is_null() {
                    aws.key.span
                } else {
                    aws.value.span
                },
                format!(
                    "`aws_auth` must be a mapping with `aws_access_key_id` and `aws_secret_access_key`, or with `oidc_role_arn`; here it is {}.",
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
                format!("`{path}` holds a literal {what}; store it in a project or context variable and use `${var}`."),
                &format!("`{path}` holds a literal {what}; store it in a project or context variable."),
            ),
        )
        .with_severity(severity);
        if let Some(edit) = fixes::replace_scalar(self.text, &entry.value, &format!("${var}")) {
            f = f.with_fix(Fix {
                title: fit_title(
                    format!("Replace the literal with ${var}"),
                    "Replace the literal with a variable",
                ),
                edits: vec![edit],
                preferred: true,
            });
        }
        Some(f)
    }

    fn step_pull(&self, pull: &StepPull<'_>, out: &mut Vec<Finding>) {
        if pull.image.registry != Registry::DockerHub {
            return;
        }
        let map = self.maps.get(self.text, pull.node);
        let span = map
            .as_ref()
            .and_then(|m| m.span(pull.value_span))
            .unwrap_or(pull.node.span);
        match pull.kind {
            PullKind::OrbPull => {
                let alias = pull
                    .step_item
                    .and_then(step_name)
                    .and_then(|n| n.split_once('/').map(|(a, _)| a.to_string()))
                    .unwrap_or_else(|| "docker".to_string());
                let mut f = Finding::new(
                    &DOCKER_HUB_RATE_LIMIT,
                    span,
                    fit_message(
                        format!(
                            "`{alias}/pull` pulls from Docker Hub, rate-limited now, with no `{alias}/check` before it; add that step to log in."
                        ),
                        "Docker Hub pull, rate-limited now, with no earlier login in this job; add a check step to log in.",
                    ),
                );
                if let Some(edit) = pull.step_item.and_then(|item| {
                    fixes::insert_step_before(
                        self.text,
                        self.lines,
                        item,
                        &format!("{alias}/check"),
                    )
                }) {
                    f = f.with_fix(Fix {
                        title: fit_title(
                            format!("Insert a {alias}/check step before the pull"),
                            "Insert a check step before the pull",
                        ),
                        edits: vec![edit],
                        preferred: true,
                    });
                }
                out.push(f);
            }
            PullKind::Shell(verb) => {
                let user = self.vars.name(&Registry::DockerHub, Field::Username);
                let pass = self.vars.name(&Registry::DockerHub, Field::Password);
                let mut f = Finding::new(
                    &DOCKER_HUB_RATE_LIMIT,
                    span,
                    format!(
                        "`docker {}` of a Docker Hub image, rate-limited now, with no `docker login` before it in this job; log in first.",
                        verb.as_str()
                    ),
                );
                if let (Some(map), Some(cmd)) = (&map, &pull.command) {
                    let login =
                        format!("echo \"${pass}\" | docker login -u \"${user}\" --password-stdin");
                    let edit = if cmd.piped_into {
                        None
                    } else {
                        insert_line_before_command(
                            self.text,
                            self.lines,
                            pull.node,
                            map,
                            cmd.span.start,
                            &login,
                        )
                        .or_else(|| insert_login_inline(pull.node, map, cmd.span.start, &login))
                    };
                    if let Some(edit) = edit {
                        f = f.with_fix(Fix {
                            title: "Log in to Docker Hub before this command".to_string(),
                            edits: vec![edit],
                            preferred: true,
                        });
                    }
                }
                out.push(f);
            }
        }
    }

    fn login(&self, login: &ShellLogin<'_>, out: &mut Vec<Finding>) {
        let Some(args) = &login.command.login else {
            return;
        };
        let Some(password) = &args.password else {
            return;
        };
        let map = self.maps.get(self.text, login.node);
        let to_source = |s: Span| {
            map.as_ref()
                .and_then(|m| m.span(s))
                .unwrap_or(login.node.span)
        };
        let literal = password.value.is_literal();
        let var = if literal {
            self.vars.name(&login.registry, Field::Password)
        } else {
            String::new()
        };
        let fix = self.password_stdin_fix(login, literal.then_some(var.as_str()));
        let registry_name = login.registry.display_name();
        let mut arg = Finding::new(
            &DOCKER_LOGIN_PASSWORD_ARG,
            to_source(password.span),
            format!(
                "`docker login` gets the {registry_name} password as an argument (`{}`), which others can see; use `--password-stdin`.",
                password.flag
            ),
        );
        if let Some(fix) = fix.clone() {
            arg = arg.with_fix(fix);
        }
        out.push(arg);
        if literal {
            let mut f = Finding::new(
                &LITERAL_SECRET,
                to_source(password.value.span),
                fit_message(
                    format!(
                        "`docker login` is given a literal password; store it in a variable such as `{var}` and use `--password-stdin`."
                    ),
                    "`docker login` is given a literal password; store it in a variable and use `--password-stdin`.",
                ),
            );
            if let Some(fix) = fix {
                f = f.with_fix(fix);
            }
            out.push(f);
        }
    }

    /// `docker login … -p X` → `echo "X" | docker login … --password-stdin`; a literal `X`
    /// becomes `$VAR`.
    fn password_stdin_fix(&self, login: &ShellLogin<'_>, literal_var: Option<&str>) -> Option<Fix> {
        let args = login.command.login.as_ref()?;
        let password = args.password.as_ref()?;
        if login.command.piped_into || args.password_stdin {
            return None;
        }
        let map = self.maps.get(self.text, login.node)?;
        if !map.is_contiguous(password.span) {
            return None;
        }
        let flag_span = map.span(password.span)?;
        let insert_at = map.offset(login.command.span.start)?;
        let echoed = match literal_var {
            Some(var) => format!("${var}"),
            None => {
                let t = &password.value.text;
                if t.contains('"') || t.contains('\\') {
                    return None;
                }
                t.clone()
            }
        };
        let quote = match login.node.as_scalar().map(|s| s.style) {
            Some(ScalarStyle::DoubleQuoted) => "\\\"",
            _ => "\"",
        };
        // A plain scalar must not start with characters YAML reads as syntax.
        let edits = vec![
            TextEdit {
                span: Span::empty(insert_at),
                new_text: format!("echo {quote}{echoed}{quote} | "),
            },
            TextEdit {
                span: flag_span,
                new_text: "--password-stdin".to_string(),
            },
        ];
        let title = match literal_var {
            Some(var) => fit_title(
                format!("Pipe ${var} in with --password-stdin"),
                "Pipe the password in with --password-stdin",
            ),
            None => "Pipe the password in with --password-stdin".to_string(),
        };
        Some(Fix {
            title,
            edits,
            preferred: true,
        })
    }
}

/// A login line above a shell command that starts a line of a literal block script.
fn insert_line_before_command(
    text: &str,
    lines: &LineIndex,
    node: &Node,
    map: &ScalarMap,
    command_start: usize,
    line: &str,
) -> Option<TextEdit> {
    if node.as_scalar()?.style != ScalarStyle::Literal {
        return None;
    }
    let value = node.as_str()?;
    // The command must be the first thing on its script line.
    let line_start_in_value = value.get(..command_start)?.rfind('\n').map_or(0, |p| p + 1);
    if !value
        .get(line_start_in_value..command_start)?
        .trim()
        .is_empty()
    {
        return None;
    }
    let at = map.offset(command_start)?;
    let src_line_start = lines.start_at(at);
    let indent = text.get(src_line_start..at)?;
    if !indent.bytes().all(|b| b == b' ' || b == b'\t') {
        return None;
    }
    let eol = lines.break_at(at);
    Some(TextEdit {
        span: Span::empty(src_line_start),
        new_text: format!("{indent}{line}{eol}"),
    })
}

/// `<login> && ` in front of a command in the middle of a script line.
fn insert_login_inline(
    node: &Node,
    map: &ScalarMap,
    command_start: usize,
    login: &str,
) -> Option<TextEdit> {
    let at = map.offset(command_start)?;
    let text = match node.as_scalar()?.style {
        ScalarStyle::DoubleQuoted => login.replace('"', "\\\""),
        ScalarStyle::SingleQuoted => login.replace('\'', "''"),
        _ => login.to_string(),
    };
    Some(TextEdit {
        span: Span::empty(at),
        new_text: format!("{text} && "),
    })
}

/// True for regions of the standard AWS partition. GovCloud, China and isolated regions are
/// separate partitions: an image there cannot simply be copied to us-east-1.
fn is_commercial_region(region: &str, china: bool) -> bool {
    !china
        && !region.starts_with("us-gov-")
        && !region.starts_with("cn-")
        && !region.contains("-iso")
}

/// The span of the region label inside an ECR image string.
fn ecr_region_span(image: &ImageRef, region: &str) -> Option<Span> {
    let host = image.host.as_ref()?;
    let at = host.text.find(&format!(".{region}."))? + 1;
    Some(Span::new(
        host.span.start + at,
        host.span.start + at + region.len(),
    ))
}

/// For an AWS key written out next to a secret held in a variable (or the other way round),
/// the matching variable name: `$ECR_AWS_SECRET_ACCESS_KEY` → `ECR_AWS_ACCESS_KEY_ID`.
fn sibling_var(block: &Mapping, field: Field) -> Option<String> {
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

fn step_name(item: &Node) -> Option<&str> {
    resolve::name_and_args(item).map(|(name, _)| name)
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
