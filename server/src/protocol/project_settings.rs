//! The project configuration file (`circleci-ls.toml`) in the server: found per document by
//! walking up from its path, layered under the editor's settings, and reloaded when the client
//! reports that it changed (`workspace/didChangeWatchedFiles`). A broken file is reported once
//! and the last good one stays in force.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types as lsp;

use analysis::project_config::{self, ProjectConfig};
use analysis::settings::Settings;

/// The glob the server asks the client to watch.
pub const WATCH_GLOB: &str = "**/{circleci-ls,.circleci-ls}.toml";

#[derive(Default)]
pub struct ProjectSettings {
    /// The last good parse of each configuration file met so far.
    configs: HashMap<PathBuf, ProjectConfig>,
    /// Which configuration file applies to each document directory (`None`: none does).
    found: HashMap<PathBuf, Option<PathBuf>>,
    /// Files that failed to load and have not changed since: reported once, not retried.
    broken: HashSet<PathBuf>,
    /// The client can register file watchers at run time.
    pub can_watch: bool,
}

impl ProjectSettings {
    pub fn new(params: &lsp::InitializeParams) -> ProjectSettings {
        let can_watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            == Some(true);
        ProjectSettings {
            can_watch,
            ..ProjectSettings::default()
        }
    }

    /// The settings for the document at `uri`: its configuration file's, with the editor's on
    /// top (editor settings win rule by rule). The second value is a problem to show the user,
    /// returned the first time a broken file is met.
    pub fn settings_for(
        &mut self,
        uri: &lsp::Uri,
        editor: &Settings,
    ) -> (Settings, Option<String>) {
        let Some(path) = file_path(uri) else {
            return (editor.clone(), None);
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let config_path = self
            .found
            .entry(dir)
            .or_insert_with(|| project_config::find_for(&path))
            .clone();
        let mut problem = None;
        let from_file = match config_path {
            Some(config_path) => {
                if !self.configs.contains_key(&config_path) && !self.broken.contains(&config_path) {
                    problem = self.load(&config_path);
                }
                self.configs
                    .get(&config_path)
                    .map(|c| c.settings_for(&path))
                    .unwrap_or_default()
            }
            None => Settings::default(),
        };
        (from_file.overlaid(editor), problem)
    }

    /// Forgets which configuration file applies to directories that hold none of `open`, so
    /// a long session keeps this for its open documents only. Looking again is one walk up
    /// the directories, and a changed file clears everything anyway.
    pub fn forget_other_dirs<'a>(&mut self, open: impl Iterator<Item = &'a lsp::Uri>) {
        let keep: HashSet<PathBuf> = open
            .filter_map(file_path)
            .filter_map(|p| p.parent().map(Path::to_path_buf))
            .collect();
        self.found.retain(|dir, _| keep.contains(dir));
    }

    /// Re-reads the changed configuration files; a deleted one no longer applies. Returns the
    /// problems to show (each broken file once).
    pub fn files_changed(&mut self, changes: &[lsp::FileEvent]) -> Vec<String> {
        // Files may have appeared or gone anywhere: find them again.
        self.found.clear();
        let mut problems = Vec::new();
        for change in changes {
            let Some(path) = file_path(&change.uri) else {
                continue;
            };
            if change.typ == lsp::FileChangeType::DELETED {
                self.configs.remove(&path);
                self.broken.remove(&path);
            } else if let Some(problem) = self.load(&path) {
                problems.push(problem);
            }
        }
        problems
    }

    /// Loads a file, keeping the last good version when it is broken.
    fn load(&mut self, path: &Path) -> Option<String> {
        match ProjectConfig::load(path) {
            Ok(config) => {
                self.broken.remove(path);
                self.configs.insert(path.to_path_buf(), config);
                None
            }
            Err(e) => {
                self.broken.insert(path.to_path_buf());
                Some(format!(
                    "circleci-ls: {e}. The last good settings stay in force until it is fixed."
                ))
            }
        }
    }

    /// The registration that asks the client to report changes to configuration files.
    pub fn registration() -> lsp::Registration {
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(WATCH_GLOB.to_string()),
                kind: None,
            }],
        };
        lsp::Registration {
            id: "circleci-ls-project-config".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        }
    }
}

fn file_path(uri: &lsp::Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use analysis::settings::RuleLevel;

    #[test]
    fn a_file_broken_from_the_start_is_reported_once_and_defaults_apply() {
        let dir = std::env::temp_dir().join(format!("circleci-ls-project-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".git")).expect("create repository");
        std::fs::write(dir.join("circleci-ls.toml"), "[rules\n").expect("write");
        let uri = lsp::Uri::from_str(&format!("file://{}/.circleci/config.yml", dir.display()))
            .expect("uri");
        let mut project = ProjectSettings::default();
        let editor = Settings::default();
        let (settings, problem) = project.settings_for(&uri, &editor);
        assert_eq!(settings, Settings::default());
        assert!(problem.is_some_and(|p| p.contains("circleci-ls.toml:1:")));
        let (_, again) = project.settings_for(&uri, &editor);
        assert_eq!(again, None, "reported once");
        // Once fixed and reported as changed, it applies.
        std::fs::write(
            dir.join("circleci-ls.toml"),
            "[rules]\nunused-job = \"off\"\n",
        )
        .expect("write");
        let toml_uri =
            lsp::Uri::from_str(&format!("file://{}/circleci-ls.toml", dir.display())).expect("uri");
        let problems =
            project.files_changed(&[lsp::FileEvent::new(toml_uri, lsp::FileChangeType::CHANGED)]);
        assert!(problems.is_empty());
        let (settings, _) = project.settings_for(&uri, &editor);
        assert_eq!(settings.rules.get("unused-job"), Some(&RuleLevel::Off));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn directories_without_open_documents_are_forgotten() {
        let mut project = ProjectSettings::default();
        let editor = Settings::default();
        let open = lsp::Uri::from_str("file:///circleci-ls-a/.circleci/config.yml").expect("uri");
        let closed = lsp::Uri::from_str("file:///circleci-ls-b/.circleci/config.yml").expect("uri");
        project.settings_for(&open, &editor);
        project.settings_for(&closed, &editor);
        assert_eq!(project.found.len(), 2);
        project.forget_other_dirs([&open].into_iter());
        let kept: Vec<&PathBuf> = project.found.keys().collect();
        assert_eq!(kept, [Path::new("/circleci-ls-a/.circleci")]);
    }
}
