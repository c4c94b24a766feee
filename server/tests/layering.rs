//! Folders form layers: no folder's production code reaches, directly or through its
//! siblings, back into a sibling that uses it. That holds for the top-level folders
//! (ARCHITECTURE.md draws their layers) and for the folders inside every folder (a file
//! beside a folder counts as its sibling; files of one folder may use each other).
//! Test code may cross layers, so test files and `#[cfg(test)] mod tests` blocks are skipped.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<PathBuf>>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `src/docker/check.rs` → `["docker", "check"]`,
/// `src/features/hover/mod.rs` → `["features", "hover"]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap();
    let mut path: Vec<String> = relative
        .components()
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect();
    if path
        .last()
        .is_some_and(|last| last == "mod" || last == "lib" || last == "main")
    {
        path.pop();
    }
    path
}

/// The text before the first test module, where production code ends in this project.
fn production_part(text: &str) -> &str {
    let cut = ["#[cfg(test)]\nmod tests", "#[cfg(test)]\npub mod tests"]
        .iter()
        .filter_map(|marker| text.find(marker))
        .min();
    &text[..cut.unwrap_or(text.len())]
}

/// Every module path the text names, absolute (`crate::a::b`) or relative (`super::b`,
/// `self::b`), resolved against the file's own module path. Grouped imports
/// (`use super::{a::x, b::{c, d}}`) name each of their leaves.
fn referenced_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for root in ["crate::", "super::", "self::"] {
        for (at, _) in text.match_indices(root) {
            let before = text[..at].chars().last();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            for words in use_tree_leaves(&text[at..]) {
                out.push(resolve(module, &words));
            }
        }
    }
    out
}

/// The paths of a use tree that starts the text: `a::b::{c, d::e}` gives `a::b::c` and
/// `a::b::d::e`. Reading stops at the first character that cannot continue the tree.
fn use_tree_leaves(text: &str) -> Vec<Vec<String>> {
    let mut chars = text.char_indices().peekable();
    let mut leaves = Vec::new();
    tree(text, &mut chars, Vec::new(), &mut leaves);
    leaves
}

fn tree(
    text: &str,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    mut prefix: Vec<String>,
    leaves: &mut Vec<Vec<String>>,
) {
    loop {
        let mut word = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c.is_ascii_alphanumeric() || c == '_' {
                word.push(c);
                chars.next();
            } else {
                break;
            }
        }
        if !word.is_empty() {
            prefix.push(word);
        }
        match (
            chars.peek().map(|&(_, c)| c),
            text.get(chars.peek().map_or(0, |&(i, _)| i)..),
        ) {
            (Some(':'), Some(rest)) if rest.starts_with("::") => {
                chars.next();
                chars.next();
                if chars.peek().map(|&(_, c)| c) == Some('{') {
                    chars.next();
                    loop {
                        while chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
                            chars.next();
                        }
                        tree(text, chars, prefix.clone(), leaves);
                        while chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
                            chars.next();
                        }
                        match chars.next().map(|(_, c)| c) {
                            Some(',') => {}
                            _ => return,
                        }
                        while chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
                            chars.next();
                        }
                        if chars.peek().map(|&(_, c)| c) == Some('}') {
                            chars.next();
                            return;
                        }
                    }
                }
            }
            _ => {
                leaves.push(prefix);
                return;
            }
        }
    }
}

/// `words` (starting `crate`, `super` or `self`) as a path from the crate root.
fn resolve(module: &[String], words: &[String]) -> Vec<String> {
    let mut rest = words;
    let mut path: Vec<String> = Vec::new();
    if rest.first().is_some_and(|w| w == "crate") {
        rest = &rest[1..];
    } else {
        path = module.to_vec();
        if rest.first().is_some_and(|w| w == "self") {
            rest = &rest[1..];
        }
        while rest.first().is_some_and(|w| w == "super") {
            path.pop();
            rest = &rest[1..];
        }
    }
    path.extend(rest.iter().filter(|w| *w != "self").cloned());
    path
}

/// Edges between sibling modules: a file in `a/b` naming `a/c/...` is an edge `a/b → a/c`
/// in folder `a`, at every depth.
fn graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let relative = file
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .to_string();
        if relative.contains("test") {
            continue;
        }
        let module = module_path(src, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        for target in referenced_paths(&module, production_part(&text)) {
            let shared = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            let (Some(from), Some(to)) = (module.get(shared), target.get(shared)) else {
                continue;
            };
            let folder = module[..shared].join("/");
            // Files of one folder may use each other; a cycle counts when a folder is in it.
            let is_folder = |name: &str| src.join(&folder).join(name).is_dir();
            if !is_folder(from) && !is_folder(to) {
                continue;
            }
            graph
                .entry(format!("{folder}/{from}"))
                .or_default()
                .entry(format!("{folder}/{to}"))
                .or_default()
                .insert(file.clone());
        }
    }
    graph
}

fn reaches(graph: &Graph, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
    if from == to {
        return true;
    }
    let Some(next) = graph.get(from) else {
        return false;
    };
    next.keys()
        .any(|n| seen.insert(n.clone()) && reaches(graph, n, to, seen))
}

/// The source folder of every crate of the workspace.
fn crate_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut dirs = vec![root.join("server/src")];
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        let src = entry.unwrap().path().join("src");
        if src.is_dir() {
            dirs.push(src);
        }
    }
    dirs.sort();
    dirs
}

#[test]
fn no_import_cycles_between_sibling_modules() {
    let mut modules = 0;
    let mut cycles = Vec::new();
    for src in crate_sources() {
        let graph = graph(&src);
        modules += graph.len();
        for (from, targets) in &graph {
            for (to, files) in targets {
                if reaches(&graph, to, from, &mut BTreeSet::new()) {
                    cycles.push(format!("{}: {from} -> {to} in {files:?}", src.display()));
                }
            }
        }
    }
    assert!(
        modules > 10,
        "expected the project's modules in every crate"
    );
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn grouped_imports_name_each_leaf() {
    let module = vec!["features".to_string(), "hover".to_string()];
    let paths = referenced_paths(
        &module,
        "use super::{completion::keys, navigation::{a, b::c}};\nuse crate::x::y;",
    );
    let shown: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        shown,
        [
            "x::y",
            "features::completion::keys",
            "features::navigation::a",
            "features::navigation::b::c"
        ]
    );
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    let mut graph = Graph::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        graph
            .entry(from.to_string())
            .or_default()
            .entry(to.to_string())
            .or_default();
    }
    assert!(reaches(&graph, "b", "a", &mut BTreeSet::new()));
    assert!(!reaches(&graph, "d", "a", &mut BTreeSet::new()));
}
