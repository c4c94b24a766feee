//! Incremental parsing. After an edit confined to whole entries of one block mapping (a job
//! under `jobs:`, a key of a job, a command…), only that stretch of text is parsed again; the
//! rest of the tree is the previous tree's, its spans moved by the edit's length and its
//! scalar values pointed at the new text. The result equals a full parse of the new text
//! (the property tests hold it to that). Whenever that cannot be shown cheaply from the old
//! tree and the text, the whole text is parsed, so a wrong reuse never happens: only a slower
//! parse.
//!
//! Why the rest can be kept: YAML is read left to right, so the text before the region parses
//! as before. Every token inside the region sits at or right of the mapping's column, where
//! only the innermost indentation level matters, and a stand-in prelude reproduces that level
//! along with the anchors the region's aliases use (`? [&a x, …]` then `:`). The region
//! defines no anchor, so after it the parser is in the state it was in before the edit, and
//! the text after the region parses as before, moved.

mod levels;
mod shift;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Arc;

use super::aliases::{count_nodes, is_merge_key};
use super::ast::*;
use super::parse::{parse_region, parse_shared, written_end, Region, MAX_ALIAS_NODES};
use levels::{levels, Level};
use shift::Shift;

/// Parses `text`, an edit of `old_text` whose tree is `old`, reusing the parts of `old` the
/// edit did not touch. Equals `parse_shared(text)`.
pub fn reparse(old_text: &Arc<str>, old: &ParsedYaml, text: &Arc<str>) -> ParsedYaml {
    reparse_incrementally(old_text, old, text).unwrap_or_else(|| parse_shared(text))
}

/// [`reparse`] when the edit lets it reuse the old tree, else `None` (the caller then parses
/// the whole text). Tests use it to see which edits are parsed incrementally.
pub fn reparse_incrementally(
    old_text: &Arc<str>,
    old: &ParsedYaml,
    text: &Arc<str>,
) -> Option<ParsedYaml> {
    Reparse::plan(old_text, old, text)?.apply(old)
}

/// The edited region parsed again, ready to take its place in the old tree: by copying the
/// old tree ([`Reparse::apply`]) or, when the caller owns it, by moving it in place
/// ([`Reparse::apply_owned`]), which allocates and frees nothing for the nodes kept.
#[derive(Debug)]
pub struct Reparse {
    old_text: Arc<str>,
    text: Arc<str>,
    /// The index of the entry on the way to the region in each mapping, from the root's.
    path: Vec<usize>,
    /// The old region, `start..end`.
    start: usize,
    end: usize,
    /// Offsets up to here stay; later ones move by `delta`.
    kept_through: usize,
    delta: isize,
    /// The region's entries, already at their places in the new text.
    entries: Vec<Entry>,
    /// The region's own document: its aliases and expansion count.
    region: Document,
    comments: Vec<Comment>,
}

impl Reparse {
    /// Parses the region of `old` that the edit from `old_text` to `text` touched, when the
    /// edit lets the rest be reused; `None` when the whole text must be parsed.
    pub fn plan(old_text: &Arc<str>, old: &ParsedYaml, text: &Arc<str>) -> Option<Reparse> {
        let [doc] = old.documents.as_slice() else {
            return None;
        };
        let complete = old.errors.is_empty() && !old.lenient;
        if !complete || doc.aliases.iter().any(|a| !a.resolved) {
            return None;
        }
        let root = doc.root.as_ref()?;
        let edit = Edit::between(old_text, text);
        let path = levels(old_text, root, &edit);
        // The deepest level parses the least; a level whose region breaks a rule yields to
        // the one above, whose region is larger.
        (1..=path.len()).rev().find_map(|depth| {
            let reused = Reused {
                old_text,
                doc,
                text,
                path: &path[..depth],
            };
            reused.parse()
        })
    }

    /// The parts: the move from the old text to the new, the old region, and what the
    /// region's parse found.
    fn parts(&self) -> (Shift<'_>, Around) {
        let shift = Shift::new(self.kept_through, self.delta, &self.old_text, &self.text);
        let around = Around {
            start: self.start,
            end: self.end,
        };
        (shift, around)
    }

    fn take_found(&mut self) -> (Vec<Entry>, Vec<AliasUse>, Vec<Comment>) {
        (
            std::mem::take(&mut self.entries),
            std::mem::take(&mut self.region.aliases),
            std::mem::take(&mut self.comments),
        )
    }

    /// The new tree, copied from `old` (the tree this was planned from) with the region in
    /// place. `None` when `old` does not have the planned shape.
    pub fn apply(mut self, old: &ParsedYaml) -> Option<ParsedYaml> {
        let [doc] = old.documents.as_slice() else {
            return None;
        };
        let (entries, region_aliases, region_comments) = self.take_found();
        let (shift, around) = self.parts();
        let root = splice(doc.root.as_ref()?, &self.path, entries, &shift)?;
        let aliases = around.splice(
            &doc.aliases,
            |a| a.span,
            region_aliases,
            |a| AliasUse {
                span: shift.span(a.span),
                ..a.clone()
            },
        );
        let comments = around.splice(
            &old.comments,
            |c| c.span,
            region_comments,
            |c| Comment {
                span: shift.span(c.span),
            },
        );
        let anchors = doc
            .anchors
            .iter()
            .map(|a| AnchorDef {
                name: a.name.clone(),
                span: shift.span(a.span),
                node_span: shift.span(a.node_span),
            })
            .collect();
        Some(assembled(root, anchors, aliases, comments, &self.region))
    }

    /// [`Reparse::apply`] on a tree the caller gives up: its nodes are moved into the new
    /// text where they are instead of copied, and only the replaced entry is freed.
    pub fn apply_owned(mut self, old: ParsedYaml) -> Option<ParsedYaml> {
        let ParsedYaml {
            mut documents,
            comments,
            ..
        } = old;
        let mut doc = documents.pop().filter(|_| documents.is_empty())?;
        let (entries, region_aliases, region_comments) = self.take_found();
        let (shift, around) = self.parts();
        let mut root = doc.root.take()?;
        splice_in_place(&mut root, &self.path, entries, &shift)?;
        let aliases = around.splice_owned(
            doc.aliases,
            |a| a.span,
            region_aliases,
            |a| {
                a.span = shift.span(a.span);
            },
        );
        let comments = around.splice_owned(
            comments,
            |c| c.span,
            region_comments,
            |c| {
                c.span = shift.span(c.span);
            },
        );
        let mut anchors = doc.anchors;
        for a in &mut anchors {
            a.span = shift.span(a.span);
            a.node_span = shift.span(a.node_span);
        }
        Some(assembled(root, anchors, aliases, comments, &self.region))
    }
}

/// A tree of one complete document.
fn assembled(
    root: Node,
    anchors: Vec<AnchorDef>,
    aliases: Vec<AliasUse>,
    comments: Vec<Comment>,
    region: &Document,
) -> ParsedYaml {
    ParsedYaml {
        documents: vec![Document {
            span: root.span,
            root: Some(root),
            anchors,
            aliases,
            alias_nodes: region.alias_nodes,
        }],
        errors: Vec::new(),
        comments,
        lenient: false,
    }
}

/// Where two texts differ: `start..old_end` of the old text became `start..new_end`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Edit {
    start: usize,
    old_end: usize,
    new_end: usize,
}

impl Edit {
    fn between(old: &str, new: &str) -> Edit {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        let start = common_prefix(old, new);
        let most = old.len().min(new.len()) - start;
        let suffix = common_suffix(&old[start..], &new[start..]).min(most);
        Edit {
            start,
            old_end: old.len() - suffix,
            new_end: new.len() - suffix,
        }
    }
}

/// Compared a block at a time: `==` on slices is one `memcmp`, many times faster than bytes.
const BLOCK: usize = 256;

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let blocks = a
        .chunks(BLOCK)
        .zip(b.chunks(BLOCK))
        .take_while(|(x, y)| x == y)
        .count();
    let at = (blocks * BLOCK).min(a.len()).min(b.len());
    at + a[at..]
        .iter()
        .zip(&b[at..])
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let blocks = a
        .rchunks(BLOCK)
        .zip(b.rchunks(BLOCK))
        .take_while(|(x, y)| x == y)
        .count();
    let same = (blocks * BLOCK).min(a.len()).min(b.len());
    let (a, b) = (&a[..a.len() - same], &b[..b.len() - same]);
    same + a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// An incremental parse at one level: the old tree and texts, and the levels from the root
/// mapping down to the one whose entries are parsed again.
struct Reused<'a> {
    old_text: &'a Arc<str>,
    doc: &'a Document,
    text: &'a Arc<str>,
    path: &'a [Level<'a>],
}

/// The anchors defined before the region: the last definition of each name, in the order
/// the text defines them, with the node each stands for.
struct Anchors<'a> {
    names: Vec<&'a str>,
    nodes: Vec<&'a Node>,
}

impl<'a> Reused<'a> {
    fn level(&self) -> Option<&'a Level<'a>> {
        self.path.last()
    }

    fn parse(&self) -> Option<Reparse> {
        let level = self.level()?;
        let kept_through = level.start + level.indent;
        let delta = self.text.len() as isize - self.old_text.len() as isize;
        let shift = Shift::new(kept_through, delta, self.old_text, self.text);
        let end = shift.offset(level.end);
        let region = self.text.get(level.start..end)?;
        if !levels::region_reads_alike(region, level.indent, self.text.as_bytes().get(end)) {
            return None;
        }
        let anchors = self.anchors()?;
        let budget = self.budget(&anchors)?;
        let nodes: Vec<Node> = anchors.nodes.iter().map(|n| shift.node(n)).collect();
        let prelude = prelude(&anchors.names);
        let input = format!("{prelude}{region}");
        let parsed = parse_region(Region {
            text: self.text,
            input: &input,
            prelude_len: prelude.len(),
            start: level.start,
            end,
            anchors: nodes,
            alias_budget: budget,
            depth_offset: self.path.len() as isize - prelude_depth(level.indent),
        });
        if !parsed.errors.is_empty() {
            return None;
        }
        let (entries, region_doc) = region_entries(parsed.documents, level.indent)?;
        // An empty node the parser places at the next token (the value of `? key`) would sit
        // at the end of the input here and at the next key in the document.
        if entries.iter().any(|e| entry_end(e) >= end) {
            return None;
        }
        Some(Reparse {
            old_text: self.old_text.clone(),
            text: self.text.clone(),
            path: self.path.iter().map(|l| l.index).collect(),
            start: level.start,
            end: level.end,
            kept_through,
            delta,
            entries,
            region: region_doc,
            comments: parsed.comments,
        })
    }

    /// The anchors the region's aliases may use. `None` when the region defines one (the
    /// text after it would then read a changed node) or a name does not fit the prelude.
    fn anchors(&self) -> Option<Anchors<'a>> {
        let level = self.level()?;
        let mut latest: HashMap<&str, &AnchorDef> = HashMap::new();
        for def in &self.doc.anchors {
            if def.span.start >= level.start && def.span.start < level.end {
                return None;
            }
            if def.span.start < level.start {
                let kept = latest.entry(&def.name).or_insert(def);
                if kept.span.start < def.span.start {
                    *kept = def;
                }
            }
        }
        let mut defs: Vec<&AnchorDef> = latest.into_values().collect();
        defs.sort_by_key(|d| d.span.start);
        let root = self.doc.root.as_ref()?;
        let mut anchors = Anchors {
            names: Vec::with_capacity(defs.len()),
            nodes: Vec::with_capacity(defs.len()),
        };
        for def in defs {
            if !def.name.bytes().all(is_prelude_name_byte) || def.name.is_empty() {
                return None;
            }
            anchors.names.push(&def.name);
            anchors.nodes.push(find_anchored(root, def.span)?);
        }
        Some(anchors)
    }

    /// The expansion budget the region may use: what the aliases outside the old region
    /// copied is spent already.
    fn budget(&self, anchors: &Anchors<'_>) -> Option<usize> {
        let level = self.level()?;
        let mut in_region = 0;
        for alias in &self.doc.aliases {
            if alias.span.start >= level.start && alias.span.start < level.end {
                let at = anchors.names.iter().position(|n| *n == alias.name)?;
                in_region += count_nodes(anchors.nodes.get(at)?);
            }
        }
        let outside = self.doc.alias_nodes.checked_sub(in_region)?;
        MAX_ALIAS_NODES.checked_sub(outside)
    }
}

/// The old region of the text, `start..end`.
struct Around {
    start: usize,
    end: usize,
}

impl Around {
    /// The old items before the region, the region's new ones (already where they belong),
    /// and the old ones after it, each old one moved by `moved`.
    fn splice<T>(
        &self,
        old: &[T],
        span: impl Fn(&T) -> Span,
        region: Vec<T>,
        moved: impl Fn(&T) -> T,
    ) -> Vec<T> {
        let before = old.iter().take_while(|x| span(x).start < self.start);
        let after = old.iter().filter(|x| span(x).start >= self.end);
        let mut out: Vec<T> = before.map(&moved).collect();
        out.extend(region);
        out.extend(after.map(&moved));
        out
    }

    /// [`Around::splice`] of items the caller gives up, each old one kept moved in place.
    fn splice_owned<T>(
        &self,
        old: Vec<T>,
        span: impl Fn(&T) -> Span,
        region: Vec<T>,
        moved: impl Fn(&mut T),
    ) -> Vec<T> {
        let mut out = Vec::with_capacity(old.len() + region.len());
        let mut region = Some(region);
        for mut item in old {
            let start = span(&item).start;
            if start >= self.start {
                out.extend(region.take().into_iter().flatten());
            }
            if start < self.start || start >= self.end {
                moved(&mut item);
                out.push(item);
            }
        }
        out.extend(region.into_iter().flatten());
        out
    }
}

/// Anchor names the prelude can write in a flow sequence without quoting.
fn is_prelude_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// `? [&a x, &b x]` then `:`: a complex key that defines the anchors, whose value (for an
/// indented region) is the region's mapping, or (for a region at column 0) whose siblings
/// are the region's entries.
fn prelude(names: &[&str]) -> String {
    let anchors: Vec<String> = names.iter().map(|n| format!("&{n} x")).collect();
    format!("? [{}]\n:\n", anchors.join(", "))
}

/// How deep the region's mapping sits in the prelude's document.
fn prelude_depth(indent: usize) -> isize {
    if indent == 0 {
        1
    } else {
        2
    }
}

/// The region's entries from the parse of prelude and region, and the region's document.
/// `None` when the parse failed, defined an anchor, or brought a merge key into the mapping.
fn region_entries(mut documents: Vec<Document>, indent: usize) -> Option<(Vec<Entry>, Document)> {
    if documents.len() != 1 {
        return None;
    }
    let mut doc = documents.pop()?;
    if !doc.anchors.is_empty() || doc.aliases.iter().any(|a| !a.resolved) {
        return None;
    }
    let root = doc.root.take()?;
    let NodeKind::Mapping(mapping) = root.kind else {
        return None;
    };
    let mut entries = Vec::from(mapping.entries);
    let entries = if indent == 0 {
        // The first entry is the prelude's.
        (!entries.is_empty()).then(|| entries.remove(0))?;
        entries
    } else {
        let [prelude] = <[Entry; 1]>::try_from(entries).ok()?;
        match prelude.value.kind {
            NodeKind::Mapping(m) if !m.flow => Vec::from(m.entries),
            _ => return None,
        }
    };
    let plain = |e: &Entry| e.merged_from.is_none() && !is_merge_key(&e.key);
    (!entries.is_empty() && entries.iter().all(plain)).then_some((entries, doc))
}

/// The old tree with the region's entries in place of the one the edit touched: the
/// mappings on the path are rebuilt, every other node is the old one, moved.
fn splice(node: &Node, path: &[usize], region: Vec<Entry>, shift: &Shift<'_>) -> Option<Node> {
    let (index, deeper) = path.split_first()?;
    let mapping = node.as_mapping()?;
    let mut region = Some(region);
    let mut entries = Vec::with_capacity(mapping.entries.len() + 1);
    for (i, entry) in mapping.entries.iter().enumerate() {
        if i != *index {
            entries.push(shift.entry(entry));
        } else if deeper.is_empty() {
            entries.extend(region.take()?);
        } else {
            entries.push(Entry {
                key: shift.node(&entry.key),
                value: splice(&entry.value, deeper, region.take()?, shift)?,
                merged_from: None,
            });
        }
    }
    let end = mapping_end(&entries, node.span.start);
    Some(Node {
        kind: NodeKind::Mapping(Mapping {
            entries: entries.into_boxed_slice(),
            flow: false,
        }),
        span: Span::new(node.span.start, end),
        anchor: None,
        tag: None,
        via_alias: None,
    })
}

/// [`splice`] in a tree the caller gives up: the mappings on the path are changed where
/// they are, every other node is moved in place, and only the replaced entry is freed.
fn splice_in_place(
    node: &mut Node,
    path: &[usize],
    region: Vec<Entry>,
    shift: &Shift<'_>,
) -> Option<()> {
    let (index, deeper) = path.split_first()?;
    let NodeKind::Mapping(mapping) = &mut node.kind else {
        return None;
    };
    if deeper.is_empty() {
        let old = std::mem::take(&mut mapping.entries).into_vec();
        let mut entries = Vec::with_capacity(old.len() + region.len());
        let mut region = Some(region);
        for (i, mut entry) in old.into_iter().enumerate() {
            if i == *index {
                entries.extend(region.take()?);
            } else {
                shift.entry_in_place(&mut entry);
                entries.push(entry);
            }
        }
        region.is_none().then_some(())?;
        mapping.entries = entries.into_boxed_slice();
    } else {
        let mut region = Some(region);
        for (i, entry) in mapping.entries.iter_mut().enumerate() {
            if i == *index {
                shift.node_in_place(&mut entry.key);
                splice_in_place(&mut entry.value, deeper, region.take()?, shift)?;
                entry.merged_from = None;
            } else {
                shift.entry_in_place(entry);
            }
        }
        region.is_none().then_some(())?;
    }
    node.span = Span::new(
        node.span.start,
        mapping_end(&mapping.entries, node.span.start),
    );
    node.anchor = None;
    node.tag = None;
    node.via_alias = None;
    Some(())
}

/// As the parser ends a block mapping: at the end of its last written node.
fn mapping_end(entries: &[Entry], start: usize) -> usize {
    entries.iter().map(entry_end).max().unwrap_or(start)
}

/// Where an entry ends in the text, as the parser ends the mapping that holds it.
fn entry_end(entry: &Entry) -> usize {
    written_end(&entry.value).max(written_end(&entry.key))
}

/// The node that the anchor written at `anchor` names: written where it stands (not copied
/// through an alias). A node's anchors lie inside its span, which prunes the search.
fn find_anchored(node: &Node, anchor: Span) -> Option<&Node> {
    if node.via_alias.is_some() {
        return None;
    }
    if node.anchor.as_ref().is_some_and(|a| a.span == anchor) {
        return Some(node);
    }
    if anchor.start < node.span.start || node.span.end < anchor.start {
        return None;
    }
    match &node.kind {
        NodeKind::Mapping(m) => m.entries.iter().find_map(|e| {
            find_anchored(&e.key, anchor).or_else(|| find_anchored(&e.value, anchor))
        }),
        NodeKind::Sequence(s) => s.items.iter().find_map(|n| find_anchored(n, anchor)),
        _ => None,
    }
}
