//! circleci-ls: a language server for CircleCI configuration files.
//!
//! Analysis is pure (`analysis`, `yaml`, `knowledge`, `model`, `docker`, `features`); only
//! `protocol` knows LSP.

pub mod analysis;
pub mod cli;
pub mod diagnostics;
pub mod docker;
pub mod document;
pub mod features;
pub mod knowledge;
pub mod model;
pub mod protocol;
pub mod rule_registry;
pub mod settings;
#[cfg(test)]
mod test_support;
pub mod text;
pub mod validation;
pub mod yaml;
