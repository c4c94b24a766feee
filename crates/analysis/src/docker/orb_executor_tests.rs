//! The images of registry orb executors in the Docker rules: rate limits only where they
//! apply now (the config cannot give an orb executor `auth`), unpinned tags where the config
//! chooses them.

use std::sync::Arc;

use expect_test::{expect, Expect};

use crate::analyze;
use crate::docker::DockerHubSettings;
use crate::settings::Settings;

const CONFIG: &str = r#"version: 2.1
orbs:
  node: circleci/node@7.2.1
  eks: circleci/aws-eks@1.1.0
jobs:
  test:
    executor: node/default
    steps: [checkout]
  pinned:
    executor:
      name: node/default
      tag: "20.11"
    steps: [checkout]
  floating:
    executor:
      name: node/default
      tag: latest
    steps: [checkout]
  deploy:
    executor: eks/python
    steps: [checkout]
  idle:
    executor: node/default
    steps: [checkout]
workflows:
  main:
    jobs: [test, pinned, floating, deploy]
"#;

fn render(settings: &Settings, expect: Expect) {
    let a = analyze(Arc::from(CONFIG), settings);
    let mut out = String::new();
    for f in a
        .findings
        .iter()
        .filter(|f| matches!(f.code, "docker-hub-rate-limit" | "unpinned-image"))
    {
        let line = CONFIG[..f.span.start].matches('\n').count() + 1;
        out.push_str(&format!(
            "{} {} {line} {:?}: {}\n",
            f.code,
            f.severity.as_str(),
            &CONFIG[f.span.start..f.span.end],
            f.message
        ));
    }
    expect.assert_eq(&out);
}

#[test]
fn on_cloud_only_unpinned_tags_are_reported() {
    render(
        &Settings::default(),
        expect![[r#"
            unpinned-image hint 17 "latest": Pin a version: `node/default` then runs in `cimg/node:latest`, which moves with every push.
            unpinned-image hint 20 "eks/python": Pass `eks/python` a version: by default it runs in `circleci/python:latest`, which moves with every push.
        "#]],
    );
}

#[test]
fn self_hosted_reports_orb_executor_images_with_what_to_do() {
    let settings = Settings {
        docker_hub: DockerHubSettings {
            self_hosted: true,
            ..DockerHubSettings::default()
        },
        ..Settings::default()
    };
    render(
        &settings,
        expect![[r#"
            docker-hub-rate-limit warning 7 "node/default": Use `docker:` with `auth`: `node/default` pulls `cimg/node:lts` from Docker Hub without credentials, limited here.
            docker-hub-rate-limit warning 11 "node/default": Use `docker:` with `auth`: `node/default` pulls `cimg/node:20.11` from Docker Hub without credentials, limited here.
            docker-hub-rate-limit warning 16 "node/default": Use `docker:` with `auth`: `node/default` pulls `cimg/node:latest` from Docker Hub without credentials, limited here.
            unpinned-image hint 17 "latest": Pin a version: `node/default` then runs in `cimg/node:latest`, which moves with every push.
            docker-hub-rate-limit warning 20 "eks/python": Use a `docker:` executor with `auth`: this orb executor pulls from Docker Hub, rate-limited here.
            unpinned-image hint 20 "eks/python": Pass `eks/python` a version: by default it runs in `circleci/python:latest`, which moves with every push.
        "#]],
    );
}

const RUN_FROM_WORKFLOWS: &str = r#"version: 2.1
orbs:
  node: circleci/node@4.9.0
  tools: circleci/orb-tools@10.1.0
workflows:
  main:
    jobs:
      - node/test
      - node/test:
          name: floating
          version: latest
      - tools/lint
"#;

/// Registry orb jobs a workflow runs: the self-hosted warning on the job's name, an unpinned
/// tag where the workflow passes it; an image the orb writes untagged is the orb's to pin.
#[test]
fn orb_jobs_run_from_workflows_are_checked_like_orb_executors() {
    let render = |settings: &Settings| {
        let a = analyze(Arc::from(RUN_FROM_WORKFLOWS), settings);
        let mut out = String::new();
        for f in a
            .findings
            .iter()
            .filter(|f| matches!(f.code, "docker-hub-rate-limit" | "unpinned-image"))
        {
            let line = RUN_FROM_WORKFLOWS[..f.span.start].matches('\n').count() + 1;
            out.push_str(&format!(
                "{} {} {line} {:?}: {}\n",
                f.code,
                f.severity.as_str(),
                &RUN_FROM_WORKFLOWS[f.span.start..f.span.end],
                f.message
            ));
        }
        out
    };
    expect![[r#"
        unpinned-image hint 11 "latest": Pin a version: `node/test` then runs in `cimg/node:latest`, which moves with every push.
    "#]].assert_eq(&render(&Settings::default()));
    let self_hosted = Settings {
        docker_hub: DockerHubSettings {
            self_hosted: true,
            ..DockerHubSettings::default()
        },
        ..Settings::default()
    };
    expect![[r#"
        docker-hub-rate-limit warning 8 "node/test": Give `node/test` an executor with `auth`: it pulls `cimg/node:13.11.0` from Docker Hub, rate-limited here.
        docker-hub-rate-limit warning 9 "node/test": Give `node/test` an executor with `auth`: it pulls `cimg/node:latest` from Docker Hub, rate-limited here.
        unpinned-image hint 11 "latest": Pin a version: `node/test` then runs in `cimg/node:latest`, which moves with every push.
        docker-hub-rate-limit warning 12 "tools/lint": Give `tools/lint` an executor with `auth`: it pulls `singapore/lint-condo` from Docker Hub, rate-limited here.
    "#]].assert_eq(&render(&self_hosted));
}

/// Job groups list orb jobs like workflows: the images of an orb job a group runs are judged
/// as when a workflow runs it (they were left out).
#[test]
fn orb_jobs_run_from_job_groups_are_checked_like_from_workflows() {
    let text = r#"version: 2.1
orbs:
  node: circleci/node@4.9.0
job-groups:
  checks:
    jobs:
      - node/test:
          version: latest
workflows:
  main:
    jobs:
      - checks
"#;
    let a = analyze(Arc::from(text), &Settings::default());
    let unpinned: Vec<(usize, &str)> = a
        .findings
        .iter()
        .filter(|f| f.code == "unpinned-image")
        .map(|f| {
            (
                text[..f.span.start].matches('\n').count() + 1,
                f.span.text(text),
            )
        })
        .collect();
    assert_eq!(unpinned, [(8, "latest")]);
}
