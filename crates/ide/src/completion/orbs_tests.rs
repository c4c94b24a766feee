//! Completion from the orb data: `$0` marks the cursor.

use std::fmt::Write;

use expect_test::{expect, Expect};

use crate::cursor::CursorContext;
use crate::test_support::Fixture;

fn items(fixture: &str, max: usize) -> String {
    let f = Fixture::new(fixture);
    let cursor = CursorContext::at(&f.text, f.offset);
    let mut all = super::orbs::complete(&f.ctx(), &cursor);
    all.sort_by(|a, b| {
        (a.sort_text.as_ref().unwrap_or(&a.label)).cmp(b.sort_text.as_ref().unwrap_or(&b.label))
    });
    let mut out = String::new();
    let total = all.len();
    for item in all.into_iter().take(max) {
        let _ = write!(out, "{} [{:?}]", item.label, item.kind);
        if let Some(d) = &item.detail {
            let _ = write!(out, " ({d})");
        }
        if item.insert_text != item.label {
            let _ = write!(out, " inserts {:?}", item.insert_text);
        }
        let _ = writeln!(out, " replaces {:?}", item.replace.text(&f.text));
    }
    if total > max {
        let _ = writeln!(out, "… {} more", total - max);
    }
    out
}

fn check(fixture: &str, max: usize, expected: Expect) {
    expected.assert_eq(&items(fixture, max));
}

const HEAD: &str = "version: 2.1
orbs:
  node: circleci/node@7.2.1
";

#[test]
fn commands_of_the_orb_in_steps() {
    check(
        &format!("{HEAD}jobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - node/$0\n"),
        4,
        expect![[r#"
            node/install [Reference] (orb command (circleci/node@7.2.1)) replaces "node/"
            node/install-bun [Reference] (orb command (circleci/node@7.2.1)) replaces "node/"
            node/install-packages [Reference] (orb command (circleci/node@7.2.1)) replaces "node/"
            node/install-pnpm [Reference] (orb command (circleci/node@7.2.1)) replaces "node/"
            … 1 more
        "#]],
    );
}

#[test]
fn jobs_of_the_orb_in_workflows_and_executors_in_executor() {
    check(
        &format!("{HEAD}workflows:\n  main:\n    jobs:\n      - node/te$0\n"),
        3,
        expect![[r#"
            node/run [Reference] (orb job (circleci/node@7.2.1)) replaces "node/te"
            node/test [Reference] (orb job (circleci/node@7.2.1)) replaces "node/te"
        "#]],
    );
    check(
        &format!("{HEAD}jobs:\n  build:\n    executor: node/$0\n"),
        3,
        expect![[r#"
            node/default [Reference] (orb executor (circleci/node@7.2.1)) replaces "node/"
        "#]],
    );
}

/// Job groups list job invocations like workflows, and validation accepts orb jobs there:
/// their entries complete orb jobs and their parameters too (they offered local jobs only).
#[test]
fn job_group_entries_complete_orb_jobs() {
    check(
        &format!("{HEAD}job-groups:\n  checks:\n    jobs:\n      - node/te$0\n"),
        3,
        expect![[r#"
            node/run [Reference] (orb job (circleci/node@7.2.1)) replaces "node/te"
            node/test [Reference] (orb job (circleci/node@7.2.1)) replaces "node/te"
        "#]],
    );
    check(
        &format!("{HEAD}job-groups:\n  checks:\n    jobs:\n      - node/test:\n          pkg-$0\n"),
        1,
        expect![[r#"
            app-dir [Key] (string) inserts "app-dir: " replaces "pkg-"
            … 16 more
        "#]],
    );
}

#[test]
fn parameters_not_written_yet_required_first() {
    check(
        &format!("{HEAD}workflows:\n  main:\n    jobs:\n      - node/test:\n          pkg-manager: npm\n          $0\n"),
        4,
        expect![[r#"
            app-dir [Key] (string) inserts "app-dir: " replaces ""
            cache-only-lockfile [Key] (boolean) inserts "cache-only-lockfile: " replaces ""
            cache-path [Key] (string) inserts "cache-path: " replaces ""
            cache-version [Key] (string) inserts "cache-version: " replaces ""
            … 12 more
        "#]],
    );
}

#[test]
fn required_parameters_come_first() {
    check(
        "version: 2.1\norbs:\n  ecr: circleci/aws-ecr@9.8.1\nworkflows:\n  main:\n    jobs:\n      - ecr/build_and_push_image:\n          $0\n",
        3,
        expect![[r#"
            auth [Key] (steps (required)) inserts "auth: " replaces ""
            repo [Key] (string (required)) inserts "repo: " replaces ""
            account_id [Key] (string) inserts "account_id: " replaces ""
            … 34 more
        "#]],
    );
}

#[test]
fn enum_and_boolean_values() {
    check(
        &format!(
            "{HEAD}workflows:\n  main:\n    jobs:\n      - node/test:\n          pkg-manager: $0\n"
        ),
        10,
        expect![[r#"
            bun [Value] replaces ""
            npm [Value] (default) replaces ""
            pnpm [Value] replaces ""
            yarn [Value] replaces ""
            yarn-berry [Value] replaces ""
        "#]],
    );
    check(
        &format!("{HEAD}jobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - node/install:\n          install-yarn: $0\n"),
        10,
        expect![[r#"
            false [Value] (default) replaces ""
            true [Value] replaces ""
        "#]],
    );
}

#[test]
fn orb_names_and_versions_in_orbs() {
    check(
        "version: 2.1\norbs:\n  node: circleci/no$0\n",
        3,
        expect![[r#"
            circleci/android [Value] (orb, newest known 3.2.0) inserts "circleci/android@3.2.0" replaces "circleci/no"
            circleci/aws-cli [Value] (orb, newest known 5.4.1) inserts "circleci/aws-cli@5.4.1" replaces "circleci/no"
            circleci/aws-ecr [Value] (orb, newest known 9.8.1) inserts "circleci/aws-ecr@9.8.1" replaces "circleci/no"
            … 34 more
        "#]],
    );
    check(
        "version: 2.1\norbs:\n  node: circleci/node@$0\n",
        10,
        expect![[r#"
            7.2.1 [Value] (newest known to circleci-ls (2026-07-01)) replaces ""
            6.3.0 [Value] (known release) replaces ""
            5.3.0 [Value] (known release) replaces ""
            4.9.0 [Value] (known release) replaces ""
        "#]],
    );
}
