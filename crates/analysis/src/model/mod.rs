//! The config's definitions and references: jobs, commands, executors, parameters, orbs,
//! anchors, and where each is used.

mod check;
mod create_fix;
mod definitions;
mod defs;
mod expand;
mod extent;
#[cfg(any(test, feature = "test-support"))]
pub mod fixture_table;
pub mod index;
mod job_groups;
mod parameter_types;
pub mod parameter_values;
mod requires_cycles;
pub mod rules;
pub mod sections;
pub(crate) mod suggestions;
mod template;
mod undefined;
mod unused;
pub mod usage;
mod walk;

#[cfg(test)]
pub(crate) mod tests;

pub use index::{DefId, DefKind, Model};
pub use rules::RULES;

pub use check::check;
pub use extent::Extent;
