//! Completion fixtures: `$0` marks the cursor.

use std::fmt::Write;
use std::sync::Arc;

use expect_test::{expect, Expect};

use crate::cursor::CursorContext;
use crate::FeatureContext;
use analysis::analyze;
use analysis::settings::Settings;
use analysis::test_support::cursor;

/// Completion items of this module at the cursor; `last_good` is the text of the last
/// analysis that parsed, when the fixture itself is broken.
fn items_with(last_good: Option<&str>, fixture: &str) -> String {
    let (text, offset) = cursor(fixture);
    let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
    let good = last_good.map(|t| analyze(Arc::from(t), &Settings::default()));
    let ctx = FeatureContext {
        analysis: &analysis,
        last_good: good.as_ref(),
        offset,
    };
    let cursor = CursorContext::at(&text, offset);
    let mut out = String::new();
    let items = super::definitions::complete_in_template_or_alias(&ctx, &cursor)
        .unwrap_or_else(|| super::definitions::complete(&ctx, &cursor));
    for item in items {
        let _ = write!(out, "{} [{:?}]", item.label, item.kind);
        if let Some(d) = &item.detail {
            let _ = write!(out, " ({d})");
        }
        if item.insert_text != item.label {
            let _ = write!(out, " inserts {:?}", item.insert_text);
        }
        let _ = writeln!(out, " replaces {:?}", item.replace.text(&text));
    }
    out
}

fn check(fixture: &str, expected: Expect) {
    expected.assert_eq(&items_with(None, fixture));
}

const CONFIG_HEAD: &str = "version: 2.1
orbs:
  node: circleci/node@5.2.0
  tools:
    commands:
      greet:
        steps:
          - run: echo hi
executors:
  base:
    parameters:
      tag:
        type: string
        default: current
    docker:
      - image: cimg/base:<< parameters.tag >>
commands:
  install:
    description: Installs the tool.
    parameters:
      version:
        type: string
      quiet:
        type: boolean
        default: false
    steps:
      - run: install << parameters.version >>
parameters:
  deploy:
    type: boolean
    default: false
";

fn config(rest: &str) -> String {
    format!("{CONFIG_HEAD}{rest}")
}

#[test]
fn job_names_in_a_workflow() {
    check(
        &config(
            "jobs:
  build:
    executor: base
    steps: [checkout]
  test:
    executor: base
    steps: [checkout]
workflows:
  main:
    jobs:
      - build
      - te$0
",
        ),
        expect![[r#"
            build [Reference] (job) replaces "te"
            test [Reference] (job) replaces "te"
            node/ [Reference] (orb circleci/node@5.2.0) replaces "te"
        "#]],
    );
}

#[test]
fn requires_offers_the_other_entries_of_the_workflow() {
    check(
        &config(
            "jobs:
  build:
    executor: base
    steps: [checkout]
  test:
    executor: base
    steps: [checkout]
workflows:
  main:
    jobs:
      - build:
          name: build-linux
      - node/test
      - hold:
          type: approval
      - test:
          requires:
            - $0
  other:
    jobs:
      - build
",
        ),
        expect![[r#"
            build-linux [Reference] (job build (as build-linux)) replaces ""
            node/test [Reference] (job node/test) replaces ""
            hold [Reference] (job hold) replaces ""
        "#]],
    );
}

#[test]
fn flow_sequences_get_the_items_of_block_lists() {
    let jobs = "jobs:
  build:
    executor: base
    steps: [checkout]
  test:
    executor: base
    steps: [checkout]
";
    check(
        &config(&format!(
            "{jobs}workflows:\n  main:\n    jobs:\n      - build\n      - test:\n          requires: [build, $0]\n"
        )),
        expect![[r#"
            build [Reference] (job build) replaces ""
        "#]],
    );
    check(
        &config(&format!("{jobs}workflows:\n  main:\n    jobs: [te$0]\n")),
        expect![[r#"
            build [Reference] (job) replaces "te"
            test [Reference] (job) replaces "te"
            node/ [Reference] (orb circleci/node@5.2.0) replaces "te"
        "#]],
    );
}

#[test]
fn executor_names() {
    check(
        &config(
            "jobs:
  build:
    executor: b$0
",
        ),
        expect![[r#"
            base [Reference] (executor (tag?: string)) replaces "b"
            node/ [Reference] (orb circleci/node@5.2.0) replaces "b"
        "#]],
    );
    check(
        &config(
            "jobs:
  build:
    executor:
      name: $0
",
        ),
        expect![[r#"
            base [Reference] (executor (tag?: string)) replaces ""
            node/ [Reference] (orb circleci/node@5.2.0) replaces ""
        "#]],
    );
}

#[test]
fn command_names_in_steps() {
    check(
        &config(
            "jobs:
  build:
    executor: base
    steps:
      - checkout
      - in$0
",
        ),
        expect![[r#"
            install [Reference] (Installs the tool. (version: string, quiet?: boolean)) replaces "in"
            node/ [Reference] (orb circleci/node@5.2.0) replaces "in"
            tools/greet [Reference] (command) replaces "in"
        "#]],
    );
}

#[test]
fn parameters_when_invoking() {
    // Required parameters sort first; given ones are left out.
    check(
        &config(
            "jobs:
  build:
    executor:
      name: base
      $0
    steps:
      - install:
          quiet: true
",
        ),
        expect![[r#"
            tag [Key] (string) inserts "tag: " replaces ""
        "#]],
    );
    check(
        &config(
            "jobs:
  build:
    executor: base
    steps:
      - install:
          quiet: true
          $0
",
        ),
        expect![[r#"
            version [Key] (string (required)) inserts "version: " replaces ""
        "#]],
    );
    check(
        &config(
            "jobs:
  build:
    parameters:
      os:
        type: enum
        enum: [linux, mac]
      size:
        type: integer
        default: 1
    executor: base
    steps:
      - run: echo << parameters.os >> << parameters.size >>
workflows:
  main:
    jobs:
      - build:
          requires: []
          s$0
",
        ),
        expect![[r#"
            os [Key] (enum [linux, mac] (required)) inserts "os: " replaces "s"
            size [Key] (integer) inserts "size: " replaces "s"
        "#]],
    );
}

/// Regression: in a job written in flow style the indentation names no job, so
/// `<< parameters.` offered nothing; the model knows which job holds the cursor.
#[test]
fn parameter_templates_in_flow_style_jobs() {
    check(
        &config(
            "jobs:
  build: {parameters: {os: {type: string}}, executor: base, steps: [{run: \"echo << parameters.$0 >>\"}]}
",
        ),
        expect![[r#"
            os [Variable] (string) replaces ""
        "#]],
    );
}

#[test]
fn parameter_templates_in_any_value() {
    check(
        &config(
            "jobs:
  build:
    parameters:
      os:
        type: string
        default: linux
    executor: base
    steps:
      - run: |
          echo starting
          echo << parameters.$0
",
        ),
        expect![[r#"
            os [Variable] (string) inserts "os >>" replaces ""
        "#]],
    );
    check(
        &config(
            "jobs:
  build:
    executor: base
    steps:
      - run: echo << pipeline.parameters.de$0 >>
",
        ),
        expect![[r#"
            deploy [Variable] (boolean) replaces "de"
        "#]],
    );
    check(
        &config(
            "workflows:
  main:
    when: << pipeline.git$0
",
        ),
        expect![[r#"
            id [Variable] (pipeline value) inserts "id >>" replaces "git"
            number [Variable] (pipeline value) inserts "number >>" replaces "git"
            project.git_url [Variable] (pipeline value) inserts "project.git_url >>" replaces "git"
            project.type [Variable] (pipeline value) inserts "project.type >>" replaces "git"
            project.slug [Variable] (pipeline value) inserts "project.slug >>" replaces "git"
            name [Variable] (pipeline value) inserts "name >>" replaces "git"
            definition.id [Variable] (pipeline value) inserts "definition.id >>" replaces "git"
            integration_source [Variable] (pipeline value) inserts "integration_source >>" replaces "git"
            git.tag [Variable] (pipeline value) inserts "git.tag >>" replaces "git"
            git.branch [Variable] (pipeline value) inserts "git.branch >>" replaces "git"
            git.branch.is_default [Variable] (pipeline value) inserts "git.branch.is_default >>" replaces "git"
            git.revision [Variable] (pipeline value) inserts "git.revision >>" replaces "git"
            git.base_revision [Variable] (pipeline value) inserts "git.base_revision >>" replaces "git"
            git.repo_owner [Variable] (pipeline value) inserts "git.repo_owner >>" replaces "git"
            git.repo_name [Variable] (pipeline value) inserts "git.repo_name >>" replaces "git"
            git.repo_url [Variable] (pipeline value) inserts "git.repo_url >>" replaces "git"
            git.repo_id [Variable] (pipeline value) inserts "git.repo_id >>" replaces "git"
            git.commit.subject [Variable] (pipeline value) inserts "git.commit.subject >>" replaces "git"
            git.commit.body [Variable] (pipeline value) inserts "git.commit.body >>" replaces "git"
            git.commit.author_login [Variable] (pipeline value) inserts "git.commit.author_login >>" replaces "git"
            git.commit.author_name [Variable] (pipeline value) inserts "git.commit.author_name >>" replaces "git"
            git.commit.author_email [Variable] (pipeline value) inserts "git.commit.author_email >>" replaces "git"
            git.commit.url [Variable] (pipeline value) inserts "git.commit.url >>" replaces "git"
            in_setup [Variable] (pipeline value) inserts "in_setup >>" replaces "git"
            trigger_source [Variable] (pipeline value) inserts "trigger_source >>" replaces "git"
            schedule.name [Variable] (pipeline value) inserts "schedule.name >>" replaces "git"
            schedule.id [Variable] (pipeline value) inserts "schedule.id >>" replaces "git"
            trigger.type [Variable] (pipeline value) inserts "trigger.type >>" replaces "git"
            trigger.id [Variable] (pipeline value) inserts "trigger.id >>" replaces "git"
            event.name [Variable] (pipeline value) inserts "event.name >>" replaces "git"
            event.action [Variable] (pipeline value) inserts "event.action >>" replaces "git"
            parameters. [Variable] (pipeline parameters) replaces "git"
        "#]],
    );
    // Inside a command, `<< par` offers both namespaces.
    check(
        &config(
            "jobs:
  build:
    executor: base
    steps:
      - run: echo << par$0
",
        ),
        expect![[r#"
            parameters. [Variable] (parameters of this definition) replaces "par"
            pipeline. [Variable] (pipeline values and parameters) replaces "par"
        "#]],
    );
}

#[test]
fn anchors_after_a_star() {
    check(
        "defaults: &defaults
  docker:
    - image: cimg/base:current
filters: &filters
  branches:
    only: main
jobs:
  build:
    <<: *def$0
later: &later 1
",
        expect![[r#"
            defaults [Anchor] (anchor) replaces "def"
            filters [Anchor] (anchor) replaces "def"
        "#]],
    );
}

#[test]
fn contexts_already_used() {
    check(
        &config(
            "jobs:
  build:
    executor: base
    steps: [checkout]
workflows:
  main:
    jobs:
      - build:
          context: [org-global, aws]
      - build:
          name: again
          context: $0
",
        ),
        expect![[r#"
            org-global [Value] (context used in this file) replaces ""
            aws [Value] (context used in this file) replaces ""
        "#]],
    );
}

#[test]
fn names_come_from_the_last_good_tree_while_typing() {
    let good = config(
        "jobs:
  build:
    executor: base
    steps: [checkout]
workflows:
  main:
    jobs:
      - build
",
    );
    // The line being typed breaks the YAML (`[` is never closed).
    let broken = config(
        "jobs:
  build:
    executor: base
    steps: [checkout
workflows:
  main:
    jobs:
      - build
      - b$0
",
    );
    expect![[r#"
        build [Reference] (job) replaces "b"
        node/ [Reference] (orb circleci/node@5.2.0) replaces "b"
    "#]]
    .assert_eq(&items_with(Some(&good), &broken));
}

#[test]
fn editing_the_key_of_an_existing_item() {
    let jobs = "jobs:
  build:
    executor: base
    steps: [checkout]
";
    check(
        &config(&format!(
            "{jobs}workflows:
  main:
    jobs:
      - bu$0ild:
          context: org
"
        )),
        expect![[r#"
            build [Reference] (job) replaces "build"
            node/ [Reference] (orb circleci/node@5.2.0) replaces "build"
        "#]],
    );
    check(
        &config(&format!(
            "{jobs}workflows:
  main:
    jobs:
      - build
      - build:
          name: again
          requires:
            - bu$0: success
"
        )),
        expect![[r#"
            build [Reference] (job build) replaces "bu"
        "#]],
    );
    check(
        &config(
            "jobs:
  build:
    executor: base
    steps:
      - inst$0all:
          version: x
",
        ),
        expect![[r#"
            install [Reference] (Installs the tool. (version: string, quiet?: boolean)) replaces "install"
            node/ [Reference] (orb circleci/node@5.2.0) replaces "install"
            tools/greet [Reference] (command) replaces "install"
        "#]],
    );
}

#[test]
fn the_editor_completion_includes_model_items() {
    let (text, offset) = cursor(&config(
        "jobs:
  build:
    executor: base
    steps:
      - inst$0
",
    ));
    let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
    let ctx = FeatureContext {
        analysis: &analysis,
        last_good: None,
        offset,
    };
    let labels: Vec<String> = crate::completion::complete(&ctx)
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert!(labels.iter().any(|l| l == "install"), "{labels:?}");
    assert!(labels.iter().any(|l| l == "tools/greet"), "{labels:?}");
}
