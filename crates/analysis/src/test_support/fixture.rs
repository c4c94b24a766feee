//! Multi-file fixtures, as rust-analyzer writes them: one string of `//- /path` sections,
//! optionally with a `$0` cursor in one of them, that builds a workspace.
//!
//! ```text
//! //- /repo/.git
//! //- /repo/circleci-ls.toml
//! [rules]
//! unused-job = "off"
//! //- /repo/src/commands/greet.yml
//! steps: [checkout]
//! //- /repo/src/jobs/build.yml open
//! steps:
//!   - gr$0
//! ```
//!
//! A section's words after the path say what it is: `open` makes it an editor buffer over
//! the disk text (a path may have both sections), `orb` makes it a packed release of a user
//! orb folder (`DIR/NAMESPACE/NAME/VERSION.yml`, the folder being `DIR`). A
//! `circleci-ls.toml` is a project file, a `.git` entry marks its folder as a repository
//! root, and everything else is a file on disk.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::file_path::FilePath;
use crate::orbs::user::OrbReleaseText;
use crate::project_config::FILE_NAMES;
use crate::workspace::{Change, Workspace};

/// Where a section's text goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    Disk,
    Buffer,
    OrbRelease,
}

/// One `//- /path` section.
#[derive(Clone, Debug)]
pub struct FixtureFile {
    pub path: FilePath,
    pub text: String,
    pub layer: Layer,
}

/// A parsed multi-file fixture.
#[derive(Clone, Debug, Default)]
pub struct Fixture {
    pub files: Vec<FixtureFile>,
    /// The file holding `$0` and the marker's offset in its text (without the marker).
    pub cursor: Option<(FilePath, usize)>,
}

const HEADER: &str = "//- ";

impl Fixture {
    /// Parses `fixture`. Text before the first section is ignored.
    pub fn parse(fixture: &str) -> Fixture {
        let mut out = Fixture::default();
        let mut rest = fixture;
        // Sections start at a line beginning with the header.
        while let Some(at) = header_at(rest) {
            let after = &rest[at + HEADER.len()..];
            let line_end = after.find('\n').map_or(after.len(), |i| i + 1);
            let mut words = after[..line_end].split_whitespace();
            let path = FilePath::new(words.next().unwrap_or(""));
            let layer = match words.next() {
                Some("open") => Layer::Buffer,
                Some("orb") => Layer::OrbRelease,
                _ => Layer::Disk,
            };
            let body = &after[line_end..];
            let end = header_at(body).unwrap_or(body.len());
            out.push(path, &body[..end], layer);
            rest = &body[end..];
        }
        out
    }

    fn push(&mut self, path: FilePath, text: &str, layer: Layer) {
        let mut text = text.to_string();
        if self.cursor.is_none() {
            if let Some(offset) = text.find("$0") {
                text.replace_range(offset..offset + 2, "");
                self.cursor = Some((path.clone(), offset));
            }
        }
        self.files.push(FixtureFile { path, text, layer });
    }

    /// The text that stands for `path`: its buffer section, else its disk section.
    pub fn text(&self, path: &str) -> Option<&str> {
        let path = FilePath::new(path);
        let of = |layer| {
            self.files
                .iter()
                .find(|f| f.path == path && f.layer == layer)
                .map(|f| f.text.as_str())
        };
        of(Layer::Buffer).or_else(|| of(Layer::Disk))
    }

    /// The change that puts every section into a workspace.
    pub fn change(&self) -> Change {
        let mut change = Change::new();
        let mut orb_folders: BTreeMap<FilePath, Vec<OrbReleaseText>> = BTreeMap::new();
        for file in &self.files {
            let text: Arc<str> = Arc::from(file.text.as_str());
            let name = file.path.file_name().unwrap_or("");
            match file.layer {
                Layer::Buffer => change.set_buffer(file.path.clone(), text),
                Layer::OrbRelease => {
                    if let Some((dir, release)) = orb_release(&file.path, text) {
                        orb_folders.entry(dir).or_default().push(release);
                    }
                }
                Layer::Disk if name == ".git" => {
                    if let Some(dir) = file.path.parent() {
                        change.add_repository_root(dir);
                    }
                }
                Layer::Disk if FILE_NAMES.contains(&name) => {
                    change.set_project_config(file.path.clone(), Some(text));
                }
                Layer::Disk => change.set_disk_text(file.path.clone(), Some(text)),
            }
        }
        for (dir, releases) in orb_folders {
            change.set_orb_folder(dir, Some(releases));
        }
        change
    }

    /// A workspace holding every section.
    pub fn workspace(&self) -> Workspace {
        let mut workspace = Workspace::new();
        workspace.apply_change(self.change());
        workspace
    }
}

/// The offset of the first line of `text` that starts with the header. Lines end at `\n` or
/// `\r`, so a section may hold a text with old Mac line ends.
fn header_at(text: &str) -> Option<usize> {
    text.match_indices(HEADER)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || matches!(text.as_bytes().get(i - 1), Some(b'\n' | b'\r')))
}

/// `DIR/NAMESPACE/NAME/VERSION.yml` as its folder and release.
fn orb_release(path: &FilePath, text: Arc<str>) -> Option<(FilePath, OrbReleaseText)> {
    let version_file = path.file_name()?;
    let version = version_file
        .strip_suffix(".yml")
        .or_else(|| version_file.strip_suffix(".yaml"))?;
    let name_dir = path.parent()?;
    let namespace_dir = name_dir.parent()?;
    let dir = namespace_dir.parent()?;
    let orb = format!("{}/{}", namespace_dir.file_name()?, name_dir.file_name()?);
    Some((
        dir,
        OrbReleaseText {
            orb,
            version: version.to_string(),
            text,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_layers_and_the_cursor() {
        let f = Fixture::parse(
            "\n//- /r/.circleci/config.yml\nversion: 2.1\n//- /r/src/jobs/a.yml open\nsteps:\n  - gr$0\n//- /o/acme/tools/1.0.0.yml orb\nversion: 2.1\n",
        );
        let shown: Vec<(&str, &str, Layer)> = f
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.text.as_str(), f.layer))
            .collect();
        assert_eq!(
            shown,
            [
                ("/r/.circleci/config.yml", "version: 2.1\n", Layer::Disk),
                ("/r/src/jobs/a.yml", "steps:\n  - gr\n", Layer::Buffer),
                (
                    "/o/acme/tools/1.0.0.yml",
                    "version: 2.1\n",
                    Layer::OrbRelease
                ),
            ]
        );
        assert_eq!(f.cursor, Some((FilePath::new("/r/src/jobs/a.yml"), 13)));
        let release = orb_release(&FilePath::new("/o/acme/tools/1.0.0.yml"), Arc::from(""));
        assert_eq!(
            release.map(|(dir, r)| (dir, r.orb, r.version)),
            Some((
                FilePath::new("/o"),
                "acme/tools".to_string(),
                "1.0.0".to_string()
            ))
        );
    }

    #[test]
    fn a_section_may_hold_lone_carriage_returns() {
        let f = Fixture::parse("//- /r/a.yml\nsteps:\r  - run: x\r//- /r/b.yml\nb: 1\n");
        assert_eq!(f.text("/r/a.yml"), Some("steps:\r  - run: x\r"));
        assert_eq!(f.text("/r/b.yml"), Some("b: 1\n"));
    }
}
