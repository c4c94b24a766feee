//! What the index records: definitions with name spans, references with their targets.

use expect_test::expect;

use super::dump;

#[test]
fn indexes_definitions_and_references() {
    let text = r#"version: 2.1
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
    parameters:
      version:
        type: string
    steps:
      - run: |
          echo installing
          install << parameters.version >>
jobs:
  build:
    executor:
      name: base
      tag: "2024.01"
    steps:
      - checkout
      - install:
          version: "1.0"
      - tools/greet
      - node/install-packages
  test: &test_job
    executor: node/default
    steps:
      - run: echo << pipeline.git.branch >> << pipeline.parameters.deploy >>
  lint: *test_job
workflows:
  main:
    jobs:
      - build:
          context: [org-global]
      - test:
          name: unit
          requires:
            - build: success
      - hold:
          type: approval
          requires: [unit]
"#;
    expect![[r#"
        def#0 anchor 41:10 "test_job"
        def#1 orb 3:3 "node"
        def#2 orb 4:3 "tools"
        def#3 command 6:7 "greet" in orb `tools`
        def#4 command 22:3 "install"
        def#5 parameter 24:7 "version" in command `install`
        def#6 executor 14:3 "base"
        def#7 parameter 16:7 "tag" in executor `base`
        def#8 job 31:3 "build"
        def#9 job 41:3 "test"
        def#10 job 45:3 "lint"
        def#11 workflow 47:3 "main"
        def#12 pipeline parameter 10:3 "deploy"
        ref Command 8:13 "run" -> built-in
        ref Parameter 20:40 "tag" -> def#7
        ref Command 27:9 "run" -> built-in
        ref Parameter 29:33 "version" -> def#5
        ref Executor 33:13 "base" -> def#6
        ref Argument 34:7 "tag" -> def#7
        ref Command 36:9 "checkout" -> built-in
        ref Command 37:9 "install" -> def#4
        ref Argument 38:11 "version" -> def#5
        ref Orb 39:9 "tools" -> def#2
        ref Command 39:15 "greet" -> def#3
        ref Orb 40:9 "node" -> def#1
        ref Command 40:14 "install-packages" -> member of orb def#1
        ref Orb 42:15 "node" -> def#1
        ref Orb 42:15 "node" -> def#1 (copied)
        ref Executor 42:20 "default" -> member of orb def#1
        ref Executor 42:20 "default" -> member of orb def#1 (copied)
        ref Command 44:9 "run" -> built-in
        ref Command 44:9 "run" -> built-in (copied)
        ref PipelineValue 44:31 "git.branch" -> implicit
        ref PipelineValue 44:31 "git.branch" -> implicit (copied)
        ref PipelineParameter 44:68 "deploy" -> def#12
        ref PipelineParameter 44:68 "deploy" -> def#12 (copied)
        ref Anchor 45:10 "test_job" -> def#0
        ref Job 49:9 "build" -> def#8
        ref Context 50:21 "org-global" -> implicit
        ref Job 51:9 "test" -> def#9
        ref Requires 54:15 "build" -> def#8
        ref Job 55:9 "hold" -> implicit
        ref Requires 57:22 "unit" -> implicit
    "#]]
    .assert_eq(&dump(text));
}

#[test]
fn an_alias_refers_to_the_latest_anchor_of_its_name_written_before_it() {
    // Anchors are found by name and place, not by a scan per alias (50,000 aliases took 16 s).
    let text = "version: 2.1\nx-a: &img {image: a}\nx-b: *img\nx-c: &img {image: b}\nx-d: *img\nx-e: &out [&in 1, *in]\n";
    expect![[r#"
        def#0 anchor 2:7 "img"
        def#1 anchor 4:7 "img"
        def#2 anchor 6:13 "in"
        def#3 anchor 6:7 "out"
        ref Anchor 3:7 "img" -> def#0
        ref Anchor 5:7 "img" -> def#1
        ref Anchor 6:20 "in" -> def#2
    "#]]
    .assert_eq(&dump(text));
}
