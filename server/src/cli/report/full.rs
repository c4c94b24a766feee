//! `full`: each finding with its source lines and the span underlined, related spans labelled
//! and the fix as a help line, like rustc and ruff (annotate-snippets renders it).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{fix_safety, help_uri, shown_fix, Colour, FileResult};
use analysis::diagnostics::{FixSafety, Severity};
use syntax::text::escape::escape_controls;
use syntax::yaml::Span;

/// Source lines shown around one span at most; a longer span is cut there.
const MAX_LINES: usize = 8;
/// Related locations shown per finding at most.
const MAX_RELATED: usize = 4;

pub fn render(results: &[FileResult], colour: Colour) -> String {
    let renderer = match colour {
        Colour::Styled => Renderer::styled(),
        Colour::Plain => Renderer::plain(),
    };
    let mut out = String::new();
    for r in results {
        let path = r.display_path();
        for f in &r.findings {
            let level = match f.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
                Severity::Info => Level::INFO,
                Severity::Hint => Level::NOTE.with_name("hint"),
            };
            let message = escape_controls(&f.message);
            let primary = excerpt(r, f.span);
            let mut snippet = Snippet::source(primary.source.clone())
                .line_start(primary.line)
                .path(path.clone())
                .annotation(AnnotationKind::Primary.span(primary.range(f.span)));
            let mut elsewhere = Vec::new();
            for rel in f.related.iter().take(MAX_RELATED) {
                let label = escape_controls(&rel.message);
                if primary.contains(rel.span) {
                    snippet = snippet.annotation(
                        AnnotationKind::Context
                            .span(primary.range(rel.span))
                            .label(label),
                    );
                } else {
                    let ex = excerpt(r, rel.span);
                    let range = ex.range(rel.span);
                    elsewhere.push(
                        Snippet::source(ex.source)
                            .line_start(ex.line)
                            .path(path.clone())
                            .annotation(AnnotationKind::Context.span(range).label(label)),
                    );
                }
            }
            let mut group: Group<'_> = level
                .primary_title(message)
                .id(f.code)
                .id_url(help_uri(f.code))
                .element(snippet);
            for s in elsewhere {
                group = group.element(s);
            }
            if let Some(fix) = shown_fix(f) {
                let how = match fix_safety(f) {
                    FixSafety::Safe => " (`circleci-ls fix` applies it)",
                    FixSafety::Unsafe if fix.preferred => {
                        " (`circleci-ls fix --unsafe-fixes` applies it)"
                    }
                    _ => "",
                };
                group = group
                    .element(Level::HELP.message(format!("{}{how}", escape_controls(&fix.title))));
            }
            out.push_str(&renderer.render(&[group]));
            out.push_str("\n\n");
        }
    }
    out
}

/// The whole lines around a span, as annotate-snippets takes them.
struct Excerpt {
    /// Byte offset of `source` in the file.
    start: usize,
    source: String,
    /// 1-based number of its first line.
    line: usize,
}

impl Excerpt {
    fn contains(&self, span: Span) -> bool {
        span.start >= self.start && span.end <= self.start + self.source.len()
    }

    /// `span` relative to the excerpt, clamped into it.
    fn range(&self, span: Span) -> std::ops::Range<usize> {
        let len = self.source.len();
        let start = span.start.saturating_sub(self.start).min(len);
        let end = span.end.saturating_sub(self.start).clamp(start, len);
        start..end
    }
}

fn excerpt(r: &FileResult, span: Span) -> Excerpt {
    let text: &str = &r.text;
    let at = span.start.min(text.len());
    let start = text
        .get(..at)
        .and_then(|b| b.rfind(['\n', '\r']))
        .map_or(0, |p| p + 1);
    // Up to MAX_LINES line breaks from the start, or the span's last line if sooner.
    let mut end = start;
    let mut lines = 0;
    let span_end = span.end.clamp(at, text.len());
    let bytes = text.as_bytes();
    while end < text.len() {
        match bytes.get(end) {
            Some(b'\n') => {
                lines += 1;
                if end >= span_end || lines >= MAX_LINES {
                    break;
                }
            }
            Some(b'\r') if bytes.get(end + 1) != Some(&b'\n') => {
                lines += 1;
                if end >= span_end || lines >= MAX_LINES {
                    break;
                }
            }
            _ => {}
        }
        end += 1;
    }
    let slice = text.get(start..end).unwrap_or_default();
    // annotate-snippets splits lines at `\n` only; a lone `\r` becomes one (same length, so
    // spans stay valid).
    let source: String = slice
        .char_indices()
        .map(|(i, c)| {
            if c == '\r' && slice.as_bytes().get(i + 1) != Some(&b'\n') {
                '\n'
            } else {
                c
            }
        })
        .collect();
    Excerpt {
        start,
        source,
        line: r.position(start).0,
    }
}
