//! Keys written twice in one mapping, which CircleCI rejects.

use rustc_hash::FxHashMap;

use crate::diagnostics::Finding;
use syntax::yaml::{Entry, Node, NodeKind, Span};

use super::super::rules::*;

/// Keys written twice in one mapping. Only written entries count: a key merged in through
/// `<<` may legitimately be overridden.
pub(super) fn duplicate_keys(node: &Node, out: &mut Vec<Finding>) {
    match &node.kind {
        NodeKind::Mapping(m) => {
            let mut seen = Seen::for_keys(&m.entries);
            for (i, e) in m.entries.iter().enumerate() {
                if e.merged_from.is_some() || !e.key.is_written_here() {
                    continue;
                }
                if let Some(name) = e.key.as_str() {
                    if let Some(first) = seen.first(i, name, e.key.span) {
                        out.push(
                            Finding::new(
                                &DUPLICATE_KEY,
                                e.key.span,
                                format!(
                                    "Merge the two `{name}` keys or remove one: CircleCI rejects a key written twice."
                                ),
                            )
                            .with_related(first, format!("`{name}` is first written here")),
                        );
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

/// The keys of one mapping met so far. Most mappings have a few keys: each is compared
/// with the entries before it, which allocates nothing. Past [`Seen::FEW`] keys a hash map
/// keeps a mapping with 100,000 keys linear.
enum Seen<'a> {
    Few(&'a [Entry]),
    Many(FxHashMap<&'a str, Span>),
}

impl<'a> Seen<'a> {
    const FEW: usize = 16;

    fn for_keys(entries: &'a [Entry]) -> Seen<'a> {
        if entries.len() <= Self::FEW {
            Seen::Few(entries)
        } else {
            Seen::Many(FxHashMap::default())
        }
    }

    /// Where `name`, the key of entry `index`, was first written as a key of its own, or
    /// `None` when this is its first time (it is then remembered at `span`).
    fn first(&mut self, index: usize, name: &'a str, span: Span) -> Option<Span> {
        match self {
            Seen::Few(entries) => entries
                .get(..index)?
                .iter()
                .filter(|e| e.merged_from.is_none() && e.key.is_written_here())
                .find(|e| e.key.as_str() == Some(name))
                .map(|e| e.key.span),
            Seen::Many(map) => match map.get(name) {
                Some(first) => Some(*first),
                None => {
                    map.insert(name, span);
                    None
                }
            },
        }
    }
}
