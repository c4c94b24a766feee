//! What the workspace knows, as the front ends gave it: file texts (editor buffers over disk
//! texts), project files, user orb folders, repository roots and the overriding settings.
//! Every text carries the revision of the change that set it, so an analysis can tell which
//! of its inputs moved.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use super::change::Edit;
use super::settings::Overrides;
use super::ChangeReport;
use crate::file_path::FilePath;
use crate::orbs::user::OrbFolder;
use crate::project::plan::SetupPlan;
use crate::project_config::ProjectConfig;

/// A text and the revision of the change that set it.
#[derive(Clone, Debug)]
pub(super) struct Text {
    pub(super) text: Arc<str>,
    pub(super) revision: u64,
    /// The text's setup plan, read at most once (`None` inside when it is no setup config).
    pub(super) plan: Arc<OnceLock<Option<Arc<SetupPlan>>>>,
}

impl Text {
    fn new(text: Arc<str>, revision: u64) -> Text {
        Text {
            text,
            revision,
            plan: Arc::default(),
        }
    }

    /// The text's plan when it is a setup config.
    pub(super) fn plan(&self) -> Option<Arc<SetupPlan>> {
        self.plan
            .get_or_init(|| crate::project::plan::of_text(&self.text))
            .clone()
    }
}

/// A file's texts: an open buffer stands for the file over its disk text.
#[derive(Clone, Debug, Default)]
pub(super) struct FileInput {
    disk: Option<Text>,
    buffer: Option<Text>,
}

impl FileInput {
    pub(super) fn current(&self) -> Option<&Text> {
        self.buffer.as_ref().or(self.disk.as_ref())
    }
}

/// A project file: the last version that parsed, which stays in force while a newer one
/// does not parse.
#[derive(Clone, Debug)]
pub(super) struct ConfigInput {
    pub(super) config: Option<Arc<ProjectConfig>>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Inputs {
    pub(super) files: BTreeMap<FilePath, FileInput>,
    /// Project files by path (`…/circleci-ls.toml` or `…/.circleci-ls.toml`).
    pub(super) configs: BTreeMap<FilePath, ConfigInput>,
    /// User orb directories by path; `None` for one that does not exist.
    pub(super) orb_folders: BTreeMap<FilePath, Option<OrbFolder>>,
    pub(super) roots: BTreeSet<FilePath>,
    /// Paths the front end looked for on disk and did not find: not wanted again.
    pub(super) looked_for: BTreeSet<FilePath>,
    pub(super) overrides: Overrides,
    /// The revision of the last change to anything settings are made from.
    pub(super) settings_revision: u64,
    /// The revision of the last change applied.
    pub(super) revision: u64,
}

impl Inputs {
    /// The text that stands for `path`: its buffer, else its disk text.
    pub(super) fn text(&self, path: &FilePath) -> Option<&Text> {
        self.files.get(path)?.current()
    }

    /// Applies one edit at the current revision. Returns a file whose analysis is no longer
    /// wanted: one whose buffer closed or whose text is gone.
    pub(super) fn apply(&mut self, edit: Edit, report: &mut ChangeReport) -> Option<FilePath> {
        let revision = self.revision;
        match edit {
            Edit::Disk(path, text) => {
                let gone = text.is_none();
                if gone {
                    self.looked_for.insert(path.clone());
                }
                let file = self.files.entry(path.clone()).or_default();
                set_text(&mut file.disk, text, revision);
                self.drop_if_empty(&path);
                gone.then_some(path)
            }
            Edit::Buffer(path, text) => {
                let closed = text.is_none();
                let file = self.files.entry(path.clone()).or_default();
                // Every buffer edit is new, even one that leaves the text as it was: the
                // editor waits for diagnostics of its new version.
                file.buffer = text.map(|text| Text::new(text, revision));
                self.drop_if_empty(&path);
                closed.then_some(path)
            }
            Edit::ProjectConfig(path, text) => {
                self.settings_revision = revision;
                self.set_config(path, text, report);
                None
            }
            Edit::OrbFolder(dir, files) => {
                self.settings_revision = revision;
                let folder = files.map(|files| OrbFolder::read(&files));
                match &folder {
                    None => report
                        .orb_problems
                        .push(format!("orb directory {dir} not found")),
                    Some(f) => report.orb_problems.extend(f.problems.iter().cloned()),
                }
                self.orb_folders.insert(dir, folder);
                None
            }
            Edit::RepositoryRoot(dir) => {
                if self.roots.insert(dir) {
                    self.settings_revision = revision;
                }
                None
            }
            Edit::Overrides(settings) => {
                self.settings_revision = revision;
                self.overrides = settings;
                None
            }
        }
    }

    fn drop_if_empty(&mut self, path: &FilePath) {
        if self.files.get(path).is_some_and(|f| f.current().is_none()) {
            self.files.remove(path);
        }
    }

    /// A project file's new text: parsed now, so its problem is reported once, with the
    /// change that brought it.
    fn set_config(&mut self, path: FilePath, text: Option<Arc<str>>, report: &mut ChangeReport) {
        let Some(text) = text else {
            self.configs.remove(&path);
            return;
        };
        match ProjectConfig::parse(&path, &text) {
            Ok(config) => {
                let config = Some(Arc::new(config));
                self.configs.insert(path, ConfigInput { config });
            }
            Err(error) => {
                report.config_errors.push(error);
                self.configs
                    .entry(path)
                    .or_insert(ConfigInput { config: None });
            }
        }
    }
}

/// Sets a file's disk text; an identical text keeps its revision, so re-reading an unchanged
/// file analyses nothing again.
fn set_text(slot: &mut Option<Text>, text: Option<Arc<str>>, revision: u64) {
    match (slot.as_ref(), text) {
        (Some(old), Some(new)) if *old.text == *new => {}
        (_, Some(text)) => *slot = Some(Text::new(text, revision)),
        (_, None) => *slot = None,
    }
}
