//! What the structure features (symbols, semantic tokens, links) share: CircleCI's built-in
//! step names, the shape of `orb/member` references, and spans of things as they are written.

use crate::yaml::{Entry, Node, ScalarStyle, Span};

// Built-in steps and workflow job keys are listed once, in the knowledge table and the model.
pub(crate) use crate::model::index::{is_builtin_step, is_workflow_job_key};

/// Built-in steps the reference marks deprecated (`deploy` is replaced by `run`).
pub(crate) fn is_deprecated_step(name: &str) -> bool {
    crate::knowledge::builtin_step(name).is_some_and(|k| k.deprecated.is_some())
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
    let s = crate::secrets::redact(s);
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

    /// Every structure feature on every corpus file: no panic, tokens in order, and the time
    /// each feature takes (printed; run with `--nocapture` to see it).
    #[test]
    fn all_structure_features_on_the_corpus() {
        use std::time::{Duration, Instant};

        use crate::features::{folding, links, selection, semantic_tokens, symbols};

        let Some(files) = crate::test_support::corpus() else {
            return;
        };
        let mut spent = [Duration::ZERO; 5];
        let mut slowest = (Duration::ZERO, String::new());
        for crate::test_support::CorpusFile { name, text, .. } in &files {
            let analysis = crate::test_support::analysis(text);
            let started = Instant::now();
            let _ = symbols::document_symbols(&analysis);
            let t1 = Instant::now();
            let tokens = semantic_tokens::tokens(&analysis);
            let t2 = Instant::now();
            let _ = folding::folding_ranges(&analysis);
            let t3 = Instant::now();
            let _ = selection::selection_ranges(&analysis, text.len() / 2);
            let t4 = Instant::now();
            let _ = links::document_links(&analysis);
            let t5 = Instant::now();
            let steps = [t1 - started, t2 - t1, t3 - t2, t4 - t3, t5 - t4];
            for (total, step) in spent.iter_mut().zip(steps) {
                *total += step;
            }
            if t5 - started > slowest.0 {
                slowest = (t5 - started, name.clone());
            }
            let ordered = tokens.windows(2).all(|w| w[0].span.end <= w[1].span.start);
            assert!(ordered, "{name}");
        }
        eprintln!(
            "{} files; symbols {:?}, tokens {:?}, folding {:?}, selection {:?}, links {:?}; slowest file {} in {:?}",
            files.len(),
            spent[0],
            spent[1],
            spent[2],
            spent[3],
            spent[4],
            slowest.1,
            slowest.0
        );
    }
}
