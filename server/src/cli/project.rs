//! What the command line lays over every project file: `--rule` levels, `--orb-dir`
//! directories and `--docker-hub` (defaults < `circleci-ls.toml` < the command line). The
//! workspace resolves each file's settings from them and its project file.

use analysis::settings::{RuleLevel, Settings};
use analysis::workspace::Overrides;

use super::Inputs;

/// The overrides `inputs` name, or a usage problem.
pub fn overrides(inputs: &Inputs) -> Result<Overrides, String> {
    let mut settings = parse_rule_args(&inputs.rules)?;
    settings.orb_dirs = inputs
        .orb_dirs
        .iter()
        .map(|d| crate::disk::file_path(d))
        .collect();
    Ok(Overrides {
        settings,
        docker_hub: inputs.docker_hub.map(|hub| hub.settings()),
    })
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
