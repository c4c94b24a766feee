//! circleci-ls: a language server for CircleCI configuration files.
//!
//! Analysis is pure (`analysis`, `yaml`, `knowledge`, `model`, `docker`, `features`); only
//! `protocol` knows LSP.

pub mod analysis;
pub mod cli;
pub mod diagnostics;
pub(crate) mod docker;
pub mod document;
pub mod features;
pub mod knowledge;
pub(crate) mod model;
pub mod orbs;
pub(crate) mod project_config;
pub(crate) mod protocol;
pub(crate) mod rule_registry;
pub(crate) mod secrets;
pub mod settings;
#[cfg(test)]
mod test_support;
pub mod text;
pub(crate) mod validation;
pub mod yaml;
