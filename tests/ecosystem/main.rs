//! The ecosystem suite: circleci-ls on data from outside this repository — 70 real public
//! CircleCI configs (../shared/corpus), the CircleCI and SARIF JSON schemas, and the packed
//! sources of public orbs. It fails when that data is missing; `cargo test` alone never needs
//! it. Run it with `cargo test -p circleci-ls --features ecosystem --test ecosystem` (`.ci/run`
//! does).

// Test code: a failed expectation should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../server/tests/common/mod.rs"]
mod common;
mod data;

mod analysis_corpus;
mod cli;
mod completion_corpus;
mod corpus;
mod features_corpus;
mod fix_safety;
mod incremental;
mod line_endings;
mod orb_data;
mod projects;
mod properties;
mod schema_coverage;
