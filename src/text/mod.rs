//! The text toolkit: spans, positions, line ends, edits, `$VAR` and `<< >>` references,
//! escaping for terminals and "did you mean", below every other module.

pub(crate) mod edits;
pub(crate) mod escape;
pub(crate) mod forward_search;
pub(crate) mod lines;
pub mod positions;
pub(crate) mod references;
pub mod span;
pub(crate) mod suggest;
pub(crate) mod template;
