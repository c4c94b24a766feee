//! The docker rules: rate limits, literal secrets, malformed credentials, ECR access and
//! `docker login` passwords, with their quick-fixes. This file runs them and checks executor
//! images; the credential blocks, ECR and step checks are in files of their own.

use std::collections::HashSet;

use super::fixes;
use super::image_ref::Registry;
use super::known_vars::{Field, KnownVars};
use super::resolve::{self, DockerModel, ImageEntry, OrbImage};
use super::rules::{DOCKER_HUB_RATE_LIMIT, INVALID_AUTH};
use crate::diagnostics::presentation::fit_message;
use crate::diagnostics::{Finding, Fix};
use syntax::text::lines::LineIndex;
use syntax::yaml::source_map::ScalarMaps;
use syntax::yaml::{Node, Span};

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
    let mut seen_orb_images = HashSet::new();
    for image in &model.orb_images {
        if seen_orb_images.insert((image.name_node.span, image.text.as_str())) {
            checker.orb_image(image, &mut out);
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
    let merged = merge_duplicates(out);
    // Moved, not copied, when nothing came before: one list of 120,000 findings at a time.
    if findings.is_empty() {
        *findings = merged;
    } else {
        findings.extend(merged);
    }
}

/// Joins findings reported at one written span (an anchored image reached by several
/// entries): one finding whose fixes edit every entry, so applying it clears the finding.
/// The findings keep their order; a 120,000-line script's pulls are merged in place, with
/// no second list or copied messages.
fn merge_duplicates(mut findings: Vec<Finding>) -> Vec<Finding> {
    fn key(f: &Finding) -> (&'static str, Span, &str) {
        (f.code, f.span, f.message.as_str())
    }
    // Sorted by key, stably: duplicates are neighbours, the first written first.
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| findings.get(a).map(key).cmp(&findings.get(b).map(key)));
    let mut dropped = vec![false; findings.len()];
    let mut first: Option<usize> = None;
    for &i in &order {
        let same = first.is_some_and(|f| findings.get(f).map(key) == findings.get(i).map(key));
        let Some(into) = first.filter(|_| same) else {
            first = Some(i);
            continue;
        };
        let fixes = findings
            .get_mut(i)
            .map(|f| std::mem::take(&mut f.fixes))
            .unwrap_or_default();
        if let Some(existing) = findings.get_mut(into) {
            existing.fixes = merged_fixes(&existing.fixes, &fixes);
        }
        if let Some(d) = dropped.get_mut(i) {
            *d = true;
        }
    }
    let mut dropped = dropped.into_iter();
    findings.retain(|_| !dropped.next().unwrap_or(false));
    findings
}

/// The fixes of two findings at one span: each fix both have (by title) with the edits of
/// both, unless they overlap.
fn merged_fixes(existing: &[Fix], other: &[Fix]) -> Vec<Fix> {
    let mut fixes = Vec::new();
    for fix in existing {
        let Some(other) = other.iter().find(|o| o.title == fix.title) else {
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
    fixes
}

pub(super) struct Checker<'c> {
    pub(super) text: &'c str,
    pub(super) lines: &'c LineIndex,
    pub(super) vars: &'c KnownVars,
    /// One map per script, however many commands it holds.
    pub(super) maps: ScalarMaps,
    pub(super) scope: &'c RateLimitScope,
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
                    "Keep `aws_auth` for a private ECR image, `auth` otherwise: an image takes one, not both.",
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
                    f = f.with_fix(fixes::titled(
                        format!("Add auth with ${user} and ${pass}"),
                        "Add Docker Hub credentials (auth)",
                        edits,
                        true,
                    ));
                }
                out.push(f);
            }
            Registry::Ecr { .. } => {
                if entry.aws_auth.is_none() {
                    out.push(self.ecr_needs_aws_auth(entry, image, span));
                }
                if let Some(f) = self.ecr_region(entry, image, span) {
                    out.push(f);
                }
            }
            _ => {}
        }
    }

    /// The document span of `sub` (relative to the image string) inside an image scalar.
    pub(super) fn image_subspan(&self, node: &Node, sub: Span) -> Option<Span> {
        self.maps.get(self.text, node)?.span(sub)
    }

    /// A Docker Hub image of a registry orb executor without credentials, where pulls are
    /// limited now. The config cannot add `auth` to it, so the message says what can be done.
    fn orb_image(&self, image: &OrbImage<'_>, out: &mut Vec<Finding>) {
        if image.auth
            || image.image.registry != Registry::DockerHub
            || !image.jobs.iter().any(|j| self.scope.job_runs(j))
        {
            return;
        }
        let Some(severity) = self.scope.orb_executor_image() else {
            return;
        };
        let span = resolve::value_span(self.text, image.name_node);
        out.push(
            Finding::new(
                &DOCKER_HUB_RATE_LIMIT,
                span,
                match &image.run_by {
                    None => fit_message(
                        format!(
                            "Use `docker:` with `auth`: `{}` pulls `{}` from Docker Hub without credentials, limited here.",
                            image.executor, image.text
                        ),
                        "Use a `docker:` executor with `auth`: this orb executor pulls from Docker Hub, rate-limited here.",
                    ),
                    Some(job) => fit_message(
                        format!(
                            "Give `{job}` an executor with `auth`: it pulls `{}` from Docker Hub, rate-limited here.",
                            image.text
                        ),
                        "Give this orb job an executor with `auth`: it pulls from Docker Hub, rate-limited here.",
                    ),
                },
            )
            .with_severity(severity),
        );
    }
}
