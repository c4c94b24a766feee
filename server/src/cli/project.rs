//! The settings each file is checked with: the project configuration file found for it, with
//! `--rule` on top (defaults < `circleci-ls.toml` < `--rule`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use analysis::project_config::{self, ConfigError, ProjectConfig};
use analysis::settings::{RuleLevel, Settings};

pub struct SettingsResolver {
    cli: Settings,
    /// Parsed configuration files by path, so each is read once per run.
    loaded: HashMap<PathBuf, ProjectConfig>,
}

impl SettingsResolver {
    pub fn new(cli: Settings) -> SettingsResolver {
        SettingsResolver {
            cli,
            loaded: HashMap::new(),
        }
    }

    /// The settings for `file`, or the error of its broken configuration file.
    pub fn for_file(&mut self, file: &Path) -> Result<Settings, ConfigError> {
        let from_file = match project_config::find_for(file) {
            Some(config_path) => {
                if !self.loaded.contains_key(&config_path) {
                    let config = ProjectConfig::load(&config_path)?;
                    self.loaded.insert(config_path.clone(), config);
                }
                self.loaded
                    .get(&config_path)
                    .map(|c| c.settings_for(file))
                    .unwrap_or_default()
            }
            None => Settings::default(),
        };
        Ok(from_file.overlaid(&self.cli))
    }
}

/// Parses `--rule CODE=LEVEL` arguments; an error lists the valid values.
pub fn parse_rule_args(args: &[String]) -> Result<Settings, String> {
    let mut settings = Settings::default();
    for arg in args {
        let Some((code, level)) = arg.split_once('=') else {
            return Err(format!(
                "--rule takes CODE=LEVEL, got `{}`",
                syntax::text::escape::escape_controls(arg)
            ));
        };
        let level: RuleLevel = serde_json::from_value(serde_json::Value::String(level.to_string()))
            .map_err(|_| {
                format!(
                    "unknown level `{}` for `{}`; valid levels: off, hint, info, warning, error",
                    syntax::text::escape::escape_controls(level),
                    syntax::text::escape::escape_controls(code)
                )
            })?;
        if analysis::rule_registry::find_rule(code).is_none() {
            let codes: Vec<&str> = analysis::rule_registry::all_rules()
                .iter()
                .map(|r| r.code)
                .collect();
            return Err(format!(
                "unknown rule `{}`; valid rules: {}",
                syntax::text::escape::escape_controls(code),
                codes.join(", ")
            ));
        }
        settings.rules.insert(code.to_string(), level);
    }
    Ok(settings)
}
