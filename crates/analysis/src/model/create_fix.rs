//! "Create it" for an undefined job, command or executor with no near miss: a skeleton
//! definition at the end of its section (or a new section), indented like the file.

use crate::diagnostics::presentation::short_name;
use crate::diagnostics::{Fix, TextEdit};
use syntax::yaml::{Mapping, Node, Span};

use super::sections::{sections, Place};
use super::DefKind;

/// The fix that adds a definition of `name` under the top-level section for `kind`.
pub fn create_definition(
    text: &str,
    root: Option<&Node>,
    kind: DefKind,
    name: &str,
) -> Option<Fix> {
    if !matches!(kind, DefKind::Job | DefKind::Command | DefKind::Executor) {
        return None;
    }
    // The section the knowledge table says defines this kind (`jobs:` for jobs).
    let (section, _) = sections(Place::Config).iter().find(|(_, k)| *k == kind)?;
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
    let place = insertion(text, root, section)?;
    let pad = |n: usize| " ".repeat(n);
    let mut lines = Vec::new();
    if place.new_section {
        lines.push(format!("{section}:"));
    }
    for (depth, line) in skeleton(kind, name) {
        lines.push(format!("{}{line}", pad(place.indent + depth * place.unit)));
    }
    let mut new_text = lines.join(eol);
    new_text.push_str(eol);
    // The insertion point is a line start, except at the end of a file without a final
    // line break.
    let at = place.at;
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

/// Where a new definition goes and how it is indented.
struct Insertion {
    at: usize,
    /// The column of the definition's name.
    indent: usize,
    /// One level of the file's indentation.
    unit: usize,
    /// The section itself is written first.
    new_section: bool,
}

/// After the last definition of `section`, under an empty `section:`, or in a new section
/// before `workflows:` (which usually closes a config) or at the end.
fn insertion(text: &str, root: &Mapping, section: &str) -> Option<Insertion> {
    let Some(entry) = root.entry(section) else {
        let at = match root.entry("workflows").filter(|w| w.merged_from.is_none()) {
            Some(w) => line_start(text, w.key.span.start),
            None => text.len(),
        };
        return Some(Insertion {
            at,
            indent: 2,
            unit: 2,
            new_section: true,
        });
    };
    // A section copied from an anchor would get the new definition inside the anchor.
    if entry.value.via_alias.is_some() || entry.merged_from.is_some() {
        return None;
    }
    let section_col = column(text, entry.key.span.start);
    if entry.value.is_null() {
        return Some(Insertion {
            at: line_end(text, entry.key.span.end),
            indent: section_col + 2,
            unit: 2,
            new_section: false,
        });
    }
    let m = entry.value.as_mapping().filter(|m| !m.flow)?;
    let first = m.entries.first().filter(|e| e.merged_from.is_none())?;
    let col = column(text, first.key.span.start);
    (col > section_col).then(|| Insertion {
        at: line_end(text, entry.value.span.end),
        indent: col,
        unit: col - section_col,
        new_section: false,
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
