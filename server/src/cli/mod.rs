//! The command line: the language server (default), `check` and `fix` for CI, pre-commit and
//! scripts, and the rule list, shell completions and man page.

mod check;
mod completions;
mod fix;
mod input;
mod output;
mod parallel;
mod project;
mod project_walk;
mod report;
mod rules_doc;

use std::path::PathBuf;
use std::process::ExitCode;

use analysis::project_config::DockerHub;
use clap::{Parser, Subcommand};

pub use report::{Format, MinSeverity};
pub use rules_doc::rules_markdown;

/// Writes one file's findings in `format` as `check` does, without colour (the scaling bench
/// times output through it).
pub fn write_findings(
    out: &mut dyn std::io::Write,
    format: Format,
    path: PathBuf,
    text: std::sync::Arc<str>,
    findings: Vec<analysis::diagnostics::Finding>,
) -> std::io::Result<()> {
    let results = [report::FileResult::new(path, text, findings)];
    report::write(out, format, &results, report::Colour::Plain)
}

#[derive(Parser, Debug)]
#[command(
    name = "circleci-ls",
    version,
    about = "A language server and checker for CircleCI configuration files.",
    long_about = "A language server and checker for CircleCI configuration files.\n\n\
        Without a command it speaks the Language Server Protocol on stdin/stdout (editors start it \
        this way). Logs go to stderr; set CIRCLECI_LS_LOG=debug for more.\n\n\
        Settings shared by a team go in circleci-ls.toml (or .circleci-ls.toml), found by walking \
        up from each checked file to the repository root."
)]
pub struct Cli {
    /// Speak LSP over stdin/stdout (the default; editors pass it).
    #[arg(long)]
    stdio: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

/// What `check` and `fix` share: which files, and rule levels.
#[derive(clap::Args, Debug)]
struct Inputs {
    /// Files to check, or directories to search for CircleCI configs (`.circleci/*.yml`,
    /// `.circleci/*.yaml` and orb sources beside `src/@orb.yml`; .gitignore is honoured;
    /// links are followed); `-` reads standard input [default: .circleci/config.yml].
    paths: Vec<PathBuf>,
    /// Set a rule's level, e.g. `--rule docker-hub-rate-limit=off`. Repeatable; wins over
    /// circleci-ls.toml.
    #[arg(long = "rule", value_name = "CODE=LEVEL", value_parser = rule_value(), hide_possible_values = true)]
    rules: Vec<String>,
    /// The name standard input is checked as (`-`, or this option alone, reads it): it picks
    /// the circleci-ls.toml that applies and names the file in the output.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// A directory of packed orb sources laid out as NAMESPACE/NAME/VERSION.yml (what
    /// `circleci orb source` prints); they override the compiled-in orb data. Repeatable;
    /// added to circleci-ls.toml's `orb-dirs`.
    #[arg(long = "orb-dir", value_name = "DIR")]
    orb_dirs: Vec<PathBuf>,
    /// Where the jobs pull Docker Hub images: `cloud` (executor images are not rate-limited
    /// today), `cloud-info` (that case as info) or `self-hosted` (runners or CircleCI server:
    /// every pull is limited now). Wins over circleci-ls.toml's `docker-hub`.
    #[arg(long, value_parser = docker_hub_value())]
    docker_hub: Option<DockerHub>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check config files and print what is wrong. Exits 1 on any error-level finding, 2 when
    /// an input or a circleci-ls.toml cannot be read.
    Check {
        #[command(flatten)]
        inputs: Inputs,
        #[command(flatten)]
        report: output::Report,
    },
    /// Apply the safe quick-fixes and report what was fixed and what remains. Exit codes as for
    /// `check`, from what remains; 2 when a file could not be written (it is left as it was).
    Fix {
        #[command(flatten)]
        inputs: Inputs,
        /// Also apply fixes that guess or change behaviour (adding `auth` blocks, renames).
        #[arg(long)]
        unsafe_fixes: bool,
        /// Print a unified diff of the fixes instead of writing files. Literal secrets in it
        /// are shown as `••••` unless `--show-secrets` is given.
        #[arg(long)]
        diff: bool,
        /// Show literal secrets in `--diff` as they are written.
        #[arg(long, requires = "diff")]
        show_secrets: bool,
        /// Exit 0 even when errors remain (2 still means a file could not be read or written).
        #[arg(long)]
        exit_zero: bool,
    },
    /// List every rule with its code, default severity, fix safety and summary.
    Rules {
        /// Print docs/rules.md: every rule with its explanation and examples.
        #[arg(long)]
        markdown: bool,
    },
    /// Print one rule's documentation: what it reports, why, and examples.
    #[command(visible_alias = "explain")]
    Rule {
        /// The rule's code, e.g. `docker-hub-rate-limit`.
        #[arg(value_parser = rule_code())]
        code: String,
    },
    /// Print a shell completion script, e.g. `circleci-ls completions bash`.
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff), e.g. `circleci-ls manpage > circleci-ls.1`; with `--dir`,
    /// write it and one page per command (`circleci-ls-check.1`, …) into DIR.
    Manpage {
        /// Write every page into this folder instead of printing the main one.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Run the language server over stdin/stdout (same as no command).
    Serve,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    crate::disk::write::size_limits_fail_writes();
    match cli.command {
        None | Some(Command::Serve) => serve(),
        Some(Command::Check { inputs, report }) => check::run(&inputs, &report),
        Some(Command::Fix {
            inputs,
            unsafe_fixes,
            diff,
            show_secrets,
            exit_zero,
        }) => {
            let output = if diff {
                fix::FixOutput::Diff { show_secrets }
            } else {
                fix::FixOutput::WriteFiles
            };
            let end = fix::run(&inputs, ide::fix_all::FixOptions { unsafe_fixes }, output);
            end.map_or_else(|code| code, |end| end.exit_code(exit_zero))
        }
        Some(Command::Rules { markdown }) => {
            let out = if markdown {
                rules_doc::rules_markdown()
            } else {
                rules_doc::rules_table()
            };
            print!("{out}");
            ExitCode::SUCCESS
        }
        Some(Command::Rule { code }) => rules_doc::print_rule(&code),
        Some(Command::Completions { shell }) => completions::completions(shell),
        Some(Command::Manpage { dir }) => completions::manpage(dir.as_deref()),
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
    crate::protocol::use_one_arena();
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

/// How a `check` or `fix` run ended, which decides its exit code.
struct RunEnd {
    /// Some input (or its circleci-ls.toml) could not be read or written.
    some_input_unreadable: bool,
    /// Error-level findings left.
    errors: usize,
}

impl RunEnd {
    /// Exit codes shared by `check` and `fix`: 2 for an unreadable input, 1 for errors
    /// unless `exit_zero`.
    fn exit_code(&self, exit_zero: bool) -> ExitCode {
        if self.some_input_unreadable {
            ExitCode::from(2)
        } else if self.errors > 0 && !exit_zero {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// `--rule` takes `CODE=LEVEL`; shells complete every code with every level.
fn rule_value() -> impl clap::builder::TypedValueParser<Value = String> {
    RuleValue
}

#[derive(Clone)]
struct RuleValue;

impl clap::builder::TypedValueParser for RuleValue {
    type Value = String;

    // The value is checked with the other `--rule` values, where the message lists the
    // valid codes and levels (`project::parse_rule_args`).
    fn parse_ref(
        &self,
        _: &clap::Command,
        _: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        value
            .to_str()
            .map(str::to_string)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        static VALUES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
            let levels = ["off", "hint", "info", "warning", "error"];
            analysis::rule_registry::all_rules()
                .into_iter()
                .flat_map(|rule| levels.map(|level| format!("{}={level}", rule.code)))
                .collect()
        });
        let values = VALUES
            .iter()
            .map(|v| clap::builder::PossibleValue::new(v.as_str()));
        Some(Box::new(values))
    }
}

/// A rule's code, as `circleci-ls rules` lists them.
fn rule_code() -> impl clap::builder::TypedValueParser<Value = String> {
    let codes: Vec<&'static str> = analysis::rule_registry::all_rules()
        .iter()
        .map(|r| r.code)
        .collect();
    clap::builder::PossibleValuesParser::new(codes)
}

/// `--docker-hub` takes the spellings of circleci-ls.toml's `docker-hub`.
fn docker_hub_value() -> impl clap::builder::TypedValueParser<Value = DockerHub> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(DockerHub::NAMES)
        .try_map(|name: String| DockerHub::from_name(&name).ok_or("unknown value"))
}
