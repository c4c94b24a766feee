//! What the front ends read from disk for the workspace: the project file that applies to a
//! file (found by walking up to the repository root), the files of an orb's source tree,
//! and user orb folders. The workspace in the core takes the texts; nothing below this
//! crate reads a file.

pub mod orb_folders;
pub mod orb_tree;
pub mod project_configs;
pub mod project_files;

use std::io::Read;
use std::path::{Path, PathBuf};

use analysis::FilePath;

/// `path` as the workspace names it: absolute (against the working directory, links left
/// as they are) and as text.
pub fn file_path(path: &Path) -> FilePath {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    FilePath::new(&absolute.to_string_lossy())
}

/// The file-system path of a workspace path.
pub fn std_path(path: &FilePath) -> PathBuf {
    PathBuf::from(path.as_str())
}

/// Replaces the file at `path` with `text` all at once: the text goes to a new file beside
/// it, which then takes its place, so a failure midway leaves the old file whole. The new
/// file keeps the old one's permissions.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.circleci-ls-{}.tmp", std::process::id()));
    let written = std::fs::write(&temp, text).and_then(|()| {
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// How much a read may take, and what to say about a larger file.
#[derive(Clone, Copy, Debug)]
pub struct Cap {
    pub bytes: u64,
    pub too_large: &'static str,
}

/// Reads a regular file within `cap` as UTF-8 text; anything else is refused with a message.
/// Checked before opening: opening a FIFO blocks until a writer comes.
pub fn read_text(path: &Path, cap: Cap) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file (a FIFO, socket or device is never read)".to_string());
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    read_capped(file, cap)
}

/// Reads UTF-8 text without NUL bytes from `source`, within `cap`.
pub fn read_capped(source: impl Read, cap: Cap) -> Result<String, String> {
    let mut bytes = Vec::new();
    source
        .take(cap.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > cap.bytes {
        return Err(cap.too_large.to_string());
    }
    if bytes.contains(&0) {
        return Err("binary file (it holds NUL bytes); not checked".to_string());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {}); not checked",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_reads_refuse_binary_and_oversized_input() {
        let max = Cap {
            bytes: 16 * 1024 * 1024,
            too_large: "larger than 16 MB; not checked",
        };
        assert_eq!(read_capped(&b"a: 1\n"[..], max), Ok("a: 1\n".to_string()));
        assert!(read_capped(&b"a\0b"[..], max).is_err_and(|e| e.contains("binary")));
        assert!(read_capped(&b"\xff\xfe"[..], max).is_err_and(|e| e.contains("UTF-8")));
        let endless = std::io::repeat(b'a');
        assert!(read_capped(endless, max).is_err_and(|e| e.contains("16 MB")));
    }

    #[test]
    fn atomic_writes_replace_the_file_and_keep_its_permissions() {
        let dir = std::env::temp_dir().join(format!("circleci-ls-write-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("folder");
        let file = dir.join("config.yml");
        std::fs::write(&file, "old\n").expect("write");
        let mut perms = std::fs::metadata(&file).expect("meta").permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&file, perms).expect("permissions");
        write_atomically(&file, "new\n").expect("atomic write");
        assert_eq!(
            std::fs::read_to_string(&file).ok().as_deref(),
            Some("new\n")
        );
        assert!(std::fs::metadata(&file)
            .expect("meta")
            .permissions()
            .readonly());
        let left: Vec<_> = std::fs::read_dir(&dir).expect("list").collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
        let mut perms = std::fs::metadata(&file).expect("meta").permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        let _ = std::fs::set_permissions(&file, perms);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn workspace_paths_are_absolute() {
        let p = file_path(Path::new("a/../b.yml"));
        assert!(p.as_str().ends_with("/b.yml"), "{p:?}");
        assert!(Path::new(p.as_str()).is_absolute(), "{p:?}");
    }
}
