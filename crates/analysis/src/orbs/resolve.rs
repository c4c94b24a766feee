//! Which known release an orb reference (`circleci/node@5.1`) means.
//!
//! CircleCI resolves `@X` and `@X.Y` to the newest published release of that major or minor,
//! and `@volatile` to the newest release. Our data ends at a date, so a version it does not
//! have stands for the newest known release of the same major; an unknown major or orb, or a
//! `dev:` version, resolves to nothing and nothing is said about it.

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

/// How sure the resolution is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// The release asked for, the newest known of a minor (`@X.Y`), or a newer release of
    /// the same major standing in for an older one the data lacks.
    Known,
    /// The asked version is newer than every known release of its major (or is
    /// `@volatile`): members and parameters added since may be missing from the data, so
    /// absence is not reported.
    NewerThanKnown,
}

/// The release an orb reference resolves to.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub release: Arc<Release>,
    pub fit: Fit,
    /// The release is exactly the version written.
    pub exact: bool,
}

impl Resolved {
    /// Whether a member or parameter the release lacks can be reported as missing.
    pub fn reports_absence(&self) -> bool {
        self.fit == Fit::Known
    }
}

/// Resolves a reference against the catalog; `None` when nothing can be said about it.
pub fn resolve(catalog: &Catalog, r: &OrbRef<'_>) -> Option<Resolved> {
    let releases = catalog.releases(r.orb);
    let version = |rel: &Arc<Release>| Version::parse(&rel.version);
    let newest_where = |f: &dyn Fn(Version) -> bool| {
        releases
            .iter()
            .find(|rel| version(rel).is_some_and(f))
            .cloned()
    };
    let (release, fit) = match r.wanted {
        Wanted::Exact(v) => {
            let same_major = newest_where(&|x| x.major == v.major)?;
            match newest_where(&|x| x == v) {
                Some(exact) => (exact, Fit::Known),
                None => {
                    let newest = version(&same_major)?;
                    // An older release missing from the data is read as the newest known of
                    // its major: members and parameters are only added within a major, so
                    // what that release lacks, the older one lacked too.
                    let fit = if v > newest {
                        Fit::NewerThanKnown
                    } else {
                        Fit::Known
                    };
                    (same_major, fit)
                }
            }
        }
        Wanted::Minor(major, minor) => {
            let same_major = newest_where(&|x| x.major == major)?;
            match newest_where(&|x| x.major == major && x.minor == minor) {
                // A newer patch may exist, but patches add nothing to an interface.
                Some(rel) => (rel, Fit::Known),
                None => {
                    let newer = version(&same_major).is_some_and(|n| n.minor < minor);
                    let fit = if newer {
                        Fit::NewerThanKnown
                    } else {
                        Fit::Known
                    };
                    (same_major, fit)
                }
            }
        }
        Wanted::Major(major) => {
            // A major with a newer major after it is finished: its newest known release is
            // what `@X` means. The newest major may have gained members since our data.
            let later_major = newest_where(&|x| x.major > major).is_some();
            let fit = if later_major {
                Fit::Known
            } else {
                Fit::NewerThanKnown
            };
            (newest_where(&|x| x.major == major)?, fit)
        }
        Wanted::Volatile => (releases.first()?.clone(), Fit::NewerThanKnown),
        Wanted::Other => return None,
    };
    let exact = matches!(r.wanted, Wanted::Exact(v) if Version::parse(&release.version) == Some(v));
    Some(Resolved {
        release,
        fit,
        exact,
    })
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
