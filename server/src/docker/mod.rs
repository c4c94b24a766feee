//! Docker image access: image references, registries, credentials and their rules.

pub(crate) mod check;
pub mod completion;
pub mod fixes;
pub mod hover;
pub mod image_ref;
pub mod resolve;
pub mod rules;
pub mod shell;
pub mod source_map;
pub mod vars;

pub use check::RATE_LIMIT_NUMBERS;
pub use rules::RULES;

use crate::analysis::RuleContext;
use crate::diagnostics::Finding;

/// Runs the docker rules on a parsed config.
pub fn check(ctx: &RuleContext<'_>, findings: &mut Vec<Finding>) {
    check::check(ctx, findings);
}

#[cfg(test)]
mod tests;
