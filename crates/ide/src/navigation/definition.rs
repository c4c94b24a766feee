//! Go to definition: where the name under the cursor is defined.

use super::{model, symbol_at, Symbol};
use crate::FeatureContext;
use syntax::yaml::Span;

/// Where the thing under the cursor is defined.
pub fn definition(ctx: &FeatureContext<'_>) -> Vec<Span> {
    let model = model(ctx);
    let Some((symbol, _)) = symbol_at(model, ctx.offset) else {
        return Vec::new();
    };
    match symbol {
        Symbol::Def(id) => model.def(id).map(|d| vec![d.name_span]).unwrap_or_default(),
        // A registry orb's member is defined in the orb: its declaration is the closest place.
        Symbol::OrbMember { orb, .. } => model
            .def(orb)
            .map(|d| vec![d.name_span])
            .unwrap_or_default(),
        Symbol::Entry(e) => model
            .entries
            .get(e)
            .map(|entry| vec![entry.name.map_or(entry.job_span, |(_, span)| span)])
            .unwrap_or_default(),
        Symbol::Context(_) | Symbol::Other => Vec::new(),
    }
}
