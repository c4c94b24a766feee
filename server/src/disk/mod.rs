//! What the front ends read from disk for the workspace: the project file that applies to a
//! file (found by walking up to the repository root), the files of an orb's source tree,
//! and user orb folders; all through the one guarded reader (`read`). Files are written
//! only by `write`, at once or not at all. The workspace in the core takes the texts;
//! nothing below this crate reads a file.

pub mod orb_folders;
pub mod orb_tree;
pub mod project_configs;
pub mod project_files;
pub mod read;
pub mod write;

use std::path::{Path, PathBuf};

use analysis::FilePath;

pub use read::{read_capped, read_text, Cap};

/// `path` as the workspace names it: absolute (against the working directory, links left
/// as they are) and as text.
pub fn file_path(path: &Path) -> FilePath {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    FilePath::new(&absolute.to_string_lossy())
}

/// The file-system path of a workspace path.
pub fn std_path(path: &FilePath) -> PathBuf {
    PathBuf::from(path.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_paths_are_absolute() {
        let p = file_path(Path::new("a/../b.yml"));
        assert!(p.as_str().ends_with("/b.yml"), "{p:?}");
        assert!(Path::new(p.as_str()).is_absolute(), "{p:?}");
    }
}
