//! Configs across files: CircleCI's dynamic configuration. A setup config (`setup: true`)
//! continues the pipeline with another config, chosen by the path-filtering orb's mapping,
//! named by the continuation orb or orb-tools, or made by a script from fragments; a config
//! may also be packed from a tree of files (`circleci config pack`). This module reads a
//! setup config's plan, decides each file's role in its project, checks setup and
//! continuation configs against each other, and composes configs made of several files so
//! they are analysed as the one config they form.
//!
//! Pure: the workspace (`workspace/project.rs`) gives the files and keeps what is read per
//! text; see docs/dynamic-config.md for what is understood and what is not.

pub mod checks;
pub mod compose;
pub mod mapping;
pub mod parameters;
pub mod plan;
pub mod roles;
pub mod rules;
pub mod script;

pub use rules::RULES;
