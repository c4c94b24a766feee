//! Maps byte offsets inside a scalar's value back to the document text.
//!
//! A YAML scalar's value is not always its source text: block scalars drop their indentation,
//! plain and folded scalars fold line breaks into spaces, quoted scalars have quotes and
//! escapes. Rules that point inside a value (an image inside a `run` command, a password
//! argument) need the source position of each value byte. When the value cannot be lined up
//! with the source (escapes in a double-quoted scalar), there is no map and callers fall back
//! to the whole scalar's span.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::yaml::{Node, NodeKind, ScalarStyle, Span};

/// Source offsets for every byte of a scalar's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalarMap {
    /// The source offset of each value byte, as runs: a script of 120,000 lines maps in
    /// 120,000 runs where one offset per byte took 8 bytes per byte of the script.
    offsets: Runs,
    /// Where an empty value, or the position just after the value, is in the source.
    end: usize,
}

impl ScalarMap {
    /// Lines up `node`'s value with `text`. `None` for non-scalars, nodes copied in through an
    /// alias (their spans are elsewhere) and values that do not map byte for byte.
    pub fn new(text: &str, node: &Node) -> Option<ScalarMap> {
        let NodeKind::Scalar(scalar) = &node.kind else {
            return None;
        };
        let raw = text.get(node.span.start..node.span.end)?;
        let value = scalar.value.as_str();
        match scalar.style {
            ScalarStyle::Plain => align(value, raw, node.span.start, Quote::None),
            ScalarStyle::SingleQuoted => {
                let inner = raw.strip_prefix('\'')?.strip_suffix('\'')?;
                align(value, inner, node.span.start + 1, Quote::Single)
            }
            ScalarStyle::DoubleQuoted => {
                let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
                if inner.contains('\\') {
                    return None;
                }
                align(value, inner, node.span.start + 1, Quote::None)
            }
            ScalarStyle::Literal | ScalarStyle::Folded => block(value, raw, node.span.start),
        }
    }

    /// The source offset of value offset `at` (`at == value.len()` gives the end).
    pub fn offset(&self, at: usize) -> Option<usize> {
        if at == self.offsets.len {
            return Some(self.end);
        }
        self.offsets.get(at)
    }

    /// The source span of a value span: from its first byte to just after its last byte.
    pub fn span(&self, value_span: Span) -> Option<Span> {
        let start = self.offset(value_span.start)?;
        if value_span.is_empty() {
            return Some(Span::empty(start));
        }
        let last = self.offsets.get(value_span.end.checked_sub(1)?)?;
        Some(Span::new(start, last + 1))
    }

    /// True when the value span is written as the same bytes, contiguously, in the source (no
    /// folded line break or stripped indentation inside it): replacing it is safe.
    pub fn is_contiguous(&self, value_span: Span) -> bool {
        if value_span.is_empty() {
            return true;
        }
        // Runs are as long as they can be, so a contiguous span lies inside one.
        self.offsets
            .run_end(value_span.start)
            .is_some_and(|end| value_span.end <= end)
    }
}

/// Offsets `0..len` mapped to targets, stored as runs of consecutive targets: `starts` holds
/// `(offset, target)` where a run begins, in order. A new offset that continues the last run
/// extends it, so two runs never join up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Runs {
    starts: Vec<(usize, usize)>,
    len: usize,
}

impl Runs {
    /// Maps the next offset (`len`) to `target`.
    fn push(&mut self, target: usize) {
        let at = self.len;
        let continues = self
            .starts
            .last()
            .is_some_and(|&(offset, first)| first + (at - offset) == target);
        if !continues {
            self.starts.push((at, target));
        }
        self.len += 1;
    }

    /// The index in `starts` of the run holding `at`.
    fn run_of(&self, at: usize) -> Option<usize> {
        if at >= self.len {
            return None;
        }
        self.starts
            .partition_point(|&(offset, _)| offset <= at)
            .checked_sub(1)
    }

    fn get(&self, at: usize) -> Option<usize> {
        let &(offset, first) = self.starts.get(self.run_of(at)?)?;
        Some(first + (at - offset))
    }

    /// Where the run holding `at` ends (exclusive).
    fn run_end(&self, at: usize) -> Option<usize> {
        let k = self.run_of(at)?;
        Some(
            self.starts
                .get(k + 1)
                .map_or(self.len, |&(offset, _)| offset),
        )
    }

    /// Every target, in offset order.
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.starts
            .iter()
            .enumerate()
            .flat_map(move |(k, &(offset, first))| {
                let end = self.starts.get(k + 1).map_or(self.len, |&(next, _)| next);
                (0..end - offset).map(move |i| first + i)
            })
    }
}

/// Scalar maps built once per scalar and shared: a script with thousands of docker commands
/// is lined up with its source once, not once per command.
#[derive(Debug, Default)]
pub struct ScalarMaps {
    maps: RefCell<HashMap<Span, Option<Rc<ScalarMap>>>>,
}

impl ScalarMaps {
    /// The map of `node`'s value, built on first use.
    pub fn get(&self, text: &str, node: &Node) -> Option<Rc<ScalarMap>> {
        if let Some(map) = self.maps.borrow().get(&node.span) {
            return map.clone();
        }
        let map = ScalarMap::new(text, node).map(Rc::new);
        self.maps.borrow_mut().insert(node.span, map.clone());
        map
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    Single,
}

/// Greedy alignment of `value` against `source` (which starts at document offset `base`):
/// equal bytes map; source whitespace the value folded away is skipped; a value space or line
/// break may stand for a source line break.
fn align(value: &str, source: &str, base: usize, quote: Quote) -> Option<ScalarMap> {
    let v = value.as_bytes();
    let s = source.as_bytes();
    let mut offsets = Runs::default();
    let mut j = 0;
    for &vb in v {
        loop {
            let Some(&sb) = s.get(j) else {
                // A block scalar's span stops at its last non-blank character; the line
                // breaks the value keeps after it map to the span's end.
                if vb == b'\n' {
                    offsets.push(base + s.len());
                    break;
                }
                return None;
            };
            if sb == vb {
                offsets.push(base + j);
                j += 1;
                // In single quotes `''` is one `'`: skip the second quote.
                if quote == Quote::Single && vb == b'\'' && s.get(j) == Some(&b'\'') {
                    j += 1;
                }
                break;
            }
            // A lone `\r` ends a line too; the `\r` of `\r\n` is skipped below.
            let line_break = sb == b'\n' || (sb == b'\r' && s.get(j + 1) != Some(&b'\n'));
            if (vb == b' ' || vb == b'\n') && line_break {
                offsets.push(base + j);
                j += 1;
                break;
            }
            if matches!(sb, b' ' | b'\t' | b'\r' | b'\n') {
                j += 1;
                continue;
            }
            return None;
        }
    }
    Some(ScalarMap {
        offsets,
        end: base + j,
    })
}

/// Block scalars: strip the header line and the content indentation, then align.
fn block(value: &str, raw: &str, base: usize) -> Option<ScalarMap> {
    let header_break = raw.find(['\n', '\r'])?;
    let header_end = header_break
        + if raw.get(header_break..)?.starts_with("\r\n") {
            2
        } else {
            1
        };
    let body = raw.get(header_end..)?;
    // The content indentation: the first non-blank source line's indentation minus the
    // leading spaces that line keeps in the value (an explicit indentation indicator may
    // leave some).
    let first_source_indent = body
        .split(['\n', '\r'])
        .find(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())?;
    let first_value_indent = value
        .split('\n')
        .find(|l| !l.trim().is_empty())
        .map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
    let indent = first_source_indent.checked_sub(first_value_indent)?;

    // Build the stripped source with the document offset of each kept byte.
    let mut stripped = Vec::with_capacity(body.len());
    let mut positions = Runs::default();
    let mut line_start = 0;
    for line in body.split_inclusive(['\n', '\r']) {
        let bytes = line.as_bytes();
        let mut skip = 0;
        while skip < indent && bytes.get(skip) == Some(&b' ') {
            skip += 1;
        }
        for (k, &b) in bytes.iter().enumerate().skip(skip) {
            stripped.push(b);
            positions.push(base + header_end + line_start + k);
        }
        line_start += line.len();
    }
    let stripped = String::from_utf8(stripped).ok()?;
    let map = align(value, &stripped, 0, Quote::None)?;
    let past_end = base + raw.len();
    // Both maps run forward, so one pass over the positions' runs composes them.
    let mut offsets = Runs::default();
    let mut run = 0;
    for i in map.offsets.iter() {
        while positions
            .starts
            .get(run + 1)
            .is_some_and(|&(offset, _)| offset <= i)
        {
            run += 1;
        }
        let at = match positions.starts.get(run) {
            Some(&(offset, first)) if i >= offset && i < positions.len => first + (i - offset),
            _ => positions.get(i).unwrap_or(past_end),
        };
        offsets.push(at);
    }
    let end = positions.get(map.end).unwrap_or(past_end);
    Some(ScalarMap { offsets, end })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    /// Parses `text`, takes the value of top-level key `v`, and checks every value byte maps
    /// to the same byte (or a folded line break) in the source.
    fn map_of(text: &str) -> (String, Option<ScalarMap>) {
        let parsed = yaml::parse(text);
        let node = parsed
            .root()
            .and_then(|r| r.get("v"))
            .expect("key v")
            .clone();
        let value = node.as_str().expect("scalar").to_string();
        let map = ScalarMap::new(text, &node);
        if let Some(m) = &map {
            for (i, b) in value.bytes().enumerate() {
                let at = m.offset(i).unwrap();
                let sb = text.as_bytes()[at];
                assert!(
                    sb == b || (matches!(sb, b'\n' | b'\r') && (b == b' ' || b == b'\n')),
                    "value byte {i} {:?} maps to {at} {:?} in {text:?}",
                    b as char,
                    sb as char
                );
            }
        }
        (value, map)
    }

    fn source_of(text: &str, needle: &str) -> String {
        let (value, map) = map_of(text);
        let map = map.expect("maps");
        let at = value.find(needle).expect("needle");
        let span = map.span(Span::new(at, at + needle.len())).unwrap();
        text[span.start..span.end].to_string()
    }

    #[test]
    fn plain_and_quoted() {
        assert_eq!(source_of("v: docker pull redis # c\n", "redis"), "redis");
        assert_eq!(source_of("v: 'it''s redis'\n", "redis"), "redis");
        assert_eq!(source_of("v: \"pull redis\"\n", "redis"), "redis");
        assert_eq!(source_of("v: a\n  b redis\n", "redis"), "redis");
        let (_, map) = map_of("v: \"a\\tb redis\"\n");
        assert!(map.is_none());
    }

    #[test]
    fn literal_block_with_more_indented_lines_and_crlf() {
        let text = "v: |\r\n  docker login \\\r\n    -p x\r\n  docker pull redis\r\n";
        assert_eq!(source_of(text, "-p x"), "-p x");
        assert_eq!(source_of(text, "redis"), "redis");
        assert_eq!(source_of(text, "  -p x"), "  -p x");
        let text = "v: |\r  docker login \\\r    -p x\r  docker pull redis\r";
        assert_eq!(source_of(text, "-p x"), "-p x");
        assert_eq!(source_of(text, "redis"), "redis");
        assert_eq!(source_of("v: a\r  b redis\r", "redis"), "redis");
    }

    #[test]
    fn folded_block_and_indicator() {
        let text = "v: >\n  docker pull\n  redis:7\n";
        assert_eq!(source_of(text, "redis:7"), "redis:7");
        let (value, map) = map_of(text);
        let map = map.unwrap();
        let at = value.find("pull redis").unwrap();
        assert!(!map.is_contiguous(Span::new(at, at + 10)));
        assert!(map.is_contiguous(Span::new(at, at + 4)));
        let text = "v: |2\n     x redis\n";
        assert_eq!(source_of(text, "redis"), "redis");
    }

    #[test]
    fn non_ascii_lines() {
        let text = "v: |\n  # プライベート\n  docker run -d --name db company/db:1.2.3\n";
        assert_eq!(source_of(text, "company/db:1.2.3"), "company/db:1.2.3");
    }

    #[test]
    fn value_end() {
        let text = "v: abc\n";
        let (_, map) = map_of(text);
        let map = map.unwrap();
        assert_eq!(map.offset(3), Some(6));
        assert_eq!(map.span(Span::empty(3)), Some(Span::empty(6)));
    }

    /// `is_contiguous` and `span` agree with the byte-by-byte offsets on every span.
    #[test]
    fn runs_agree_with_offsets() {
        let texts = [
            "v: docker pull redis # c\n",
            "v: 'it''s redis'\n",
            "v: a\n  b redis\n",
            "v: |\r\n  docker login \\\r\n    -p x\r\n  docker pull redis\r\n",
            "v: >\n  docker pull\n  redis:7\n\n\n",
            "v: |2\n     x redis\n",
            "v: |+\n  a\n\n  b\n\n\n",
        ];
        for text in texts {
            let (value, map) = map_of(text);
            let map = map.expect("maps");
            let offsets: Vec<usize> = (0..value.len()).map(|i| map.offset(i).unwrap()).collect();
            for start in 0..=value.len() + 1 {
                for end in start..=value.len() + 1 {
                    let bytes = offsets.get(start..end);
                    let contiguous = match bytes {
                        Some(b) => b.windows(2).all(|w| w[1] == w[0] + 1),
                        None => start == end,
                    };
                    let span = Span::new(start, end);
                    assert_eq!(map.is_contiguous(span), contiguous, "{text:?} {span:?}");
                    if end > start && end <= value.len() {
                        let s = map.span(span).unwrap();
                        assert_eq!((s.start, s.end), (offsets[start], offsets[end - 1] + 1));
                    }
                }
            }
        }
    }
}
