//! Which stretch of text an edit can be parsed again in: the entries of nested block
//! mappings whose lines hold the edit, and the rules a region's text must keep to parse the
//! same on its own as in its document.

use super::Edit;
use crate::yaml::aliases::is_merge_key;
use crate::yaml::ast::*;

/// One block mapping on the way from the root to the edit, and its entry that holds it.
/// The entry's region runs from the start of its key's line to the start of the next key's
/// line, or for the last entry, to where the region of the mapping's own entry ends.
#[derive(Clone, Copy, Debug)]
pub(super) struct Level<'a> {
    pub(super) mapping: &'a Mapping,
    /// The column of the mapping's keys.
    pub(super) indent: usize,
    pub(super) index: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// The levels from the root mapping down whose entry's region holds the whole edit.
pub(super) fn levels<'a>(text: &str, root: &'a Node, edit: &Edit) -> Vec<Level<'a>> {
    let mut out: Vec<Level<'a>> = Vec::new();
    let mut node = root;
    let mut end = text.len();
    while let Some(level) = level_of(text, node, end, edit) {
        end = level.end;
        let Some(entry) = level.mapping.entries.get(level.index) else {
            break;
        };
        node = &entry.value;
        out.push(level);
    }
    out
}

fn level_of<'a>(text: &str, node: &'a Node, end: usize, edit: &Edit) -> Option<Level<'a>> {
    let mapping = node.as_mapping()?;
    let written = node.anchor.is_none() && node.tag.is_none() && node.via_alias.is_none();
    if mapping.flow || !written {
        return None;
    }
    let indent = column(text, mapping.entries.first()?.key.span.start)?;
    let mut starts = Vec::with_capacity(mapping.entries.len());
    for entry in mapping.entries.iter() {
        if !plain_entry(text, entry) || column(text, entry.key.span.start) != Some(indent) {
            return None;
        }
        starts.push(entry.key.span.start - indent);
    }
    let index = starts
        .partition_point(|s| *s <= edit.start)
        .checked_sub(1)?;
    let start = *starts.get(index)?;
    let region_end = starts.get(index + 1).copied().unwrap_or(end);
    (edit.old_end <= region_end).then_some(Level {
        mapping,
        indent,
        index,
        start,
        end: region_end,
    })
}

/// An entry written as `key: value` with a plain key of its own (not merged, anchored,
/// tagged or copied), which is written where its span says: an empty key (of `? ` or
/// `: value`) is placed at the next token instead.
fn plain_entry(text: &str, entry: &Entry) -> bool {
    let key = &entry.key;
    let written = key.as_scalar().is_some_and(|s| {
        s.style == ScalarStyle::Plain && starts_key(&s.value) && key.span.text(text) == s.value
    });
    written
        && entry.merged_from.is_none()
        && !is_merge_key(key)
        && key.anchor.is_none()
        && key.tag.is_none()
        && key.via_alias.is_none()
}

/// The column of `offset` when only spaces stand before it on its line.
fn column(text: &str, offset: usize) -> Option<usize> {
    let before = text.as_bytes().get(..offset)?;
    let line_start = before
        .iter()
        .rposition(|b| matches!(b, b'\n' | b'\r'))
        .map_or(0, |p| p + 1);
    let indent = before.get(line_start..)?;
    indent.iter().all(|b| *b == b' ').then_some(indent.len())
}

/// Whether the new text of a region parses on its own as it does in its document: it starts
/// with a key at `indent`, every later line that holds a token is indented deeper or starts
/// another key at `indent`, and it ends at a line break that `after` does not continue.
/// Lines of comments may stand anywhere; tabs in indentation and byte order marks are left
/// to the full parse.
pub(super) fn region_reads_alike(region: &str, indent: usize, after: Option<&u8>) -> bool {
    let ends_well = match (region.as_bytes().last(), after) {
        (_, None) => true,
        (Some(b'\n'), Some(_)) => true,
        (Some(b'\r'), Some(next)) => *next != b'\n',
        _ => false,
    };
    if !ends_well || region.contains('\u{feff}') {
        return false;
    }
    let mut lines = region.split(['\n', '\r']);
    let first = lines.next().unwrap_or_default();
    if indentation(first) != Some(indent) || !starts_key(&first[indent..]) {
        return false;
    }
    lines.all(|line| {
        let Some(column) = indentation(line) else {
            return false;
        };
        let body = &line[column..];
        body.is_empty()
            || body.starts_with('#')
            || column > indent
            || (column == indent && starts_key(body))
    })
}

/// The spaces a line starts with; `None` when a tab stands among them.
fn indentation(line: &str) -> Option<usize> {
    let column = line.bytes().take_while(|b| *b == b' ').count();
    (line.as_bytes().get(column) != Some(&b'\t')).then_some(column)
}

/// A plain key's first character, of the kinds that start nothing else in YAML.
fn starts_key(body: &str) -> bool {
    body.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
}
