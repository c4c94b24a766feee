//! What the server reads from disk for the workspace: the project file and repository root of
//! each opened document, the files of orb source trees, and the files watched-file events
//! name. Events are coalesced (a storm of them for one file is one read) and only the files
//! the open documents depend on are read: a project file in a folder above an open document,
//! a file of an orb tree given to the workspace. Every read goes through the guarded reader.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use tower_lsp_server::ls_types as lsp;

use super::notices::Problem;
use crate::disk::orb_tree::OrbTrees;
use crate::disk::project_configs::ProjectConfigs;
use crate::disk::project_files::{self, ProjectFiles};
use analysis::workspace::Change;
use analysis::FilePath;

/// How long watched-file events gather before they are read: editors report a save or a
/// checkout as bursts of events, often for the same files.
pub(super) const COALESCE: Duration = Duration::from_millis(50);

/// Files with events waiting at most; a file's events beyond it are dropped (they name files
/// the server does not read, since the waiting ones are filtered as they arrive).
const MAX_PENDING: usize = 10_000;

/// What reading the disk found, for the user: problems to show (once each), lines for the
/// log, and the files that read fine (their earlier problems are over).
#[derive(Debug, Default)]
pub(super) struct Read {
    pub problems: Vec<Problem>,
    pub logged: Vec<String>,
    pub fine: Vec<String>,
}

/// A project file that could not be read or understood, as the user is told once.
pub(super) fn settings_problem(e: &analysis::project_config::ConfigError) -> Problem {
    Problem {
        about: e.path.as_str().to_string(),
        message: format!("{e}. The last good settings stay in force until it is fixed."),
    }
}

impl Read {
    fn project_file(&mut self, path: &Path, error: Option<analysis::project_config::ConfigError>) {
        match error {
            Some(e) => self.problems.push(settings_problem(&e)),
            None => self
                .fine
                .push(crate::disk::file_path(path).as_str().to_string()),
        }
    }
}

/// What the server has read from disk for the workspace, the events waiting to be read, and
/// whether the client can watch files for it. Only notification handlers touch it.
#[derive(Default)]
pub(super) struct Disk {
    project: ProjectFiles,
    pub(super) trees: OrbTrees,
    /// The config files of the projects of open documents (see `ProjectConfigs`).
    pub(super) configs: ProjectConfigs,
    /// The client's workspace folders, whose projects are read once the client is ready.
    pub(super) folders: Vec<std::path::PathBuf>,
    pub(super) can_watch: bool,
    /// The last event of each file waiting to be read.
    pending: HashMap<lsp::Uri, lsp::FileChangeType>,
    /// A task will read the waiting events.
    flush_scheduled: bool,
}

impl Disk {
    /// What the disk holds for an opened document: its project file and repository root,
    /// and for an orb source file its orb's tree.
    pub(super) fn context(&mut self, file: &Path, path: &FilePath, change: &mut Change) -> Read {
        let mut read = Read::default();
        let error = self.project.discover(file, change);
        if let Some(e) = error {
            read.project_file(file, Some(e));
        }
        if let Some(orb) = analysis::orbs::dev::orb_file(path) {
            read.logged = self.trees.refresh(&orb.src, change);
        }
        // The rest of its config: setup and continuation configs, fragments, a packed tree.
        self.configs.discover(file, change);
        read
    }

    /// Keeps the events of files the server may read; true when no task is set to read them
    /// yet (the caller then starts one, after [`COALESCE`]).
    pub(super) fn add_events(&mut self, events: &[lsp::FileEvent]) -> bool {
        for event in events {
            let Some(path) = event.uri.to_file_path() else {
                continue;
            };
            let watched = project_files::is_project_file(&path)
                || self.configs.is_ours(&path)
                || self.trees.tree_of(&crate::disk::file_path(&path)).is_some();
            if watched
                && (self.pending.len() < MAX_PENDING || self.pending.contains_key(&event.uri))
            {
                self.pending.insert(event.uri.clone(), event.typ);
            }
        }
        let start = !self.flush_scheduled && !self.pending.is_empty();
        self.flush_scheduled |= start;
        start
    }

    /// Reads what the waiting events name into `change`. `open` are the open documents: a
    /// project file is read only when it is in a folder above one of them.
    pub(super) fn read_events(&mut self, open: &[FilePath], change: &mut Change) -> Read {
        self.flush_scheduled = false;
        let mut events: Vec<(lsp::Uri, lsp::FileChangeType)> = self.pending.drain().collect();
        events.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        let mut read = Read::default();
        let mut trees = Vec::new();
        for (uri, typ) in events {
            let Some(path) = uri.to_file_path() else {
                continue;
            };
            if project_files::is_project_file(&path) {
                self.project_file_event(&path, typ, open, change, &mut read);
                continue;
            }
            let deleted = typ == lsp::FileChangeType::DELETED;
            self.configs.changed(&path, deleted, change);
            if let Some(src) = self.trees.tree_of(&crate::disk::file_path(&path)) {
                trees.push(src.clone());
            }
        }
        trees.sort();
        trees.dedup();
        for src in trees {
            read.logged.extend(self.trees.refresh(&src, change));
        }
        read
    }

    /// A project file changed: read again when an open document is below its folder, else
    /// forgotten (the next document opened below it reads it then).
    fn project_file_event(
        &mut self,
        path: &Path,
        typ: lsp::FileChangeType,
        open: &[FilePath],
        change: &mut Change,
        read: &mut Read,
    ) {
        let folder = crate::disk::file_path(path).parent();
        let applies = folder.is_some_and(|f| open.iter().any(|doc| doc.starts_with(&f)));
        let deleted = typ == lsp::FileChangeType::DELETED || !applies;
        let error = self.project.changed(path, deleted, change);
        read.project_file(path, error);
    }
}
