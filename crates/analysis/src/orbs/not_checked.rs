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
        findings.push(Finding::new(
            &ORB_NOT_CHECKED,
            span,
            fit_message(
                format!(
                    "Not checked: {why}, the newest release of {} circleci-ls knows ({}).",
                    declared.orb, catalog.date
                ),
                &format!("Not checked: {why}, the newest release circleci-ls knows."),
            ),
        ));
    }
}

fn same_major(version: &str, major: u64) -> bool {
    Version::parse(version).is_some_and(|v| v.major == major)
}
