//! Executor images that are not pinned: no tag (Docker pulls `latest`) or `:latest` itself.
//! A job then runs in whatever the image is that day; a pinned version keeps builds
//! reproducible. When the same file pins the same image elsewhere, a fix uses that version.

use crate::diagnostics::presentation::fit_message;
use std::collections::{BTreeSet, HashSet};

use super::image_ref::ImageRef;
use super::resolve::DockerModel;
use super::rules::UNPINNED_IMAGE;
use crate::diagnostics::{Finding, TextEdit};
use syntax::yaml::source_map::ScalarMap;
use syntax::yaml::Span;

pub fn check(text: &str, model: &DockerModel<'_>, findings: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for entry in &model.entries {
        if !entry.image_value.is_written_here() || !seen.insert(entry.image_value.span) {
            continue;
        }
        let Some(image) = &entry.image else {
            continue;
        };
        if !image.is_known() || !image.references.is_empty() || image.digest.is_some() {
            continue;
        }
        let latest = image.tag.as_ref().is_some_and(|t| t.text == "latest");
        if image.tag.is_some() && !latest {
            continue;
        }
        let name = image.full_name();
        let pinned: BTreeSet<&str> = model
            .entries
            .iter()
            .filter_map(|e| e.image.as_ref())
            .chain(model.pulls.iter().map(|p| &p.image))
            .filter(|other| other.full_name() == name && other.references.is_empty())
            .filter_map(|other| other.tag.as_ref().map(|t| t.text.as_str()))
            .filter(|t| *t != "latest")
            .collect();
        let shown = &image.repository.text;
        let message = if latest {
            fit_message(
                format!("Pin a version tag or a digest: `{shown}:latest` moves with every push."),
                "Pin a version tag or a digest: `latest` moves with every push.",
            )
        } else {
            fit_message(
                format!("Pin a version of `{shown}`: without a tag Docker pulls `latest`, which moves with every push."),
                "Pin a version: without a tag Docker pulls `latest`, which moves with every push.",
            )
        };
        let span = entry.image_span(text);
        let mut finding = Finding::new(&UNPINNED_IMAGE, span, message);
        if let ([version], Some(map)) = (
            pinned.iter().collect::<Vec<_>>().as_slice(),
            ScalarMap::new(text, entry.image_value),
        ) {
            if let Some(edit) = pin_edit(image, &map, version) {
                finding = finding.with_fix(super::fixes::titled(
                    format!("Pin to {version}, as elsewhere in this file"),
                    "Pin the version used elsewhere in this file",
                    vec![edit],
                    true,
                ));
            }
        }
        findings.push(finding);
    }
    orb_images(text, model, findings);
}

/// Orb executor images that pull `latest` or no tag: on the argument that names it when the
/// config gives one, else on the executor name (the orb's default moves; pass a version).
fn orb_images(text: &str, model: &DockerModel<'_>, findings: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for orb_image in &model.orb_images {
        let image = &orb_image.image;
        if !image.is_known() || !image.references.is_empty() || image.digest.is_some() {
            continue;
        }
        let latest = image.tag.as_ref().is_some_and(|t| t.text == "latest");
        if image.tag.is_some() && !latest {
            continue;
        }
        // An orb job run as the orb writes it: only the orb can pin its image.
        if orb_image.run_by.is_some() && orb_image.args.is_empty() {
            continue;
        }
        let shown = &orb_image.text;
        let (node, message) = match orb_image.args.first() {
            Some(arg) => (
                *arg,
                fit_message(
                    format!("Pin a version: `{}` then runs in `{shown}`, which moves with every push.", orb_image.user()),
                    "Pin a version: the executor then runs in a `latest` image, which moves with every push.",
                ),
            ),
            None => (
                orb_image.name_node,
                fit_message(
                    format!("Pass `{}` a version: by default it runs in `{shown}`, which moves with every push.", orb_image.user()),
                    "Pass this orb executor a version: by default it runs in a `latest` image.",
                ),
            ),
        };
        if !node.is_written_here() || !seen.insert(node.span) {
            continue;
        }
        findings.push(Finding::new(
            &UNPINNED_IMAGE,
            super::resolve::value_span(text, node),
            message,
        ));
    }
}

/// Replaces `latest` with `version`, or appends `:version` to an untagged image.
fn pin_edit(image: &ImageRef, map: &ScalarMap, version: &str) -> Option<TextEdit> {
    match &image.tag {
        Some(tag) => Some(TextEdit {
            span: map.span(tag.span)?,
            new_text: version.to_string(),
        }),
        None => Some(TextEdit {
            span: Span::empty(map.offset(image.repository.span.end)?),
            new_text: format!(":{version}"),
        }),
    }
}
