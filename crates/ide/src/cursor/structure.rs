//! Where a line sits in block YAML, read upwards from it by indentation: the keys and item
//! indices from the root to its mapping, the index of its list item, the keys beside it, and
//! a key left at the column of a list item's `- `.

use syntax::yaml::PathSegment;

use super::lines::{Line, LineTable};

/// The path to the mapping whose key on line `line_no` starts at `key_col`: through the list
/// items the line's `- ` markers open, else the parents above it.
pub(super) fn mapping_path(
    all: &LineTable<'_>,
    line_no: usize,
    line: &Line<'_>,
    key_col: usize,
) -> Vec<PathSegment> {
    let mut dashes = line.dashes.iter().filter(|d| **d < key_col);
    let Some(first) = dashes.next() else {
        return parent_path(all, line_no, key_col);
    };
    // The items above on the same list are siblings, not parents: the path starts at the
    // list that holds the first `- `.
    let mut path = list_path(all, line_no, *first);
    path.push(PathSegment::Index(item_index(all, line_no, *first)));
    // `- - key:` opens a list in the item: the key is in its first item.
    path.extend(dashes.map(|_| PathSegment::Index(0)));
    path
}

/// What the next parent above a line must be left of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Below {
    /// A key at this column: its parent starts left of it.
    Key(usize),
    /// A list item's `- ` at this column: the list's key may also sit at the dash's own
    /// column (`steps:` with `- checkout` right under it is valid YAML).
    Item(usize),
}

/// The keys from the root down to the mapping whose keys start at `col` on line `line_no`.
pub(super) fn parent_path(all: &LineTable<'_>, line_no: usize, col: usize) -> Vec<PathSegment> {
    path_above(all, line_no, Below::Key(col))
}

/// The keys from the root down to the list whose item has its `- ` at `dash` on `line_no`.
pub(super) fn list_path(all: &LineTable<'_>, line_no: usize, dash: usize) -> Vec<PathSegment> {
    path_above(all, line_no, Below::Item(dash))
}

fn path_above(all: &LineTable<'_>, line_no: usize, mut below: Below) -> Vec<PathSegment> {
    let mut path = Vec::new();
    let mut i = line_no;
    while i > 0 && below != Below::Key(0) {
        i -= 1;
        let (indent, blank) = all.quick(i);
        let reaches = match below {
            Below::Key(col) => indent < col,
            Below::Item(dash) => indent <= dash,
        };
        if !blank && reaches {
            below = parent_segments(all, i, below, &mut path);
        }
    }
    path.reverse();
    path
}

/// The segments line `i`, which starts left of what is `below` it, adds to a path read
/// upwards, and what the lines above it must then be left of.
fn parent_segments(
    all: &LineTable<'_>,
    i: usize,
    below: Below,
    path: &mut Vec<PathSegment>,
) -> Below {
    let l = &all.line(i);
    let (holds_key, holds_item) = match below {
        Below::Key(col) => (col, col),
        // An item of the same list is a sibling, not a parent.
        Below::Item(dash) if l.dashes.contains(&dash) => return below,
        Below::Item(dash) => (dash + 1, dash),
    };
    match (l.key, l.dashes.first()) {
        (Some((key, key_col)), _) if key_col < holds_key => {
            path.push(PathSegment::Key(key.to_string()));
            match l.dashes.first() {
                // `- key:`: the mapping item's key, in the list of that `- `.
                Some(dash) => {
                    path.push(PathSegment::Index(item_index(all, i, *dash)));
                    Below::Item(*dash)
                }
                None => Below::Key(key_col),
            }
        }
        (_, Some(dash)) if *dash < holds_item => {
            // A list item that contains us: `- ` then our mapping.
            path.push(PathSegment::Index(item_index(all, i, *dash)));
            Below::Item(*dash)
        }
        _ => Below::Key(l.indent),
    }
}

/// The index of the list item starting with a dash at `dash_col` on line `line_no`.
pub(super) fn item_index(all: &LineTable<'_>, line_no: usize, dash_col: usize) -> usize {
    let mut count = 0;
    for i in (0..line_no).rev() {
        let (indent, blank) = all.quick(i);
        if blank || indent > dash_col {
            continue;
        }
        let l = &all.line(i);
        if l.dashes.first() == Some(&dash_col)
            || (l.dashes.contains(&dash_col) && l.indent <= dash_col)
        {
            count += 1;
        } else if l.indent < dash_col || (l.indent == dash_col && l.dashes.is_empty()) {
            break;
        }
    }
    count
}

/// Keys at column `col` in the same mapping as line `line_no`, above and below it. A line
/// that `starts_item` (`- key:`) has none above: those belong to the items before it.
pub(super) fn siblings(
    all: &LineTable<'_>,
    line_no: usize,
    col: usize,
    starts_item: bool,
) -> Vec<String> {
    let mut keys = Vec::new();
    let above = if starts_item { 0 } else { line_no };
    for i in (0..above).rev() {
        let (indent, blank) = all.quick(i);
        if blank || indent > col {
            continue;
        }
        let l = &all.line(i);
        if let Some((k, kc)) = l.key {
            if kc == col {
                keys.push(k.to_string());
            }
        }
        if l.indent < col
            || (l.indent == col && !l.dashes.is_empty())
            || (!l.dashes.is_empty() && l.content_col == col)
        {
            break;
        }
    }
    for i in line_no + 1..all.len() {
        let (indent, blank) = all.quick(i);
        if blank || indent > col {
            continue;
        }
        let l = &all.line(i);
        if l.indent < col || (!l.dashes.is_empty() && l.indent <= col) {
            break;
        }
        if let Some((k, kc)) = l.key {
            if kc == col {
                keys.push(k.to_string());
            }
        }
    }
    keys.reverse();
    keys.sort();
    keys.dedup();
    keys
}

/// The column of the key that owns the list whose item starts with a `- ` at `dash` on line
/// `item_no`.
pub(super) fn list_key_col(all: &LineTable<'_>, item_no: usize, dash: usize) -> Option<usize> {
    for i in (0..item_no).rev() {
        let (indent, blank) = all.quick(i);
        if blank || indent > dash {
            continue;
        }
        let l = all.line(i);
        if l.dashes.contains(&dash) {
            continue;
        }
        return l.key.map(|(_, col)| col);
    }
    None
}

/// The keys at column `col` from line `from` down, up to a line left of it; line `skip` (the
/// cursor's) aside.
pub(super) fn keys_at_column(
    all: &LineTable<'_>,
    from: usize,
    col: usize,
    skip: usize,
) -> Vec<String> {
    let mut keys = Vec::new();
    for i in from..all.len() {
        let (indent, blank) = all.quick(i);
        if blank || i == skip || indent > col {
            continue;
        }
        if indent < col {
            break;
        }
        if let Some((key, _)) = all.line(i).key {
            keys.push(key.to_string());
        }
    }
    keys
}

/// A key written at the column of the `- ` of the list item above it, which YAML rejects
/// ("did not find expected '-' indicator"): what can be done about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MisplacedKey {
    pub key: String,
    /// The item above is a mapping (`- image: x`), which the key may be moved onto.
    pub item_is_mapping: bool,
    /// How many columns further in the item's keys are.
    pub by: usize,
    /// Where the key starts.
    pub key_offset: usize,
    /// Where the key's line and the non-empty lines of its block start.
    pub lines: Vec<usize>,
}

/// The misplaced key on the line holding `offset`, if that line holds one.
pub fn misplaced_key(text: &str, offset: usize) -> Option<MisplacedKey> {
    let all = LineTable::new(text);
    let line_no = all.line_of(offset.min(text.len()));
    let line = all.line(line_no);
    let (key, col) = line.key?;
    if !line.dashes.is_empty() || col != line.indent {
        return None;
    }
    let above_no = (0..line_no).rev().find(|i| {
        let (indent, blank) = all.quick(*i);
        !blank && indent <= col
    })?;
    let above = all.line(above_no);
    if above.dashes.last() != Some(&col) || list_key_col(&all, above_no, col) == Some(col) {
        return None;
    }
    let mut lines = vec![line.start];
    for i in line_no + 1..all.len() {
        let next = all.line(i);
        if next.text.trim().is_empty() {
            continue;
        }
        if next.indent <= col {
            break;
        }
        lines.push(next.start);
    }
    Some(MisplacedKey {
        key: key.to_string(),
        item_is_mapping: above.key.is_some(),
        by: above.content_col - col,
        key_offset: line.start + col,
        lines,
    })
}
