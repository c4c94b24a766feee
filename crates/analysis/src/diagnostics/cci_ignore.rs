//! The official CircleCI language server's suppression comments, honoured so that configs
//! keep working when a team switches: `# cci-ignore` (this line), `# cci-ignore-next-line`,
//! `# cci-ignore-start` … `# cci-ignore-end` (the lines between) and `# cci-ignore-file`.
//! They silence every rule. A start without an end, or an end without a start, is reported.

use super::{Finding, FixSafety, Rule, Severity};
use syntax::yaml::{Comment, Span};

pub const UNMATCHED_IGNORE_COMMENT: Rule = Rule {
    code: "unmatched-ignore-comment",
    default_severity: Severity::Warning,
    fix: FixSafety::None,
    summary: "A `# cci-ignore-start` has no `# cci-ignore-end`, or the other way round.",
    explanation: "The suppression comments of CircleCI's own language server are honoured: `# cci-ignore` silences findings on its line, `# cci-ignore-next-line` on the line below, `# cci-ignore-file` in the whole file, and `# cci-ignore-start` … `# cci-ignore-end` on the lines between them. A start without an end silences nothing (the end of the range is unknown), and an end without a start is a leftover; add the missing comment or remove the stray one.",
    bad: "version: 2.1\n# cci-ignore-start\njobs:\n  build:\n    machine: true\n    steps:\n      - checkout\n",
    good: "version: 2.1\n# cci-ignore-start\njobs:\n  build:\n    machine: true\n    steps:\n      - checkout\n# cci-ignore-end\n",
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Directive {
    ThisLine,
    NextLine,
    Start,
    End,
    File,
}

fn directive(comment: &str) -> Option<Directive> {
    let body = comment.trim_start_matches('#').trim();
    let word = body.split_whitespace().next()?;
    Some(match word {
        "cci-ignore" => Directive::ThisLine,
        "cci-ignore-next-line" => Directive::NextLine,
        "cci-ignore-start" => Directive::Start,
        "cci-ignore-end" => Directive::End,
        "cci-ignore-file" => Directive::File,
        _ => return None,
    })
}

/// Whether any comment may be a `cci-ignore` one; cheap, for skipping the line table.
pub fn any(text: &str, comments: &[Comment]) -> bool {
    comments
        .iter()
        .any(|c| c.span.text(text).contains("cci-ignore"))
}

/// The lines `cci-ignore` comments silence, by 0-based line number.
#[derive(Debug, Default)]
pub struct CciIgnore {
    pub file: bool,
    lines: Vec<usize>,
    /// Inclusive line ranges between a start and its end.
    ranges: Vec<(usize, usize)>,
    /// Unmatched starts and ends.
    pub problems: Vec<Finding>,
}

impl CciIgnore {
    /// Reads the comments; `line_of` maps an offset to its line.
    pub fn scan(text: &str, comments: &[Comment], line_of: impl Fn(usize) -> usize) -> CciIgnore {
        let mut out = CciIgnore::default();
        let mut open: Option<(usize, Span)> = None;
        for c in comments {
            let Some(d) = directive(c.span.text(text)) else {
                continue;
            };
            let line = line_of(c.span.start);
            match d {
                Directive::ThisLine => out.lines.push(line),
                Directive::NextLine => out.lines.push(line + 1),
                Directive::File => out.file = true,
                Directive::Start => {
                    if let Some((_, span)) = open.replace((line, c.span)) {
                        out.problems.push(unmatched_start(span));
                    }
                }
                Directive::End => match open.take() {
                    Some((start, _)) => out.ranges.push((start, line)),
                    None => out.problems.push(Finding::new(
                        &UNMATCHED_IGNORE_COMMENT,
                        c.span,
                        "Add a `# cci-ignore-start` before this `# cci-ignore-end`, or remove it.",
                    )),
                },
            }
        }
        if let Some((_, span)) = open {
            out.problems.push(unmatched_start(span));
        }
        out
    }

    /// Whether any line or range is silenced (the file aside).
    pub fn has_lines(&self) -> bool {
        !self.lines.is_empty() || !self.ranges.is_empty()
    }

    /// Whether a finding on `line` is silenced.
    pub fn covers_line(&self, line: usize) -> bool {
        self.file
            || self.lines.contains(&line)
            || self.ranges.iter().any(|&(a, b)| a <= line && line <= b)
    }
}

fn unmatched_start(span: Span) -> Finding {
    Finding::new(
        &UNMATCHED_IGNORE_COMMENT,
        span,
        "Add a `# cci-ignore-end` after this `# cci-ignore-start`: without one it silences nothing.",
    )
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::analyze;
    use crate::settings::Settings;

    /// Codes and first lines (1-based) of the findings of `text`.
    fn found(text: &str) -> Vec<(String, usize)> {
        let a = analyze(Arc::from(text), &Settings::default());
        a.findings
            .iter()
            .map(|f| {
                let line = text
                    .get(..f.span.start)
                    .map_or(0, |t| t.matches('\n').count())
                    + 1;
                (f.code.to_string(), line)
            })
            .collect()
    }

    const JOB: &str = "  build:\n    machine: true\n    steps: [checkout]\n";

    #[test]
    fn this_line_and_next_line() {
        let plain = format!("version: 2.1\njobs:\n{JOB}");
        assert!(found(&plain).contains(&("deprecated".to_string(), 4)));
        let inline = plain.replace("machine: true", "machine: true # cci-ignore");
        assert!(!found(&inline).iter().any(|(c, _)| c == "deprecated"));
        let above = plain.replace(
            "    machine: true",
            "    # cci-ignore-next-line\n    machine: true",
        );
        assert!(!found(&above).iter().any(|(c, _)| c == "deprecated"));
        // A `cci-ignore` alone on the line above covers only its own line.
        let alone = plain.replace("    machine: true", "    # cci-ignore\n    machine: true");
        assert!(found(&alone).iter().any(|(c, _)| c == "deprecated"));
    }

    #[test]
    fn ranges_and_file() {
        let ranged = format!("version: 2.1\njobs:\n# cci-ignore-start\n{JOB}# cci-ignore-end\n");
        assert_eq!(found(&ranged), Vec::<(String, usize)>::new());
        let file = format!("# cci-ignore-file\nversion: 2.1\njobs:\n{JOB}");
        assert_eq!(found(&file), Vec::<(String, usize)>::new());
    }

    #[test]
    fn unbalanced_starts_and_ends_are_reported() {
        let open = format!("version: 2.1\njobs:\n# cci-ignore-start\n{JOB}");
        let f = found(&open);
        assert!(
            f.contains(&("unmatched-ignore-comment".to_string(), 3)),
            "{f:?}"
        );
        assert!(
            f.contains(&("deprecated".to_string(), 5)),
            "an open start silences nothing: {f:?}"
        );
        let stray = format!("version: 2.1\njobs:\n{JOB}# cci-ignore-end\n");
        assert!(found(&stray).contains(&("unmatched-ignore-comment".to_string(), 6)));
        let twice = "# cci-ignore-start\n# cci-ignore-start\nversion: 2.1\n# cci-ignore-end\n";
        assert_eq!(
            found(twice)
                .iter()
                .filter(|(c, _)| c == "unmatched-ignore-comment")
                .count(),
            1
        );
    }

    #[test]
    fn other_comments_are_not_directives() {
        assert_eq!(super::directive("# cci-ignored"), None);
        assert_eq!(
            super::directive("#cci-ignore-file"),
            Some(super::Directive::File)
        );
        assert_eq!(
            super::directive("# cci-ignore because"),
            Some(super::Directive::ThisLine)
        );
    }
}
