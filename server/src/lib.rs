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
pub mod line_index;
pub mod model;
pub mod protocol;
pub mod settings;
pub mod yaml;
