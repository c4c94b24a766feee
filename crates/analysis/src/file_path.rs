//! Files are named by normalised path text, not by the file system's or the protocol's types:
//! the front ends turn URIs and command-line arguments into a [`FilePath`], and the core
//! compares, orders and joins them as strings without asking any disk about them.

use std::fmt;
use std::sync::Arc;

/// A file's or folder's path with `/` separators and no `.`, `..` or empty parts. Cheap to
/// clone. Ordered as text, so the files under a folder sort together.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FilePath(Arc<str>);

impl FilePath {
    /// `path` normalised: `\` read as `/`, `.` and empty parts dropped, `..` resolved against
    /// the part before it (a `..` with nothing before it stays).
    pub fn new(path: &str) -> FilePath {
        let path = path.replace('\\', "/");
        let absolute = path.starts_with('/');
        let mut parts: Vec<&str> = Vec::new();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." if parts.last().is_some_and(|p| *p != "..") => {
                    parts.pop();
                }
                _ => parts.push(part),
            }
        }
        let joined = parts.join("/");
        FilePath(Arc::from(if absolute {
            format!("/{joined}")
        } else {
            joined
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last part: the file's or folder's own name.
    pub fn file_name(&self) -> Option<&str> {
        self.0.rsplit('/').next().filter(|n| !n.is_empty())
    }

    /// The folder holding this path; `None` for a root or a single relative part.
    pub fn parent(&self) -> Option<FilePath> {
        let cut = self.0.rfind('/')?;
        if cut == 0 {
            return (self.0.len() > 1).then(|| FilePath(Arc::from("/")));
        }
        Some(FilePath(Arc::from(&self.0[..cut])))
    }

    /// `relative` read from this folder; an absolute `relative` stands for itself.
    pub fn join(&self, relative: &str) -> FilePath {
        let relative = relative.replace('\\', "/");
        if relative.starts_with('/') || self.0.is_empty() {
            return FilePath::new(&relative);
        }
        FilePath::new(&format!("{}/{relative}", self.0))
    }

    /// The part of this path below `folder`, when it is inside it.
    pub fn strip_prefix(&self, folder: &FilePath) -> Option<&str> {
        if folder.0.as_ref() == "/" {
            return self.0.strip_prefix('/').filter(|rest| !rest.is_empty());
        }
        self.0.strip_prefix(folder.as_str())?.strip_prefix('/')
    }

    /// Whether this path is `folder` or inside it, part by part (`/a/bc` is not in `/a/b`).
    pub fn starts_with(&self, folder: &FilePath) -> bool {
        self == folder || self.strip_prefix(folder).is_some()
    }

    /// The folders holding this path, nearest first.
    pub fn ancestors(&self) -> impl Iterator<Item = FilePath> {
        std::iter::successors(self.parent(), FilePath::parent)
    }

    /// The text that every path inside this folder starts with: the folder and a `/`.
    pub(crate) fn folder_prefix(&self) -> String {
        if self.0.ends_with('/') {
            self.0.to_string()
        } else {
            format!("{}/", self.0)
        }
    }

    /// A key that sorts before every path inside this folder and after every path that sorts
    /// before them, for range queries over ordered paths. Not itself a normalised path.
    pub(crate) fn inside_start(&self) -> FilePath {
        FilePath(Arc::from(self.folder_prefix()))
    }
}

impl fmt::Debug for FilePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for FilePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&syntax::text::escape::escape_controls(&self.0))
    }
}

impl From<&str> for FilePath {
    fn from(path: &str) -> FilePath {
        FilePath::new(path)
    }
}

#[cfg(test)]
mod tests {
    use super::FilePath;

    #[test]
    fn paths_are_normalised_as_text() {
        let p = |s: &str| FilePath::new(s).as_str().to_string();
        assert_eq!(p("/a/./b//c/"), "/a/b/c");
        assert_eq!(p("/a/b/../c"), "/a/c");
        assert_eq!(
            p("C:\\src\\.circleci\\config.yml"),
            "C:/src/.circleci/config.yml"
        );
        assert_eq!(p("../x/y"), "../x/y");
        assert_eq!(p("a/../../x"), "../x");
        assert_eq!(p("/"), "/");
    }

    #[test]
    fn parents_names_joins_and_prefixes() {
        let f = FilePath::new("/r/src/commands/greet.yml");
        assert_eq!(f.file_name(), Some("greet.yml"));
        let src = FilePath::new("/r/src");
        assert_eq!(f.strip_prefix(&src), Some("commands/greet.yml"));
        assert!(f.starts_with(&src));
        assert!(!FilePath::new("/r/srcx/a.yml").starts_with(&src));
        assert_eq!(src.join("scripts/../x.sh"), FilePath::new("/r/src/x.sh"));
        assert_eq!(src.join("/abs/y"), FilePath::new("/abs/y"));
        let up: Vec<String> = f.ancestors().map(|a| a.as_str().to_string()).collect();
        assert_eq!(up, ["/r/src/commands", "/r/src", "/r", "/"]);
        assert_eq!(FilePath::new("/").parent(), None);
        assert_eq!(FilePath::new("/").strip_prefix(&FilePath::new("/")), None);
        assert_eq!(
            FilePath::new("/a").strip_prefix(&FilePath::new("/")),
            Some("a")
        );
    }
}
