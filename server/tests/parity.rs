//! The six checks where circleci-ls and CircleCI's own language server were found to differ
//! (issue 19): what circleci-ls reports, and where. docs/comparison.md says, case by case, why
//! it differs; these tests hold that behaviour.

// Test code: a failed expectation should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use analysis::settings::Settings;
use expect_test::{expect, Expect};

/// Every finding but Docker Hub and orb update advice, as `code line:col "text"`.
fn check(text: &str, expect: Expect) {
    let analysis = analysis::analyze(Arc::from(text), &Settings::default());
    let lines = syntax::text::lines::LineIndex::new(text);
    let mut out = String::new();
    for f in analysis
        .findings
        .iter()
        .filter(|f| !matches!(f.code, "docker-hub-rate-limit" | "orb-update"))
    {
        let (line, col) = lines.human_position(text, f.span.start);
        out.push_str(&format!(
            "{} {} {line}:{col} {:?}\n",
            f.code,
            f.severity.as_str(),
            &text[f.span.start..f.span.end]
        ));
    }
    expect.assert_eq(&out);
}

const EXECUTOR_PARAMETER: &str = "version: 2.1
executors:
  small:
    docker:
      - image: cimg/base:2024.01
jobs:
  build:
    parameters:
      e:
        type: executor
    executor: << parameters.e >>
    steps:
      - checkout
workflows:
  main:
    jobs:
      - build:
          e: small
";

/// Case 1: `executor: << parameters.e >>` where `e` has no default: quiet while every invocation
/// passes `e`; an invocation that does not is the error, where it is.
#[test]
fn an_executor_parameter_without_default() {
    check(EXECUTOR_PARAMETER, expect![[""]]);
    let unpassed = format!("{EXECUTOR_PARAMETER}      - build:\n          name: other\n");
    check(
        &unpassed,
        expect![[r#"
            missing-parameter error 19:9 "build"
        "#]],
    );
}

/// Case 2: A `when` condition fed by a non-boolean parameter: a hint, since CircleCI reads any
/// non-empty value as true and some configs mean exactly that.
#[test]
fn a_non_boolean_parameter_in_a_when_condition() {
    check(
        "version: 2.1
jobs:
  build:
    parameters:
      runs:
        type: integer
        default: 1
      flag:
        type: boolean
        default: false
    docker:
      - image: cimg/base:2024.01
    steps:
      - when:
          condition: << parameters.runs >>
          steps:
            - run: echo once
      - when:
          condition: << parameters.flag >>
          steps:
            - run: echo flagged
workflows:
  main:
    jobs:
      - build
",
        expect![[r#"
            invalid-parameter-value hint 15:22 "<< parameters.runs >>"
        "#]],
    );
}

/// Case 3: A job named for tests without `store_test_results`: judged only when all its steps
/// are built-in, since a command (an orb's `test` command above all) may store results.
#[test]
fn a_test_job_without_test_results() {
    check(
        "version: 2.1
orbs:
  node: circleci/node@5.2.0
commands:
  unit:
    steps:
      - run: make test
jobs:
  unit-tests:
    docker:
      - image: cimg/base:2024.01
    steps:
      - checkout
      - run: make test
  command-tests:
    docker:
      - image: cimg/base:2024.01
    steps:
      - checkout
      - unit
  orb-tests:
    executor: node/default
    steps:
      - checkout
      - node/install-packages
      - run: npm test
workflows:
  main:
    jobs: [unit-tests, command-tests, orb-tests]
",
        expect![[r#"
            missing-test-results hint 9:3 "unit-tests"
        "#]],
    );
}

/// Cases 4 and 5: Settings without effect on a step are reported on the key that has none (what
/// the user removes), not on the step.
#[test]
fn settings_without_effect_sit_on_their_key() {
    check(
        "version: 2.1
jobs:
  build:
    docker:
      - image: cimg/base:2024.01
    steps:
      - checkout:
          depth: 1
      - run:
          command: ./server
          background: true
          max_auto_reruns: 3
          auto_rerun_delay: 10s
workflows:
  main:
    jobs:
      - build
",
        expect![[r#"
            no-effect warning 8:11 "depth"
            no-effect warning 12:11 "max_auto_reruns"
            no-effect warning 13:11 "auto_rerun_delay"
        "#]],
    );
}

/// Case 6: `type:` on a job group's invocation is reported on `type`, the key to remove.
#[test]
fn type_on_a_job_group_invocation_sits_on_type() {
    check(
        "version: 2.1
job-groups:
  checks:
    jobs:
      - build
jobs:
  build:
    docker:
      - image: cimg/base:2024.01
    steps:
      - checkout
workflows:
  main:
    jobs:
      - checks:
          type: build
",
        expect![[r#"
            invalid-job-group error 16:11 "type"
            invalid-value error 16:17 "build"
        "#]],
    );
}
