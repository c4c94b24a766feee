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
        let revision = self.inputs.revision;
        let (analysis, last_good) = self.memo.analysis(path, key, revision, |text, previous| {
            self.make(path, text, previous)
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
    /// file inside its orb, any other file as a config, reusing the tree of the `previous`
    /// analysis where the edit left it unchanged. A panic becomes one `internal-error`
    /// finding.
    fn make(
        &self,
        path: &FilePath,
        text: Option<Arc<str>>,
        previous: Option<Arc<Analysis>>,
    ) -> Analysis {
        let text = text
            .or_else(|| self.text(path))
            .unwrap_or_else(|| Arc::from(""));
        let settings = self.settings_for(path);
        // The old model and indexes are freed while the new tree is made, the old tree
        // while the new model is built.
        let earlier = previous.map(crate::Earlier::replacing);
        contained(&text, self.hook.as_ref(), || {
            match self.inputs.orb_source_file(path) {
                Some(file) => {
                    let tree = self.inputs.orb_tree(&file.src);
                    crate::orb_source::analyze_file(&file, text.clone(), &tree, &settings)
                }
                None => self.analyze_in_project(path, text.clone(), &settings, earlier),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Weak};
    use std::time::{Duration, Instant};

    use crate::file_path::FilePath;
    use crate::workspace::{Change, Workspace};

    const CONFIG: &str = "version: 2.1\njobs:\n  build:\n    docker: [{image: cimg/base:2024.01}]\n    steps:\n      - run: make\n  test:\n    machine: true\n    steps: [checkout]\n";

    fn set(workspace: &mut Workspace, path: &FilePath, text: &str) {
        let mut change = Change::new();
        change.set_buffer(path.clone(), Arc::from(text));
        workspace.apply_change(change);
    }

    /// The replaced analysis goes to the dropping thread; it must be freed, not kept.
    fn freed(weak: &Weak<crate::Analysis>) -> bool {
        let start = Instant::now();
        while weak.upgrade().is_some() {
            if start.elapsed() > Duration::from_secs(10) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        true
    }

    #[test]
    fn an_edit_makes_the_analysis_from_the_replaced_one_and_frees_that() {
        let path = FilePath::new("/repo/.circleci/config.yml");
        let mut workspace = Workspace::new();
        set(&mut workspace, &path, CONFIG);
        let first = workspace
            .snapshot()
            .analysis(&path)
            .map(|a| Arc::downgrade(&a));
        let edited = CONFIG.replace("run: make", "run: make test");
        set(&mut workspace, &path, &edited);
        let second = workspace.snapshot().analysis(&path);
        let fresh = crate::analyze(Arc::from(edited.as_str()), &Default::default());
        assert_eq!(second.map(|a| a.findings.clone()), Some(fresh.findings));
        assert!(first.is_some_and(|weak| freed(&weak)));
    }
}
