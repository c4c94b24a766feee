//! Names used but not defined.

use expect_test::expect;

use super::{assert_findings, with_jobs};

#[test]
fn undefined_job_in_workflow_and_requires() {
    let text = with_jobs(
        "",
        &["build", "test", "deploy"],
        "workflows:
  main:
    jobs:
      - biuld
      - test:
          name: unit
      - deploy:
          requires:
            - test
            - buidl
            - lint
            - build
  other:
    jobs:
      - build
",
    );
    assert_findings(
        &text,
        expect![[r#"
            undefined-job error 21:9 "biuld": Change `biuld` to `build`: none is defined.
              fix "Change to build": 21:9 "biuld" -> "build"
            undefined-job error 26:15 "test": Require `unit`: job `test` runs under that name in workflow `main`.
              fix "Change to unit": 26:15 "test" -> "unit"
            undefined-job error 27:15 "buidl": Require a job of workflow `main`: it has no job `buidl`.
            undefined-job error 28:15 "lint": Require a job of workflow `main`: it has no job `lint`.
            undefined-job error 29:15 "build": Add job `build` to the workflow's `jobs` or drop this requirement: it is not in workflow `main`.
        "#]],
    );
}

#[test]
fn workflow_jobs_that_need_no_definition() {
    // Approval and no-op jobs, orb jobs, job groups, matrix names and aliases, 2.0 `version`.
    let text = with_jobs(
        "orbs:\n  node: circleci/node@5.2.0\njob-groups:\n  checks:\n    jobs:\n      - lint\n",
        &["build", "lint"],
        "  matrixed:
    parameters:
      os:
        type: string
    docker:
      - image: cimg/base:<< parameters.os >>
    steps: [checkout]
workflows:
  version: 2
  main:
    jobs:
      - hold:
          type: approval
      - gate:
          type: no-op
      - node/test
      - checks
      - build
      - matrixed:
          matrix:
            parameters:
              os: [linux, mac]
      - matrixed:
          name: build-<< matrix.os >>-again
          matrix:
            alias: again
            parameters:
              os: [linux]
      - lint:
          name: late
          requires:
            - hold
            - gate
            - node/test
            - checks
            - matrixed
            - matrixed-linux
            - build-linux-again
            - again
            - build-<< matrix.os >>
",
    );
    assert_findings(&text, expect![""]);
}

#[test]
fn undefined_executor() {
    let text = "version: 2.1
orbs:
  node: circleci/node@5.2.0
executors:
  base:
    docker:
      - image: cimg/base:current
jobs:
  a:
    executor: bsae
    steps: [checkout]
  b:
    executor:
      name: nope
    steps: [checkout]
  c:
    executor: node/default
    steps: [checkout]
  d:
    executor: base
    steps: [checkout]
workflows:
  main:
    jobs: [a, b, c, d]
";
    assert_findings(
        text,
        expect![[r#"
            undefined-executor error 10:15 "bsae": Change `bsae` to `base`: none is defined.
              fix "Change to base": 10:15 "bsae" -> "base"
            undefined-executor error 14:13 "nope": Define executor `nope` under `executors:` or fix the name: none is defined.
              fix "Create executor nope": 8:1 "" -> "  nope:\n    machine:\n      image: ubuntu-2404:current\n"
        "#]],
    );
}

#[test]
fn undefined_command() {
    let text = "version: 2.1
orbs:
  node: circleci/node@5.2.0
commands:
  greet:
    steps:
      - run: echo hi
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - chekout
      - greet
      - gret:
          to: you
      - node/install
      - when:
          condition: true
          steps:
            - missing
      - run:
          name: x
          command: y
      - store_test_results:
          path: out
      - build
workflows:
  main:
    jobs: [build]
";
    assert_findings(
        text,
        expect![[r#"
            undefined-command error 13:9 "chekout": Change `chekout` to `checkout`: it is neither a built-in step nor under `commands:`.
              fix "Change to checkout": 13:9 "chekout" -> "checkout"
            undefined-command error 15:9 "gret": Change `gret` to `greet`: it is neither a built-in step nor under `commands:`.
              fix "Change to greet": 15:9 "gret" -> "greet"
            undefined-command error 21:15 "missing": Define command `missing` or fix the name: it is neither a built-in step nor under `commands:`.
              fix "Create command missing": 8:1 "" -> "  missing:\n    steps:\n      - run: echo \"missing\"\n"
            undefined-command error 27:9 "build": Define command `build` or fix the name: it is neither a built-in step nor under `commands:`. (`build` is a job.)
              fix "Create command build": 8:1 "" -> "  build:\n    steps:\n      - run: echo \"build\"\n"
        "#]],
    );
}

#[test]
fn undefined_orb_and_inline_orb_members() {
    let text = "version: 2.1
orbs:
  node: circleci/node@5.2.0
  local:
    commands:
      hello:
        steps:
          - run: echo hello
      wave:
        steps:
          - hello
  dev: {}
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - nod/install
      - local/hello
      - local/helo
      - dev/anything
      - local/wave
workflows:
  main:
    jobs:
      - build
      - nodee/test
      - local/build
";
    assert_findings(
        text,
        expect![[r#"
            undefined-orb error 18:9 "nod": Change `nod` to `node`: no orb of that name is declared.
              fix "Change to node": 18:9 "nod" -> "node"
            undefined-command error 20:9 "local/helo": Change `helo` to `hello`: the inline orb `local` has none.
              fix "Change to hello": 20:15 "helo" -> "hello"
            undefined-orb error 27:9 "nodee": Change `nodee` to `node`: no orb of that name is declared.
              fix "Change to node": 27:9 "nodee" -> "node"
            undefined-job error 28:9 "local/build": Define job `build` under the orb's `jobs:` or fix the name: the inline orb `local` has none.
        "#]],
    );
}

#[test]
fn undefined_parameter_in_templates() {
    let text = r#"version: 2.1
parameters:
  deploy:
    type: boolean
    default: false
commands:
  greet:
    parameters:
      to:
        type: string
        default: world
    steps:
      - run: echo << parameters.too >> << parameters.to >>
      - run: |
          echo << pipeline.parameters.deplyo >>
          echo << pipeline.git.branch >> << pipeline.number >> << pipeline.id >>
          echo << pipeline.trigger_source >> << pipeline.project.git_url >>
          cat <<EOF
          not a template
          EOF
      - run: "echo << parameters.to >> \"quoted\" << parameters.nope >>"
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - greet:
          to: << parameters.to >>
workflows:
  main:
    when: << parameters.deploy >>
    jobs:
      - build
"#;
    assert_findings(
        text,
        expect![[r#"
            undefined-parameter error 13:33 "too": Change `too` to `to`: command `greet` has no such parameter.
              fix "Change to to": 13:33 "too" -> "to"
            undefined-parameter error 15:39 "deplyo": Change `deplyo` to `deploy`: no such pipeline parameter.
              fix "Change to deploy": 15:39 "deplyo" -> "deploy"
            undefined-parameter error 21:65 "nope": Declare `nope` under the command's `parameters:` or fix the name: command `greet` has no such parameter.
            undefined-parameter error 28:29 "to": Declare `to` under the job's `parameters:` or fix the name: job `build` has no such parameter.
            undefined-parameter error 31:25 "deploy": Use `<< pipeline.parameters.deploy >>` here: `<< parameters.… >>` works only inside a job, command or executor.
              fix "Use pipeline.parameters.deploy": 31:14 "" -> "pipeline."
        "#]],
    );
}

#[test]
fn undefined_parameter_in_arguments() {
    let text = "version: 2.1
executors:
  base:
    parameters:
      tag:
        type: string
        default: current
    docker:
      - image: cimg/base:<< parameters.tag >>
commands:
  greet:
    parameters:
      to:
        type: string
        default: world
    steps:
      - run: echo << parameters.to >>
jobs:
  build:
    parameters:
      v:
        type: string
        default: '1'
    executor:
      name: base
      tga: x
    steps:
      - greet:
          too: me
      - run: echo << parameters.v >>
workflows:
  main:
    jobs:
      - build:
          name: b
          context: org
          filters:
            branches:
              only: main
          w: 2
";
    assert_findings(
        text,
        expect![[r#"
            undefined-parameter error 26:7 "tga": Change `tga` to `tag`: executor `base` has no such parameter.
              fix "Change to tag": 26:7 "tga" -> "tag"
            undefined-parameter error 29:11 "too": Change `too` to `to`: command `greet` has no such parameter.
              fix "Change to to": 29:11 "too" -> "to"
            undefined-parameter error 40:11 "w": Change `w` to `v`: job `build` has no such parameter.
              fix "Change to v": 40:11 "w" -> "v"
        "#]],
    );
}

#[test]
fn matrix_exclusions_name_parameters() {
    let text = "version: 2.1
jobs:
  test:
    parameters:
      os:
        type: string
      size:
        type: string
    docker:
      - image: cimg/base:current
    steps:
      - run: echo << parameters.os >> << parameters.size >>
workflows:
  main:
    jobs:
      - test:
          matrix:
            parameters:
              os: [linux, mac]
              size: [s, l]
            exclude:
              - os: mac
                sise: l
";
    assert_findings(
        text,
        expect![[r#"
            undefined-parameter error 23:17 "sise": Change `sise` to `size`: job `test` has no such parameter.
              fix "Change to size": 23:17 "sise" -> "size"
        "#]],
    );
}
