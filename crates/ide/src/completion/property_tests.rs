//! The completion property (see `property.rs`) on fixtures of every completion context, block
//! and flow style: with the cursor at the start, inside and at the end of every built-in key
//! and reference, completion offers that token, replacing all of it, and inserts no second
//! `: `. The ecosystem suite checks the same on real configs; these keep a regression visible
//! without them.

use std::collections::BTreeSet;

use super::property::{check, offsets, tokens};
use crate::test_support::Fixture;

/// Checks the property at every token of `config`; returns the kinds of tokens checked.
fn holds(config: &str) -> BTreeSet<&'static str> {
    let fixture = Fixture::new(config);
    let analysis = &fixture.analysis;
    assert!(analysis.yaml.is_complete(), "the fixture must parse");
    let (found, exempt) = tokens(analysis);
    assert!(exempt.is_empty(), "{exempt:?}");
    let mut failures = Vec::new();
    for token in &found {
        for offset in offsets(token) {
            if let Err(why) = check(analysis, token, offset) {
                let at = analysis::test_support::pos(config, offset);
                failures.push(format!("{} `{}` at {at}: {why}", token.what, token.label));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    found.iter().map(|t| t.what).collect()
}

fn assert_kinds(found: &BTreeSet<&str>, expected: &[&str]) {
    for kind in expected {
        assert!(found.contains(kind), "no {kind} token in {found:?}");
    }
}

/// Steps as mappings and scalars, nested steps, commands with arguments, orb commands,
/// executors by name and as a mapping with arguments, images and their keys, templates.
#[test]
fn jobs_commands_and_executors_in_block_style() {
    let found = holds(
        "version: 2.1
orbs:
  node: circleci/node@7.2.1
executors:
  base:
    parameters:
      tag:
        type: string
        default: current
    docker:
      - image: cimg/base:<< parameters.tag >>
        auth:
          username: $DOCKERHUB_USERNAME
          password: $DOCKERHUB_PASSWORD
      - image: redis:7
        name: cache
commands:
  install:
    parameters:
      version:
        type: string
        default: '1'
      mode:
        type: enum
        enum: [fast, slow]
        default: fast
    steps:
      - run: echo << parameters.version >>
jobs:
  build:
    executor:
      name: base
      tag: '2024.01'
    steps:
      - checkout
      - run:
          name: Build
          command: make
          environment:
            GOFLAGS: -mod=mod
          when: always
      - run: make test
      - store_artifacts:
          path: dist
      - persist_to_workspace:
          root: .
          paths:
            - dist
      - install:
          version: '2'
          mode: fast
      - node/install:
          node-version: '20'
      - when:
          condition:
            equal: [main, << pipeline.git.branch >>]
          steps:
            - restore_cache:
                keys:
                  - v1-deps
  test:
    executor: base
    parameters:
      shard:
        type: integer
        default: 1
    steps:
      - checkout
      - run: echo << parameters.shard >>
workflows:
  main:
    jobs:
      - build
      - test
",
    );
    assert_kinds(
        &found,
        &[
            "key",
            "command",
            "executor",
            "argument",
            "orb member",
            "parameter",
            "pipeline value",
            "job",
        ],
    );
}

/// Workflow entries with and without bodies (the second and later ones too, as in
/// hashicorp/nomad's config), `requires`, orb jobs and their parameters, job groups,
/// contexts and matrix names.
#[test]
fn workflows_and_job_groups_in_block_style() {
    let found = holds(
        "version: 2.1
orbs:
  node: circleci/node@7.2.1
jobs:
  build-binaries:
    docker:
      - image: cimg/go:1.22
    steps: [checkout]
  test-e2e:
    parameters:
      os:
        type: string
        default: linux
    docker:
      - image: cimg/go:1.22
    steps: [checkout]
  test-ui:
    docker:
      - image: cimg/node:20.11
    steps: [checkout]
job-groups:
  checks:
    jobs:
      - test-ui
      - test-e2e:
          os: mac
workflows:
  build-test:
    jobs:
      - build-binaries:
          # almost always build binaries
          filters:
            branches:
              ignore:
                - stable-website

      - test-e2e:
          name: e2e-<< matrix.os >>
          matrix:
            parameters:
              os: [linux, mac]
          filters:
            branches:
              ignore:
                - /^docs-.*/
          requires:
            - build-binaries
      - test-ui:
          context: org-global
          requires:
            - e2e-linux
            - test-e2e
      - node/test:
          pkg-manager: npm
          requires:
            - test-ui
      - checks:
          requires:
            - build-binaries
",
    );
    assert_kinds(
        &found,
        &[
            "key",
            "job",
            "requires",
            "argument",
            "orb member",
            "context",
            "matrix parameter",
        ],
    );
}

/// The same places written in flow style, on one line and over several.
#[test]
fn flow_style() {
    let found = holds(
        "version: 2.1
orbs: {node: circleci/node@7.2.1}
executors:
  base: {docker: [{image: 'cimg/base:current', name: main}]}
commands:
  install: {parameters: {version: {type: string, default: '1'}}, steps: [{run: echo hi}]}
jobs:
  build:
    executor: {name: base}
    steps: [checkout, {run: {name: Build, command: make}}, {store_artifacts: {path: dist}}, {install: {version: '2'}}, {node/install: {node-version: '20'}}]
  test: {executor: base, steps: [checkout, {attach_workspace: {at: .}}]}
workflows:
  main:
    jobs: [build, {test: {requires: [build]}}, {node/test: {requires: [
      build,
      test
    ], pkg-manager: npm}}]
",
    );
    assert_kinds(
        &found,
        &[
            "key",
            "command",
            "executor",
            "argument",
            "orb member",
            "job",
            "requires",
        ],
    );
}

/// Lists written right under their key (`steps:` then `- checkout` at the same column),
/// anchors, aliases and merges, steps passed to a steps parameter.
#[test]
fn unindented_lists_anchors_and_steps_parameters() {
    let found = holds(
        "version: 2.1
references:
  install: &install
    run:
      name: Install
      command: make deps
  common_requires: &common_requires
    - build
jobs:
  build:
    docker:
    - image: cimg/base:current
    steps:
    - checkout
    - *install
    - run:
        command: make
  deploy:
    parameters:
      after:
        type: steps
        default: []
    docker:
    - image: cimg/base:current
    steps:
    - checkout
    - steps: << parameters.after >>
workflows:
  main:
    jobs:
    - build
    - deploy:
        requires: *common_requires
        after:
          - run: echo done
          - store_test_results:
              path: results
",
    );
    assert_kinds(
        &found,
        &["key", "command", "requires", "anchor", "parameter", "job"],
    );
}
