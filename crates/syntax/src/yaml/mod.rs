//! The YAML layer: text in, a spanned and alias-resolved tree plus syntax errors out.
//! Parsing never fails and never panics.

mod aliases;
mod ast;
pub mod booleans;
mod comments;
mod parse;
mod reparse;
pub mod source_map;
mod syntax_messages;

pub use ast::*;
pub use parse::{parse, parse_shared};
pub use reparse::{reparse, reparse_incrementally, Reparse};

#[cfg(test)]
mod tests;
