//! "Create it" for an undefined job, command or executor with no near miss: a skeleton
//! definition at the end of its section (or a new section), indented like the file.

use crate::diagnostics::presentation::short_name;
use crate::diagnostics::{Fix, TextEdit};
use syntax::yaml::{Node, Span};

use super::DefKind;

/// The fix that adds a definition of `name` under the top-level section for `kind`.
pub fn create_definition(
    text: &str,
    root: Option<&Node>,
    kind: DefKind,
    name: &str,
) -> Option<Fix> {
    let section = match kind {
        DefKind::Job => "jobs",
        DefKind::Command => "commands",
        DefKind::Executor => "executors",
        _ => return None,
    };
    // Only names that need no quoting; anything else is likely a half-typed word.
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return None;
    }
    let root = root?.as_mapping()?;
    if root.flow {
        return None;
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let body = skeleton(kind, name);
    let (at, indent, unit, new_section) = match root.entry(section) {
        // A section copied from an anchor would get the new definition inside the anchor.
        Some(entry) if entry.value.via_alias.is_some() || entry.merged_from.is_some() => {
            return None;
        }
        Some(entry) => {
            let section_col = column(text, entry.key.span.start);
            match entry.value.as_mapping() {
                Some(m) if m.flow => return None,
                Some(m) => {
                    let first = m.entries.first().filter(|e| e.merged_from.is_none())?;
                    let col = column(text, first.key.span.start);
                    if col <= section_col {
                        return None;
                    }
                    (
                        line_end(text, entry.value.span.end),
                        col,
                        col - section_col,
                        false,
                    )
                }
                None if entry.value.is_null() => (
                    line_end(text, entry.key.span.end),
                    section_col + 2,
                    2,
                    false,
                ),
                None => return None,
            }
        }
        None => {
            // A new section goes before `workflows:`, which usually closes a config.
            match root.entry("workflows").filter(|w| w.merged_from.is_none()) {
                Some(w) => (line_start(text, w.key.span.start), 2, 2, true),
                None => (text.len(), 2, 2, true),
            }
        }
    };
    let pad = |n: usize| " ".repeat(n);
    let mut lines = Vec::new();
    if new_section {
        lines.push(format!("{section}:"));
    }
    for (depth, line) in body {
        lines.push(format!("{}{line}", pad(indent + depth * unit)));
    }
    let mut new_text = lines.join(eol);
    new_text.push_str(eol);
    // The insertion point is a line start, except at the end of a file without a final
    // line break.
    if at == text.len() && !text.is_empty() && !text.ends_with(['\n', '\r']) {
        new_text.insert_str(0, eol);
    }
    Some(Fix {
        title: format!("Create {} {}", kind.noun(), short_name(name, 40)),
        edits: vec![TextEdit {
            span: Span::empty(at),
            new_text,
        }],
        preferred: false,
    })
}

/// The definition's lines as (depth, text); depth 0 is the name.
fn skeleton(kind: DefKind, name: &str) -> Vec<(usize, String)> {
    let mut lines = vec![(0, format!("{name}:"))];
    let machine = [
        (1, "machine:".to_string()),
        (2, "image: ubuntu-2404:current".to_string()),
    ];
    match kind {
        DefKind::Job => {
            lines.extend(machine);
            lines.push((1, "steps:".to_string()));
            lines.push((2, "- checkout".to_string()));
        }
        DefKind::Command => {
            lines.push((1, "steps:".to_string()));
            lines.push((2, format!("- run: echo \"{name}\"")));
        }
        _ => lines.extend(machine),
    }
    lines
}

fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|t| t.rfind(['\n', '\r']))
        .map_or(0, |p| p + 1)
}

/// The offset just past the line break ending the line that holds `offset`.
fn line_end(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or("");
    match rest.find(['\n', '\r']) {
        Some(p) if rest.get(p..p + 2) == Some("\r\n") => offset + p + 2,
        Some(p) => offset + p + 1,
        None => text.len(),
    }
}

fn column(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}
