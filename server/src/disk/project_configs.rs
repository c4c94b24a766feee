//! The config files of a project, read for the workspace so that a file is analysed with
//! the rest of its config: every YAML file in the project's `.circleci` folders (setup and
//! continuation configs, fragments, packed config trees), the orb source tree of an orb's
//! repository (its test config is checked against it), and then the files setup configs
//! name (configs elsewhere in the repository, mapping and parameters files), read or found
//! missing. Both front ends use it; the workspace decides what each file is.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use analysis::workspace::{Change, Snapshot};
use analysis::FilePath;

use super::{file_path, read_text, std_path, Cap};

/// Files read from one project at most.
const MAX_FILES: usize = 2_000;
/// How deep below the project folder `.circleci` folders are looked for (a monorepo's
/// `services/api/.circleci/`).
const MAX_DEPTH: usize = 4;
/// A larger file is left out.
const CAP: Cap = Cap {
    bytes: 4 * 1024 * 1024,
    too_large: "too large for a config file",
};
/// How many rounds of files named by setup configs are read: a setup config names a
/// config, which is read; nothing it names is followed further.
const ROUNDS: usize = 2;

/// The projects read so far, and the files given to the workspace from them.
#[derive(Debug, Default)]
pub struct ProjectConfigs {
    projects: HashSet<PathBuf>,
    files: HashSet<FilePath>,
}

/// The folder of the project holding `file`: the repository root (the first folder up
/// holding `.git`), else the folder holding the nearest `.circleci`, else the file's own.
pub fn project_of(file: &Path) -> Option<PathBuf> {
    let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let mut circleci = None;
    for dir in file.ancestors().skip(1) {
        if dir.join(".git").exists() {
            return Some(dir.to_path_buf());
        }
        if circleci.is_none() && dir.file_name().is_some_and(|n| n == ".circleci") {
            circleci = dir.parent().map(Path::to_path_buf);
        }
    }
    circleci.or_else(|| file.parent().map(Path::to_path_buf))
}

impl ProjectConfigs {
    /// Adds to `change` the config files of the project holding `file`, the first time one
    /// of its files is seen.
    pub fn discover(&mut self, file: &Path, change: &mut Change) {
        let Some(project) = project_of(file) else {
            return;
        };
        if !self.projects.insert(project.clone()) {
            return;
        }
        for path in config_files(&project) {
            let named = file_path(&path);
            if !self.files.insert(named.clone()) {
                continue;
            }
            if let Some(text) = text_of(&path) {
                change.set_disk_text(named, Some(text));
            }
        }
    }

    /// Reads the files setup configs name that the workspace does not have, round by
    /// round: each found is read, each missing is reported missing.
    pub fn read_wanted(&mut self, wanted: Vec<FilePath>, change: &mut Change) {
        for path in wanted {
            if !self.files.insert(path.clone()) {
                continue;
            }
            change.set_disk_text(path.clone(), text_of(&std_path(&path)));
        }
    }

    /// Applies the files setup configs of `snapshot()` name, reading them from disk, until
    /// nothing more is wanted (at most a few rounds).
    pub fn complete(&mut self, mut apply: impl FnMut(Change) -> Snapshot, snapshot: Snapshot) {
        let mut wanted = snapshot.project_files_wanted();
        for _ in 0..ROUNDS {
            if wanted.is_empty() {
                return;
            }
            let mut change = Change::new();
            self.read_wanted(wanted, &mut change);
            wanted = apply(change).project_files_wanted();
        }
    }

    /// Reads a file of a project again (the client or a walk says it changed): `true` when
    /// it is one this reader gave the workspace or one of a project's `.circleci` folders.
    pub fn changed(&mut self, path: &Path, deleted: bool, change: &mut Change) -> bool {
        if !self.is_ours(path) {
            return false;
        }
        let named = file_path(path);
        self.files.insert(named.clone());
        let text = if deleted { None } else { text_of(path) };
        change.set_disk_text(named, text);
        true
    }

    /// Whether a change of `path` matters: a file given to the workspace, or one in a
    /// `.circleci` folder.
    pub fn is_ours(&self, path: &Path) -> bool {
        in_circleci(path) || self.files.contains(&file_path(path))
    }

    /// Every file given to the workspace so far.
    pub fn files(&self) -> impl Iterator<Item = &FilePath> {
        self.files.iter()
    }
}

/// Whether `path` is inside a `.circleci` folder.
pub fn in_circleci(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == ".circleci")
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"))
}

/// A config's text; a file that cannot be read as text is left out.
fn text_of(path: &Path) -> Option<Arc<str>> {
    read_text(path, CAP).ok().map(Arc::from)
}

/// The YAML files of `project`'s `.circleci` folders, and of its orb source tree.
fn config_files(project: &Path) -> Vec<PathBuf> {
    let walker = ignore::WalkBuilder::new(project)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .max_depth(Some(MAX_DEPTH + 4))
        .filter_entry(|entry| entry.file_name() != ".git" && entry.file_name() != "node_modules")
        .build();
    let orb_src = project.join("src");
    let has_orb = orb_src.join("@orb.yml").is_file() || orb_src.join("@orb.yaml").is_file();
    let mut found = Vec::new();
    for entry in walker.flatten() {
        if found.len() >= MAX_FILES {
            break;
        }
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file()) || !is_yaml(path) {
            continue;
        }
        let depth_ok = path
            .strip_prefix(project)
            .ok()
            .and_then(|rest| rest.components().position(|c| c.as_os_str() == ".circleci"))
            .is_some_and(|at| at <= MAX_DEPTH);
        if depth_ok || (has_orb && path.starts_with(&orb_src)) {
            found.push(path.to_path_buf());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_is_its_circleci_folders_and_its_orb_tree() {
        let dir = std::env::temp_dir().join(format!("circleci-ls-project-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in [
            ".git",
            ".circleci/workflows",
            "api/.circleci",
            "src/commands",
            "docs",
        ] {
            std::fs::create_dir_all(dir.join(sub)).expect("folders");
        }
        for file in [
            ".circleci/config.yml",
            ".circleci/workflows/main.yml",
            "api/.circleci/config.yml",
            "src/@orb.yml",
            "src/commands/greet.yml",
            "docs/mkdocs.yml",
        ] {
            std::fs::write(dir.join(file), "version: 2.1\n").expect("write");
        }
        assert_eq!(
            project_of(&dir.join(".circleci/config.yml")),
            Some(dir.clone())
        );
        let mut found: Vec<String> = config_files(&dir)
            .iter()
            .filter_map(|p| p.strip_prefix(&dir).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                ".circleci/config.yml",
                ".circleci/workflows/main.yml",
                "api/.circleci/config.yml",
                "src/@orb.yml",
                "src/commands/greet.yml"
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
