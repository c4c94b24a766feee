//! Arguments and defaults against the declared parameters.

use expect_test::expect;

use super::assert_findings;

#[test]
fn missing_parameter() {
    let text = "version: 2.1
executors:
  base:
    parameters:
      tag:
        type: string
    docker:
      - image: cimg/base:<< parameters.tag >>
commands:
  greet:
    parameters:
      to:
        type: string
      from:
        type: string
    steps:
      - run: echo << parameters.to >> << parameters.from >>
jobs:
  build:
    parameters:
      env:
        type: enum
        enum: [a, b]
      opt:
        type: boolean
        default: false
    executor: base
    steps:
      - greet
      - greet:
          to: x
          from: y
      - run: << parameters.env >> << parameters.opt >>
  other:
    executor:
      name: base
      tag: '1'
    steps: [checkout]
workflows:
  main:
    jobs:
      - build
      - build:
          name: with-env
          env: a
      - build:
          name: matrix
          matrix:
            parameters:
              env: [a, b]
      - build:
          name: templated-matrix
          matrix:
            parameters: << pipeline.parameters.matrix >>
      - other
";
    assert_findings(
        text,
        expect![[r#"
            missing-parameter error 27:15 "base": Pass `tag` here: executor `base` requires this parameter without a default.
            missing-parameter error 29:9 "greet": Pass `to`, `from` here: command `greet` requires these parameters without a default.
            missing-parameter error 42:9 "build": Pass `env` here: job `build` requires this parameter without a default.
            undefined-parameter error 54:48 "matrix": Declare `matrix` under the top-level `parameters:` or fix the name: no such pipeline parameter.
        "#]],
    );
}

#[test]
fn invalid_parameter_value() {
    let text = r#"version: 2.1
parameters:
  flag:
    type: boolean
    default: "maybe"
  count:
    type: integer
    default: 3
commands:
  c:
    parameters:
      b:
        type: boolean
        default: yes
      i:
        type: integer
        default: 1
      s:
        type: string
        default: ""
      e:
        type: enum
        enum: [small, large]
        default: small
      v:
        type: env_var_name
        default: MY_TOKEN
      st:
        type: steps
        default: []
    steps:
      - run: << parameters.b >> << parameters.i >> << parameters.s >> << parameters.e >> << parameters.v >>
      - steps: << parameters.st >>
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - c:
          b: maybe
          i: 1.5
          s: 3.10
          e: larg
          v: 1BAD
          st: run
      - c:
          b: off
          i: "12"
          s: "3.10"
          e: large
          v: OK_NAME
          st:
            - checkout
      - c:
          b: << pipeline.parameters.flag >>
          i: << pipeline.parameters.count >>
          s: yes
          e: << pipeline.parameters.flag >>
workflows:
  main:
    jobs: [build]
"#;
    assert_findings(
        text,
        expect![[r#"
            invalid-parameter-value error 5:14 "\"maybe\"": Use `true` or `false`: the default of pipeline parameter `flag` is a boolean, not a string.
            invalid-parameter-value error 40:14 "maybe": Use `true` or `false`: parameter `b` of command `c` is a boolean, not a string.
            invalid-parameter-value error 41:14 "1.5": Pass a whole number: parameter `i` of command `c` is an integer.
            invalid-parameter-value error 42:14 "3.10": Quote this value: parameter `s` of command `c` is a string, but YAML reads it as a number.
              fix "Quote the value": 42:14 "3.10" -> "\"3.10\""
            invalid-parameter-value error 43:14 "larg": Change the value to `large`: parameter `e` of command `c` takes only the enum's values.
              fix "Change to large": 43:14 "larg" -> "large"
            invalid-parameter-value error 44:14 "1BAD": Write an environment variable name (letters, digits and `_`): parameter `v` of command `c` takes one.
            invalid-parameter-value error 45:15 "run": Pass a list of steps: parameter `st` of command `c` takes steps, not a string.
            invalid-parameter-value error 57:14 "yes": Quote this value: parameter `s` of command `c` is a string, but YAML reads it as a boolean.
              fix "Quote the value": 57:14 "yes" -> "\"yes\""
            invalid-parameter-value error 58:14 "<< pipeline.parameters.flag >>": Pass enum [small, large] to `e`: pipeline parameter `flag` is boolean.
        "#]],
    );
}

#[test]
fn setup_configs_and_parameter_passing_through_types() {
    // A setup config continues with an orb; executor- and steps-typed parameters carry
    // references; matrix values are type-checked.
    let text = "version: 2.1
setup: true
orbs:
  path-filtering: circleci/path-filtering@1.0.0
executors:
  small:
    docker:
      - image: cimg/base:current
commands:
  say:
    steps:
      - run: echo
jobs:
  run-with:
    parameters:
      exec:
        type: executor
        default: small
      extra:
        type: steps
        default: []
      n:
        type: integer
        default: 1
    executor: << parameters.exec >>
    steps:
      - steps: << parameters.extra >>
      - run: echo << parameters.n >>
workflows:
  setup:
    jobs:
      - path-filtering/filter:
          base-revision: main
      - run-with:
          extra:
            - say
          matrix:
            parameters:
              n: [1, two]
";
    assert_findings(
        text,
        expect![[r#"
            invalid-parameter-value error 39:22 "two": Pass a whole number: parameter `n` of job `run-with` is an integer, not a string.
        "#]],
    );
}
