//! What the cursor's place is in CircleCI terms, read from the knowledge table's types and
//! roles along the cursor's path rather than from key names: an item of any steps list (every
//! key of the steps role), a job entry of a workflow or a job group alike, the arguments of
//! an invoked command, job or executor. Completion from the model and from the orb data both
//! ask here, so they offer the same places.

use crate::cursor::{CursorContext, Slot};
use analysis::model::sections::{section_kind, Place as Section};
use analysis::model::DefKind;
use knowledge::schema::{item_of, maps_of, KeyRole, MapRole, NameKind, Other, Ty};
use syntax::yaml::PathSegment;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place<'c> {
    /// A step's name: a command or a built-in step.
    StepName,
    /// The job an entry runs; `in_group` for a job group's entries, which cannot run groups.
    JobName { in_group: bool },
    /// A job named in an entry's `requires`.
    Requires,
    /// A context named in an entry's `context`.
    Context,
    /// An argument key of the command a step invokes.
    StepArgument(&'c str),
    /// An argument key of the job an entry runs.
    JobArgument(&'c str),
    /// A `matrix.parameters` key of the job an entry runs.
    MatrixParameter(&'c str),
    /// The value of argument `key` of the command a step invokes.
    StepValue { command: &'c str, key: &'c str },
    /// The value of argument `key` of the job an entry runs.
    JobValue { job: &'c str, key: &'c str },
    /// An executor's name.
    ExecutorName,
    /// An argument key of an executor written as a mapping.
    ExecutorArgument,
    /// The value of argument `key` of an executor written as a mapping.
    ExecutorValue(&'c str),
}

/// The place the cursor writes in, when it is one of the places above.
pub(crate) fn place_of(cursor: &CursorContext) -> Option<Place<'_>> {
    let path = cursor.path.as_slice();
    match &cursor.slot {
        Slot::Item => item_place(path),
        Slot::Key => key_place(path),
        Slot::Value { key } => value_place(path, key),
    }
}

/// The role of the mapping a type holds, and the kind of user-chosen names it takes.
fn role_of(ty: &Ty) -> (MapRole, Option<NameKind>) {
    match maps_of(ty).first() {
        Some(map) => {
            let names = match map.other {
                Other::Names(names) => Some(names.kind),
                _ => None,
            };
            (map.role, names)
        }
        None => (MapRole::Plain, None),
    }
}

/// The place of a list item, or of the first key of a mapping item, whose item type is `item`.
fn listed(item: &Ty, path: &[PathSegment]) -> Option<Place<'static>> {
    match role_of(item) {
        (MapRole::Step, _) => Some(Place::StepName),
        (MapRole::JobInvocation, _) => Some(Place::JobName {
            in_group: first_key(path).and_then(|s| section_kind(s, Section::Config))
                == Some(DefKind::JobGroup),
        }),
        (_, Some(NameKind::RequiredJob)) => Some(Place::Requires),
        _ => None,
    }
}

fn item_place(path: &[PathSegment]) -> Option<Place<'_>> {
    if let Some(item) = knowledge::type_at(path).as_ref().and_then(item_of) {
        if let Some(place) = listed(&item, path) {
            return Some(place);
        }
    }
    let (parent, last) = split_last_key(path)?;
    let (role, _) = invoked(parent)?;
    (role == MapRole::JobInvocation && last == "context").then_some(Place::Context)
}

fn key_place(path: &[PathSegment]) -> Option<Place<'_>> {
    let ty = knowledge::type_at(path)?;
    if matches!(path.last(), Some(PathSegment::Index(_))) {
        return listed(&ty, path);
    }
    if let Some((role, name)) = invoked(path) {
        return Some(match role {
            MapRole::Step => Place::StepArgument(name),
            _ => Place::JobArgument(name),
        });
    }
    if role_of(&ty).1 == Some(NameKind::MatrixParameter) {
        let entry = path.get(..path.len().checked_sub(2)?)?;
        if let Some((MapRole::JobInvocation, job)) = invoked(entry) {
            return Some(Place::MatrixParameter(job));
        }
    }
    names_executor(path).then_some(Place::ExecutorArgument)
}

fn value_place<'c>(path: &'c [PathSegment], key: &'c str) -> Option<Place<'c>> {
    if knowledge::key_at(path, key).is_some_and(|k| k.role == KeyRole::Executor) {
        return Some(Place::ExecutorName);
    }
    if names_executor(path) {
        return Some(match key {
            "name" => Place::ExecutorName,
            _ => Place::ExecutorValue(key),
        });
    }
    match invoked(path)? {
        (MapRole::JobInvocation, _) if key == "context" => Some(Place::Context),
        (MapRole::Step, command) => Some(Place::StepValue { command, key }),
        (_, job) => Some(Place::JobValue { job, key }),
    }
}

/// `[…, item, name]` where the item is a step or a job entry: what it invokes, and its name.
fn invoked(path: &[PathSegment]) -> Option<(MapRole, &str)> {
    let (item, name) = split_last_key(path)?;
    let (role, _) = role_of(&knowledge::type_at(item)?);
    role.single_key().then_some((role, name))
}

/// Whether `path` ends at a key of the executor role: the mapping that names an executor.
fn names_executor(path: &[PathSegment]) -> bool {
    split_last_key(path)
        .and_then(|(parent, last)| knowledge::key_at(parent, last))
        .is_some_and(|k| k.role == KeyRole::Executor)
}

fn split_last_key(path: &[PathSegment]) -> Option<(&[PathSegment], &str)> {
    match path.split_last()? {
        (PathSegment::Key(k), parent) => Some((parent, k.as_str())),
        _ => None,
    }
}

fn first_key(path: &[PathSegment]) -> Option<&str> {
    match path.first()? {
        PathSegment::Key(k) => Some(k),
        PathSegment::Index(_) => None,
    }
}
