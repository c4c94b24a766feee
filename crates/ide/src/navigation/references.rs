//! Find references: every use of the name under the cursor.

use super::{model, occurrences, symbol_at};
use crate::FeatureContext;
use syntax::yaml::Span;

/// Every use of the thing under the cursor, with its definition when asked.
pub fn references(ctx: &FeatureContext<'_>, include_declaration: bool) -> Vec<Span> {
    let model = model(ctx);
    let Some((symbol, _)) = symbol_at(model, ctx.offset) else {
        return Vec::new();
    };
    let (decl, uses) = occurrences(model, &symbol);
    let mut out = Vec::new();
    if include_declaration {
        out.extend(decl);
    }
    out.extend(uses);
    out
}
