//! Structural validation: the config against the knowledge table (unknown keys, types,
//! values, missing keys, duplicates, deprecations).

mod rules;
pub mod structure;

#[cfg(test)]
mod cascade_tests;
#[cfg(test)]
mod corpus_tests;

pub use rules::RULES;
pub use structure::check;
