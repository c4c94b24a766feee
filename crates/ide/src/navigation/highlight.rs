//! Document highlights: the definition and uses of the name under the cursor.

use super::{model, occurrences, symbol_at};
use crate::FeatureContext;
use syntax::yaml::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// Where the thing is defined.
    Write,
    /// Where it is used.
    Read,
}

/// The definition (written) and uses (read) of the name under the cursor.
pub fn highlights(ctx: &FeatureContext<'_>) -> Vec<(Span, HighlightKind)> {
    let model = model(ctx);
    let Some((symbol, _)) = symbol_at(model, ctx.offset) else {
        return Vec::new();
    };
    let (decl, uses) = occurrences(model, &symbol);
    decl.map(|d| (d, HighlightKind::Write))
        .into_iter()
        .chain(uses.into_iter().map(|u| (u, HighlightKind::Read)))
        .collect()
}
