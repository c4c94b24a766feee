//! Messages and fix titles fit the panels that show them.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::code_actions::code_actions;
use analysis::diagnostics::presentation::{fix_title_problem, message_problem};
use analysis::rule_registry::all_rules;
use analysis::settings::Settings;
use analysis::{analyze, Analysis};

/// Every message and every action title of an analysis that breaks the limits.
fn problems(name: &str, analysis: &Analysis, out: &mut BTreeSet<String>) {
    for f in &analysis.findings {
        if let Some(p) = message_problem(&f.message) {
            out.insert(format!("{name}: {} {p}", f.code));
        }
        for a in code_actions(analysis, f.span) {
            if let Some(p) = fix_title_problem(&a.fix.title) {
                out.insert(format!("{name}: {} {p}", a.finding.code));
            }
        }
    }
}

#[test]
fn rule_examples_have_short_messages_and_titles() {
    let mut out = BTreeSet::new();
    for rule in all_rules() {
        for example in [rule.bad, rule.good] {
            let a = analyze(Arc::from(example), &Settings::default());
            problems(rule.code, &a, &mut out);
        }
    }
    assert!(out.is_empty(), "{}", Vec::from_iter(out).join("\n"));
}
