//! Orb knowledge: the releases of public orbs circleci-ls knows (compiled in) and those the
//! user points it to, how an `orbs:` reference resolves to one, and the checks, completion
//! and hover that read them.

pub mod data;
pub mod declared;
pub mod dev;
pub mod generate;
pub mod members;
pub mod resolve;
pub mod rules;
pub mod secrets;
pub mod updates;
pub mod user;

pub use data::{Catalog, Member, MemberKind, Param, Release};
pub use resolve::{resolve, OrbRef, Resolved};
pub use rules::RULES;
pub use user::OrbCatalog;

use crate::diagnostics::Finding;
use crate::model::index::{DefKind, Model};

/// Runs the orb rules: members and arguments checked against the orb data, literal
/// credentials in orb parameters, newer releases. `complete` is false while a syntax error
/// cuts the tree short; nothing is then said about what is missing.
pub fn check(model: &Model<'_>, catalog: &Catalog, complete: bool, findings: &mut Vec<Finding>) {
    if !model.defs.iter().any(|d| d.kind == DefKind::Orb) {
        return;
    }
    let orbs = declared::declared_orbs(model, catalog);
    members::check(model, catalog, &orbs, complete, findings);
    secrets::check(model, &orbs, findings);
    updates::check(catalog, &orbs, findings);
}

#[cfg(test)]
mod check_tests;
#[cfg(test)]
mod dev_tests;
#[cfg(test)]
mod tests;
