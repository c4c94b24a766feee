//! The workspace: every input the analyses read, changed only through [`Change`]s and read
//! through immutable [`Snapshot`]s, in the manner of rust-analyzer's `AnalysisHost` and
//! `Analysis`.
//!
//! Inputs are file texts (an open editor buffer over the text on disk), project files
//! (`circleci-ls.toml` by folder), user orb folders (as texts), repository roots, and the
//! settings the editor or the command line lays over them. Files are named by [`FilePath`]s;
//! the front ends map URIs and arguments to them, read the disk, and hand the texts here.
//! Nothing in the workspace touches a file system.
//!
//! Analyses are memoised per file and key (`dependencies.rs` says which inputs a file's
//! analysis reads): an edit in one file analyses that file again, and the files that read it
//! (the other files of an orb source tree), not the others.

mod change;
mod contain;
mod dependencies;
mod inputs;
mod memo;
mod project;
#[cfg(test)]
mod project_tests;
mod settings;
mod snapshot;
#[cfg(test)]
mod tests;

use std::sync::Arc;

pub use change::Change;
pub use contain::{failed, AnalysisHook};
pub use dependencies::AnalysisKey;
pub use settings::Overrides;
pub use snapshot::{FileAnalysis, Snapshot};

use crate::project_config::ConfigError;
use inputs::Inputs;
use memo::Memo;

/// What a change brought that the front end should tell the user.
#[derive(Debug, Default)]
pub struct ChangeReport {
    /// Project files that do not parse. The last version of each that did stays in force.
    pub config_errors: Vec<ConfigError>,
    /// Orb directories that do not exist, and files in them that are not packed orbs.
    pub orb_problems: Vec<String>,
}

/// The owner of the inputs. Snapshots taken from it stay as they were when taken.
#[derive(Default)]
pub struct Workspace {
    inputs: Arc<Inputs>,
    memo: Arc<Memo>,
    hook: Option<AnalysisHook>,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Applies every edit of `change` as one new revision.
    pub fn apply_change(&mut self, change: Change) -> ChangeReport {
        let mut report = ChangeReport::default();
        if change.is_empty() {
            return report;
        }
        let inputs = Arc::make_mut(&mut self.inputs);
        inputs.revision += 1;
        for edit in change.edits {
            if let Some(gone) = inputs.apply(edit, &mut report) {
                self.memo.forget(&gone);
            }
        }
        report
    }

    /// An immutable view of the inputs as they are now.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::new(self.inputs.clone(), self.memo.clone(), self.hook.clone())
    }

    /// Installs the hook called before every analysis (see [`AnalysisHook`]).
    pub fn set_analysis_hook(&mut self, hook: AnalysisHook) {
        self.hook = Some(hook);
    }
}
