//! The catalog a session uses: the compiled-in releases overlaid with the user's orb
//! directories (`--orb-dir`, the `orbDirs` setting, `orb-dirs` in circleci-ls.toml), where
//! private orbs come from. The front ends read the directories; this reads their texts.

use std::sync::Arc;

use super::data::{Catalog, Release};
use super::generate::{self, Descriptions};
use crate::file_path::FilePath;

/// One packed orb release of a user's orb directory, as read from
/// `NAMESPACE/NAME/VERSION.yml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrbReleaseText {
    /// `namespace/name`.
    pub orb: String,
    pub version: String,
    pub text: Arc<str>,
}

/// The releases of one orb directory, and why some of its files could not be used.
#[derive(Clone, Debug, Default)]
pub struct OrbFolder {
    pub releases: Arc<[Release]>,
    pub problems: Vec<String>,
}

impl OrbFolder {
    /// Reads the folder's packed orbs; descriptions are kept for hover.
    pub fn read(files: &[OrbReleaseText]) -> OrbFolder {
        let mut releases = Vec::new();
        let mut problems = Vec::new();
        for file in files {
            match generate::read_release(&file.orb, &file.version, &file.text, Descriptions::Keep) {
                Ok(release) => releases.push(release),
                Err(problem) => problems.push(problem),
            }
        }
        OrbFolder {
            releases: releases.into(),
            problems,
        }
    }
}

/// The compiled-in catalog, or a copy of it with the user's releases laid over it.
#[derive(Clone, Debug, Default)]
pub struct OrbCatalog {
    dirs: Vec<FilePath>,
    overlay: Option<Arc<Catalog>>,
}

impl PartialEq for OrbCatalog {
    fn eq(&self, other: &Self) -> bool {
        self.dirs == other.dirs
            && match (&self.overlay, &other.overlay) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

impl OrbCatalog {
    /// The compiled-in releases with each folder's laid over them, later folders winning over
    /// earlier ones. No folder: the compiled-in catalog itself.
    pub fn with_folders<'a>(
        dirs: &[FilePath],
        folders: impl IntoIterator<Item = &'a OrbFolder>,
    ) -> OrbCatalog {
        if dirs.is_empty() {
            return OrbCatalog::default();
        }
        let mut catalog = Catalog::compiled_in().clone();
        for folder in folders {
            for release in folder.releases.iter() {
                catalog.insert(release.clone());
            }
        }
        OrbCatalog {
            dirs: dirs.to_vec(),
            overlay: Some(Arc::new(catalog)),
        }
    }

    /// A catalog that knows no orbs (for measuring what orb knowledge costs, and for users
    /// who want no orb checks at all).
    pub fn empty() -> OrbCatalog {
        OrbCatalog {
            dirs: Vec::new(),
            overlay: Some(Arc::new(Catalog::default())),
        }
    }

    pub fn catalog(&self) -> &Catalog {
        self.overlay
            .as_deref()
            .unwrap_or_else(|| Catalog::compiled_in())
    }
}
