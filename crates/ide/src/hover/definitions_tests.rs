//! Hover fixtures: `$0` marks the cursor; the result shows the hovered text and markdown.

use std::sync::Arc;

use expect_test::{expect, Expect};

use crate::FeatureContext;
use analysis::analyze;
use analysis::settings::Settings;
use analysis::test_support::cursor;

fn hover(fixture: &str) -> String {
    let (text, offset) = cursor(fixture);
    let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
    let ctx = FeatureContext {
        analysis: &analysis,
        last_good: None,
        offset,
    };
    match super::definitions::hover(&ctx) {
        Some(h) => format!("[{}]\n{}\n", h.span.text(&text), h.markdown),
        None => "none\n".to_string(),
    }
}

fn check(fixture: &str, expected: Expect) {
    expected.assert_eq(&hover(fixture));
}

const CONFIG: &str = "version: 2.1
orbs:
  node: circleci/node@5.2.0
  tools:
    commands:
      greet:
        steps:
          - run: echo hi
parameters:
  deploy:
    type: boolean
    default: false
    description: Deploy after the tests.
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
        description: |
          The version to install.
          Any tag works.
      api_token:
        type: string
        default: abc123
      level:
        type: enum
        enum: [low, high]
        default: low
    steps:
      - run: install << parameters.version >> << parameters.api_token >> << parameters.level >>
defaults: &defaults
  executor: base
jobs:
  build:
    <<: *defaults
    steps:
      - checkout
      - install:
          version: '1.0'
      - tools/greet
      - node/install-packages
  test:
    machine:
      image: ubuntu-2204:current
    steps:
      - run: echo << pipeline.git.branch >> << pipeline.parameters.deploy >>
workflows:
  main:
    jobs:
      - build:
          context: org-global
      - test:
          requires: [build]
";

fn at(marker_after: &str) -> String {
    // Puts `$0` right after the first occurrence of `marker_after`.
    let i = CONFIG
        .find(marker_after)
        .map_or(0, |i| i + marker_after.len());
    format!("{}$0{}", &CONFIG[..i], &CONFIG[i..])
}

#[test]
fn hover_on_a_command_use_shows_its_signature() {
    check(
        &at("      - ins"),
        expect![[r#"
            [install]
            **command** `install`

            Installs the tool.

            1 step.

            ---

            Parameters:
            - `version`: *string*, required — The version to install.
            - `api_token`: *string* = `••••`
            - `level`: *enum [low, high]* = `low`

        "#]],
    );
}

#[test]
fn hover_on_definitions() {
    check(
        &at("  bui"),
        expect![[r#"
            [build]
            **job** `build`

            Runs on executor `base`. 4 steps.
        "#]],
    );
    check(
        &at("  tes"),
        expect![[r#"
            [test]
            **job** `test`

            Runs on machine image `ubuntu-2204:current`. 1 step.
        "#]],
    );
    check(
        &at("  ba"),
        expect![[r#"
            [base]
            **executor** `base`

            Runs on Docker image `cimg/base:<< parameters.tag >>`.

            ---

            Parameters:
            - `tag`: *string* = `current`

        "#]],
    );
}

#[test]
fn hover_on_parameters() {
    check(
        &at("install << parameters.ver"),
        expect![[r#"
            [version]
            **parameter** `version`: *string*, required

            Parameter of command `install`.

            The version to install. Any tag works.
        "#]],
    );
    // The default of a credential-like parameter is redacted.
    check(
        &at("      api_to"),
        expect![[r#"
            [api_token]
            **parameter** `api_token`: *string*, default `••••`

            Parameter of command `install`.
        "#]],
    );
    // The key passing an argument.
    check(
        &at("          vers"),
        expect![[r#"
            [version]
            **parameter** `version`: *string*, required

            Parameter of command `install`.

            The version to install. Any tag works.
        "#]],
    );
    check(
        &at("pipeline.parameters.dep"),
        expect![[r#"
            [deploy]
            **pipeline parameter** `deploy`: *boolean*, default `false`

            Declared at the top level; use it as `<< pipeline.parameters.deploy >>`.

            Deploy after the tests.
        "#]],
    );
    check(
        &at("pipeline.git.bra"),
        expect![[r#"
            [git.branch]
            **pipeline value** `pipeline.git.branch`

            The git branch the pipeline runs for.
        "#]],
    );
}

#[test]
fn hover_on_orbs_and_their_members() {
    check(
        &at("      - nod"),
        expect![[r#"
            [node]
            **orb** `node` = `circleci/node@5.2.0`

            A registry orb: its jobs, commands and executors are used as `node/…`. [Orb page](https://circleci.com/developer/orbs/orb/circleci/node)
        "#]],
    );
    check(
        &at("node/install-pa"),
        expect![[r#"
            [node/install-packages]
            **command** `node/install-packages`

            From the orb `circleci/node@5.2.0`; its definition is in the orb's source, not in this file.
        "#]],
    );
    check(
        &at("tools/gr"),
        expect![[r#"
            [tools/greet]
            **command** `tools/greet`

            1 step.
        "#]],
    );
    check(
        &at("  too"),
        expect![[r#"
            [tools]
            **orb** `tools`

            An inline orb defined in this file.

            Commands: `greet`
        "#]],
    );
}

#[test]
fn hover_on_anchors_contexts_and_requires() {
    check(
        &at("<<: *def"),
        expect![[r#"
            [defaults]
            **anchor** `defaults`

            A mapping with keys `executor`.

            Used by 1 alias.
        "#]],
    );
    check(
        &at("context: org"),
        expect![[r#"
            [org-global]
            **context** `org-global`

            Environment variables from the organization's context of this name (set in the CircleCI app, not in this file). Used once in this file.
        "#]],
    );
    check(
        &at("requires: [bu"),
        expect![[r#"
            [build]
            **job** `build`

            Runs on executor `base`. 4 steps.
        "#]],
    );
}

#[test]
fn no_hover_on_keys_and_built_in_steps() {
    check(&at("    step"), expect!["none\n"]);
    check(&at("      - check"), expect!["none\n"]);
}

#[test]
fn the_editor_hover_reaches_the_model() {
    // Through the dispatcher that asks the Docker and key sources too.
    let (text, offset) = cursor(&at("executor: ba"));
    let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
    let ctx = FeatureContext {
        analysis: &analysis,
        last_good: None,
        offset,
    };
    let h = crate::hover::hover(&ctx);
    assert!(
        h.as_ref()
            .is_some_and(|h| h.markdown.starts_with("**executor** `base`")),
        "{h:?}"
    );
}

#[test]
fn hover_on_a_setup_workflow() {
    check(
        "version: 2.1
setup: true
orbs:
  path-filtering: circleci/path-filtering@1.0.0
workflows:
  gener$0ate:
    jobs:
      - path-filtering/filter
",
        expect![[r#"
            [generate]
            **workflow** `generate`

            This is a setup configuration (`setup: true`): its workflow runs first and continues the pipeline with another configuration.

            Jobs: `path-filtering/filter`
        "#]],
    );
}
