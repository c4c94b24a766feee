//! The text toolkit: positions, line ends, value-to-source maps and "did you mean", below
//! every other module.

pub(crate) mod edits;
pub(crate) mod forward_search;
pub(crate) mod lines;
pub mod positions;
pub(crate) mod source_map;
pub(crate) mod suggest;
pub(crate) mod template;
