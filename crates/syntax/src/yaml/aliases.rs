//! Aliases and `<<` merges: a copied node remembers the `*alias` it was copied through, and
//! merged entries the mapping they came from, so that findings land on written text.

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
    let mut seen: std::collections::HashSet<String> = own
        .iter()
        .filter_map(|e| e.key.as_str().map(str::to_string))
        .collect();
    for source in sources {
        let from = source.via_alias.unwrap_or(source.span);
        if let NodeKind::Mapping(m) = source.kind {
            for entry in Vec::from(m.entries) {
                let Some(key) = entry.key.as_str() else {
                    continue;
                };
                if seen.insert(key.to_string()) {
                    own.push(Entry {
                        merged_from: Some(entry.merged_from.unwrap_or(from)),
                        ..entry
                    });
                }
            }
        }
    }
    own
}
