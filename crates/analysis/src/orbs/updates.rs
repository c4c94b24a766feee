//! `orb-update`: a newer release of a declared orb is known.

use super::data::Catalog;
use super::declared::DeclaredOrb;
use super::resolve::{newer_releases, OrbRef};
use super::rules::ORB_UPDATE;
use crate::diagnostics::{Finding, Fix, TextEdit};

pub fn check(catalog: &Catalog, orbs: &[DeclaredOrb], findings: &mut Vec<Finding>) {
    for declared in orbs {
        let Some(span) = declared.version_span else {
            continue;
        };
        let reference = declared.reference();
        let Some(r) = OrbRef::parse(&reference) else {
            continue;
        };
        let (newest_major, in_major) = newer_releases(catalog, &r);
        // A version pinned to a major or minor keeps that precision.
        let written = |version: &str| -> String {
            let parts = declared.version.split('.').count();
            version.split('.').take(parts).collect::<Vec<_>>().join(".")
        };
        let mut parts = Vec::new();
        let mut fixes = Vec::new();
        if let Some(rel) = &in_major {
            parts.push(format!("{} (same major)", rel.version));
            fixes.push(fix(&written(&rel.version), span, true));
        }
        if let Some(rel) = &newest_major {
            parts.push(format!("{} (new major)", rel.version));
            fixes.push(fix(&written(&rel.version), span, in_major.is_none()));
        }
        if parts.is_empty() {
            continue;
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
        findings.push(f);
    }
}

fn fix(version: &str, span: syntax::yaml::Span, preferred: bool) -> Fix {
    Fix {
        title: format!("Change the version to {version}"),
        edits: vec![TextEdit {
            span,
            new_text: version.to_string(),
        }],
        preferred,
    }
}
