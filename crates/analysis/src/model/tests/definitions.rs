//! Name clashes and unused inline orb members through the whole analysis.

use std::sync::Arc;

use crate::analyze;
use crate::settings::Settings;

fn found(text: &str, code: &str) -> Vec<(String, String)> {
    analyze(Arc::from(text), &Settings::default())
        .findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| {
            (
                f.severity.as_str().to_string(),
                f.span.text(text).to_string(),
            )
        })
        .collect()
}

#[test]
fn clashing_names() {
    let text = "version: 2.1
commands:
  lint:
    steps:
      - run: make lint
jobs:
  lint:
    docker:
      - image: cimg/base:2024.01
    steps:
      - lint
  checks:
    docker:
      - image: cimg/base:2024.01
    steps:
      - checkout
job-groups:
  checks:
    jobs:
      - lint
workflows:
  main:
    jobs:
      - checks
";
    assert_eq!(
        found(text, "name-clash"),
        vec![
            ("warning".to_string(), "lint".to_string()),
            ("error".to_string(), "checks".to_string()),
        ]
    );
}

#[test]
fn unused_members_of_a_used_inline_orb() {
    let text = "version: 2.1
orbs:
  tools:
    commands:
      greet:
        steps:
          - run: echo hi
      spare:
        steps:
          - run: echo unused
    executors:
      small:
        docker:
          - image: cimg/base:2024.01
    jobs:
      hello:
        executor: small
        steps:
          - greet
      idle:
        executor: small
        steps:
          - greet
workflows:
  main:
    jobs:
      - tools/hello
";
    let mut names: Vec<String> = ["unused-job", "unused-command", "unused-executor"]
        .iter()
        .flat_map(|c| found(text, c))
        .map(|(_, n)| n)
        .collect();
    names.sort();
    assert_eq!(names, ["idle", "spare"]);
}
