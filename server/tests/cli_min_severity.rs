//! `check --min-severity` and each format's default (issue 21): pull-request annotations and
//! JUnit test results leave hints such as `orb-update` out unless asked, the other formats
//! show everything, and the summary says what was left out.

// Test helpers outside #[test] functions may fail loudly too: a failed setup is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use common::cli::*;

/// A hint (`orb-update`, `unpinned-image`) and a warning (`ecr-needs-aws-auth`).
const HINTS_AND_A_WARNING: &str = "version: 2.1\norbs:\n  node: circleci/node@5.1.0\njobs:\n  build:\n    docker:\n      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build, node/test]\n";

fn check(args: &[&str]) -> (String, String, i32) {
    let dir = scratch(&format!(
        "min-severity-{}",
        args.join("-").replace('/', "_")
    ));
    write(&dir.join(".circleci/config.yml"), HINTS_AND_A_WARNING);
    let o = run_in(&dir, &[&["check"], args].concat());
    (stdout(&o), stderr(&o), code(&o))
}

#[test]
fn github_annotations_leave_hints_out_by_default() {
    let (out, _, status) = check(&["--format", "github"]);
    assert_eq!(status, 0, "{out}");
    assert!(
        out.contains("title=circleci-ls ecr-needs-aws-auth"),
        "{out}"
    );
    assert!(!out.contains("orb-update"), "{out}");
    assert!(!out.contains("::notice"), "{out}");
    assert!(
        out.contains("2 hints (2 below info not shown; see --min-severity)."),
        "{out}"
    );
    let (all, _, _) = check(&["--format", "github", "--min-severity", "hint"]);
    assert_eq!(
        all.matches("title=circleci-ls orb-update").count(),
        1,
        "{all}"
    );
}

#[test]
fn junit_leaves_hints_out_by_default() {
    let (out, err, _) = check(&["--format", "junit"]);
    assert!(out.contains("<failure message=\"Add `aws_auth`"), "{out}");
    assert!(!out.contains("orb-update]"), "{out}");
    assert!(err.contains("below info not shown"), "{err}");
    let (all, _, _) = check(&["--format", "junit", "--min-severity", "hint"]);
    assert!(all.contains("hint[orb-update]"), "{all}");
}

#[test]
fn the_other_formats_show_every_level_unless_told() {
    let (out, _, _) = check(&["--format", "concise"]);
    assert_eq!(out.matches("hint[orb-update]").count(), 1, "{out}");
    assert!(out.ends_with("0 info, 2 hints.\n"), "{out}");
    let (warnings, _, _) = check(&["--format", "concise", "--min-severity", "warning"]);
    assert!(!warnings.contains("hint["), "{warnings}");
    assert!(
        warnings.contains("warning[ecr-needs-aws-auth]"),
        "{warnings}"
    );
}

#[test]
fn the_exit_code_counts_errors_whatever_is_shown() {
    let dir = scratch("min-severity-errors");
    write(
        &dir.join(".circleci/config.yml"),
        "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build, deploy]\n",
    );
    let o = run_in(
        &dir,
        &["check", "--min-severity", "error", "--format", "github"],
    );
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("::error "), "{}", stdout(&o));
}
