//! What `check` reports beyond the files it was given: for a folder, every file of it that
//! is part of a project's dynamic config (the configs a setup config continues with, the
//! fragments merged into one, a packed config tree), found by the project view once the
//! project's files are read; for a lone file, where its setup config or tree is.

use std::path::{Path, PathBuf};

use analysis::project::roles::Role;
use analysis::workspace::Snapshot;
use analysis::FilePath;

use super::check::Job;

/// Adds to `jobs` the project members inside the folders of `paths` that are not there yet.
pub(super) fn add_members(paths: &[PathBuf], snapshot: &Snapshot, jobs: &mut Vec<Job>) {
    let folders: Vec<&PathBuf> = paths.iter().filter(|p| p.is_dir()).collect();
    if folders.is_empty() {
        return;
    }
    let members = snapshot.project_members();
    for folder in folders {
        let root = crate::disk::file_path(folder);
        for member in &members {
            let Some(rest) = member.strip_prefix(&root) else {
                continue;
            };
            if jobs.iter().any(|j| j.file == *member) {
                continue;
            }
            // Named as the folder walk names files: `check .` gives `.circleci/x.yml`.
            let shown = if folder.as_path() == Path::new(".") {
                PathBuf::from(rest)
            } else {
                folder.join(rest)
            };
            jobs.push(Job {
                path: shown,
                file: member.clone(),
                from_stdin: false,
            });
        }
    }
    jobs.sort_by(|a, b| a.path.cmp(&b.path));
}

/// For a lone file that is part of a larger config, says on standard error where the rest
/// is, so a reader knows the findings are the project's.
pub(super) fn note_roles(jobs: &[Job], snapshot: &Snapshot) {
    let [job] = jobs else {
        return;
    };
    let note = match snapshot.role(&job.file) {
        Role::Continuation { setup, group } if group.len() > 1 => format!(
            "merged with {} other file(s) into the config {} continues with; checked as that config",
            group.len() - 1,
            shown(&setup)
        ),
        Role::Continuation { setup, .. } => format!(
            "continued from the setup config {}; checked with it",
            shown(&setup)
        ),
        Role::Packed { tree } => format!(
            "part of the packed config tree {}; checked as the config it packs into",
            shown(&tree)
        ),
        Role::Undecided { setup } => format!(
            "in the project of the setup config {}, which continues with a generated config; names other files may define or use are not reported",
            shown(&setup)
        ),
        Role::Setup | Role::Alone => return,
    };
    eprintln!(
        "circleci-ls: note: {} is {note}.",
        syntax::text::escape::escape_path(&job.path)
    );
}

/// A workspace path as the user wrote paths: relative to the working directory when
/// inside it.
fn shown(path: &FilePath) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .map(|d| crate::disk::file_path(&d));
    cwd.and_then(|d| path.strip_prefix(&d).map(str::to_string))
        .unwrap_or_else(|| path.to_string())
}
