//! The text toolkit: positions, line ends, value-to-source maps and "did you mean", below
//! every other module.

pub mod edits;
pub mod lines;
pub mod positions;
pub mod source_map;
pub mod suggest;
pub mod template;
