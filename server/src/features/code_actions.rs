//! Code actions: the quick-fixes findings carry, plus "suppress this rule" comments.

use crate::analysis::Analysis;
use crate::diagnostics::suppress::{line_starts, Suppressions};
use crate::diagnostics::{Finding, Fix, TextEdit};
use crate::yaml::Span;

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
    let suppressions = Suppressions::for_fixes(text, &analysis.yaml);
    let mut actions = Vec::new();
    for f in &hits {
        for fix in &f.fixes {
            actions.push(CodeAction {
                fix: fix.clone(),
                finding: (*f).clone(),
            });
        }
    }
    for f in &hits {
        // A syntax error cannot be silenced by a comment the parser may never reach.
        if f.code == crate::diagnostics::YAML_SYNTAX.code {
            continue;
        }
        actions.push(CodeAction {
            fix: suppress_line(text, &suppressions, f),
            finding: (*f).clone(),
        });
        actions.push(CodeAction {
            fix: suppress_file(text, f),
            finding: (*f).clone(),
        });
    }
    actions
}

fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// Inserts `# circleci-ls: ignore CODE` on its own line above the finding's line, with that
/// line's indentation.
fn suppress_line(text: &str, suppressions: &Suppressions, f: &Finding) -> Fix {
    let line = suppressions.anchor_line(f.span.start);
    let starts = line_starts(text);
    let line_start = starts.get(line).copied().unwrap_or(0);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    Fix {
        title: format!("Ignore {} on this line", f.code),
        edits: vec![TextEdit {
            span: Span::empty(line_start),
            new_text: format!("{indent}# circleci-ls: ignore {}{}", f.code, newline(text)),
        }],
        preferred: false,
    }
}

/// Inserts `# circleci-ls: ignore-file CODE` at the top of the file.
fn suppress_file(text: &str, f: &Finding) -> Fix {
    Fix {
        title: format!("Ignore {} in this file", f.code),
        edits: vec![TextEdit {
            span: Span::empty(0),
            new_text: format!("# circleci-ls: ignore-file {}{}", f.code, newline(text)),
        }],
        preferred: false,
    }
}

/// Applies edits to a text (for tests and the CLI): edits must not overlap.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
    let mut out = text.to_string();
    for e in sorted {
        if e.span.end <= out.len()
            && out.is_char_boundary(e.span.start)
            && out.is_char_boundary(e.span.end)
        {
            out.replace_range(e.span.start..e.span.end, &e.new_text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::analysis::analyze;
    use crate::settings::Settings;

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
            let fixed = apply_edits(text, &action.fix.edits);
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
        let suppressions = Suppressions::for_fixes(text, &analysis.yaml);
        let finding = Finding::new(
            &crate::diagnostics::ALIAS_EXPANSION_LIMIT,
            Span::new(
                text.find("echo").unwrap_or(0),
                text.find("echo").unwrap_or(0) + 4,
            ),
            "x",
        );
        let fix = suppress_line(text, &suppressions, &finding);
        assert_eq!(
            apply_edits(text, &fix.edits),
            "jobs:\r\n  build:\r\n    steps:\r\n      # circleci-ls: ignore alias-expansion-limit\r\n      - run: |\r\n          echo hi\r\n"
        );
    }
}
