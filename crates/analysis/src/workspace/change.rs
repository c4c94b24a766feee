//! The one way the workspace's inputs change. A front end collects what it learnt (a buffer
//! opened or edited, files read from disk, a project file, an orb folder, new settings) into
//! one [`Change`] and applies it; snapshots taken before see none of it.

use std::sync::Arc;

use super::settings::Overrides;
use crate::file_path::FilePath;
use crate::orbs::user::OrbReleaseText;

/// What one input becomes.
#[derive(Clone, Debug)]
pub(super) enum Edit {
    /// A file's text on disk; `None` when it is gone.
    Disk(FilePath, Option<Arc<str>>),
    /// An editor buffer's text, which stands for its file; `None` when it is closed.
    Buffer(FilePath, Option<Arc<str>>),
    /// A `circleci-ls.toml` (or `.circleci-ls.toml`) at this path; `None` when it is gone.
    ProjectConfig(FilePath, Option<Arc<str>>),
    /// A user orb directory's packed orbs; `None` when the directory does not exist.
    OrbFolder(FilePath, Option<Vec<OrbReleaseText>>),
    /// A folder holding `.git`: project files above it do not apply below it.
    RepositoryRoot(FilePath),
    /// The editor's settings or the command line's, laid over every project file.
    Overrides(Overrides),
}

/// A batch of input changes, applied at once by `Workspace::apply_change`.
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub(super) edits: Vec<Edit>,
}

impl Change {
    pub fn new() -> Change {
        Change::default()
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// The text of `path` on disk, or `None` when the file is gone.
    pub fn set_disk_text(&mut self, path: FilePath, text: Option<Arc<str>>) {
        self.edits.push(Edit::Disk(path, text));
    }

    /// An open editor buffer's text: it stands for the file until the buffer closes.
    pub fn set_buffer(&mut self, path: FilePath, text: Arc<str>) {
        self.edits.push(Edit::Buffer(path, Some(text)));
    }

    /// The buffer of `path` closed: the file's disk text, if any, stands for it again.
    pub fn close_buffer(&mut self, path: FilePath) {
        self.edits.push(Edit::Buffer(path, None));
    }

    /// The text of the project configuration file at `path`, or `None` when it is gone.
    pub fn set_project_config(&mut self, path: FilePath, text: Option<Arc<str>>) {
        self.edits.push(Edit::ProjectConfig(path, text));
    }

    /// The packed orbs of the orb directory `dir`, or `None` when it does not exist.
    pub fn set_orb_folder(&mut self, dir: FilePath, releases: Option<Vec<OrbReleaseText>>) {
        self.edits.push(Edit::OrbFolder(dir, releases));
    }

    /// `dir` holds `.git`: the search for a project file stops there.
    pub fn add_repository_root(&mut self, dir: FilePath) {
        self.edits.push(Edit::RepositoryRoot(dir));
    }

    /// The settings laid over every project file (editor settings, or `--rule`, `--orb-dir`
    /// and `--docker-hub`): they win rule by rule.
    pub fn set_overrides(&mut self, overrides: Overrides) {
        self.edits.push(Edit::Overrides(overrides));
    }
}
