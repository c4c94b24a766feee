//! Settings that do nothing or say the default at length, through the whole analysis.

use std::sync::Arc;

use expect_test::{expect, Expect};

use crate::analyze;
use crate::settings::Settings;

const CODES: &[&str] = &["no-effect", "verbose-setting", "missing-test-results"];

fn check(text: &str, expect: Expect) {
    let a = analyze(Arc::from(text), &Settings::default());
    let mut out = String::new();
    for f in a.findings.iter().filter(|f| CODES.contains(&f.code)) {
        out.push_str(&format!(
            "{} {} {:?}: {}\n",
            f.code,
            f.severity.as_str(),
            f.span.text(text),
            f.message
        ));
        for fix in &f.fixes {
            let edits: Vec<String> = fix
                .edits
                .iter()
                .map(|e| format!("{:?} -> {:?}", e.span.text(text), e.new_text))
                .collect();
            out.push_str(&format!("  fix {}: {}\n", fix.title, edits.join(", ")));
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn jobs_steps_and_requires() {
    check(
        r#"version: 2.1
jobs:
  unit-tests:
    type: build
    parallelism: 1
    docker:
      - image: cimg/base:current
    steps:
      - checkout:
          depth: 1
      - run:
          command: ./server
          background: true
          max_auto_reruns: 2
      - run:
          command: make test
          auto_rerun_delay: 30s
  gate:
    type: approval
    steps:
      - checkout
  lint:
    docker:
      - image: cimg/base:current
    parallelism: 4 # split
    steps:
      - checkout:
          method: shallow
          depth: 1
      - run:
          command: make lint
          max_auto_reruns: 2
          auto_rerun_delay: 30s
  integration-test:
    docker:
      - image: cimg/base:current
    steps:
      - checkout
      - run: make it
      - store_test_results:
          path: results
workflows:
  main:
    jobs:
      - lint
      - unit-tests:
          requires:
            - lint: [success, failed, canceled, unauthorized, not_run]
      - integration-test:
          requires:
            - lint: [success, failed]
      - gate
"#,
        expect![[r#"
            missing-test-results hint "unit-tests": Add a `store_test_results` step: job `unit-tests` looks like a test job but stores no results.
            verbose-setting hint "type: build": `type: build` is the default; remove it.
              fix Remove type: build: "    type: build\n" -> ""
            verbose-setting hint "parallelism: 1": Remove `parallelism: 1` (the default), or raise it to split tests across copies of the job.
              fix Remove parallelism: 1: "    parallelism: 1\n" -> ""
            no-effect warning "depth": Add `method: shallow` or remove `depth`: it only applies to shallow clones.
            no-effect warning "max_auto_reruns": Remove `max_auto_reruns`: a background step is not rerun automatically, so it has no effect.
            no-effect warning "auto_rerun_delay": Add `max_auto_reruns` or remove `auto_rerun_delay`: the delay only applies with reruns.
            no-effect warning "steps": Remove these `steps` or make this a build job: a job of type `approval` runs no steps.
            verbose-setting hint "[success, failed, canceled, unauthorized, not_run]": Write `lint: terminal`: every status is listed, so it waits for `lint` to finish in any way.
              fix Replace with terminal: "[success, failed, canceled, unauthorized, not_run]" -> "terminal"
        "#]],
    );
}

#[test]
fn test_job_names() {
    for (name, test) in [
        ("test", true),
        ("unit-tests", true),
        ("test_linux", true),
        ("e2eTest", true),
        ("latest", false),
        ("contest", false),
        ("build", false),
    ] {
        assert_eq!(
            super::jobs_and_steps::looks_like_a_test_job(name),
            test,
            "{name}"
        );
    }
}

/// A step merged into several jobs from one anchor is judged once, where it is written.
#[test]
fn steps_copied_through_aliases_are_judged_once() {
    check(
        r#"version: 2.1
defaults: &defaults
  docker:
    - image: cimg/base:current
  steps:
    - checkout:
        depth: 1
jobs:
  one:
    <<: *defaults
  two:
    <<: *defaults
workflows:
  main:
    jobs: [one, two]
"#,
        expect![[r#"
            no-effect warning "depth": Add `method: shallow` or remove `depth`: it only applies to shallow clones.
        "#]],
    );
}

/// Regression: steps were found only under keys named `steps`, `pre-steps` and `post-steps`,
/// so the steps of a steps parameter's default and steps passed to a parameter of another
/// name went unchecked. The model knows every place that holds steps.
#[test]
fn steps_in_parameters_are_checked() {
    check(
        r#"version: 2.1
commands:
  wrap:
    parameters:
      before:
        type: steps
        default:
          - checkout:
              depth: 1
    steps:
      - steps: << parameters.before >>
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - wrap:
          before:
            - run:
                command: make
                auto_rerun_delay: 30s
workflows:
  main:
    jobs: [build]
"#,
        expect![[r#"
            no-effect warning "depth": Add `method: shallow` or remove `depth`: it only applies to shallow clones.
            no-effect warning "auto_rerun_delay": Add `max_auto_reruns` or remove `auto_rerun_delay`: the delay only applies with reruns.
        "#]],
    );
}

/// A `requires` list copied into two workflows through an alias is judged once.
#[test]
fn copied_requires_are_judged_once() {
    check(
        r#"version: 2.1
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps: [checkout]
  test:
    docker:
      - image: cimg/base:current
    steps: [checkout]
workflows:
  one:
    jobs:
      - build
      - test: &after-build
          requires:
            - build: [success, failed, canceled, unauthorized, not_run]
  two:
    jobs:
      - build
      - test: *after-build
"#,
        expect![[r#"
            verbose-setting hint "[success, failed, canceled, unauthorized, not_run]": Write `build: terminal`: every status is listed, so it waits for `build` to finish in any way.
              fix Replace with terminal: "[success, failed, canceled, unauthorized, not_run]" -> "terminal"
        "#]],
    );
}
