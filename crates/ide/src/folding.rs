//! Folding ranges for mappings, lists, block scalars and comment runs.
//!
//! A multi-line value folds from the line of its key (or list dash) so that the key stays
//! visible; runs of two or more whole-line comments fold too. At most one fold starts on a
//! line (editors keep only one), the widest.

use super::outline_config::{entry_span, trim_end};
use analysis::Analysis;
use syntax::text::lines::LineIndex;
use syntax::yaml::{Node, NodeKind, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Region,
    Comment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    /// From the line holding `span.start` to the line holding `span.end`.
    pub span: Span,
    pub kind: FoldKind,
}

pub fn folding_ranges(analysis: &Analysis) -> Vec<Fold> {
    let text: &str = &analysis.text;
    // The analysis's line index: lines end at `\n`, `\r\n` or a lone `\r`, as in the editor.
    let lines = &analysis.lines;
    let mut folds = Vec::new();
    for doc in &analysis.yaml.documents {
        if let Some(root) = &doc.root {
            collect(root, text, lines, &mut folds);
        }
    }
    comment_runs(analysis, lines, &mut folds);
    // Widest first among folds starting on the same line, then keep one per line.
    folds.sort_by_key(|f| (lines.line_of(f.span.start), std::cmp::Reverse(f.span.end)));
    folds.dedup_by_key(|f| lines.line_of(f.span.start));
    folds
}

fn push(span: Span, kind: FoldKind, lines: &LineIndex, folds: &mut Vec<Fold>) {
    if lines.line_of(span.end) > lines.line_of(span.start) {
        folds.push(Fold { span, kind });
    }
}

/// Folds inside `node`, which is written in the document (copies through aliases are not).
fn collect(node: &Node, text: &str, lines: &LineIndex, folds: &mut Vec<Fold>) {
    match &node.kind {
        NodeKind::Mapping(map) => {
            for entry in map.own_entries() {
                if !entry.value.is_written_here() {
                    continue;
                }
                push(entry_span(entry, text), FoldKind::Region, lines, folds);
                collect(&entry.value, text, lines, folds);
            }
        }
        NodeKind::Sequence(seq) => {
            for item in seq.items.iter().filter(|i| i.is_written_here()) {
                push(trim_end(item.span, text), FoldKind::Region, lines, folds);
                collect(item, text, lines, folds);
            }
        }
        NodeKind::Scalar(_) | NodeKind::UnresolvedAlias(_) => {}
    }
}

/// Runs of comments that each stand alone on consecutive lines.
fn comment_runs(analysis: &Analysis, lines: &LineIndex, folds: &mut Vec<Fold>) {
    let text: &str = &analysis.text;
    let mut run: Option<(Span, usize)> = None;
    for comment in &analysis.yaml.comments {
        let line = lines.line_of(comment.span.start);
        let line_start = lines.line_start(line).unwrap_or(0);
        let alone = text
            .get(line_start..comment.span.start)
            .is_some_and(|before| before.trim().is_empty());
        if !alone {
            continue;
        }
        run = match run {
            Some((span, last)) if last + 1 == line => Some((span.cover(comment.span), line)),
            Some((span, _)) => {
                push(span, FoldKind::Comment, lines, folds);
                Some((comment.span, line))
            }
            None => Some((comment.span, line)),
        };
    }
    if let Some((span, _)) = run {
        push(span, FoldKind::Comment, lines, folds);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use analysis::test_support::analysis;

    fn check(text: &str, expect: Expect) {
        let folds = folding_ranges(&analysis(text));
        let lines = LineIndex::new(text);
        let out: String = folds
            .iter()
            .map(|f| {
                let first = text.lines().nth(lines.line_of(f.span.start)).unwrap_or("");
                format!(
                    "{:?} {}-{} {}\n",
                    f.kind,
                    lines.line_of(f.span.start),
                    lines.line_of(f.span.end),
                    first.trim()
                )
            })
            .collect();
        expect.assert_eq(&out);
    }

    #[test]
    fn mappings_lists_block_scalars_and_comments() {
        check(
            r#"# A config.
# Two comment lines fold.
version: 2.1
jobs:
  build:
    docker:
      - image: cimg/base:stable
        auth:
          username: me
    steps:
      - checkout  # Trailing comments do not fold.
      - run:
          command: |
            echo one
            echo two

      # Alone, one line does not fold.
      - run: {name: x,
          command: y}
workflows:
  main:
    jobs: [build]
"#,
            expect![[r#"
                Comment 0-1 # A config.
                Region 3-18 jobs:
                Region 4-18 build:
                Region 5-8 docker:
                Region 6-8 - image: cimg/base:stable
                Region 7-8 auth:
                Region 9-18 steps:
                Region 11-14 - run:
                Region 12-14 command: |
                Region 17-18 - run: {name: x,
                Region 19-21 workflows:
                Region 20-21 main:
            "#]],
        );
    }

    #[test]
    fn aliases_fold_where_written_only() {
        check(
            r#"defaults: &d
  docker:
    - image: a
jobs:
  build:
    <<: *d
    steps: [checkout]
"#,
            expect![[r#"
                Region 0-2 defaults: &d
                Region 1-2 docker:
                Region 3-6 jobs:
                Region 4-6 build:
            "#]],
        );
    }
}
