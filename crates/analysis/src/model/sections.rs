//! Which config sections define names, read from the knowledge table: a section whose
//! mapping takes user-chosen names of a defining kind (`jobs:` names jobs, `job-groups:` names
//! job groups) defines them. The model, the outline and semantic tokens all ask here, so a
//! new section is one table entry.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::index::DefKind;
use knowledge::schema::{first_map, item_of, maps_of, MapRole, MapSchema, NameKind, Other, Ty};
use knowledge::table;

/// Which body sections are read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The config itself.
    Config,
    /// An inline orb's body under `orbs:`.
    InlineOrb,
}

/// The sections of a config or of an inline orb body, with what each one's keys define, in
/// the order the model indexes them (orbs first, so that members of inline orbs are known
/// before anything uses them).
pub fn sections(place: Place) -> &'static [(&'static str, DefKind)] {
    static CONFIG: OnceLock<Vec<(&'static str, DefKind)>> = OnceLock::new();
    static INLINE_ORB: OnceLock<Vec<(&'static str, DefKind)>> = OnceLock::new();
    match place {
        Place::Config => CONFIG.get_or_init(|| defining_sections(&table::CONFIG)),
        Place::InlineOrb => INLINE_ORB.get_or_init(|| defining_sections(&table::INLINE_ORB)),
    }
}

/// What the keys of section `name` define, if anything.
pub fn section_kind(name: &str, place: Place) -> Option<DefKind> {
    sections(place)
        .iter()
        .find(|(section, _)| *section == name)
        .map(|(_, kind)| *kind)
}

/// The sections of `place` in the config table `config` (the knowledge table's, or a
/// fixture's in tests).
pub(crate) fn sections_in(
    config: &'static MapSchema,
    place: Place,
) -> Cow<'static, [(&'static str, DefKind)]> {
    if std::ptr::eq(config, &table::CONFIG) {
        return Cow::Borrowed(sections(place));
    }
    Cow::Owned(match place {
        Place::Config => defining_sections(config),
        Place::InlineOrb => section_schema(config, DefKind::Orb)
            .map(defining_sections)
            .unwrap_or_default(),
    })
}

/// The table of a config's top-level keys, or of an inline orb's.
pub(crate) fn place_table(config: &'static MapSchema, place: Place) -> Option<&'static MapSchema> {
    match place {
        Place::Config => Some(config),
        Place::InlineOrb => section_schema(config, DefKind::Orb),
    }
}

/// The mapping the names of the section defining `kind` hold: a job's body for
/// `DefKind::Job`, an inline orb's for `DefKind::Orb`.
fn section_schema(config: &'static MapSchema, kind: DefKind) -> Option<&'static MapSchema> {
    config.keys.iter().find_map(|key| {
        let section = first_map(&key.ty)?;
        (defined_by(&key.ty) == Some(kind)).then(|| section.names_map())?
    })
}

/// The schema of a definition's body in the config table `config`: a job's for
/// `DefKind::Job`, a workflow's for `DefKind::Workflow`.
pub(crate) fn body_schema_in(
    config: &'static MapSchema,
    kind: DefKind,
) -> Option<&'static MapSchema> {
    section_schema(config, kind)
}

/// The schema of a definition's body in the knowledge table.
pub fn body_schema(kind: DefKind) -> Option<&'static MapSchema> {
    section_schema(&table::CONFIG, kind)
}

/// The key of a workflow's or job group's body that lists its job invocations (`jobs`).
pub fn invocations_key(body: &MapSchema) -> Option<&'static str> {
    body.keys.iter().find_map(|k| {
        let item = item_of(&k.ty)?;
        let lists = maps_of(&item)
            .first()
            .is_some_and(|m| m.role == MapRole::JobInvocation);
        lists.then_some(k.name)
    })
}

fn defining_sections(schema: &MapSchema) -> Vec<(&'static str, DefKind)> {
    let mut out: Vec<(&'static str, DefKind)> = schema
        .keys
        .iter()
        .filter_map(|key| Some((key.name, defined_by(&key.ty)?)))
        .collect();
    out.sort_by_key(|(_, kind)| *kind);
    out
}

/// The kind of definition a section of type `ty` holds: its mapping's user-chosen names.
fn defined_by(ty: &Ty) -> Option<DefKind> {
    let Ty::Map(map) = ty else {
        return None;
    };
    let Other::Names(names) = map.other else {
        return None;
    };
    match names.kind {
        NameKind::Orb => Some(DefKind::Orb),
        NameKind::Command => Some(DefKind::Command),
        NameKind::Executor => Some(DefKind::Executor),
        NameKind::Job => Some(DefKind::Job),
        NameKind::JobGroup => Some(DefKind::JobGroup),
        NameKind::Workflow => Some(DefKind::Workflow),
        NameKind::ParameterDeclaration => Some(DefKind::PipelineParameter),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_come_from_the_table() {
        assert_eq!(
            sections(Place::Config),
            [
                ("orbs", DefKind::Orb),
                ("commands", DefKind::Command),
                ("executors", DefKind::Executor),
                ("jobs", DefKind::Job),
                ("job-groups", DefKind::JobGroup),
                ("workflows", DefKind::Workflow),
                ("parameters", DefKind::PipelineParameter),
            ]
        );
        assert_eq!(
            sections(Place::InlineOrb),
            [
                ("orbs", DefKind::Orb),
                ("commands", DefKind::Command),
                ("executors", DefKind::Executor),
                ("jobs", DefKind::Job),
            ]
        );
        assert_eq!(
            section_kind("job-groups", Place::Config),
            Some(DefKind::JobGroup)
        );
        assert_eq!(section_kind("job-groups", Place::InlineOrb), None);
    }

    /// A section added to a table is indexed with no other edit: a fixture table with a
    /// made-up `pipelines:` section of jobs defines jobs there.
    #[test]
    fn a_new_section_is_one_table_entry() {
        static MORE_JOBS: MapSchema = MapSchema {
            what: "more jobs",
            keys: &[],
            other: Other::Names(&knowledge::schema::Names {
                kind: NameKind::Job,
                ty: Ty::Any,
                doc: "",
            }),
            one_of_required: &[],
            exclusive: &[],
            role: knowledge::schema::MapRole::Plain,
        };
        static FIXTURE: MapSchema = MapSchema {
            what: "a fixture config",
            keys: &[
                knowledge::schema::key("version", Ty::Str, ""),
                knowledge::schema::key("pipelines", Ty::Map(&MORE_JOBS), ""),
            ],
            other: Other::Closed,
            one_of_required: &[],
            exclusive: &[],
            role: knowledge::schema::MapRole::Plain,
        };
        assert_eq!(defining_sections(&FIXTURE), [("pipelines", DefKind::Job)]);
    }
}
