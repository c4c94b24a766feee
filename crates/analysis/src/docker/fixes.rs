//! Text edits for the docker quick-fixes. Every edit is as small as it can be and keeps the
//! surrounding comments, quoting, indentation and line endings.

use super::resolve::ImageEntry;
use crate::diagnostics::presentation::fit_title;
use crate::diagnostics::{Fix, TextEdit};
use syntax::text::lines::LineIndex;
use syntax::yaml::{Node, ScalarStyle, Span};

/// A fix titled `long` (or `short` where that is too long for a client's menu).
pub fn titled(long: String, short: &str, edits: Vec<TextEdit>, preferred: bool) -> Fix {
    Fix {
        title: fit_title(long, short),
        edits,
        preferred,
    }
}

/// The column of a block mapping key that starts its line (after indentation and `- `
/// markers), or `None` when something else comes first on the line.
pub fn block_key_column(text: &str, lines: &LineIndex, key_start: usize) -> Option<usize> {
    let start = lines.start_at(key_start);
    let before = text.get(start..key_start)?;
    before
        .bytes()
        .all(|b| b == b' ' || b == b'-')
        .then_some(key_start - start)
        .filter(|_| !before.contains("--"))
}

/// Where `value`, the value of `key`, ends in the text. A value written as `*alias` right
/// after its key ends with the alias; a value copied in together with its key (both inside an
/// aliased subtree) ends where the anchored copy is written.
fn value_end(key: &Node, value: &Node) -> usize {
    match value.via_alias {
        Some(alias) if key.via_alias != value.via_alias => alias.end,
        _ => value.span.end,
    }
}

/// Adds a `key:` block with `block` (sub-key, value) to an image entry: below the `image`
/// line for a block mapping, inside the braces for a flow mapping.
pub fn insert_into_entry(
    text: &str,
    lines: &LineIndex,
    entry: &ImageEntry<'_>,
    key: &str,
    block: &[(&str, String)],
) -> Option<Vec<TextEdit>> {
    let merged = entry
        .mapping
        .as_mapping()
        .and_then(|m| m.entry("image"))
        .is_some_and(|e| e.merged_from.is_some());
    // A flow pair inside a flow list (`[ image: x ]`) has no braces to add a key in.
    let flow = entry.mapping.as_mapping().is_some_and(|m| m.flow)
        && entry.mapping.span.text(text).starts_with('{');
    if !flow {
        let column = block_key_column(text, lines, entry.image_key.span.start)?;
        let after = lines
            .end_at(value_end(entry.image_key, entry.image_value).max(entry.image_key.span.end));
        let eol = lines.break_at(after);
        let pad = " ".repeat(column);
        let mut insert = format!("{eol}{pad}{key}:");
        for (k, v) in block {
            insert.push_str(&format!("{eol}{pad}  {k}: {v}"));
        }
        return Some(vec![TextEdit {
            span: Span::empty(after),
            new_text: insert,
        }]);
    }
    if merged || entry.image_value.via_alias.is_some() && !entry.mapping.is_written_here() {
        return None;
    }
    let inner = block
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(vec![TextEdit {
        span: Span::empty(value_end(entry.image_key, entry.image_value)),
        new_text: format!(", {key}: {{{inner}}}"),
    }])
}

/// Replaces a whole `key: value` entry (key start to value end) with a new block at the
/// key's column. Used to swap `auth` for `aws_auth`.
pub fn replace_entry_block(
    text: &str,
    lines: &LineIndex,
    key: &Node,
    value: &Node,
    new_key: &str,
    block: &[(&str, String)],
) -> Option<TextEdit> {
    let column = block_key_column(text, lines, key.span.start)?;
    let end = value_end(key, value);
    if end < key.span.start {
        return None;
    }
    let eol = lines.break_at(key.span.start);
    let pad = " ".repeat(column);
    let mut new_text = format!("{new_key}:");
    for (k, v) in block {
        new_text.push_str(&format!("{eol}{pad}  {k}: {v}"));
    }
    Some(TextEdit {
        span: Span::new(key.span.start, end),
        new_text,
    })
}

/// Replaces a scalar's content with `new`, keeping its quotes. A block scalar is replaced
/// whole (header included) by a plain value. A scalar reached through an alias is replaced
/// where it is written, at its anchor.
pub fn replace_scalar(text: &str, node: &Node, new: &str) -> Option<TextEdit> {
    let scalar = node.as_scalar()?;
    let raw = node.span.text(text);
    let span = match scalar.style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if raw.len() >= 2 => {
            Span::new(node.span.start + 1, node.span.end - 1)
        }
        _ => node.span,
    };
    Some(TextEdit {
        span,
        new_text: new.to_string(),
    })
}

/// Inserts a step line (`- docker/check`) above the step item `item`, at the same column.
pub fn insert_step_before(
    text: &str,
    lines: &LineIndex,
    item: &Node,
    step: &str,
) -> Option<TextEdit> {
    let start = lines.start_at(item.span.start);
    let before = text.get(start..item.span.start)?;
    let dash = before.rfind('-')?;
    let indent = before.get(..dash)?;
    if !indent.bytes().all(|b| b == b' ') || before.get(dash + 1..)?.trim() != "" {
        return None;
    }
    let eol = lines.break_at(item.span.start);
    Some(TextEdit {
        span: Span::empty(start),
        new_text: format!("{indent}- {step}{eol}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_key_columns() {
        let col = |t: &str, at| block_key_column(t, &LineIndex::new(t), at);
        assert_eq!(col("  - image: x", 4), Some(4));
        assert_eq!(col("a: 1\r  - image: x", 9), Some(4));
        assert_eq!(col("  - {image: x}", 5), None);
        assert_eq!(col("---image", 3), None);
    }
}
