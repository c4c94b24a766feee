//! The data file read lazily: an orb's releases are read only when asked for, and what is
//! read is what reading the whole file gives.

use std::sync::Arc;

use super::data::{Catalog, Member, MemberKind, Release, COMPILED_IN};
use super::generate::{data_file, parse_file};

/// A fresh lazy catalog of the compiled-in data: `Catalog::compiled_in()` is shared by every
/// test of the process, so what it has read depends on the order they run in.
fn lazy() -> Catalog {
    match Catalog::from_data_file(COMPILED_IN) {
        Ok(c) => c,
        Err(e) => panic!("data/orbs.json does not index: {e}"),
    }
}

/// The compiled-in data read whole, as before it was read lazily.
fn whole() -> Catalog {
    match parse_file(COMPILED_IN) {
        Ok(file) => Catalog::from_file(file),
        Err(e) => panic!("data/orbs.json does not parse: {e}"),
    }
}

fn built(catalog: &Catalog) -> Vec<&str> {
    catalog.built_orbs().collect()
}

#[test]
fn orb_names_and_versions_are_listed_without_reading_releases() {
    let catalog = lazy();
    let names: Vec<&str> = catalog.orb_names().collect();
    let expected = whole();
    assert_eq!(names, expected.orb_names().collect::<Vec<_>>());
    assert!(names.len() >= 30, "{names:?}");
    assert!(!catalog.is_empty());
    let node = catalog.versions("circleci/node");
    assert!(node.len() >= 10, "{node:?}");
    assert_eq!(node, expected.versions("circleci/node"));
    assert!(catalog.versions("acme/none").is_empty());
    assert!(catalog.releases("acme/none").is_empty());
    assert_eq!(built(&catalog), Vec::<&str>::new());
}

#[test]
fn an_orbs_releases_are_read_the_first_time_they_are_asked_for() {
    let catalog = lazy();
    let node = catalog.releases("circleci/node");
    assert!(!node.is_empty());
    assert_eq!(built(&catalog), vec!["circleci/node"]);
    // Asked again: the same releases, not read again.
    let again = catalog.releases("circleci/node");
    assert!(node.iter().zip(again).all(|(a, b)| Arc::ptr_eq(a, b)));
    catalog.releases("circleci/docker");
    assert_eq!(built(&catalog), vec!["circleci/docker", "circleci/node"]);
}

#[test]
fn copies_of_a_catalog_share_what_is_read() {
    let catalog = lazy();
    let copy = catalog.clone();
    let read = copy.releases("circleci/node");
    assert_eq!(built(&catalog), vec!["circleci/node"]);
    let original = catalog.releases("circleci/node");
    assert!(read.iter().zip(original).all(|(a, b)| Arc::ptr_eq(a, b)));
}

#[test]
fn every_orb_read_lazily_is_what_reading_the_whole_file_gives() {
    let catalog = lazy();
    let expected = whole();
    for orb in expected.orb_names() {
        assert_eq!(catalog.releases(orb), expected.releases(orb), "{orb}");
        assert_eq!(catalog.versions(orb), expected.versions(orb), "{orb}");
    }
    assert_eq!(built(&catalog), expected.orb_names().collect::<Vec<_>>());
    assert!(catalog == expected);
    assert_eq!(catalog.date, expected.date);
}

#[test]
fn releases_share_the_members_the_file_stores_once() {
    let catalog = lazy();
    let releases = catalog.releases("circleci/node");
    let (Some(newest), Some(next)) = (releases.first(), releases.get(1)) else {
        panic!("circleci/node has fewer than two releases");
    };
    let shared = newest.commands.iter().any(|a| {
        next.commands
            .iter()
            .any(|b| a.name == b.name && Arc::ptr_eq(a, b))
    });
    assert!(shared, "{} and {}", newest.version, next.version);
}

#[test]
fn a_user_release_over_a_lazy_orb_reads_as_over_the_whole_file() {
    let user = |version: &str| Release {
        orb: "circleci/node".to_string(),
        version: version.to_string(),
        commands: vec![Arc::new(Member {
            name: "mine".to_string(),
            ..Member::default()
        })],
        ..Release::default()
    };
    let newest = lazy()
        .versions("circleci/node")
        .first()
        .map(|v| v.to_string());
    let Some(newest) = newest else {
        panic!("no circleci/node release");
    };
    let (mut catalog, mut expected) = (lazy(), whole());
    for version in [newest.as_str(), "99.0.0", "5.0.999"] {
        catalog.insert(user(version));
        expected.insert(user(version));
    }
    // Only the orb a user's release was laid over is read.
    assert_eq!(built(&catalog), vec!["circleci/node"]);
    assert_eq!(
        catalog.releases("circleci/node"),
        expected.releases("circleci/node")
    );
    assert_eq!(
        catalog.versions("circleci/node"),
        expected.versions("circleci/node")
    );
    let replaced = catalog
        .releases("circleci/node")
        .iter()
        .find(|r| r.version == newest);
    assert!(replaced.is_some_and(|r| r.member(MemberKind::Command, "mine").is_some()));
    // The compiled-in data itself is not changed.
    let original = lazy();
    let first = original.releases("circleci/node").first();
    assert!(first.is_some_and(|r| r.member(MemberKind::Command, "mine").is_none()));
}

/// A packed file with releases out of order and a version given twice: the lazy catalog
/// orders them as the catalog orders releases handed to it one by one.
const OUT_OF_ORDER: &str = r#"{"date":"2026-07-01",
"members":[
{"n":"a"},
{"n":"b","p":[{"n":"x","t":"string"}]}
],
"releases":[
{"o":"acme/z","v":"1.2.0","c":[0]},
{"o":"acme/y","v":"2.0.0","c":[0,1]},
{"o":"acme/y","v":"10.0.0","c":[1]},
{"o":"acme/y","v":"2.0.0","c":[1]},
{"o":"acme/y","v":"not-a-version","c":[0]},
{"o":"acme/y","v":"3.1.0","j":[0],"e":[1]}
]}
"#;

#[test]
fn releases_of_a_packed_file_are_ordered_as_when_inserted() {
    let catalog = match Catalog::from_data_file(OUT_OF_ORDER) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let expected = match parse_file(OUT_OF_ORDER) {
        Ok(f) => Catalog::from_file(f),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        catalog.versions("acme/y"),
        vec!["10.0.0", "3.1.0", "2.0.0", "not-a-version"]
    );
    assert_eq!(built(&catalog), Vec::<&str>::new());
    assert_eq!(catalog.releases("acme/y"), expected.releases("acme/y"));
    // The later of two releases of one version is kept.
    let two = catalog.releases("acme/y").get(2).map(|r| r.commands.len());
    assert_eq!(two, Some(1));
    assert!(catalog == expected);
}

#[test]
fn a_file_whose_releases_list_their_members_whole_is_read_at_once() {
    let catalog = match Catalog::from_data_file(
        r#"{"date":"2026-07-01","releases":[
        {"orb":"acme/tools","version":"1.0.0","commands":[{"n":"deploy"}]}
        ]}"#,
    ) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(built(&catalog), vec!["acme/tools"]);
    let first = catalog.releases("acme/tools").first();
    assert!(first.is_some_and(|r| r.member(MemberKind::Command, "deploy").is_some()));
}

#[test]
fn an_unreadable_release_fails_parsing_and_is_left_out_of_a_lazy_catalog() {
    let text = r#"{"date":"2026-07-01",
"members":[{"n":"a"},{"p":[]}],
"releases":[
{"o":"acme/y","v":"2.0.0","c":[0]},
{"o":"acme/y","v":"1.0.0","c":[1]},
{"o":"acme/y","v":"0.9.0","c":[7]}
]}"#;
    let err = parse_file(text).err().unwrap_or_default();
    assert!(
        err.contains("acme/y@1.0.0: member 1 does not read"),
        "{err}"
    );
    let catalog = match Catalog::from_data_file(text) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let read: Vec<&str> = catalog
        .releases("acme/y")
        .iter()
        .map(|r| r.version.as_str())
        .collect();
    assert_eq!(read, vec!["2.0.0"]);
    assert!(Catalog::from_data_file("{").is_err());
}

#[test]
fn the_data_file_reads_back_as_written() {
    let member = |name: &str| {
        Arc::new(Member {
            name: name.to_string(),
            ..Member::default()
        })
    };
    let release = |version: &str, commands: Vec<Arc<Member>>| Release {
        orb: "acme/y".to_string(),
        version: version.to_string(),
        commands,
        ..Release::default()
    };
    let releases = vec![
        release("2.0.0", vec![member("a"), member("b")]),
        release("1.0.0", vec![member("a")]),
    ];
    let text = match data_file("2026-07-01", &releases) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    // `a` is stored once.
    assert_eq!(text.matches(r#"{"n":"a"}"#).count(), 1, "{text}");
    let read = parse_file(&text).map(|f| (f.date, f.releases));
    assert_eq!(read, Ok(("2026-07-01".to_string(), releases)));
}
