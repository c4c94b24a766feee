//! Data-driven tests of the orb rules on the compiled-in orb data: one fixture per behaviour,
//! findings rendered one per line with their fixes.

use std::fmt::Write;

use expect_test::{expect, Expect};

use super::data::{Catalog, OrbFile};
use crate::diagnostics::Finding;
use crate::model::{Extent, Model};
use syntax::yaml;

fn line_col(text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{line}:{col}")
}

fn render(text: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{} {} {} {:?}: {}",
            f.code,
            f.severity.as_str(),
            line_col(text, f.span.start),
            f.span.text(text),
            f.message
        );
        for fix in &f.fixes {
            for e in &fix.edits {
                let _ = writeln!(
                    out,
                    "  fix {:?}: {} {:?} -> {:?}",
                    fix.title,
                    line_col(text, e.span.start),
                    e.span.text(text),
                    e.new_text
                );
            }
        }
    }
    out
}

fn check_with(catalog: &Catalog, text: &str) -> String {
    let parsed = yaml::parse(text);
    let model = Model::build(text, &parsed);
    let mut findings = Vec::new();
    super::check(&model, catalog, Extent::of(&parsed), &mut findings);
    findings.sort_by_key(|f| (f.span.start, f.code));
    for f in &findings {
        let problem = crate::diagnostics::presentation::message_problem(&f.message).or_else(|| {
            f.fixes
                .iter()
                .find_map(|x| crate::diagnostics::presentation::fix_title_problem(&x.title))
        });
        assert!(problem.is_none(), "{problem:?}");
    }
    render(text, &findings)
}

fn check(text: &str) -> String {
    check_with(Catalog::compiled_in(), text)
}

fn assert_findings(text: &str, expected: Expect) {
    expected.assert_eq(&check(text));
}

#[test]
fn undefined_orb_members_with_suggestions() {
    assert_findings(
        "version: 2.1
orbs:
  node: circleci/node@7.2.1
jobs:
  build:
    executor: node/defualt
    steps:
      - node/instal
      - node/install-packages
workflows:
  main:
    jobs:
      - build
      - node/tset
      - node/install
",
        expect![[r#"
            undefined-executor error 6:15 "node/defualt": Change `defualt` to `default`: circleci/node@7.2.1 has no executor `defualt`.
              fix "Change to default": 6:20 "defualt" -> "default"
            undefined-command error 8:9 "node/instal": Change `instal` to `install`: circleci/node@7.2.1 has no command `instal`.
              fix "Change to install": 8:14 "instal" -> "install"
            undefined-job error 14:9 "node/tset": Change `tset` to `test`: circleci/node@7.2.1 has no job `tset`.
              fix "Change to test": 14:14 "tset" -> "test"
            undefined-job error 15:9 "node/install": Fix the name: circleci/node@7.2.1 has no job `install`. `node/install` is a command.
        "#]],
    );
}

#[test]
fn renamed_member_across_majors() {
    assert_findings(
        "version: 2.1
orbs:
  ecr: circleci/aws-ecr@9.8.1
workflows:
  main:
    jobs:
      - ecr/build-and-push-image:
          repo: app
",
        expect![[r#"
            undefined-job error 7:9 "ecr/build-and-push-image": Change `build-and-push-image` to `build_and_push_image`: circleci/aws-ecr@9.8.1 has no job `build-and-push-image`.
              fix "Change to build_and_push_image": 7:13 "build-and-push-image" -> "build_and_push_image"
        "#]],
    );
}

#[test]
fn arguments_are_checked_against_parameters() {
    assert_findings(
        "version: 2.1
orbs:
  node: circleci/node@7.2.1
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - node/install:
          node-version: \"20\"
          install-yarn: maybe
          nod-version: \"18\"
workflows:
  main:
    jobs:
      - build
      - node/test:
          pkg-manager: yarnn
          requires: [build]
",
        expect![[r#"
            invalid-parameter-value error 11:25 "maybe": Use `true` or `false`: parameter `install-yarn` of `node/install` is a boolean, not a string.
            undefined-parameter error 12:11 "nod-version": Change `nod-version` to `node-version`: `node/install` has no parameter `nod-version`.
              fix "Change to node-version": 12:11 "nod-version" -> "node-version"
            invalid-parameter-value error 18:24 "yarnn": Change the value to `yarn`: parameter `pkg-manager` of `node/test` takes only the enum's values.
              fix "Change to yarn": 18:24 "yarnn" -> "yarn"
        "#]],
    );
}

#[test]
fn missing_required_parameter_only_for_the_exact_release() {
    let exact = "version: 2.1
orbs:
  ecr: circleci/aws-ecr@9.8.1
workflows:
  main:
    jobs:
      - ecr/build_and_push_image
";
    expect![[r#"
        missing-parameter error 7:9 "ecr/build_and_push_image": Pass `repo`, `auth` here: `ecr/build_and_push_image` requires these parameters without a default.
    "#]].assert_eq(&check(exact));
    // An older 9.x release stands for itself only loosely: a required parameter may be new.
    let older = exact.replace("9.8.1", "9.0.0");
    expect![[r#"
        orb-update hint 3:25 "9.0.0": Update to 9.8.1 (same major): newer releases of circleci/aws-ecr are known (data 2026-07-01).
          fix "Change the version to 9.8.1": 3:25 "9.0.0" -> "9.8.1"
    "#]].assert_eq(&check(&older));
}

#[test]
fn env_var_name_parameter_takes_a_name_not_a_reference() {
    assert_findings(
        "version: 2.1
orbs:
  docker: circleci/docker@2.8.2
jobs:
  build:
    machine:
      image: ubuntu-2204:current
    steps:
      - docker/check:
          docker-password: $DOCKERHUB_PASSWORD
          docker-username: DOCKERHUB_LOGIN
workflows:
  main:
    jobs: [build]
",
        expect![[r#"
            orb-update hint 3:27 "2.8.2": Update to 4.0.1 (new major): newer releases of circleci/docker are known (data 2026-07-01).
              fix "Change the version to 4.0.1": 3:27 "2.8.2" -> "4.0.1"
            invalid-parameter-value error 10:28 "$DOCKERHUB_PASSWORD": Drop the `$`: parameter `docker-password` of `docker/check` takes a variable's name, not a value.
              fix "Use the name DOCKERHUB_PASSWORD": 10:28 "$DOCKERHUB_PASSWORD" -> "DOCKERHUB_PASSWORD"
        "#]],
    );
}

#[test]
fn literal_credentials_in_orb_parameters() {
    assert_findings(
        "version: 2.1
orbs:
  aws-cli: circleci/aws-cli@5.4.1
  old-aws-cli: circleci/aws-cli@4.2.3
  docker: circleci/docker@2.8.2
jobs:
  build:
    machine:
      image: ubuntu-2204:current
    steps:
      - aws-cli/setup:
          aws_access_key_id: AKIAEXAMPLE
          aws_secret_access_key: wJalrXUtnFEMIexample
      - aws-cli/setup:
          aws_secret_access_key: $AWS_SECRET_ACCESS_KEY
      - old-aws-cli/setup:
          aws_secret_access_key: MY_AWS_SECRET
      - old-aws-cli/setup:
          aws_secret_access_key: wJalr/XUtnFEMIexample
      - docker/check:
          docker-password: 'p@ss word!'
workflows:
  main:
    jobs: [build]
",
        expect![[r#"
            orb-update hint 4:33 "4.2.3": Update to 5.4.1 (new major): newer releases of circleci/aws-cli are known (data 2026-07-01).
              fix "Change the version to 5.4.1": 4:33 "4.2.3" -> "5.4.1"
            orb-update hint 5:27 "2.8.2": Update to 4.0.1 (new major): newer releases of circleci/docker are known (data 2026-07-01).
              fix "Change the version to 4.0.1": 5:27 "2.8.2" -> "4.0.1"
            literal-secret error 13:34 "wJalrXUtnFEMIexample": Store the secret in a context and use `$AWS_SECRET_ACCESS_KEY`: `aws_secret_access_key` holds a literal.
              fix "Use $AWS_SECRET_ACCESS_KEY": 13:34 "wJalrXUtnFEMIexample" -> "$AWS_SECRET_ACCESS_KEY"
            literal-secret error 19:34 "wJalr/XUtnFEMIexample": Store the secret in a context and give its name, e.g. `AWS_SECRET_ACCESS_KEY`: `aws_secret_access_key` holds a literal.
              fix "Use AWS_SECRET_ACCESS_KEY": 19:34 "wJalr/XUtnFEMIexample" -> "AWS_SECRET_ACCESS_KEY"
            invalid-parameter-value error 21:28 "'p@ss word!'": Write a variable's name: parameter `docker-password` of `docker/check` takes a variable's name, not a value.
            literal-secret error 21:29 "p@ss word!": Store the secret in a context and give its name, e.g. `DOCKER_PASSWORD`: `docker-password` holds a literal.
              fix "Use DOCKER_PASSWORD": 21:29 "p@ss word!" -> "DOCKER_PASSWORD"
        "#]],
    );
}

#[test]
fn newer_releases_are_hinted_with_a_version_fix() {
    assert_findings(
        "version: 2.1
orbs:
  node: circleci/node@5.1.0
  slack: circleci/slack@4
  newest: circleci/node@7.2.1
  future: circleci/node@7.9.0
  vol: circleci/node@volatile
  dev: circleci/node@dev:alpha
workflows:
  main:
    jobs: [node/test, slack/on-hold, newest/test, future/test, vol/test, dev/test]
",
        expect![[r#"
            orb-update hint 3:23 "5.1.0": Update to 5.3.0 (same major) or 7.2.1 (new major): newer releases of circleci/node are known (data 2026-07-01).
              fix "Change the version to 5.3.0": 3:23 "5.1.0" -> "5.3.0"
              fix "Change the version to 7.2.1": 3:23 "5.1.0" -> "7.2.1"
            orb-update hint 4:25 "4": Update to 6.1.3 (new major): newer releases of circleci/slack are known (data 2026-07-01).
              fix "Change the version to 6": 4:25 "4" -> "6"
        "#]],
    );
}

#[test]
fn quiet_on_unknown_orbs_majors_templates_and_newer_versions() {
    assert_findings(
        "version: 2.1
orbs:
  unknown: acme/unknown@1.0.0
  major: circleci/node@99.0.0
  future: circleci/node@7.9.0
  latest: circleci/node@7
  node: circleci/node@7.2.1
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - unknown/anything
      - major/anything
      - future/anything
      - latest/anything:
          whatever: 1
      - node/install:
          node-version: << pipeline.parameters.node >>
          install-yarn: << pipeline.parameters.yarn >>
workflows:
  main:
    jobs: [build]
",
        expect![[r#""#]],
    );
}

#[test]
fn absence_is_not_reported_on_a_cut_short_tree() {
    let text = "version: 2.1
orbs:
  node: circleci/node@7.2.1
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - node/instal
      - run: [unclosed
";
    let out = check(text);
    assert!(!out.contains("undefined-command"), "{out}");
}

#[test]
fn user_orbs_override_and_extend_the_compiled_in_data() {
    let file: OrbFile = match serde_json::from_str(
        r#"{"date":"2026-07-01","releases":[
        {"orb":"acme/tools","version":"1.0.0","commands":[{"n":"deploy","p":[{"n":"target","t":"enum","e":["staging","production"]}]}]}
        ]}"#,
    ) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    };
    let mut catalog = Catalog::compiled_in().clone();
    for r in file.releases {
        catalog.insert(r);
    }
    let out = check_with(
        &catalog,
        "version: 2.1
orbs:
  acme: acme/tools@1.0.0
jobs:
  build:
    machine:
      image: ubuntu-2204:current
    steps:
      - acme/deploy:
          target: prod
      - acme/deploi
workflows:
  main:
    jobs: [build]
",
    );
    expect![[r#"
        invalid-parameter-value error 10:19 "prod": Use one of `staging`, `production`: parameter `target` of `acme/deploy` takes no other value.
        undefined-command error 11:9 "acme/deploi": Change `deploi` to `deploy`: acme/tools@1.0.0 has no command `deploi`.
          fix "Change to deploy": 11:14 "deploi" -> "deploy"
    "#]].assert_eq(&out);
}

#[test]
fn orb_dirs_load_packed_sources_with_descriptions() {
    use super::user::{OrbFolder, OrbReleaseText};
    let folder = OrbFolder::read(&[OrbReleaseText {
        orb: "acme/tools".to_string(),
        version: "1.2.0".to_string(),
        text: std::sync::Arc::from(
            "version: 2.1\ndescription: Private tools.\ncommands:\n  deploy:\n    description: Deploys.\n    parameters:\n      target:\n        type: string\n    steps:\n      - run: echo\n",
        ),
    }]);
    assert!(folder.problems.is_empty(), "{:?}", folder.problems);
    let dirs = [crate::FilePath::new("/orbs")];
    let orbs = super::OrbCatalog::with_folders(&dirs, [&folder]);
    let releases = orbs.catalog().releases("acme/tools");
    assert_eq!(releases.len(), 1);
    let deploy = releases
        .first()
        .and_then(|r| r.member(super::MemberKind::Command, "deploy"));
    assert_eq!(
        deploy.and_then(|d| d.description.as_deref()),
        Some("Deploys.")
    );
    // The compiled-in releases are still there.
    assert!(!orbs.catalog().releases("circleci/node").is_empty());
    // A file that is not a packed orb is a problem, not a release.
    let broken = OrbFolder::read(&[OrbReleaseText {
        orb: "acme/tools".to_string(),
        version: "1.3.0".to_string(),
        text: std::sync::Arc::from("- not a mapping\n"),
    }]);
    assert_eq!(broken.problems.len(), 1);
    assert!(broken.releases.is_empty());
}
