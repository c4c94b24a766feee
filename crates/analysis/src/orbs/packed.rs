//! The generated data file (`data/orbs.json`), read as little as asked for. Indexing it
//! keeps, for every release, its orb, its version and where its JSON is written, and for
//! every shared member where its JSON is written; a release and its members are read from
//! that JSON the first time its orb's releases are asked for. Most sessions use a few orbs
//! of the 37, and reading every release up front held about 2 MB.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::data::{place, Member, Release};

/// A release in the data file: its members by their index in the file's list of members.
#[derive(Serialize, Deserialize)]
pub(super) struct PackedRelease<'a> {
    #[serde(rename = "o", borrow)]
    pub orb: Cow<'a, str>,
    #[serde(rename = "v", borrow)]
    pub version: Cow<'a, str>,
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<usize>,
    #[serde(rename = "j", default, skip_serializing_if = "Vec::is_empty")]
    pub jobs: Vec<usize>,
    #[serde(rename = "e", default, skip_serializing_if = "Vec::is_empty")]
    pub executors: Vec<usize>,
}

/// What indexing reads of a release: whose and which it is.
#[derive(Deserialize)]
struct ReleaseName<'a> {
    #[serde(rename = "o", borrow)]
    orb: Cow<'a, str>,
    #[serde(rename = "v", borrow)]
    version: Cow<'a, str>,
}

/// The file's layout, each member and release left as its JSON text.
#[derive(Deserialize)]
struct Layout<'a> {
    date: String,
    #[serde(borrow)]
    members: Vec<&'a RawValue>,
    #[serde(borrow)]
    releases: Vec<&'a RawValue>,
}

/// A member interface the file stores once, read the first time a release listing it is.
struct SharedMember<'a> {
    text: &'a RawValue,
    read: OnceLock<Option<Arc<Member>>>,
}

struct ReleaseText<'a> {
    orb: Cow<'a, str>,
    version: Cow<'a, str>,
    text: &'a RawValue,
}

/// An indexed data file.
pub(super) struct DataFile<'a> {
    pub date: String,
    members: Vec<SharedMember<'a>>,
    /// In the file's order.
    releases: Vec<ReleaseText<'a>>,
}

impl<'a> DataFile<'a> {
    /// Indexes `text`; fails when it is not JSON in the generated layout (a file whose
    /// releases list their members whole is not).
    pub fn index(text: &'a str) -> Result<DataFile<'a>, String> {
        let layout: Layout<'a> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let releases = layout
            .releases
            .into_iter()
            .map(|text| {
                let name: ReleaseName<'a> =
                    serde_json::from_str(text.get()).map_err(|e| e.to_string())?;
                Ok(ReleaseText {
                    orb: name.orb,
                    version: name.version,
                    text,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(DataFile {
            date: layout.date,
            members: layout
                .members
                .into_iter()
                .map(|text| SharedMember {
                    text,
                    read: OnceLock::new(),
                })
                .collect(),
            releases,
        })
    }

    /// Every release, in the file's order.
    pub fn releases(&self) -> Result<Vec<Release>, String> {
        (0..self.releases.len()).map(|i| self.release(i)).collect()
    }

    /// Release `i` of the file, with its members (each read once however many releases
    /// list it).
    fn release(&self, i: usize) -> Result<Release, String> {
        let text = self
            .releases
            .get(i)
            .ok_or_else(|| format!("release {i} is not in the file"))?;
        let name = || format!("{}@{}", text.orb, text.version);
        let packed: PackedRelease<'_> =
            serde_json::from_str(text.text.get()).map_err(|e| format!("{}: {e}", name()))?;
        let pick = |indexes: &[usize]| -> Result<Vec<Arc<Member>>, String> {
            indexes
                .iter()
                .map(|&m| self.member(m).map_err(|e| format!("{}: {e}", name())))
                .collect()
        };
        Ok(Release {
            orb: packed.orb.into_owned(),
            version: packed.version.into_owned(),
            commands: pick(&packed.commands)?,
            jobs: pick(&packed.jobs)?,
            executors: pick(&packed.executors)?,
            description: None,
        })
    }

    fn member(&self, i: usize) -> Result<Arc<Member>, String> {
        let shared = self
            .members
            .get(i)
            .ok_or_else(|| format!("member {i} is not in the file"))?;
        let read = shared.read.get_or_init(|| {
            serde_json::from_str::<Member>(shared.text.get())
                .ok()
                .map(Arc::new)
        });
        read.clone().ok_or_else(|| {
            let why = serde_json::from_str::<Member>(shared.text.get()).err();
            format!(
                "member {i} does not read: {}",
                why.map(|e| e.to_string()).unwrap_or_default()
            )
        })
    }
}

impl DataFile<'static> {
    /// Every orb of the file, its releases not yet read.
    pub fn orbs(self) -> BTreeMap<String, Arc<LazyOrb>> {
        let file = Arc::new(self);
        let mut orbs: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
        for (i, r) in file.releases.iter().enumerate() {
            let list = orbs.entry(&r.orb).or_default();
            // The order the catalog gives releases it is handed one by one.
            place(list, (i, &r.version), |(_, version)| version);
        }
        orbs.into_iter()
            .map(|(orb, releases)| {
                let lazy = LazyOrb {
                    file: file.clone(),
                    releases: releases.into_iter().map(|(i, _)| i).collect(),
                    read: OnceLock::new(),
                };
                (orb.to_string(), Arc::new(lazy))
            })
            .collect()
    }
}

/// One orb's releases in an indexed data file, read the first time they are asked for.
pub(super) struct LazyOrb {
    file: Arc<DataFile<'static>>,
    /// Its releases' places in the file, newest first.
    releases: Vec<usize>,
    read: OnceLock<Vec<Arc<Release>>>,
}

impl LazyOrb {
    /// The releases, newest first. The file is generated and tested to read whole; a release
    /// that does not is left out rather than stopping the server.
    pub fn releases(&self) -> &[Arc<Release>] {
        self.read.get_or_init(|| {
            self.releases
                .iter()
                .filter_map(|&i| self.file.release(i).ok())
                .map(Arc::new)
                .collect()
        })
    }

    /// The releases' versions, newest first, without reading them.
    pub fn versions(&self) -> impl Iterator<Item = &str> {
        self.releases
            .iter()
            .filter_map(|&i| self.file.releases.get(i))
            .map(|r| r.version.as_ref())
    }

    pub fn is_read(&self) -> bool {
        self.read.get().is_some()
    }
}

impl fmt::Debug for LazyOrb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LazyOrb")
            .field("versions", &self.versions().collect::<Vec<_>>())
            .field("read", &self.is_read())
            .finish()
    }
}
