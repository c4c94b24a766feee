//! The config's definitions and references: jobs, commands, executors, parameters, orbs,
//! anchors, and where each is used.

mod create_fix;
pub mod definitions;
pub mod defs;
pub mod index;
pub mod job_groups;
pub mod parameter_types;
pub mod rules;
pub mod sections;
pub mod template;
pub mod usage;
mod walk;

#[cfg(test)]
pub(crate) mod tests;

pub use index::{DefId, DefKind, Model};
pub use rules::RULES;

pub use rules::{check_model as check, Extent};
