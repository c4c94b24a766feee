//! Hover: the first source that knows the thing under the cursor answers.

use super::FeatureContext;
use crate::yaml::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    /// The range the hover is about (highlighted by some editors).
    pub span: Span,
    pub markdown: String,
}

pub fn hover(ctx: &FeatureContext<'_>) -> Option<HoverResult> {
    crate::docker::hover::hover(ctx)
        .or_else(|| crate::model::hover::hover(ctx))
        .or_else(|| crate::knowledge::hover::hover(ctx))
}
