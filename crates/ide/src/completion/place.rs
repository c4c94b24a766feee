//! What the cursor's place is in CircleCI terms, read from the knowledge table's types and
//! roles along the cursor's path rather than from key names: an item of any steps list (every
//! key of the steps role), a job entry of a workflow or a job group alike, the arguments of
//! an invoked command, job or executor. Completion from the model and from the orb data both
//! ask here, so they offer the same places.

use crate::cursor::{CursorContext, Slot};
use analysis::model::index::{RefKind, Reference};
use analysis::model::sections::{section_kind, Place as Section};
use analysis::model::{DefId, DefKind, Model};
use knowledge::schema::{item_of, maps_of, resolve, Key, KeyRole, MapRole, NameKind, Other, Ty};
use knowledge::table::STEP_ITEM;
use syntax::yaml::PathSegment;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place<'c> {
    /// A step's name: a command or a built-in step.
    StepName,
    /// The job an entry runs; `in_group` for a job group's entries, which cannot run groups.
    JobName { in_group: bool },
    /// A job named in an entry's `requires`; the workflow or job group when the model says.
    Requires { container: Option<DefId> },
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
    /// An argument key of a job, command or executor of this file, as the model resolved it.
    ArgumentOf(DefId),
}

/// The place the cursor writes in, when it is one of the places above.
pub(crate) fn place_of(cursor: &CursorContext) -> Option<Place<'_>> {
    place_in(Table(knowledge::config_ty()), cursor)
}

/// The place the cursor writes in: from its path, else from the reference the model recorded
/// there. The model knows places no path shows: names written under a free key for an anchor
/// (a `requires` list, steps) and used where it is merged, steps passed to a steps parameter,
/// an executor parameter's default, the keys of `matrix.exclude`.
pub(crate) fn place_at<'a>(
    model: &'a Model<'_>,
    text: &str,
    cursor: &'a CursorContext,
) -> Option<Place<'a>> {
    place_of(cursor).or_else(|| model_place(model, text, cursor))
}

/// The place the reference at the cursor gives, when the model was built from this text.
pub(crate) fn model_place<'m>(
    model: &'m Model<'_>,
    text: &str,
    cursor: &CursorContext,
) -> Option<Place<'m>> {
    if model.text != text {
        return None;
    }
    let at = cursor.replace;
    let covers = |r: &&Reference| r.full_span.start <= at.start && at.end <= r.full_span.end;
    let r = model.refs.iter().filter(covers).find(|r| {
        matches!(
            r.kind,
            RefKind::Job
                | RefKind::Command
                | RefKind::Executor
                | RefKind::Requires
                | RefKind::Context
                | RefKind::Argument
        )
    })?;
    Some(match r.kind {
        RefKind::Job => Place::JobName { in_group: false },
        RefKind::Command => Place::StepName,
        RefKind::Executor => Place::ExecutorName,
        RefKind::Requires => Place::Requires { container: r.owner },
        RefKind::Context => Place::Context,
        _ => Place::ArgumentOf(r.owner?),
    })
}

/// The same, with the config structure of `table` (a fixture's in tests).
pub(crate) fn place_in(table: Table, cursor: &CursorContext) -> Option<Place<'_>> {
    let path = cursor.path.as_slice();
    match &cursor.slot {
        Slot::Item => table.item_place(path),
        Slot::Key => table.key_place(path),
        Slot::Value { key } => table.value_place(path, key),
    }
}

/// The type of a whole config, whose paths the places are read along.
#[derive(Clone, Copy)]
pub(crate) struct Table(pub(crate) &'static Ty);

impl Table {
    fn type_at(self, path: &[PathSegment]) -> Option<Ty> {
        resolve(self.0, path)
    }

    /// The type of the items of the list at `list`. Where the table gives the list no type
    /// (steps parked under a free key for an anchor), a key the table names a steps key
    /// elsewhere holds steps.
    fn item_type(self, list: &[PathSegment]) -> Option<Ty> {
        match self.type_at(list) {
            Some(Ty::Any) | None => {
                let (_, last) = split_last_key(list)?;
                knowledge::step_key_names()
                    .contains(&last)
                    .then_some(STEP_ITEM)
            }
            Some(ty) => item_of(&ty),
        }
    }

    fn key_at(self, path: &[PathSegment], name: &str) -> Option<&'static Key> {
        let ty = self.type_at(path)?;
        maps_of(&ty).into_iter().find_map(|m| m.key(name))
    }

    /// The place of a list item, or of the first key of a mapping item, whose item type is `item`.
    fn listed(item: &Ty, path: &[PathSegment]) -> Option<Place<'static>> {
        match role_of(item) {
            (MapRole::Step, _) => Some(Place::StepName),
            (MapRole::JobInvocation, _) => Some(Place::JobName {
                in_group: first_key(path).and_then(|s| section_kind(s, Section::Config))
                    == Some(DefKind::JobGroup),
            }),
            (_, Some(NameKind::RequiredJob)) => Some(Place::Requires { container: None }),
            _ => None,
        }
    }

    fn item_place(self, path: &[PathSegment]) -> Option<Place<'_>> {
        if let Some(item) = self.item_type(path) {
            if let Some(place) = Self::listed(&item, path) {
                return Some(place);
            }
        }
        let (parent, last) = split_last_key(path)?;
        let (role, _) = self.invoked(parent)?;
        (role == MapRole::JobInvocation && last == "context").then_some(Place::Context)
    }

    fn key_place(self, path: &[PathSegment]) -> Option<Place<'_>> {
        if let Some((PathSegment::Index(_), list)) = path.split_last() {
            return Self::listed(&self.item_type(list)?, path);
        }
        let ty = self.type_at(path)?;
        if let Some((role, name)) = self.invoked(path) {
            return Some(match role {
                MapRole::Step => Place::StepArgument(name),
                _ => Place::JobArgument(name),
            });
        }
        if role_of(&ty).1 == Some(NameKind::MatrixParameter) {
            let entry = path.get(..path.len().checked_sub(2)?)?;
            if let Some((MapRole::JobInvocation, job)) = self.invoked(entry) {
                return Some(Place::MatrixParameter(job));
            }
        }
        self.names_executor(path).then_some(Place::ExecutorArgument)
    }

    fn value_place<'c>(self, path: &'c [PathSegment], key: &'c str) -> Option<Place<'c>> {
        if self
            .key_at(path, key)
            .is_some_and(|k| k.role == KeyRole::Executor)
        {
            return Some(Place::ExecutorName);
        }
        if self.names_executor(path) {
            return Some(match key {
                "name" => Place::ExecutorName,
                _ => Place::ExecutorValue(key),
            });
        }
        match self.invoked(path)? {
            (MapRole::JobInvocation, _) if key == "context" => Some(Place::Context),
            (MapRole::Step, command) => Some(Place::StepValue { command, key }),
            (_, job) => Some(Place::JobValue { job, key }),
        }
    }

    /// `[…, item, name]` where the item is a step or a job entry: what it invokes, and its name.
    fn invoked(self, path: &[PathSegment]) -> Option<(MapRole, &str)> {
        let (item, name) = split_last_key(path)?;
        let (PathSegment::Index(_), list) = item.split_last()? else {
            return None;
        };
        let (role, _) = role_of(&self.item_type(list)?);
        role.single_key().then_some((role, name))
    }

    /// Whether `path` ends at a key of the executor role: the mapping that names an executor.
    fn names_executor(self, path: &[PathSegment]) -> bool {
        split_last_key(path)
            .and_then(|(parent, last)| self.key_at(parent, last))
            .is_some_and(|k| k.role == KeyRole::Executor)
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

#[cfg(test)]
mod tests {
    use super::*;
    use analysis::model::fixture_table::FIXTURE_TY;
    use analysis::test_support::cursor;

    fn place(table: Table, fixture: &str) -> Option<Place<'static>> {
        let (text, offset) = cursor(fixture);
        let at = CursorContext::at(&text, offset);
        // The place borrows names from the cursor; the tests compare owned-free variants.
        place_in(table, &at).map(|p| match p {
            Place::StepName => Place::StepName,
            Place::JobName { in_group } => Place::JobName { in_group },
            Place::ExecutorName => Place::ExecutorName,
            _ => Place::Context,
        })
    }

    /// A key that holds steps is one table entry: a fixture job's made-up `finally` key of
    /// the steps role is a steps list for completion, with no edit here.
    #[test]
    fn step_lists_come_from_the_table() {
        let fixture = "jobs:\n  build:\n    finally:\n      - gr$0\n";
        assert_eq!(place(Table(&FIXTURE_TY), fixture), Some(Place::StepName));
        assert_eq!(place(Table(knowledge::config_ty()), fixture), None);
    }

    /// Steps lists of every step-holding key, and job lists of workflows and job groups.
    #[test]
    fn places_of_the_real_table() {
        let real = Table(knowledge::config_ty());
        for fixture in [
            "jobs:\n  b:\n    steps:\n      - $0\n",
            "commands:\n  c:\n    steps:\n      - when:\n          steps:\n            - $0\n",
            "workflows:\n  w:\n    jobs:\n      - b:\n          pre-steps:\n            - $0\n",
        ] {
            assert_eq!(place(real, fixture), Some(Place::StepName), "{fixture}");
        }
        assert_eq!(
            place(real, "workflows:\n  w:\n    jobs:\n      - $0\n"),
            Some(Place::JobName { in_group: false })
        );
        assert_eq!(
            place(real, "job-groups:\n  g:\n    jobs:\n      - $0\n"),
            Some(Place::JobName { in_group: true })
        );
        assert_eq!(
            place(real, "jobs:\n  b:\n    executor: $0\n"),
            Some(Place::ExecutorName)
        );
        // Steps parked under a free key for an anchor have no type in the table: a key the
        // table names a steps key still holds steps there.
        assert_eq!(
            place(
                real,
                "aliases:\n  - &s\n    when:\n      steps:\n        - $0\n"
            ),
            Some(Place::StepName)
        );
    }
}
