//! The YAML layer: text in, a spanned and alias-resolved tree plus syntax errors out.
//! Parsing never fails and never panics.

mod aliases;
mod ast;
pub mod booleans;
mod comments;
mod parse;
pub mod source_map;
mod syntax_messages;

pub use ast::*;
pub use parse::{parse, parse_shared};

#[cfg(test)]
mod tests;
