//! `full`: each finding with its source lines and the span underlined, related spans labelled
//! and the fix as a help line, like rustc and ruff (annotate-snippets renders it). Long lines
//! are clipped around the span and literal secrets shown as `••••` (see `excerpt`).

use std::io::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::excerpt::Excerpt;
use super::{fix_safety, help_uri, shown_fix, Colour, FileResult};
use analysis::diagnostics::{Finding, FixSafety, Severity};
use analysis::secrets::redact;
use syntax::text::escape::escape_controls;

/// Related locations shown per finding at most.
const MAX_RELATED: usize = 4;

pub fn write(out: &mut dyn Write, results: &[FileResult], colour: Colour) -> std::io::Result<()> {
    let renderer = match colour {
        Colour::Styled => Renderer::styled(),
        Colour::Plain => Renderer::plain(),
    };
    for r in results {
        let path = r.display_path();
        for f in r.findings() {
            let shown = Shown::of(r, f);
            let rendered = renderer.render(&[shown.group(&path, f)]);
            out.write_all(shown.located(rendered, r, &path, f).as_bytes())?;
            out.write_all(b"\n\n")?;
        }
    }
    Ok(())
}

/// What one finding shows: its excerpt, and related spans outside it with theirs.
struct Shown {
    primary: Excerpt,
    /// Related spans inside the primary excerpt: their ranges there and labels.
    inside: Vec<(std::ops::Range<usize>, String)>,
    /// Related spans elsewhere, each with its own excerpt.
    elsewhere: Vec<(Excerpt, std::ops::Range<usize>, String)>,
    message: String,
}

impl Shown {
    fn of(r: &FileResult, f: &Finding) -> Shown {
        let primary = Excerpt::around(r, f.span);
        let mut shown = Shown {
            inside: Vec::new(),
            elsewhere: Vec::new(),
            message: escape_controls(&f.message),
            primary,
        };
        for rel in f.related.iter().take(MAX_RELATED) {
            let label = escape_controls(&redact(&rel.message));
            if shown.primary.contains(rel.span) {
                shown.inside.push((shown.primary.range(rel.span), label));
            } else {
                let excerpt = Excerpt::around(r, rel.span);
                let range = excerpt.range(rel.span);
                shown.elsewhere.push((excerpt, range, label));
            }
        }
        shown
    }

    /// The rendering with the file's column in its `-->` line. annotate-snippets counts the
    /// column in the excerpt, which is the file's unless a long line was clipped before
    /// the span.
    fn located(&self, rendered: String, r: &FileResult, path: &str, f: &Finding) -> String {
        let (line, column) = r.position(f.span.start);
        let start = self.primary.range(f.span).start;
        let before = self.primary.source.get(..start).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let shown = before.get(line_start..).unwrap_or_default().chars().count() + 1;
        if shown == column {
            return rendered;
        }
        rendered.replacen(
            &format!("{path}:{line}:{shown}"),
            &format!("{path}:{line}:{column}"),
            1,
        )
    }

    fn group<'a>(&'a self, path: &'a str, f: &Finding) -> Group<'a> {
        let level = match f.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
            Severity::Hint => Level::NOTE.with_name("hint"),
        };
        let mut snippet = Snippet::source(self.primary.source.as_str())
            .line_start(self.primary.line)
            .path(path)
            .annotation(AnnotationKind::Primary.span(self.primary.range(f.span)));
        for (range, label) in &self.inside {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(range.clone())
                    .label(label.as_str()),
            );
        }
        let mut group: Group<'_> = level
            .primary_title(self.message.as_str())
            .id(f.code)
            .id_url(help_uri(f.code))
            .element(snippet);
        for (excerpt, range, label) in &self.elsewhere {
            group = group.element(
                Snippet::source(excerpt.source.as_str())
                    .line_start(excerpt.line)
                    .path(path)
                    .annotation(
                        AnnotationKind::Context
                            .span(range.clone())
                            .label(label.as_str()),
                    ),
            );
        }
        match help(f) {
            Some(help) => group.element(Level::HELP.message(help)),
            None => group,
        }
    }
}

/// The fix as a help line, and how to apply it.
fn help(f: &Finding) -> Option<String> {
    let fix = shown_fix(f)?;
    let how = match fix_safety(f) {
        FixSafety::Safe => " (`circleci-ls fix` applies it)",
        FixSafety::Unsafe if fix.preferred => " (`circleci-ls fix --unsafe-fixes` applies it)",
        _ => "",
    };
    Some(format!("{}{how}", escape_controls(&redact(&fix.title))))
}
