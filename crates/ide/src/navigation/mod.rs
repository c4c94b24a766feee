//! Go to definition, find references, rename and document highlights: one file per request,
//! over what the model says is under the cursor.

mod definition;
mod highlight;
mod references;
mod rename;

use std::collections::BTreeSet;

use super::FeatureContext;
use analysis::model::index::{DefId, Model, RefKind, Reference, Target};
use syntax::yaml::Span;

pub use definition::definition;
pub use highlight::{highlights, HighlightKind};
pub use references::references;
pub use rename::{prepare_rename, rename};

/// What is under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Symbol {
    /// A definition of this file (under the cursor, or what the reference under it names).
    Def(DefId),
    /// A job, command or executor of a registry orb: `orb` is the orb's definition.
    OrbMember { orb: DefId, name: String },
    /// A context, by name.
    Context(String),
    /// A `requires` entry naming a workflow entry that runs under another name.
    Entry(usize),
    /// Something that has no definition here (built-in step, pipeline value, undefined name).
    Other,
}

pub(super) fn model<'a>(ctx: &'a FeatureContext<'_>) -> &'a Model<'a> {
    ctx.analysis.model()
}

/// The reference or definition under the cursor and what it stands for.
pub(super) fn symbol_at<'m>(
    model: &'m Model<'_>,
    offset: usize,
) -> Option<(Symbol, Option<&'m Reference>)> {
    if let Some((_, r)) = model.ref_at(offset) {
        let symbol = match (&r.target, r.kind) {
            (Target::Def(id), _) => Symbol::Def(*id),
            (Target::OrbMember { orb }, _) => Symbol::OrbMember {
                orb: *orb,
                name: r.name.clone(),
            },
            (_, RefKind::Context) => Symbol::Context(r.name.clone()),
            (_, RefKind::Requires) => r.entry.map_or(Symbol::Other, Symbol::Entry),
            _ => Symbol::Other,
        };
        return Some((symbol, Some(r)));
    }
    model.def_at(offset).map(|(id, _)| (Symbol::Def(id), None))
}

/// The uses of a symbol (spans deduplicated: a copy through an alias is one written place),
/// and its definition when it has one.
pub(super) fn occurrences(model: &Model<'_>, symbol: &Symbol) -> (Option<Span>, Vec<Span>) {
    let mut uses = BTreeSet::new();
    let decl = match symbol {
        Symbol::Def(id) => {
            let def = model.def(*id);
            for r in model.refs_to(*id) {
                // Names built from templates reach the definition, but their text is not it.
                if r.strict || def.is_some_and(|d| r.span.text(model.text) == d.name) {
                    uses.insert(r.span);
                }
            }
            def.map(|d| d.name_span)
        }
        Symbol::OrbMember { orb, name } => {
            for r in &model.refs {
                if r.target == (Target::OrbMember { orb: *orb }) && &r.name == name {
                    uses.insert(r.full_span);
                }
            }
            None
        }
        Symbol::Context(name) => {
            for r in &model.refs {
                if r.kind == RefKind::Context && &r.name == name {
                    uses.insert(r.span);
                }
            }
            None
        }
        Symbol::Entry(e) => {
            for r in &model.refs {
                if r.kind == RefKind::Requires && r.entry == Some(*e) {
                    uses.insert(r.span);
                }
            }
            model
                .entries
                .get(*e)
                .map(|entry| entry.name.map_or(entry.job_span, |(_, span)| span))
        }
        Symbol::Other => None,
    };
    if let Some(d) = decl {
        uses.remove(&d);
    }
    (decl, uses.into_iter().collect())
}

#[cfg(test)]
mod tests;
