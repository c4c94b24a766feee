//! The command line on real configs and against the SARIF schema.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::cli::*;
use crate::data;

const HUB_AND_SECRET: &str = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01 # base\n        auth:\n          username: me\n          password: hunter2\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";
const UNDEFINED_JOB: &str = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build, deploy]\n";

/// SARIF output validates against the SARIF 2.1.0 schema, with Python's `jsonschema` (CI
/// installs it with pip).
#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let dir = scratch("sarif-schema");
    write(&dir.join(".circleci/config.yml"), HUB_AND_SECRET);
    write(&dir.join(".circleci/other config.yml"), UNDEFINED_JOB);
    let o = run_in(&dir, &["check", "--format", "sarif", "."]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let schema = data::shared_dir().join("schema/sarif-schema-2.1.0.json");
    assert!(schema.is_file(), "{} is missing", schema.display());
    let sarif_path = dir.join("out.sarif");
    std::fs::write(&sarif_path, &o.stdout).expect("write sarif");
    let check = Command::new("python3")
        .arg("-c")
        .arg("import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\njsonschema.validate(json.load(open(sys.argv[2])), schema)\nprint('valid')")
        .arg(&schema)
        .arg(&sarif_path)
        .output()
        .expect("python3 runs (CI installs it and the jsonschema package)");
    assert!(
        check.status.success(),
        "SARIF does not validate:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// Counts of (code, message) pairs, to compare findings before and after a fix.
/// Findings by code and message. An `orb-update` a same-major bump answers stays, reworded to
/// name only the newer major, so it is counted by code alone.
fn tally(findings: &[Value]) -> HashMap<(String, String), usize> {
    let mut m = HashMap::new();
    for f in findings {
        let code = f["code"].as_str().unwrap_or_default().to_string();
        let message = match code.as_str() {
            "orb-update" => String::new(),
            _ => f["message"].as_str().unwrap_or_default().to_string(),
        };
        let key = (code, message);
        *m.entry(key).or_insert(0) += 1;
    }
    m
}

/// `fix --unsafe-fixes` on copies of every corpus config: the files still parse, every finding
/// left was there before, the fixed ones are gone, and a second run changes nothing.
#[test]
fn fix_round_trips_on_corpus_copies() {
    let corpus = data::corpus_dir();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("corpus {} unreadable: {e}", corpus.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 20,
        "too few corpus configs in {}",
        corpus.display()
    );
    let dir = scratch("fix-corpus");
    for name in &names {
        let file = name.file_name().expect("file name");
        std::fs::copy(name, dir.join(".circleci").join(file)).unwrap_or_else(|_| {
            std::fs::create_dir_all(dir.join(".circleci")).expect("mkdir");
            std::fs::copy(name, dir.join(".circleci").join(file)).expect("copy")
        });
    }
    let before = json_findings(&dir, &["."]);
    let fixable: Vec<&Value> = before
        .iter()
        .filter(|f| !f["fix"]["applicability"].is_null() && f["fix"]["applicability"] != "none")
        .collect();
    assert!(!fixable.is_empty(), "the corpus has fixable findings");
    let o = run_in(&dir, &["fix", "--unsafe-fixes", "."]);
    let report = stdout(&o);
    assert!(report.contains(": fixed ["), "{report}");
    let after = json_findings(&dir, &["."]);
    assert!(
        !codes(&after).iter().any(|c| c == "yaml-syntax"),
        "a fix broke a file"
    );
    let old = tally(&before);
    for (key, n) in tally(&after) {
        assert!(
            old.get(&key).copied().unwrap_or(0) >= n,
            "new finding after fix: {key:?}"
        );
    }
    assert!(after.len() < before.len(), "nothing was fixed");
    let fixed_secrets = before
        .iter()
        .filter(|f| f["code"] == "literal-secret")
        .count();
    let left_secrets = after
        .iter()
        .filter(|f| f["code"] == "literal-secret")
        .count();
    assert!(left_secrets <= fixed_secrets);
    assert!(
        // The summary, then the fixes left to the editor.
        report
            .lines()
            .rev()
            .take(2)
            .any(|l| l.starts_with("Fixed ")),
        "{report}"
    );
    let snapshot: Vec<String> = names
        .iter()
        .map(|n| {
            std::fs::read_to_string(dir.join(".circleci").join(n.file_name().expect("name")))
                .expect("read")
        })
        .collect();
    let o = run_in(&dir, &["fix", "--unsafe-fixes", "."]);
    assert!(
        stdout(&o).contains("Fixed 0 findings in 0 files"),
        "{}",
        stdout(&o)
    );
    for (n, text) in names.iter().zip(&snapshot) {
        let again =
            std::fs::read_to_string(dir.join(".circleci").join(n.file_name().expect("name")))
                .expect("read");
        assert_eq!(&again, text, "second fix changed {}", n.display());
    }
}

/// The README's example circleci-ls.toml validates against docs/circleci-ls.schema.json, the
/// schema editors use (Python's tomllib and jsonschema; CI installs jsonschema).
#[test]
fn the_readme_project_file_example_matches_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("read README");
    let start = readme.find("```toml\n").expect("a TOML example") + "```toml\n".len();
    let end = start + readme[start..].find("```").expect("end of the example");
    let dir = scratch("readme-toml-schema");
    write(&dir.join("circleci-ls.toml"), &readme[start..end]);
    let check = Command::new("python3")
        .arg("-c")
        .arg("import json, sys, tomllib, jsonschema\nschema = json.load(open(sys.argv[1]))\njsonschema.validate(tomllib.load(open(sys.argv[2], 'rb')), schema)\njsonschema.Draft7Validator.check_schema(schema)")
        .arg(root.join("docs/circleci-ls.schema.json"))
        .arg(dir.join("circleci-ls.toml"))
        .output()
        .expect("python3 runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}
