//! The source a `full` report shows around a span: whole lines, at most [`MAX_LINES`] of them,
//! each clipped to a window around the span (`…` where cut) so a finding on a 2 MB line
//! costs as much as one on a short line, and every literal secret shown as `••••`, as the
//! machine formats and the editor show it. CI logs are often public.

use std::ops::Range;

use super::positions::floor_char_boundary;
use super::FileResult;
use analysis::secrets::redact::{secret_spans, REDACTED};
use syntax::yaml::Span;

/// Source lines shown around one span at most; a longer span is cut there.
pub const MAX_LINES: usize = 8;
/// Bytes of one line shown at most.
const WINDOW: usize = 160;
/// Bytes kept before the span's start when its line is clipped.
const BEFORE: usize = 48;
/// Bytes around a window that secret detectors read, so a token the window cuts is still
/// recognised and hidden.
const SCAN_MARGIN: usize = 256;
/// What stands for a clipped part of a line.
const CLIPPED: &str = "…";

/// A part of the source: file bytes shown as they are, or a secret shown as `••••`.
#[derive(Clone, Copy, Debug)]
struct Piece {
    /// The file bytes it stands for.
    from: usize,
    to: usize,
    /// Where it starts in the excerpt's source, and its length there.
    at: usize,
    len: usize,
    /// The bytes are shown as they are (else replaced).
    verbatim: bool,
}

/// Lines of a file as annotate-snippets takes them, with the map from file offsets to
/// offsets in them.
#[derive(Debug)]
pub struct Excerpt {
    pub source: String,
    /// 1-based number of its first line.
    pub line: usize,
    pieces: Vec<Piece>,
}

impl Excerpt {
    /// The lines around `span` in `r`.
    pub fn around(r: &FileResult, span: Span) -> Excerpt {
        let text: &str = &r.text;
        let lines = r.lines();
        let at = floor_char_boundary(text, span.start);
        let first = lines.line_of(at);
        let end = floor_char_boundary(text, span.end.max(at));
        let last = if end > at {
            lines.line_of(end - 1)
        } else {
            first
        };
        let last = last.min(first + MAX_LINES - 1);
        let mut excerpt = Excerpt {
            source: String::new(),
            line: first + 1,
            pieces: Vec::new(),
        };
        for line in first..=last {
            let start = lines.line_start(line).unwrap_or(text.len());
            let end = lines.line_end(line).unwrap_or(text.len());
            let focus = (line == first).then_some(at);
            excerpt.push_line(r, start..end, focus);
            if line != last {
                excerpt.source.push('\n');
            }
        }
        excerpt
    }

    /// One line, clipped around `focus` (or from its start) when it is long.
    fn push_line(&mut self, r: &FileResult, line: Range<usize>, focus: Option<usize>) {
        let text: &str = &r.text;
        let window = window(text, line.clone(), focus);
        if window.start > line.start {
            self.source.push_str(CLIPPED);
        }
        let mut at = window.start;
        for secret in r.secrets_in(window.clone(), SCAN_MARGIN) {
            let (from, to) = (secret.start.max(at), secret.end.min(window.end));
            if to <= from {
                continue;
            }
            self.push_piece(text, at..from, true);
            self.push_piece(text, from..to, false);
            at = to;
        }
        self.push_piece(text, at..window.end, true);
        if window.end < line.end {
            self.source.push_str(CLIPPED);
        }
    }

    fn push_piece(&mut self, text: &str, bytes: Range<usize>, verbatim: bool) {
        if bytes.is_empty() && verbatim {
            // An empty piece still marks where an empty line or span sits.
            if self.pieces.last().is_some_and(|p| p.to == bytes.start) {
                return;
            }
        }
        let shown = if verbatim {
            text.get(bytes.clone()).unwrap_or_default()
        } else {
            REDACTED
        };
        self.pieces.push(Piece {
            from: bytes.start,
            to: bytes.end,
            at: self.source.len(),
            len: shown.len(),
            verbatim,
        });
        self.source.push_str(shown);
    }

    /// Whether both ends of `span` are shown (not clipped away).
    pub fn contains(&self, span: Span) -> bool {
        self.piece_at(span.start).is_some() && self.piece_at(span.end).is_some()
    }

    /// `span` in the excerpt's source. An end that was clipped away goes to the nearest shown
    /// text; a span in a secret covers its `••••`.
    pub fn range(&self, span: Span) -> Range<usize> {
        let start = self.map(span.start, false);
        let end = self.map(span.end.max(span.start), true).max(start);
        start..end
    }

    fn piece_at(&self, offset: usize) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.from <= offset);
        let piece = self.pieces.get(i.checked_sub(1)?)?;
        (offset <= piece.to).then_some(piece)
    }

    fn map(&self, offset: usize, end: bool) -> usize {
        if let Some(p) = self.piece_at(offset) {
            return match (p.verbatim, end) {
                (true, _) => p.at + (offset - p.from).min(p.len),
                (false, false) if offset < p.to => p.at,
                (false, _) => p.at + p.len,
            };
        }
        // Clipped away: before every piece, or after the last one shown before it.
        let i = self.pieces.partition_point(|p| p.from <= offset);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(p) => p.at + p.len,
            None => 0,
        }
    }
}

/// The bytes of `line` shown: all of a short line; of a long one, a window that starts a
/// little before `focus` (or at the line's start), on character boundaries.
fn window(text: &str, line: Range<usize>, focus: Option<usize>) -> Range<usize> {
    if line.len() <= WINDOW {
        return line;
    }
    let start = focus
        .map_or(line.start, |f| f.saturating_sub(BEFORE).max(line.start))
        .min(line.end);
    let start = floor_char_boundary(text, start);
    let end = floor_char_boundary(text, (start + WINDOW).min(line.end));
    start..end
}

/// The spans of literal secrets in `text` around `window` that the detectors find, as
/// file offsets.
pub fn detected(text: &str, window: Range<usize>, margin: usize) -> Vec<Span> {
    let from = floor_char_boundary(text, window.start.saturating_sub(margin));
    let to = floor_char_boundary(text, window.end.saturating_add(margin));
    let scanned = text.get(from..to).unwrap_or_default();
    secret_spans(scanned)
        .into_iter()
        .map(|s| Span {
            start: s.start + from,
            end: s.end + from,
        })
        .filter(|s| s.end > window.start && s.start < window.end)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use analysis::diagnostics::Finding;
    use std::sync::Arc;

    fn result(text: &str) -> FileResult {
        FileResult::new("c.yml".into(), Arc::from(text), Vec::<Finding>::new())
    }

    #[test]
    fn a_long_line_is_clipped_around_the_span() {
        let mut text = String::from("jobs: [");
        for i in 0..1_000 {
            text.push_str(&format!("j{i}, "));
        }
        text.push_str("]\n");
        let r = result(&text);
        let at = text.find("j500,").unwrap_or(0);
        let span = Span {
            start: at,
            end: at + 4,
        };
        let excerpt = Excerpt::around(&r, span);
        assert!(excerpt.source.starts_with('…') && excerpt.source.ends_with('…'));
        assert!(excerpt.source.len() <= WINDOW + 2 * CLIPPED.len());
        let range = excerpt.range(span);
        assert_eq!(excerpt.source.get(range), Some("j500"));
        let far = text.find("j900,").unwrap_or(0);
        assert!(!excerpt.contains(Span {
            start: far,
            end: far + 4
        }));
    }

    #[test]
    fn secrets_are_hidden_and_spans_in_them_cover_the_mask() {
        let text = "env:\n  TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n";
        let r = result(text);
        let at = text.find("ghp_").unwrap_or(0);
        let span = Span {
            start: at,
            end: at + 40,
        };
        let excerpt = Excerpt::around(&r, span);
        assert_eq!(excerpt.source, "  TOKEN: ••••");
        assert_eq!(excerpt.source.get(excerpt.range(span)), Some("••••"));
    }
}
