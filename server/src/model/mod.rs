//! The config's definitions and references: jobs, commands, executors, parameters, orbs,
//! anchors, and where each is used.

pub mod completion;
pub mod hover;
pub mod index;
pub mod rules;
pub mod template;

#[cfg(test)]
mod tests;

pub use index::{DefId, DefKind, Definition, Model, RefKind, Reference, Target};
pub use rules::RULES;

use crate::analysis::RuleContext;
use crate::diagnostics::Finding;

/// Runs the definition and reference rules over a parsed config.
pub fn check(ctx: &RuleContext<'_>, findings: &mut Vec<Finding>) {
    rules::check_model(ctx.model, ctx.yaml.is_complete(), findings);
}
