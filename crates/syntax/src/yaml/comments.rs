//! Comments of a YAML text, found beside the parser, which does not report them.

use super::ast::*;

/// Finds comments from `from` on: a `#` at the start of a line or after white space, outside
/// quoted and block scalars.
pub(super) fn scan_comments(text: &str, from: usize, string_spans: &mut [Span]) -> Vec<Comment> {
    string_spans.sort_unstable();
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    // A `#` before this offset is inside the comment found last.
    let mut comment_end = 0;
    let mut span_idx = 0;
    let after = bytes.get(from..).unwrap_or_default();
    for i in memchr::memchr_iter(b'#', after).map(|i| i + from) {
        let after_space = i == 0
            || bytes
                .get(i - 1)
                .is_some_and(|b| super::parse::is_yaml_space(*b));
        if i < comment_end || !after_space {
            continue;
        }
        while string_spans.get(span_idx).is_some_and(|s| s.end <= i) {
            span_idx += 1;
        }
        let inside = string_spans
            .get(span_idx)
            .is_some_and(|s| s.start <= i && i < s.end);
        if !inside {
            comment_end = memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(text.len(), |p| i + p);
            comments.push(Comment {
                span: Span::new(i, comment_end),
            });
        }
    }
    comments
}
