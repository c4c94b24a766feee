//! The `workflows` section: `workflows: version` by config version, and workflows that run no
//! jobs.

use crate::diagnostics::{Finding, FindingTag, Fix, Severity, TextEdit};
use crate::model::sections::{sections, Place};
use crate::model::{DefKind, Model};
use knowledge::ConfigVersion;
use syntax::text::lines::LineIndex;
use syntax::yaml::{Mapping, Node, Span};

use super::super::rules::*;
use super::Checker;

impl<'a> Checker<'a, '_, '_> {
    /// `workflows: version` is required by 2.0 configs and unnecessary in 2.1.
    pub(super) fn workflows_version(&mut self, root: &'a Mapping) {
        let section = sections(Place::Config)
            .iter()
            .find(|(_, kind)| *kind == DefKind::Workflow);
        let Some(entry) = section.and_then(|(name, _)| root.entry(name)) else {
            return;
        };
        let Some(workflows) = entry.value.as_mapping() else {
            return;
        };
        match (self.version, workflows.entry("version")) {
            (ConfigVersion::V20, None) => self.out.push(Finding::new(
                &MISSING_KEY,
                entry.key.span,
                "Add `version: 2` as the first key of `workflows`, or move the config to `version: 2.1`.",
            )),
            (ConfigVersion::V21, Some(v)) => {
                let line = whole_lines(self.lines, self.text, v.key.span.start, v.value.span.end);
                self.out.push(
                    Finding::new(
                        &DEPRECATED,
                        v.key.span,
                        "Remove `workflows: version`: it is only needed with `version: 2`.",
                    )
                    .with_severity(Severity::Hint)
                    .with_tag(FindingTag::Deprecated)
                    .with_fix(Fix {
                        title: "Remove workflows: version".to_string(),
                        edits: vec![TextEdit {
                            span: line,
                            new_text: String::new(),
                        }],
                        preferred: true,
                    }),
                );
            }
            _ => {}
        }
    }
}

/// A workflow whose `jobs` list is empty runs nothing; the schema requires at least one job,
/// but configs in use carry such parked workflows, so it is a warning. The model knows which
/// mappings are workflows.
pub(super) fn empty_workflows(model: &Model<'_>, findings: &mut Vec<Finding>) {
    for (_, workflow) in model.defs_of(DefKind::Workflow, None) {
        let Some(jobs) = workflow
            .node
            .and_then(Node::as_mapping)
            .and_then(|w| w.entry("jobs"))
        else {
            continue;
        };
        if jobs.value.as_sequence().is_some_and(|s| s.items.is_empty()) {
            findings.push(
                Finding::new(
                    &INVALID_VALUE,
                    jobs.value.span,
                    format!(
                        "Add a job or remove workflow `{}`: it has no jobs, so it runs nothing.",
                        workflow.name
                    ),
                )
                .with_severity(Severity::Warning),
            );
        }
    }
}

/// The lines from the one holding `start` to the one holding `end`, with the last line's
/// line break.
fn whole_lines(lines: &LineIndex, text: &str, start: usize, end: usize) -> Span {
    let next = lines.line_of(end) + 1;
    Span::new(
        lines.start_at(start),
        lines.line_start(next).unwrap_or(text.len()),
    )
}
