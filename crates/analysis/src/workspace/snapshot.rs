//! A read-only view of the workspace at one revision. Cheap to clone and to send to another
//! thread; every answer it gives is about the inputs as they were when it was taken.

use std::borrow::Cow;
use std::sync::Arc;

use super::contain::{contained, AnalysisHook};
use super::dependencies::AnalysisKey;
use super::inputs::Inputs;
use super::memo::Memo;
use crate::diagnostics::Finding;
use crate::file_path::FilePath;
use crate::settings::Settings;
use crate::Analysis;

#[derive(Clone)]
pub struct Snapshot {
    inputs: Arc<Inputs>,
    memo: Arc<Memo>,
    hook: Option<AnalysisHook>,
}

/// A file's current analysis, and while it does not parse, the last one that did.
#[derive(Clone, Debug)]
pub struct FileAnalysis {
    pub analysis: Arc<Analysis>,
    pub last_good: Option<Arc<Analysis>>,
}

impl FileAnalysis {
    /// The findings to show: the current analysis's, and while its text does not parse,
    /// those of the last good text outside the lines the edits touched.
    pub fn findings(&self) -> Cow<'_, [Finding]> {
        crate::carry_over::while_broken(&self.analysis, self.last_good.as_deref())
    }
}

impl Snapshot {
    pub(super) fn new(inputs: Arc<Inputs>, memo: Arc<Memo>, hook: Option<AnalysisHook>) -> Self {
        Snapshot { inputs, memo, hook }
    }

    pub(super) fn inputs(&self) -> &Inputs {
        &self.inputs
    }

    /// The text that stands for `path`: its editor buffer, else its disk text.
    pub fn text(&self, path: &FilePath) -> Option<Arc<str>> {
        Some(self.inputs.text(path)?.text.clone())
    }

    /// What `path`'s analysis is made from; equal keys mean equal analyses. `None` when the
    /// workspace has no text for it.
    pub fn key(&self, path: &FilePath) -> Option<AnalysisKey> {
        self.inputs.key(path)
    }

    /// The settings `path` is analysed with.
    pub fn settings_for(&self, path: &FilePath) -> Settings {
        super::settings::resolve(&self.inputs, &self.memo, path)
    }

    /// Orb directories that settings name and no change has given yet.
    pub fn orb_dirs_wanted(&self) -> Vec<FilePath> {
        self.inputs.orb_dirs_wanted()
    }

    /// The analysis of `path`, made now unless it was made for the same inputs before.
    pub fn analysis(&self, path: &FilePath) -> Option<Arc<Analysis>> {
        Some(self.file_analysis(path)?.analysis)
    }

    /// The analysis of `path` with the last good one while it does not parse.
    pub fn file_analysis(&self, path: &FilePath) -> Option<FileAnalysis> {
        let key = self.inputs.key(path)?;
        let (analysis, last_good) = self.memo.analysis(path, key, self.inputs.revision, |text| {
            self.make(path, text)
        });
        Some(FileAnalysis {
            analysis,
            last_good,
        })
    }

    /// How many analyses the workspace has made so far, across all snapshots.
    pub fn analyses_made(&self) -> u64 {
        self.memo.made()
    }

    /// Analyses `path` from its inputs (with `text` for its own, when given): an orb source
    /// file inside its orb, any other file as a config. A panic becomes one `internal-error`
    /// finding.
    fn make(&self, path: &FilePath, text: Option<Arc<str>>) -> Analysis {
        let text = text
            .or_else(|| self.text(path))
            .unwrap_or_else(|| Arc::from(""));
        let settings = self.settings_for(path);
        contained(&text, self.hook.as_ref(), || {
            match self.inputs.orb_source_file(path) {
                Some(file) => {
                    let tree = self.inputs.orb_tree(&file.src);
                    crate::orb_source::analyze_file(&file, text.clone(), &tree, &settings)
                }
                None => self.analyze_in_project(path, text.clone(), &settings),
            }
        })
    }
}
