//! The text toolkit (spans, lines, positions, edits, templates) and the spanned YAML tree that
//! every layer above reads. Pure: text in, values out.

pub mod text;
pub mod yaml;
