//! "Create it" for an undefined job, command or executor with no near miss: a skeleton
//! definition at the end of its section (or a new section), indented like the file.

use crate::diagnostics::presentation::short_name;
use crate::diagnostics::{Fix, TextEdit};
use crate::yaml::{Node, Span};

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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::analysis::analyze;
    use crate::diagnostics::TextEdit;
    use crate::features::code_actions::code_actions;
    use crate::settings::Settings;

    /// Applies the "Create" action of the first finding with `code` and returns the text.
    fn created(text: &str, code: &str) -> String {
        let a = analyze(Arc::from(text), &Settings::default());
        let f = a
            .findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("no {code} in {:?}", a.findings));
        let actions = code_actions(&a, f.span);
        let first = actions.first().expect("an action");
        assert!(
            first.fix.title.starts_with("Create "),
            "{:?}",
            first.fix.title
        );
        TextEdit::apply_all(text, &first.fix.edits)
    }

    fn clean(text: &str) {
        let a = analyze(Arc::from(text), &Settings::default());
        let bad: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.severity >= crate::diagnostics::Severity::Warning)
            .collect();
        assert!(bad.is_empty(), "{text}\n{bad:?}");
    }

    #[test]
    fn an_undefined_job_is_created_in_jobs() {
        let text = "version: 2.1\njobs:\n    build:\n        machine:\n            image: ubuntu-2404:current\n        steps: [checkout]\nworkflows:\n    main:\n        jobs: [build, deploy]\n";
        let out = created(text, "undefined-job");
        assert_eq!(
            out,
            "version: 2.1\njobs:\n    build:\n        machine:\n            image: ubuntu-2404:current\n        steps: [checkout]\n    deploy:\n        machine:\n            image: ubuntu-2404:current\n        steps:\n            - checkout\nworkflows:\n    main:\n        jobs: [build, deploy]\n"
        );
        clean(&out);
    }

    #[test]
    fn a_missing_section_is_added_before_workflows() {
        let text = "version: 2.1\njobs:\n  build:\n    executor: linux\n    steps:\n      - greet\nworkflows:\n  main:\n    jobs: [build]\n";
        let out = created(text, "undefined-executor");
        assert!(
            out.contains(
                "executors:\n  linux:\n    machine:\n      image: ubuntu-2404:current\nworkflows:"
            ),
            "{out}"
        );
        let out = created(&out, "undefined-command");
        assert!(
            out.contains(
                "commands:\n  greet:\n    steps:\n      - run: echo \"greet\"\nworkflows:"
            ),
            "{out}"
        );
        clean(&out);
    }

    #[test]
    fn no_skeleton_goes_into_an_anchor() {
        let text = "version: 2.1\nx-jobs: &all\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\njobs: *all\nworkflows:\n  main:\n    jobs: [build, deploy]\n";
        let a = analyze(Arc::from(text), &Settings::default());
        let f = a.findings.iter().find(|f| f.code == "undefined-job");
        assert!(f.is_some_and(|f| f.fixes.is_empty()), "{:?}", a.findings);
    }

    #[test]
    fn a_near_miss_offers_the_rename_instead() {
        let text = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [biuld]\n";
        let a = analyze(Arc::from(text), &Settings::default());
        let f = a.findings.iter().find(|f| f.code == "undefined-job");
        let titles: Vec<String> = f
            .map(|f| f.fixes.iter().map(|x| x.title.clone()).collect())
            .unwrap_or_default();
        assert_eq!(titles, ["Change to build"]);
    }
}
