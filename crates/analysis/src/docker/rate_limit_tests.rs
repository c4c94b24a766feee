//! `docker-hub-rate-limit` by where the pull happens, with the two settings, and quiet about
//! jobs and executors nothing runs.

use std::sync::Arc;

use crate::analyze;
use crate::diagnostics::Severity;
use crate::docker::DockerHubSettings;
use crate::settings::Settings;

const CONFIG: &str = r#"version: 2.1
executors:
  node:
    docker:
      - image: cimg/node:20.11
  spare:
    docker:
      - image: cimg/ruby:3.3
jobs:
  test:
    executor: node
    steps:
      - checkout
  publish:
    machine:
      image: ubuntu-2404:current
    steps:
      - run: docker pull alpine:3.20
  old:
    docker:
      - image: cimg/python:3.12
    steps:
      - run: docker pull busybox:1.36
workflows:
  main:
    jobs:
      - test
      - publish
"#;

/// `(severity, image, message)` of every rate-limit finding.
fn rate_limits(settings: &Settings) -> Vec<(Severity, String, String)> {
    let a = analyze(Arc::from(CONFIG), settings);
    a.findings
        .iter()
        .filter(|f| f.code == "docker-hub-rate-limit")
        .map(|f| {
            (
                f.severity,
                f.span.text(CONFIG).to_string(),
                f.message.clone(),
            )
        })
        .collect()
}

#[test]
fn cloud_executor_images_are_advice_and_job_pulls_are_limited_now() {
    let found = rate_limits(&Settings::default());
    assert_eq!(found.len(), 2, "{found:?}");
    let (sev, image, message) = &found[0];
    assert_eq!(
        (*sev, image.as_str()),
        (Severity::Warning, "cimg/node:20.11")
    );
    assert!(
        message.contains("not rate-limited on CircleCI cloud today"),
        "{message}"
    );
    let (sev, image, message) = &found[1];
    assert_eq!((*sev, image.as_str()), (Severity::Warning, "alpine:3.20"));
    assert!(message.contains("rate-limits this pull now"), "{message}");
}

#[test]
fn unused_jobs_and_executors_are_not_reported() {
    let found = rate_limits(&Settings::default());
    for image in ["cimg/ruby:3.3", "cimg/python:3.12", "busybox:1.36"] {
        assert!(
            found.iter().all(|(_, i, _)| i != image),
            "{image} reported: {found:?}"
        );
    }
}

#[test]
fn self_hosted_makes_every_case_limited_now() {
    let settings = Settings {
        docker_hub: DockerHubSettings {
            self_hosted: true,
            cloud_executor_images: Some(Severity::Info),
        },
        ..Settings::default()
    };
    let found = rate_limits(&settings);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|(s, _, _)| *s == Severity::Warning));
    assert!(
        found[0].2.contains("rate-limits this image now"),
        "{found:?}"
    );
}

#[test]
fn cloud_executor_images_can_be_lowered_or_switched_off() {
    let mut settings = Settings::default();
    settings.docker_hub.cloud_executor_images = Some(Severity::Info);
    let found = rate_limits(&settings);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, Severity::Info);
    assert_eq!(found[1].0, Severity::Warning, "job pulls stay warnings");
    settings.docker_hub.cloud_executor_images = None;
    let found = rate_limits(&settings);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "alpine:3.20");
}

#[test]
fn unpinned_images_get_the_version_used_elsewhere() {
    let text = "version: 2.1\njobs:\n  a:\n    docker:\n      - image: cimg/node:20.11\n      - image: \"redis:latest\"\n      - image: cimg/node\n      - image: redis@sha256:0000000000000000000000000000000000000000000000000000000000000000\n      - image: postgres:<< parameters.v >>\n    steps: [checkout]\n";
    let a = analyze(Arc::from(text), &Settings::default());
    let found: Vec<(String, Vec<String>)> = a
        .findings
        .iter()
        .filter(|f| f.code == "unpinned-image")
        .map(|f| {
            let fixed = f
                .fixes
                .iter()
                .map(|fix| crate::diagnostics::TextEdit::apply_all(text, &fix.edits))
                .map(|t| t.lines().nth(6).unwrap_or("").trim().to_string())
                .collect();
            (f.span.text(text).to_string(), fixed)
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("redis:latest".to_string(), vec![]),
            (
                "cimg/node".to_string(),
                vec!["- image: cimg/node:20.11".to_string()]
            ),
        ]
    );
}
