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
            missing-parameter error 27:15 "base": Executor `base` requires parameter `tag`, which has no default; pass it here.
            missing-parameter error 29:9 "greet": Command `greet` requires parameters `to`, `from`, which have no default; pass them here.
            missing-parameter error 42:9 "build": Job `build` requires parameter `env`, which has no default; pass it here.
            undefined-parameter error 54:48 "matrix": No pipeline parameter `matrix` is declared; declare it under the top-level `parameters:` or fix the name.
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
            invalid-parameter-value error 5:14 "\"maybe\"": The default of pipeline parameter `flag` is a boolean, but this value is a string; use `true` or `false`.
            invalid-parameter-value error 40:14 "maybe": Parameter `b` of command `c` is a boolean, but this value is a string; use `true` or `false`.
            invalid-parameter-value error 41:14 "1.5": Parameter `i` of command `c` is an integer, but this value is not a whole number.
            invalid-parameter-value error 42:14 "3.10": Parameter `s` of command `c` is a string, but YAML reads this value as a number; quote it.
              fix "Quote the value": 42:14 "3.10" -> "\"3.10\""
            invalid-parameter-value error 43:14 "larg": Parameter `e` of command `c` is not one of the enum's values; did you mean `large`?
              fix "Change to large": 43:14 "larg" -> "large"
            invalid-parameter-value error 44:14 "1BAD": Parameter `v` of command `c` is an environment variable name (letters, digits and `_`, not starting with a digit), but this value is not one.
            invalid-parameter-value error 45:15 "run": Parameter `st` of command `c` is a list of steps, but this value is a string.
            invalid-parameter-value error 57:14 "yes": Parameter `s` of command `c` is a string, but YAML reads this value as a boolean; quote it.
              fix "Quote the value": 57:14 "yes" -> "\"yes\""
            invalid-parameter-value error 58:14 "<< pipeline.parameters.flag >>": Pipeline parameter `flag` is boolean, but `e` takes enum [small, large]; pass a value of that type.
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
            invalid-parameter-value error 39:22 "two": Parameter `n` of job `run-with` is an integer, but this value is a string.
        "#]],
    );
}
