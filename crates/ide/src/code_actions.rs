//! Code actions: the quick-fixes findings carry, plus "suppress this rule" comments.

use analysis::diagnostics::suppress::Suppressions;
use analysis::diagnostics::{Finding, Fix, TextEdit};
use analysis::Analysis;
use syntax::text::lines::LineIndex;
use syntax::yaml::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub fix: Fix,
    /// The finding it fixes.
    pub finding: Finding,
}

/// Fixes for findings overlapping `range` (a cursor inside or at the edge of a finding counts),
/// each finding's own fixes first, then the suppress actions.
pub fn code_actions(analysis: &Analysis, range: Span) -> Vec<CodeAction> {
    let text = &analysis.text;
    let hits: Vec<&Finding> = analysis
        .findings
        .iter()
        .filter(|f| f.span.start <= range.end && range.start <= f.span.end)
        .collect();
    if hits.is_empty() {
        return Vec::new();
    }
    let lines = &analysis.lines;
    let suppressions = Suppressions::for_fixes(text, lines, &analysis.yaml);
    let mut actions = Vec::new();
    for f in &hits {
        for fix in f.fixes.iter().cloned().chain(syntax_fixes(text, f)) {
            actions.push(CodeAction {
                fix,
                finding: (*f).clone(),
            });
        }
    }
    for f in &hits {
        // A syntax error cannot be silenced by a comment the parser may never reach.
        if f.code == analysis::diagnostics::YAML_SYNTAX.code {
            continue;
        }
        actions.push(CodeAction {
            fix: suppress_line(text, lines, &suppressions, f),
            finding: (*f).clone(),
        });
        actions.push(CodeAction {
            fix: suppress_file(lines, f),
            finding: (*f).clone(),
        });
    }
    actions
}

/// Fixes of a syntax error the text's layout explains: a key at the column of the `- ` above
/// it ("indent it 2 more spaces") is moved onto that item, or made an item of its own.
fn syntax_fixes(text: &str, f: &Finding) -> Vec<Fix> {
    if f.code != analysis::diagnostics::YAML_SYNTAX.code {
        return Vec::new();
    }
    let Some(m) = crate::cursor::misplaced_key(text, f.span.start) else {
        return Vec::new();
    };
    let indent = |by: usize, lines: &[usize]| -> Vec<TextEdit> {
        lines
            .iter()
            .map(|start| TextEdit {
                span: Span::empty(*start),
                new_text: " ".repeat(by),
            })
            .collect()
    };
    let mut fixes = Vec::new();
    if m.item_is_mapping {
        fixes.push(Fix {
            title: format!(
                "Indent `{}` {} more spaces, onto the item above",
                m.key, m.by
            ),
            edits: indent(m.by, &m.lines),
            preferred: true,
        });
    }
    // `- ` before the key, and its block two columns further to stay under it.
    let mut edits = vec![TextEdit {
        span: Span::empty(m.key_offset),
        new_text: "- ".to_string(),
    }];
    edits.extend(indent(2, m.lines.get(1..).unwrap_or(&[])));
    fixes.push(Fix {
        title: format!("Start a new item with `- {}`", m.key),
        edits,
        preferred: !m.item_is_mapping,
    });
    fixes
}

/// Inserts `# circleci-ls: ignore CODE` on its own line above the finding's line, with that
/// line's indentation.
fn suppress_line(
    text: &str,
    lines: &LineIndex,
    suppressions: &Suppressions<'_>,
    f: &Finding,
) -> Fix {
    let line = suppressions.anchor_line(f.span.start);
    let line_start = lines.line_start(line).unwrap_or(0);
    let indent: String = text
        .get(line_start..)
        .unwrap_or("")
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    Fix {
        title: format!("Ignore {} on this line", f.code),
        edits: vec![TextEdit {
            span: Span::empty(line_start),
            new_text: format!(
                "{indent}# circleci-ls: ignore {}{}",
                f.code,
                lines.newline()
            ),
        }],
        preferred: false,
    }
}

/// Inserts `# circleci-ls: ignore-file CODE` at the top of the file.
fn suppress_file(lines: &LineIndex, f: &Finding) -> Fix {
    Fix {
        title: format!("Ignore {} in this file", f.code),
        edits: vec![TextEdit {
            span: Span::empty(0),
            new_text: format!("# circleci-ls: ignore-file {}{}", f.code, lines.newline()),
        }],
        preferred: false,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use analysis::analyze;
    use analysis::settings::Settings;

    #[test]
    fn suppress_actions_silence_the_finding() {
        let text = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: redis:7\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";
        let analysis = analyze(Arc::from(text), &Settings::default());
        let Some(finding) = analysis.findings.first().cloned() else {
            // Without any rule firing there is nothing to suppress; the docker rules make one.
            return;
        };
        let actions = code_actions(&analysis, finding.span);
        for title in ["on this line", "in this file"] {
            let action = actions
                .iter()
                .find(|a| a.fix.title.contains(title) && a.finding.code == finding.code)
                .expect("suppress action");
            let fixed = TextEdit::apply_all(text, &action.fix.edits);
            let after = analyze(Arc::from(fixed.as_str()), &Settings::default());
            assert!(after.yaml.is_complete(), "{fixed}");
            assert!(
                !after
                    .findings
                    .iter()
                    .any(|f| f.code == finding.code && f.span.start >= finding.span.start),
                "{fixed}"
            );
        }
    }

    #[test]
    fn suppression_above_a_script_keeps_it_intact() {
        let text = "jobs:\r\n  build:\r\n    steps:\r\n      - run: |\r\n          echo hi\r\n";
        let analysis = analyze(Arc::from(text), &Settings::default());
        let suppressions = Suppressions::for_fixes(text, &analysis.lines, &analysis.yaml);
        let finding = Finding::new(
            &analysis::diagnostics::ALIAS_EXPANSION_LIMIT,
            Span::new(
                text.find("echo").unwrap_or(0),
                text.find("echo").unwrap_or(0) + 4,
            ),
            "x",
        );
        let fix = suppress_line(text, &analysis.lines, &suppressions, &finding);
        assert_eq!(
            TextEdit::apply_all(text, &fix.edits),
            "jobs:\r\n  build:\r\n    steps:\r\n      # circleci-ls: ignore alias-expansion-limit\r\n      - run: |\r\n          echo hi\r\n"
        );
    }

    /// Issue 21: the syntax error that says "indent it 2 more spaces" offers that fix; applied,
    /// the config parses and the key is the item's. A key under a scalar item is offered as a
    /// new item instead.
    #[test]
    fn a_key_at_the_dash_column_is_moved_onto_the_item() {
        let text = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: redis:7\n      auth:\n        username: $U\n\n        password: $P\n    steps:\n      - checkout\n";
        let analysis = analyze(Arc::from(text), &Settings::default());
        let syntax = analysis
            .findings
            .iter()
            .find(|f| f.code == "yaml-syntax")
            .expect("a syntax error");
        let actions = code_actions(&analysis, syntax.span);
        let indent = actions
            .iter()
            .find(|a| a.fix.preferred)
            .expect("a preferred fix");
        assert_eq!(
            indent.fix.title,
            "Indent `auth` 2 more spaces, onto the item above"
        );
        let fixed = TextEdit::apply_all(text, &indent.fix.edits);
        assert_eq!(
            fixed,
            "version: 2.1\njobs:\n  build:\n    docker:\n      - image: redis:7\n        auth:\n          username: $U\n\n          password: $P\n    steps:\n      - checkout\n"
        );
        let after = analyze(Arc::from(fixed.as_str()), &Settings::default());
        assert!(after.yaml.is_complete(), "{fixed}");

        let steps = "jobs:\n  build:\n    steps:\n      - checkout\n      run: make\n";
        let analysis = analyze(Arc::from(steps), &Settings::default());
        let syntax = analysis
            .findings
            .iter()
            .find(|f| f.code == "yaml-syntax")
            .expect("a syntax error");
        let actions = code_actions(&analysis, syntax.span);
        let titles: Vec<&str> = actions.iter().map(|a| a.fix.title.as_str()).collect();
        assert!(
            !titles.iter().any(|t| t.starts_with("Indent")),
            "{titles:?}"
        );
        let item = actions
            .iter()
            .find(|a| a.fix.preferred)
            .expect("a preferred fix");
        let fixed = TextEdit::apply_all(steps, &item.fix.edits);
        assert_eq!(
            fixed,
            "jobs:\n  build:\n    steps:\n      - checkout\n      - run: make\n"
        );
        assert!(analyze(Arc::from(fixed.as_str()), &Settings::default())
            .yaml
            .is_complete());
    }

    /// A file saved with CR-only line ends gets the same quick-fixes as with LF, and every
    /// inserted line ends with the file's own `\r`.
    #[test]
    fn cr_only_files_keep_their_fixes_and_line_ends() {
        let lf = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: redis:7\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";
        let cr = lf.replace('\n', "\r");
        let titles = |text: &str| {
            let analysis = analyze(Arc::from(text), &Settings::default());
            let at = text
                .find("redis")
                .map_or(Span::empty(0), |p| Span::new(p, p + 5));
            code_actions(&analysis, at)
                .into_iter()
                .map(|a| (a.fix.title.clone(), TextEdit::apply_all(text, &a.fix.edits)))
                .collect::<Vec<_>>()
        };
        let with_lf = titles(lf);
        let with_cr = titles(&cr);
        assert!(
            with_lf.iter().any(|(t, _)| t.starts_with("Add auth")),
            "{with_lf:?}"
        );
        assert_eq!(
            with_lf.iter().map(|(t, _)| t).collect::<Vec<_>>(),
            with_cr.iter().map(|(t, _)| t).collect::<Vec<_>>()
        );
        for ((_, fixed_lf), (title, fixed_cr)) in with_lf.iter().zip(&with_cr) {
            assert!(!fixed_cr.contains('\n'), "{title}: {fixed_cr:?}");
            assert_eq!(&fixed_cr.replace('\r', "\n"), fixed_lf, "{title}");
        }
    }
}
