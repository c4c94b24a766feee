//! Moving the old tree's nodes into the new text: offsets after the edited region move by the
//! edit's length, and scalar values that shared the old text share the new one.

use std::sync::Arc;

use crate::yaml::ast::*;

/// The move from the old text to the new: offsets up to `kept_through` stay, later ones move
/// by `delta`.
pub(super) struct Shift<'a> {
    kept_through: usize,
    delta: isize,
    from: &'a Arc<str>,
    to: &'a Arc<str>,
}

impl<'a> Shift<'a> {
    /// `kept_through` is where the region's first token stands, in both texts: the nodes
    /// before the region reach at most that far (an empty value is placed at the next
    /// token), and those after it start where the old region ended.
    pub(super) fn new(
        kept_through: usize,
        delta: isize,
        from: &'a Arc<str>,
        to: &'a Arc<str>,
    ) -> Self {
        Shift {
            kept_through,
            delta,
            from,
            to,
        }
    }

    /// Where the old offset `offset`, outside the edited region, is in the new text.
    pub(super) fn offset(&self, offset: usize) -> usize {
        if offset <= self.kept_through {
            offset
        } else {
            offset.saturating_add_signed(self.delta)
        }
    }

    pub(super) fn span(&self, span: Span) -> Span {
        Span {
            start: self.offset(span.start),
            end: self.offset(span.end),
        }
    }

    fn text(&self, value: &SharedStr) -> SharedStr {
        value.rebased(self.from, self.to, |o| self.offset(o))
    }

    /// A copy of an old node, moved into the new text.
    pub(super) fn node(&self, node: &Node) -> Node {
        let kind = match &node.kind {
            NodeKind::Scalar(s) => NodeKind::Scalar(Scalar {
                value: self.text(&s.value),
                style: s.style,
            }),
            NodeKind::Mapping(m) => NodeKind::Mapping(Mapping {
                entries: m.entries.iter().map(|e| self.entry(e)).collect(),
                flow: m.flow,
            }),
            NodeKind::Sequence(s) => NodeKind::Sequence(Sequence {
                items: s.items.iter().map(|n| self.node(n)).collect(),
                flow: s.flow,
            }),
            NodeKind::UnresolvedAlias(name) => NodeKind::UnresolvedAlias(name.clone()),
        };
        Node {
            kind,
            span: self.span(node.span),
            anchor: node.anchor.as_ref().map(|a| {
                Box::new(Anchor {
                    name: a.name.clone(),
                    span: self.span(a.span),
                })
            }),
            tag: node.tag.as_ref().map(|t| {
                Box::new(Tag {
                    text: self.text(&t.text),
                })
            }),
            via_alias: node.via_alias.map(|s| self.span(s)),
        }
    }

    /// An old node moved into the new text where it is: no node is allocated or freed.
    pub(super) fn node_in_place(&self, node: &mut Node) {
        node.span = self.span(node.span);
        if let Some(anchor) = &mut node.anchor {
            anchor.span = self.span(anchor.span);
        }
        if let Some(tag) = &mut node.tag {
            tag.text = self.text(&tag.text);
        }
        node.via_alias = node.via_alias.map(|s| self.span(s));
        match &mut node.kind {
            NodeKind::Scalar(s) => s.value = self.text(&s.value),
            NodeKind::Mapping(m) => m.entries.iter_mut().for_each(|e| self.entry_in_place(e)),
            NodeKind::Sequence(s) => s.items.iter_mut().for_each(|n| self.node_in_place(n)),
            NodeKind::UnresolvedAlias(_) => {}
        }
    }

    pub(super) fn entry_in_place(&self, entry: &mut Entry) {
        self.node_in_place(&mut entry.key);
        self.node_in_place(&mut entry.value);
        entry.merged_from = entry.merged_from.map(|s| self.span(s));
    }

    pub(super) fn entry(&self, entry: &Entry) -> Entry {
        Entry {
            key: self.node(&entry.key),
            value: self.node(&entry.value),
            merged_from: entry.merged_from.map(|s| self.span(s)),
        }
    }
}
