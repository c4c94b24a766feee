//! Empty configs and empty top-level sections.
//!
//! A file with no document (nothing, or only comments) gives CircleCI nothing to run. An
//! empty `orbs:`, `commands:`, `executors:` or `parameters:` declares nothing: a leftover or
//! an indentation slip that moved the entries elsewhere.

use crate::diagnostics::{Finding, FixSafety, Rule, Severity};
use crate::model::sections::{section_kind, Place};
use crate::model::DefKind;
use syntax::yaml::{ParsedYaml, Span};

use super::rules::INVALID_VALUE;

pub const EMPTY_CONFIG: Rule = Rule {
    code: "empty-config",
    default_severity: Severity::Warning,
    fix: FixSafety::None,
    summary: "The file has no configuration, only comments or nothing at all.",
    explanation: "CircleCI cannot run a config without `version`, `jobs` and `workflows`. Write the configuration, or delete the file if it is a leftover.",
    bad: "# TODO: set up CI\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    steps:\n      - checkout\n",
};

/// The kinds of definition whose top-level section, empty, declares nothing. Empty `jobs`,
/// `workflows` and `job-groups` are left alone: a config may run only orb jobs.
const DECLARED: &[DefKind] = &[
    DefKind::Orb,
    DefKind::Command,
    DefKind::Executor,
    DefKind::PipelineParameter,
];

/// Whether `name` is a top-level section of one of the [`DECLARED`] kinds (the knowledge table
/// says which sections define what).
fn declares(name: &str) -> bool {
    section_kind(name, Place::Config).is_some_and(|kind| DECLARED.contains(&kind))
}

pub fn check(text: &str, yaml: &ParsedYaml, findings: &mut Vec<Finding>) {
    if !yaml.errors.is_empty() {
        return;
    }
    let root = yaml.root().filter(|r| !r.is_null());
    let Some(root) = root else {
        let start = text.len() - text.trim_start().len();
        let end = text.trim_end().len().max(start);
        findings.push(Finding::new(
            &EMPTY_CONFIG,
            Span::new(start, end),
            "Write a configuration (`version: 2.1`, `jobs`, `workflows`) or delete this file: it has none.",
        ));
        return;
    };
    let Some(map) = root.as_mapping() else {
        return;
    };
    for e in map.own_entries() {
        let Some(name) = e.key.as_str().filter(|k| declares(k)) else {
            continue;
        };
        let empty = e.value.is_null() || e.value.as_mapping().is_some_and(|m| m.entries.is_empty());
        if empty && e.value.tag.is_none() {
            findings.push(
                Finding::new(
                    &INVALID_VALUE,
                    e.key.span,
                    format!("Add entries under `{name}:` or remove it: it is empty, so it declares nothing."),
                )
                .with_severity(Severity::Warning),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::analyze;
    use crate::settings::Settings;

    fn codes(text: &str) -> Vec<(&'static str, String)> {
        analyze(Arc::from(text), &Settings::default())
            .findings
            .iter()
            .map(|f| (f.code, f.span.text(text).to_string()))
            .collect()
    }

    #[test]
    fn empty_files_and_sections() {
        assert_eq!(codes(""), vec![("empty-config", String::new())]);
        assert_eq!(
            codes("# only\n# comments\n"),
            vec![("empty-config", "# only\n# comments".to_string())]
        );
        let text = "version: 2.1\norbs:\ncommands: {}\nexecutors:\nparameters: {}\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";
        let found: Vec<String> = codes(text)
            .into_iter()
            .filter(|(c, _)| *c == "invalid-value")
            .map(|(_, t)| t)
            .collect();
        assert_eq!(found, ["orbs", "commands", "executors", "parameters"]);
    }

    #[test]
    fn a_scalar_where_a_list_is_required() {
        let text = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    steps: [checkout]\nworkflows:\n  main:\n    jobs:\n      - build:\n          requires: 5\n";
        assert!(codes(text).contains(&("invalid-type", "5".to_string())));
    }
}
