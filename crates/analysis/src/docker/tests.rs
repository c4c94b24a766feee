//! Data-driven tests of the docker rules and their fixes, through the whole analysis.

use std::sync::Arc;

use expect_test::{expect, Expect};

use crate::analyze;
use crate::diagnostics::{Finding, TextEdit};
use crate::settings::Settings;

/// 1-based line and column (in characters) of a byte offset, as the CLI shows them.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    syntax::text::lines::LineIndex::new(text).human_position(text, at)
}
use syntax::yaml;

fn docker_findings(text: &str) -> Vec<Finding> {
    analyze(Arc::from(text), &Settings::default())
        .findings
        .into_iter()
        .filter(|f| super::RULES.iter().any(|r| r.code == f.code))
        .collect()
}

/// Every docker finding as `code severity line:col "text": message`, each fix's title below
/// it. Applying every fix must give valid YAML with fewer findings of that code.
fn render(text: &str) -> String {
    let findings = docker_findings(text);
    let mut out = String::new();
    for f in &findings {
        let (l1, c1) = line_col(text, f.span.start);
        let (l2, c2) = line_col(text, f.span.end);
        out.push_str(&format!(
            "{} {} {l1}:{c1}-{l2}:{c2} {:?}: {}\n",
            f.code,
            f.severity.as_str(),
            &text[f.span.start..f.span.end],
            f.message
        ));
        for fix in &f.fixes {
            out.push_str(&format!("  fix: {}\n", fix.title));
            let fixed = TextEdit::apply_all(text, &fix.edits);
            let parsed = yaml::parse(&fixed);
            assert!(
                parsed.errors.is_empty(),
                "fix {:?} gives invalid YAML {:?}:\n{fixed}",
                fix.title,
                parsed.errors
            );
            let before = findings.iter().filter(|g| g.code == f.code).count();
            let after = docker_findings(&fixed)
                .iter()
                .filter(|g| g.code == f.code)
                .count();
            assert!(
                after < before,
                "fix {:?} leaves the {} finding:\n{fixed}",
                fix.title,
                f.code
            );
        }
    }
    out
}

fn check(text: &str, expect: Expect) {
    expect.assert_eq(&render(text));
}

/// The text after applying the fix whose title starts with `title`, of the first finding
/// with `code`.
fn fixed(text: &str, code: &str, title: &str) -> String {
    let findings = docker_findings(text);
    let f = findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} finding"));
    let fix = f
        .fixes
        .iter()
        .find(|x| x.title.starts_with(title))
        .unwrap_or_else(|| panic!("no fix {title:?} in {:?}", f.fixes));
    TextEdit::apply_all(text, &fix.edits)
}

// The seed document's examples, each with the result it must give.

#[test]
fn seed_docker_hub_auth_with_contexts() {
    check(
        r#"workflows:
  my-workflow:
    jobs:
      - build:
          context:
            - build-env-vars
            - docker-hub-creds

jobs:
  build:
    docker:
      - image: acme-private/private-image:321
        auth:
          username: mydockerhub-user  # 文字列リテラル値を指定します
          password: $DOCKERHUB_PASSWORD  # または、プロジェクトの環境変数を参照するように指定します
"#,
        expect![[""]],
    );
}

#[test]
fn seed_quay_image() {
    check(
        r#"jobs:
  build:
    docker:
      - image: quay.io/project/image:tag
        auth:
          username: $QUAY_USERNAME
          password: $QUAY_PASSWORD
"#,
        expect![[""]],
    );
}

#[test]
fn seed_machine_with_docker_orb() {
    check(
        r#"version: 2.1
orbs:
  docker: circleci/docker@1.4.0

workflows:
  my-workflow:
    jobs:
      - machine-job:
          context:
            - build-env-vars
            - docker-hub-creds

jobs:
  machine-job:
    machine: true
    steps:
      - docker/check:
          docker-username: DOCKERHUB_LOGIN  # DOCKER_LOGIN is the default value, if it exists, it automatically would be used.
          docker-password: DOCKERHUB_PASSWORD  # DOCKER_PASSWORD is the default value
      - docker/pull:
          images: 'circleci/node:latest'
"#,
        expect![[""]],
    );
}

#[test]
fn seed_machine_with_docker_cli() {
    check(
        r#"version: 2
jobs:
  build:
    machine: true
    working_directory: ~/my_app
    steps:
      # Docker と docker-compose がプリインストールされています
      - checkout

      # プライベート Docker イメージを使用して固有の所有 DB を開始します
      - run: |
          docker login -u $DOCKER_USER -p $DOCKER_PASS
          docker run -d --name db company/proprietary-db:1.2.3
"#,
        expect![[r#"
            docker-login-password-arg warning 12:40-12:55 "-p $DOCKER_PASS": Use `--password-stdin`: `docker login` gets the Docker Hub password as an argument (`-p`), which others can see.
              fix: Pipe the password in with --password-stdin
        "#]],
    );
}

#[test]
fn seed_ecr_with_literal_key_id() {
    check(
        r#"version: 2
jobs:
  build:
    docker:
      - image: account-id.dkr.ecr.us-east-1.amazonaws.com/org/repo:0.1
        aws_auth:
          aws_access_key_id: AKIAQWERVA  # 文字列リテラル値を指定します
          aws_secret_access_key: $ECR_AWS_SECRET_ACCESS_KEY  # または、プロジェクトの UI 環境変数を参照するように指定します
"#,
        expect![[r#"
            literal-secret warning 7:30-7:40 "AKIAQWERVA": Store the AWS access key id in a project or context variable: `aws_auth.aws_access_key_id` holds a literal.
              fix: Replace the literal with $ECR_AWS_ACCESS_KEY_ID
        "#]],
    );
}

#[test]
fn seed_ecr_staging_and_production() {
    check(
        r#"version: 2
jobs:
  build:
    docker:
      - image: account-id.dkr.ecr.us-east-1.amazonaws.com/org/repo:0.1
        aws_auth:
          aws_access_key_id: $AWS_ACCESS_KEY_ID_STAGING
          aws_secret_access_key: $AWS_SECRET_ACCESS_KEY_STAGING
    steps:
      - run:
          name: "Every Day Tests"
          command: "testing...."
      - run:
          name: "Deploy to Staging Infrastructure"
          command: "something something darkside.... cli"
  deploy:
    docker:
      - image: account-id.dkr.ecr.us-east-1.amazonaws.com/org/repo:0.1
        aws_auth:
          aws_access_key_id: $AWS_ACCESS_KEY_ID_PRODUCTION
          aws_secret_access_key: $AWS_SECRET_ACCESS_KEY_PRODUCTION
    steps:
      - run:
          name: "Full Test Suite"
          command: "testing...."
      - run:
          name: "Deploy to Production Infrastructure"
          command: "something something darkside.... cli"

workflows:
  version: 2
  main:
    jobs:
      - build:
          filters:
            tags:
              only: /^\d{4}\.\d+$/
      - deploy:
          requires:
            - build
          filters:
            branches:
              ignore: /.*/
            tags:
              only: /^\d{4}\.\d+$/
"#,
        expect![[""]],
    );
}

#[test]
fn seed_fixes() {
    let cli = "version: 2\njobs:\n  build:\n    machine: true\n    steps:\n      - run: |\n          docker login -u $DOCKER_USER -p $DOCKER_PASS\n          docker run -d --name db company/proprietary-db:1.2.3\n";
    expect![[r#"
        version: 2
        jobs:
          build:
            machine: true
            steps:
              - run: |
                  echo "$DOCKER_PASS" | docker login -u $DOCKER_USER --password-stdin
                  docker run -d --name db company/proprietary-db:1.2.3
    "#]]
    .assert_eq(&fixed(cli, "docker-login-password-arg", "Pipe"));
    let ecr = "jobs:\n  build:\n    docker:\n      - image: account-id.dkr.ecr.us-east-1.amazonaws.com/org/repo:0.1\n        aws_auth:\n          aws_access_key_id: AKIAQWERVA  # literal\n          aws_secret_access_key: $ECR_AWS_SECRET_ACCESS_KEY\n";
    expect![[r#"
        jobs:
          build:
            docker:
              - image: account-id.dkr.ecr.us-east-1.amazonaws.com/org/repo:0.1
                aws_auth:
                  aws_access_key_id: $ECR_AWS_ACCESS_KEY_ID  # literal
                  aws_secret_access_key: $ECR_AWS_SECRET_ACCESS_KEY
    "#]]
    .assert_eq(&fixed(ecr, "literal-secret", "Replace"));
}

// docker-hub-rate-limit on executor images.

#[test]
fn rate_limit_executor_images() {
    check(
        r#"version: 2.1
executors:
  node:
    docker:
      - image: cimg/node:20.11   # primary
      - image: "redis:7"
      - {image: 'postgres:16', name: db}
jobs:
  a:
    executor: node
    steps: [checkout]
  b:
    executor:
      name: node
    steps: [checkout]
  c:
    docker:
      - image: docker.io/library/alpine
      - image: quay.io/org/app:1
      - image: ghcr.io/org/app:1
      - image: cimg/base:<< parameters.tag >>
      - image: << parameters.image >>
      - image: $CUSTOM_IMAGE
      - image: cimg/python:3.12
        auth:
          username: $DOCKERHUB_USERNAME
          password: $DOCKERHUB_PASSWORD
  d:
    executor: node/default
    steps: [checkout]
"#,
        expect![[r#"
            docker-hub-rate-limit warning 5:16-5:31 "cimg/node:20.11": Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).
              fix: Add auth with $DOCKERHUB_USERNAME and $DOCKERHUB_PASSWORD
            docker-hub-rate-limit warning 6:17-6:24 "redis:7": Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).
              fix: Add auth with $DOCKERHUB_USERNAME and $DOCKERHUB_PASSWORD
            docker-hub-rate-limit warning 7:18-7:29 "postgres:16": Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).
              fix: Add auth with $DOCKERHUB_USERNAME and $DOCKERHUB_PASSWORD
            docker-hub-rate-limit warning 18:16-18:40 "docker.io/library/alpine": Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).
              fix: Add auth with $DOCKERHUB_USERNAME and $DOCKERHUB_PASSWORD
            unpinned-image hint 18:16-18:40 "docker.io/library/alpine": Pin a version of `alpine`: without a tag Docker pulls `latest`, which moves with every push.
            docker-hub-rate-limit warning 21:16-21:46 "cimg/base:<< parameters.tag >>": Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).
              fix: Add auth with $DOCKERHUB_USERNAME and $DOCKERHUB_PASSWORD
        "#]],
    );
}

#[test]
fn rate_limit_anchor_reported_once_at_the_written_span() {
    check(
        r#"defaults: &defaults
  docker:
    - image: cimg/ruby:3.3
  working_directory: ~/app
jobs:
  a:
    <<: *defaults
    steps: [checkout]
  b:
    <<: *defaults
    steps: [checkout]
  c:
    docker: &py
      - image: cimg/python:3.12
  d:
    docker: *py
"#,
        expect![[r#"
            docker-hub-rate-limit warning 3:14-3:27 "cimg/ruby:3.3": Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).
              fix: Add auth with $DOCKERHUB_USERNAME and $DOCKERHUB_PASSWORD
            docker-hub-rate-limit warning 14:16-14:32 "cimg/python:3.12": Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).
              fix: Add auth with $DOCKERHUB_USERNAME and $DOCKERHUB_PASSWORD
        "#]],
    );
}

#[test]
fn aliased_image_fix_covers_every_entry() {
    let text = "images:\n  - rust: &rust cimg/rust:1.80\njobs:\n  a:\n    docker:\n      - image: *rust\n  b:\n    docker:\n      - image: *rust\n        name: b\n";
    check(
        text,
        expect![[r#"
            docker-hub-rate-limit warning 2:17-2:31 "cimg/rust:1.80": Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).
              fix: Add auth with $DOCKERHUB_USERNAME and $DOCKERHUB_PASSWORD
        "#]],
    );
    expect![[r#"
        images:
          - rust: &rust cimg/rust:1.80
        jobs:
          a:
            docker:
              - image: *rust
                auth:
                  username: $DOCKERHUB_USERNAME
                  password: $DOCKERHUB_PASSWORD
          b:
            docker:
              - image: *rust
                auth:
                  username: $DOCKERHUB_USERNAME
                  password: $DOCKERHUB_PASSWORD
                name: b
    "#]]
    .assert_eq(&fixed(text, "docker-hub-rate-limit", "Add"));
}

#[test]
fn auth_merged_or_aliased_into_an_entry() {
    check(
        r#"references:
  creds: &creds
    username: $DOCKERHUB_USERNAME
    password: $DOCKERHUB_PASSWORD
  image_base: &image_base
    auth: *creds
jobs:
  a:
    docker:
      - image: cimg/node:20
        auth: *creds
      - <<: *image_base
        image: cimg/postgres:16
      - image: redis
        <<: [*image_base]
"#,
        expect![[r#"
            unpinned-image hint 14:16-14:21 "redis": Pin a version of `redis`: without a tag Docker pulls `latest`, which moves with every push.
        "#]],
    );
}

#[test]
fn rate_limit_spans_with_crlf_and_non_ascii() {
    let text = "# 日本語のコメント\r\njobs:\r\n  ビルド:\r\n    docker:\r\n      - image: 'cimg/node:20'  # ノード\r\n    steps: [checkout]\r\n";
    check(
        text,
        expect![[r#"
            docker-hub-rate-limit warning 5:17-5:29 "cimg/node:20": Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).
              fix: Add auth with $DOCKERHUB_USERNAME and $DOCKERHUB_PASSWORD
        "#]],
    );
    expect![[r#"
        # 日本語のコメント
        jobs:
          ビルド:
            docker:
              - image: 'cimg/node:20'  # ノード
                auth:
                  username: $DOCKERHUB_USERNAME
                  password: $DOCKERHUB_PASSWORD
            steps: [checkout]
    "#]]
    .assert_eq(&fixed(text, "docker-hub-rate-limit", "Add").replace("\r\n", "\n"));
    let out = fixed(text, "docker-hub-rate-limit", "Add");
    assert_eq!(out.matches("\r\n").count(), out.matches('\n').count());
}

#[test]
fn auth_fix_in_flow_and_item_styles() {
    let flow = "jobs:\n  a:\n    docker: [{image: redis, name: cache}]\n";
    expect![[r#"
        jobs:
          a:
            docker: [{image: redis, auth: {username: $DOCKERHUB_USERNAME, password: $DOCKERHUB_PASSWORD}, name: cache}]
    "#]]
    .assert_eq(&fixed(flow, "docker-hub-rate-limit", "Add"));
    let item = "jobs:\n  a:\n    docker:\n    - image: redis\n      name: cache\n    steps: []";
    expect![[r#"
        jobs:
          a:
            docker:
            - image: redis
              auth:
                username: $DOCKERHUB_USERNAME
                password: $DOCKERHUB_PASSWORD
              name: cache
            steps: []"#]]
    .assert_eq(&fixed(item, "docker-hub-rate-limit", "Add"));
    let reuse = "jobs:\n  a:\n    docker:\n      - image: cimg/base:stable\n        auth:\n          username: $DOCKER_USER\n          password: $DOCKER_PASS\n  b:\n    docker:\n      - image: cimg/node:20\n";
    expect![[r#"
        jobs:
          a:
            docker:
              - image: cimg/base:stable
                auth:
                  username: $DOCKER_USER
                  password: $DOCKER_PASS
          b:
            docker:
              - image: cimg/node:20
                auth:
                  username: $DOCKER_USER
                  password: $DOCKER_PASS
    "#]]
    .assert_eq(&fixed(reuse, "docker-hub-rate-limit", "Add"));
}

// docker-hub-rate-limit on the Docker orb.

#[test]
fn orb_pull_without_check() {
    check(
        r#"version: 2.1
orbs:
  dkr: circleci/docker@2.5.0
jobs:
  pull:
    machine: true
    steps:
      - dkr/pull:
          images: cimg/node:20, quay.io/org/app:1,redis:7
      - dkr/check
      - dkr/pull:
          images: "cimg/base:stable"
"#,
        expect![[r#"
            docker-hub-rate-limit warning 9:19-9:31 "cimg/node:20": Add `dkr/check` before `dkr/pull`: it pulls from Docker Hub, rate-limited now, without logging in.
              fix: Insert a dkr/check step before the pull
            docker-hub-rate-limit warning 9:51-9:58 "redis:7": Add `dkr/check` before `dkr/pull`: it pulls from Docker Hub, rate-limited now, without logging in.
              fix: Insert a dkr/check step before the pull
        "#]],
    );
}

#[test]
fn orb_check_inside_commands_and_pre_steps() {
    check(
        r#"version: 2.1
orbs:
  docker: circleci/docker@2.5.0
commands:
  login:
    steps:
      - docker/check
  fetch:
    steps:
      - docker/pull:
          images: cimg/node:20
jobs:
  a:
    machine: true
    steps:
      - login
      - fetch
  b:
    machine: true
    steps:
      - fetch
  c:
    machine: true
    steps:
      - fetch
workflows:
  w:
    jobs:
      - a
      - b:
          pre-steps:
            - docker/check
      - c
"#,
        expect![[r#"
            docker-hub-rate-limit warning 11:19-11:31 "cimg/node:20": Add `docker/check` before `docker/pull`: it pulls from Docker Hub, rate-limited now, without logging in.
              fix: Insert a docker/check step before the pull
        "#]],
    );
    let text = "orbs:\n  docker: circleci/docker@2.5.0\njobs:\n  a:\n    machine: true\n    steps:\n      - checkout\n      - docker/pull:\n          images: cimg/node:20\n";
    expect![[r#"
        orbs:
          docker: circleci/docker@2.5.0
        jobs:
          a:
            machine: true
            steps:
              - checkout
              - docker/check
              - docker/pull:
                  images: cimg/node:20
    "#]]
    .assert_eq(&fixed(text, "docker-hub-rate-limit", "Insert"));
}

#[test]
fn orb_check_for_another_registry_does_not_count() {
    check(
        r#"orbs:
  docker: circleci/docker@2.5.0
jobs:
  a:
    machine: true
    steps:
      - docker/check:
          registry: quay.io
      - docker/pull:
          images: cimg/node:20
"#,
        expect![[r#"
            docker-hub-rate-limit warning 10:19-10:31 "cimg/node:20": Add `docker/check` before `docker/pull`: it pulls from Docker Hub, rate-limited now, without logging in.
              fix: Insert a docker/check step before the pull
        "#]],
    );
}

// docker-hub-rate-limit on run steps.

#[test]
fn shell_pulls_without_login() {
    check(
        r#"jobs:
  a:
    machine: true
    steps:
      - run: docker pull redis:7
      - run:
          name: Start services
          command: |
            set -e
            docker run -d --name db -e POSTGRES_PASSWORD=x postgres:16
            docker pull quay.io/org/app:1
            docker pull $IMAGE
  b:
    machine: true
    steps:
      - run: echo "$DOCKERHUB_PASSWORD" | docker login -u "$DOCKERHUB_USERNAME" --password-stdin
      - run: docker pull redis:7
  c:
    machine: true
    steps:
      - run: echo "$QUAY_PASSWORD" | docker login -u "$QUAY_USERNAME" --password-stdin quay.io
      - run: >
          docker create
          cimg/node:20
  d:
    machine: true
    steps:
      - run: docker login -u "$U" --password-stdin "$REGISTRY" < /tmp/p
      - run: docker pull redis
  local:
    machine: true
    steps:
      - run: docker build -t snyk-scratch-test .
      - run: |
          docker run --rm snyk-scratch-test whoami
          docker run --pull=never ethereum/solc:build-alpine --version
          docker tag snyk-scratch-test myorg/app:1 && docker create myorg/app:1
          docker pull myorg/app:1
  loaded:
    machine: true
    steps:
      - run: docker load -i /tmp/workspace/image.tar
      - run: docker run myorg/app:1
"#,
        expect![[r#"
            docker-hub-rate-limit warning 5:26-5:33 "redis:7": Log in before `docker pull`: Docker Hub rate-limits this pull now, and no `docker login` precedes it.
              fix: Log in to Docker Hub before this command
            docker-hub-rate-limit warning 10:60-10:71 "postgres:16": Log in before `docker run`: Docker Hub rate-limits this pull now, and no `docker login` precedes it.
              fix: Log in to Docker Hub before this command
            docker-hub-rate-limit warning 24:11-24:23 "cimg/node:20": Log in before `docker create`: Docker Hub rate-limits this pull now, and no `docker login` precedes it.
              fix: Log in to Docker Hub before this command
            docker-hub-rate-limit warning 38:23-38:34 "myorg/app:1": Log in before `docker pull`: Docker Hub rate-limits this pull now, and no `docker login` precedes it.
              fix: Log in to Docker Hub before this command
        "#]],
    );
    let text = "jobs:\n  a:\n    machine: true\n    steps:\n      - run:\n          command: |\n            set -e\n            docker run -d postgres:16\n";
    expect![[r#"
        jobs:
          a:
            machine: true
            steps:
              - run:
                  command: |
                    set -e
                    echo "$DOCKERHUB_PASSWORD" | docker login -u "$DOCKERHUB_USERNAME" --password-stdin
                    docker run -d postgres:16
    "#]]
    .assert_eq(&fixed(text, "docker-hub-rate-limit", "Log in"));
    let inline = "jobs:\n  a:\n    machine: true\n    steps:\n      - run: set -e; docker pull redis:7\n      - run: \"docker pull redis:7\"\n";
    expect![[r#"
        jobs:
          a:
            machine: true
            steps:
              - run: set -e; echo "$DOCKERHUB_PASSWORD" | docker login -u "$DOCKERHUB_USERNAME" --password-stdin && docker pull redis:7
              - run: "docker pull redis:7"
    "#]].assert_eq(&fixed(inline, "docker-hub-rate-limit", "Log in"));
    let quoted =
        "jobs:\n  a:\n    machine: true\n    steps:\n      - run: \"docker pull redis:7\"\n";
    expect![[r#"
        jobs:
          a:
            machine: true
            steps:
              - run: "echo \"$DOCKERHUB_PASSWORD\" | docker login -u \"$DOCKERHUB_USERNAME\" --password-stdin && docker pull redis:7"
    "#]].assert_eq(&fixed(quoted, "docker-hub-rate-limit", "Log in"));
}

// literal-secret.

#[test]
fn literal_secrets_in_auth() {
    check(
        r#"jobs:
  a:
    docker:
      - image: quay.io/org/app:1
        auth:
          username: robot
          password: hunter2 # do not do this
      - image: ghcr.io/org/app:1
        auth: {username: me, password: "s3cr3t"}
      - image: registry.example.com/app
        auth:
          username: me
          password: 12345
      - image: cimg/node:20
        auth:
          username: me
          password: << parameters.password >>
      - image: cimg/node:21
        auth:
          username: me
          password: ${DOCKER_PASS}
      - image: cimg/node:22
        auth:
          username: me
          password: <<pipeline.parameters.pw>>
"#,
        expect![[r#"
            literal-secret error 7:21-7:28 "hunter2": Store the password in a project or context variable and use `$QUAY_PASSWORD`: `auth.password` holds a literal.
              fix: Replace the literal with $QUAY_PASSWORD
            literal-secret error 9:41-9:47 "s3cr3t": Store the password in a project or context variable and use `$GHCR_PASSWORD`: `auth.password` holds a literal.
              fix: Replace the literal with $GHCR_PASSWORD
            unpinned-image hint 10:16-10:40 "registry.example.com/app": Pin a version of `app`: without a tag Docker pulls `latest`, which moves with every push.
            literal-secret error 13:21-13:26 "12345": Store the password in a project or context variable and use `$EXAMPLE_PASSWORD`: `auth.password` holds a literal.
              fix: Replace the literal with $EXAMPLE_PASSWORD
        "#]],
    );
}

#[test]
fn literal_secret_fixes_keep_quotes_and_comments() {
    let text = "jobs:\n  a:\n    docker:\n      - image: quay.io/org/app:1\n        auth:\n          username: robot\n          password: 'hunter2' # do not do this\n";
    expect![[r#"
        jobs:
          a:
            docker:
              - image: quay.io/org/app:1
                auth:
                  username: robot
                  password: '$QUAY_PASSWORD' # do not do this
    "#]]
    .assert_eq(&fixed(text, "literal-secret", "Replace"));
    let reuse = "jobs:\n  a:\n    docker:\n      - image: quay.io/org/app:1\n        auth:\n          username: robot\n          password: hunter2\n      - image: quay.io/org/other:1\n        auth:\n          username: $QUAY_ROBOT\n          password: $QUAY_ROBOT_TOKEN\n";
    expect![[r#"
        jobs:
          a:
            docker:
              - image: quay.io/org/app:1
                auth:
                  username: robot
                  password: $QUAY_ROBOT_TOKEN
              - image: quay.io/org/other:1
                auth:
                  username: $QUAY_ROBOT
                  password: $QUAY_ROBOT_TOKEN
    "#]]
    .assert_eq(&fixed(reuse, "literal-secret", "Replace"));
}

#[test]
fn literal_aws_keys() {
    check(
        r#"jobs:
  a:
    docker:
      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1
        aws_auth:
          aws_access_key_id: AKIAIOSFODNN7EXAMPLE
          aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
"#,
        expect![[r#"
            literal-secret warning 6:30-6:50 "AKIAIOSFODNN7EXAMPLE": Store the AWS access key id in a project or context variable: `aws_auth.aws_access_key_id` holds a literal.
              fix: Replace the literal with $AWS_ACCESS_KEY_ID
            literal-secret error 7:34-7:74 "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": Store the AWS secret access key in a project or context variable: `aws_auth.aws_secret_access_key` holds a literal.
              fix: Replace the literal with $AWS_SECRET_ACCESS_KEY
        "#]],
    );
}

#[test]
fn literal_password_in_docker_login() {
    let text = "jobs:\n  a:\n    machine: true\n    steps:\n      - run: docker login -u me -p 'hunter 2' quay.io && docker pull quay.io/a/b\n";
    check(
        text,
        expect![[r#"
            docker-login-password-arg warning 5:33-5:46 "-p 'hunter 2'": Use `--password-stdin`: `docker login` gets the Quay.io password as an argument (`-p`), which others can see.
              fix: Pipe $QUAY_PASSWORD in with --password-stdin
            literal-secret error 5:36-5:46 "'hunter 2'": Store the password in a variable such as `QUAY_PASSWORD` and use `--password-stdin`: `docker login` is given a literal.
              fix: Pipe $QUAY_PASSWORD in with --password-stdin
        "#]],
    );
    expect![[r#"
        jobs:
          a:
            machine: true
            steps:
              - run: echo "$QUAY_PASSWORD" | docker login -u me --password-stdin quay.io && docker pull quay.io/a/b
    "#]]
    .assert_eq(&fixed(text, "literal-secret", "Pipe"));
}

#[test]
fn secrets_never_appear_in_messages_or_titles() {
    let secret = "Zq9xSECRETvalue";
    let texts = [
        format!("jobs:\n  a:\n    docker:\n      - image: quay.io/o/a\n        auth:\n          username: u\n          password: {secret}\n"),
        format!("jobs:\n  a:\n    docker:\n      - image: 1.dkr.ecr.us-east-1.amazonaws.com/a\n        aws_auth:\n          aws_access_key_id: {secret}\n          aws_secret_access_key: {secret}\n"),
        format!("jobs:\n  a:\n    machine: true\n    steps:\n      - run: docker login -u u -p {secret}\n      - run: docker login -u u --password={secret} quay.io\n"),
    ];
    for text in &texts {
        let findings = docker_findings(text);
        assert!(
            findings.iter().any(|f| f.code == "literal-secret"),
            "{text}"
        );
        for f in findings {
            assert!(!f.message.contains(secret), "{}", f.message);
            for fix in &f.fixes {
                assert!(!fix.title.contains(secret), "{}", fix.title);
                for e in &fix.edits {
                    assert!(!e.new_text.contains(secret), "{}", e.new_text);
                }
            }
        }
    }
}

// invalid-auth.

#[test]
fn invalid_auth_blocks() {
    check(
        r#"jobs:
  a:
    docker:
      - image: quay.io/o/a
        auth:
          username: $U
      - image: quay.io/o/b
        auth: $CREDS
      - image: quay.io/o/c
        auth:
      - image: quay.io/o/d
        auth:
          username: $U
          password:
      - image: 1.dkr.ecr.us-east-1.amazonaws.com/e
        aws_auth:
          aws_access_key_id: $K
      - image: 1.dkr.ecr.us-east-1.amazonaws.com/f
        aws_auth:
          oidc_role_arn: $ROLE
          aws_access_key_id: $K
          aws_secret_access_key: $S
      - image: 1.dkr.ecr.us-east-1.amazonaws.com/g
        aws_auth: {}
      - image: 1.dkr.ecr.us-east-1.amazonaws.com/h
        auth:
          username: AWS
          password: $ECR_TOKEN
        aws_auth:
          oidc_role_arn: $ROLE
      - image: quay.io/o/i
        auth:
          username: [a]
          password: $P
"#,
        expect![[r#"
            unpinned-image hint 4:16-4:27 "quay.io/o/a": Pin a version of `a`: without a tag Docker pulls `latest`, which moves with every push.
            invalid-auth error 5:9-5:13 "auth": Add `password` to `auth`: CircleCI needs both `username` and `password` to log in.
            unpinned-image hint 7:16-7:27 "quay.io/o/b": Pin a version of `b`: without a tag Docker pulls `latest`, which moves with every push.
            invalid-auth error 8:15-8:21 "$CREDS": Write `auth` as a mapping with `username` and `password`; here it is a string.
            unpinned-image hint 9:16-9:27 "quay.io/o/c": Pin a version of `c`: without a tag Docker pulls `latest`, which moves with every push.
            invalid-auth error 10:9-10:13 "auth": Write `auth` as a mapping with `username` and `password`; here it is null.
            unpinned-image hint 11:16-11:27 "quay.io/o/d": Pin a version of `d`: without a tag Docker pulls `latest`, which moves with every push.
            invalid-auth error 12:9-12:13 "auth": Add `password` to `auth`: CircleCI needs both `username` and `password` to log in.
            unpinned-image hint 15:16-15:51 "1.dkr.ecr.us-east-1.amazonaws.com/e": Pin a version of `e`: without a tag Docker pulls `latest`, which moves with every push.
            invalid-auth error 16:9-16:17 "aws_auth": `aws_auth` is missing `aws_secret_access_key`: access keys come in pairs (or use `oidc_role_arn` alone).
            unpinned-image hint 18:16-18:51 "1.dkr.ecr.us-east-1.amazonaws.com/f": Pin a version of `f`: without a tag Docker pulls `latest`, which moves with every push.
            invalid-auth error 19:9-19:17 "aws_auth": `aws_auth` mixes access keys with `oidc_role_arn`: use both access keys, or `oidc_role_arn` alone.
            unpinned-image hint 23:16-23:51 "1.dkr.ecr.us-east-1.amazonaws.com/g": Pin a version of `g`: without a tag Docker pulls `latest`, which moves with every push.
            invalid-auth error 24:9-24:17 "aws_auth": `aws_auth` needs either `aws_access_key_id` and `aws_secret_access_key`, or `oidc_role_arn`.
            unpinned-image hint 25:16-25:51 "1.dkr.ecr.us-east-1.amazonaws.com/h": Pin a version of `h`: without a tag Docker pulls `latest`, which moves with every push.
            invalid-auth error 29:9-29:17 "aws_auth": Keep `aws_auth` for a private ECR image, `auth` otherwise: an image takes one, not both.
            unpinned-image hint 31:16-31:27 "quay.io/o/i": Pin a version of `i`: without a tag Docker pulls `latest`, which moves with every push.
            invalid-auth error 33:21-33:24 "[a]": Write `auth.username` as a string; here it is a list.
        "#]],
    );
}

#[test]
fn valid_auth_blocks() {
    check(
        r#"jobs:
  a:
    docker:
      - image: 1.dkr.ecr.us-east-1.amazonaws.com/a
        aws_auth:
          oidc_role_arn: arn:aws:iam::1:role/pull
      - image: 1.dkr.ecr.us-east-1.amazonaws.com/b
        aws_auth:
          aws_access_key_id: $K
          aws_secret_access_key: $S
      - image: public.ecr.aws/docker/library/node:20
      - image: mcr.microsoft.com/dotnet/sdk:8.0
"#,
        expect![[r#"
            unpinned-image hint 4:16-4:51 "1.dkr.ecr.us-east-1.amazonaws.com/a": Pin a version of `a`: without a tag Docker pulls `latest`, which moves with every push.
            unpinned-image hint 7:16-7:51 "1.dkr.ecr.us-east-1.amazonaws.com/b": Pin a version of `b`: without a tag Docker pulls `latest`, which moves with every push.
        "#]],
    );
}

// ecr-needs-aws-auth and ecr-region.

#[test]
fn ecr_without_aws_auth() {
    let text = r#"jobs:
  a:
    docker:
      - image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/org/app:1
  b:
    docker:
      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/org/app:1
        auth:
          username: AWS
          password: $ECR_TOKEN
  c:
    docker:
      - image: ${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com/org/app:1
  d:
    docker:
      - image: 123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app
        aws_auth:
          oidc_role_arn: $ROLE
"#;
    check(
        text,
        expect![[r#"
            ecr-needs-aws-auth warning 4:16-4:70 "123456789012.dkr.ecr.eu-west-1.amazonaws.com/org/app:1": Add `aws_auth` (access keys or `oidc_role_arn`) to pull this private ECR image.
              fix: Add aws_auth with access keys
              fix: Add aws_auth with OIDC role $AWS_ROLE_ARN
            ecr-region info 4:37-4:46 "eu-west-1": Use a copy in us-east-1, where CircleCI runs jobs: this ECR image is in `eu-west-1` and starts slower.
            ecr-needs-aws-auth warning 7:16-7:70 "123456789012.dkr.ecr.us-east-1.amazonaws.com/org/app:1": Use `aws_auth` (access keys or `oidc_role_arn`) for this private ECR image: tokens in `auth` expire in 12 hours.
              fix: Replace auth with aws_auth with access keys
              fix: Replace auth with aws_auth with OIDC role $AWS_ROLE_ARN
            ecr-needs-aws-auth warning 13:16-13:79 "${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com/org/app:1": Add `aws_auth` (access keys or `oidc_role_arn`) to pull this private ECR image.
              fix: Add aws_auth with access keys
              fix: Add aws_auth with OIDC role $AWS_ROLE_ARN
            unpinned-image hint 16:16-16:68 "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app": Pin a version of `app`: without a tag Docker pulls `latest`, which moves with every push.
        "#]],
    );
}

#[test]
fn ecr_fixes() {
    let text = "jobs:\n  a:\n    docker:\n      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/org/app:1\n    steps: []\n";
    expect![[r#"
        jobs:
          a:
            docker:
              - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/org/app:1
                aws_auth:
                  aws_access_key_id: $AWS_ACCESS_KEY_ID
                  aws_secret_access_key: $AWS_SECRET_ACCESS_KEY
            steps: []
    "#]]
    .assert_eq(&fixed(
        text,
        "ecr-needs-aws-auth",
        "Add aws_auth with access",
    ));
    expect![[r#"
        jobs:
          a:
            docker:
              - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/org/app:1
                aws_auth:
                  oidc_role_arn: $AWS_ROLE_ARN
            steps: []
    "#]]
    .assert_eq(&fixed(text, "ecr-needs-aws-auth", "Add aws_auth with OIDC"));
    let with_auth = "jobs:\n  a:\n    docker:\n      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/org/app:1\n        auth:\n          username: AWS\n          password: $ECR_TOKEN\n        name: app\n";
    expect![[r#"
        jobs:
          a:
            docker:
              - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/org/app:1
                aws_auth:
                  aws_access_key_id: $AWS_ACCESS_KEY_ID
                  aws_secret_access_key: $AWS_SECRET_ACCESS_KEY
                name: app
    "#]]
    .assert_eq(&fixed(with_auth, "ecr-needs-aws-auth", "Replace"));
}

// docker-login-password-arg.

#[test]
fn login_password_arguments() {
    check(
        r#"jobs:
  a:
    machine: true
    steps:
      - run: docker login --username="${QUAY_USER}" --password="${QUAY_PASS}" quay.io
      - run:
          command: "docker login -u $DOCKER_LOGIN -p $DOCKER_PASSWORD"
      - run: echo "$P" | docker login -u "$U" --password-stdin
      - run: docker login -u "$U" -p "$(cat /tmp/token)" ghcr.io
"#,
        expect![[r#"
            docker-login-password-arg warning 5:53-5:78 "--password=\"${QUAY_PASS}\"": Use `--password-stdin`: `docker login` gets the Quay.io password as an argument (`--password`), which others can see.
              fix: Pipe the password in with --password-stdin
            docker-login-password-arg warning 7:51-7:70 "-p $DOCKER_PASSWORD": Use `--password-stdin`: `docker login` gets the Docker Hub password as an argument (`-p`), which others can see.
              fix: Pipe the password in with --password-stdin
            docker-login-password-arg warning 9:35-9:57 "-p \"$(cat /tmp/token)\"": Use `--password-stdin`: `docker login` gets the GitHub Container Registry password as an argument (`-p`), which others can see.
              fix: Pipe the password in with --password-stdin
        "#]],
    );
    let text = "jobs:\n  a:\n    machine: true\n    steps:\n      - run:\n          command: \"docker login -u $DOCKER_LOGIN -p $DOCKER_PASSWORD\"\n";
    expect![[r#"
        jobs:
          a:
            machine: true
            steps:
              - run:
                  command: "echo \"$DOCKER_PASSWORD\" | docker login -u $DOCKER_LOGIN --password-stdin"
    "#]]
    .assert_eq(&fixed(text, "docker-login-password-arg", "Pipe"));
}

#[test]
fn shell_spans_with_crlf_and_non_ascii() {
    let text = "jobs:\r\n  a:\r\n    machine: true\r\n    steps:\r\n      - run: |\r\n          # プライベート DB を開始します\r\n          echo \"é\" && docker login -u $U \\\r\n            -p $DOCKER_PASS\r\n          docker run -d --name db cömpany/db:1 # ü\r\n";
    check(
        text,
        expect![[r#"
            docker-login-password-arg warning 8:13-8:28 "-p $DOCKER_PASS": Use `--password-stdin`: `docker login` gets the Docker Hub password as an argument (`-p`), which others can see.
              fix: Pipe the password in with --password-stdin
        "#]],
    );
    let out = fixed(text, "docker-login-password-arg", "Pipe");
    assert_eq!(out.matches("\r\n").count(), out.matches('\n').count());
    expect![[r#"
        jobs:
          a:
            machine: true
            steps:
              - run: |
                  # プライベート DB を開始します
                  echo "é" && echo "$DOCKER_PASS" | docker login -u $U \
                    --password-stdin
                  docker run -d --name db cömpany/db:1 # ü
    "#]]
    .assert_eq(&out.replace("\r\n", "\n"));
}

#[test]
fn suppression_comments_silence_one_rule() {
    check(
        r#"jobs:
  a:
    docker:
      # circleci-ls: ignore docker-hub-rate-limit
      - image: cimg/node:20
      - image: redis:7 # circleci-ls: ignore docker-hub-rate-limit
        name: cache
      - image: postgres:16 # circleci-ls: ignore literal-secret
"#,
        expect![[r#"
            docker-hub-rate-limit warning 8:16-8:27 "postgres:16": Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).
              fix: Add auth with $DOCKERHUB_USERNAME and $DOCKERHUB_PASSWORD
        "#]],
    );
}

#[test]
fn inline_orb_executors_and_executor_forms() {
    check(
        r#"version: 2.1
orbs:
  local:
    executors:
      default:
        docker:
          - image: cimg/go:1.22
    jobs:
      test:
        executor: default
        steps: [checkout]
executors:
  node:
    parameters:
      tag:
        type: string
        default: "20.11"
    docker:
      - image: cimg/node:<< parameters.tag >>
        auth:
          username: $DOCKERHUB_USERNAME
          password: $DOCKERHUB_PASSWORD
jobs:
  a:
    executor:
      name: node
      tag: "22.0"
    steps: [checkout]
  b:
    executor: local/default
    steps: [checkout]
workflows:
  w:
    jobs:
      - a:
          context: [docker-hub-creds]
      - b
      - local/test:
          context: org-global
"#,
        expect![[r#"
            docker-hub-rate-limit warning 7:20-7:32 "cimg/go:1.22": Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).
              fix: Add auth with $DOCKERHUB_USERNAME and $DOCKERHUB_PASSWORD
        "#]],
    );
}

#[test]
fn every_rule_example_gives_its_rule() {
    for rule in super::RULES {
        let bad = docker_findings(rule.bad);
        assert!(
            bad.iter().any(|f| f.code == rule.code),
            "{}: the bad example gives {:?}",
            rule.code,
            bad.iter().map(|f| f.code).collect::<Vec<_>>()
        );
        let good = docker_findings(rule.good);
        assert!(
            good.is_empty(),
            "{}: the good example gives {:?}",
            rule.code,
            good.iter().map(|f| f.code).collect::<Vec<_>>()
        );
    }
}
