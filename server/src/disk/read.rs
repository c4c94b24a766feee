//! The one guarded reader: every file the project reads (configs, project files, orb folders,
//! orb source trees, watched files, the files a directory walk finds) goes through
//! [`read_text`]. Only regular files are read; a FIFO would block the reader for good and a
//! device (`/dev/zero`) never ends, so both are refused from their metadata, before they are
//! opened. Links are followed, a loop of them is named as such, and no read takes more than
//! its [`Cap`].

use std::io::Read;
use std::path::Path;

/// How much a read may take, and what to say about a larger file.
#[derive(Clone, Copy, Debug)]
pub struct Cap {
    pub bytes: u64,
    pub too_large: &'static str,
}

/// Reads a regular file within `cap` as UTF-8 text; anything else is refused with a message
/// that says why.
pub fn read_text(path: &Path, cap: Cap) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| problem(&e))?;
    refuse_unless_regular(&meta)?;
    if meta.len() > cap.bytes {
        return Err(cap.too_large.to_string());
    }
    let file = open_without_blocking(path).map_err(|e| problem(&e))?;
    // The path may have been replaced between the check and the opening.
    let opened = file.metadata().map_err(|e| problem(&e))?;
    refuse_unless_regular(&opened)?;
    read_capped(file, cap)
}

/// Reads UTF-8 text without NUL bytes from `source`, within `cap`.
pub fn read_capped(source: impl Read, cap: Cap) -> Result<String, String> {
    let mut bytes = Vec::new();
    source
        .take(cap.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| problem(&e))?;
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

/// Why a file of this kind is not read, or `Ok` for a regular file.
pub fn refuse_unless_regular(meta: &std::fs::Metadata) -> Result<(), String> {
    match special_kind(meta) {
        None => Ok(()),
        Some(kind) => Err(format!("{kind}, not a regular file; never read")),
    }
}

/// What a file that is not a regular file is, for messages; `None` for a regular file.
pub fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// A problem reading a path, worded for people.
pub fn problem(e: &std::io::Error) -> String {
    if is_link_loop(e) {
        return "a loop of symbolic links; not read".to_string();
    }
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied; not read".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

#[cfg(unix)]
fn is_link_loop(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_link_loop(_: &std::io::Error) -> bool {
    false
}

/// Opens for reading without waiting for a writer: if a FIFO took the file's place after
/// its metadata was read, the opening returns at once and the check after it refuses it.
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: Cap = Cap {
        bytes: 16 * 1024 * 1024,
        too_large: "larger than 16 MB; not checked",
    };

    #[test]
    fn capped_reads_refuse_binary_and_oversized_input() {
        assert_eq!(read_capped(&b"a: 1\n"[..], MAX), Ok("a: 1\n".to_string()));
        assert!(read_capped(&b"a\0b"[..], MAX).is_err_and(|e| e.contains("binary")));
        assert!(read_capped(&b"\xff\xfe"[..], MAX).is_err_and(|e| e.contains("UTF-8")));
        let endless = std::io::repeat(b'a');
        assert!(read_capped(endless, MAX).is_err_and(|e| e.contains("16 MB")));
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_link_loops_are_refused_without_reading() {
        let dir = std::env::temp_dir().join(format!("circleci-ls-guard-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("folder");
        // A link to an endless device: refused from its metadata, never read.
        let zero = dir.join("zero.yml");
        std::os::unix::fs::symlink("/dev/zero", &zero).expect("link");
        assert_eq!(
            read_text(&zero, MAX),
            Err("a device, not a regular file; never read".to_string())
        );
        // A FIFO with no writer: opening it for reading would wait forever.
        let fifo = dir.join("fifo.yml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        assert_eq!(
            read_text(&fifo, MAX),
            Err("a FIFO, not a regular file; never read".to_string())
        );
        let (a, b) = (dir.join("a.yml"), dir.join("b.yml"));
        std::os::unix::fs::symlink(&b, &a).expect("link");
        std::os::unix::fs::symlink(&a, &b).expect("link");
        assert_eq!(
            read_text(&a, MAX),
            Err("a loop of symbolic links; not read".to_string())
        );
        assert_eq!(
            read_text(&dir, MAX),
            Err("a directory, not a regular file; never read".to_string())
        );
        let big = dir.join("big.yml");
        std::fs::write(&big, "a: 1\n".repeat(10)).expect("write");
        let small = Cap {
            bytes: 10,
            too_large: "too large",
        };
        assert_eq!(read_text(&big, small), Err("too large".to_string()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
