//! Hover: the findings under the cursor first, then the first source that knows the thing
//! under the cursor; the whole fitted to a hover window (see `layout`).

pub(crate) mod continuation;
pub(crate) mod definitions;
pub(crate) mod docker;
pub mod findings;
pub(crate) mod keys;
pub mod layout;
pub(crate) mod orbs;
pub(crate) mod variables;

#[cfg(test)]
mod definitions_tests;
#[cfg(test)]
mod fit_tests;
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
    let about = docker::hover(ctx)
        .or_else(|| continuation::hover(ctx))
        .or_else(|| orbs::hover(ctx))
        .or_else(|| variables::hover(ctx))
        .or_else(|| definitions::hover(ctx))
        .or_else(|| keys::hover(ctx));
    let (span, markdown) = match (findings::explain(ctx), about) {
        (None, None) => return None,
        (Some((span, flagged)), None) => (span, flagged),
        (None, Some(h)) => (h.span, h.markdown),
        (Some((_, flagged)), Some(h)) => (h.span, format!("{flagged}\n\n---\n\n{}", h.markdown)),
    };
    Some(HoverResult {
        span,
        markdown: layout::fit(&markdown),
    })
}
