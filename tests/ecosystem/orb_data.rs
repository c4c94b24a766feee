//! Tests of the orb data: the committed file is what the generator writes from
//! ../shared/orbs-minors (every minor of every major), every release in it reads, and
//! references resolve as CircleCI resolves them.

use std::path::PathBuf;

use analysis::orbs::data::{Catalog, MemberKind, OrbFile};
use analysis::orbs::generate::{self, Descriptions};
use analysis::orbs::resolve::{pin_fit, resolve, OrbRef, PinFit, Reading, Version, Wanted};
use circleci_ls::disk::orb_folders;

/// The packed orb sources (the shared folder's `orbs-minors`, or `$CIRCLECI_LS_ORBS`); missing
/// fails.
fn sources() -> Option<PathBuf> {
    let dir = std::env::var_os("CIRCLECI_LS_ORBS")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::data::shared_dir().join("orbs-minors"));
    assert!(
        dir.is_dir(),
        "packed orb sources not found at {}; set CIRCLECI_LS_ORBS or CIRCLECI_LS_SHARED",
        dir.display()
    );
    Some(dir)
}

fn compiled_in() -> OrbFile {
    match generate::parse_file(analysis::orbs::data::COMPILED_IN) {
        Ok(f) => f,
        Err(e) => panic!("data/orbs.json does not parse: {e}"),
    }
}

#[test]
fn committed_data_is_what_the_generator_writes() {
    let Some(dir) = sources() else {
        return;
    };
    let fresh = match orb_folders::generate(&dir) {
        Ok(f) => f,
        Err(e) => panic!("generator failed: {e}"),
    };
    assert!(
        fresh == analysis::orbs::data::COMPILED_IN,
        "data/orbs.json is stale; run scripts/gen-orbs.sh and commit the result"
    );
    // Deterministic: a second run writes the same bytes.
    assert_eq!(orb_folders::generate(&dir).ok(), Some(fresh));
}

#[test]
fn every_source_release_reads_with_readable_parameters() {
    let Some(dir) = sources() else {
        return;
    };
    let files = orb_folders::list_orb_files(&dir);
    let sources_tsv = std::fs::read_to_string(dir.join("SOURCES.tsv")).unwrap_or_default();
    // One file per SOURCES.tsv row (less its header).
    assert_eq!(files.len(), sources_tsv.lines().count().saturating_sub(1));
    assert!(files.len() >= 400, "only {} orb files", files.len());
    let (mut members, mut params) = (0, 0);
    for (orb, version, path) in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let release = match generate::read_release(&orb, &version, &text, Descriptions::Keep) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        let all: Vec<_> = [MemberKind::Command, MemberKind::Job, MemberKind::Executor]
            .iter()
            .flat_map(|k| release.members(*k))
            .collect();
        assert!(!all.is_empty(), "{orb}@{version} has no members");
        for m in all {
            members += 1;
            for p in &m.params {
                params += 1;
                assert!(!p.name.is_empty(), "{orb}@{version} {}", m.name);
                // Every declared type is one CircleCI knows.
                assert!(
                    matches!(
                        p.ty.as_str(),
                        "string"
                            | "boolean"
                            | "integer"
                            | "enum"
                            | "executor"
                            | "steps"
                            | "env_var_name"
                    ),
                    "{orb}@{version} {}.{}: type `{}`",
                    m.name,
                    p.name,
                    p.ty
                );
                if p.ty == "enum" {
                    assert!(
                        !p.values.is_empty(),
                        "{orb}@{version} {}.{}",
                        m.name,
                        p.name
                    );
                }
            }
        }
    }
    // The sources' README counts 1,916 commands, 700 jobs, 876 executors and 20,130
    // parameters, once per version.
    assert_eq!(members, 1916 + 700 + 876);
    assert_eq!(params, 20130);
}

#[test]
fn compiled_in_data_has_no_prose() {
    let file = compiled_in();
    assert!(file.date.len() == 10, "date `{}`", file.date);
    assert!(file.releases.len() >= 400);
    for r in &file.releases {
        assert!(r.description.is_none());
        for kind in [MemberKind::Command, MemberKind::Job, MemberKind::Executor] {
            for m in r.members(kind) {
                assert!(m.description.is_none(), "{}: {}", r.orb, m.name);
                assert!(m.params.iter().all(|p| p.description.is_none()));
            }
        }
    }
}

#[test]
fn versions_and_references_parse() {
    assert_eq!(
        Version::parse("5.10.2"),
        Some(Version {
            major: 5,
            minor: 10,
            patch: 2
        })
    );
    assert_eq!(Version::parse("5.1"), None);
    assert_eq!(Version::parse("5.1.x"), None);
    assert_eq!(Wanted::parse("5"), Wanted::Major(5));
    assert_eq!(Wanted::parse("5.1"), Wanted::Minor(5, 1));
    assert_eq!(Wanted::parse("volatile"), Wanted::Volatile);
    assert_eq!(Wanted::parse("dev:alpha"), Wanted::Other);
    let r = OrbRef::parse("circleci/node@5.1.0");
    assert_eq!(
        r.as_ref().map(|r| (r.orb, r.version, r.version_offset)),
        Some(("circleci/node", "5.1.0", 14))
    );
    assert_eq!(OrbRef::parse("node"), None);
    assert_eq!(OrbRef::parse("circleci/node"), None);
    assert_eq!(
        OrbRef::parse("circleci/<< pipeline.parameters.x >>@1"),
        None
    );
}

/// A catalog of two majors of one orb, independent of the generated data.
fn small_catalog() -> Catalog {
    let file: OrbFile = match generate::parse_file(
        r#"{"date":"2026-07-01","releases":[
        {"orb":"circleci/demo","version":"2.1.0","commands":[{"n":"install"}]},
        {"orb":"circleci/demo","version":"1.4.2","commands":[{"n":"old"}]},
        {"orb":"circleci/demo","version":"1.3.0","commands":[{"n":"old"}]},
        {"orb":"circleci/demo","version":"1.1.0","commands":[{"n":"old"}]}
        ]}"#,
    ) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    };
    Catalog::from_file(file)
}

/// The versions a reference is read as, and how.
fn resolved(catalog: &Catalog, reference: &str) -> Option<(Vec<String>, Reading)> {
    let r = OrbRef::parse(reference)?;
    resolve(catalog, &r).map(|x| {
        let versions = x.releases.iter().map(|r| r.version.clone()).collect();
        (versions, x.reading)
    })
}

#[test]
fn references_resolve_to_known_releases() {
    let c = small_catalog();
    let read = |versions: &[&str], reading| {
        Some((
            versions.iter().map(|v| v.to_string()).collect::<Vec<_>>(),
            reading,
        ))
    };
    assert_eq!(
        resolved(&c, "circleci/demo@1.3.0"),
        read(&["1.3.0"], Reading::Exact)
    );
    // Another patch of a known minor: the nearest release of that minor.
    assert_eq!(
        resolved(&c, "circleci/demo@1.3.7"),
        read(&["1.3.0"], Reading::NearestOfMinor)
    );
    // A minor the data lacks: the known releases on either side of it.
    assert_eq!(
        resolved(&c, "circleci/demo@1.2.0"),
        read(&["1.3.0", "1.1.0"], Reading::Range)
    );
    assert_eq!(
        resolved(&c, "circleci/demo@1.0.0"),
        read(&["1.1.0"], Reading::Range)
    );
    // Newer than known: not checked.
    assert_eq!(
        resolved(&c, "circleci/demo@1.9.0"),
        read(&["1.4.2"], Reading::NewerThanData)
    );
    assert_eq!(
        resolved(&c, "circleci/demo@1.3"),
        read(&["1.3.0"], Reading::Range)
    );
    assert_eq!(
        resolved(&c, "circleci/demo@1.8"),
        read(&["1.4.2"], Reading::NewerThanData)
    );
    // A major: every known release of it, the newest major included.
    assert_eq!(
        resolved(&c, "circleci/demo@1"),
        read(&["1.4.2", "1.3.0", "1.1.0"], Reading::Range)
    );
    assert_eq!(
        resolved(&c, "circleci/demo@2"),
        read(&["2.1.0"], Reading::Range)
    );
    assert_eq!(
        resolved(&c, "circleci/demo@volatile"),
        read(&["2.1.0"], Reading::NewerThanData)
    );
    assert_eq!(
        resolved(&c, "circleci/demo@3.0.0"),
        read(&[], Reading::NewerThanData)
    );
    assert_eq!(resolved(&c, "circleci/demo@0.9.0"), None);
    assert_eq!(resolved(&c, "circleci/demo@dev:abc"), None);
    assert_eq!(resolved(&c, "circleci/other@1.0.0"), None);
}

/// How the corpus's orb pins fare against the compiled-in data (`cargo run --example
/// orb_pins` lists them). With only the newest release of each major (../shared/orbs) they
/// were 18 exact, 12 of the same minor, 54 read from another minor, 9 unknown.
#[test]
fn corpus_pins_resolve_to_their_own_releases() {
    let mut counts = std::collections::BTreeMap::<PinFit, usize>::new();
    for file in crate::data::corpus() {
        let a = analysis::analyze(
            std::sync::Arc::from(file.text.as_str()),
            &analysis::settings::Settings::default(),
        );
        for d in analysis::orbs::declared::declared_orbs(a.model(), Catalog::compiled_in()) {
            *counts
                .entry(pin_fit(d.resolved.as_ref(), &d.version))
                .or_default() += 1;
        }
    }
    let got = |fit| counts.get(&fit).copied().unwrap_or(0);
    assert_eq!(
        (
            got(PinFit::Exact),
            got(PinFit::SameMinor),
            got(PinFit::Partial),
            got(PinFit::Newer),
            got(PinFit::Unknown)
        ),
        (36, 44, 3, 1, 9),
        "{counts:?}"
    );
}

#[test]
fn compiled_in_catalog_resolves_real_orbs() {
    let c = Catalog::compiled_in();
    assert_eq!(
        resolved(c, "circleci/node@7.2.1"),
        Some((vec!["7.2.1".to_string()], Reading::Exact))
    );
    let release = match OrbRef::parse("circleci/aws-ecr@9.8.1").and_then(|r| resolve(c, &r)) {
        Some(r) => r.release,
        None => panic!("aws-ecr 9 missing"),
    };
    assert!(release
        .member(MemberKind::Job, "build_and_push_image")
        .is_some());
    assert!(release
        .member(MemberKind::Job, "build-and-push-image")
        .is_none());
}

#[test]
fn docker_orb_parameters_the_docker_rules_read_exist_in_every_release() {
    // The Docker rules read `docker/check`'s `registry` and `docker/pull`'s `images` by name;
    // the orb data says every known release has them.
    let c = Catalog::compiled_in();
    let releases = c.releases("circleci/docker");
    assert!(releases.len() >= 3);
    for r in releases {
        let param = |command: &str, name: &str| {
            r.member(MemberKind::Command, command)
                .and_then(|m| m.param(name))
                .is_some()
        };
        assert!(param("check", "registry"), "docker@{}", r.version);
        assert!(param("pull", "images"), "docker@{}", r.version);
    }
}
