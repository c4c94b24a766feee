//! The Docker index reads the Docker orb's login and pull members, and orb executors' images,
//! from the orb data.

use expect_test::{expect, Expect};

use super::data::{Catalog, Member, Param, Release};
use super::docker_view::{docker_steps, interfaces};
use crate::docker::resolve::collect;
use crate::model::Model;
use syntax::yaml;

fn steps_of(version: &str) -> String {
    let catalog = Catalog::compiled_in();
    let release = catalog
        .releases("circleci/docker")
        .iter()
        .find(|r| r.version == version)
        .unwrap_or_else(|| panic!("circleci/docker@{version} is missing from data/orbs.json"));
    format!("{:?}", docker_steps(release))
}

#[test]
fn the_docker_orb_steps_come_from_each_major() {
    let check = |version: &str, expect: Expect| expect.assert_eq(&steps_of(version));
    check(
        "0.5.20",
        expect![[
            r#"DockerOrbSteps { login: Some(LoginStep { member: "check", registry_param: Some("registry"), default_registry: Some("docker.io") }), pull: Some(PullStep { member: "pull", images_param: "images" }) }"#
        ]],
    );
    check(
        "4.0.1",
        expect![[
            r#"DockerOrbSteps { login: Some(LoginStep { member: "check", registry_param: Some("registry"), default_registry: Some("docker.io") }), pull: Some(PullStep { member: "pull", images_param: "images" }) }"#
        ]],
    );
}

/// A Docker orb release that logs in to `default_registry` unless told otherwise and may
/// lack its pull member.
fn private_docker_release(default_registry: &str, with_pull: bool) -> Release {
    let param = |name: &str, default: &str| Param {
        name: name.to_string(),
        ty: "string".to_string(),
        default: Some(default.to_string()),
        ..Param::default()
    };
    let mut commands = vec![Member {
        name: "check".to_string(),
        params: vec![param("registry", default_registry)],
        ..Member::default()
    }];
    if with_pull {
        commands.push(Member {
            name: "pull".to_string(),
            params: vec![param("images", "")],
            ..Member::default()
        });
    }
    Release {
        orb: "circleci/docker".to_string(),
        version: "9.0.0".to_string(),
        commands: commands.into_iter().map(std::sync::Arc::new).collect(),
        ..Release::default()
    }
}

/// Each pull of the config: the image and whether the job logged in to Docker Hub before.
fn pulls(catalog: &Catalog, text: &str) -> Vec<String> {
    let parsed = yaml::parse(text);
    let model = Model::build(text, &parsed);
    let orbs = interfaces(&model, catalog);
    collect(&model, &orbs)
        .pulls
        .iter()
        .map(|p| {
            format!(
                "{} logged_in={} login_step={:?}",
                p.image.full_name(),
                p.logged_in,
                p.login_step
            )
        })
        .collect()
}

const CHECK_THEN_PULL: &str = "version: 2.1
orbs:
  docker: circleci/docker@VERSION
jobs:
  build:
    machine: true
    steps:
      - docker/check
      - docker/pull:
          images: cimg/node:20.11
workflows:
  main:
    jobs: [build]
";

#[test]
fn the_login_registry_default_comes_from_the_release() {
    let mut catalog = Catalog::compiled_in().clone();
    catalog.insert(private_docker_release("ghcr.io", true));
    let known = |version: &str| pulls(&catalog, &CHECK_THEN_PULL.replace("VERSION", version));
    // Every public major logs in to Docker Hub by default.
    assert_eq!(
        known("0.5.20"),
        ["docker.io/cimg/node logged_in=true login_step=Some(\"docker/check\")"]
    );
    assert_eq!(known("4.0.1"), known("0.5.20"));
    // A release whose `check` logs in elsewhere by default leaves Docker Hub pulls anonymous.
    assert_eq!(
        known("9.0.0"),
        ["docker.io/cimg/node logged_in=false login_step=Some(\"docker/check\")"]
    );
}

#[test]
fn a_release_without_a_pull_member_pulls_nothing() {
    let mut catalog = Catalog::compiled_in().clone();
    catalog.insert(private_docker_release("docker.io", false));
    assert!(pulls(&catalog, &CHECK_THEN_PULL.replace("VERSION", "9.0.0")).is_empty());
    assert_eq!(
        pulls(&catalog, &CHECK_THEN_PULL.replace("VERSION", "4.0.1")).len(),
        1
    );
}

#[test]
fn an_unknown_major_reads_the_newest_known_release() {
    // Major 1 is not in the data: its `check` still logs in.
    assert_eq!(
        pulls(
            Catalog::compiled_in(),
            &CHECK_THEN_PULL.replace("VERSION", "1.4.0")
        ),
        ["docker.io/cimg/node logged_in=true login_step=Some(\"docker/check\")"]
    );
}

/// The images orb executors run in, as `job: executor -> image (auth) [args]`.
fn orb_images(text: &str) -> String {
    let parsed = yaml::parse(text);
    let model = Model::build(text, &parsed);
    let orbs = interfaces(&model, Catalog::compiled_in());
    let docker = collect(&model, &orbs);
    let mut out = String::new();
    for i in &docker.orb_images {
        let args: Vec<&str> = i.args.iter().filter_map(|a| a.as_str()).collect();
        out.push_str(&format!(
            "{}: {} ({}) -> {} auth={} args={args:?}\n",
            i.jobs.join(","),
            i.executor,
            i.release,
            i.text,
            i.auth
        ));
    }
    out
}

#[test]
fn orb_executor_images_fill_in_their_parameters() {
    expect![[r#"
        default: node/default (circleci/node@7.2.1) -> cimg/node:lts auth=false args=[]
        tagged: node/default (circleci/node@7.2.1) -> cimg/node:20.11 auth=false args=["20.11"]
        python: python/default (circleci/python@3.3.0) -> cimg/python:3.12 auth=false args=["3.12"]
    "#]]
    .assert_eq(&orb_images(
        r#"version: 2.1
orbs:
  node: circleci/node@7.2.1
  python: circleci/python@3
  win: circleci/windows@5.1.0
jobs:
  default:
    executor: node/default
    steps: [checkout]
  tagged:
    executor:
      name: node/default
      tag: "20.11"
    steps: [checkout]
  python:
    executor: {name: python/default, tag: "3.12"}
    steps: [checkout]
  templated:
    executor:
      name: node/default
      tag: << pipeline.parameters.node >>
    steps: [checkout]
  windows:
    executor: win/default
    steps: [checkout]
"#,
    ));
}

/// The images of registry orb jobs the workflows run, as
/// `job: executor (release) -> image auth args`.
fn job_images(text: &str) -> String {
    let parsed = yaml::parse(text);
    let model = Model::build(text, &parsed);
    let orbs = interfaces(&model, Catalog::compiled_in());
    let docker = collect(&model, &orbs);
    let mut out = String::new();
    for i in docker.orb_images.iter().filter(|i| i.run_by.is_some()) {
        let args: Vec<&str> = i.args.iter().filter_map(|a| a.as_str()).collect();
        let at = i.name_node.span;
        out.push_str(&format!(
            "{} at {}..{}: {} ({}) -> {} auth={} args={args:?}\n",
            i.user(),
            at.start,
            at.end,
            i.executor,
            i.release,
            i.text,
            i.auth
        ));
    }
    out
}

#[test]
fn orb_jobs_run_from_workflows_add_their_executor_images() {
    expect![[r#"
        node/test at 199..208: node/default (circleci/node@4.9.0) -> cimg/node:13.11.0 auth=false args=[]
        node/test at 217..226: node/default (circleci/node@4.9.0) -> cimg/node:20.11 auth=false args=["20.11"]
        new/test at 381..389: new/default (circleci/node@7.2.1) -> cimg/node:lts auth=false args=[]
        new/test at 398..406: node/default (circleci/node@4.9.0) -> cimg/node:18.0 auth=false args=["18.0"]
        docker/hadolint at 557..572: docker/hadolint (circleci/docker@4.0.1) -> hadolint/hadolint:2.12.0 auth=false args=["2.12.0"]
        eks/create_cluster at 613..631: eks/create_cluster (circleci/aws-eks@4.0.0) -> cimg/python:3.10 auth=false args=[]
    "#]]
    .assert_eq(&job_images(
        r#"version: 2.1
orbs:
  node: circleci/node@4.9.0
  new: circleci/node@7.2.1
  docker: circleci/docker@4.0.1
  eks: circleci/aws-eks@4.0.0
  ecr: circleci/aws-ecr@9
workflows:
  main:
    jobs:
      - node/test
      - node/test:
          version: "20.11"
          name: pinned
      - node/test:
          version: << pipeline.parameters.node >>
          name: templated
      - new/test
      - new/test:
          executor: {name: node/default, tag: "18.0"}
          name: mine
      - new/test:
          executor: local
          name: local
      - docker/hadolint:
          hadolint_tag: 2.12.0
      - eks/create_cluster:
          cluster_name: c
      - node/test:
          matrix:
            parameters:
              version: ["18.0", "20.0"]
      - ecr/build_and_push_image:
          repo: r
"#,
    ));
}
