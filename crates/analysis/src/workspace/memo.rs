//! Analyses kept per file and key, shared by the workspace and all its snapshots. A file's
//! analysis is made once per key: a snapshot that asks while another thread is making it
//! waits for that one instead of making its own. One analysis per file is kept: a new key's
//! entry lets the old analysis go as the new one is made, so a document being edited holds
//! one analysis, not two. The new analysis is made from the old one (its tree is reused
//! where the edit left it unchanged), and the old one is freed on another thread, off the
//! path from the edit to its diagnostics.
//!
//! While a file does not parse, the last text of it that did stands beside the current one:
//! its analysis is the old one while anything still holds it, else made again once, and kept
//! only until the file parses again.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};

use super::dependencies::AnalysisKey;
use super::inputs::Inputs;
use crate::file_path::FilePath;
use crate::orbs::user::OrbCatalog;
use crate::Analysis;

/// One file's analysis for one key, made at most once.
type Cell = Arc<OnceLock<Arc<Analysis>>>;

/// The newest text of a file that parsed, and its analysis: held only while the current
/// text does not parse, else only referred to.
#[derive(Clone, Debug, Default)]
struct LastGood {
    text: Option<Arc<str>>,
    weak: Weak<Analysis>,
    kept: Option<Arc<Analysis>>,
}

impl LastGood {
    fn of(analysis: &Arc<Analysis>) -> LastGood {
        LastGood {
            text: Some(analysis.text.clone()),
            weak: Arc::downgrade(analysis),
            kept: None,
        }
    }

    /// The analysis, if it is still held somewhere.
    fn alive(&self) -> Option<Arc<Analysis>> {
        self.kept.clone().or_else(|| self.weak.upgrade())
    }
}

struct Entry {
    key: AnalysisKey,
    /// The revision of the snapshot that made this entry: an older snapshot does not
    /// replace it.
    made_at: u64,
    cell: Cell,
    last_good: LastGood,
}

impl Entry {
    /// What the next entry keeps as the last good text.
    fn good(&self) -> LastGood {
        match self.cell.get() {
            Some(a) if a.yaml.is_complete() => LastGood::of(a),
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
    /// The analysis of `path` for `key`, made by `make` (from the analysis it replaces, if
    /// any) unless it exists or is being made, and while it does not parse, the analysis of
    /// the last good text (`make` of that text, unless the old analysis is still held).
    pub(super) fn analysis(
        &self,
        path: &FilePath,
        key: AnalysisKey,
        revision: u64,
        make: impl Fn(Option<Arc<str>>, Option<Arc<Analysis>>) -> Analysis,
    ) -> (Arc<Analysis>, Option<Arc<Analysis>>) {
        let (cell, last_good, replaced) = self.cell(path, &key, revision);
        let mut previous = replaced.as_ref().and_then(|e| e.cell.get().cloned());
        // What else the replaced entry holds is freed off this path.
        crate::background_drop::drop_later(replaced);
        let analysis = cell
            .get_or_init(|| {
                self.made.fetch_add(1, Ordering::Relaxed);
                Arc::new(make(None, previous.take()))
            })
            .clone();
        crate::background_drop::drop_later(previous);
        let complete = analysis.yaml.is_complete();
        let good = match (complete, last_good.alive(), last_good.text) {
            (true, _, _) => None,
            (false, Some(alive), _) => Some(alive),
            (false, None, None) => None,
            (false, None, Some(text)) => {
                self.made.fetch_add(1, Ordering::Relaxed);
                Some(Arc::new(make(Some(text), None)))
            }
        };
        if let Some(entry) = lock(&self.files).get_mut(path).filter(|e| e.key == key) {
            match &good {
                // The current text parses: it is the last good one now.
                None => entry.last_good = LastGood::default(),
                // Kept while the file does not parse, so it is made at most once.
                Some(good) => entry.last_good.kept = Some(good.clone()),
            }
        }
        (analysis, good)
    }

    /// The cell for `key`: the existing one, or a new entry that refers to the last good
    /// text, with the entry it replaces. A snapshot older than the entry gets a cell of its
    /// own.
    fn cell(
        &self,
        path: &FilePath,
        key: &AnalysisKey,
        revision: u64,
    ) -> (Cell, LastGood, Option<Entry>) {
        let mut files = lock(&self.files);
        let previous = files.get(path);
        if let Some(entry) = previous.filter(|e| e.key == *key) {
            return (entry.cell.clone(), entry.last_good.clone(), None);
        }
        let last_good = previous.map(Entry::good).unwrap_or_default();
        if previous.is_some_and(|e| e.made_at > revision) {
            return (Cell::default(), last_good, None);
        }
        let cell = Cell::default();
        // The old entry leaves the table before the new analysis is made; the caller frees
        // it, outside the lock.
        let replaced = files.insert(
            path.clone(),
            Entry {
                key: key.clone(),
                made_at: revision,
                cell: cell.clone(),
                last_good: last_good.clone(),
            },
        );
        (cell, last_good, replaced)
    }

    /// Drops what is kept for `path`, here: closing a document is off the typing path, and
    /// the server gives freed memory back to the system right after.
    pub(super) fn forget(&self, path: &FilePath) {
        let forgotten = lock(&self.files).remove(path);
        drop(forgotten);
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
