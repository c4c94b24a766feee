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
            invalid-parameter-value hint "<< parameters.label >>": This `condition` reads parameter `label` (string): true whenever not empty; if not meant, use a boolean or `equal`.
            invalid-parameter-value error "<< parameters.extra >>": `steps` takes a list of steps, but parameter `extra` is string; declare it with `type: steps`.
            invalid-parameter-value error "<< parameters.count >>": Parameter `count` is integer, but `verbose` takes boolean; pass a value of that type.
            invalid-parameter-value warning "label": `label` has no value, so CircleCI passes null; give it a value or remove it to use the default.
            invalid-parameter-value hint "<< pipeline.parameters.nightly >>": This condition reads a parameter that is not a boolean: true whenever not empty; use a boolean or `equal`.
            invalid-parameter-value error "image: x": An executor given as a mapping needs `name`, the executor to use; add `name:` here.
            invalid-parameter-value error "a": A matrix parameter takes a list of values to run the job with; write `shard: [a]`.
        "#]],
    );
}
