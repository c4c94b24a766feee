//! The orbs a config declares, resolved against the catalog once for every check and request.

use super::data::{Catalog, Member, MemberKind};
use super::resolve::{resolve, OrbRef, Resolved};
use crate::model::index::value_span;
use crate::model::index::{DefId, DefKind, Model, RefKind};
use syntax::yaml::Span;

/// A registry orb declared under `orbs:` (`node: circleci/node@5.1.0`).
#[derive(Clone, Debug)]
pub struct DeclaredOrb {
    /// The orb's definition in the model.
    pub def: DefId,
    /// `circleci/node`.
    pub orb: String,
    /// The version as written (`5.1.0`, `5`, `volatile`).
    pub version: String,
    /// Where the reference string is written, when exactly known.
    pub reference_span: Option<Span>,
    /// Where the version is written, when exactly known.
    pub version_span: Option<Span>,
    /// The known release it resolves to; `None` for an unknown orb or major.
    pub resolved: Option<Resolved>,
}

impl DeclaredOrb {
    /// The reference as written: `circleci/node@5.1.0`.
    pub fn reference(&self) -> String {
        format!("{}@{}", self.orb, self.version)
    }
}

/// Every orb declared by reference in the config (top level and inside inline orbs).
pub fn declared_orbs(model: &Model<'_>, catalog: &Catalog) -> Vec<DeclaredOrb> {
    model
        .defs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == DefKind::Orb)
        .filter_map(|(id, d)| {
            let node = d.node?;
            let text = node.as_str()?;
            let r = OrbRef::parse(text)?;
            let (span, exact) = value_span(node, model.text);
            let version_span =
                exact.then(|| Span::new(span.start + r.version_offset, span.start + text.len()));
            Some(DeclaredOrb {
                def: id,
                orb: r.orb.to_string(),
                version: r.version.to_string(),
                reference_span: exact.then_some(span),
                version_span,
                resolved: resolve(catalog, &r),
            })
        })
        .collect()
}

/// The declared orb for a model definition.
pub fn find(orbs: &[DeclaredOrb], def: DefId) -> Option<&DeclaredOrb> {
    orbs.iter().find(|o| o.def == def)
}

pub fn member_kind(kind: RefKind) -> Option<MemberKind> {
    match kind {
        RefKind::Job => Some(MemberKind::Job),
        RefKind::Command => Some(MemberKind::Command),
        RefKind::Executor => Some(MemberKind::Executor),
        _ => None,
    }
}

/// The member a reference such as `node/test` names, when its orb resolves.
pub fn member<'o>(
    orbs: &'o [DeclaredOrb],
    orb: DefId,
    kind: RefKind,
    name: &str,
) -> Option<(&'o DeclaredOrb, &'o Member)> {
    let declared = find(orbs, orb)?;
    // A major newer than the data: nothing is known of its members.
    let release = &declared
        .resolved
        .as_ref()
        .filter(|r| !r.releases.is_empty())?
        .release;
    let member = name.split_once('/').map_or(name, |(_, m)| m);
    Some((declared, release.member(member_kind(kind)?, member)?))
}
