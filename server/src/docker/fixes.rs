//! Text edits for the docker quick-fixes. Every edit is as small as it can be and keeps the
//! surrounding comments, quoting, indentation and line endings.

use super::resolve::ImageEntry;
use crate::diagnostics::TextEdit;
use crate::yaml::{Node, ScalarStyle, Span};

/// The offset where the line holding `at` starts.
pub fn line_start(text: &str, at: usize) -> usize {
    text.get(..at.min(text.len()))
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |p| p + 1)
}

/// The offset where the line holding `at` ends, before its `\r\n` or `\n`.
pub fn line_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    let end = text
        .get(at..)
        .and_then(|after| after.find('\n'))
        .map_or(text.len(), |p| at + p);
    if end > 0 && text.as_bytes().get(end - 1) == Some(&b'\r') && end < text.len() {
        end - 1
    } else {
        end
    }
}

/// The line break used by the line holding `at`, or the file's first one.
pub fn line_break(text: &str, at: usize) -> &'static str {
    let end = line_end(text, at);
    if text.get(end..).is_some_and(|rest| rest.starts_with("\r\n")) {
        return "\r\n";
    }
    if text.get(end..).is_some_and(|rest| rest.starts_with('\n')) {
        return "\n";
    }
    match text.find('\n') {
        Some(p) if p > 0 && text.as_bytes().get(p - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// The column of a block mapping key that starts its line (after indentation and `- `
/// markers), or `None` when something else comes first on the line.
pub fn block_key_column(text: &str, key_start: usize) -> Option<usize> {
    let start = line_start(text, key_start);
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

/// Adds a `key:` block with `lines` (sub-key, value) to an image entry: below the `image`
/// line for a block mapping, inside the braces for a flow mapping.
pub fn insert_into_entry(
    text: &str,
    entry: &ImageEntry<'_>,
    key: &str,
    lines: &[(&str, String)],
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
        let column = block_key_column(text, entry.image_key.span.start)?;
        let after = line_end(
            text,
            value_end(entry.image_key, entry.image_value).max(entry.image_key.span.end),
        );
        let eol = line_break(text, after);
        let pad = " ".repeat(column);
        let mut insert = format!("{eol}{pad}{key}:");
        for (k, v) in lines {
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
    let inner = lines
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
    key: &Node,
    value: &Node,
    new_key: &str,
    lines: &[(&str, String)],
) -> Option<TextEdit> {
    let column = block_key_column(text, key.span.start)?;
    let end = value_end(key, value);
    if end < key.span.start {
        return None;
    }
    let eol = line_break(text, key.span.start);
    let pad = " ".repeat(column);
    let mut new_text = format!("{new_key}:");
    for (k, v) in lines {
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
pub fn insert_step_before(text: &str, item: &Node, step: &str) -> Option<TextEdit> {
    let start = line_start(text, item.span.start);
    let before = text.get(start..item.span.start)?;
    let dash = before.rfind('-')?;
    let indent = before.get(..dash)?;
    if !indent.bytes().all(|b| b == b' ') || before.get(dash + 1..)?.trim() != "" {
        return None;
    }
    let eol = line_break(text, item.span.start);
    Some(TextEdit {
        span: Span::empty(start),
        new_text: format!("{indent}- {step}{eol}"),
    })
}

/// Applies edits to `text` (for tests and previews). Edits must not overlap.
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.span.start < at {
            continue;
        }
        out.push_str(text.get(at..e.span.start).unwrap_or(""));
        out.push_str(&e.new_text);
        at = e.span.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_breaks() {
        let t = "a: 1\r\nb: 2\r\n";
        assert_eq!(line_start(t, 7), 6);
        assert_eq!(line_end(t, 6), 10);
        assert_eq!(line_break(t, 6), "\r\n");
        let t = "a: 1\nb: 2";
        assert_eq!(line_end(t, 6), 9);
        assert_eq!(line_break(t, 6), "\n");
        assert_eq!(block_key_column("  - image: x", 4), Some(4));
        assert_eq!(block_key_column("  - {image: x}", 5), None);
        assert_eq!(block_key_column("---image", 3), None);
    }

    #[test]
    fn apply_edits() {
        let edits = vec![
            TextEdit {
                span: Span::new(2, 3),
                new_text: "X".into(),
            },
            TextEdit {
                span: Span::empty(0),
                new_text: ">".into(),
            },
        ];
        assert_eq!(apply("abcd", &edits), ">abXd");
    }
}
