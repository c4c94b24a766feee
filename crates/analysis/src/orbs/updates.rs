//! `orb-update`: a newer release of a declared orb is known.
//!
//! A newer release of the same major is an unsafe fix (`fix --unsafe-fixes` applies it): the
//! interface stays, but what the orb runs changes. A new major is never applied unasked: the
//! editor offers it, with what changes for this config's uses (members and parameters the new
//! major no longer has, required parameters it adds) as related locations.

use super::data::{Catalog, Member, Release};
use super::declared::{self, DeclaredOrb};
use super::resolve::{newer_releases, OrbRef};
use super::rules::ORB_UPDATE;
use crate::diagnostics::presentation::fit_title;
use crate::diagnostics::{Finding, Fix, Related, TextEdit};
use crate::model::index::{Model, Target};
use syntax::yaml::Span;

pub fn check(
    model: &Model<'_>,
    catalog: &Catalog,
    orbs: &[DeclaredOrb],
    findings: &mut Vec<Finding>,
) {
    for declared in orbs {
        if let Some(f) = update(model, catalog, declared) {
            findings.push(f);
        }
    }
}

fn update(model: &Model<'_>, catalog: &Catalog, declared: &DeclaredOrb) -> Option<Finding> {
    let span = declared.version_span?;
    let reference = declared.reference();
    let r = OrbRef::parse(&reference)?;
    let (newest_major, in_major) = newer_releases(catalog, &r);
    let mut parts = Vec::new();
    let mut fixes = Vec::new();
    let mut related = Vec::new();
    if let Some(rel) = &in_major {
        parts.push(format!("{} (same major)", rel.version));
        fixes.push(version_fix(&written(declared, &rel.version), span, None));
    }
    if let Some(rel) = &newest_major {
        related = changes(model, declared, rel);
        parts.push(format!("{} (new major)", rel.version));
        fixes.push(version_fix(
            &written(declared, &rel.version),
            span,
            Some(related.len()),
        ));
    }
    if parts.is_empty() {
        return None;
    }
    let mut f = Finding::new(
        &ORB_UPDATE,
        span,
        crate::diagnostics::presentation::fit_message(
            format!(
                "Update to {}: newer releases of {} are known (data {}).",
                parts.join(" or "),
                declared.orb,
                catalog.date
            ),
            &format!(
                "Update to {}: newer releases are known.",
                parts.join(" or ")
            ),
        ),
    );
    f.fixes = fixes;
    f.related = related;
    Some(f)
}

/// A version pinned to a major or minor keeps that precision.
fn written(declared: &DeclaredOrb, version: &str) -> String {
    let parts = declared.version.split('.').count();
    version.split('.').take(parts).collect::<Vec<_>>().join(".")
}

/// The fix to `version`: preferred within the major; for a new major (`changes` uses that
/// change) offered to a person only.
fn version_fix(version: &str, span: Span, new_major: Option<usize>) -> Fix {
    let title = match new_major {
        None => format!("Change the version to {version}"),
        Some(0) => format!("Change to {version} (new major; no use here changes)"),
        Some(1) => format!("Change to {version} (new major; 1 use here changes)"),
        Some(n) => format!("Change to {version} (new major; {n} uses here change)"),
    };
    Fix {
        title: fit_title(title, "Change to the new major"),
        edits: vec![TextEdit {
            span,
            new_text: version.to_string(),
        }],
        preferred: new_major.is_none(),
    }
}

/// What changes for this config's uses of the orb in `target`: members it no longer has,
/// arguments it no longer takes, required parameters it adds. One related location each.
fn changes(model: &Model<'_>, declared: &DeclaredOrb, target: &Release) -> Vec<Related> {
    let mut out = Vec::new();
    for r in &model.refs {
        if r.target != (Target::OrbMember { orb: declared.def }) || r.copied {
            continue;
        }
        let (Some(kind), Some((_, member))) =
            (declared::member_kind(r.kind), r.name.split_once('/'))
        else {
            continue;
        };
        if target.member(kind, member).is_none() {
            out.push(Related {
                span: r.full_span,
                message: format!("{} has no {} `{member}`", target.version, kind.noun()),
            });
        }
    }
    for call in &model.orb_calls {
        if call.orb != declared.def {
            continue;
        }
        let Some(reference) = model.refs.get(call.reference).filter(|r| !r.copied) else {
            continue;
        };
        let Some((kind, member)) = declared::member_kind(reference.kind)
            .zip(reference.name.split_once('/').map(|(_, m)| m))
        else {
            continue;
        };
        if let Some(new) = target.member(kind, member) {
            call_changes(call, reference.full_span, new, &target.version, &mut out);
        }
    }
    out.sort_by_key(|r| (r.span.start, r.span.end));
    out
}

/// The arguments of one call `new` no longer takes and the required parameters it adds.
fn call_changes(
    call: &crate::model::index::OrbCall<'_>,
    span: Span,
    new: &Member,
    version: &str,
    out: &mut Vec<Related>,
) {
    for arg in &call.passed.args {
        let Some(name) = arg.key.as_str().filter(|n| !n.contains("<<")) else {
            continue;
        };
        if new.param(name).is_none() && arg.key.is_written_here() {
            out.push(Related {
                span: arg.key.span,
                message: format!("{version} has no parameter `{name}` here"),
            });
        }
    }
    if !call.passed.known {
        return;
    }
    let given: Vec<&str> = call.passed.names().collect();
    for p in new.params.iter().filter(|p| p.required()) {
        if !given.contains(&p.name.as_str()) {
            out.push(Related {
                span,
                message: format!("{version} requires parameter `{}`", p.name),
            });
        }
    }
}
