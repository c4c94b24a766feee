//! The files of an orb's unpacked source (`src/@orb.yml`, `src/commands/*.yml`, scripts, …),
//! read for the workspace when a file of the orb is opened or checked, and again when the
//! client reports that one changed. Editor buffers stand for their files in the workspace,
//! so unsaved siblings count.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use analysis::workspace::Change;
use analysis::FilePath;

use super::{file_path, read_text, Cap};

/// Files read from one tree at most: an orb's `src/` holds tens.
const MAX_FILES: usize = 2_000;
/// Folders deep below `src/` that are read at most.
const MAX_DEPTH: usize = 8;
/// A larger file of the tree is left out.
const CAP: Cap = Cap {
    bytes: 4 * 1024 * 1024,
    too_large: "too large for an orb source file",
};

/// Every file under `src` with its text. A YAML file that is not UTF-8 text is left out (it
/// cannot be packed) and named in the problems; any other file, a script, is kept with its
/// text read leniently, since only whether it exists matters.
pub fn read(src: &Path) -> (Vec<(FilePath, Arc<str>)>, Vec<String>) {
    let mut tree = Tree::default();
    tree.walk(src, 0);
    (tree.files, tree.problems)
}

#[derive(Default)]
struct Tree {
    files: Vec<(FilePath, Arc<str>)>,
    problems: Vec<String>,
}

impl Tree {
    fn walk(&mut self, dir: &Path, depth: usize) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.problems
                    .push(format!("{}: {}", dir.display(), super::read::problem(&e)));
                return;
            }
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if self.files.len() >= MAX_FILES {
                return;
            }
            // Links are not followed: a tree stays the tree it looks like.
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() && depth < MAX_DEPTH {
                self.walk(&path, depth + 1);
            } else if meta.is_file() {
                self.file(&path);
            }
        }
    }

    fn file(&mut self, path: &Path) {
        let yaml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"));
        let text = match read_text(path, CAP) {
            Ok(text) => Arc::from(text),
            Err(problem) if yaml => {
                self.problems.push(format!("{}: {problem}", path.display()));
                return;
            }
            Err(_) => Arc::from(""),
        };
        self.files.push((file_path(path), text));
    }
}

/// The trees given to the workspace, by their `src/` folder, with the files given for each.
#[derive(Debug, Default)]
pub struct OrbTrees {
    trees: std::collections::HashMap<FilePath, BTreeSet<FilePath>>,
}

impl OrbTrees {
    /// Reads the tree under `src` into `change`; files gone since the last read are removed.
    /// Returns the files that could not be read.
    pub fn refresh(&mut self, src: &FilePath, change: &mut Change) -> Vec<String> {
        let (files, problems) = read(&super::std_path(src));
        let now: BTreeSet<FilePath> = files.iter().map(|(p, _)| p.clone()).collect();
        if let Some(before) = self.trees.get(src) {
            for gone in before.difference(&now) {
                change.set_disk_text(gone.clone(), None);
            }
        }
        for (path, text) in files {
            change.set_disk_text(path, Some(text));
        }
        self.trees.insert(src.clone(), now);
        problems
    }

    /// Whether `path` is inside a tree given to the workspace; its `src/` folder if so.
    pub fn tree_of(&self, path: &FilePath) -> Option<&FilePath> {
        self.trees.keys().find(|src| path.starts_with(src))
    }

    /// Forgets the tree under `src`: its disk texts leave the workspace.
    pub fn forget(&mut self, src: &FilePath, change: &mut Change) {
        for path in self.trees.remove(src).unwrap_or_default() {
            change.set_disk_text(path, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_is_read_whole_and_files_gone_are_removed() {
        let dir = std::env::temp_dir().join(format!("circleci-ls-tree-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let src = dir.join("src");
        std::fs::create_dir_all(src.join("commands")).expect("folders");
        std::fs::create_dir_all(src.join("scripts/lib")).expect("folders");
        std::fs::write(src.join("@orb.yml"), "version: 2.1\n").expect("write");
        std::fs::write(src.join("commands/greet.yml"), "steps: []\n").expect("write");
        std::fs::write(src.join("commands/bad.yml"), b"\xff\xfe").expect("write");
        std::fs::write(src.join("scripts/lib/x.sh"), b"echo \xff").expect("write");
        let (files, problems) = read(&src);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("commands/bad.yml: not UTF-8"),
            "{problems:?}"
        );
        let read: Vec<String> = files
            .iter()
            .map(|(p, _)| p.strip_prefix(&file_path(&src)).unwrap_or("").to_string())
            .collect();
        assert_eq!(read, ["@orb.yml", "commands/greet.yml", "scripts/lib/x.sh"]);

        let mut trees = OrbTrees::default();
        let src_path = file_path(&src);
        trees.refresh(&src_path, &mut Change::new());
        std::fs::remove_file(src.join("commands/greet.yml")).expect("remove");
        let mut change = Change::new();
        trees.refresh(&src_path, &mut change);
        let shown = format!("{change:?}");
        assert!(
            shown.contains("Disk(\"") && shown.contains("commands/greet.yml\", None)"),
            "{shown}"
        );
        assert!(trees.tree_of(&src_path.join("jobs/a.yml")).is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
