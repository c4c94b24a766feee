//! Every rule table in one list: the CLI, the settings and the docs look rules up here.

use crate::diagnostics::{self, Rule};

/// Every rule table, in documentation order. A domain with rules adds its table here.
const RULE_TABLES: &[&[Rule]] = &[
    diagnostics::CORE_RULES,
    crate::docker::RULES,
    crate::model::RULES,
    crate::validation::RULES,
    crate::orbs::RULES,
    crate::project::RULES,
];

/// Every rule the server knows, in documentation order.
pub fn all_rules() -> Vec<&'static Rule> {
    RULE_TABLES.iter().flat_map(|t| t.iter()).collect()
}

/// The rule with this code.
pub fn find_rule(code: &str) -> Option<&'static Rule> {
    all_rules().into_iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Arc;

    use super::*;
    use crate::analyze;
    use crate::diagnostics::ALIAS_EXPANSION_LIMIT;
    use crate::settings::Settings;

    /// Rules whose `bad` example needs more than one file or a live pipeline to fire, so the
    /// example cannot be checked here.
    const UNCHECKED_BAD: &[&str] = &[
        ALIAS_EXPANSION_LIMIT.code,
        crate::orbs::dev::MISSING_INCLUDE.code,
    ];

    #[test]
    fn rule_codes_are_unique_kebab_case_and_documented() {
        let mut seen = HashSet::new();
        for rule in all_rules() {
            assert!(seen.insert(rule.code), "duplicate rule code {}", rule.code);
            assert!(
                rule.code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                rule.code
            );
            assert!(
                !rule.summary.is_empty() && !rule.explanation.is_empty(),
                "{} lacks docs",
                rule.code
            );
        }
    }

    #[test]
    fn every_rule_example_behaves_as_documented() {
        let mut problems = Vec::new();
        for rule in all_rules() {
            // Project rules' examples are several files: workspace/project_tests.rs runs them.
            let several_files = crate::project::RULES.iter().any(|r| r.code == rule.code);
            if !rule.bad.is_empty() && !UNCHECKED_BAD.contains(&rule.code) && !several_files {
                let a = analyze(Arc::from(rule.bad), &Settings::default());
                if !a.findings.iter().any(|f| f.code == rule.code) {
                    problems.push(format!("`bad` example of {} does not report it", rule.code));
                }
            }
            if !rule.good.is_empty() {
                let a = analyze(Arc::from(rule.good), &Settings::default());
                if let Some(f) = a.findings.iter().find(|f| f.code == rule.code) {
                    problems.push(format!(
                        "`good` example of {} still reports it: {}",
                        rule.code, f.message
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
