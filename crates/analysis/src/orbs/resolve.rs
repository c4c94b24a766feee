//! Which known releases an orb reference (`circleci/node@5.1`) can mean.
//!
//! CircleCI resolves `@X` and `@X.Y` to the newest published release of that major or minor,
//! and `@volatile` to the newest release. The data holds the newest patch of every minor
//! (../shared/orbs-minors) up to a date, so:
//!
//! - `@X.Y.Z` in the data is read exactly; missing from it, as the nearest known release of
//!   its minor (patches do not change an interface).
//! - `@X` and `@X.Y` are read as every known release they can mean, and so is an `X.Y.Z`
//!   whose minor the data lacks (the known releases around it): what holds in all of them is
//!   checked ([`super::range_view`]).
//! - A version newer than every known release of its major, a newer major, and `@volatile`
//!   are not checked: one info finding says so.
//! - An older major the data lacks, an unknown orb and `dev:` versions resolve to nothing.

use std::sync::Arc;

use super::data::{Catalog, Release};

/// A full `X.Y.Z` release number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        let mut parts = s.split('.');
        let v = Version {
            major: parts.next()?.parse().ok()?,
            minor: parts.next()?.parse().ok()?,
            patch: parts.next()?.parse().ok()?,
        };
        parts.next().is_none().then_some(v)
    }
}

/// What the part after `@` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wanted {
    Exact(Version),
    Major(u64),
    Minor(u64, u64),
    Volatile,
    /// `dev:…` and anything else.
    Other,
}

impl Wanted {
    pub fn parse(s: &str) -> Wanted {
        if s == "volatile" {
            return Wanted::Volatile;
        }
        if let Some(v) = Version::parse(s) {
            return Wanted::Exact(v);
        }
        let nums: Option<Vec<u64>> = s.split('.').map(|p| p.parse().ok()).collect();
        match nums.as_deref() {
            Some([major]) => Wanted::Major(*major),
            Some([major, minor]) => Wanted::Minor(*major, *minor),
            _ => Wanted::Other,
        }
    }
}

/// A parsed `namespace/name@version` with the byte ranges of its parts within the string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrbRef<'a> {
    /// `namespace/name`.
    pub orb: &'a str,
    pub version: &'a str,
    /// Offset of the version (after `@`) within the reference string.
    pub version_offset: usize,
    pub wanted: Wanted,
}

impl<'a> OrbRef<'a> {
    pub fn parse(s: &'a str) -> Option<OrbRef<'a>> {
        let (orb, version) = s.split_once('@')?;
        let (ns, name) = orb.split_once('/')?;
        if ns.is_empty() || name.is_empty() || s.contains("<<") {
            return None;
        }
        Some(OrbRef {
            orb,
            version,
            version_offset: orb.len() + 1,
            wanted: Wanted::parse(version),
        })
    }
}

/// How the releases a reference resolves to relate to the version written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// The release written is in the data.
    Exact,
    /// `X.Y.Z` the data lacks, read as the nearest known release of its minor.
    NearestOfMinor,
    /// `@X`, `@X.Y`, or an `X.Y.Z` whose minor the data lacks: every known release the pin
    /// can mean; what holds in all of them is checked.
    Range,
    /// Newer than every known release of its major, a newer major, or `@volatile`: members
    /// and parameters added since are unknown, so nothing is checked.
    NewerThanData,
}

/// How a pin fares against the data, for counts and reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PinFit {
    /// The release written.
    Exact,
    /// A release of the minor written (`@X.Y`, or another patch of `X.Y.Z`).
    SameMinor,
    /// Releases of the major written (`@X`, or neighbours of a minor the data lacks).
    Partial,
    /// Newer than the data: not checked.
    Newer,
    /// Nothing known: an unknown orb, an older major the data lacks, `dev:`.
    Unknown,
}

impl PinFit {
    pub fn label(self) -> &'static str {
        match self {
            PinFit::Exact => "exact",
            PinFit::SameMinor => "same minor",
            PinFit::Partial => "partial",
            PinFit::Newer => "newer than the data",
            PinFit::Unknown => "unknown",
        }
    }
}

/// The releases an orb reference resolves to.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// What the checks, hover and completion read: the release itself, or for a range the
    /// view of what holds in every release of it.
    pub release: Arc<Release>,
    /// The known releases the pin can mean, newest first; empty for a major newer than the
    /// data.
    pub releases: Vec<Arc<Release>>,
    pub reading: Reading,
}

impl Resolved {
    /// The release is exactly the version written.
    pub fn exact(&self) -> bool {
        self.reading == Reading::Exact
    }

    /// Whether what the config uses can be checked: members, parameters, values.
    pub fn checked(&self) -> bool {
        self.reading != Reading::NewerThanData
    }

    /// The versions read, for messages: `9.8.1`, or `9.0.1 to 9.8.1`.
    pub fn versions(&self) -> String {
        match self.releases.as_slice() {
            [] => self.release.version.clone(),
            [one] => one.version.clone(),
            [newest, .., oldest] => format!("{} to {}", oldest.version, newest.version),
        }
    }

    /// How the pin written as `wanted` fares.
    pub fn fit(&self, wanted: &Wanted) -> PinFit {
        match self.reading {
            Reading::Exact => PinFit::Exact,
            Reading::NearestOfMinor => PinFit::SameMinor,
            Reading::NewerThanData => PinFit::Newer,
            Reading::Range => {
                let minor = match wanted {
                    Wanted::Minor(major, minor) => Some((*major, *minor)),
                    Wanted::Exact(v) => Some((v.major, v.minor)),
                    _ => None,
                };
                let all_of_minor = minor.is_some_and(|(major, minor)| {
                    self.releases.iter().all(|r| {
                        Version::parse(&r.version)
                            .is_some_and(|v| v.major == major && v.minor == minor)
                    })
                });
                if all_of_minor {
                    PinFit::SameMinor
                } else {
                    PinFit::Partial
                }
            }
        }
    }
}

/// How `resolved` (the resolution of the pin written as `version`) fares.
pub fn pin_fit(resolved: Option<&Resolved>, version: &str) -> PinFit {
    resolved.map_or(PinFit::Unknown, |r| r.fit(&Wanted::parse(version)))
}

/// Resolves a reference against the catalog; `None` when nothing can be said about it.
pub fn resolve(catalog: &Catalog, r: &OrbRef<'_>) -> Option<Resolved> {
    let releases = catalog.releases(r.orb);
    let known = Known { releases };
    let (picked, reading) = match r.wanted {
        Wanted::Exact(v) => known.exact(v)?,
        Wanted::Minor(major, minor) => known.minor(major, minor)?,
        Wanted::Major(major) => known.major(major)?,
        Wanted::Volatile => (
            releases.first().cloned().into_iter().collect(),
            Reading::NewerThanData,
        ),
        Wanted::Other => return None,
    };
    let release = match picked.as_slice() {
        [] => releases.first().cloned()?,
        _ => catalog.view(&picked)?,
    };
    Some(Resolved {
        release,
        releases: picked,
        reading,
    })
}

/// The known releases of one orb, newest first.
struct Known<'a> {
    releases: &'a [Arc<Release>],
}

impl Known<'_> {
    fn versioned(&self) -> impl Iterator<Item = (Version, &Arc<Release>)> {
        self.releases
            .iter()
            .filter_map(|r| Some((Version::parse(&r.version)?, r)))
    }

    fn of(&self, keep: impl Fn(Version) -> bool) -> Vec<Arc<Release>> {
        self.versioned()
            .filter(|(v, _)| keep(*v))
            .map(|(_, r)| r.clone())
            .collect()
    }

    /// The newest known version of `major`; for `None`, of any major.
    fn newest(&self, major: Option<u64>) -> Option<Version> {
        self.versioned()
            .map(|(v, _)| v)
            .filter(|v| major.is_none_or(|m| v.major == m))
            .max()
    }

    /// A pin past the data: of a known major and newer than its newest release, or of a
    /// major newer than every known one.
    fn newer_than_data(
        &self,
        major: u64,
        past: impl Fn(Version) -> bool,
    ) -> Option<(Vec<Arc<Release>>, Reading)> {
        match self.newest(Some(major)) {
            Some(newest) if past(newest) => {
                Some((self.of(|v| v == newest), Reading::NewerThanData))
            }
            Some(_) => None,
            None => self
                .newest(None)
                .filter(|n| major > n.major)
                .map(|_| (Vec::new(), Reading::NewerThanData)),
        }
    }

    fn exact(&self, wanted: Version) -> Option<(Vec<Arc<Release>>, Reading)> {
        let same = self.of(|v| v == wanted);
        if !same.is_empty() {
            return Some((same, Reading::Exact));
        }
        let minor = self.of(|v| v.major == wanted.major && v.minor == wanted.minor);
        if let Some(nearest) = nearest_patch(&minor, wanted.patch) {
            return Some((vec![nearest], Reading::NearestOfMinor));
        }
        if let Some(newer) = self.newer_than_data(wanted.major, |newest| wanted > newest) {
            return Some(newer);
        }
        self.around(wanted)
    }

    fn minor(&self, major: u64, minor: u64) -> Option<(Vec<Arc<Release>>, Reading)> {
        let same = self.of(|v| v.major == major && v.minor == minor);
        if !same.is_empty() {
            return Some((same, Reading::Range));
        }
        if let Some(newer) = self.newer_than_data(major, |newest| minor > newest.minor) {
            return Some(newer);
        }
        self.around(Version {
            major,
            minor,
            patch: 0,
        })
    }

    fn major(&self, major: u64) -> Option<(Vec<Arc<Release>>, Reading)> {
        let same = self.of(|v| v.major == major);
        if !same.is_empty() {
            return Some((same, Reading::Range));
        }
        self.newer_than_data(major, |_| false)
    }

    /// A version of a minor the data lacks, inside its major's known range: the known
    /// releases on either side of it in that major.
    fn around(&self, wanted: Version) -> Option<(Vec<Arc<Release>>, Reading)> {
        let major: Vec<(Version, &Arc<Release>)> = self
            .versioned()
            .filter(|(v, _)| v.major == wanted.major)
            .collect();
        let newer = major
            .iter()
            .filter(|(v, _)| *v > wanted)
            .min_by_key(|(v, _)| *v);
        let older = major
            .iter()
            .filter(|(v, _)| *v < wanted)
            .max_by_key(|(v, _)| *v);
        let picked: Vec<Arc<Release>> = [newer, older]
            .into_iter()
            .flatten()
            .map(|(_, r)| (*r).clone())
            .collect();
        (!picked.is_empty()).then_some((picked, Reading::Range))
    }
}

/// The release of one minor whose patch is nearest `patch` (the newer on a tie).
fn nearest_patch(minor: &[Arc<Release>], patch: u64) -> Option<Arc<Release>> {
    minor
        .iter()
        .filter_map(|r| Some((Version::parse(&r.version)?, r)))
        .min_by_key(|(v, _)| (v.patch.abs_diff(patch), std::cmp::Reverse(v.patch)))
        .map(|(_, r)| r.clone())
}
/// The newest known release of the orb, and the newest of the asked major, when newer than
/// the version asked for.
pub fn newer_releases(
    catalog: &Catalog,
    r: &OrbRef<'_>,
) -> (Option<Arc<Release>>, Option<Arc<Release>>) {
    let releases = catalog.releases(r.orb);
    let newest = releases.first().cloned();
    let (asked_major, asked) = match r.wanted {
        Wanted::Exact(v) => (v.major, v),
        Wanted::Minor(major, minor) => (
            major,
            Version {
                major,
                minor,
                patch: u64::MAX,
            },
        ),
        Wanted::Major(major) => (
            major,
            Version {
                major,
                minor: u64::MAX,
                patch: u64::MAX,
            },
        ),
        _ => return (None, None),
    };
    let newer = |rel: &Arc<Release>| Version::parse(&rel.version).is_some_and(|v| v > asked);
    let newest_overall = newest.filter(|rel| {
        newer(rel) && Version::parse(&rel.version).is_some_and(|v| v.major > asked_major)
    });
    let newest_in_major = releases
        .iter()
        .find(|rel| Version::parse(&rel.version).is_some_and(|v| v.major == asked_major))
        .filter(|rel| newer(rel))
        .cloned();
    (newest_overall, newest_in_major)
}
