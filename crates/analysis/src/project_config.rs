//! The project configuration file, `circleci-ls.toml` (or `.circleci-ls.toml`): settings a team
//! shares through the repository, read by both `circleci-ls check` and the language server.
//!
//! The one that applies to a file is the nearest one in its directory or a parent, up to the
//! repository root (the first directory holding `.git`): the front ends find and read the
//! files, the workspace picks the nearest. Its JSON schema is `docs/circleci-ls.schema.json`,
//! generated from [`json_schema`].

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use crate::file_path::FilePath;
use crate::settings::{RuleLevel, Settings};

/// The names looked for in each directory, in this order.
pub const FILE_NAMES: &[&str] = &["circleci-ls.toml", ".circleci-ls.toml"];

/// A configuration file larger than this is refused rather than read: it cannot be a real one.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Where the config's Docker Hub pulls run, which decides how the rate-limit rule words and
/// grades its findings (see the `docker-hub-rate-limit` rule).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DockerHub {
    /// CircleCI cloud: executor images are not rate-limited today, pulls in scripts are.
    #[default]
    Cloud,
    /// CircleCI cloud, with the executor-image case lowered to info.
    CloudInfo,
    /// Self-hosted runners or CircleCI server: every unauthenticated pull is limited now.
    SelfHosted,
}

impl DockerHub {
    /// The spellings the file and the command line accept, in the order of the variants.
    pub const NAMES: &'static [&'static str] = &["cloud", "cloud-info", "self-hosted"];

    /// The setting spelt `name` (one of [`DockerHub::NAMES`]).
    pub fn from_name(name: &str) -> Option<DockerHub> {
        match name {
            "cloud" => Some(DockerHub::Cloud),
            "cloud-info" => Some(DockerHub::CloudInfo),
            "self-hosted" => Some(DockerHub::SelfHosted),
            _ => None,
        }
    }

    /// What the `docker-hub-rate-limit` rule reads for this setting.
    pub fn settings(self) -> crate::docker::DockerHubSettings {
        let mut out = crate::docker::DockerHubSettings::default();
        match self {
            DockerHub::Cloud => {}
            DockerHub::CloudInfo => {
                out.cloud_executor_images = Some(crate::diagnostics::Severity::Info)
            }
            DockerHub::SelfHosted => out.self_hosted = true,
        }
        out
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RuleLevel>,
    #[serde(default)]
    per_path_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    orb_dirs: Vec<String>,
    #[serde(default)]
    docker_hub: DockerHub,
}

/// One `per-path-ignores` entry: files matching the glob do not report these rules.
#[derive(Clone, Debug)]
pub struct PathIgnore {
    matcher: globset::GlobMatcher,
    pub codes: Vec<String>,
}

/// A parsed project configuration file.
#[derive(Clone, Debug)]
pub struct ProjectConfig {
    /// Its directory: globs and orb directories are relative to it.
    pub root: FilePath,
    pub rules: HashMap<String, RuleLevel>,
    pub per_path_ignores: Vec<PathIgnore>,
    /// Extra directories holding orb sources, resolved against `root`.
    pub orb_dirs: Vec<FilePath>,
    pub docker_hub: DockerHub,
}

/// Why a configuration file could not be used, with the place in it (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: FilePath,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

impl ProjectConfig {
    /// The settings for the file at `path`: the file's rule levels, with the rules its
    /// `per-path-ignores` name for that path turned off.
    pub fn settings_for(&self, path: &FilePath) -> Settings {
        let mut settings = Settings {
            rules: self.rules.clone(),
            orb_dirs: self.orb_dirs.clone(),
            docker_hub: self.docker_hub.settings(),
            ..Settings::default()
        };
        let relative = path.strip_prefix(&self.root).unwrap_or(path.as_str());
        for ignore in &self.per_path_ignores {
            if ignore.matcher.is_match(relative) {
                for code in &ignore.codes {
                    settings.rules.insert(code.clone(), RuleLevel::Off);
                }
            }
        }
        settings
    }

    /// Parses `text` as the file at `path`.
    pub fn parse(path: &FilePath, text: &str) -> Result<ProjectConfig, ConfigError> {
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(ConfigError {
                path: path.clone(),
                line: 1,
                column: 1,
                message: format!(
                    "larger than {} KB; not a configuration file",
                    MAX_FILE_BYTES / 1024
                ),
            });
        }
        let error_at = |offset: usize, message: String| {
            let (line, column) =
                syntax::text::lines::LineIndex::new(text).human_position(text, offset);
            ConfigError {
                path: path.clone(),
                line,
                column,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            error_at(offset, e.message().trim_end().to_string())
        })?;
        let unknown_rule = |code: &Spanned<String>| {
            error_at(
                code.span().start,
                format!(
                    "unknown rule `{}`; valid rules: {}",
                    code.get_ref(),
                    rule_codes().join(", ")
                ),
            )
        };
        let mut rules = HashMap::new();
        for (code, level) in raw.rules {
            if crate::rule_registry::find_rule(code.get_ref()).is_none() {
                return Err(unknown_rule(&code));
            }
            rules.insert(code.into_inner(), level);
        }
        let mut per_path_ignores = Vec::new();
        for (pattern, codes) in raw.per_path_ignores {
            let glob = globset::GlobBuilder::new(pattern.get_ref())
                .literal_separator(true)
                .build()
                .map_err(|e| error_at(pattern.span().start, format!("bad glob: {e}")))?;
            let mut names = Vec::new();
            for code in codes {
                if crate::rule_registry::find_rule(code.get_ref()).is_none() {
                    return Err(unknown_rule(&code));
                }
                names.push(code.into_inner());
            }
            per_path_ignores.push(PathIgnore {
                matcher: glob.compile_matcher(),
                codes: names,
            });
        }
        let root = path.parent().unwrap_or_else(|| FilePath::new(""));
        Ok(ProjectConfig {
            orb_dirs: raw.orb_dirs.iter().map(|d| root.join(d)).collect(),
            root,
            rules,
            per_path_ignores,
            docker_hub: raw.docker_hub,
        })
    }
}

fn rule_codes() -> Vec<&'static str> {
    crate::rule_registry::all_rules()
        .iter()
        .map(|r| r.code)
        .collect()
}

/// The JSON schema of the file, so editors (Even Better TOML, taplo) complete and check it.
/// A test writes it to docs/circleci-ls.schema.json and fails when that copy is stale.
#[cfg(test)]
pub fn json_schema() -> serde_json::Value {
    let codes = rule_codes();
    let levels = ["off", "hint", "info", "warning", "error"];
    serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "circleci-ls.toml",
        "description": "Project configuration for circleci-ls, the CircleCI config checker and language server. Generated by `cargo test` from src/project_config.rs.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "rules": {
                "description": "Rule levels for every file under this directory. Editor settings and `--rule` override them.",
                "type": "object",
                "propertyNames": {"enum": codes},
                "additionalProperties": {"enum": levels}
            },
            "per-path-ignores": {
                "description": "Glob (relative to this file's directory; `*` stays within one directory, `**` crosses them) to the rules not reported in matching files.",
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"enum": codes}}
            },
            "orb-dirs": {
                "description": "Extra directories holding orb sources, relative to this file.",
                "type": "array",
                "items": {"type": "string"}
            },
            "docker-hub": {
                "description": "Where Docker Hub pulls run: `cloud` (CircleCI cloud, the default), `cloud-info` (cloud, with executor images reported as info) or `self-hosted` (self-hosted runners or CircleCI server: every unauthenticated pull is rate-limited).",
                "enum": DockerHub::NAMES
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_setting() {
        let text = "docker-hub = \"self-hosted\"\norb-dirs = [\"orbs\"]\n\n[rules]\nunused-job = \"error\"\n\n[per-path-ignores]\n\".circleci/legacy/*.yml\" = [\"docker-hub-rate-limit\"]\n";
        let c = ProjectConfig::parse(&FilePath::new("/repo/circleci-ls.toml"), text)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.docker_hub, DockerHub::SelfHosted);
        assert_eq!(c.orb_dirs, vec![FilePath::new("/repo/orbs")]);
        assert_eq!(c.rules.get("unused-job"), Some(&RuleLevel::Error));
        let legacy = c.settings_for(&FilePath::new("/repo/.circleci/legacy/a.yml"));
        assert_eq!(
            legacy.rules.get("docker-hub-rate-limit"),
            Some(&RuleLevel::Off)
        );
        let nested = c.settings_for(&FilePath::new("/repo/.circleci/legacy/deep/a.yml"));
        assert_eq!(nested.rules.get("docker-hub-rate-limit"), None);
        let main = c.settings_for(&FilePath::new("/repo/.circleci/config.yml"));
        assert_eq!(main.rules.get("docker-hub-rate-limit"), None);
        assert_eq!(main.rules.get("unused-job"), Some(&RuleLevel::Error));
    }

    #[test]
    fn errors_name_line_and_column_and_valid_values() {
        let path = &FilePath::new("circleci-ls.toml");
        let e = ProjectConfig::parse(path, "[rules]\nunused-job = \"loud\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 14), "{e}");
        assert!(e.message.contains("warning"), "{e}");
        let e = ProjectConfig::parse(path, "[rules]\n  unused-jbo = \"off\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3), "{e}");
        assert!(e.message.contains("unused-job"), "{e}");
        let e = ProjectConfig::parse(path, "docker-hub = \"mars\"\n").unwrap_err();
        assert!(e.message.contains("self-hosted"), "{e}");
        let e = ProjectConfig::parse(path, "colour = true\n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        let e = ProjectConfig::parse(path, "[rules\n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
    }

    /// The one test here that touches the disk: it keeps the docs' copy current.
    #[test]
    #[allow(clippy::disallowed_methods)]
    fn docs_schema_is_generated_from_the_code() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../docs/circleci-ls.schema.json");
        let generated = format!(
            "{}\n",
            serde_json::to_string_pretty(&json_schema()).unwrap_or_default()
        );
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &generated).expect("write the schema");
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "docs/circleci-ls.schema.json is out of date: run `UPDATE_DOCS=1 cargo test --lib docs_schema`"
        );
    }
}
