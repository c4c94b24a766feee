//! The cursor inside a flow collection (`[build, test]`, `{path: x, destination: y}`), on one
//! line or several. Indentation says nothing inside the brackets, so the text from the
//! collection's opening bracket to the cursor is read as YAML's flow syntax: brackets,
//! commas, quoted scalars, comments and `key: value` pairs. Plain scalars cannot hold flow
//! indicators (YAML 1.2, 7.3.3), which keeps the reading simple and tolerant of the
//! half-typed text that follows.

use std::ops::Range;

use syntax::yaml::PathSegment;

/// What the cursor writes inside the collection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum FlowSlot {
    /// A key of a flow mapping.
    Key,
    /// The value of `key` in a flow mapping (or of a single pair in a flow sequence).
    Value { key: String },
    /// An item of a flow sequence.
    Item,
}

/// The cursor's place relative to the collection that starts the scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct FlowPlace {
    /// Keys and indices from the collection down to the innermost one holding the cursor; for
    /// a value, down to the mapping holding the key (or to the pair's item in a sequence).
    pub(super) path: Vec<PathSegment>,
    pub(super) slot: FlowSlot,
    /// The token around the cursor, as offsets of the text scanned.
    pub(super) token: Range<usize>,
    /// The other keys of the innermost mapping, before and after the cursor.
    pub(super) sibling_keys: Vec<String>,
}

/// One collection open at the cursor.
#[derive(Clone, Debug, Default)]
struct Frame {
    map: bool,
    /// The item's index in a sequence.
    index: usize,
    /// The key of the current entry once its `:` is read (a single pair's in a sequence).
    key: Option<String>,
    /// The keys of entries read before the current one.
    keys: Vec<String>,
    /// Where the current entry or item starts.
    token_start: usize,
}

/// Bytes of text read after the cursor to find the other keys of its mapping.
const LOOK_AHEAD: usize = 4096;

/// The cursor's place when `text[start]` opens a flow collection (`[` or `{`) that is still
/// open at `cursor`; `None` when it closes before, or the cursor is in a comment.
pub(super) fn place_in(text: &str, start: usize, cursor: usize) -> Option<FlowPlace> {
    let cursor = cursor.min(text.len());
    if !matches!(text.as_bytes().get(start), Some(b'[' | b'{')) || cursor <= start {
        return None;
    }
    let stack = open_frames(text, start, cursor)?;
    let inner = stack.last()?;
    let token = token_around(text, inner.token_start, cursor);
    let mut path = Vec::new();
    let (last, outer) = stack.split_last()?;
    for f in outer {
        path.push(f.segment());
    }
    let slot = match (&last.key, last.map) {
        (Some(key), true) => FlowSlot::Value { key: key.clone() },
        (Some(key), false) => {
            path.push(PathSegment::Index(last.index));
            FlowSlot::Value { key: key.clone() }
        }
        (None, true) => FlowSlot::Key,
        (None, false) => FlowSlot::Item,
    };
    let sibling_keys = if slot == FlowSlot::Key {
        let mut keys = last.keys.clone();
        keys.extend(keys_after(text, token.end));
        keys
    } else {
        Vec::new()
    };
    Some(FlowPlace {
        path,
        slot,
        token,
        sibling_keys,
    })
}

/// The collections still open at `cursor`, outermost first, scanning from the opener at
/// `start`; `None` when the outermost closes before the cursor, or the cursor is in a comment.
fn open_frames(text: &str, start: usize, cursor: usize) -> Option<Vec<Frame>> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = start;
    while i < cursor {
        match bytes.get(i).copied().unwrap_or(b' ') {
            b'"' | b'\'' => {
                let end = quoted_end(bytes, i);
                if end >= cursor {
                    // The cursor is inside the quoted scalar: it is the token.
                    break;
                }
                i = end;
                continue;
            }
            b'#' if i == 0 || bytes.get(i - 1).is_some_and(u8::is_ascii_whitespace) => {
                let end = line_end(bytes, i);
                if end >= cursor {
                    return None;
                }
                i = end;
                continue;
            }
            open @ (b'[' | b'{') => stack.push(Frame {
                map: open == b'{',
                token_start: i + 1,
                ..Frame::default()
            }),
            b']' | b'}' => {
                stack.pop();
                if stack.is_empty() {
                    return None;
                }
            }
            b',' => {
                if let Some(f) = stack.last_mut() {
                    f.next_entry(text, i);
                }
            }
            b':' if is_indicator(bytes, i) => {
                if let Some(f) = stack.last_mut() {
                    f.key_ends(text, i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    Some(stack)
}

impl Frame {
    /// A `:` at `at` ends the current entry's key, if it has none yet.
    fn key_ends(&mut self, text: &str, at: usize) {
        if self.key.is_none() {
            self.key = Some(unquote(text.get(self.token_start..at).unwrap_or("")));
            self.token_start = at + 1;
        }
    }

    /// The path segment of this collection's current entry or item.
    fn segment(&self) -> PathSegment {
        if self.map {
            PathSegment::Key(self.key.clone().unwrap_or_default())
        } else {
            PathSegment::Index(self.index)
        }
    }

    /// A `,` at `at` ends the current entry or item.
    fn next_entry(&mut self, text: &str, at: usize) {
        if self.map {
            let key = match self.key.take() {
                Some(key) => key,
                // A key with no value (`{a, b: c}`) is a key too.
                None => unquote(text.get(self.token_start..at).unwrap_or("")),
            };
            if !key.is_empty() {
                self.keys.push(key);
            }
        } else {
            self.index += 1;
            self.key = None;
        }
        self.token_start = at + 1;
    }
}

/// Whether the `:` at `at` separates a key from its value: followed by white space, a flow
/// indicator or the end, or right after a quoted key (`{"a":1}`).
fn is_indicator(bytes: &[u8], at: usize) -> bool {
    let next = bytes.get(at + 1);
    next.is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b',' | b']' | b'}' | b'[' | b'{'))
        || (at > 0 && matches!(bytes.get(at - 1), Some(b'"' | b'\'')))
}

/// The offset just past the quoted scalar opening at `at` (the text's end if unclosed).
fn quoted_end(bytes: &[u8], at: usize) -> usize {
    let quote = bytes.get(at).copied().unwrap_or(b'"');
    let mut i = at + 1;
    while let Some(b) = bytes.get(i) {
        match (*b, quote) {
            (b'\\', b'"') => i += 1,
            // `''` is an escaped quote inside single quotes.
            (b'\'', b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 1,
            (b, q) if b == q => return i + 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

fn line_end(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|b| matches!(b, b'\n' | b'\r')))
        .map_or(bytes.len(), |p| at + p)
}

/// The token holding `cursor` in an entry starting at `from`: white space around it left out,
/// up to the next indicator, line end or comment after the cursor.
fn token_around(text: &str, from: usize, cursor: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut start = from.min(cursor);
    while start < cursor && bytes.get(start).is_some_and(u8::is_ascii_whitespace) {
        start += 1;
    }
    let end = if matches!(bytes.get(start), Some(b'"' | b'\'')) && start < cursor {
        quoted_end(bytes, start).min(line_end(bytes, start))
    } else {
        plain_end(bytes, cursor)
    };
    let mut end = end.max(cursor);
    while end > cursor && bytes.get(end - 1).is_some_and(u8::is_ascii_whitespace) {
        end -= 1;
    }
    start..end
}

/// Where a plain scalar going on at `at` ends.
fn plain_end(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    while let Some(b) = bytes.get(i) {
        let stops = match b {
            b',' | b'[' | b']' | b'{' | b'}' | b'\n' | b'\r' => true,
            b':' => is_indicator(bytes, i),
            b'#' => i > 0 && bytes.get(i - 1).is_some_and(u8::is_ascii_whitespace),
            _ => false,
        };
        if stops {
            break;
        }
        i += 1;
    }
    i
}

/// The keys of the entries that follow `from` in the same mapping, up to its closing brace.
fn keys_after(text: &str, from: usize) -> Vec<String> {
    let bytes = text.as_bytes();
    let stop = (from + LOOK_AHEAD).min(bytes.len());
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut entry_start = None;
    let mut i = from;
    while i < stop {
        match bytes.get(i).copied().unwrap_or(b' ') {
            b'"' | b'\'' => {
                i = quoted_end(bytes, i);
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' if depth == 0 => break,
            b']' | b'}' => depth -= 1,
            b',' if depth == 0 => entry_start = Some(i + 1),
            b':' if depth == 0 && is_indicator(bytes, i) => {
                if let Some(s) = entry_start.take() {
                    let key = unquote(text.get(s..i).unwrap_or(""));
                    if !key.is_empty() {
                        keys.push(key);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

/// A key as written, without white space and quotes.
fn unquote(key: &str) -> String {
    key.trim().trim_matches(['"', '\'']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The place at `$0` in a flow collection that starts the fixture.
    fn place(fixture: &str) -> String {
        let cursor = fixture.find("$0").unwrap_or(0);
        let text = fixture.replace("$0", "");
        let Some(p) = place_in(&text, 0, cursor) else {
            return "none".to_string();
        };
        let path: Vec<String> = p.path.iter().map(|s| s.to_string()).collect();
        format!(
            "{:?} at {} token={:?} siblings={:?}",
            p.slot,
            path.join("."),
            text.get(p.token.clone()).unwrap_or("?"),
            p.sibling_keys
        )
    }

    #[test]
    fn items_keys_and_values() {
        assert_eq!(
            place("[build, te$0st, lint]"),
            r#"Item at  token="test" siblings=[]"#
        );
        assert_eq!(place("[build, $0]"), r#"Item at  token="" siblings=[]"#);
        assert_eq!(
            place("{ path: x, dest$0ination: y, when: always }"),
            r#"Key at  token="destination" siblings=["path", "when"]"#
        );
        assert_eq!(
            place("{path: '/tmp/ar$0tifacts'}"),
            r#"Value { key: "path" } at  token="'/tmp/artifacts'" siblings=[]"#
        );
        assert_eq!(
            place("[checkout, {ru$0n: make}]"),
            r#"Key at [1] token="run" siblings=[]"#
        );
        assert_eq!(
            place("[checkout, {run: {command: make, na$0}}]"),
            r#"Key at [1].run token="na" siblings=["command"]"#
        );
    }

    #[test]
    fn several_lines_comments_and_quotes() {
        assert_eq!(
            place("[\n  build, # the build\n  \"a, b\",\n  te$0\n]"),
            r#"Item at  token="te" siblings=[]"#
        );
        assert_eq!(place("[a] $0"), "none");
        assert_eq!(place("[a, # x $0\n b]"), "none");
        // A colon inside a plain scalar is part of it.
        assert_eq!(
            place("{image: cimg/node:2$0}"),
            r#"Value { key: "image" } at  token="cimg/node:2" siblings=[]"#
        );
        assert_eq!(
            place("[build: {requires: [a]}, te$0: x]"),
            r#"Item at  token="te" siblings=[]"#
        );
    }

    #[test]
    fn any_offset_is_safe() {
        let text = "{a: [b, \"c\\\"\", 'd''e'], # f\n g: {h: [}, é: ]";
        for cursor in 0..=text.len() + 2 {
            let _ = place_in(text, 0, cursor);
        }
    }
}
