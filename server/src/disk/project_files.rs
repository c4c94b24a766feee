//! Finding and reading project files (`circleci-ls.toml`) for the workspace: the one that
//! applies to a file is the first of `FILE_NAMES` in its directory or a parent, stopping at
//! the repository root (the first directory holding `.git`). Each is read once; the
//! workspace parses it and picks the nearest for every file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use analysis::project_config::{ConfigError, FILE_NAMES, MAX_FILE_BYTES};
use analysis::workspace::Change;

use super::{file_path, read_text, Cap};

/// The project file that applies to a file, and the repository root above it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub config: Option<PathBuf>,
    pub root: Option<PathBuf>,
}

/// Walks up from `file` to the first project file, and on to the repository root.
pub fn find_for(file: &Path) -> Found {
    let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let mut found = Found::default();
    for dir in file.ancestors().skip(1) {
        if found.config.is_none() {
            found.config = FILE_NAMES
                .iter()
                .map(|name| dir.join(name))
                // Anything by that name but a folder is the project file: a FIFO or a
                // device is refused with a message when read, never silently passed over.
                .find(|candidate| std::fs::metadata(candidate).is_ok_and(|m| !m.is_dir()));
        }
        if dir.join(".git").exists() {
            found.root = Some(dir.to_path_buf());
            break;
        }
    }
    found
}

/// The project files and repository roots given to the workspace so far.
#[derive(Clone, Debug, Default)]
pub struct ProjectFiles {
    configs: HashSet<PathBuf>,
    roots: HashSet<PathBuf>,
}

impl ProjectFiles {
    /// Adds to `change` the project file and repository root of `file` that the workspace
    /// does not have yet. A project file that cannot be read is returned as its error.
    pub fn discover(&mut self, file: &Path, change: &mut Change) -> Option<ConfigError> {
        let found = find_for(file);
        if let Some(root) = found.root {
            if self.roots.insert(root.clone()) {
                change.add_repository_root(file_path(&root));
            }
        }
        let config = found.config?;
        if !self.configs.insert(config.clone()) {
            return None;
        }
        read_config(&config, change)
    }

    /// A project file changed on disk (or was deleted): its new text goes to the workspace.
    pub fn changed(
        &mut self,
        config: &Path,
        deleted: bool,
        change: &mut Change,
    ) -> Option<ConfigError> {
        if deleted {
            self.configs.remove(config);
            change.set_project_config(file_path(config), None);
            return None;
        }
        self.configs.insert(config.to_path_buf());
        read_config(config, change)
    }
}

/// Whether `path` is named like a project file.
pub fn is_project_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| FILE_NAMES.contains(&n))
}

/// Reads a project file into `change`; a file that cannot be read is an error at its start.
fn read_config(path: &Path, change: &mut Change) -> Option<ConfigError> {
    let cap = Cap {
        bytes: MAX_FILE_BYTES,
        too_large: "larger than 1024 KB; not a configuration file",
    };
    match read_text(path, cap) {
        Ok(text) => {
            change.set_project_config(file_path(path), Some(Arc::from(text)));
            None
        }
        Err(message) => Some(ConfigError {
            path: file_path(path),
            line: 1,
            column: 1,
            message,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_stops_at_the_repository_root() {
        let dir = std::env::temp_dir().join(format!("circleci-ls-find-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let repo = dir.join("repo");
        std::fs::create_dir_all(repo.join(".git")).expect("create repository");
        std::fs::create_dir_all(repo.join("a/.circleci")).expect("create folders");
        std::fs::write(dir.join("circleci-ls.toml"), "").expect("write");
        let file = repo.join("a/.circleci/config.yml");
        assert_eq!(
            find_for(&file),
            Found {
                config: None,
                root: Some(repo.clone())
            }
        );
        std::fs::write(repo.join(".circleci-ls.toml"), "").expect("write");
        assert_eq!(find_for(&file).config, Some(repo.join(".circleci-ls.toml")));
        // Each file is given to the workspace once.
        let mut project = ProjectFiles::default();
        let mut change = Change::new();
        assert!(project.discover(&file, &mut change).is_none());
        assert!(!change.is_empty());
        let mut again = Change::new();
        assert!(project.discover(&file, &mut again).is_none());
        assert!(again.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
