//! Structural validation: the config against the knowledge table (unknown keys, types,
//! values, missing keys, duplicates, deprecations).

mod empty;
mod images;
pub(crate) mod jobs_and_steps;
mod rules;
pub mod structure;

#[cfg(test)]
mod cascade_tests;
#[cfg(test)]
mod jobs_and_steps_tests;

pub use rules::RULES;

use crate::diagnostics::Finding;
use crate::model::Model;
use syntax::text::lines::LineIndex;
use syntax::yaml::ParsedYaml;

/// Runs every structural rule over the parsed config.
pub fn check(
    text: &str,
    lines: &LineIndex,
    yaml: &ParsedYaml,
    model: &Model<'_>,
    findings: &mut Vec<Finding>,
) {
    structure::check(text, lines, yaml, model, findings);
    empty::check(text, yaml, findings);
    jobs_and_steps::check(text, model, findings);
    images::check(model, findings);
}
