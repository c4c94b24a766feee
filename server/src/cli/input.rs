//! What the command line reads: the files named, CircleCI configs found under directories, or
//! standard input. Every file goes through the guarded reader (`disk::read`): only regular
//! files are opened (a FIFO would block, a device never ends), and no read takes more than
//! [`MAX_FILE_BYTES`].

use std::path::{Path, PathBuf};

use crate::disk::read;
use syntax::text::escape::escape_path;

/// The largest config read. Real configs are far smaller; a larger file is refused with a
/// message instead of being read whole.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why an input could not be read; printed as `circleci-ls: {path}: {problem}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub path: PathBuf,
    pub problem: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", escape_path(&self.path), self.problem)
    }
}

/// The files to check for the given paths: files as they are, directories walked for
/// CircleCI configs. Paths that do not exist or are not regular files or directories,
/// directories without any config, and what a walk could not read are errors.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let error = |problem: String| InputError {
            path: path.clone(),
            problem,
        };
        match std::fs::metadata(path) {
            Err(e) => errors.push(error(read::problem(&e))),
            Ok(meta) if meta.is_dir() => {
                let walked = walk(path);
                if walked.found.is_empty() && walked.problems.is_empty() {
                    errors.push(error(
                        "no CircleCI configs here (looked for .circleci/*.yml and *.yaml, and orb sources' @orb.yml)"
                            .to_string(),
                    ));
                }
                files.extend(walked.found);
                errors.extend(walked.problems);
            }
            Ok(meta) => match read::refuse_unless_regular(&meta) {
                Ok(()) => files.push(path.clone()),
                Err(problem) => errors.push(error(problem)),
            },
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

/// What a walk found: the configs, and what it could not read.
#[derive(Default)]
struct Walked {
    found: Vec<PathBuf>,
    problems: Vec<InputError>,
}

/// CircleCI configs under `dir`, honouring `.gitignore` and `.ignore` files: `.circleci/*.yml`
/// and `*.yaml`, and the files of an orb source tree (`@orb.yml` and the commands, jobs,
/// executors and examples beside it), which are checked as parts of their orb. Links are
/// followed (a linked config is checked; a loop of links is reported), and a folder that
/// cannot be read is reported, since a config may be in it.
fn walk(dir: &Path) -> Walked {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .follow_links(true)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    let mut walked = Walked::default();
    // `check .` names files as `.circleci/config.yml`, not `./.circleci/config.yml`.
    let shown = |path: &Path| -> PathBuf {
        if dir == Path::new(".") {
            path.strip_prefix(".").unwrap_or(path).to_path_buf()
        } else {
            path.to_path_buf()
        }
    };
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                walked
                    .problems
                    .extend(walk_problem(&e, None).map(|(path, problem)| InputError {
                        path: shown(&path),
                        problem,
                    }));
                continue;
            }
        };
        let path = entry.path();
        if !is_config(path) || entry.file_type().is_some_and(|t| t.is_dir()) {
            continue;
        }
        match entry.metadata().map(|m| read::refuse_unless_regular(&m)) {
            Ok(Ok(())) => walked.found.push(shown(path)),
            Ok(Err(problem)) => walked.problems.push(InputError {
                path: shown(path),
                problem,
            }),
            Err(e) => {
                if let Some((_, problem)) = walk_problem(&e, None) {
                    walked.problems.push(InputError {
                        path: shown(path),
                        problem,
                    });
                }
            }
        }
    }
    walked
}

/// A problem the walk met that the user must hear of: a folder it could not list, a loop of
/// links, a config it could not look at. Problems with other files (a dangling link in
/// `node_modules`) and with ignore files are left out: no config is lost by them.
fn walk_problem(e: &ignore::Error, path: Option<&Path>) -> Option<(PathBuf, String)> {
    match e {
        ignore::Error::WithPath { path, err } => walk_problem(err, Some(path)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_problem(err, path)
        }
        ignore::Error::Loop { child, .. } => Some((
            child.clone(),
            "a loop of symbolic links; not followed".to_string(),
        )),
        ignore::Error::Io(io) => {
            let path = path?;
            let folder = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
            (folder || is_config(path)).then(|| (path.to_path_buf(), read::problem(io)))
        }
        _ => None,
    }
}

/// Whether a path found by a walk is one `check` reads.
fn is_config(path: &Path) -> bool {
    is_yaml(path) && (in_circleci_dir(path) || is_orb_root(path) || is_orb_part(path))
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"))
}

fn in_circleci_dir(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == ".circleci")
}

/// A command, job, executor or example file of an orb source tree whose `@orb.yml` exists.
fn is_orb_part(path: &Path) -> bool {
    let Some(folder) = path.parent() else {
        return false;
    };
    let part = folder.file_name().is_some_and(|n| {
        ["commands", "jobs", "executors", "examples"]
            .iter()
            .any(|p| n == *p)
    });
    part && folder
        .parent()
        .is_some_and(|src| src.join("@orb.yml").is_file() || src.join("@orb.yaml").is_file())
}

fn is_orb_root(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == "@orb.yml" || n == "@orb.yaml")
}

/// What one input read may take.
const CAP: crate::disk::Cap = crate::disk::Cap {
    bytes: MAX_FILE_BYTES,
    too_large: "larger than 16 MB; not checked",
};

/// Reads a regular file as UTF-8 text, refusing anything else with a message.
pub fn read_file(path: &Path) -> Result<String, InputError> {
    crate::disk::read_text(path, CAP).map_err(|problem| InputError {
        path: path.to_path_buf(),
        problem,
    })
}

/// The name standard input is read as, when it is read: `-` among the paths (named by
/// `--stdin-filename` if given, else `-`), or `--stdin-filename` alone. Standard input is
/// the only input then.
pub fn stdin_name(
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
) -> Result<Option<PathBuf>, String> {
    let dash = paths.iter().any(|p| p.as_os_str() == "-");
    if dash && paths.len() > 1 {
        return Err("`-` reads standard input; give no other paths with it".to_string());
    }
    if !dash && !paths.is_empty() && stdin_filename.is_some() {
        return Err(
            "--stdin-filename names standard input; give no paths with it but `-`".to_string(),
        );
    }
    Ok(match (dash, stdin_filename) {
        (_, Some(name)) => Some(name.to_path_buf()),
        (true, None) => Some(PathBuf::from("-")),
        (false, None) => None,
    })
}

/// Reads standard input as text, with the same cap.
pub fn read_stdin(name: &Path) -> Result<String, InputError> {
    crate::disk::read_capped(std::io::stdin().lock(), CAP).map_err(|problem| InputError {
        path: name.to_path_buf(),
        problem,
    })
}
