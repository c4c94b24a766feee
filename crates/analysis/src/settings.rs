//! User settings: per-rule severity overrides, orb directories and the Docker Hub setting,
//! from `initializationOptions` or `workspace/didChangeConfiguration`, the command line, or
//! circleci-ls.toml. The workspace lays them over each other (`workspace/settings.rs`).

use std::collections::HashMap;

use serde::Deserialize;

use crate::diagnostics::Severity;
use crate::docker::DockerHubSettings;
use crate::file_path::FilePath;

/// A rule's configured level: `off` or a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Hint,
    #[serde(alias = "information")]
    Info,
    #[serde(alias = "warn")]
    Warning,
    Error,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub rules: HashMap<String, RuleLevel>,
    /// Orb directories named by `orbDirs`, `--orb-dir` or `orb-dirs` (the workspace lays the
    /// folders' releases into `orbs`).
    pub orb_dirs: Vec<FilePath>,
    /// The orb releases known: compiled in, overlaid with `orb_dirs`.
    pub orbs: crate::orbs::OrbCatalog,
    /// Where jobs pull Docker Hub images from, for `docker-hub-rate-limit`.
    pub docker_hub: DockerHubSettings,
    /// Which inlay hints the editor gets.
    pub inlay_hints: InlayHintSettings,
}

/// The `inlayHints` setting: which hints the editor shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InlayHintSettings {
    /// After an orb pin that is not an exact release, the release it is read as.
    pub orb_versions: bool,
}

impl Default for InlayHintSettings {
    fn default() -> Self {
        InlayHintSettings { orb_versions: true }
    }
}

impl Settings {
    /// `None` when the rule is not configured, `Some(None)` when it is off.
    pub fn severity_for(&self, code: &str) -> Option<Option<Severity>> {
        self.rules.get(code).map(|level| level_severity(*level))
    }
}

impl Settings {
    /// `self` with `over`'s rule levels on top: a rule set in both takes `over`'s level.
    /// Orb directories of both apply; the workspace loads their catalog into `orbs`.
    pub fn overlaid(&self, over: &Settings) -> Settings {
        let mut rules = self.rules.clone();
        rules.extend(
            over.rules
                .iter()
                .map(|(code, level)| (code.clone(), *level)),
        );
        let mut orb_dirs = self.orb_dirs.clone();
        orb_dirs.extend(over.orb_dirs.iter().cloned());
        Settings {
            rules,
            orb_dirs,
            orbs: over.orbs.clone(),
            docker_hub: if over.docker_hub == DockerHubSettings::default() {
                self.docker_hub
            } else {
                over.docker_hub
            },
            inlay_hints: over.inlay_hints,
        }
    }
}

impl Settings {
    /// Reads settings from `initializationOptions` or `didChangeConfiguration`: either
    /// `{"rules": {...}}` or the same under a `"circleci-ls"` section. Returns `None` when the
    /// value holds no settings of ours, and a note for every entry it had to skip. Orb
    /// directories are kept as written; the server makes relative ones absolute.
    pub fn from_json(value: &serde_json::Value) -> (Option<Settings>, Vec<String>) {
        let section = value.get("circleci-ls").unwrap_or(value);
        let orb_dirs = section.get("orbDirs");
        let rules = section.get("rules");
        let docker_hub = section.get("dockerHub");
        let inlay_hints = section.get("inlayHints");
        if rules.is_none() && docker_hub.is_none() && orb_dirs.is_none() && inlay_hints.is_none() {
            return (None, Vec::new());
        }
        let mut problems = Vec::new();
        let mut settings = Settings::default();
        if let Some(value) = inlay_hints {
            settings.inlay_hints = inlay_hint_settings(value, &mut problems);
        }
        match orb_dirs.map(|d| d.as_array()) {
            None => {}
            Some(Some(list)) => {
                for dir in list {
                    match dir.as_str() {
                        Some(d) => settings.orb_dirs.push(FilePath::new(d)),
                        None => problems.push(format!(
                            "circleci-ls: `orbDirs` entry {dir} is not a path; it is ignored."
                        )),
                    }
                }
            }
            Some(None) => {
                problems.push("circleci-ls: `orbDirs` must be a list of directories.".to_string())
            }
        }
        if let Some(value) = docker_hub {
            settings.docker_hub = docker_hub_settings(value, &mut problems);
        }
        let Some(rules) = rules else {
            return (Some(settings), problems);
        };
        match rules.as_object() {
            None if rules.is_null() => {}
            Some(map) => {
                for (code, level) in map {
                    match serde_json::from_value::<RuleLevel>(level.clone()) {
                        Ok(level) => {
                            if crate::rule_registry::find_rule(code).is_none() {
                                problems.push(format!(
                                    "circleci-ls: unknown rule `{code}` in settings; it has no effect."
                                ));
                            }
                            settings.rules.insert(code.clone(), level);
                        }
                        Err(_) => problems.push(format!(
                            "circleci-ls: rule `{code}` has level {level}; use off, hint, info, warning or error."
                        )),
                    }
                }
            }
            None => problems.push(
                "circleci-ls: `rules` must be an object mapping rule codes to levels.".to_string(),
            ),
        }
        (Some(settings), problems)
    }
}

/// Reads `{"selfHosted": bool, "cloudExecutorImages": level}`; entries it cannot read keep
/// their defaults and are reported.
fn docker_hub_settings(value: &serde_json::Value, problems: &mut Vec<String>) -> DockerHubSettings {
    let mut out = DockerHubSettings::default();
    let Some(map) = value.as_object() else {
        problems.push(
            "circleci-ls: `dockerHub` must be an object with `selfHosted` and `cloudExecutorImages`."
                .to_string(),
        );
        return out;
    };
    for (key, v) in map {
        match key.as_str() {
            "selfHosted" => match v.as_bool() {
                Some(b) => out.self_hosted = b,
                None => problems.push(
                    "circleci-ls: `dockerHub.selfHosted` must be true or false.".to_string(),
                ),
            },
            "cloudExecutorImages" => match serde_json::from_value::<RuleLevel>(v.clone()) {
                Ok(level) => out.cloud_executor_images = level_severity(level),
                Err(_) => problems.push(format!(
                    "circleci-ls: `dockerHub.cloudExecutorImages` has level {v}; use off, hint, info, warning or error."
                )),
            },
            other => problems.push(format!(
                "circleci-ls: unknown setting `dockerHub.{other}`; it has no effect."
            )),
        }
    }
    out
}

/// Reads `{"orbVersions": bool}`; entries it cannot read keep their defaults and are
/// reported.
fn inlay_hint_settings(value: &serde_json::Value, problems: &mut Vec<String>) -> InlayHintSettings {
    let mut out = InlayHintSettings::default();
    let Some(map) = value.as_object() else {
        problems.push(
            "circleci-ls: `inlayHints` must be an object such as {\"orbVersions\": false}."
                .to_string(),
        );
        return out;
    };
    for (key, v) in map {
        match (key.as_str(), v.as_bool()) {
            ("orbVersions", Some(b)) => out.orb_versions = b,
            ("orbVersions", None) => problems
                .push("circleci-ls: `inlayHints.orbVersions` must be true or false.".to_string()),
            (other, _) => problems.push(format!(
                "circleci-ls: unknown setting `inlayHints.{other}`; it has no effect."
            )),
        }
    }
    out
}

fn level_severity(level: RuleLevel) -> Option<Severity> {
    match level {
        RuleLevel::Off => None,
        RuleLevel::Hint => Some(Severity::Hint),
        RuleLevel::Info => Some(Severity::Info),
        RuleLevel::Warning => Some(Severity::Warning),
        RuleLevel::Error => Some(Severity::Error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_rules_with_or_without_section() {
        let (s, problems) = Settings::from_json(&json!({"rules": {"yaml-syntax": "warning"}}));
        assert!(problems.is_empty());
        assert_eq!(
            s.and_then(|s| s.severity_for("yaml-syntax")),
            Some(Some(Severity::Warning))
        );
        let (s, _) =
            Settings::from_json(&json!({"circleci-ls": {"rules": {"yaml-syntax": "off"}}}));
        assert_eq!(s.and_then(|s| s.severity_for("yaml-syntax")), Some(None));
    }

    #[test]
    fn overlaid_levels_win_rule_by_rule() {
        let (file, _) =
            Settings::from_json(&json!({"rules": {"unused-job": "error", "deprecated": "off"}}));
        let (editor, _) = Settings::from_json(&json!({"rules": {"unused-job": "hint"}}));
        let merged = file
            .unwrap_or_default()
            .overlaid(&editor.unwrap_or_default());
        assert_eq!(
            merged.severity_for("unused-job"),
            Some(Some(Severity::Hint))
        );
        assert_eq!(merged.severity_for("deprecated"), Some(None));
    }

    #[test]
    fn bad_entries_are_reported_not_fatal() {
        let (s, problems) =
            Settings::from_json(&json!({"rules": {"yaml-syntax": "loud", "nope": "off"}}));
        assert_eq!(problems.len(), 2);
        let s = s.unwrap_or_default();
        assert_eq!(s.severity_for("yaml-syntax"), None);
        assert_eq!(s.severity_for("nope"), Some(None));
        assert_eq!(Settings::from_json(&json!({"other": 1})).0, None);
    }

    #[test]
    fn reads_inlay_hint_settings() {
        let (s, problems) = Settings::from_json(&json!({"inlayHints": {"orbVersions": false}}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.map(|s| s.inlay_hints.orb_versions), Some(false));
        let (s, problems) = Settings::from_json(&json!({"inlayHints": {"orbVersions": 1, "x": 2}}));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(s.map(|s| s.inlay_hints.orb_versions), Some(true));
        assert!(Settings::default().inlay_hints.orb_versions);
    }

    #[test]
    fn reads_docker_hub_settings() {
        let (s, problems) = Settings::from_json(
            &json!({"circleci-ls": {"dockerHub": {"selfHosted": true, "cloudExecutorImages": "info"}}}),
        );
        assert!(problems.is_empty(), "{problems:?}");
        let s = s.unwrap_or_default();
        assert!(s.docker_hub.self_hosted);
        assert_eq!(s.docker_hub.cloud_executor_images, Some(Severity::Info));
        let (s, problems) =
            Settings::from_json(&json!({"dockerHub": {"selfHosted": "yes", "other": 1}}));
        assert_eq!(problems.len(), 2);
        assert_eq!(
            s.unwrap_or_default().docker_hub,
            DockerHubSettings::default()
        );
    }
}
