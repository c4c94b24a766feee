//! Data-driven tests of the structural rules: a fixture in, every finding out.

use expect_test::{expect, Expect};

use syntax::yaml;

/// Runs the knowledge rules and renders each finding as
/// `code severity "covered text": message`, with fixes and related locations below.
fn render(text: &str) -> String {
    let parsed = yaml::parse(text);
    assert!(
        parsed.errors.is_empty(),
        "fixture does not parse: {:?}",
        parsed.errors
    );
    let mut findings = Vec::new();
    super::check(
        text,
        &syntax::text::lines::LineIndex::new(text),
        &parsed,
        &crate::model::Model::build(text, &parsed),
        &mut findings,
    );
    findings.sort_by_key(|f| (f.span.start, f.code));
    let mut out = String::new();
    for f in &findings {
        out.push_str(&format!(
            "{} {} {:?}: {}\n",
            f.code,
            f.severity.as_str(),
            f.span.text(text),
            f.message
        ));
        for r in &f.related {
            out.push_str(&format!(
                "  related {:?}: {}\n",
                r.span.text(text),
                r.message
            ));
        }
        for fix in &f.fixes {
            let edits: Vec<String> = fix
                .edits
                .iter()
                .map(|e| format!("{:?} -> {:?}", e.span.text(text), e.new_text))
                .collect();
            out.push_str(&format!(
                "  fix{} {}: {}\n",
                if fix.preferred { "*" } else { "" },
                fix.title,
                edits.join(", ")
            ));
        }
    }
    out
}

fn check(text: &str, expect: Expect) {
    expect.assert_eq(&render(text));
}

#[test]
fn a_valid_config_has_no_findings() {
    check(
        r#"version: 2.1
orbs:
  node: circleci/node@5.2.0
parameters:
  deploy:
    type: boolean
    default: false
commands:
  greet:
    parameters:
      to:
        type: string
        default: world
    steps:
      - run: echo hello << parameters.to >>
executors:
  base:
    docker:
      - image: cimg/base:current
        auth:
          username: me
          password: $DOCKERHUB_PASSWORD
    resource_class: medium+
jobs:
  build:
    executor: base
    parallelism: << pipeline.parameters.n >>
    steps:
      - checkout
      - greet:
          to: you
      - node/install
      - run:
          name: Test
          command: make test
          no_output_timeout: 20m
          when: always
          max_auto_reruns: 3
          auto_rerun_delay: 30s
      - when:
          condition:
            and:
              - << pipeline.parameters.deploy >>
              - equal: [ main, << pipeline.git.branch >> ]
          steps:
            - run: ./deploy.sh
      - save_cache:
          key: v1-{{ checksum "package-lock.json" }}
          paths:
            - node_modules
      - store_test_results:
          path: results
  hold:
    type: approval
workflows:
  main:
    when:
      not: << pipeline.parameters.deploy >>
    jobs:
      - build:
          context: [org-global]
          filters:
            branches:
              only: /feature-.*/
      - approve:
          type: approval
          requires:
            - build
      - node/test:
          version: "20"
          requires:
            - build: [success, failed]
          matrix:
            parameters:
              os: [linux, macos]
"#,
        expect![[""]],
    );
}

#[test]
fn unknown_keys_with_suggestions_and_fixes() {
    check(
        r#"version: 2.1
job:
  x: 1
jobs:
  build:
    dokcer:
      - image: cimg/base:current
    resource-class: large
    frobnicate: true
    steps:
      - run:
          comand: make
"#,
        expect![[r#"
            unknown-key warning "job": Rename `job` to `jobs`: unknown key in a CircleCI config.
              fix* Rename to jobs: "job" -> "jobs"
            unknown-key error "dokcer": Rename `dokcer` to `docker`: unknown key in a job.
              fix* Rename to docker: "dokcer" -> "docker"
            unknown-key error "resource-class": Rename `resource-class` to `resource_class`: unknown key in a job.
              fix* Rename to resource_class: "resource-class" -> "resource_class"
            unknown-key error "frobnicate": Remove `frobnicate` or fix its indentation: unknown key in a job.
            unknown-key warning "comand": Rename `comand` to `command`: unknown key in the `run` step.
              fix* Rename to command: "comand" -> "command"
        "#]],
    );
}

#[test]
fn wrong_kinds_of_values() {
    check(
        r#"version: 2.1
jobs:
  build:
    docker:
      image: cimg/base:current
    parallelism: two
    circleci_ip_ranges: maybe
    environment:
      A: 1
      B:
        nested: no
    steps: make test
  test:
    machine:
      image: ubuntu-2404:current
    steps:
      - run:
          command: make
          background: "yes please"
      - save_cache:
          key: k
          paths: node_modules
"#,
        expect![[r#"
            invalid-type error "docker": Write `docker` as a list of Docker image entries; found a mapping.
            invalid-type error "two": Write `parallelism` as an integer of at least 1; found a string (`two`).
            invalid-type error "maybe": Write `circleci_ip_ranges` as a boolean; found a string (`maybe`).
            invalid-type error "B": Give `B` a string, number or boolean: an environment variable cannot be a mapping.
            invalid-type error "make test": Write `steps` as a list of steps; found a string (`make test`).
            invalid-type error "\"yes please\"": Write `background` as a boolean; found a string (`yes please`).
        "#]],
    );
}

#[test]
fn values_outside_their_set() {
    check(
        r#"version: 2.3
parameters:
  p:
    type: strin
    default: x
jobs:
  build:
    docker:
      - image: cimg/base:current
    resource_class: larg
    parallelism: 0
    steps:
      - run:
          command: make
          when: "allways"
          no_output_timeout: ten minutes
          max_auto_reruns: 9
          auto_rerun_delay: 11m
      - checkout:
          method: sparse
  other:
    docker:
      - image: cimg/base:current
    resource_class: huge
    retention:
      caches: 2w
    steps:
      - checkout
workflows:
  nightly:
    triggers:
      - schedule:
          cron: "0 0 * *"
          filters:
            branches:
              only: main
    jobs:
      - build:
          requires:
            - other: failing
"#,
        expect![[r#"
            invalid-value error "2.3": Change `2.3` to `2.1`: not a valid value for `version`.
              fix* Change to 2.1: "2.3" -> "2.1"
            invalid-value error "strin": Change `strin` to `string`: not a valid value for `type`.
              fix* Change to string: "strin" -> "string"
            invalid-value warning "larg": Change `larg` to `large`: not a valid value for `resource_class`.
              fix* Change to large: "larg" -> "large"
            invalid-value error "0": Use an integer of at least 1 for `parallelism`: 0 is out of range.
            invalid-value error "\"allways\"": Change `allways` to `always`: not a valid value for `when`.
              fix* Change to always: "\"allways\"" -> "\"always\""
            invalid-value error "ten minutes": Write a number with a unit, such as `20m`, `1.5h` or `90s`: `ten minutes` is not a valid value for `no_output_timeout`.
            invalid-value error "9": Use an integer from 1 to 5 for `max_auto_reruns`: 9 is out of range.
            invalid-value error "11m": Write whole minutes from `1m` to `10m`, or seconds up to `600s`: `11m` is not a valid value for `auto_rerun_delay`.
            invalid-value error "sparse": Use one of `blobless`, `full`, `shallow`: `sparse` is not a valid value for `method`.
            invalid-value warning "huge": Use a size such as `medium` or `large`, or a self-hosted runner's `namespace/name`.
            invalid-value error "2w": Write a number of days from `1d` to `15d`, such as `7d`: `2w` is not a valid value for `caches`.
            deprecated info "schedule": Replace deprecated `schedule`: Scheduled workflows are being phased out; use a schedule trigger in the project settings.
            invalid-value error "\"0 0 * *\"": Write five cron fields (minute, hour, day of month, month, day of week), such as `0 2 * * *`.
            invalid-value error "failing": Use one of `success`, `failed`, `canceled`, `unauthorized`, `not_run`, `terminal`.
        "#]],
    );
}

#[test]
fn missing_keys() {
    check(
        r#"version: 2.1
parameters:
  flag:
    type: boolean
commands:
  empty:
    description: nothing
jobs:
  no-steps:
    docker:
      - name: db
  release-it:
    type: release
  gate:
    type: approval
  nop:
    type: no-op
  build:
    docker:
      - image: cimg/base:current
    parameters:
      untyped:
        default: 1
    steps:
      - run
      - run:
      - restore_cache:
          name: restore
      - save_cache:
          paths: [a]
      - when:
          steps:
            - checkout
      - checkout
      - add_ssh_keys
workflows:
  main:
    triggers: []
"#,
        expect![[r#"
            missing-key error "flag": Add `default` to `flag`: required in a pipeline parameter declaration.
            missing-key error "empty": Add `steps` to `empty`: required in a command.
            missing-key error "no-steps": Add the `steps` job `no-steps` runs: it has none.
            missing-key error "docker": Add `image` to `docker`: required in a Docker image entry.
            missing-key error "release-it": The release job `release-it` needs `plan_name`.
            missing-key error "untyped": Add `type` to `untyped`: required in a parameter declaration.
            missing-key error "run": Write `run:` with that key: the `run` step needs `command`.
            missing-key error "run": Add `command` to `run`: required in the `run` step.
            missing-key error "restore_cache": Add `key` or `keys` to `restore_cache`: it needs one of them.
            missing-key error "save_cache": Add `key` to `save_cache`: required in the `save_cache` step.
            missing-key error "when": Add `condition` to `when`: required in a conditional step.
            missing-key error "main": Add `jobs` to `main`: required in a workflow.
        "#]],
    );
}

#[test]
fn duplicate_and_conflicting_keys() {
    check(
        r#"version: 2.1
defaults: &defaults
  docker:
    - image: cimg/base:current
  working_directory: ~/a
jobs:
  build:
    <<: *defaults
    working_directory: ~/b
    machine:
      image: ubuntu-2404:current
    steps:
      - checkout
    steps:
      - run: make
workflows:
  main:
    when: << pipeline.parameters.a >>
    unless: << pipeline.parameters.b >>
    jobs:
      - build
"#,
        expect![[r#"
            conflicting-keys error "machine": Keep one of `machine` and `docker`: they cannot be combined in a job.
              related "docker": `docker` is set here
            duplicate-key error "steps": Merge the two `steps` keys or remove one: CircleCI rejects a key written twice.
              related "steps": `steps` is first written here
            conflicting-keys error "unless": Keep one of `unless` and `when`: they cannot be combined in a workflow.
              related "when": `when` is set here
        "#]],
    );
}

#[test]
fn deprecations() {
    check(
        r#"version: 2.1
jobs:
  old:
    machine: true
    branches:
      only: main
    steps:
      - deploy:
          command: ./deploy.sh
      - setup_remote_docker:
          reusable: true
  runner:
    machine: true
    resource_class: my-org/my-runner
    steps:
      - checkout
  legacy-image:
    docker:
      - image: "circleci/node:14-browsers"
      - image: circleci/circleci-cli:latest
    resource_class: macos.x86.medium.gen2
    steps:
      - checkout
workflows:
  version: 2
  main:
    jobs:
      - old
"#,
        expect![[r#"
            deprecated warning "true": Choose an image, such as `machine: { image: ubuntu-2404:current }`: `machine: true` is deprecated on cloud.
              fix Use the ubuntu-2404:current image: "true" -> "{ image: ubuntu-2404:current }"
            deprecated warning "branches": Replace deprecated `branches`: Workflows ignore job-level `branches`; put `filters: branches:` on the job in the workflow.
            deprecated warning "deploy": Replace deprecated `deploy`: The `deploy` step is deprecated; use `run` (with a job of parallelism 1 for deployments).
            deprecated warning "reusable": Replace deprecated `reusable`: `reusable` is no longer supported; use `docker_layer_caching`.
            deprecated warning "\"circleci/node:14-browsers\"": Use `cimg/node` (pick a current tag): `circleci/node` is a deprecated legacy image.
              fix Use cimg/node: "circleci/" -> "cimg/"
            deprecated warning "macos.x86.medium.gen2": Replace deprecated resource class `macos.x86.medium.gen2`: Intel macOS resource classes were retired; use an Apple silicon class such as `m4pro.medium`.
            deprecated hint "version": Remove `workflows: version`: it is only needed with `version: 2`.
              fix* Remove workflows: version: "  version: 2\n" -> ""
        "#]],
    );
}

#[test]
fn version_2_0_configs() {
    check(
        r#"version: 2
orbs:
  node: circleci/node@5.2.0
jobs:
  build:
    docker:
      - image: cimg/base:current
        env:
          A: b
    steps:
      - checkout
      - when:
          condition: true
          steps: [checkout]
workflows:
  main:
    jobs:
      - build:
          matrix:
            parameters:
              a: [1]
"#,
        expect![[r#"
            unsupported-in-version error "orbs": Change the top-level `version` to `2.1`: `orbs` needs it, and this config declares 2.0.
            unknown-key warning "env": Rename `env` to `environment`: unknown key in a Docker image entry.
              fix* Rename to environment: "env" -> "environment"
            unsupported-in-version error "when": Change the top-level `version` to `2.1`: `when` needs it, and this config declares 2.0.
            missing-key error "workflows": Add `version: 2` as the first key of `workflows`, or move the config to `version: 2.1`.
            unsupported-in-version error "matrix": Change the top-level `version` to `2.1`: `matrix` needs it, and this config declares 2.0.
        "#]],
    );
}

#[test]
fn templates_are_never_type_errors() {
    check(
        r#"version: 2.1
jobs:
  build:
    parameters:
      n:
        type: integer
        default: 2
      steps:
        type: steps
        default: []
      rc:
        type: string
        default: large
    docker: << parameters.images >>
    parallelism: << parameters.n >>
    resource_class: << parameters.rc >>
    circleci_ip_ranges: << pipeline.parameters.ip >>
    steps:
      - steps: << parameters.steps >>
      - run:
          command: make
          when: << parameters.when >>
          max_auto_reruns: << parameters.n >>
          no_output_timeout: << parameters.timeout >>
      - checkout:
          method: << parameters.method >>
"#,
        expect![[""]],
    );
}

#[test]
fn steps_and_job_entries_have_a_single_key() {
    check(
        r#"version: 2.1
commands:
  checkout:
    steps:
      - run: git clone --depth 1 "$CIRCLE_REPOSITORY_URL" .
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - checkout:
          shallow: true
      - run:
        name: misplaced
      - my-orb/do-it:
          any: thing
workflows:
  main:
    jobs:
      - build:
        requires:
          - other
"#,
        expect![[r#"
            missing-key error "run": Add `command` to `run`: required in the `run` step.
            invalid-type error "name": A step has a single key, the step's type; `name` is a second key next to `run`. If it is a setting of `run`, indent it under `run`.
            invalid-type error "requires": A workflow job entry has a single key, the job's name; `requires` is a second key next to `build`. If it is a setting of `build`, indent it under `build`.
        "#]],
    );
}

#[test]
fn lenient_places_warn_instead_of_failing() {
    // Real configs carry these and CircleCI runs them.
    check(
        r#"version: 2.1
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - checkout:
          directory: src
      - restore_cache:
          keys: [v1-]
          paths: [/tmp/x]
      - type: shell
        name: legacy step form
        command: make
      - run:
          name:
          command: make
      - when:
          condition:
            and:
              - equal: [main, << pipeline.git.branch >>]
              - when: always
          steps:
            - persist_to_workspace:
                root: .
                paths: dist
workflows:
  version: 2.1
  main:
    jobs:
      - build:
          filters:
            pull_requests:
              ignore: /.*/
"#,
        expect![[r#"
            unknown-key warning "directory": Use one of `path`, `method`, `depth`, `name`: unknown key `directory` in the `checkout` step.
            unknown-key warning "paths": Use one of `key`, `keys`, `name`: unknown key `paths` in the `restore_cache` step.
            unknown-key warning "when": Use `and`, `or`, `not`, `equal` or `matches`: `when` is not one, so the condition is always true.
            deprecated hint "version": Remove `workflows: version`: it is only needed with `version: 2`.
              fix* Remove workflows: version: "  version: 2.1\n" -> ""
            unknown-key warning "pull_requests": Use one of `branches`, `tags`: unknown key `pull_requests` in the job filters.
        "#]],
    );
}

#[test]
fn orb_references() {
    check(
        r#"version: 2.1
orbs:
  a: circleci/node@5.2.0
  b: circleci/node@5
  c: circleci/node@dev:alpha
  d: circleci/node@volatile
  e: https://example.com/orb.yml
  f: circleci/node@<< pipeline.parameters.v >>
  g: circleci/node
  h: circleci/node@5.x
  i:
    commands:
      hi:
        steps:
          - run: echo hi
"#,
        expect![[r#"
            invalid-value error "circleci/node": Write `namespace/orb@version` (a version such as `5`, `5.2`, `5.2.1` or `volatile`) or a URL: `circleci/node` is not an orb.
            invalid-value error "circleci/node@5.x": Write `namespace/orb@version` (a version such as `5`, `5.2`, `5.2.1` or `volatile`) or a URL: `circleci/node@5.x` is not an orb.
        "#]],
    );
}

#[test]
fn credentials_are_left_to_the_docker_module_except_misspelt_keys() {
    check(
        r#"version: 2.1
jobs:
  build:
    docker:
      - image: cimg/base:current
        auth:
          username: me
          pasword: $PW
      - image: 123.dkr.ecr.us-east-1.amazonaws.com/app
        aws_auth: nothing
    steps: [checkout]
"#,
        expect![[r#"
            unknown-key error "pasword": Rename `pasword` to `password`: unknown key in the registry credentials.
              fix* Rename to password: "pasword" -> "password"
        "#]],
    );
}

#[test]
fn every_rule_example_behaves() {
    // Each rule's `bad` example must trigger it and its `good` example must not.
    for rule in super::RULES {
        let codes = |text: &str| -> Vec<&'static str> {
            let parsed = yaml::parse(text);
            let mut findings = Vec::new();
            crate::validation::check(
                text,
                &syntax::text::lines::LineIndex::new(text),
                &parsed,
                &crate::model::Model::build(text, &parsed),
                &mut findings,
            );
            findings.iter().map(|f| f.code).collect()
        };
        assert!(
            codes(rule.bad).contains(&rule.code),
            "the bad example of {} does not trigger it",
            rule.code
        );
        assert!(
            !codes(rule.good).contains(&rule.code),
            "the good example of {} triggers it",
            rule.code
        );
    }
}

#[test]
fn a_config_without_version() {
    check(
        r#"# CI
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps: [checkout]
"#,
        expect![[r#"
            missing-key error "jobs": Add `version: 2.1` at the top: CircleCI needs the config's `version`.
              fix* Add version: 2.1: "" -> "version: 2.1\n"
        "#]],
    );
}

#[test]
fn image_must_be_a_string_reference() {
    check(
        r#"version: 2.1
jobs:
  a:
    docker:
      - image: 42
      - image: "42"
      - image: true
      - image:
      - image: cimg/base:<< parameters.tag >>
    parameters:
      tag: {type: string, default: "2024.01"}
    steps: [checkout]
"#,
        expect![[r#"
            invalid-type error "42": Write an image reference such as `cimg/base:2024.01` (quote a name): this is a number.
            invalid-type error "true": Write an image reference such as `cimg/base:2024.01` (quote a name): this is a boolean.
            invalid-type error "": Give an image reference such as `cimg/base:2024.01`: `image` is empty.
        "#]],
    );
}

#[test]
fn empty_workflow_is_a_warning() {
    check(
        r#"version: 2.1
jobs:
  a:
    docker: [{image: cimg/base:2024.01}]
    steps: [checkout]
workflows:
  parked:
    jobs: []
  main:
    jobs: [a]
"#,
        expect![[r#"
            invalid-value warning "[]": Add a job or remove workflow `parked`: it has no jobs, so it runs nothing.
        "#]],
    );
}

/// Every job type's requirements come from the table: a job of that type writing none of a
/// requirement's keys gets the requirement's message, and one writing them gets nothing.
#[test]
fn job_type_requirements_are_read_from_the_table() {
    use knowledge::table::JOB_TYPES;
    let with_requirements: Vec<_> = JOB_TYPES
        .iter()
        .filter(|c| !c.requires.is_empty())
        .collect();
    assert!(with_requirements.len() >= 3, "the table lost its job types");
    for choice in with_requirements {
        let bare = format!("version: 2.1\njobs:\n  j:\n    type: {}\n", choice.value);
        let found = render(&bare);
        for requirement in choice.requires {
            let message = requirement.message.replace("{name}", "j");
            assert!(
                found.contains(&format!("missing-key error \"j\": {message}")),
                "type {}: {found}",
                choice.value
            );
        }
        let mut complete = bare.clone();
        for requirement in choice.requires {
            let written = requirement.any_of.first().copied().unwrap_or_default();
            let value = if written == "steps" {
                "[checkout]"
            } else {
                "x"
            };
            let value = if written == "docker" {
                "[{image: cimg/base:2024.01}]"
            } else {
                value
            };
            complete.push_str(&format!("    {written}: {value}\n"));
        }
        let found = render(&complete);
        assert!(
            !found.contains("missing-key"),
            "type {}: {found}",
            choice.value
        );
    }
}

/// A key flagged with a deprecated `true` form is reported with the table's message and fix,
/// but not for a self-hosted runner's resource class.
#[test]
fn deprecated_true_form_comes_from_the_table() {
    let key = knowledge::table::JOB.key("machine");
    let why = key.and_then(|k| k.deprecated_true);
    let Some(why) = why else {
        panic!("`machine` of a job lost its deprecated `true` flag");
    };
    let cloud = "version: 2.1\njobs:\n  j:\n    machine: yes\n    steps: [checkout]\n";
    let found = render(cloud);
    assert!(
        found.contains(&format!("deprecated warning \"yes\": {}", why.message)),
        "{found}"
    );
    assert!(
        found.contains(&format!(
            "fix {}: \"yes\" -> {:?}",
            why.fix_title, why.replacement
        )),
        "{found}"
    );
    let runner = "version: 2.1\njobs:\n  j:\n    machine: true\n    resource_class: acme/linux\n    steps: [checkout]\n";
    assert!(!render(runner).contains("deprecated"), "{}", render(runner));
}

/// Workflows come from the model: the `version` of a 2.0 `workflows` is not one, and each
/// parked workflow is reported once under its own name.
#[test]
fn empty_workflows_are_the_models_workflows() {
    check(
        r#"version: 2
jobs:
  a:
    docker: [{image: cimg/base:2024.01}]
    steps: [checkout]
workflows:
  version: 2
  first:
    jobs: []
  main:
    jobs: [a]
  second:
    jobs: []
"#,
        expect![[r#"
            invalid-value warning "[]": Add a job or remove workflow `first`: it has no jobs, so it runs nothing.
            invalid-value warning "[]": Add a job or remove workflow `second`: it has no jobs, so it runs nothing.
        "#]],
    );
}

/// Mappings CircleCI's schema leaves open (a workflow, a matrix, a conditional step, a
/// schedule, jobs of types other than build) get warnings for unknown keys, never errors.
#[test]
fn open_mappings_warn_about_unknown_keys() {
    check(
        r#"version: 2.1
jobs:
  gate:
    type: approval
    notes: wait for QA
  build:
    docker:
      - image: cimg/base:current
    notes: not allowed
    steps:
      - when:
          condition: true
          comment: always
          steps:
            - checkout
workflows:
  main:
    description: The main workflow
    triggers:
      - schedule:
          cron: "0 0 * * *"
          label: nightly
          filters:
            branches:
              only: main
    jobs:
      - build:
          matrix:
            label: all
            parameters:
              x: [1, 2]
"#,
        expect![[r#"
            unknown-key warning "notes": Remove `notes` or fix its indentation: unknown key in a job.
            unknown-key error "notes": Remove `notes` or fix its indentation: unknown key in a job.
            unknown-key warning "comment": Use one of `condition`, `steps`: unknown key `comment` in a conditional step.
            unknown-key warning "description": Use one of `jobs`, `triggers`, `when`, `unless`, `max_auto_reruns`: unknown key `description` in a workflow.
            deprecated info "schedule": Replace deprecated `schedule`: Scheduled workflows are being phased out; use a schedule trigger in the project settings.
            unknown-key warning "label": Use one of `cron`, `filters`: unknown key `label` in a schedule.
            unknown-key warning "label": Use one of `parameters`, `exclude`, `alias`: unknown key `label` in a matrix.
        "#]],
    );
}
