use expect_test::{expect, Expect};

use super::*;
use crate::invariants::check_order;
use analysis::test_support::{analysis, pos};

fn check(text: &str, expect: Expect) {
    let tokens = tokens(&analysis(text));
    assert_eq!(check_order(text, &tokens), Ok(()));
    let out: String = tokens
        .iter()
        .map(|t| {
            let mods: Vec<&str> = MODIFIER_NAMES
                .iter()
                .enumerate()
                .filter(|(i, _)| t.modifiers & (1 << i) != 0)
                .map(|(_, n)| *n)
                .collect();
            format!(
                "{} {:?} {:?} {}\n",
                pos(text, t.span.start),
                t.span.text(text),
                t.token_type,
                mods.join(",")
            )
        })
        .collect();
    expect.assert_eq(&out);
}

#[test]
fn definitions_and_references() {
    check(
        r#"version: 2.1
orbs:
  node: circleci/node@5.1.0
commands:
  greet:
    parameters:
      who: {type: string}
    steps:
      - run: echo "hi << parameters.who >> on $CIRCLE_BRANCH ${HOME}"
executors:
  small:
    docker:
      - image: cimg/base:stable
jobs:
  build:
    executor: small
    steps:
      - checkout
      - greet: {who: me}
      - node/install
  test:
    executor: {name: node/default, tag: "20"}
    steps: [checkout]
workflows:
  main:
    jobs:
      - build
      - test:
          name: test-2
          requires: [build]
          context: org
          cache: true
"#,
        expect![[r#"
                0:0 "version" Keyword 
                1:0 "orbs" Keyword 
                2:2 "node" Namespace declaration
                3:0 "commands" Keyword 
                4:2 "greet" Function declaration
                5:4 "parameters" Keyword 
                6:6 "who" Parameter declaration
                6:12 "type" Keyword 
                7:4 "steps" Keyword 
                8:8 "run" Keyword 
                8:22 "<< parameters." Macro 
                8:36 "who" Parameter 
                8:39 " >>" Macro 
                8:46 "$CIRCLE_BRANCH" Variable defaultLibrary
                8:61 "${HOME}" Variable 
                9:0 "executors" Keyword 
                10:2 "small" Type declaration
                11:4 "docker" Keyword 
                12:8 "image" Keyword 
                13:0 "jobs" Keyword 
                14:2 "build" Class declaration
                15:4 "executor" Keyword 
                15:14 "small" Type 
                16:4 "steps" Keyword 
                17:8 "checkout" Keyword 
                18:8 "greet" Function 
                18:16 "who" Parameter 
                19:8 "node" Namespace 
                19:13 "install" Function 
                20:2 "test" Class declaration
                21:4 "executor" Keyword 
                21:15 "name" Keyword 
                21:21 "node" Namespace 
                21:26 "default" Type 
                21:35 "tag" Parameter 
                22:4 "steps" Keyword 
                22:12 "checkout" Keyword 
                23:0 "workflows" Keyword 
                24:2 "main" Namespace declaration
                25:4 "jobs" Keyword 
                26:8 "build" Class 
                27:8 "test" Class 
                28:10 "name" Keyword 
                28:16 "test-2" Class declaration
                29:10 "requires" Keyword 
                29:21 "build" Class 
                30:10 "context" Keyword 
                31:10 "cache" Parameter 
            "#]],
    );
}

#[test]
fn templates_variables_anchors_and_deprecations() {
    check(
        r#"parameters:
  deploy: {type: boolean, default: false}
defaults: &defaults
  machine: true
jobs:
  old:
    <<: *defaults
    environment:
      GREETING: $USER-${NAME:-x} $$ $1 \$NOT
    docker:
      - image: circleci/node:<< pipeline.parameters.tag >>
    machine: true
    steps:
      - deploy: {command: make}
      - run: |  # $NOT_A_VAR in the header comment
          cat <<EOF >> out
          << pipeline.git.branch >>
          EOF
      - when:
          condition: << pipeline.parameters.deploy >>
          steps: [checkout]
"#,
        expect![[r#"
                0:0 "parameters" Keyword 
                1:2 "deploy" Parameter declaration
                1:11 "type" Keyword 
                1:26 "default" Keyword 
                2:10 "&defaults" Macro declaration
                4:0 "jobs" Keyword 
                5:2 "old" Class declaration
                6:8 "*defaults" Macro 
                7:4 "environment" Keyword 
                8:6 "GREETING" Variable declaration
                8:16 "$USER" Variable 
                8:22 "${NAME" Variable 
                9:4 "docker" Keyword 
                10:8 "image" Keyword 
                10:15 "circleci/node" String deprecated
                10:29 "<< pipeline.parameters." Macro 
                10:52 "tag" Parameter 
                10:55 " >>" Macro 
                11:4 "machine" Keyword 
                11:13 "true" Keyword deprecated
                12:4 "steps" Keyword 
                13:8 "deploy" Keyword deprecated
                13:17 "command" Keyword 
                14:8 "run" Keyword 
                16:10 "<< pipeline." Macro 
                16:22 "git.branch" Variable defaultLibrary
                16:32 " >>" Macro 
                18:8 "when" Keyword 
                19:10 "condition" Keyword 
                19:21 "<< pipeline.parameters." Macro 
                19:44 "deploy" Parameter 
                19:50 " >>" Macro 
                20:10 "steps" Keyword 
                20:18 "checkout" Keyword 
            "#]],
    );
}

#[test]
fn matrix_and_requires_with_status() {
    check(
        r#"workflows:
  w:
    jobs:
      - build:
          matrix:
            parameters:
              os: [linux, << pipeline.parameters.os >>]
            exclude:
              - os: linux
      - deploy:
          requires:
            - build: [success, failed]
"#,
        expect![[r#"
                0:0 "workflows" Keyword 
                1:2 "w" Namespace declaration
                2:4 "jobs" Keyword 
                3:8 "build" Class 
                4:10 "matrix" Keyword 
                5:12 "parameters" Keyword 
                6:14 "os" Parameter 
                6:26 "<< pipeline.parameters." Macro 
                6:49 "os" Parameter 
                6:51 " >>" Macro 
                7:12 "exclude" Keyword 
                8:16 "os" Parameter 
                9:8 "deploy" Class 
                10:10 "requires" Keyword 
                11:14 "build" Class 
            "#]],
    );
}

/// `job-groups:` and the group names are highlighted like jobs, and `machine: yes` (a
/// YAML 1.1 boolean) is marked deprecated like `machine: true`.
#[test]
fn job_groups_and_yaml11_machine() {
    check(
        r#"job-groups:
  deploy-all:
    jobs:
      - deploy
jobs:
  deploy:
    machine: yes
workflows:
  w:
    jobs: [deploy-all]
"#,
        expect![[r#"
                0:0 "job-groups" Keyword 
                1:2 "deploy-all" Class declaration
                2:4 "jobs" Keyword 
                3:8 "deploy" Class 
                4:0 "jobs" Keyword 
                5:2 "deploy" Class declaration
                6:4 "machine" Keyword 
                6:13 "yes" Keyword deprecated
                7:0 "workflows" Keyword 
                8:2 "w" Namespace declaration
                9:4 "jobs" Keyword 
                9:11 "deploy-all" Class 
            "#]],
    );
}

/// A key that holds steps is one table entry: a fixture job whose made-up `finally` key has
/// the steps role gets its steps highlighted like `steps`, with no edit here.
#[test]
fn step_keys_come_from_the_table() {
    use analysis::model::fixture_table::FIXTURE_JOB_TY;
    use knowledge::schema::Ty;
    let text = "steps:\n  - greet\nfinally:\n  - greet\n";
    let highlighted = |ty: Ty| {
        let parsed = syntax::yaml::parse(text);
        let mut walk = Walk {
            text,
            tokens: Vec::new(),
        };
        walk.keywords(parsed.root().unwrap(), Some(ty));
        walk.tokens
            .iter()
            .filter(|t| t.token_type == TokenType::Function)
            .count()
    };
    assert_eq!(highlighted(FIXTURE_JOB_TY), 2);
    // The real table's jobs have no `finally`: its items are plain values there.
    assert_eq!(highlighted(Ty::Map(&knowledge::table::JOB)), 1);
}
