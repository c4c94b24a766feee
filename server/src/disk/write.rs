//! Writing files without losing what they held. A file is never truncated and rewritten in
//! place: the new text goes to a new file beside it (same permissions), is flushed to the
//! disk, and then takes the old file's place in one rename. A failure at any point (a full
//! disk, a read-only folder, a killed process) leaves the old file whole. When the caller
//! says what the file held when it was read, a file that changed since is left alone.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::read::{read_text, Cap};

/// What the file must still hold for the write to go ahead.
#[derive(Clone, Copy, Debug)]
pub enum Expect<'a> {
    /// Anything, or no file at all (a report written with `--output-file`).
    Anything,
    /// Exactly this text, as it was read (the file `fix` computed its edits from).
    Text(&'a str),
}

/// Why a write did not happen. The file is as it was in every case.
#[derive(Debug)]
pub enum WriteError {
    /// The file no longer holds what it held when it was read.
    Changed,
    /// The file system refused: `stage` says which step failed.
    Io {
        stage: &'static str,
        error: std::io::Error,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => write!(
                f,
                "the file changed since it was read; it was left as it is (run again)"
            ),
            WriteError::Io { stage, error } => {
                write!(f, "cannot {stage}: {error}; the file was left as it is")
            }
        }
    }
}

fn io(stage: &'static str) -> impl FnOnce(std::io::Error) -> WriteError {
    move |error| WriteError::Io { stage, error }
}

/// Replaces the text of `path` with `text` at once, if it still holds what `expect` says. A
/// link is followed: the file it points to is replaced and the link stays a link.
pub fn replace(path: &Path, text: &str, expect: Expect<'_>) -> Result<(), WriteError> {
    replace_with(path, expect, &mut |out| out.write_all(text.as_bytes()))
}

/// As [`replace`], with the new text written by `fill` as it is made (a report streamed
/// to `--output-file`): the file appears whole or not at all.
pub fn replace_with(
    path: &Path,
    expect: Expect<'_>,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let target = real_path(path)?;
    let permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let temp = create_beside(&target).map_err(io("create a file beside it"))?;
    let written = write_temp(&temp.path, temp.file, fill, permissions)
        .and_then(|()| still_holds(&target, expect))
        .and_then(|()| std::fs::rename(&temp.path, &target).map_err(io("replace it")));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp.path);
        return written;
    }
    // The rename is only durable once the folder that holds it is flushed too.
    sync_folder(&target);
    Ok(())
}

/// The file a path names: links resolved, so a linked config is changed where it lives. A
/// path that does not exist yet (a new report) is its own target.
fn real_path(path: &Path) -> Result<PathBuf, WriteError> {
    match std::fs::canonicalize(path) {
        Ok(real) => Ok(real),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                // A link to nothing: writing would put a file where the user put a link.
                return Err(WriteError::Io {
                    stage: "follow the link",
                    error: e,
                });
            }
            Ok(path.to_path_buf())
        }
        Err(e) => Err(WriteError::Io {
            stage: "follow the path",
            error: e,
        }),
    }
}

/// A new, empty file in the target's folder, under a name no other writer uses.
struct Temp {
    path: PathBuf,
    file: std::fs::File,
}

fn create_beside(target: &Path) -> std::io::Result<Temp> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = target.with_file_name(format!(
            ".{name}.circleci-ls-{}-{n}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok(Temp { path, file }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1_000 => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Writes the text into the new file, gives it the old file's permissions and flushes it
/// to the disk, so the rename never puts a file in place whose text is not all there.
fn write_temp(
    path: &Path,
    file: std::fs::File,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    permissions: Option<std::fs::Permissions>,
) -> Result<(), WriteError> {
    let mut out = std::io::BufWriter::new(file);
    fill(&mut out).map_err(io("write"))?;
    let file = out.into_inner().map_err(|e| WriteError::Io {
        stage: "write",
        error: e.into_error(),
    })?;
    if let Some(permissions) = permissions {
        std::fs::set_permissions(path, permissions).map_err(io("keep its permissions"))?;
    }
    file.sync_all().map_err(io("flush it to the disk"))
}

/// Whether the file still holds what it held when it was read.
fn still_holds(target: &Path, expect: Expect<'_>) -> Result<(), WriteError> {
    let Expect::Text(expected) = expect else {
        return Ok(());
    };
    let cap = Cap {
        bytes: expected.len() as u64,
        too_large: "it grew",
    };
    match read_text(target, cap) {
        Ok(now) if now == expected => Ok(()),
        _ => Err(WriteError::Changed),
    }
}

#[cfg(unix)]
fn sync_folder(target: &Path) {
    if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(dir) = std::fs::File::open(folder) {
            let _ = dir.sync_all();
        }
    }
}

#[cfg(not(unix))]
fn sync_folder(_: &Path) {}

/// Turns a file size limit (`ulimit -f`) into a write error instead of a signal that ends
/// the process midway: the write then fails like one on a full disk, and is reported.
pub fn size_limits_fail_writes() {
    #[cfg(unix)]
    // SAFETY: setting a signal to be ignored has no preconditions; nothing else handles it.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("circleci-ls-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("folder");
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_replacement_keeps_permissions_and_leaves_no_temporary_file() {
        let dir = folder("write");
        let file = dir.join("config.yml");
        std::fs::write(&file, "old\n").expect("write");
        let mut perms = std::fs::metadata(&file).expect("meta").permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&file, perms).expect("permissions");
        replace(&file, "new\n", Expect::Text("old\n")).expect("replace");
        assert_eq!(
            std::fs::read_to_string(&file).ok().as_deref(),
            Some("new\n")
        );
        assert!(std::fs::metadata(&file)
            .expect("meta")
            .permissions()
            .readonly());
        assert_eq!(listing(&dir), ["config.yml"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = folder("changed");
        let file = dir.join("config.yml");
        std::fs::write(&file, "saved by the editor\n").expect("write");
        let refused = replace(&file, "fixed\n", Expect::Text("as read\n"));
        assert!(matches!(refused, Err(WriteError::Changed)), "{refused:?}");
        assert_eq!(
            std::fs::read_to_string(&file).ok().as_deref(),
            Some("saved by the editor\n")
        );
        assert_eq!(listing(&dir), ["config.yml"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_file_is_replaced_where_it_lives() {
        let dir = folder("linked");
        let real = dir.join("real.yml");
        let link = dir.join("config.yml");
        std::fs::write(&real, "old\n").expect("write");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        replace(&link, "new\n", Expect::Text("old\n")).expect("replace");
        assert!(std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read_to_string(&real).ok().as_deref(),
            Some("new\n")
        );
        let dangling = dir.join("dangling.yml");
        std::os::unix::fs::symlink(dir.join("nowhere.yml"), &dangling).expect("link");
        assert!(replace(&dangling, "x\n", Expect::Anything).is_err());
        assert!(std::fs::symlink_metadata(&dangling)
            .expect("meta")
            .file_type()
            .is_symlink());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_new_file_is_created_whole() {
        let dir = folder("new");
        let file = dir.join("report.json");
        replace(&file, "[]\n", Expect::Anything).expect("create");
        assert_eq!(std::fs::read_to_string(&file).ok().as_deref(), Some("[]\n"));
        assert_eq!(listing(&dir), ["report.json"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
