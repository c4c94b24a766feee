//! The top-level modules form layers: no folder's production code reaches, directly or
//! through others, back into a folder that uses it (ARCHITECTURE.md draws the layers).
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

/// The top-level module a file belongs to: `src/docker/check.rs` → `docker`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let first = file.strip_prefix(src).ok()?.components().next()?;
    let name = first.as_os_str().to_str()?;
    Some(name.trim_end_matches(".rs").to_string())
}

/// The text before the first test module, where production code ends in this project.
fn production_part(text: &str) -> &str {
    let cut = ["#[cfg(test)]\nmod tests", "#[cfg(test)]\npub mod tests"]
        .iter()
        .filter_map(|marker| text.find(marker))
        .min();
    &text[..cut.unwrap_or(text.len())]
}

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
        let Some(from) = module_of(src, &file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (at, _) in production_part(&text).match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            let to: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !to.is_empty() && to != from {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_default()
                    .insert(file.clone());
            }
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
fn no_import_cycles_between_top_level_modules() {
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
