//! Orb knowledge: the releases of public orbs circleci-ls knows (compiled in) and those the
//! user points it to, how an `orbs:` reference resolves to one, and the checks, completion
//! and hover that read them.

pub mod data;
pub mod declared;
pub mod dev;
pub(crate) mod docker_view;
pub mod generate;
pub(crate) mod members;
mod not_checked;
mod packed;
pub(crate) mod range_view;
pub mod resolve;
pub(crate) mod rules;
pub(crate) mod secrets;
pub(crate) mod updates;
pub mod user;

pub use data::{Catalog, Member, MemberKind, Param, Release};
pub use resolve::{resolve, OrbRef, Resolved};
pub use rules::RULES;
pub use user::{OrbCatalog, OrbFolder, OrbReleaseText};

use crate::diagnostics::Finding;
use crate::model::index::{DefKind, Model};
use crate::model::Extent;

/// Runs the orb rules: members and arguments checked against the orb data, literal
/// credentials in orb parameters, newer releases. While a syntax error cuts the tree short,
/// nothing is said about what is missing.
pub fn check(model: &Model<'_>, catalog: &Catalog, extent: Extent, findings: &mut Vec<Finding>) {
    if !model.defs.iter().any(|d| d.kind == DefKind::Orb) {
        return;
    }
    let orbs = declared::declared_orbs(model, catalog);
    members::check(model, catalog, &orbs, extent, findings);
    secrets::check(model, &orbs, findings);
    updates::check(model, catalog, &orbs, findings);
    not_checked::check(catalog, &orbs, findings);
}

#[cfg(test)]
mod check_tests;
#[cfg(test)]
mod docker_view_tests;
#[cfg(test)]
mod packed_tests;
