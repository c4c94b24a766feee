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

/// Every module path the text names, absolute (`crate::a::b`) or relative (`super::b`),
/// resolved against the file's own module path.
fn referenced_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (at, _) in text
        .match_indices("crate::")
        .chain(text.match_indices("super::"))
    {
        let before = text[..at].chars().last();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let words: Vec<&str> = text[at..]
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .split("::")
            .filter(|w| !w.is_empty())
            .collect();
        let mut path: Vec<String> = Vec::new();
        let mut rest = words.as_slice();
        if rest.first() == Some(&"crate") {
            rest = &rest[1..];
        } else {
            path = module.to_vec();
            while rest.first() == Some(&"super") {
                path.pop();
                rest = &rest[1..];
            }
        }
        path.extend(rest.iter().map(|w| w.to_string()));
        out.push(path);
    }
    out
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

#[test]
fn no_import_cycles_between_sibling_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph(&src);
    assert!(
        graph.len() > 10,
        "expected the project's modules under {}",
        src.display()
    );
    let mut cycles = Vec::new();
    for (from, targets) in &graph {
        for (to, files) in targets {
            if reaches(&graph, to, from, &mut BTreeSet::new()) {
                cycles.push(format!("{from} -> {to} in {files:?}"));
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
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
