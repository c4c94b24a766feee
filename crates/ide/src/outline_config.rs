//! What the structure features (symbols, semantic tokens, links) share: CircleCI's built-in
//! step names, the shape of `orb/member` references, and spans of things as they are written.

use syntax::yaml::{Entry, Node, ScalarStyle, Span};

// Built-in steps and workflow job keys are listed once, in the knowledge table and the model.
pub(crate) use analysis::model::index::{is_builtin_step, is_workflow_job_key};

/// Built-in steps the reference marks deprecated (`deploy` is replaced by `run`).
pub(crate) fn is_deprecated_step(name: &str) -> bool {
    knowledge::builtin_step(name).is_some_and(|k| k.deprecated.is_some())
}

/// Splits `orb/member` into its two names; `None` for anything else (local names, paths,
/// parameter references).
pub(crate) fn split_orb_ref(name: &str) -> Option<(&str, &str)> {
    let (orb, member) = name.split_once('/')?;
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
    };
    (valid(orb) && valid(member)).then_some((orb, member))
}

/// `span` without the whitespace and line breaks at its end (block scalars end after their
/// last line break).
pub(crate) fn trim_end(span: Span, text: &str) -> Span {
    let trimmed = span.text(text).trim_end();
    Span::new(span.start, span.start + trimmed.len())
}

/// The span of an entry as written: from its key to the end of its value, or to the `*alias`
/// standing for the value.
pub(crate) fn entry_span(entry: &Entry, text: &str) -> Span {
    let end = match entry.value.via_alias {
        Some(alias) => alias.end,
        None => trim_end(entry.value.span, text).end,
    };
    Span::new(entry.key.span.start, end.max(entry.key.span.end))
}

/// The text span of a one-line flow scalar without its quotes, if the node is one.
pub(crate) fn inner_span(node: &Node, text: &str) -> Option<Span> {
    let scalar = node.as_scalar()?;
    let raw = node.span.text(text);
    if raw.is_empty() || raw.contains(['\n', '\r']) {
        return None;
    }
    match scalar.style {
        ScalarStyle::Plain => Some(node.span),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if raw.len() >= 2 => {
            Some(Span::new(node.span.start + 1, node.span.end - 1))
        }
        _ => None,
    }
}

/// The first non-empty line of `s`, cut to `max_chars` characters with an ellipsis.
pub(crate) fn first_line(s: &str, max_chars: usize) -> String {
    // Labels show document text: literal secrets in it are hidden.
    let s = analysis::secrets::redact(s);
    let line = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() <= max_chars {
        return line.to_string();
    }
    let mut cut: String = line.chars().take(max_chars).collect();
    cut.push('…');
    cut
}

/// A step list item as `(name node, arguments)`: `- checkout` has no arguments, `- run: …`
/// has the value of its single key.
pub(crate) fn step_parts(item: &Node) -> Option<(&Node, Option<&Node>)> {
    if item.as_scalar().is_some() {
        return Some((item, None));
    }
    let entry = item.as_mapping()?.own_entries().next()?;
    Some((&entry.key, Some(&entry.value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orb_refs() {
        assert_eq!(split_orb_ref("node/install"), Some(("node", "install")));
        assert_eq!(split_orb_ref("node/"), None);
        assert_eq!(split_orb_ref("build"), None);
        assert_eq!(split_orb_ref("a/b/c"), None);
        assert_eq!(split_orb_ref("<< parameters.x >>/y"), None);
    }

    #[test]
    fn first_lines() {
        assert_eq!(first_line("\n  echo hi\nmore", 20), "echo hi");
        assert_eq!(first_line("abcdef", 3), "abc…");
        assert_eq!(first_line("ééé", 3), "ééé");
    }
}
