//! Structural validation: the config against the knowledge table (unknown keys, types,
//! values, missing keys, duplicates, deprecations).

mod empty;
mod images;
mod jobs_and_steps;
mod rules;
pub mod structure;

#[cfg(test)]
mod cascade_tests;
#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod jobs_and_steps_tests;

pub use rules::RULES;
/// Runs every structural rule over the parsed config.
pub fn check(
    text: &str,
    yaml: &crate::yaml::ParsedYaml,
    findings: &mut Vec<crate::diagnostics::Finding>,
) {
    structure::check(text, yaml, findings);
    empty::check(text, yaml, findings);
    if let Some(root) = yaml.root() {
        jobs_and_steps::check(text, root, findings);
        images::check(root, findings);
    }
}
