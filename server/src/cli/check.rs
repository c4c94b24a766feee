//! `circleci-ls check`: analyses every input in parallel and prints the findings in the chosen
//! format, then a summary line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use super::input::{self, InputError};
use super::project::{parse_rule_args, SettingsResolver};
use super::report::{self, Colour, Counts, FileResult, Format};
use super::{parallel, Inputs, RunEnd};
use analysis::analyze;
use analysis::settings::Settings;

/// Orb catalogs loaded once per list of orb directories; problems are printed once.
#[derive(Default)]
struct OrbCatalogs {
    loaded: Vec<(Vec<PathBuf>, analysis::orbs::OrbCatalog)>,
}

impl OrbCatalogs {
    fn for_dirs(&mut self, dirs: &[PathBuf]) -> analysis::orbs::OrbCatalog {
        if let Some((_, catalog)) = self.loaded.iter().find(|(d, _)| d == dirs) {
            return catalog.clone();
        }
        let (catalog, problems) = analysis::orbs::OrbCatalog::load(dirs);
        for p in problems {
            eprintln!("circleci-ls: {p}");
        }
        self.loaded.push((dirs.to_vec(), catalog.clone()));
        catalog
    }
}

/// Analyses a file as what its path says it is: an orb source file as part of its orb, any
/// other file as a config.
pub(super) fn analyze_path(
    path: &std::path::Path,
    text: Arc<str>,
    settings: &Settings,
) -> analysis::Analysis {
    match analysis::orbs::dev::orb_file(path) {
        Some(file) => analysis::orb_source::analyze_file(&file, text, settings),
        None => analyze(text, settings),
    }
}

/// The path checked when none is given.
const DEFAULT_PATH: &str = ".circleci/config.yml";

/// One file to work on, with the settings that apply to it.
pub(super) struct Job {
    pub path: PathBuf,
    pub settings: Settings,
    /// The text read from standard input, for `--stdin-filename`.
    pub stdin_text: Option<String>,
}

impl Job {
    pub fn text(&self) -> Result<String, InputError> {
        match &self.stdin_text {
            Some(text) => Ok(text.clone()),
            None => input::read_file(&self.path),
        }
    }
}

/// The inputs resolved to jobs. Problems are printed; `unreadable` says some input was skipped.
/// A usage problem or a broken circleci-ls.toml stops the run with exit code 2.
pub(super) fn prepare(inputs: &Inputs) -> Result<(Vec<Job>, bool), ExitCode> {
    let usage = |message: String| {
        eprintln!("circleci-ls: {message}");
        ExitCode::from(2)
    };
    let cli_settings = parse_rule_args(&inputs.rules).map_err(usage)?;
    let mut resolver = SettingsResolver::new(cli_settings);
    let mut catalogs = OrbCatalogs::default();
    let mut unreadable = false;
    let mut sources: Vec<(PathBuf, Option<String>)> = Vec::new();
    if let Some(name) = &inputs.stdin_filename {
        if !inputs.paths.is_empty() {
            return Err(usage(
                "--stdin-filename reads standard input; give no paths with it".to_string(),
            ));
        }
        match input::read_stdin(name) {
            Ok(text) => sources.push((name.clone(), Some(text))),
            Err(e) => {
                eprintln!("circleci-ls: {e}");
                unreadable = true;
            }
        }
    } else {
        let paths = if inputs.paths.is_empty() {
            vec![PathBuf::from(DEFAULT_PATH)]
        } else {
            inputs.paths.clone()
        };
        let (files, errors) = input::collect(&paths);
        for e in &errors {
            eprintln!("circleci-ls: {e}");
        }
        unreadable |= !errors.is_empty();
        sources.extend(files.into_iter().map(|f| (f, None)));
    }
    let mut jobs = Vec::with_capacity(sources.len());
    for (path, stdin_text) in sources {
        let mut settings = resolver.for_file(&path).map_err(|e| usage(e.to_string()))?;
        settings.orb_dirs.extend(inputs.orb_dirs.iter().cloned());
        settings.orbs = catalogs.for_dirs(&settings.orb_dirs);
        if let Some(hub) = inputs.docker_hub {
            settings.docker_hub = hub.settings();
        }
        jobs.push(Job {
            path,
            settings,
            stdin_text,
        });
    }
    Ok((jobs, unreadable))
}

pub(super) fn run(inputs: &Inputs, format: Option<Format>) -> ExitCode {
    let started = Instant::now();
    let (jobs, mut unreadable) = match prepare(inputs) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let results = parallel::map(&jobs, |job| -> Result<FileResult, InputError> {
        let text: Arc<str> = Arc::from(job.text()?);
        let analysis = analyze_path(&job.path, text.clone(), &job.settings);
        Ok(FileResult::new(job.path.clone(), text, analysis.findings))
    });
    let mut checked = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(r) => checked.push(r),
            Err(e) => {
                eprintln!("circleci-ls: {e}");
                unreadable = true;
            }
        }
    }
    let terminal = std::io::stdout().is_terminal();
    let format = format.unwrap_or(if terminal {
        Format::Full
    } else {
        Format::Concise
    });
    let colour = if terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) {
        Colour::Styled
    } else {
        Colour::Plain
    };
    let counts = Counts::of(checked.iter().flat_map(|r| &r.findings));
    let summary = format!(
        "Checked {} in {:.2} s: {}.",
        files(checked.len()),
        started.elapsed().as_secs_f64(),
        counts.describe()
    );
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = out.write_all(report::render(format, &checked, colour).as_bytes());
    if format.is_human() {
        let _ = writeln!(out, "{summary}");
    } else {
        eprintln!("{summary}");
    }
    let _ = out.flush();
    RunEnd {
        some_input_unreadable: unreadable,
        errors: counts.errors,
    }
    .exit_code()
}

pub(super) fn files(n: usize) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    }
}
