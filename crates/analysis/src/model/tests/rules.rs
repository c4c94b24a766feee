//! The model rules as a whole: copies through aliases, every rule's documented examples, the
//! rules run from the analysis, corpus patterns, and a tree cut short by a syntax error.

use expect_test::expect;

use super::assert_findings;

#[test]
fn anchors_copy_references_into_each_place() {
    // The alias copies a step list into two commands; only the one lacking the parameter is
    // reported, at the written place.
    let text = "version: 2.1
commands:
  one:
    parameters:
      name:
        type: string
        default: a
    steps: &greet
      - run: echo << parameters.name >>
  two:
    steps: *greet
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps: [one, two]
workflows:
  main:
    jobs: [build]
";
    assert_findings(
        text,
        expect![[r#"
            undefined-parameter error 9:33 "name": Declare `name` under the command's `parameters:` or fix the name: command `two` has no such parameter.
        "#]],
    );
}

#[test]
fn every_rule_example_behaves_as_documented() {
    for rule in crate::model::RULES {
        let codes = |text: &str| -> Vec<&'static str> {
            let parsed = super::parse(text);
            assert!(
                parsed.errors.is_empty(),
                "{}: example does not parse",
                rule.code
            );
            let model = crate::model::Model::build(text, &parsed);
            let mut findings = Vec::new();
            crate::model::check(&model, crate::model::Extent::Whole, &mut findings);
            findings.iter().map(|f| f.code).collect()
        };
        assert!(
            codes(rule.bad).contains(&rule.code),
            "{}: the bad example does not trigger it",
            rule.code
        );
        assert!(
            !codes(rule.good).contains(&rule.code),
            "{}: the good example triggers it",
            rule.code
        );
    }
}

#[test]
fn rules_run_from_the_analysis() {
    let text = "version: 2.1\nworkflows:\n  main:\n    jobs:\n      - nope\n";
    let analysis = crate::analyze(text.into(), &crate::settings::Settings::default());
    assert!(analysis.findings.iter().any(|f| f.code == "undefined-job"));
}

#[test]
fn corpus_patterns_that_are_not_mistakes() {
    // From real configs: mustache sections use a parameter; a 2.0 long-form step names no
    // command; a string pipeline parameter may default to a number; names built from
    // parameters reach the executors and commands their values name.
    let text = "version: 2.1
parameters:
  make_jobs:
    type: string
    default: 3
executors:
  postgres:
    docker:
      - image: cimg/postgres:16.0
  mysql:
    docker:
      - image: cimg/mysql:8.0
  spare:
    docker:
      - image: cimg/base:current
commands:
  install-deps-linux:
    steps:
      - run: echo linux
  install-deps-mac:
    steps:
      - run: echo mac
jobs:
  test:
    parameters:
      database:
        type: string
        default: postgres
      os:
        type: string
        default: linux
      snapshots:
        type: boolean
        default: false
    executor:
      name: << parameters.database >>
    steps:
      - install-deps-<< parameters.os >>
      - type: shell
        command: echo legacy
      - run: run <<# parameters.snapshots >>--snapshots<</ parameters.snapshots >> -j << pipeline.parameters.make_jobs >>
workflows:
  main:
    jobs:
      - test:
          matrix:
            parameters:
              database: [mysql]
              os: [mac]
";
    assert_findings(
        text,
        expect![[r#"
            unused-executor hint 13:3 "spare": Use executor `spare` with `executor:` or remove it: no job uses it.
              fix "Remove unused executor spare": 13:1 "  spare:\n    docker:\n      - image: cimg/base:current\n" -> ""
        "#]],
    );
}

#[test]
fn a_config_cut_short_by_a_syntax_error_reports_no_undefined_or_unused_names() {
    // The jobs after the error are missing from the tree; the workflow's names must not be
    // reported as undefined, nor the parsed jobs as unused.
    let text = "version: 2.1
workflows:
  main:
    jobs:
      - build
      - test:
          requires: [build]
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps: [checkout]
  test:
    docker: [
";
    let analysis = crate::analyze(text.into(), &crate::settings::Settings::default());
    let codes: Vec<&str> = analysis.findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"yaml-syntax"), "{codes:?}");
    let model_codes: Vec<&str> = crate::model::RULES.iter().map(|r| r.code).collect();
    assert!(
        !codes.iter().any(|c| model_codes.contains(c)),
        "model findings on a broken config: {codes:?}"
    );
}
