//! Key coverage of the knowledge table against the public CircleCI JSON schema.
//!
//! The schema (the one yaml-language-server uses) is a test oracle only: it is read at test
//! time from `../shared/schema/circleciconfig.json` (or `$CIRCLECI_LS_SCHEMA`) and never copied
//! into the project. Every key the schema allows in a context must be a known key of our table
//! in the same context. A missing schema fails the test (see `tests/common`).

use std::collections::BTreeSet;

use serde_json::Value;
use syntax::yaml::PathSegment;

use crate::data;

/// A name standing for any user-chosen key (job, command, workflow, parameter names).
const SAMPLE_NAME: &str = "sample-name";

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Seg {
    Key(String),
    Name,
    Item,
}

fn pattern(path: &[Seg]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => k.clone(),
            Seg::Name => "*".to_string(),
            Seg::Item => "[]".to_string(),
        })
        .collect();
    if parts.is_empty() {
        "(root)".to_string()
    } else {
        parts.join(".")
    }
}

fn to_path(path: &[Seg]) -> Vec<PathSegment> {
    path.iter()
        .map(|s| match s {
            Seg::Key(k) => PathSegment::Key(k.clone()),
            Seg::Name => PathSegment::Key(SAMPLE_NAME.to_string()),
            Seg::Item => PathSegment::Index(0),
        })
        .collect()
}

/// Collects every (context, key) pair the schema allows.
struct Walker<'a> {
    root: &'a Value,
    /// `$ref`s being expanded, to stop at recursion (logic statements, steps, orbs).
    active_refs: Vec<String>,
    found: BTreeSet<(Vec<Seg>, String)>,
}

impl<'a> Walker<'a> {
    fn resolve(&self, reference: &str) -> Option<&'a Value> {
        let pointer = reference.strip_prefix('#')?;
        self.root.pointer(pointer)
    }

    fn walk(&mut self, node: &'a Value, path: &[Seg]) {
        if path.len() > 24 {
            return;
        }
        let Some(obj) = node.as_object() else {
            return;
        };
        if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
            if self.active_refs.iter().any(|r| r == reference) {
                return;
            }
            if let Some(target) = self.resolve(reference) {
                self.active_refs.push(reference.to_string());
                self.walk(target, path);
                self.active_refs.pop();
            }
        }
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for (name, sub) in props {
                self.found.insert((path.to_vec(), name.clone()));
                let mut next = path.to_vec();
                next.push(Seg::Key(name.clone()));
                self.walk(sub, &next);
            }
        }
        if let Some(patterns) = obj.get("patternProperties").and_then(Value::as_object) {
            for sub in patterns.values() {
                let mut next = path.to_vec();
                next.push(Seg::Name);
                self.walk(sub, &next);
            }
        }
        if let Some(sub) = obj.get("additionalProperties") {
            if sub.is_object() {
                let mut next = path.to_vec();
                next.push(Seg::Name);
                self.walk(sub, &next);
            }
        }
        if let Some(sub) = obj.get("items") {
            let mut next = path.to_vec();
            next.push(Seg::Item);
            self.walk(sub, &next);
        }
        for combinator in ["oneOf", "anyOf", "allOf"] {
            if let Some(alts) = obj.get(combinator).and_then(Value::as_array) {
                for alt in alts {
                    self.walk(alt, path);
                }
            }
        }
        for branch in ["if", "then", "else"] {
            if let Some(sub) = obj.get(branch) {
                self.walk(sub, path);
            }
        }
    }
}

#[test]
fn every_schema_key_is_known_in_its_context() {
    let text = data::schema();
    let schema: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("{} is not JSON: {e}", crate::data::schema_path().display()),
    };
    let mut walker = Walker {
        root: &schema,
        active_refs: Vec::new(),
        found: BTreeSet::new(),
    };
    walker.walk(&schema, &[]);

    let mut contexts = BTreeSet::new();
    let mut missing = Vec::new();
    for (path, name) in &walker.found {
        let context = pattern(path);
        contexts.insert(context.clone());
        if knowledge::key_at(&to_path(path), name).is_none() {
            missing.push(format!("{context}: `{name}`"));
        }
    }
    println!(
        "knowledge coverage: {} keys in {} schema contexts checked",
        walker.found.len(),
        contexts.len(),
    );
    assert!(
        missing.is_empty(),
        "keys the schema allows but the knowledge table does not know:\n{}",
        missing.join("\n")
    );
    assert!(
        walker.found.len() > 200,
        "the schema walk found too few keys ({}); the walker is broken",
        walker.found.len()
    );
}
