//! `circleci-ls check`: reads every input into a workspace, analyses the files in parallel
//! and prints the findings in the chosen format, then a summary line.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::input;
use super::project::overrides;
use super::report::{Counts, FileResult, MinSeverity};
use super::{output, parallel, Inputs, RunEnd};
use crate::disk::orb_tree::OrbTrees;
use crate::disk::project_configs::ProjectConfigs;
use crate::disk::project_files::ProjectFiles;
use analysis::workspace::{Change, ChangeReport, Snapshot, Workspace};
use analysis::FilePath;

/// The path checked when none is given.
const DEFAULT_PATH: &str = ".circleci/config.yml";

/// One file to work on.
pub(super) struct Job {
    /// The path as given or found by the walk, for reports.
    pub path: PathBuf,
    /// The path as the workspace names it.
    pub file: FilePath,
    /// The text came from standard input (`--stdin-filename`).
    pub from_stdin: bool,
}

/// The inputs read into one workspace, with the files to report on.
pub(super) struct Prepared {
    pub jobs: Vec<Job>,
    pub snapshot: Snapshot,
    /// Some input could not be read.
    pub unreadable: bool,
}

fn usage(message: String) -> ExitCode {
    eprintln!("circleci-ls: {message}");
    ExitCode::from(2)
}

/// The paths to check and the texts already read (standard input's).
fn sources(
    inputs: &Inputs,
    unreadable: &mut bool,
) -> Result<Vec<(PathBuf, Option<String>)>, ExitCode> {
    let Some(name) =
        input::stdin_name(&inputs.paths, inputs.stdin_filename.as_deref()).map_err(usage)?
    else {
        let paths = if inputs.paths.is_empty() {
            vec![PathBuf::from(DEFAULT_PATH)]
        } else {
            inputs.paths.clone()
        };
        let (files, errors) = input::collect(&paths);
        for e in &errors {
            eprintln!("circleci-ls: {e}");
        }
        *unreadable |= !errors.is_empty();
        return Ok(files.into_iter().map(|f| (f, None)).collect());
    };
    match input::read_stdin(&name) {
        Ok(text) => Ok(vec![(name, Some(text))]),
        Err(e) => {
            eprintln!("circleci-ls: {e}");
            *unreadable = true;
            Ok(Vec::new())
        }
    }
}

/// Reads the inputs, their project files, their orbs' source trees and the orb directories
/// the settings name into a workspace. Problems are printed; a usage problem or a broken
/// circleci-ls.toml stops the run with exit code 2.
pub(super) fn prepare(inputs: &Inputs) -> Result<Prepared, ExitCode> {
    let mut unreadable = false;
    let sources = sources(inputs, &mut unreadable)?;
    let mut change = Change::new();
    change.set_overrides(overrides(inputs).map_err(usage)?);
    let (mut project, mut trees) = (ProjectFiles::default(), OrbTrees::default());
    let mut configs = ProjectConfigs::default();
    let mut jobs = Vec::with_capacity(sources.len());
    for (path, stdin_text) in sources {
        let file = crate::disk::file_path(&path);
        if let Some(e) = project.discover(&path, &mut change) {
            return Err(usage(e.to_string()));
        }
        // The rest of its project: the file is analysed with its setup config, the
        // configs it continues with, or the other files of its config.
        configs.discover(&path, &mut change);
        if let Some(orb) = analysis::orbs::dev::orb_file(&file) {
            if trees.tree_of(&file).is_none() {
                trees.refresh(&orb.src, &mut change);
            }
        }
        let from_stdin = stdin_text.is_some();
        let text = match stdin_text.map_or_else(|| input::read_file(&path), Ok) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("circleci-ls: {e}");
                unreadable = true;
                continue;
            }
        };
        // Standard input stands for the named file, as an editor buffer would.
        if from_stdin {
            change.set_buffer(file.clone(), text.into());
        } else {
            change.set_disk_text(file.clone(), Some(text.into()));
        }
        jobs.push(Job {
            path,
            file,
            from_stdin,
        });
    }
    let mut workspace = Workspace::new();
    if let Some(hook) = crate::protocol::contain::analysis_hook() {
        workspace.set_analysis_hook(hook);
    }
    told(workspace.apply_change(change))?;
    let wanted = workspace.snapshot().orb_dirs_wanted();
    let (folders, problems) = crate::disk::orb_folders::read_wanted(&wanted);
    for p in problems {
        eprintln!("circleci-ls: {p}");
    }
    told(workspace.apply_change(folders))?;
    let first = workspace.snapshot();
    let mut problem = Ok(());
    configs.complete(
        |change| {
            if let Err(code) = told(workspace.apply_change(change)) {
                problem = Err(code);
            }
            workspace.snapshot()
        },
        first,
    );
    problem?;
    let snapshot = workspace.snapshot();
    super::project_walk::add_members(&inputs.paths, &snapshot, &mut jobs);
    super::project_walk::note_roles(&jobs, &snapshot);
    Ok(Prepared {
        jobs,
        snapshot,
        unreadable,
    })
}

/// Prints what a change reports; a broken project file ends the run.
fn told(report: ChangeReport) -> Result<(), ExitCode> {
    for p in &report.orb_problems {
        eprintln!("circleci-ls: {p}");
    }
    match report.config_errors.first() {
        Some(e) => Err(usage(e.to_string())),
        None => Ok(()),
    }
}

pub(super) fn run(inputs: &Inputs, report: &output::Report) -> ExitCode {
    let started = Instant::now();
    crate::protocol::contain::install_panic_hook();
    let prepared = match prepare(inputs) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let snapshot = &prepared.snapshot;
    let mut checked: Vec<FileResult> = parallel::map(&prepared.jobs, |job| {
        let analysis = snapshot.analysis(&job.file)?;
        Some(FileResult::new(
            job.path.clone(),
            analysis.text.clone(),
            analysis,
        ))
    })
    .into_iter()
    .flatten()
    .collect();
    let counts = Counts::of(checked.iter().flat_map(|r| r.findings()));
    let min = report.min_severity();
    let hidden: usize = checked
        .iter_mut()
        .map(|r| r.keep_at_least(min.severity()))
        .sum();
    let summary = format!(
        "Checked {} in {:.2} s: {}{}.",
        files(checked.len()),
        started.elapsed().as_secs_f64(),
        counts.describe(),
        hidden_note(hidden, min)
    );
    let written = output::emit(report, &checked, &summary);
    if let Err(e) = &written {
        eprintln!("circleci-ls: {e}");
    }
    RunEnd {
        some_input_unreadable: prepared.unreadable || written.is_err(),
        errors: counts.errors,
    }
    .exit_code(report.exit_zero)
}

/// Says how many findings `--min-severity` (or the format's default) left out.
fn hidden_note(hidden: usize, min: MinSeverity) -> String {
    if hidden == 0 {
        return String::new();
    }
    let level = min.severity().as_str();
    format!(" ({hidden} below {level} not shown; see --min-severity)")
}

pub(super) fn files(n: usize) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    }
}
