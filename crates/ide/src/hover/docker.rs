//! Hovers for image references, `auth`/`aws_auth` and their keys, and the variables that hold
//! credentials. Plain markdown (lists, code spans and fenced YAML) that every client renders;
//! a literal secret is never shown.

use crate::hover::HoverResult;
use crate::FeatureContext;
use analysis::docker::image_ref::{ImageRef, Registry};
use analysis::docker::resolve::{self, DockerModel, ImageEntry, OrbImage, PullKind, StepPull};
use syntax::text::references::{self, ReferenceKind};
use syntax::yaml::source_map::{ScalarMap, ScalarMaps};
use syntax::yaml::{Entry, Node, Span};

pub fn hover(ctx: &FeatureContext<'_>) -> Option<HoverResult> {
    let model = ctx.analysis.docker()?;
    let text = ctx.text();
    let offset = ctx.offset;
    for entry in &model.entries {
        if let Some(h) = entry_hover(text, offset, entry, model) {
            return Some(h);
        }
    }
    for orb_image in &model.orb_images {
        if let Some(arg) = orb_image.args.iter().find(|a| a.span.touches(offset)) {
            return Some(HoverResult {
                span: resolve::value_span(text, arg),
                markdown: orb_image_markdown(orb_image, model),
            });
        }
    }
    let maps = ScalarMaps::default();
    for pull in &model.pulls {
        if !pull.node.span.touches(offset) {
            continue;
        }
        let span = maps
            .get(text, pull.node)
            .and_then(|m| m.span(pull.value_span))
            .unwrap_or(pull.node.span);
        if span.touches(offset) {
            return Some(HoverResult {
                span,
                markdown: step_pull_markdown(pull, model),
            });
        }
    }
    for login in &model.logins {
        if !login.node.span.touches(offset) {
            continue;
        }
        let Some(args) = &login.command.login else {
            continue;
        };
        let jobs = [login.job.to_string()];
        for value in [&args.username, &args.password].into_iter().flatten() {
            if let Some(h) =
                variable_in_script(text, login.node, &value.value.span, offset, &jobs, model)
            {
                return Some(h);
            }
        }
    }
    None
}

fn entry_hover(
    text: &str,
    offset: usize,
    entry: &ImageEntry<'_>,
    model: &DockerModel<'_>,
) -> Option<HoverResult> {
    if entry.image_value.span.touches(offset) && entry.image_value.as_str().is_some() {
        let image = entry.image.as_ref()?;
        return Some(HoverResult {
            span: entry.image_span(text),
            markdown: entry_image_markdown(image, entry, model),
        });
    }
    for block in [entry.auth, entry.aws_auth].into_iter().flatten() {
        let name = block.key.as_str().unwrap_or("");
        if block.key.span.touches(offset) {
            let markdown = if name == "auth" {
                auth_markdown()
            } else {
                aws_auth_markdown()
            };
            return Some(HoverResult {
                span: block.key.span,
                markdown,
            });
        }
        let Some(map) = block.value.as_mapping() else {
            continue;
        };
        for sub in &map.entries {
            let Some(key) = sub.key.as_str() else {
                continue;
            };
            if sub.key.span.touches(offset) {
                return Some(HoverResult {
                    span: sub.key.span,
                    markdown: credential_key_markdown(key)?,
                });
            }
            if sub.value.span.touches(offset) {
                if let Some(h) = variable_in_value(text, sub, offset, &entry.jobs, model) {
                    return Some(h);
                }
            }
        }
    }
    None
}

/// The hover for a `$VAR` under the cursor in a credential value.
fn variable_in_value(
    text: &str,
    sub: &Entry,
    offset: usize,
    jobs: &[String],
    model: &DockerModel<'_>,
) -> Option<HoverResult> {
    let value = sub.value.as_str()?;
    let map = ScalarMap::new(text, &sub.value)?;
    for r in references::find_references(value) {
        let ReferenceKind::EnvVar { name } = &r.kind else {
            continue;
        };
        let span = map.span(r.span)?;
        if span.touches(offset) {
            return Some(HoverResult {
                span,
                markdown: variable_markdown(name, &contexts_of(jobs, model)),
            });
        }
    }
    None
}

/// The hover for a `$VAR` under the cursor in a `docker login` argument.
fn variable_in_script(
    text: &str,
    node: &Node,
    value_span: &Span,
    offset: usize,
    jobs: &[String],
    model: &DockerModel<'_>,
) -> Option<HoverResult> {
    let script = node.as_str()?;
    let map = ScalarMap::new(text, node)?;
    let raw = script.get(value_span.start..value_span.end)?;
    for r in references::find_references(raw) {
        let ReferenceKind::EnvVar { name } = &r.kind else {
            continue;
        };
        let in_script = Span::new(
            value_span.start + r.span.start,
            value_span.start + r.span.end,
        );
        let span = map.span(in_script)?;
        if span.touches(offset) {
            return Some(HoverResult {
                span,
                markdown: variable_markdown(name, &contexts_of(jobs, model)),
            });
        }
    }
    None
}

/// The contexts each job gets from the workflows, by job.
fn contexts_of(jobs: &[String], model: &DockerModel<'_>) -> Vec<(String, Option<Vec<String>>)> {
    jobs.iter()
        .map(|j| (j.clone(), model.job_contexts.get(j).cloned()))
        .collect()
}

/// Markdown for an environment variable holding a credential. `jobs` lists each job using it
/// and the contexts the workflows give it (`None` when no workflow runs the job).
pub fn variable_markdown(name: &str, jobs: &[(String, Option<Vec<String>>)]) -> String {
    let mut md = format!(
        "**`${name}`** · environment variable\n\nFilled in when the job runs, from a context or a project environment variable; if neither defines `{name}`, the login fails.\n\n---\n\nThe config holds only the name, so the secret stays out of the repository.\n"
    );
    if jobs.is_empty() {
        return md;
    }
    md.push_str("\nContexts the workflows give the jobs that use it:\n");
    // A long list would push the hover past a screen; the first jobs show the pattern.
    const SHOWN: usize = 4;
    for (job, contexts) in jobs.iter().take(SHOWN) {
        match contexts {
            None => md.push_str(&format!("- `{job}`: not run by any workflow\n")),
            Some(c) if c.is_empty() => md.push_str(&format!(
                "- `{job}`: none, so `{name}` must be a project environment variable\n"
            )),
            Some(c) => {
                let list: Vec<String> = c.iter().map(|x| format!("`{x}`")).collect();
                md.push_str(&format!("- `{job}`: {}\n", list.join(", ")));
            }
        }
    }
    if jobs.len() > SHOWN {
        md.push_str(&format!("- and {} more jobs\n", jobs.len() - SHOWN));
    }
    md
}

/// The lines describing an image's parts.
fn image_facts(image: &ImageRef) -> String {
    let mut md = String::new();
    let registry = match (&image.registry, &image.host) {
        (Registry::Unknown, _) => {
            "not known: the name comes from a parameter or variable, filled in later".to_string()
        }
        (Registry::DockerHub, None) => "Docker Hub (`docker.io`, implied)".to_string(),
        (r, Some(h)) => format!("{} (`{}`)", r.display_name(), h.text),
        (r, None) => r.display_name(),
    };
    md.push_str(&format!("- Registry: {registry}\n"));
    if image.is_known() {
        md.push_str(&format!("- Repository: `{}`\n", image.full_name()));
    }
    match (&image.tag, &image.digest) {
        (Some(t), _) if references::has_reference(&t.text) => md.push_str(&format!(
            "- Tag: `{}` (filled in when the pipeline runs)\n",
            t.text
        )),
        (Some(t), _) => md.push_str(&format!("- Tag: `{}`\n", t.text)),
        (None, None) => md.push_str("- Tag: `latest` (none written)\n"),
        (None, Some(_)) => {}
    }
    if let Some(d) = &image.digest {
        md.push_str(&format!("- Digest: `{}`\n", d.text));
    }
    if let Registry::Ecr { region, .. } = &image.registry {
        if references::has_reference(region) {
            md.push_str(&format!(
                "- Region: `{region}` (filled in when the job runs)\n"
            ));
        } else if region == "us-east-1" {
            md.push_str("- Region: `us-east-1`, where CircleCI's jobs run\n");
        } else {
            md.push_str(&format!(
                "- Region: `{region}`; a copy in us-east-1, where jobs run, starts faster\n"
            ));
        }
    }
    md.truncate(md.trim_end().len());
    md
}

/// Why an orb's unauthenticated Docker Hub image matters, though no rule reports it on
/// CircleCI cloud (where the rule reports an image, its explanation says this).
fn rate_limit_note() -> String {
    "Docker Hub limits pulls without credentials per IP address; pulls through CircleCI are mostly exempt today.".to_string()
}

/// How an entry authenticates, without ever showing a literal secret.
fn entry_auth_line(entry: &ImageEntry<'_>) -> String {
    let shown = |block: &Entry, key: &str, secret: bool| -> Option<String> {
        let v = block.value.get(key)?.as_str()?;
        Some(if references::is_literal(v) && secret {
            "a literal value (move it into a variable)".to_string()
        } else {
            format!("`{v}`")
        })
    };
    if let Some(auth) = entry.auth {
        let user = shown(auth, "username", false).unwrap_or_else(|| "missing".to_string());
        let pass = shown(auth, "password", true).unwrap_or_else(|| "missing".to_string());
        return format!("**Pull:** authenticated with `auth`: username {user}, password {pass}.");
    }
    if let Some(aws) = entry.aws_auth {
        if let Some(role) = shown(aws, "oidc_role_arn", false) {
            return format!(
                "**Pull:** authenticated with `aws_auth` through the OIDC role {role}; CircleCI fetches a fresh ECR token for every job."
            );
        }
        let id = shown(aws, "aws_access_key_id", true).unwrap_or_else(|| "missing".to_string());
        let secret =
            shown(aws, "aws_secret_access_key", true).unwrap_or_else(|| "missing".to_string());
        return format!(
            "**Pull:** authenticated with `aws_auth` access keys: key id {id}, secret {secret}; CircleCI fetches a fresh ECR token for every job."
        );
    }
    "**Pull:** not authenticated: this entry has no `auth` or `aws_auth`.".to_string()
}

fn jobs_line(jobs: &[String], model: &DockerModel<'_>) -> String {
    if jobs.is_empty() {
        return String::new();
    }
    // The first jobs show the pattern; a long list would fill the screen.
    const SHOWN: usize = 4;
    let mut parts: Vec<String> = jobs
        .iter()
        .take(SHOWN)
        .map(|j| match model.job_contexts.get(j) {
            Some(c) if !c.is_empty() => {
                let list: Vec<String> = c.iter().map(|x| format!("`{x}`")).collect();
                format!("`{j}` (contexts {})", list.join(", "))
            }
            _ => format!("`{j}`"),
        })
        .collect();
    if jobs.len() > SHOWN {
        parts.push(format!("and {} more", jobs.len() - SHOWN));
    }
    format!("\n\nUsed by: {}", parts.join(", "))
}

fn entry_image_markdown(
    image: &ImageRef,
    entry: &ImageEntry<'_>,
    model: &DockerModel<'_>,
) -> String {
    let written = entry.image_value.as_str().unwrap_or("");
    let mut md = format!("**`{written}`** · Docker image\n\n");
    md.push_str(&entry_auth_line(entry));
    // The one thing to do, before the details.
    let todo = match &image.registry {
        Registry::DockerHub if entry.auth.is_none() && entry.aws_auth.is_none() => {
            Some("Add an `auth` block with username and password variables.")
        }
        Registry::Ecr { .. } if entry.aws_auth.is_none() => Some(
            "Add `aws_auth` (access keys or `oidc_role_arn`); an ECR token in `auth` expires after 12 hours.",
        ),
        _ => None,
    };
    if let Some(todo) = todo {
        md.push_str("\n\n");
        md.push_str(todo);
    }
    md.push_str(&format!("\n\n---\n\n{}", image_facts(image)));
    // The rate limit is explained by the finding on an image it concerns.
    if !entry.executors.is_empty() {
        let list: Vec<String> = entry.executors.iter().map(|x| format!("`{x}`")).collect();
        md.push_str(&format!("\n\nDefined in executor {}.", list.join(", ")));
    }
    md.push_str(&jobs_line(&entry.jobs, model));
    md
}

/// An image a registry orb executor runs in, with what the config can do about its access.
pub(crate) fn orb_image_markdown(orb_image: &OrbImage<'_>, model: &DockerModel<'_>) -> String {
    let image = &orb_image.image;
    let of = match &orb_image.run_by {
        Some(job) if *job == orb_image.executor => format!("orb job `{job}`"),
        Some(job) => format!(
            "orb executor `{}`, run by orb job `{job}`",
            orb_image.executor
        ),
        None => format!("orb executor `{}`", orb_image.executor),
    };
    let mut md = format!(
        "**`{}`** · Docker image of {of} (`{}`)\n\n",
        orb_image.text, orb_image.release
    );
    md.push_str(orb_pull_line(orb_image));
    md.push_str(&format!("\n\n---\n\n{}", image_facts(image)));
    if image.registry == Registry::DockerHub && !orb_image.auth {
        md.push_str("\n\n");
        md.push_str(&rate_limit_note());
    }
    md.push_str(&jobs_line(&orb_image.jobs, model));
    md
}

/// How an orb's image is pulled, and what the config can do about it.
fn orb_pull_line(orb_image: &OrbImage<'_>) -> &'static str {
    let registry = &orb_image.image.registry;
    if orb_image.auth {
        "**Pull:** authenticated by the orb."
    } else if *registry == Registry::DockerHub && orb_image.run_by.is_some() {
        "**Pull:** without credentials. The orb's job takes no `auth`; to authenticate, pass it an executor of yours with an `auth` block, when it has an `executor` parameter."
    } else if *registry == Registry::DockerHub {
        "**Pull:** without credentials. An orb executor takes no `auth`; to authenticate, use a `docker:` executor with this image and an `auth` block."
    } else {
        "**Pull:** without credentials."
    }
}

/// The images one use of an orb executor or job runs in, its arguments filled in.
pub(crate) fn orb_images_runs(images: &[&OrbImage<'_>]) -> String {
    let line = |i: &OrbImage<'_>| {
        let registry = match &i.image.registry {
            Registry::Unknown => "registry not known yet".to_string(),
            r => r.display_name(),
        };
        let auth = if i.auth { "with" } else { "without" };
        format!("`{}` ({registry}, pulled {auth} credentials)", i.text)
    };
    match images {
        [one] => format!("Runs in {}.", line(one)),
        _ => {
            let mut md = String::from("Runs in:");
            for i in images {
                md.push_str(&format!("\n- {}", line(i)));
            }
            md
        }
    }
}

/// What the config can do about an unauthenticated Docker Hub pull among an orb's images,
/// and why it matters, said once.
pub(crate) fn orb_images_advice(images: &[&OrbImage<'_>]) -> Option<String> {
    let image = images
        .iter()
        .find(|i| i.image.registry == Registry::DockerHub && !i.auth)?;
    let advice = orb_pull_line(image).trim_start_matches("**Pull:** without credentials. ");
    Some(format!("{advice} {}", rate_limit_note()))
}

fn step_pull_markdown(pull: &StepPull<'_>, model: &DockerModel<'_>) -> String {
    let image = &pull.image;
    let how = match pull.kind {
        PullKind::OrbPull => "pulled by the Docker orb's `pull` step".to_string(),
        PullKind::Shell(verb) => format!("used by `docker {}`", verb.as_str()),
    };
    let written = pull
        .node
        .as_str()
        .and_then(|v| v.get(pull.value_span.start..pull.value_span.end))
        .unwrap_or("");
    let mut md = format!("**`{written}`** · Docker image, {how}\n\n");
    let status = if pull.local {
        "**Pull:** none; the image is local by then (built, tagged or loaded earlier in the job, or `--pull never`).".to_string()
    } else if pull.logged_in {
        "**Pull:** authenticated; an earlier command or step of the job logs in.".to_string()
    } else if image.registry == Registry::DockerHub {
        match pull.kind {
            PullKind::OrbPull => match &pull.login_step {
                Some(login) => {
                    format!("**Pull:** not authenticated: no earlier `{login}` step logs in.")
                }
                None => "**Pull:** not authenticated: no earlier login in the job.".to_string(),
            },
            PullKind::Shell(_) => {
                "**Pull:** not authenticated: no earlier `docker login` in the job.".to_string()
            }
        }
    } else {
        "**Pull:** no earlier login to Docker Hub in the job.".to_string()
    };
    md.push_str(&status);
    md.push_str(&format!("\n\n---\n\n{}", image_facts(image)));
    // The rate limit is explained by the finding on a pull it concerns.
    md.push_str(&jobs_line(&[pull.job.to_string()], model));
    md
}

const WHY_VARIABLE: &str = "A context gives the secret only to the jobs that list it; a value written here stays in the repository's history.";

const ACCEPTED_FORMS: &str = "Accepted: `$VAR`, `${VAR}`, `<< parameters.x >>`, `<< pipeline.parameters.x >>` or literal text.";

/// The hover for `auth`.
pub fn auth_markdown() -> String {
    format!(
        "**`auth`** · registry login for this image\n\nNeeds `username` and `password`; keep the password in a variable:\n\n```yaml\nauth:\n  username: $DOCKERHUB_USERNAME\n  password: $DOCKERHUB_PASSWORD\n```\n\n---\n\nCircleCI logs in before pulling, as `docker login` would: for Docker Hub (where it lifts the pull limit), Quay, GHCR, GCR, Artifact Registry and others; a private ECR image takes `aws_auth`. {WHY_VARIABLE}"
    )
}

/// The hover for `aws_auth`.
pub fn aws_auth_markdown() -> String {
    format!(
        "**`aws_auth`** · AWS login for a private Amazon ECR image\n\nNeeds `oidc_role_arn` alone, or `aws_access_key_id` and `aws_secret_access_key`, as variables:\n\n```yaml\naws_auth:\n  oidc_role_arn: $AWS_ROLE_ARN\n```\n\n---\n\nCircleCI gets a fresh ECR token with these for every job; the OIDC role needs no stored keys. Without `aws_auth` the pull works only if the project defines AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. {WHY_VARIABLE}"
    )
}

/// One line about a credential key, for completion details.
pub fn key_summary(key: &str) -> &'static str {
    match key {
        "username" => "The registry user name.",
        "password" => "The registry password or access token; reference a variable.",
        "aws_access_key_id" => "The AWS access key id; reference a variable.",
        "aws_secret_access_key" => "The AWS secret access key; reference a variable.",
        "oidc_role_arn" => "The IAM role CircleCI's OIDC token assumes to pull from ECR.",
        _ => "",
    }
}

/// The hover for a key inside `auth` or `aws_auth`.
pub fn credential_key_markdown(key: &str) -> Option<String> {
    let (title, what, example) = match key {
        "username" => (
            "`auth.username`",
            "The user name CircleCI logs in to the registry with. A literal value is fine; a variable (`$DOCKERHUB_USERNAME`) keeps it next to the password. Required together with `password`.",
            "username: $DOCKERHUB_USERNAME",
        ),
        "password" => (
            "`auth.password`",
            "The password or access token for the registry (for Docker Hub, a personal access token works, also with two-factor authentication). Reference a variable, never the literal value. Required together with `username`.",
            "password: $DOCKERHUB_PASSWORD",
        ),
        "aws_access_key_id" => (
            "`aws_auth.aws_access_key_id`",
            "The access key id of an IAM user allowed to pull from the repository. Required together with `aws_secret_access_key`; not allowed with `oidc_role_arn`.",
            "aws_access_key_id: $AWS_ACCESS_KEY_ID",
        ),
        "aws_secret_access_key" => (
            "`aws_auth.aws_secret_access_key`",
            "The secret access key of that IAM user. Reference a variable, never the literal value. Required together with `aws_access_key_id`; not allowed with `oidc_role_arn`.",
            "aws_secret_access_key: $AWS_SECRET_ACCESS_KEY",
        ),
        "oidc_role_arn" => (
            "`aws_auth.oidc_role_arn`",
            "The ARN of an IAM role that trusts CircleCI's OIDC provider; CircleCI assumes it to pull the image, so no AWS keys are stored. Use it alone, without access keys.",
            "oidc_role_arn: $ECR_ROLE_ARN",
        ),
        _ => return None,
    };
    Some(format!(
        "**{title}**\n\n{what}\n\n```yaml\n{example}\n```\n\n{ACCEPTED_FORMS}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    use expect_test::{expect, Expect};

    fn hover_at(fixture: &str) -> String {
        let fixture = crate::test_support::Fixture::new(fixture);
        let text = &fixture.text;
        match hover(&fixture.ctx()) {
            Some(h) => format!("[{}]\n{}", &text[h.span.start..h.span.end], h.markdown),
            None => "none".to_string(),
        }
    }

    fn check(fixture: &str, expect: Expect) {
        expect.assert_eq(&hover_at(fixture));
    }

    const SEED: &str = r#"workflows:
  my-workflow:
    jobs:
      - build:
          context:
            - build-env-vars
            - docker-hub-creds

jobs:
  build:
    docker:
      - image: acme-private/private-image:321
        auth:
          username: mydockerhub-user  # 文字列リテラル値を指定します
          password: $DOCKERHUB_PASSWORD  # または
"#;

    fn at(marker_before: &str) -> String {
        SEED.replacen(marker_before, &format!("$0{marker_before}"), 1)
    }

    #[test]
    fn seed_image() {
        check(
            &at("private-image:321"),
            expect![[r#"
                [acme-private/private-image:321]
                **`acme-private/private-image:321`** · Docker image

                **Pull:** authenticated with `auth`: username `mydockerhub-user`, password `$DOCKERHUB_PASSWORD`.

                ---

                - Registry: Docker Hub (`docker.io`, implied)
                - Repository: `docker.io/acme-private/private-image`
                - Tag: `321`

                Used by: `build` (contexts `build-env-vars`, `docker-hub-creds`)"#]],
        );
    }

    #[test]
    fn seed_auth_key() {
        check(
            &at("auth:"),
            expect![[r#"
                [auth]
                **`auth`** · registry login for this image

                Needs `username` and `password`; keep the password in a variable:

                ```yaml
                auth:
                  username: $DOCKERHUB_USERNAME
                  password: $DOCKERHUB_PASSWORD
                ```

                ---

                CircleCI logs in before pulling, as `docker login` would: for Docker Hub (where it lifts the pull limit), Quay, GHCR, GCR, Artifact Registry and others; a private ECR image takes `aws_auth`. A context gives the secret only to the jobs that list it; a value written here stays in the repository's history."#]],
        );
    }

    #[test]
    fn seed_password_key() {
        check(
            &at("password:"),
            expect![[r#"
                [password]
                **`auth.password`**

                The password or access token for the registry (for Docker Hub, a personal access token works, also with two-factor authentication). Reference a variable, never the literal value. Required together with `username`.

                ```yaml
                password: $DOCKERHUB_PASSWORD
                ```

                Accepted: `$VAR`, `${VAR}`, `<< parameters.x >>`, `<< pipeline.parameters.x >>` or literal text."#]],
        );
    }

    #[test]
    fn seed_variable_with_contexts() {
        check(
            &at("DOCKERHUB_PASSWORD"),
            expect![[r#"
                [$DOCKERHUB_PASSWORD]
                **`$DOCKERHUB_PASSWORD`** · environment variable

                Filled in when the job runs, from a context or a project environment variable; if neither defines `DOCKERHUB_PASSWORD`, the login fails.

                ---

                The config holds only the name, so the secret stays out of the repository.

                Contexts the workflows give the jobs that use it:
                - `build`: `build-env-vars`, `docker-hub-creds`
            "#]],
        );
    }

    #[test]
    fn unauthenticated_docker_hub_image() {
        check(
            "jobs:\n  a:\n    docker:\n      - image: \"redis$0:7\"\n",
            expect![[r#"
                [redis:7]
                **`redis:7`** · Docker image

                **Pull:** not authenticated: this entry has no `auth` or `aws_auth`.

                Add an `auth` block with username and password variables.

                ---

                - Registry: Docker Hub (`docker.io`, implied)
                - Repository: `docker.io/library/redis`
                - Tag: `7`

                Used by: `a`"#]],
        );
    }

    #[test]
    fn ecr_image_outside_us_east_1() {
        check(
            "jobs:\n  a:\n    docker:\n      - image: 1.dkr.ecr.eu-west-1.amazonaws.com/org/app:1$0\n        aws_auth:\n          oidc_role_arn: $ROLE\n",
            expect![[r#"
                [1.dkr.ecr.eu-west-1.amazonaws.com/org/app:1]
                **`1.dkr.ecr.eu-west-1.amazonaws.com/org/app:1`** · Docker image

                **Pull:** authenticated with `aws_auth` through the OIDC role `$ROLE`; CircleCI fetches a fresh ECR token for every job.

                ---

                - Registry: private Amazon ECR (`1.dkr.ecr.eu-west-1.amazonaws.com`)
                - Repository: `1.dkr.ecr.eu-west-1.amazonaws.com/org/app`
                - Tag: `1`
                - Region: `eu-west-1`; a copy in us-east-1, where jobs run, starts faster

                Used by: `a`"#]],
        );
    }

    #[test]
    fn executor_image_used_by_several_jobs() {
        let text = r#"executors:
  node:
    docker:
      - image: cimg/node:20
        auth:
          username: $DOCKERHUB_USERNAME
          password: $DOCKERHUB_PASS$0WORD
jobs:
  a:
    executor: node
    steps: [checkout]
  b:
    executor:
      name: node
    steps: [checkout]
  c:
    executor: node
    steps: [checkout]
workflows:
  w:
    jobs:
      - a:
          context: [docker-hub-creds, build-env-vars]
      - b
"#;
        check(
            text,
            expect![[r#"
                [$DOCKERHUB_PASSWORD]
                **`$DOCKERHUB_PASSWORD`** · environment variable

                Filled in when the job runs, from a context or a project environment variable; if neither defines `DOCKERHUB_PASSWORD`, the login fails.

                ---

                The config holds only the name, so the secret stays out of the repository.

                Contexts the workflows give the jobs that use it:
                - `a`: `docker-hub-creds`, `build-env-vars`
                - `b`: none, so `DOCKERHUB_PASSWORD` must be a project environment variable
                - `c`: not run by any workflow
            "#]],
        );
        check(
            &text.replace("$0", "").replace("node:20", "no$0de:20"),
            expect![[r#"
                [cimg/node:20]
                **`cimg/node:20`** · Docker image

                **Pull:** authenticated with `auth`: username `$DOCKERHUB_USERNAME`, password `$DOCKERHUB_PASSWORD`.

                ---

                - Registry: Docker Hub (`docker.io`, implied)
                - Repository: `docker.io/cimg/node`
                - Tag: `20`

                Defined in executor `node`.

                Used by: `a` (contexts `docker-hub-creds`, `build-env-vars`), `b`, `c`"#]],
        );
    }

    #[test]
    fn literal_secrets_are_never_shown() {
        let h = hover_at("jobs:\n  a:\n    docker:\n      - im$0age: quay.io/o/a\n        auth:\n          username: u\n          password: Zq9xSECRET\n");
        assert!(!h.contains("Zq9xSECRET"), "{h}");
        let h = hover_at("jobs:\n  a:\n    docker:\n      - image: quay.io/o/a$0\n        auth:\n          username: u\n          password: Zq9xSECRET\n");
        assert!(h.contains("a literal value"), "{h}");
        assert!(!h.contains("Zq9xSECRET"), "{h}");
    }

    #[test]
    fn images_and_variables_in_run_steps() {
        check(
            "jobs:\n  a:\n    machine: true\n    steps:\n      - run: |\n          docker login -u $DOCKER_USER -p $DOCKER_PA$0SS\n          docker run -d --name db company/proprietary-db:1.2.3\nworkflows:\n  w:\n    jobs: [a]\n",
            expect![[r#"
                [$DOCKER_PASS]
                **`$DOCKER_PASS`** · environment variable

                Filled in when the job runs, from a context or a project environment variable; if neither defines `DOCKER_PASS`, the login fails.

                ---

                The config holds only the name, so the secret stays out of the repository.

                Contexts the workflows give the jobs that use it:
                - `a`: none, so `DOCKER_PASS` must be a project environment variable
            "#]],
        );
        check(
            "jobs:\n  a:\n    machine: true\n    steps:\n      - run: |\n          docker login -u $DOCKER_USER -p $DOCKER_PASS\n          docker run -d --name db company/propri$0etary-db:1.2.3\n",
            expect![[r#"
                [company/proprietary-db:1.2.3]
                **`company/proprietary-db:1.2.3`** · Docker image, used by `docker run`

                **Pull:** authenticated; an earlier command or step of the job logs in.

                ---

                - Registry: Docker Hub (`docker.io`, implied)
                - Repository: `docker.io/company/proprietary-db`
                - Tag: `1.2.3`

                Used by: `a`"#]],
        );
        check(
            "orbs:\n  docker: circleci/docker@1.4.0\njobs:\n  a:\n    machine: true\n    steps:\n      - docker/pull:\n          images: 'circleci/node:lat$0est'\n",
            expect![[r#"
                [circleci/node:latest]
                **`circleci/node:latest`** · Docker image, pulled by the Docker orb's `pull` step

                **Pull:** not authenticated: no earlier `docker/check` step logs in.

                ---

                - Registry: Docker Hub (`docker.io`, implied)
                - Repository: `docker.io/circleci/node`
                - Tag: `latest`

                Used by: `a`"#]],
        );
    }
}
