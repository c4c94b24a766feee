//! Multi-file fixtures (`//- /path` sections, see `analysis::test_support::fixture`) written
//! to a scratch folder, for tests that run the real binary on files.

use std::path::{Path, PathBuf};

use analysis::test_support::fixture::{Fixture, Layer};

/// A fixture laid out under `root`: disk sections written as files, `.git` sections as
/// folders; open sections are kept for the test to send as editor buffers.
pub struct Files {
    pub root: PathBuf,
    pub fixture: Fixture,
}

impl Files {
    /// Writes `fixture` under a fresh `root`.
    pub fn write(root: &Path, fixture: &str) -> Files {
        let _ = std::fs::remove_dir_all(root);
        let fixture = Fixture::parse(fixture);
        let files = Files {
            root: root.to_path_buf(),
            fixture,
        };
        for file in &files.fixture.files {
            let path = files.path(file.path.as_str());
            if file.layer == Layer::Buffer {
                continue;
            }
            if path.file_name().is_some_and(|n| n == ".git") {
                std::fs::create_dir_all(&path).expect("create .git");
                continue;
            }
            super::cli::write(&path, &file.text);
        }
        files
    }

    /// The file at fixture path `p` (`/a/b.yml`) under the root.
    pub fn path(&self, p: &str) -> PathBuf {
        self.root.join(p.trim_start_matches('/'))
    }

    pub fn uri(&self, p: &str) -> String {
        format!("file://{}", self.path(p).display())
    }

    /// The text of the open section for `p`.
    pub fn buffer(&self, p: &str) -> String {
        self.fixture
            .files
            .iter()
            .find(|f| f.path.as_str() == p && f.layer == Layer::Buffer)
            .map(|f| f.text.clone())
            .unwrap_or_else(|| panic!("no open section for {p}"))
    }
}
