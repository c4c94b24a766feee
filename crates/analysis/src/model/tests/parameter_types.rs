//! Parameter types through templates, conditions and matrices, through the whole analysis.

use std::sync::Arc;

use expect_test::{expect, Expect};

use crate::analyze;
use crate::settings::Settings;

fn check(text: &str, expect: Expect) {
    let a = analyze(Arc::from(text), &Settings::default());
    let mut out = String::new();
    for f in a.findings.iter().filter(|f| f.code.contains("parameter")) {
        out.push_str(&format!(
            "{} {} {:?}: {}\n",
            f.code,
            f.severity.as_str(),
            f.span.text(text),
            f.message
        ));
    }
    expect.assert_eq(&out);
}

#[test]
fn types_through_templates() {
    check(
        r#"version: 2.1
parameters:
  nightly:
    type: string
    default: "no"
executors:
  base:
    docker:
      - image: cimg/base:2024.01
commands:
  run-tests:
    parameters:
      verbose:
        type: boolean
        default: false
      label:
        type: string
        default: x
      extra:
        type: string
        default: ""
    steps:
      - when:
          condition: << parameters.label >>
          steps:
            - run: echo << parameters.verbose >> << parameters.label >>
      - steps: << parameters.extra >>
jobs:
  test:
    parameters:
      count:
        type: integer
        default: 1
      flag:
        type: boolean
        default: true
      env:
        type: executor
        default: base
      shard:
        type: string
        default: a
    executor: << parameters.env >>
    steps:
      - run-tests:
          verbose: << parameters.count >>
          label: << parameters.count >>
      - run-tests:
          verbose: << parameters.flag >>
          label:
      - run: echo << parameters.shard >>
workflows:
  main:
    when: << pipeline.parameters.nightly >>
    jobs:
      - test:
          env:
            image: x
          matrix:
            parameters:
              shard: a
"#,
        expect![[r#"
            invalid-parameter-value hint "<< parameters.label >>": Use a boolean or `equal` if not meant: this `condition` reads parameter `label` (string), true unless empty.
            invalid-parameter-value error "<< parameters.extra >>": Declare parameter `extra` with `type: steps`: `steps` takes steps, and it is string.
            invalid-parameter-value error "<< parameters.count >>": Pass boolean to `verbose`: parameter `count` is integer.
            invalid-parameter-value warning "label": Give `label` a value or remove it to use the default: CircleCI passes null.
            invalid-parameter-value hint "<< pipeline.parameters.nightly >>": Use a boolean or `equal` if not meant: this `when` reads pipeline parameter `nightly` (string), true unless empty.
            invalid-parameter-value error "image: x": Add `name:` here: an executor given as a mapping needs the executor's name.
            invalid-parameter-value error "a": Write `shard: [a]`: a matrix parameter takes a list of values.
        "#]],
    );
}
