//! The analysis pipeline: an analysis made from the previous one (its tree reused) equals one
//! made from scratch, rules run on two threads report what they report on one, and the
//! workspace makes each analysis from the one it replaces.

use std::sync::Arc;

use crate::settings::Settings;
use crate::{analyze, analyze_after, Earlier, Rules};

/// Findings of every domain: Docker images and credentials, a literal secret, an unknown key,
/// an undefined command, an unused executor, an orb, aliases across jobs.
const CONFIG: &str = r#"version: 2.1
orbs:
  node: circleci/node@5.1.0
x-auth: &auth
  username: $DOCKER_USER
  password: $DOCKER_PASS
executors:
  idle:
    docker: [{image: "redis:7"}]
jobs:
  build:
    docker:
      - image: cimg/node:20.1
        auth: *auth
      - image: postgres
    environment:
      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
    parallelism: 2
    steps:
      - checkout
      - instal
      - run:
          command: |
            docker pull ubuntu
            npm test
  test:
    docker:
      - image: cimg/base:2024.01
        auth: *auth
    unknown_key: 1
    steps:
      - node/install-packages
workflows:
  main:
    jobs: [build, test]
"#;

/// Edits a user makes while typing: in a script, a key, an image, a new line, a broken line.
const EDITS: &[(&str, &str)] = &[
    ("npm test", " --watch"),
    ("parallelism: 2", "0"),
    ("image: postgres", ":16"),
    ("unknown_key: 1", "\n    resource_class: large"),
    ("- instal", "l"),
    ("jobs: [build, test", ", deploy"),
    (
        "      - checkout",
        "\n      - run: echo \"$AWS_SECRET_ACCESS_KEY\"",
    ),
    ("parallelism: 2", "\n    broken"),
];

fn edited(at: &str, insert: &str) -> String {
    let offset = CONFIG.find(at).map_or(CONFIG.len(), |o| o + at.len());
    let mut text = CONFIG.to_string();
    text.insert_str(offset, insert);
    text
}

#[test]
fn an_analysis_after_an_edit_equals_one_from_scratch() {
    let settings = Settings::default();
    let before = analyze(Arc::from(CONFIG), &settings);
    assert!(before.findings.len() > 5, "{:?}", before.findings);
    for (at, insert) in EDITS {
        let text: Arc<str> = Arc::from(edited(at, insert));
        let after = analyze_after(Some(Earlier::of(&before)), text.clone(), &settings);
        let fresh = analyze(text, &settings);
        assert_eq!(after.findings, fresh.findings, "after {insert:?}");
        assert_eq!(*after.yaml, *fresh.yaml);
        // And from the edited analysis back to the original.
        let back = analyze_after(Some(Earlier::of(&after)), Arc::from(CONFIG), &settings);
        assert_eq!(back.findings, before.findings, "undoing {insert:?}");
    }
}

#[test]
fn rules_on_two_threads_report_what_they_report_on_one() {
    let settings = Settings::default();
    let mut texts = vec![CONFIG.to_string()];
    texts.extend(EDITS.iter().map(|(at, insert)| edited(at, insert)));
    for text in texts {
        let analysis = analyze(Arc::from(text.as_str()), &settings);
        let rules = Rules {
            text: &analysis.text,
            lines: &analysis.lines,
            parsed: &analysis.yaml,
            model: analysis.model(),
            settings: &settings,
        };
        let (mut parallel, mut sequential) = (Vec::new(), Vec::new());
        let docker = rules.run(&mut parallel);
        let (docker_alone, first) = rules.docker_and_secrets();
        sequential.extend(first);
        rules.model_table_and_orbs(&mut sequential);
        assert_eq!(parallel, sequential);
        assert_eq!(
            docker.map(|d| format!("{d:?}")),
            docker_alone.map(|d| format!("{d:?}"))
        );
    }
}
