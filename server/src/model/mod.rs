//! The config's definitions and references: jobs, commands, executors, parameters, orbs,
//! anchors, and where each is used.

pub mod completion;
pub mod hover;
