//! Completion inside docker image entries: entry keys, `auth`/`aws_auth` sub-keys, and
//! variable names in credential values. Works from the cursor's text context, so a half-typed
//! or broken document still completes.

use super::keys::KeyPlace;
use crate::completion::{CompletionItem, CompletionKind};
use crate::cursor::{CursorContext, Slot};
use crate::hover::docker as hover;
use crate::FeatureContext;
use analysis::docker::image_ref::{ImageRef, Registry};
use syntax::text::lines;
use syntax::text::references;
use syntax::yaml::PathSegment;

/// Keys of a docker image entry, in the order they are offered.
const ENTRY_KEYS: &[(&str, &str)] = &[
    (
        "image",
        "The image to run, e.g. `cimg/node:20.11` or `quay.io/org/app:1`.",
    ),
    (
        "name",
        "A hostname other containers of the job reach this one at.",
    ),
    ("entrypoint", "Overrides the image's `ENTRYPOINT`."),
    ("command", "Overrides the image's `CMD`."),
    ("user", "The user commands run as inside the container."),
    ("environment", "Environment variables for this container."),
    (
        "auth",
        "Registry credentials (`username`, `password`) to pull the image with.",
    ),
    (
        "aws_auth",
        "AWS credentials to pull a private Amazon ECR image with.",
    ),
    (
        "gcp_auth",
        "OIDC credentials to pull a private Google Artifact Registry image with.",
    ),
];

const AUTH_KEYS: &[&str] = &["username", "password"];
const AWS_KEYS: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "oidc_role_arn",
];

/// Words of CircleCI's own variables that never hold registry credentials.
const BUILTIN_PREFIXES: &[&str] = &["CIRCLE_", "BASH_ENV", "HOME", "PATH", "PWD", "SHELL"];

pub fn complete(ctx: &FeatureContext<'_>, cursor: &CursorContext) -> Vec<CompletionItem> {
    if cursor.in_block_scalar {
        return Vec::new();
    }
    match &cursor.slot {
        Slot::Key if is_entry_path(&cursor.path) => entry_keys(ctx, cursor),
        Slot::Item if is_docker_list_path(&cursor.path) => new_entry_keys(cursor),
        Slot::Key => match credentials_block(&cursor.path) {
            Some("auth") => sub_keys(cursor, AUTH_KEYS),
            Some(_) => sub_keys(cursor, &aws_keys_missing(&cursor.sibling_keys)),
            None => Vec::new(),
        },
        Slot::Value { key } => match credentials_block(&cursor.path) {
            Some(_) if is_credential_key(key) => variable_items(ctx, cursor, key),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// `…/docker/[i]` under a job or executor (config or inline orb).
fn is_entry_path(path: &[PathSegment]) -> bool {
    match path.split_last() {
        Some((PathSegment::Index(_), parent)) => is_docker_list_path(parent),
        _ => false,
    }
}

/// `jobs/<name>/docker` or `executors/<name>/docker`, possibly inside `orbs/<alias>`.
fn is_docker_list_path(path: &[PathSegment]) -> bool {
    let n = path.len();
    if n < 3 {
        return false;
    }
    let (Some(PathSegment::Key(section)), Some(PathSegment::Key(_)), Some(PathSegment::Key(d))) =
        (path.get(n - 3), path.get(n - 2), path.get(n - 1))
    else {
        return false;
    };
    d == "docker"
        && (section == "jobs" || section == "executors")
        && (n == 3
            || matches!(path.get(..n - 3), Some([PathSegment::Key(o), PathSegment::Key(_)]) if o == "orbs"))
}

/// `auth` or `aws_auth` when the path ends at one of them inside an image entry.
fn credentials_block(path: &[PathSegment]) -> Option<&'static str> {
    let (last, parent) = path.split_last()?;
    if !is_entry_path(parent) {
        return None;
    }
    match last {
        PathSegment::Key(k) if k == "auth" => Some("auth"),
        PathSegment::Key(k) if k == "aws_auth" => Some("aws_auth"),
        _ => None,
    }
}

fn is_credential_key(key: &str) -> bool {
    AUTH_KEYS.contains(&key) || AWS_KEYS.contains(&key)
}

/// The `aws_auth` keys still to write: one style only, so that the block stays valid.
fn aws_keys_missing(siblings: &[String]) -> Vec<&'static str> {
    let has = |k: &str| siblings.iter().any(|s| s == k);
    if has("oidc_role_arn") {
        return Vec::new();
    }
    if has("aws_access_key_id") || has("aws_secret_access_key") {
        return AWS_KEYS
            .iter()
            .copied()
            .filter(|k| *k != "oidc_role_arn" && !has(k))
            .collect();
    }
    AWS_KEYS.to_vec()
}

/// The image of the entry the cursor is in: read from the text around the cursor (the entry's
/// lines at the cursor's key column), else from the best parsed tree.
fn entry_image(ctx: &FeatureContext<'_>, cursor: &CursorContext) -> Option<ImageRef> {
    if let Some(s) = image_from_text(ctx.text(), ctx.offset, cursor.indent) {
        return ImageRef::parse(&s);
    }
    let node = cursor.node_in(ctx.best_root()?)?;
    ImageRef::parse(node.get("image")?.as_str()?)
}

/// Scans the lines of the mapping whose keys start at column `indent` around `offset` for an
/// `image:` key and returns its value.
fn image_from_text(text: &str, offset: usize, indent: usize) -> Option<String> {
    let line_start = lines::line_start(text, offset);
    let lines_before: Vec<&str> = lines::lines_with_starts(text.get(..line_start)?)
        .map(|(_, l)| l)
        .collect();
    let after_start = lines::next_line_start(text, offset);
    let lines_after: Vec<&str> = lines::lines_with_starts(text.get(after_start..)?)
        .map(|(_, l)| l)
        .collect();
    let image_on = |line: &str| -> Option<String> {
        let content = line.get(indent..)?;
        let before = line.get(..indent)?;
        if !before.bytes().all(|b| b == b' ' || b == b'-') {
            return None;
        }
        let rest = content.strip_prefix("image:")?;
        let value = rest.split(" #").next().unwrap_or("").trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        (!value.is_empty()).then(|| value.to_string())
    };
    let column_of = |line: &str| line.len() - line.trim_start_matches([' ', '-']).len();
    for line in lines_before.iter().rev() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(v) = image_on(line) {
            return Some(v);
        }
        let starts_item = line.get(..indent).is_some_and(|b| b.contains('-'));
        if column_of(line) < indent || starts_item {
            break;
        }
    }
    for line in lines_after {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let starts_item = line.get(..indent).is_some_and(|b| b.contains('-'));
        if column_of(line) < indent || starts_item {
            break;
        }
        if let Some(v) = image_on(line) {
            return Some(v);
        }
    }
    None
}

/// Variables the conventional names and the file suggest for a registry's credentials.
fn conventional(registry: &Registry, field: &str) -> String {
    let prefix = registry
        .env_prefix()
        .unwrap_or_else(|| "REGISTRY".to_string());
    match field {
        "username" => format!("{prefix}_USERNAME"),
        "password" => format!("{prefix}_PASSWORD"),
        "aws_access_key_id" => "AWS_ACCESS_KEY_ID".to_string(),
        "aws_secret_access_key" => "AWS_SECRET_ACCESS_KEY".to_string(),
        _ => "AWS_ROLE_ARN".to_string(),
    }
}

/// Escapes `$`, `}` and `\` for an LSP snippet.
fn snippet_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn block_snippet(key: &str, lines: &[(&str, String)], place: KeyPlace) -> String {
    let pad = place.child_pad();
    let mut s = format!("{key}:");
    for (i, (k, var)) in lines.iter().enumerate() {
        s.push_str(&format!(
            "\n{pad}{k}: ${{{}:{}}}",
            i + 1,
            snippet_escape(&format!("${var}"))
        ));
    }
    s
}

/// The entry keys still to write. Every credentials block is valid on any image, so each is
/// offered; the one the image's registry takes comes first and is preselected, the others
/// after every other key (an ECR image's `auth` after `aws_auth`, a Docker Hub image's
/// `aws_auth` after `auth`).
fn entry_keys(ctx: &FeatureContext<'_>, cursor: &CursorContext) -> Vec<CompletionItem> {
    let registry = entry_image(ctx, cursor).map_or(Registry::DockerHub, |i| i.registry);
    let fits = credentials_for(&registry);
    let place = KeyPlace::at(ctx.text(), cursor.replace.start);
    let has = |k: &str| cursor.sibling_keys.iter().any(|s| s == k);
    // An image usually has one credentials block: once one is written, the others fit less.
    let fits = if CREDENTIAL_KEYS.iter().any(|k| has(k)) {
        ""
    } else {
        fits
    };
    // The file's own style for `aws_auth`: an OIDC role when it already uses one.
    let oidc = ctx.text().contains("oidc_role_arn:");
    let mut items = Vec::new();
    for (i, (key, doc)) in ENTRY_KEYS.iter().enumerate() {
        if has(key) {
            continue;
        }
        let credentials = CREDENTIAL_KEYS.contains(key);
        let mut item = key_item(key, doc, cursor, i, place, &registry, oidc);
        item.preselect = *key == fits;
        if credentials && *key != fits {
            item.sort_text = Some(format!("1{i}"));
        }
        items.push(item);
    }
    items
}

/// The keys of an image entry that hold registry credentials.
const CREDENTIAL_KEYS: &[&str] = &["auth", "aws_auth", "gcp_auth"];

/// The credentials block a registry takes.
fn credentials_for(registry: &Registry) -> &'static str {
    match registry {
        Registry::Ecr { .. } => "aws_auth",
        Registry::Gcr { .. } | Registry::ArtifactRegistry { .. } => "gcp_auth",
        _ => "auth",
    }
}

fn key_item(
    key: &str,
    doc: &str,
    cursor: &CursorContext,
    order: usize,
    place: KeyPlace,
    registry: &Registry,
    oidc: bool,
) -> CompletionItem {
    let mut item = CompletionItem::new(key, CompletionKind::Key, cursor.replace).detail(doc);
    let child_pad = place.child_pad();
    match key {
        "auth" => {
            let lines = [
                ("username", conventional(registry, "username")),
                ("password", conventional(registry, "password")),
            ];
            item = item
                .snippet(block_snippet("auth", &lines, place))
                .detail("Registry login: username and password variables")
                .documentation(hover::auth_markdown());
        }
        "aws_auth" if oidc => {
            let lines = [("oidc_role_arn", conventional(registry, "oidc_role_arn"))];
            item = item
                .snippet(block_snippet("aws_auth", &lines, place))
                .detail("ECR login through an OIDC role (or access keys)")
                .documentation(hover::aws_auth_markdown());
        }
        "aws_auth" => {
            let lines = [
                (
                    "aws_access_key_id",
                    conventional(registry, "aws_access_key_id"),
                ),
                (
                    "aws_secret_access_key",
                    conventional(registry, "aws_secret_access_key"),
                ),
            ];
            item = item
                .snippet(block_snippet("aws_auth", &lines, place))
                .detail("ECR login with access key variables (or an OIDC role)")
                .documentation(hover::aws_auth_markdown());
        }
        "gcp_auth" => {
            item = item
                .snippet(format!(
                    "gcp_auth:\n{child_pad}oidc_service_account: $1\n{child_pad}workload_identity_pool: $2\n{child_pad}workload_identity_provider: $3"
                ))
                .detail("Artifact Registry login through an OIDC service account");
        }
        "environment" => {
            item = item.snippet(format!("environment:\n{child_pad}${{1:NAME}}: $2"));
        }
        _ => item = item.snippet(format!("{key}: $0")),
    }
    item.sort_text = Some(format!("0{order}"));
    item.filter_text = Some(key.to_string());
    item
}

/// A new entry's first key after `- ` in a `docker:` list: `image` first.
fn new_entry_keys(cursor: &CursorContext) -> Vec<CompletionItem> {
    let mut item = CompletionItem::new("image", CompletionKind::Key, cursor.replace)
        .detail(ENTRY_KEYS.first().map_or("", |(_, d)| *d))
        .snippet("image: $0");
    item.preselect = true;
    item.sort_text = Some("00".to_string());
    vec![item]
}

fn sub_keys(cursor: &CursorContext, keys: &[&str]) -> Vec<CompletionItem> {
    keys.iter()
        .enumerate()
        .filter(|(_, k)| !cursor.sibling_keys.iter().any(|s| s == *k))
        .map(|(i, k)| {
            let mut item = CompletionItem::new(*k, CompletionKind::Key, cursor.replace)
                .detail(hover::key_summary(k))
                .documentation(hover::credential_key_markdown(k).unwrap_or_default())
                .snippet(format!("{k}: $0"));
            // Variable names follow.
            item.retrigger = true;
            item.sort_text = Some(format!("0{i}"));
            item.filter_text = Some(k.to_string());
            item
        })
        .collect()
}

/// `$NAME` for every environment variable the file already uses (credential-looking names
/// for this field first), plus the conventional name for the image's registry.
fn variable_items(
    ctx: &FeatureContext<'_>,
    cursor: &CursorContext,
    field: &str,
) -> Vec<CompletionItem> {
    let mut names: Vec<String> = Vec::new();
    for r in references::find_references(ctx.text()) {
        // The word being typed is not a name the file uses.
        if r.span.start < cursor.replace.end && cursor.replace.start <= r.span.start {
            continue;
        }
        if let references::ReferenceKind::EnvVar { name } = r.kind {
            let builtin = BUILTIN_PREFIXES.iter().any(|p| name.starts_with(p));
            if !builtin && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    let registry = image_for_value(ctx, cursor).map_or(Registry::DockerHub, |i| i.registry);
    let suggested = conventional(&registry, field);
    let used_suggested = names.contains(&suggested);
    if !used_suggested {
        names.push(suggested.clone());
    }
    // A name that reads as another field's (`$DOCKERHUB_USERNAME` for `password`) is not
    // offered; the suggested name always is.
    names.retain(|n| *n == suggested || !belongs_to_other_field(n, field));
    let words = field_words(field);
    let registry_words = registry_words(&registry);
    let mut items: Vec<CompletionItem> = names
        .into_iter()
        .map(|name| {
            // Names of this registry holding this field first, then either, then the rest.
            let relevant = words.iter().any(|w| name.contains(w));
            let same_registry = registry_words.iter().any(|w| name.contains(w.as_str()));
            let rank = match (same_registry, relevant) {
                (true, true) => '0',
                (true, false) => '1',
                (false, true) => '2',
                (false, false) => '3',
            };
            let label = format!("${name}");
            let mut item =
                CompletionItem::new(label.clone(), CompletionKind::Variable, cursor.replace)
                    .detail(if name == suggested && !used_suggested {
                        "conventional name; define it in a context or project settings".to_string()
                    } else {
                        "used in this file".to_string()
                    })
                    .documentation(hover::variable_markdown(&name, &[]));
            // A name the file already uses beats the conventional one.
            let used = if name == suggested && !used_suggested {
                '1'
            } else {
                '0'
            };
            item.sort_text = Some(format!("{rank}{used}{name}"));
            item.filter_text = Some(label);
            item
        })
        .collect();
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
    if let Some(first) = items.first_mut() {
        first.preselect = true;
    }
    items
}

/// The image of the entry holding the `auth`/`aws_auth` block the cursor writes in.
fn image_for_value(ctx: &FeatureContext<'_>, cursor: &CursorContext) -> Option<ImageRef> {
    // The block's key sits two columns left of its sub-keys, at the entry's key column.
    let entry_indent = cursor.indent.checked_sub(2)?;
    if let Some(s) = image_from_text(ctx.text(), ctx.offset, entry_indent) {
        return ImageRef::parse(&s);
    }
    let path = cursor.path.get(..cursor.path.len().checked_sub(1)?)?;
    let node = crate::cursor::node_at(ctx.best_root()?, path)?;
    ImageRef::parse(node.get("image")?.as_str()?)
}

/// Name fragments that suggest a variable belongs to this registry.
fn registry_words(registry: &Registry) -> Vec<String> {
    let mut words: Vec<String> = registry.env_prefix().into_iter().collect();
    match registry {
        Registry::DockerHub => words.push("DOCKER".to_string()),
        Registry::Ecr { .. } | Registry::EcrPublic => words.push("AWS".to_string()),
        Registry::Ghcr => words.push("GITHUB".to_string()),
        Registry::Gcr { .. } | Registry::ArtifactRegistry { .. } => {
            words.push("GCLOUD".to_string());
            words.push("GCP".to_string());
        }
        _ => {}
    }
    words
}

/// True when `name` has words of another field of the same block and none of `field`'s own.
fn belongs_to_other_field(name: &str, field: &str) -> bool {
    let block: &[&str] = if AUTH_KEYS.contains(&field) {
        AUTH_KEYS
    } else {
        AWS_KEYS
    };
    let mentions = |f: &str| field_words(f).iter().any(|w| name.contains(w));
    !mentions(field) && block.iter().any(|other| *other != field && mentions(other))
}

/// Name fragments that suggest a variable holds this field's value.
fn field_words(field: &str) -> &'static [&'static str] {
    match field {
        "username" => &["USER", "LOGIN", "ID"],
        "password" => &["PASS", "TOKEN", "PAT", "SECRET", "KEY"],
        "aws_access_key_id" => &["ACCESS_KEY_ID", "KEY_ID"],
        "aws_secret_access_key" => &["SECRET"],
        _ => &["ROLE", "ARN"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use expect_test::{expect, Expect};

    /// Completes at `$0` and lists `label [kind] insert` lines, preselected items marked `*`.
    fn complete_at(fixture: &str) -> String {
        let fixture = crate::test_support::Fixture::new(fixture);
        let ctx = fixture.ctx();
        let cursor = CursorContext::at(&fixture.text, fixture.offset);
        let mut items = complete(&ctx, &cursor);
        items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text).then(a.label.cmp(&b.label)));
        items
            .iter()
            .map(|i| {
                format!(
                    "{}{} {:?}",
                    if i.preselect { "*" } else { "" },
                    i.label,
                    i.insert_text
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn check(fixture: &str, expect: Expect) {
        expect.assert_eq(&complete_at(fixture));
    }

    #[test]
    fn entry_keys_for_docker_hub() {
        check(
            r#"jobs:
  build:
    docker:
      - image: cimg/node:20
        $0
    steps: [checkout]
"#,
            expect![[r#"
                name "name: $0"
                entrypoint "entrypoint: $0"
                command "command: $0"
                user "user: $0"
                environment "environment:\n  ${1:NAME}: $2"
                *auth "auth:\n  username: ${1:\\$DOCKERHUB_USERNAME}\n  password: ${2:\\$DOCKERHUB_PASSWORD}"
                aws_auth "aws_auth:\n  aws_access_key_id: ${1:\\$AWS_ACCESS_KEY_ID}\n  aws_secret_access_key: ${2:\\$AWS_SECRET_ACCESS_KEY}"
                gcp_auth "gcp_auth:\n  oidc_service_account: $1\n  workload_identity_pool: $2\n  workload_identity_provider: $3""#]],
        );
    }

    #[test]
    fn entry_keys_for_ecr_in_a_broken_document() {
        check(
            r#"executors:
  aws:
    docker:
      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1
        name: app
        a$0
jobs:
  build:
    executor: aws
    steps: [
"#,
            expect![[r#"
                entrypoint "entrypoint: $0"
                command "command: $0"
                user "user: $0"
                environment "environment:\n  ${1:NAME}: $2"
                *aws_auth "aws_auth:\n  aws_access_key_id: ${1:\\$AWS_ACCESS_KEY_ID}\n  aws_secret_access_key: ${2:\\$AWS_SECRET_ACCESS_KEY}"
                auth "auth:\n  username: ${1:\\$ECR_USERNAME}\n  password: ${2:\\$ECR_PASSWORD}"
                gcp_auth "gcp_auth:\n  oidc_service_account: $1\n  workload_identity_pool: $2\n  workload_identity_provider: $3""#]],
        );
    }

    #[test]
    fn first_key_of_a_new_entry() {
        check(
            "jobs:\n  build:\n    docker:\n      - $0\n",
            expect![[r#"*image "image: $0""#]],
        );
    }

    #[test]
    fn auth_sub_keys_only_missing() {
        check(
            r#"jobs:
  build:
    docker:
      - image: quay.io/org/app:1
        auth:
          username: $QUAY_USERNAME
          $0
"#,
            expect![[r#"password "password: $0""#]],
        );
        check(
            r#"jobs:
  build:
    docker:
      - image: 1.dkr.ecr.us-east-1.amazonaws.com/app
        aws_auth:
          aws_access_key_id: $K
          $0
    steps: [
"#,
            expect![[r#"aws_secret_access_key "aws_secret_access_key: $0""#]],
        );
        check(
            r#"jobs:
  build:
    docker:
      - image: 1.dkr.ecr.us-east-1.amazonaws.com/app
        aws_auth:
          $0
"#,
            expect![[r#"
                aws_access_key_id "aws_access_key_id: $0"
                aws_secret_access_key "aws_secret_access_key: $0"
                oidc_role_arn "oidc_role_arn: $0""#]],
        );
    }

    #[test]
    fn variables_in_credential_values() {
        check(
            r#"jobs:
  a:
    docker:
      - image: cimg/base:stable
        auth:
          username: $DOCKER_USER
          password: $DOCKER_PASS
    steps:
      - run: echo "$GITHUB_TOKEN" | docker login ghcr.io -u x --password-stdin && echo $CIRCLE_SHA1
  b:
    docker:
      - image: quay.io/org/app:1
        auth:
          username: robot
          password: $$0
"#,
            expect![[r#"
                *$QUAY_PASSWORD "$QUAY_PASSWORD"
                $DOCKER_PASS "$DOCKER_PASS"
                $GITHUB_TOKEN "$GITHUB_TOKEN""#]],
        );
    }

    #[test]
    fn variables_while_typing_in_a_broken_document() {
        check(
            r#"jobs:
  a:
    docker:
      - image: cimg/base:stable
        auth:
          username: $DOCKER_USER
          password: $DOCK$0
    steps:
      - run: echo "$DOCKER_PASS" | docker login -u "$DOCKER_USER" --password-stdin
      - run: [
"#,
            expect![[r#"
                *$DOCKER_PASS "$DOCKER_PASS"
                $DOCKERHUB_PASSWORD "$DOCKERHUB_PASSWORD""#]],
        );
    }

    #[test]
    fn nothing_outside_image_entries() {
        check("jobs:\n  build:\n    $0\n", expect![[""]]);
        check(
            "jobs:\n  build:\n    machine:\n      image: ubuntu-2204:current\n      $0\n",
            expect![[""]],
        );
        check(
            "jobs:\n  build:\n    docker:\n      - image: x\n    steps:\n      - run: |\n          docker pull $0\n",
            expect![[""]],
        );
    }
}
