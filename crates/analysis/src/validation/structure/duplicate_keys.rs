//! Keys written twice in one mapping, which CircleCI rejects.

use std::collections::HashMap;

use crate::diagnostics::Finding;
use syntax::yaml::{Node, NodeKind, Span};

use super::super::rules::*;

/// Keys written twice in one mapping. Only written entries count: a key merged in through
/// `<<` may legitimately be overridden.
pub(super) fn duplicate_keys(node: &Node, out: &mut Vec<Finding>) {
    match &node.kind {
        NodeKind::Mapping(m) => {
            // A hash set: a mapping with 100,000 keys costs linear time.
            let mut seen: HashMap<&str, Span> = HashMap::new();
            for e in m.own_entries() {
                if !e.key.is_written_here() {
                    continue;
                }
                if let Some(name) = e.key.as_str() {
                    if let Some(first) = seen.get(name) {
                        out.push(
                            Finding::new(
                                &DUPLICATE_KEY,
                                e.key.span,
                                format!(
                                    "Merge the two `{name}` keys or remove one: CircleCI rejects a key written twice."
                                ),
                            )
                            .with_related(*first, format!("`{name}` is first written here")),
                        );
                    } else {
                        seen.insert(name, e.key.span);
                    }
                }
                if e.value.is_written_here() {
                    duplicate_keys(&e.value, out);
                }
            }
        }
        NodeKind::Sequence(s) => {
            for it in s.items.iter().filter(|i| i.is_written_here()) {
                duplicate_keys(it, out);
            }
        }
        _ => {}
    }
}
