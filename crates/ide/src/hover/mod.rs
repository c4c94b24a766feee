//! Hover: the first source that knows the thing under the cursor answers.

pub(crate) mod continuation;
pub(crate) mod definitions;
pub(crate) mod docker;
pub(crate) mod keys;
pub(crate) mod orbs;
pub(crate) mod variables;

#[cfg(test)]
mod definitions_tests;
#[cfg(test)]
mod orbs_tests;

use super::FeatureContext;
use syntax::yaml::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    /// The range the hover is about (highlighted by some editors).
    pub span: Span,
    pub markdown: String,
}

pub fn hover(ctx: &FeatureContext<'_>) -> Option<HoverResult> {
    docker::hover(ctx)
        .or_else(|| continuation::hover(ctx))
        .or_else(|| orbs::hover(ctx))
        .or_else(|| variables::hover(ctx))
        .or_else(|| definitions::hover(ctx))
        .or_else(|| keys::hover(ctx))
}
