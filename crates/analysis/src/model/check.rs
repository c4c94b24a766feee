//! Runs every model rule, in documentation order, and drops the unused-definition findings
//! an undefined name with a near miss already explains.

use super::extent::Extent;
use super::index::Model;
use super::rules::*;
use super::{
    definitions, job_groups, parameter_types, parameter_values, requires_cycles, undefined, unused,
};
use crate::diagnostics::Finding;

/// Runs every rule of this module over the model.
///
/// When the YAML did not parse to the end, only the findings that stay true whatever follows
/// (mistyped values, cycles) are made.
pub fn check(model: &Model<'_>, extent: Extent, findings: &mut Vec<Finding>) {
    if extent == Extent::Whole {
        let first = findings.len();
        undefined::check(model, findings);
        let near_misses = near_misses(&findings[first..]);
        let unused_start = findings.len();
        unused::check(model, findings);
        // `biuld` for the job `build` is one mistake: the undefined name with its "did you
        // mean" says it all, so `build` is not also reported as unused.
        let mut index = 0;
        findings.retain(|f| {
            let is_cascade = index >= unused_start
                && near_misses
                    .iter()
                    .any(|(code, name)| *code == f.code && f.span.text(model.text) == name);
            index += 1;
            !is_cascade
        });
    }
    parameter_values::check(model, extent, findings);
    requires_cycles::check(model, findings);
    job_groups::check(model, extent, findings);
    definitions::check(model, extent, findings);
    parameter_types::check(model, findings);
}

/// The unused-rule code and name each undefined-name finding's rename fix points at.
fn near_misses(findings: &[Finding]) -> Vec<(&'static str, String)> {
    let pairs = [
        (UNDEFINED_JOB.code, UNUSED_JOB.code),
        (UNDEFINED_COMMAND.code, UNUSED_COMMAND.code),
        (UNDEFINED_EXECUTOR.code, UNUSED_EXECUTOR.code),
        (UNDEFINED_ORB.code, UNUSED_ORB.code),
        (UNDEFINED_PARAMETER.code, UNUSED_PARAMETER.code),
    ];
    findings
        .iter()
        .filter_map(|f| {
            let (_, unused) = pairs.iter().find(|(undefined, _)| *undefined == f.code)?;
            let rename = f.fixes.iter().find(|x| x.title.starts_with("Change to "))?;
            let [edit] = rename.edits.as_slice() else {
                return None;
            };
            Some((*unused, edit.new_text.clone()))
        })
        .collect()
}
