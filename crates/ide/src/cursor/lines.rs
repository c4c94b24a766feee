//! The text's lines as block YAML's structure shows in them: indentation, `- ` markers, a
//! `key:` and its value. Read on demand, so that a request looks only at the lines it needs.

/// One line of the text, split into the parts the structure depends on.
#[derive(Clone, Debug)]
pub(super) struct Line<'t> {
    pub(super) start: usize,
    pub(super) text: &'t str,
    /// Column of the first non-blank character.
    pub(super) indent: usize,
    /// Columns of `- ` markers at the start (`- - x` has two).
    pub(super) dashes: Vec<usize>,
    /// Column where the content after the dashes starts.
    pub(super) content_col: usize,
    /// The key and its column when the content is `key:` or `key: value`.
    pub(super) key: Option<(&'t str, usize)>,
    /// The value text after `key:` with comments removed.
    pub(super) value: &'t str,
    pub(super) blank: bool,
}

pub(super) fn parse_line(start: usize, text: &str) -> Line<'_> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
        i += 1;
    }
    let indent = i;
    let blank = i >= bytes.len() || bytes[i] == b'#';
    let mut dashes = Vec::new();
    while i < bytes.len() && bytes[i] == b'-' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
        dashes.push(i);
        i += 1;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
    }
    let content_col = i;
    let content = &text[i.min(text.len())..];
    let (key, value) = match split_key(content) {
        Some((k, v)) => (Some((k, content_col)), v),
        None => (None, ""),
    };
    Line {
        start,
        text,
        indent,
        dashes,
        content_col,
        key,
        value,
        blank,
    }
}

/// Splits `key: value` (or `key:`) into the key without quotes and the value without a
/// trailing comment. `image: foo:1.0` splits at the first `: `.
fn split_key(content: &str) -> Option<(&str, &str)> {
    if content.starts_with('#') || content.starts_with('{') || content.starts_with('[') {
        return None;
    }
    let bytes = content.as_bytes();
    let (key_end, colon) = if let Some(q) = bytes.first().filter(|b| **b == b'"' || **b == b'\'') {
        let close = content[1..].find(*q as char)? + 1;
        if bytes.get(close + 1) != Some(&b':') {
            return None;
        }
        (close + 1, close + 1)
    } else {
        let mut found = None;
        for (i, b) in bytes.iter().enumerate() {
            if *b == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ' || bytes[i + 1] == b'\t')
            {
                found = Some(i);
                break;
            }
            if *b == b'#' && i > 0 && bytes[i - 1] == b' ' {
                break;
            }
        }
        let c = found?;
        (c, c)
    };
    let key = content[..key_end].trim().trim_matches(['"', '\'']);
    let rest = content.get(colon + 1..).unwrap_or("");
    let value = match rest.find(" #") {
        Some(p) => &rest[..p],
        None => rest,
    };
    Some((key, value.trim()))
}

/// The text's lines, parsed on demand: a request looks at the few lines around the cursor and
/// the parents above it, and skips the rest by their indentation alone.
pub(super) struct LineTable<'t> {
    pub(super) text: &'t str,
    /// Start and end (before the line break) of every line.
    bounds: Vec<(usize, usize)>,
}

impl<'t> LineTable<'t> {
    pub(super) fn new(text: &'t str) -> LineTable<'t> {
        let bytes = text.as_bytes();
        let mut bounds = Vec::with_capacity(bytes.len() / 24 + 1);
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'\n' || bytes[i] == b'\r' {
                bounds.push((start, i));
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            i += 1;
        }
        bounds.push((start.min(text.len()), text.len()));
        LineTable { text, bounds }
    }

    pub(super) fn len(&self) -> usize {
        self.bounds.len()
    }

    pub(super) fn line(&self, i: usize) -> Line<'t> {
        let (start, end) = self
            .bounds
            .get(i)
            .copied()
            .unwrap_or((self.text.len(), self.text.len()));
        parse_line(start, &self.text[start..end])
    }

    /// The line's indent and whether it is blank or a comment, without parsing it.
    pub(super) fn quick(&self, i: usize) -> (usize, bool) {
        let (start, end) = self.bounds.get(i).copied().unwrap_or((0, 0));
        let bytes = &self.text.as_bytes()[start..end];
        let indent = bytes
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        (indent, matches!(bytes.get(indent), None | Some(b'#')))
    }

    /// The line holding `offset`.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.bounds
            .partition_point(|(start, _)| *start <= offset)
            .saturating_sub(1)
    }
}
