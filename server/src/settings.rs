//! User settings: per-rule severity overrides from `initializationOptions` or
//! `workspace/didChangeConfiguration`.

use std::collections::HashMap;

use serde::Deserialize;

use crate::diagnostics::Severity;

/// A rule's configured level: `off` or a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Hint,
    #[serde(alias = "information")]
    Info,
    #[serde(alias = "warn")]
    Warning,
    Error,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub rules: HashMap<String, RuleLevel>,
}

impl Settings {
    /// `None` when the rule is not configured, `Some(None)` when it is off.
    pub fn severity_for(&self, code: &str) -> Option<Option<Severity>> {
        self.rules.get(code).map(|level| match level {
            RuleLevel::Off => None,
            RuleLevel::Hint => Some(Severity::Hint),
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
        })
    }
}
