//! The text toolkit: spans, positions, line ends, edits, `$VAR` and `<< >>` references,
//! escaping for terminals and "did you mean", below every other module.

pub mod edits;
pub mod escape;
pub(crate) mod forward_search;
pub mod lines;
pub mod positions;
pub mod references;
pub mod shared_str;
pub mod span;
pub mod suggest;
pub mod template;
