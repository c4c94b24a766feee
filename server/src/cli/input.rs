//! What the command line reads: the files named, CircleCI configs found under directories, or
//! standard input. Only regular files are opened (a FIFO would block, a device never ends), and
//! no read takes more than [`MAX_FILE_BYTES`].

use std::path::{Path, PathBuf};

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
/// CircleCI configs. Paths that do not exist, are not regular files or directories, or are
/// directories without any config are errors.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let error = |problem: String| InputError {
            path: path.clone(),
            problem,
        };
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                errors.push(error("no such file or directory".to_string()))
            }
            Err(e) => errors.push(error(format!("cannot read: {e}"))),
            Ok(meta) if meta.is_dir() => {
                let found = walk(path);
                if found.is_empty() {
                    errors.push(error(
                        "no CircleCI configs here (looked for .circleci/*.yml and *.yaml, and orb sources' @orb.yml)"
                            .to_string(),
                    ));
                }
                files.extend(found);
            }
            Ok(meta) if meta.is_file() => files.push(path.clone()),
            Ok(_) => errors.push(error(
                "not a regular file (a FIFO, socket or device is never read)".to_string(),
            )),
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

/// CircleCI configs under `dir`, honouring `.gitignore` and `.ignore` files: `.circleci/*.yml`
/// and `*.yaml`, and the files of an orb source tree (`@orb.yml` and the commands, jobs,
/// executors and examples beside it), which are checked as parts of their orb.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    let mut found = Vec::new();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        if is_yaml(path) && (in_circleci_dir(path) || is_orb_root(path) || is_orb_part(path)) {
            // `check .` names files as `.circleci/config.yml`, not `./.circleci/config.yml`.
            let shown = if dir == Path::new(".") {
                path.strip_prefix(".").unwrap_or(path)
            } else {
                path
            };
            found.push(shown.to_path_buf());
        }
    }
    found
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

/// Reads standard input as text, with the same cap.
pub fn read_stdin(name: &Path) -> Result<String, InputError> {
    crate::disk::read_capped(std::io::stdin().lock(), CAP).map_err(|problem| InputError {
        path: name.to_path_buf(),
        problem,
    })
}
