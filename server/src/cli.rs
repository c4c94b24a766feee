//! The command line: the language server (default) and `check`, which runs the same analysis
//! for CI and scripts.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::analysis::{self, has_errors};
use crate::diagnostics::Finding;
use crate::rule_registry;
use crate::settings::{RuleLevel, Settings};

#[derive(Parser, Debug)]
#[command(
    name = "circleci-ls",
    version,
    about = "A language server and checker for CircleCI configuration files.",
    long_about = "A language server and checker for CircleCI configuration files.\n\n\
        Without a command it speaks the Language Server Protocol on stdin/stdout (editors start it \
        this way). Logs go to stderr; set CIRCLECI_LS_LOG=debug for more."
)]
struct Cli {
    /// Speak LSP over stdin/stdout (the default; editors pass it).
    #[arg(long)]
    stdio: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check config files and print what is wrong. Exits 1 on any error-level finding, 2 when a
    /// file cannot be read.
    Check {
        /// Files to check.
        #[arg(default_value = ".circleci/config.yml")]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Set a rule's level, e.g. `--rule docker-hub-rate-limit=off`. Repeatable.
        #[arg(long = "rule", value_name = "CODE=LEVEL")]
        rules: Vec<String>,
        /// Where jobs pull Docker Hub images: `cloud` (executor images are not rate-limited
        /// today), `cloud-info` (the same, with executor images reported as information) or
        /// `self-hosted` (runners or CircleCI server: every pull is limited now).
        #[arg(long, value_enum, default_value_t = DockerHub::Cloud)]
        docker_hub: DockerHub,
    },
    /// List every rule with its code, default severity and summary.
    Rules {
        /// Print docs/rules.md: every rule with its explanation and examples.
        #[arg(long)]
        markdown: bool,
    },
    /// Run the language server over stdin/stdout (same as no command).
    Serve,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum DockerHub {
    Cloud,
    CloudInfo,
    SelfHosted,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    match cli.command {
        None | Some(Command::Serve) => serve(),
        Some(Command::Check {
            files,
            format,
            rules,
            docker_hub,
        }) => check(&files, format, &rules, docker_hub),
        Some(Command::Rules { markdown }) => {
            let out = if markdown {
                rules_markdown()
            } else {
                rules_table()
            };
            print!("{out}");
            ExitCode::SUCCESS
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CIRCLECI_LS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    // tower-lsp-server traces whole messages (document text, secrets); the protocol layer
    // logs their method, id and size instead.
    let filter = [
        "tower_lsp_server::codec=off",
        "tower_lsp_server::service::client=info",
    ]
    .iter()
    .filter_map(|d| d.parse().ok())
    .fold(filter, |f, d| f.add_directive(d));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

fn serve() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("circleci-ls: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let shutdown_received = runtime.block_on(crate::protocol::serve_stdio());
    // Reading stdin blocks a thread that only new input or its end would free: do not wait
    // for it, so `exit` ends the process at once.
    runtime.shutdown_background();
    // LSP: exit code 0 after `shutdown`, 1 without.
    if shutdown_received {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[derive(Serialize)]
struct JsonFinding {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'static str,
    code: String,
    message: String,
}

fn parse_rule_args(args: &[String]) -> Result<Settings, String> {
    let mut settings = Settings::default();
    for arg in args {
        let Some((code, level)) = arg.split_once('=') else {
            return Err(format!("--rule takes CODE=LEVEL, got `{arg}`"));
        };
        let level: RuleLevel = serde_json::from_value(serde_json::Value::String(level.to_string()))
            .map_err(|_| {
                format!(
                    "unknown level `{level}` for `{code}`; use off, hint, info, warning or error"
                )
            })?;
        if rule_registry::find_rule(code).is_none() {
            return Err(format!(
                "unknown rule `{code}`; `circleci-ls rules` lists them"
            ));
        }
        settings.rules.insert(code.to_string(), level);
    }
    Ok(settings)
}

fn check(files: &[PathBuf], format: Format, rule_args: &[String], hub: DockerHub) -> ExitCode {
    let settings = match parse_rule_args(rule_args) {
        Ok(mut s) => {
            match hub {
                DockerHub::Cloud => {}
                DockerHub::CloudInfo => {
                    s.docker_hub.cloud_executor_images = Some(crate::diagnostics::Severity::Info)
                }
                DockerHub::SelfHosted => s.docker_hub.self_hosted = true,
            }
            s
        }
        Err(e) => {
            eprintln!("circleci-ls: {e}");
            return ExitCode::from(2);
        }
    };
    let mut unreadable = false;
    let mut errors = false;
    let mut json = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in files {
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    eprintln!("circleci-ls: {}: not UTF-8 text", path.display());
                    unreadable = true;
                    continue;
                }
            },
            Err(e) => {
                eprintln!("circleci-ls: cannot read {}: {e}", path.display());
                unreadable = true;
                continue;
            }
        };
        let analysis = analysis::analyze(Arc::from(text.as_str()), &settings);
        errors |= has_errors(&analysis.findings);
        for f in &analysis.findings {
            let (line, column) = analysis.lines.human_position(&text, f.span.start);
            let (end_line, end_column) = analysis.lines.human_position(&text, f.span.end);
            match format {
                Format::Text => {
                    let _ = writeln!(out, "{}", text_line(path, line, column, f));
                }
                Format::Json => json.push(JsonFinding {
                    path: path.display().to_string(),
                    line,
                    column,
                    end_line,
                    end_column,
                    severity: f.severity.as_str(),
                    code: f.code.to_string(),
                    message: f.message.clone(),
                }),
            }
        }
    }
    if format == Format::Json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_else(|_| "[]".to_string())
        );
    }
    if unreadable {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn text_line(path: &std::path::Path, line: usize, column: usize, f: &Finding) -> String {
    format!(
        "{}:{line}:{column}: {}[{}] {}",
        path.display(),
        f.severity.as_str(),
        f.code,
        f.message
    )
}

fn rules_table() -> String {
    let mut out = String::new();
    for rule in rule_registry::all_rules() {
        out.push_str(&format!(
            "{:<28} {:<8} {}\n",
            rule.code,
            rule.default_severity.as_str(),
            rule.summary
        ));
    }
    out
}

/// The text of docs/rules.md, generated from the rule tables so docs never drift from code.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# circleci-ls rules\n\n\
         Generated by `circleci-ls rules --markdown`; do not edit by hand.\n\n\
         Every finding has `source: \"circleci-ls\"` and one of these codes. Change a rule's level \
         with the `rules` setting (see the README) or `circleci-ls check --rule CODE=LEVEL`; \
         silence it on one line with `# circleci-ls: ignore CODE` on that line or the line above, \
         or in a whole file with `# circleci-ls: ignore-file CODE`.\n\n\
         | code | default | summary |\n|---|---|---|\n",
    );
    let rules = rule_registry::all_rules();
    for rule in &rules {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            rule.code,
            rule.code,
            rule.default_severity.as_str(),
            rule.summary.replace('|', "\\|")
        ));
    }
    for rule in &rules {
        out.push_str(&format!(
            "\n## {}\n\nDefault severity: {}. {}\n\n{}\n",
            rule.code,
            rule.default_severity.as_str(),
            rule.summary,
            rule.explanation
        ));
        if !rule.bad.is_empty() {
            out.push_str(&format!(
                "\nReported:\n\n```yaml\n{}\n```\n",
                rule.bad.trim_end()
            ));
        }
        if !rule.good.is_empty() {
            out.push_str(&format!(
                "\nFine:\n\n```yaml\n{}\n```\n",
                rule.good.trim_end()
            ));
        }
    }
    out
}
