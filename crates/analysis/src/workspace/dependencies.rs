//! What a file's analysis reads besides settings: the one place that says which files depend
//! on which. An orb source file reads every file of its orb's `src/` folder; a config reads
//! itself and what its role in the project brings (`project.rs`): a setup config the
//! configs it continues with, a continuation config its setup config and the files merged
//! with it, a file of a packed config tree the whole tree.

use std::sync::Arc;

use super::inputs::Inputs;
use crate::file_path::FilePath;
use crate::orbs::dev::{orb_file, OrbFile, OrbTree};

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
        self.text(path)?;
        let files = match self.orb_source_file(path) {
            Some(file) => self
                .files_under(&file.src)
                .map(|(p, text)| (p.clone(), text.revision))
                .collect(),
            None => self
                .project_reads(path)
                .into_iter()
                .map(|p| {
                    let revision = self.text(&p).map_or(0, |t| t.revision);
                    (p, revision)
                })
                .collect(),
        };
        Some(AnalysisKey {
            settings: self.settings_revision,
            files,
        })
    }

    /// The orb source file `path` is, unless it is part of a packed config tree.
    pub(super) fn orb_source_file(&self, path: &FilePath) -> Option<OrbFile> {
        let file = orb_file(path)?;
        crate::project::roles::packed_tree(self, path)
            .is_none()
            .then_some(file)
    }

    /// The files of the orb whose `src/` folder is `src`, as they stand now.
    pub(super) fn orb_tree(&self, src: &FilePath) -> OrbTree {
        OrbTree::new(
            self.files_under(src)
                .map(|(path, text)| (path.clone(), Arc::clone(&text.text))),
        )
    }

    /// The files inside `dir`, at any depth, with the text that stands for each.
    pub(super) fn files_under<'a>(
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
