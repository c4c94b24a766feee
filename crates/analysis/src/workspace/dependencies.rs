//! What a file's analysis reads besides settings: the one place that says which files depend
//! on which. A config reads itself; an orb source file reads every file of its orb's `src/`
//! folder. Configs spread over several files (setup and continuation configs, fragments)
//! add their cases here.

use std::sync::Arc;

use super::inputs::Inputs;
use crate::file_path::FilePath;
use crate::orbs::dev::{orb_file, OrbTree};

/// The inputs an analysis was made from: the settings' revision and each file read, with
/// its text's revision. Two analyses of a file with equal keys are the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalysisKey {
    settings: u64,
    files: Vec<(FilePath, u64)>,
}

impl Inputs {
    /// The key of `path`'s analysis, or `None` when the workspace has no text for it.
    pub(super) fn key(&self, path: &FilePath) -> Option<AnalysisKey> {
        let own = self.text(path)?.revision;
        let files = match orb_file(path) {
            Some(file) => self
                .files_under(&file.src)
                .map(|(p, text)| (p.clone(), text.revision))
                .collect(),
            None => vec![(path.clone(), own)],
        };
        Some(AnalysisKey {
            settings: self.settings_revision,
            files,
        })
    }

    /// The files of the orb whose `src/` folder is `src`, as they stand now.
    pub(super) fn orb_tree(&self, src: &FilePath) -> OrbTree {
        OrbTree::new(
            self.files_under(src)
                .map(|(path, text)| (path.clone(), Arc::clone(&text.text))),
        )
    }

    /// The files inside `dir`, at any depth, with the text that stands for each.
    fn files_under<'a>(
        &'a self,
        dir: &FilePath,
    ) -> impl Iterator<Item = (&'a FilePath, &'a super::inputs::Text)> {
        let prefix = dir.folder_prefix();
        self.files
            .range(dir.inside_start()..)
            .take_while(move |(path, _)| path.as_str().starts_with(&prefix))
            .filter_map(|(path, file)| Some((path, file.current()?)))
    }
}
