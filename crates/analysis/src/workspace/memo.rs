//! Analyses kept per file and key, shared by the workspace and all its snapshots. A file's
//! analysis is made once per key: a snapshot that asks while another thread is making it
//! waits for that one instead of making its own. While a file does not parse, the last
//! analysis of it that did is kept beside the current one.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use super::dependencies::AnalysisKey;
use super::inputs::Inputs;
use crate::file_path::FilePath;
use crate::orbs::user::OrbCatalog;
use crate::Analysis;

/// One file's analysis for one key, made at most once.
type Cell = Arc<OnceLock<Arc<Analysis>>>;

struct Entry {
    key: AnalysisKey,
    /// The revision of the snapshot that made this entry: an older snapshot does not
    /// replace it.
    made_at: u64,
    cell: Cell,
    /// The newest analysis of the file that parsed, while the current one does not.
    last_good: Option<Arc<Analysis>>,
}

impl Entry {
    /// What the next entry keeps as the last good analysis.
    fn good(&self) -> Option<Arc<Analysis>> {
        match self.cell.get() {
            Some(a) if a.yaml.is_complete() => Some(a.clone()),
            _ => self.last_good.clone(),
        }
    }
}

#[derive(Default)]
pub(super) struct Memo {
    files: Mutex<HashMap<FilePath, Entry>>,
    /// Orb catalogs by the directories they overlay, with the settings revision they were
    /// made at.
    catalogs: Mutex<HashMap<Vec<FilePath>, (u64, OrbCatalog)>>,
    /// How many analyses were made, for tests that prove what was not made again.
    made: AtomicU64,
}

/// Locks a memo table. The tables are only assigned whole entries, so one left by a thread
/// that panicked is still consistent.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Memo {
    /// The analysis of `path` for `key`, made by `make` unless it exists or is being made,
    /// and the last good analysis while this one does not parse.
    pub(super) fn analysis(
        &self,
        path: &FilePath,
        key: AnalysisKey,
        revision: u64,
        make: impl FnOnce() -> Analysis,
    ) -> (Arc<Analysis>, Option<Arc<Analysis>>) {
        let (cell, last_good) = self.cell(path, &key, revision);
        let analysis = cell
            .get_or_init(|| {
                self.made.fetch_add(1, Ordering::Relaxed);
                Arc::new(make())
            })
            .clone();
        if !analysis.yaml.is_complete() {
            return (analysis, last_good);
        }
        // The current text parses: it is the last good one now, and the older one goes.
        if let Some(entry) = lock(&self.files).get_mut(path) {
            if entry.key == key {
                entry.last_good = None;
            }
        }
        (analysis, None)
    }

    /// The cell for `key`: the existing one, or a new entry that keeps the last good
    /// analysis. A snapshot older than the entry gets a cell of its own.
    fn cell(
        &self,
        path: &FilePath,
        key: &AnalysisKey,
        revision: u64,
    ) -> (Cell, Option<Arc<Analysis>>) {
        let mut files = lock(&self.files);
        let previous = files.get(path);
        if let Some(entry) = previous.filter(|e| e.key == *key) {
            return (entry.cell.clone(), entry.last_good.clone());
        }
        if previous.is_some_and(|e| e.made_at > revision) {
            return (Cell::default(), previous.and_then(Entry::good));
        }
        let last_good = previous.and_then(Entry::good);
        let cell = Cell::default();
        files.insert(
            path.clone(),
            Entry {
                key: key.clone(),
                made_at: revision,
                cell: cell.clone(),
                last_good: last_good.clone(),
            },
        );
        (cell, last_good)
    }

    /// Drops what is kept for `path`.
    pub(super) fn forget(&self, path: &FilePath) {
        lock(&self.files).remove(path);
    }

    /// The catalog for these orb directories, made once per settings revision.
    pub(super) fn catalog(&self, inputs: &Inputs, dirs: &[FilePath]) -> OrbCatalog {
        if dirs.is_empty() {
            return OrbCatalog::default();
        }
        let revision = inputs.settings_revision;
        let mut catalogs = lock(&self.catalogs);
        let kept = catalogs.get(dirs).map(|(made_at, c)| (*made_at, c.clone()));
        if let Some((made_at, catalog)) = &kept {
            if *made_at == revision {
                return catalog.clone();
            }
        }
        let folders = dirs
            .iter()
            .filter_map(|dir| inputs.orb_folders.get(dir)?.as_ref());
        let catalog = OrbCatalog::with_folders(dirs, folders);
        // A snapshot older than the kept catalog does not replace it.
        if kept.is_none_or(|(made_at, _)| made_at < revision) {
            catalogs.retain(|_, (made_at, _)| *made_at >= revision);
            catalogs.insert(dirs.to_vec(), (revision, catalog.clone()));
        }
        catalog
    }

    pub(super) fn made(&self) -> u64 {
        self.made.load(Ordering::Relaxed)
    }
}
