//! Jobs against the requirements of their `type` (a build job needs an executor and steps),
//! and keys whose `true` form is deprecated (`machine: true`) where the job's type uses them.

use crate::diagnostics::{Finding, FindingTag, Fix, TextEdit};
use knowledge::schema::{is_template, Key, TrueDeprecation};
use knowledge::table;
use syntax::yaml::{Mapping, Node};

use super::super::rules::*;
use super::{boolean, Checker, Misspellings, Owner};

impl<'a> Checker<'a, '_, '_> {
    /// Job requirements depend on the job's `type`; the table lists them per type.
    pub(super) fn job(&mut self, m: &Mapping, owner: Owner<'a>) {
        let job_type = m
            .get("type")
            .and_then(Node::as_str)
            .unwrap_or(table::DEFAULT_JOB_TYPE);
        if is_template(job_type) {
            return;
        }
        let Some(choice) = table::JOB_TYPES.iter().find(|c| c.value == job_type) else {
            return;
        };
        // A misspelt key (`stesp`) is reported as unknown with its near miss; reporting the
        // key it stands for as missing too would be one mistake, two findings.
        let misspelt = Misspellings::new(m, &table::JOB);
        let has = |k: &str| m.get(k).is_some() || misspelt.contains(k);
        for requirement in choice.requires {
            if !requirement.any_of.iter().any(|k| has(k)) {
                self.out.push(Finding::new(
                    &MISSING_KEY,
                    owner.span,
                    requirement.message.replace("{name}", owner.name),
                ));
            }
        }
        // A key's deprecated `true` form matters only where the job's type uses that key.
        for requirement in choice.requires {
            for name in requirement.any_of {
                if let Some(key) = table::JOB.key(name) {
                    if let Some(why) = key.deprecated_true {
                        self.deprecated_true(m, key, why);
                    }
                }
            }
        }
    }

    /// A key whose `true` form is deprecated (`machine: true`), except for self-hosted
    /// runners, which are selected by a `namespace/name` resource class.
    pub(super) fn deprecated_true(&mut self, m: &Mapping, key: &Key, why: TrueDeprecation) {
        let Some(entry) = m.entry(key.name) else {
            return;
        };
        if boolean(&entry.value) != Some(true) {
            return;
        }
        let runner = m
            .get("resource_class")
            .and_then(Node::as_str)
            .is_some_and(|rc| rc.contains('/') || is_template(rc));
        if runner {
            return;
        }
        let mut finding = Finding::new(&DEPRECATED, entry.value.span, why.message)
            .with_tag(FindingTag::Deprecated);
        if entry.value.is_written_here() {
            finding = finding.with_fix(Fix {
                title: why.fix_title.to_string(),
                edits: vec![TextEdit {
                    span: entry.value.span,
                    new_text: why.replacement.to_string(),
                }],
                preferred: false,
            });
        }
        self.out.push(finding);
    }
}

/// A job whose `type` is `build`, written or by default (a template counts as build).
pub(super) fn is_build_job(m: &Mapping) -> bool {
    m.get("type")
        .and_then(Node::as_str)
        .is_none_or(|t| t == "build" || is_template(t))
}
