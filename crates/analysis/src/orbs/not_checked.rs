//! `orb-not-checked`: a pin newer than circleci-ls's orb data is never silently lenient. What
//! the config uses from it is not checked (members and parameters may have been added since),
//! and one info finding on the version says so and why.

use super::data::Catalog;
use super::declared::DeclaredOrb;
use super::resolve::{Reading, Version, Wanted};
use super::rules::ORB_NOT_CHECKED;
use crate::diagnostics::presentation::fit_message;
use crate::diagnostics::Finding;

pub fn check(catalog: &Catalog, orbs: &[DeclaredOrb], findings: &mut Vec<Finding>) {
    for declared in orbs {
        let Some(resolved) = declared
            .resolved
            .as_ref()
            .filter(|r| r.reading == Reading::NewerThanData)
        else {
            continue;
        };
        let Some(span) = declared.version_span.or(declared.reference_span) else {
            continue;
        };
        let newest = &resolved.release.version;
        let why = match Wanted::parse(&declared.version) {
            Wanted::Volatile => {
                format!("`@volatile` takes the newest release, which may be newer than {newest}")
            }
            Wanted::Exact(v) if !same_major(newest, v.major) => {
                format!("major {} is newer than {newest}", v.major)
            }
            Wanted::Major(major) if !same_major(newest, major) => {
                format!("major {major} is newer than {newest}")
            }
            _ => format!("`{}` is newer than {newest}", declared.version),
        };
        // What to do first: a newer circleci-ls brings newer orb data.
        let (action, short) = match Wanted::parse(&declared.version) {
            Wanted::Volatile => ("Pin a version to have it checked", "Pin a version"),
            _ => ("Update circleci-ls to check it", "Update circleci-ls"),
        };
        findings.push(Finding::new(
            &ORB_NOT_CHECKED,
            span,
            fit_message(
                format!(
                    "{action}: {why}, the newest of {} in its data ({}).",
                    declared.orb, catalog.date
                ),
                &format!("{short} to check it: {why}, the newest in its data."),
            ),
        ));
    }
}

fn same_major(version: &str, major: u64) -> bool {
    Version::parse(version).is_some_and(|v| v.major == major)
}
