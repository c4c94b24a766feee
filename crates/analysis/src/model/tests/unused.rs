//! Definitions nothing uses.

use expect_test::expect;

use super::assert_findings;

#[test]
fn unused_definitions() {
    let text = "version: 2.1
orbs:
  node: circleci/node@5.2.0
  slack: circleci/slack@4.12.5
  aws: circleci/aws-cli@4.1.3
executors:
  used:
    docker: &img
      - image: cimg/base:current
  spare:
    docker: *img
commands:
  used:
    parameters:
      to:
        type: string
        default: x
      from:
        type: string
        default: y
    steps:
      - run: echo << parameters.to >>
  spare:
    steps: [checkout]
defaults: &unused_anchor
  a: 1
jobs:
  build:
    executor: used
    steps:
      - used
      - node/install
  lonely:
    executor: aws/default
    steps: [checkout]
  notify:
    docker:
      - image: cimg/base:current
    steps:
      - checkout
workflows:
  main:
    jobs:
      - build
      - slack/on-hold:
          executor: used
";
    assert_findings(
        text,
        expect![[r#"
            unused-executor hint 10:3 "spare": Use executor `spare` with `executor:` or remove it: no job uses it.
              fix "Remove unused executor spare": 10:1 "  spare:\n    docker: *img\n" -> ""
            unused-parameter hint 18:7 "from": Use parameter `from` as `<< parameters.from >>` or remove it: command `used` never reads it.
            unused-command hint 23:3 "spare": Invoke command `spare` from `steps` or remove it: nothing invokes it.
              fix "Remove unused command spare": 23:1 "  spare:\n    steps: [checkout]\n" -> ""
            unused-anchor hint 25:12 "unused_anchor": Remove anchor `&unused_anchor` or use it as `*unused_anchor`: no alias uses it.
              fix "Remove anchor &unused_anchor": 25:11 "&unused_anchor" -> ""
            unused-job hint 33:3 "lonely": Add job `lonely` to a workflow or remove it: no workflow runs it.
              fix "Remove unused job lonely": 33:1 "  lonely:\n    executor: aws/default\n    steps: [checkout]\n" -> ""
            unused-job hint 36:3 "notify": Add job `notify` to a workflow or remove it: no workflow runs it.
              fix "Remove unused job notify": 36:1 "  notify:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n" -> ""
        "#]],
    );
}

#[test]
fn implicit_build_job_of_a_2_0_config_is_not_unused() {
    let text = "version: 2
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - checkout
  deploy:
    docker:
      - image: cimg/base:current
    steps:
      - checkout
";
    assert_findings(
        text,
        expect![[r#"
            unused-job hint 8:3 "deploy": Add job `deploy` to a workflow or remove it: no workflow runs it.
              fix "Remove unused job deploy": 8:1 "  deploy:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n" -> ""
        "#]],
    );
}

/// A list written inside a steps list (`- *common_steps`) is read as its steps, as the outline
/// shows them: the commands it invokes are used (they were reported unused beside the
/// structural error about the nesting).
#[test]
fn steps_in_a_nested_list_are_walked() {
    let text = "version: 2.1
commands:
  setup:
    steps: [checkout]
common: &common
  - setup
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - *common
      - run: make
workflows:
  main:
    jobs: [build]
";
    assert_findings(text, expect![[""]]);
}
