//! One settings resolution for both front ends: the nearest project file (in the file's
//! folder or a parent, up to the repository root), then the editor's settings or the command
//! line's on top, rule by rule; the orb catalog from the orb directories both name.

use super::inputs::{ConfigInput, Inputs};
use super::memo::Memo;
use crate::docker::DockerHubSettings;
use crate::file_path::FilePath;
use crate::project_config::FILE_NAMES;
use crate::settings::Settings;

/// What the editor's settings or the command line lay over every project file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// Rule levels win rule by rule; orb directories add to the project file's; a Docker Hub
    /// setting other than the default wins.
    pub settings: Settings,
    /// A Docker Hub setting that wins even when it is the default (`--docker-hub cloud`).
    pub docker_hub: Option<DockerHubSettings>,
}

impl Inputs {
    /// The project file that applies to `path`: the first of [`FILE_NAMES`] in its folder or
    /// a parent, stopping after a repository root.
    pub(super) fn config_for(&self, path: &FilePath) -> Option<&ConfigInput> {
        for dir in path.ancestors() {
            for name in FILE_NAMES {
                if let Some(config) = self.configs.get(&dir.join(name)) {
                    return Some(config);
                }
            }
            if self.roots.contains(&dir) {
                return None;
            }
        }
        None
    }

    /// Orb directories named by the overrides or by a project file that no change has
    /// given yet: the front end reads them next.
    pub(super) fn orb_dirs_wanted(&self) -> Vec<FilePath> {
        let named = self.overrides.settings.orb_dirs.iter().chain(
            self.configs
                .values()
                .filter_map(|c| c.config.as_ref())
                .flat_map(|c| c.orb_dirs.iter()),
        );
        let mut wanted: Vec<FilePath> = named
            .filter(|dir| !self.orb_folders.contains_key(*dir))
            .cloned()
            .collect();
        wanted.sort();
        wanted.dedup();
        wanted
    }
}

/// The settings `path` is analysed with.
pub(super) fn resolve(inputs: &Inputs, memo: &Memo, path: &FilePath) -> Settings {
    let from_file = inputs
        .config_for(path)
        .and_then(|c| c.config.as_ref())
        .map_or_else(Settings::default, |c| c.settings_for(path));
    let mut settings = from_file.overlaid(&inputs.overrides.settings);
    if let Some(hub) = inputs.overrides.docker_hub {
        settings.docker_hub = hub;
    }
    settings.orbs = memo.catalog(inputs, &settings.orb_dirs);
    settings
}
