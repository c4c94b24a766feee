//! What circleci-ls knows about published orbs: per release, its commands, jobs and executors
//! with their parameters. Facts only; the orb authors' descriptions are kept only for orbs
//! the user supplies.
//!
//! The compiled-in catalog is `data/orbs.json`, written by `generate` from the packed
//! orb sources in ../shared/orbs-minors (see scripts/gen-orbs.sh): every minor of every major,
//! with the interfaces releases share stored once. It is indexed at first use and each orb's
//! releases are read the first time they are asked for (`packed.rs`).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use super::packed::{DataFile, LazyOrb};
use super::resolve::Version;
use crate::model::index::ParamType;

/// The generated data file, compiled in.
pub const COMPILED_IN: &str = include_str!("../../data/orbs.json");

/// The generated file: when its sources were taken, and every release.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrbFile {
    /// The date of the newest source the data was read from (`YYYY-MM-DD`).
    pub date: String,
    pub releases: Vec<Release>,
}

/// One published version of an orb. Releases of one orb share the members whose interface
/// did not change between them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Release {
    /// `namespace/name`.
    pub orb: String,
    /// `X.Y.Z`.
    pub version: String,
    pub commands: Vec<Arc<Member>>,
    pub jobs: Vec<Arc<Member>>,
    pub executors: Vec<Arc<Member>>,
    /// The orb's own description: only for orbs read from the user's directories.
    pub description: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemberKind {
    Command,
    Job,
    Executor,
}

impl MemberKind {
    pub fn noun(self) -> &'static str {
        match self {
            MemberKind::Command => "command",
            MemberKind::Job => "job",
            MemberKind::Executor => "executor",
        }
    }
}

/// A command, job or executor of a release.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Member {
    #[serde(rename = "n")]
    pub name: String,
    #[serde(rename = "p", default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    /// For executors and jobs: where they run.
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub runs_on: Option<RunsOn>,
    /// Only for orbs read from the user's directories.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Member {
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// A parameter declaration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Param {
    #[serde(rename = "n")]
    pub name: String,
    /// The `type` as written (`string`, `boolean`, `enum`, …); empty when not given.
    #[serde(rename = "t", default, skip_serializing_if = "String::is_empty")]
    pub ty: String,
    /// The default as text (a list or mapping is written in flow style); `None` when the
    /// declaration has no `default`, which makes the parameter required.
    #[serde(rename = "v", default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(rename = "e", default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Param {
    pub fn required(&self) -> bool {
        self.default.is_none()
    }

    pub fn param_type(&self) -> ParamType {
        match self.ty.as_str() {
            "" => ParamType::Unspecified,
            "string" => ParamType::String,
            "boolean" => ParamType::Boolean,
            "integer" => ParamType::Integer,
            "executor" => ParamType::Executor,
            "steps" => ParamType::Steps,
            "env_var_name" => ParamType::EnvVarName,
            "enum" => ParamType::Enum(self.values.clone()),
            other => ParamType::Unknown(other.to_string()),
        }
    }
}

/// Where a job or executor runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunsOn {
    /// `docker`, `machine`, `macos`, or `executor` for a job that names an executor.
    #[serde(rename = "k")]
    pub kind: String,
    /// Docker images, in order (the first is the primary container).
    #[serde(rename = "i", default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
    /// For `executor`: the executor's name as written (may be templated).
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub executor: Option<String>,
    /// For `executor: {name: …, tag: …}`: the arguments as written (may be templated), by
    /// parameter name.
    #[serde(rename = "g", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// The image as written, templates included (`cimg/node:<<parameters.version>>`).
    #[serde(rename = "i")]
    pub image: String,
    /// Whether the image has an `auth` or `aws_auth` block.
    #[serde(rename = "a", default, skip_serializing_if = "std::ops::Not::not")]
    pub auth: bool,
}

impl Release {
    pub fn members(&self, kind: MemberKind) -> &[Arc<Member>] {
        match kind {
            MemberKind::Command => &self.commands,
            MemberKind::Job => &self.jobs,
            MemberKind::Executor => &self.executors,
        }
    }

    pub fn member(&self, kind: MemberKind, name: &str) -> Option<&Member> {
        self.members(kind)
            .iter()
            .find(|m| m.name == name)
            .map(|m| &**m)
    }
}

/// Every known release, by orb, newest first. The compiled-in data overlaid with the user's
/// orb directories.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub date: String,
    orbs: BTreeMap<String, OrbReleases>,
    /// Views of ranges of releases (what holds in all of them), made once per range.
    views: Arc<Mutex<HashMap<Vec<String>, Arc<Release>>>>,
}

/// One orb's releases.
#[derive(Clone, Debug)]
enum OrbReleases {
    /// Read whole: from an [`OrbFile`], or with a user's release laid over them.
    Read(Vec<Arc<Release>>),
    /// In a data file of the generated layout (the compiled-in one), read the first time
    /// they are asked for. Copies of a catalog share them, so a release is read once and is
    /// the same `Arc` in every copy.
    Lazy(Arc<LazyOrb>),
}

impl OrbReleases {
    fn releases(&self) -> &[Arc<Release>] {
        match self {
            OrbReleases::Read(list) => list,
            OrbReleases::Lazy(orb) => orb.releases(),
        }
    }

    fn versions(&self) -> Vec<&str> {
        match self {
            OrbReleases::Read(list) => list.iter().map(|r| r.version.as_str()).collect(),
            OrbReleases::Lazy(orb) => orb.versions().collect(),
        }
    }

    fn is_read(&self) -> bool {
        match self {
            OrbReleases::Read(_) => true,
            OrbReleases::Lazy(orb) => orb.is_read(),
        }
    }
}

impl PartialEq for OrbReleases {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (OrbReleases::Lazy(a), OrbReleases::Lazy(b)) if Arc::ptr_eq(a, b) => true,
            _ => self.releases() == other.releases(),
        }
    }
}

impl PartialEq for Catalog {
    fn eq(&self, other: &Self) -> bool {
        self.date == other.date && self.orbs == other.orbs
    }
}

/// Puts `item` in `list` (one orb's releases, newest first) as the catalog orders releases
/// it is handed one by one: one of the same version is replaced, and the sort is stable.
pub(super) fn place<T>(list: &mut Vec<T>, item: T, version: impl Fn(&T) -> &str) {
    list.retain(|r| version(r) != version(&item));
    list.push(item);
    list.sort_by(|a, b| Version::parse(version(b)).cmp(&Version::parse(version(a))));
}

impl Catalog {
    pub fn from_file(file: OrbFile) -> Catalog {
        let mut catalog = Catalog {
            date: file.date,
            ..Catalog::default()
        };
        for r in file.releases {
            catalog.insert(r);
        }
        catalog
    }

    /// The catalog of a data file (`generate::data_file`'s layout, or releases written out
    /// whole), each orb's releases read the first time they are asked for when the file is
    /// in the generated layout.
    pub fn from_data_file(text: &'static str) -> Result<Catalog, String> {
        match DataFile::index(text) {
            Ok(file) => Ok(Catalog {
                date: file.date.clone(),
                orbs: file
                    .orbs()
                    .into_iter()
                    .map(|(orb, lazy)| (orb, OrbReleases::Lazy(lazy)))
                    .collect(),
                views: Arc::default(),
            }),
            Err(_) => super::generate::parse_file(text).map(Catalog::from_file),
        }
    }

    /// What holds in every release of `releases` (newest first), made once per range.
    pub fn view(&self, releases: &[Arc<Release>]) -> Option<Arc<Release>> {
        if releases.len() < 2 {
            return releases.first().cloned();
        }
        let key: Vec<String> = releases
            .iter()
            .map(|r| format!("{}@{}", r.orb, r.version))
            .collect();
        if let Some(view) = self.views.lock().ok().and_then(|v| v.get(&key).cloned()) {
            return Some(view);
        }
        let view = super::range_view::view(releases)?;
        if let Ok(mut views) = self.views.lock() {
            views.insert(key, view.clone());
        }
        Some(view)
    }

    /// Adds a release, replacing one of the same orb and version.
    pub fn insert(&mut self, release: Release) {
        // Views of the old releases no longer hold; a copy of a catalog gets its own views.
        self.views = Arc::default();
        let entry = self
            .orbs
            .entry(release.orb.clone())
            .or_insert_with(|| OrbReleases::Read(Vec::new()));
        if let OrbReleases::Lazy(orb) = entry {
            *entry = OrbReleases::Read(orb.releases().to_vec());
        }
        if let OrbReleases::Read(list) = entry {
            place(list, Arc::new(release), |r| &r.version);
        }
    }

    /// The compiled-in catalog, indexed once; each orb's releases are read the first time
    /// they are asked for.
    pub fn compiled_in() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            // The file is generated and tested; an unreadable one leaves the catalog empty
            // rather than stopping the server.
            Catalog::from_data_file(COMPILED_IN).unwrap_or_default()
        })
    }

    /// Releases of `orb` (`namespace/name`), newest first.
    pub fn releases(&self, orb: &str) -> &[Arc<Release>] {
        self.orbs.get(orb).map_or(&[], OrbReleases::releases)
    }

    /// Versions of `orb`'s releases, newest first, without reading the releases.
    pub fn versions(&self, orb: &str) -> Vec<&str> {
        self.orbs
            .get(orb)
            .map(OrbReleases::versions)
            .unwrap_or_default()
    }

    /// Names of every known orb (`namespace/name`), sorted.
    pub fn orb_names(&self) -> impl Iterator<Item = &str> {
        self.orbs.keys().map(String::as_str)
    }

    /// Names of the orbs whose releases are in memory: every orb of a catalog read whole,
    /// and those of the compiled-in data asked for so far.
    pub fn built_orbs(&self) -> impl Iterator<Item = &str> {
        self.orbs
            .iter()
            .filter(|(_, releases)| releases.is_read())
            .map(|(orb, _)| orb.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.orbs.is_empty()
    }
}
