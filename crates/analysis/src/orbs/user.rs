//! The catalog a session uses: the compiled-in releases overlaid with the user's orb
//! directories (`--orb-dir`, the `orbDirs` setting), where private orbs come from.

use std::path::PathBuf;
use std::sync::Arc;

use super::data::Catalog;
use super::generate::{self, Descriptions};

/// The compiled-in catalog, or a copy of it with the user's releases laid over it.
#[derive(Clone, Debug, Default)]
pub struct OrbCatalog {
    dirs: Vec<PathBuf>,
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
    /// Reads every `NAMESPACE/NAME/VERSION.yml` under each directory; later directories win
    /// over earlier ones, and all of them over the compiled-in data. The problems say which
    /// directories or files could not be read.
    pub fn load(dirs: &[PathBuf]) -> (OrbCatalog, Vec<String>) {
        if dirs.is_empty() {
            return (OrbCatalog::default(), Vec::new());
        }
        let mut catalog = Catalog::compiled_in().clone();
        let mut problems = Vec::new();
        for dir in dirs {
            if !dir.is_dir() {
                problems.push(format!("orb directory {} not found", dir.display()));
                continue;
            }
            let (releases, mut p) = generate::read_dir(dir, Descriptions::Keep);
            problems.append(&mut p);
            for r in releases {
                catalog.insert(r);
            }
        }
        (
            OrbCatalog {
                dirs: dirs.to_vec(),
                overlay: Some(Arc::new(catalog)),
            },
            problems,
        )
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

    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }
}
