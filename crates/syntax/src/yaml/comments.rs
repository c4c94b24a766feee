//! Comments of a YAML text, found beside the parser, which does not report them.

use super::ast::*;

/// Finds comments: a `#` at the start of a line or after white space, outside quoted and block
/// scalars.
pub(super) fn scan_comments(text: &str, string_spans: &mut [Span]) -> Vec<Comment> {
    string_spans.sort_unstable();
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut i = 0;
    let mut span_idx = 0;
    while i < bytes.len() {
        if bytes[i] == b'#' && (i == 0 || super::parse::is_yaml_space(bytes[i - 1])) {
            while span_idx < string_spans.len() && string_spans[span_idx].end <= i {
                span_idx += 1;
            }
            let inside = string_spans
                .get(span_idx)
                .is_some_and(|s| s.start <= i && i < s.end);
            if !inside {
                let end = text[i..].find(['\n', '\r']).map_or(text.len(), |p| i + p);
                comments.push(Comment {
                    span: Span::new(i, end),
                });
                i = end;
                continue;
            }
        }
        i += 1;
    }
    comments
}
