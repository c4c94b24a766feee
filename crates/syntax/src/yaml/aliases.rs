//! Aliases and `<<` merges: a copied node remembers the `*alias` it was copied through, and
//! merged entries the mapping they came from, so that findings land on written text.

use std::collections::HashSet;

use super::ast::*;

/// Whether a key is the plain `<<` of a YAML merge.
pub(super) fn is_merge_key(node: &Node) -> bool {
    matches!(&node.kind, NodeKind::Scalar(s) if s.value == "<<" && s.style == ScalarStyle::Plain)
}

/// The nodes in a subtree, counted against the alias expansion budget.
pub(super) fn count_nodes(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Mapping(m) => {
            1 + m
                .entries
                .iter()
                .map(|e| count_nodes(&e.key) + count_nodes(&e.value))
                .sum::<usize>()
        }
        NodeKind::Sequence(s) => 1 + s.items.iter().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

/// Marks a copied subtree as brought in through the alias written at `alias`.
pub(super) fn mark_via_alias(node: &mut Node, alias: Span) {
    if node.via_alias.is_none() {
        node.via_alias = Some(alias);
    }
    match &mut node.kind {
        NodeKind::Mapping(m) => {
            for e in &mut m.entries {
                mark_via_alias(&mut e.key, alias);
                mark_via_alias(&mut e.value, alias);
            }
        }
        NodeKind::Sequence(s) => {
            for item in &mut s.items {
                mark_via_alias(item, alias);
            }
        }
        _ => {}
    }
}

/// Replaces `<<` entries by the entries they merge in. Keys written in the mapping win over
/// merged ones, and an earlier mapping in a merge list wins over a later one (YAML merge spec).
pub(super) fn merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    if !entries.iter().any(|e| is_merge_key(&e.key)) {
        return entries;
    }
    let mut own = Vec::with_capacity(entries.len());
    let mut sources: Vec<Node> = Vec::new();
    for entry in entries {
        if is_merge_key(&entry.key) {
            match entry.value.kind {
                NodeKind::Mapping(_) => sources.push(entry.value),
                NodeKind::Sequence(seq) => sources.extend(
                    Vec::from(seq.items)
                        .into_iter()
                        .filter(|n| n.as_mapping().is_some()),
                ),
                // A merge of something that is not a mapping is left in place for rules to report.
                _ => own.push(entry),
            }
        } else {
            own.push(entry);
        }
    }
    // Which merged entries to take is decided first, with the keys borrowed; then they move.
    let candidates: usize = sources.iter().map(|n| merged(n).len()).sum();
    let mut seen = KeySet::new(own.iter().filter_map(|e| e.key.as_str()), candidates);
    let taken: Vec<Vec<bool>> = sources
        .iter()
        .map(|source| {
            merged(source)
                .iter()
                .map(|e| e.key.as_str().is_some_and(|k| seen.insert(k)))
                .collect()
        })
        .collect();
    drop(seen);
    own.reserve_exact(taken.iter().flatten().filter(|t| **t).count());
    for (source, taken) in sources.into_iter().zip(taken) {
        let from = source.via_alias.unwrap_or(source.span);
        if let NodeKind::Mapping(m) = source.kind {
            let chosen = Vec::from(m.entries).into_iter().zip(taken);
            own.extend(chosen.filter(|(_, take)| *take).map(|(entry, _)| Entry {
                merged_from: Some(entry.merged_from.unwrap_or(from)),
                ..entry
            }));
        }
    }
    own
}

/// The keys a merge has seen. Merged mappings are usually a handful of keys, where a linear
/// scan beats hashing; a large one gets a hash set so that merging stays linear.
enum KeySet<'a> {
    Few(Vec<&'a str>),
    Many(HashSet<&'a str>),
}

impl<'a> KeySet<'a> {
    const FEW: usize = 16;

    fn new(keys: impl Iterator<Item = &'a str>, more: usize) -> KeySet<'a> {
        let keys: Vec<&str> = keys.collect();
        if keys.len() + more <= Self::FEW {
            KeySet::Few(keys)
        } else {
            KeySet::Many(keys.into_iter().collect())
        }
    }

    /// Adds `key`; false when it was there already.
    fn insert(&mut self, key: &'a str) -> bool {
        match self {
            KeySet::Few(keys) if keys.contains(&key) => false,
            KeySet::Few(keys) => {
                keys.push(key);
                true
            }
            KeySet::Many(keys) => keys.insert(key),
        }
    }
}

/// The entries a merge source brings: those of a mapping, none otherwise.
fn merged(source: &Node) -> &[Entry] {
    source.as_mapping().map_or(&[], |m| &m.entries)
}
