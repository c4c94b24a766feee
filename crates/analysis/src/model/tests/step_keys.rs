//! A key that holds steps is one table entry: with a fixture table whose jobs take a made-up
//! `finally` key of the steps role, every consumer of steps follows with no other edit.

use crate::docker::orb_interfaces::OrbInterfaces;
use crate::docker::resolve;
use crate::model::fixture_table::FIXTURE_CONFIG;
use crate::model::index::{DefKind, Model, StepOwner};
use crate::model::unused;
use crate::validation::jobs_and_steps;

const CONFIG: &str = r#"version: 2.1
commands:
  login:
    steps:
      - run: echo "$PASS" | docker login -u me --password-stdin
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - checkout
    finally:
      - when:
          condition: true
          steps:
            - login
      - run:
          command: docker pull redis
          background: true
          max_auto_reruns: 2
"#;

fn names(model: &Model<'_>, ids: &[usize]) -> Vec<String> {
    ids.iter()
        .filter_map(|id| model.steps.get(*id))
        .map(|s| s.name.to_string())
        .collect()
}

#[test]
fn a_new_step_key_is_one_table_entry() {
    let parsed = super::parse(CONFIG);
    let model = Model::build_with(CONFIG, &parsed, &FIXTURE_CONFIG);
    let build = model.lookup(DefKind::Job, None, "build").unwrap();
    let login = model.lookup(DefKind::Command, None, "login").unwrap();

    // The walk: the job owns the steps of both keys, in table order, and expands the command
    // a nested step invokes.
    let own = &model.def(build).unwrap().steps;
    assert_eq!(names(&model, own), ["checkout", "when", "run"]);
    assert!(own
        .iter()
        .all(|id| model.steps[*id].owner == StepOwner::Body(build)));
    assert_eq!(
        names(&model, &model.body_steps(build)),
        ["checkout", "when", "login", "run", "run"]
    );
    assert!(model.steps.iter().any(|s| s.invokes == Some(login)));

    // Name rules: the command is used.
    let mut findings = Vec::new();
    unused::check(&model, &mut findings);
    assert!(
        !findings.iter().any(|f| f.message.contains("login")),
        "{findings:?}"
    );

    // The Docker index: the pull runs after the command's login.
    let docker = resolve::collect(&model, &OrbInterfaces::default());
    let pulls: Vec<(&str, bool)> = docker
        .pulls
        .iter()
        .map(|p| (p.image.repository.text.as_str(), p.logged_in))
        .collect();
    assert_eq!(pulls, [("redis", true)]);
    assert_eq!(docker.logins.len(), 1);

    // Validation of steps: the background step's reruns do nothing.
    let mut findings = Vec::new();
    jobs_and_steps::check(CONFIG, &model, &mut findings);
    assert!(
        findings.iter().any(|f| f.message.contains("background")),
        "{findings:?}"
    );

    // The real table has no `finally`: nothing there is walked.
    let real = Model::build(CONFIG, &parsed);
    let build = real.lookup(DefKind::Job, None, "build").unwrap();
    assert_eq!(names(&real, &real.body_steps(build)), ["checkout"]);
}

/// A job's run by a workflow or job group entry: the entry's `pre-steps`, the job's steps with
/// its commands and `when` blocks expanded, then the entry's `post-steps`, each step owned by
/// what holds it.
#[test]
fn entries_run_pre_steps_job_steps_and_post_steps() {
    let text = r#"version: 2.1
commands:
  greet:
    steps:
      - run: echo hi
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - when:
          condition: true
          steps:
            - greet
job-groups:
  group:
    jobs:
      - build:
          pre-steps:
            - checkout
          post-steps:
            - store_test_results:
                path: out
workflows:
  main:
    jobs:
      - group
"#;
    let parsed = super::parse(text);
    let model = Model::build(text, &parsed);
    let build = model.lookup(DefKind::Job, None, "build").unwrap();
    let entry = model.entries_running(build).next().unwrap();
    let run = model.entry_run(entry);
    assert_eq!(
        names(&model, &run),
        ["checkout", "when", "greet", "run", "store_test_results"]
    );
    let owners: Vec<StepOwner> = run.iter().map(|id| model.steps[*id].owner).collect();
    let greet = model.lookup(DefKind::Command, None, "greet").unwrap();
    assert_eq!(
        owners,
        [
            StepOwner::Entry(0),
            StepOwner::Body(build),
            StepOwner::Body(build),
            StepOwner::Body(greet),
            StepOwner::Entry(0)
        ]
    );
}
