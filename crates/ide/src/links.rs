//! Document links: orbs to their registry page, Docker Hub images to their hub page, and the
//! tag argument of a registry orb executor to that tag on its image's hub page.
//!
//! The link covers the name the page is about: `circleci/node` of `circleci/node@5.1.0`, and
//! the image name without tag or digest. Nothing is linked when that name holds a parameter
//! or a variable, because the page it leads to is not known.

use super::outline_config::inner_span;
use analysis::docker::image_ref::{ImageRef, Registry};
use analysis::docker::resolve::DockerModel;
use analysis::model::{DefKind, Model};
use analysis::Analysis;
use syntax::text::references;
use syntax::yaml::{Node, Span};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub span: Span,
    pub target: String,
    pub tooltip: Option<String>,
}

pub fn document_links(analysis: &Analysis) -> Vec<Link> {
    let text: &str = &analysis.text;
    let mut links = Vec::new();
    orbs(analysis.model(), text, &mut links);
    if let Some(docker) = analysis.docker() {
        images(docker, text, &mut links);
        orb_executor_tags(docker, text, &mut links);
    }
    links.sort_by_key(|l| (l.span.start, l.span.end));
    links.dedup_by_key(|l| l.span);
    links
}

/// Orbs the model says the config and its inline orbs declare from the registry.
fn orbs(model: &Model<'_>, text: &str, links: &mut Vec<Link>) {
    let declared = model
        .defs
        .iter()
        .filter(|d| d.kind == DefKind::Orb && !d.copied)
        .filter_map(|d| d.node.filter(|n| n.is_written_here()));
    for value in declared {
        if let Some(link) = orb_link(value, text) {
            links.push(link);
        }
    }
}

/// `namespace/name@version` → the orb's page in the registry.
fn orb_link(value: &Node, text: &str) -> Option<Link> {
    let span = inner_span(value, text)?;
    let written = span.text(text);
    let name = written.split('@').next()?;
    let (namespace, orb) = name.split_once('/')?;
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if !valid(namespace) || !valid(orb) {
        return None;
    }
    Some(Link {
        span: Span::new(span.start, span.start + name.len()),
        target: format!("https://circleci.com/developer/orbs/orb/{namespace}/{orb}"),
        tooltip: Some(format!(
            "Open the `{name}` orb in the CircleCI orb registry"
        )),
    })
}

/// The images of the Docker executor entries jobs and executors run in, as the Docker index
/// found them (a copied entry has the spans of the written one).
fn images(docker: &DockerModel<'_>, text: &str, links: &mut Vec<Link>) {
    for entry in &docker.entries {
        if let Some(link) = image_link(entry.image_value, text) {
            links.push(link);
        }
    }
}

/// A Docker Hub image → `https://hub.docker.com/_/redis` for an official image,
/// `https://hub.docker.com/r/namespace/name` otherwise.
fn image_link(value: &Node, text: &str) -> Option<Link> {
    let span = inner_span(value, text)?;
    let written = span.text(text);
    // Spans of the parsed image are relative to the written string, so it must be the value.
    if value.as_str() != Some(written) {
        return None;
    }
    let image = ImageRef::parse(written)?;
    if image.registry != Registry::DockerHub {
        return None;
    }
    let name_end = image.repository.span.end;
    if references::overlaps_reference(&image.references, Span::new(0, name_end)) {
        return None;
    }
    let (target, shown) = hub_page(&image)?;
    Some(Link {
        span: Span::new(span.start, span.start + name_end),
        target,
        tooltip: Some(format!("Open `{shown}` on Docker Hub")),
    })
}

/// The Docker Hub page of an image's repository, and the name it shows.
fn hub_page(image: &ImageRef) -> Option<(String, String)> {
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            })
    };
    let repository = image.repository.text.as_str();
    let namespace = image.namespace.as_ref().map(|n| n.text.as_str());
    match namespace {
        None | Some("library") if valid(repository) => Some((
            format!("https://hub.docker.com/_/{repository}"),
            repository.to_string(),
        )),
        // Docker Hub repositories have exactly one namespace level.
        Some(ns) if valid(ns) && valid(repository) => Some((
            format!("https://hub.docker.com/r/{ns}/{repository}"),
            format!("{ns}/{repository}"),
        )),
        _ => None,
    }
}

/// The tag argument of a registry orb executor (`tag: "20.11"` under `executor: {name:
/// node/default}`) → that tag on the image's Docker Hub page.
fn orb_executor_tags(docker: &DockerModel<'_>, text: &str, links: &mut Vec<Link>) {
    for orb_image in &docker.orb_images {
        if orb_image.image.registry != Registry::DockerHub {
            continue;
        }
        let Some(tag) = orb_image.image.tag.as_ref() else {
            continue;
        };
        let Some(arg) = orb_image
            .args
            .iter()
            .find(|a| a.is_written_here() && a.as_str() == Some(tag.text.as_str()))
        else {
            continue;
        };
        let Some(span) = inner_span(arg, text).filter(|s| s.text(text) == tag.text) else {
            continue;
        };
        let Some((page, shown)) = hub_page(&orb_image.image) else {
            continue;
        };
        if links.iter().any(|l| l.span == span) {
            continue;
        }
        let valid_tag = tag
            .text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !valid_tag {
            continue;
        }
        links.push(Link {
            span,
            target: format!("{page}/tags?name={}", tag.text),
            tooltip: Some(format!(
                "Open the `{}` tags of `{shown}` on Docker Hub",
                tag.text
            )),
        });
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use analysis::test_support::{analysis, pos};

    fn check(text: &str, expect: Expect) {
        let links = document_links(&analysis(text));
        let out: String = links
            .iter()
            .map(|l| {
                format!(
                    "{} {:?} -> {}\n",
                    pos(text, l.span.start),
                    l.span.text(text),
                    l.target
                )
            })
            .collect();
        expect.assert_eq(&out);
    }

    #[test]
    fn orbs_link_to_the_registry() {
        check(
            r#"orbs:
  node: circleci/node@5.1.0
  quoted: "cimg-ns/some_orb@volatile"
  templated: circleci/<< pipeline.parameters.orb >>@1
  bare: nonsense
  inline:
    orbs:
      aws: circleci/aws-cli@4.1
"#,
            expect![[r#"
                1:8 "circleci/node" -> https://circleci.com/developer/orbs/orb/circleci/node
                2:11 "cimg-ns/some_orb" -> https://circleci.com/developer/orbs/orb/cimg-ns/some_orb
                7:11 "circleci/aws-cli" -> https://circleci.com/developer/orbs/orb/circleci/aws-cli
            "#]],
        );
    }

    #[test]
    fn orb_executor_tags_link_to_their_tags_on_the_hub() {
        check(
            r#"version: 2.1
orbs:
  node: circleci/node@7.2.1
jobs:
  a:
    executor:
      name: node/default
      tag: "20.11"
    steps: [checkout]
  b:
    executor: {name: node/default, tag: << pipeline.parameters.v >>}
    steps: [checkout]
  c:
    executor: node/default
    steps: [checkout]
"#,
            expect![[r#"
                2:8 "circleci/node" -> https://circleci.com/developer/orbs/orb/circleci/node
                7:12 "20.11" -> https://hub.docker.com/r/cimg/node/tags?name=20.11
            "#]],
        );
    }

    #[test]
    fn docker_hub_images_link_to_the_hub() {
        check(
            r#"executors:
  e:
    docker:
      - image: redis:7.2
      - image: cimg/node:<< parameters.tag >>
      - image: docker.io/library/postgres@sha256:abc
      - image: index.docker.io/bitnami/kafka
      - image: "circleci/ruby:2.7"
      - image: quay.io/project/image:tag
      - image: localhost:5000/app
      - image: gcr.io/proj/app:1
      - image: << parameters.image >>
      - image: $IMAGE:latest
      - image: ${ORG}/app
      - image: org/<< parameters.name >>:1
      - image: a/b/c
jobs:
  j:
    steps:
      - docker/build:
          image: not-a-docker-executor
    machine:
      image: ubuntu-2204:current
"#,
            expect![[r#"
                3:15 "redis" -> https://hub.docker.com/_/redis
                4:15 "cimg/node" -> https://hub.docker.com/r/cimg/node
                5:15 "docker.io/library/postgres" -> https://hub.docker.com/_/postgres
                6:15 "index.docker.io/bitnami/kafka" -> https://hub.docker.com/r/bitnami/kafka
                7:16 "circleci/ruby" -> https://hub.docker.com/r/circleci/ruby
            "#]],
        );
    }

    /// An image entry written in an anchor outside any `docker:` key links where it is
    /// written, as the Docker index finds it through the jobs that use it (it had no link).
    #[test]
    fn images_of_anchored_entries_link_where_written() {
        check(
            r#"aliases:
  - &redis
    image: redis:7.2
jobs:
  j:
    docker:
      - *redis
    steps: [checkout]
"#,
            expect![[r#"
                2:11 "redis" -> https://hub.docker.com/_/redis
            "#]],
        );
    }
}
