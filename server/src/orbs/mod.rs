//! Orb knowledge: the releases of public orbs circleci-ls knows (compiled in) and those the
//! user points it to, how an `orbs:` reference resolves to one, and the checks, completion
//! and hover that read them.

pub mod data;
pub mod generate;
pub mod resolve;

pub use data::{Catalog, Member, MemberKind, Param, Release};
pub use resolve::{resolve, OrbRef, Resolved};

#[cfg(test)]
mod tests;
