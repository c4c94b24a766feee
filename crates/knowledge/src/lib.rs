//! What CircleCI configuration keys exist, their types, allowed values and docs.
//!
//! [`table`] holds the data, written in the small schema language of [`schema`]. Completion,
//! hover and validation read it through the lookups below, so a key is described once.

pub mod docs;
pub mod environment;
pub mod schema;
pub mod table;

use std::sync::OnceLock;

use schema::{Key, KeyRole, Ty};
use syntax::yaml::{Node, PathSegment};

/// The config format version, which decides whether 2.1-only keys are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigVersion {
    V20,
    V21,
}

/// The version a config declares; unknown or missing versions are treated as 2.1.
pub fn config_version(root: &Node) -> ConfigVersion {
    match root.get("version").and_then(Node::as_str) {
        Some("2") | Some("2.0") => ConfigVersion::V20,
        _ => ConfigVersion::V21,
    }
}

/// The type of a whole config file.
pub fn config_ty() -> &'static Ty {
    &table::CONFIG_TY
}

/// The type of the value at `path` (keys and list indices from the config root), if the path
/// leads anywhere the table knows.
pub fn type_at(path: &[PathSegment]) -> Option<Ty> {
    schema::resolve(config_ty(), path)
}

/// The known keys of the mapping at `path`, in table order; every mapping alternative of the
/// value there contributes.
pub fn keys_at(path: &[PathSegment]) -> Vec<&'static Key> {
    let Some(ty) = type_at(path) else {
        return Vec::new();
    };
    schema::maps_of(&ty)
        .into_iter()
        .flat_map(|m| m.keys.iter())
        .collect()
}

/// The known key `name` of the mapping at `path`.
pub fn key_at(path: &[PathSegment], name: &str) -> Option<&'static Key> {
    keys_at(path).into_iter().find(|k| k.name == name)
}

/// What a user-chosen key of the mapping at `path` stands for (a workflow, a matrix
/// parameter, ...), when that mapping holds names rather than fixed keys.
pub fn name_doc_at(path: &[PathSegment]) -> Option<&'static str> {
    let ty = type_at(path)?;
    schema::maps_of(&ty)
        .into_iter()
        .find_map(|m| match m.other {
            schema::Other::Names(names) => Some(names.doc),
            _ => None,
        })
}

/// The names of the keys anywhere in the table that hold steps (`steps`, `pre-steps`, …).
/// Where a value has no type in the table (steps parked under a free key for an anchor),
/// a key of one of these names is read as a steps list.
pub fn step_key_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| key_names(|k| matches!(k.role, KeyRole::Steps(_))))
}

/// The names of the keys anywhere in the table that declare parameters (`parameters`).
pub fn parameter_key_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        key_names(|k| {
            schema::first_map(&k.ty).is_some_and(|m| {
                matches!(m.other, schema::Other::Names(n) if n.kind == schema::NameKind::ParameterDeclaration)
            })
        })
    })
}

/// The names of the keys of the whole table that `wanted` picks, each once.
fn key_names(wanted: fn(&Key) -> bool) -> Vec<&'static str> {
    let mut names = Vec::new();
    let mut seen: Vec<*const schema::MapSchema> = Vec::new();
    let mut todo = vec![*config_ty()];
    while let Some(ty) = todo.pop() {
        for map in schema::maps_of(&ty) {
            if seen.contains(&std::ptr::from_ref(map)) {
                continue;
            }
            seen.push(map);
            for key in map.keys {
                if wanted(key) && !names.contains(&key.name) {
                    names.push(key.name);
                }
                todo.push(key.ty);
                todo.extend(schema::item_of(&key.ty));
            }
            if let schema::Other::Names(n) = map.other {
                todo.push(n.ty);
                todo.extend(schema::item_of(&n.ty));
            }
        }
    }
    names
}

/// A built-in step (`run`, `checkout`, ...) by name.
pub fn builtin_step(name: &str) -> Option<&'static Key> {
    table::STEP.key(name)
}

/// Whether `name` is a key of a workflow or job group entry's settings (`requires`,
/// `context`, `filters`, ...), as opposed to an argument for one of the job's parameters.
pub fn job_invocation_key(name: &str) -> bool {
    table::JOB_INVOCATION.key(name).is_some()
}

/// Every built-in step name.
pub fn builtin_step_names() -> impl Iterator<Item = &'static str> {
    table::STEP.keys.iter().map(|k| k.name)
}

/// A known resource class by name.
pub fn resource_class(name: &str) -> Option<&'static table::ResourceClass> {
    table::RESOURCE_CLASSES.iter().find(|r| r.name == name)
}

/// Every pipeline value without its `pipeline.` prefix (`git.branch`), with its documentation.
pub fn pipeline_values() -> impl Iterator<Item = (&'static str, &'static str)> {
    table::PIPELINE_VALUES
        .iter()
        .map(|(name, doc)| (name.strip_prefix("pipeline.").unwrap_or(name), *doc))
}

/// The documentation of a pipeline value such as `pipeline.git.branch`.
pub fn pipeline_value(name: &str) -> Option<&'static str> {
    table::PIPELINE_VALUES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, doc)| *doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use schema::{Names, Other};

    /// The user-chosen names the mapping at `path` accepts besides its known keys (job names,
    /// command invocations), if any.
    fn names_at(path: &[PathSegment]) -> Option<&'static Names> {
        let ty = type_at(path)?;
        schema::maps_of(&ty)
            .into_iter()
            .find_map(|m| match m.other {
                Other::Names(names) => Some(names),
                _ => None,
            })
    }

    /// A path from its segments: `path(&["jobs", "build", "steps", "[]"])`, where `[]`
    /// stands for a list item.
    fn path(segments: &[&str]) -> Vec<PathSegment> {
        segments
            .iter()
            .map(|s| {
                if *s == "[]" {
                    PathSegment::Index(0)
                } else {
                    PathSegment::Key((*s).to_string())
                }
            })
            .collect()
    }

    fn names(path_segments: &[&str]) -> Vec<&'static str> {
        keys_at(&path(path_segments))
            .iter()
            .map(|k| k.name)
            .collect()
    }

    #[test]
    fn key_names_come_from_the_roles() {
        let mut steps = step_key_names().to_vec();
        steps.sort_unstable();
        assert_eq!(steps, ["post-steps", "pre-steps", "steps"]);
        assert_eq!(parameter_key_names(), ["parameters"]);
    }

    #[test]
    fn keys_of_nested_contexts() {
        assert!(names(&[]).contains(&"workflows"));
        assert!(names(&["jobs", "build"]).contains(&"resource_class"));
        assert_eq!(
            names(&["jobs", "build", "docker", "[]", "auth"]),
            vec!["username", "password"]
        );
        assert!(names(&["jobs", "build", "steps", "[]"]).contains(&"save_cache"));
        assert!(names(&["jobs", "build", "steps", "[]", "run"]).contains(&"no_output_timeout"));
        assert!(names(&["commands", "c", "steps", "[]", "when", "steps", "[]"]).contains(&"run"));
        assert!(names(&["workflows", "w", "when", "and", "[]"]).contains(&"matches"));
        assert!(names(&["workflows", "w", "jobs", "[]", "build"]).contains(&"requires"));
        assert_eq!(
            names(&["workflows", "w", "jobs", "[]", "build", "filters"]),
            vec!["branches", "tags"]
        );
        assert!(names(&["orbs", "inline", "jobs", "j"]).contains(&"steps"));
        assert!(names(&["workflows"]).contains(&"version"));
    }

    #[test]
    fn user_named_contexts_accept_any_name() {
        assert_eq!(
            names_at(&path(&["jobs"])).map(|n| n.kind),
            Some(schema::NameKind::Job)
        );
        assert_eq!(
            names_at(&path(&["jobs", "build", "steps", "[]"])).map(|n| n.kind),
            Some(schema::NameKind::StepInvocation)
        );
        // A command invocation's arguments are free-form.
        assert!(matches!(
            type_at(&path(&[
                "jobs",
                "build",
                "steps",
                "[]",
                "node/install",
                "version"
            ])),
            Some(Ty::Any)
        ));
        assert!(names_at(&path(&["jobs", "build"])).is_none());
    }

    #[test]
    fn unknown_paths_resolve_to_nothing() {
        assert!(type_at(&path(&["jobs", "build", "nonsense"])).is_none());
        assert!(keys_at(&path(&["jobs", "build", "nonsense", "deeper"])).is_empty());
    }
}
