//! Selection ranges: word, value, entry, mapping, ... up to the document.
//!
//! The chain is built from the outside in (whole text, document, then every mapping, entry,
//! list item and value whose span holds the offset; inside a scalar its line, template,
//! whitespace-separated token and word) and returned innermost first, each span strictly
//! inside the next.

use super::outline_config::{entry_span, inner_span, trim_end};
use analysis::Analysis;
use syntax::yaml::{Node, NodeKind, Span};

/// Nested spans around `offset`, innermost first.
pub fn selection_ranges(analysis: &Analysis, offset: usize) -> Vec<Span> {
    let text: &str = &analysis.text;
    if offset > text.len() {
        return Vec::new();
    }
    let mut chain = vec![Span::new(0, text.len())];
    if let Some(doc) = analysis
        .yaml
        .documents
        .iter()
        .find(|d| d.span.touches(offset))
    {
        chain.push(doc.span);
        if let Some(root) = &doc.root {
            descend(root, offset, text, &mut chain);
        }
    }
    // Keep only spans inside the previous one and different from it.
    let mut nested: Vec<Span> = Vec::with_capacity(chain.len());
    for span in chain {
        let fits = nested
            .last()
            .is_none_or(|outer| outer.contains_span(span) && *outer != span);
        if fits && span.touches(offset) {
            nested.push(span);
        }
    }
    nested.reverse();
    nested
}

fn descend(node: &Node, offset: usize, text: &str, chain: &mut Vec<Span>) {
    let span = trim_end(node.span, text);
    if !span.touches(offset) {
        return;
    }
    chain.push(span);
    match &node.kind {
        NodeKind::Mapping(map) => {
            for entry in map.own_entries() {
                let whole = entry_span(entry, text);
                if !whole.touches(offset) {
                    continue;
                }
                chain.push(whole);
                if entry.key.span.touches(offset) {
                    descend(&entry.key, offset, text, chain);
                } else if entry.value.is_written_here() {
                    descend(&entry.value, offset, text, chain);
                } else if let Some(alias) = entry.value.via_alias {
                    chain.push(alias);
                }
                return;
            }
        }
        NodeKind::Sequence(seq) => {
            for item in &seq.items {
                if let Some(alias) = item.via_alias {
                    if alias.touches(offset) {
                        chain.push(alias);
                        return;
                    }
                } else if trim_end(item.span, text).touches(offset) {
                    descend(item, offset, text, chain);
                    return;
                }
            }
        }
        NodeKind::Scalar(_) => scalar_parts(node, span, offset, text, chain),
        NodeKind::UnresolvedAlias(_) => {}
    }
}

/// Inside a scalar: its unquoted content, the line, a `<< … >>` template, the
/// whitespace-separated token and the word at `offset`.
fn scalar_parts(node: &Node, span: Span, offset: usize, text: &str, chain: &mut Vec<Span>) {
    if let Some(inner) = inner_span(node, text) {
        chain.push(inner);
    }
    let Some(raw) = text.get(span.start..span.end) else {
        return;
    };
    let rel = offset - span.start;
    let line_start = syntax::text::lines::line_start(raw, rel);
    let line_end = syntax::text::lines::line_end(raw, rel);
    let Some(line) = raw.get(line_start..line_end) else {
        return;
    };
    let trimmed = line.trim();
    let lead = line.len() - line.trim_start().len();
    let line_span = Span::new(
        span.start + line_start + lead,
        span.start + line_start + lead + trimmed.len(),
    );
    chain.push(line_span);

    let at = offset - line_span.start.min(offset);
    let content = trimmed;
    if let Some(template) = template_around(content, at) {
        chain.push(Span::new(
            line_span.start + template.start,
            line_span.start + template.end,
        ));
    }
    let token = run_around(content, at, |c| !c.is_whitespace());
    chain.push(Span::new(
        line_span.start + token.start,
        line_span.start + token.end,
    ));
    let word = run_around(content, at, |c| c.is_alphanumeric() || c == '_' || c == '-');
    chain.push(Span::new(
        line_span.start + word.start,
        line_span.start + word.end,
    ));
}

/// The span (relative to `line`) of the `<< … >>` holding `at`, if any.
fn template_around(line: &str, at: usize) -> Option<Span> {
    let t = syntax::text::template::template_at(line, at)?;
    Some(Span::new(t.whole.start, t.whole.end))
}

/// The longest run of characters matching `keep` around `at` (relative to `line`).
fn run_around(line: &str, at: usize, keep: impl Fn(char) -> bool) -> Span {
    let at = at.min(line.len());
    let (Some(before), Some(after)) = (line.get(..at), line.get(at..)) else {
        return Span::empty(at);
    };
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| keep(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = after
        .char_indices()
        .find(|(_, c)| !keep(*c))
        .map_or(line.len(), |(i, _)| at + i);
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use analysis::test_support::analysis;

    /// `$0` marks the cursor; each line of the result is one span's text, innermost first.
    fn check(fixture: &str, expect: Expect) {
        let (text, offset) = analysis::test_support::cursor(fixture);
        let spans = selection_ranges(&analysis(&text), offset);
        let out: String = spans
            .iter()
            .map(|s| format!("{:?}\n", s.text(&text)))
            .collect();
        expect.assert_eq(&out);
    }

    #[test]
    fn word_to_document() {
        check(
            r#"version: 2.1
jobs:
  build:
    docker:
      - image: cimg/no$0de:20.1
    steps: [checkout]
"#,
            expect![[r#"
                "node"
                "cimg/node:20.1"
                "image: cimg/node:20.1"
                "- image: cimg/node:20.1"
                "docker:\n      - image: cimg/node:20.1"
                "docker:\n      - image: cimg/node:20.1\n    steps: [checkout]"
                "build:\n    docker:\n      - image: cimg/node:20.1\n    steps: [checkout]"
                "jobs:\n  build:\n    docker:\n      - image: cimg/node:20.1\n    steps: [checkout]"
                "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20.1\n    steps: [checkout]"
                "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20.1\n    steps: [checkout]\n"
            "#]],
        );
    }

    #[test]
    fn templates_in_block_scalars() {
        check(
            r#"jobs:
  build:
    steps:
      - run:
          command: |
            echo one
            make "<< parameters.ta$0rget >>" all
"#,
            expect![[r#"
                "target"
                "parameters.target"
                "<< parameters.target >>"
                "make \"<< parameters.target >>\" all"
                "|\n            echo one\n            make \"<< parameters.target >>\" all"
                "command: |\n            echo one\n            make \"<< parameters.target >>\" all"
                "run:\n          command: |\n            echo one\n            make \"<< parameters.target >>\" all"
                "- run:\n          command: |\n            echo one\n            make \"<< parameters.target >>\" all"
                "steps:\n      - run:\n          command: |\n            echo one\n            make \"<< parameters.target >>\" all"
                "build:\n    steps:\n      - run:\n          command: |\n            echo one\n            make \"<< parameters.target >>\" all"
                "jobs:\n  build:\n    steps:\n      - run:\n          command: |\n            echo one\n            make \"<< parameters.target >>\" all"
                "jobs:\n  build:\n    steps:\n      - run:\n          command: |\n            echo one\n            make \"<< parameters.target >>\" all\n"
            "#]],
        );
    }

    #[test]
    fn keys_quotes_and_aliases() {
        check(
            "a: &x 1\nb:\n  \"ke$0y\": *x\n",
            expect![[r#"
            "key"
            "\"key\""
            "\"key\": *x"
            "b:\n  \"key\": *x"
            "a: &x 1\nb:\n  \"key\": *x"
            "a: &x 1\nb:\n  \"key\": *x\n"
        "#]],
        );
        check(
            "a: &x 1\nb:\n  key: *$0x\n",
            expect![[r#"
            "*x"
            "key: *x"
            "b:\n  key: *x"
            "a: &x 1\nb:\n  key: *x"
            "a: &x 1\nb:\n  key: *x\n"
        "#]],
        );
        check(
            "# only a comment$0\n",
            expect![[r##"
            "# only a comment\n"
        "##]],
        );
    }
}
