//! Where the cursor is in the config, read from the text's indentation so that it works while
//! the YAML is half-typed or broken.

use crate::yaml::{PathSegment, Span};

/// What the cursor is about to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A mapping key (`  ima|` or an empty line inside a mapping).
    Key,
    /// The value of `key` on the same line (`image: |`).
    Value { key: String },
    /// A new list item right after `- ` with nothing else yet.
    Item,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CursorContext {
    /// Keys and list indices from the root to the mapping (or list) the cursor writes in.
    /// For `Slot::Value` it ends at the mapping holding the key, not at the key.
    pub path: Vec<PathSegment>,
    pub slot: Slot,
    /// The word typed so far before the cursor.
    pub prefix: String,
    /// The span a completion replaces: the whole word or value around the cursor.
    pub replace: Span,
    /// Keys already written in the mapping the cursor is in (for `Slot::Key`).
    pub sibling_keys: Vec<String>,
    /// The column (in bytes) keys of that mapping start at.
    pub indent: usize,
}

impl CursorContext {
    pub fn at(_text: &str, offset: usize) -> CursorContext {
        CursorContext {
            path: Vec::new(),
            slot: Slot::Key,
            prefix: String::new(),
            replace: Span::empty(offset),
            sibling_keys: Vec::new(),
            indent: 0,
        }
    }

    /// The path as strings: keys as they are, list items as `[]`.
    pub fn path_keys(&self) -> Vec<&str> {
        self.path
            .iter()
            .map(|s| match s {
                PathSegment::Key(k) => k.as_str(),
                PathSegment::Index(_) => "[]",
            })
            .collect()
    }
}
