//! One positive and one negative fixture (at least) per rule.

use expect_test::{expect, Expect};

use super::check;

fn assert_findings(text: &str, expected: Expect) {
    expected.assert_eq(&check(text));
}

const JOB: &str = "    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n";

fn with_jobs(head: &str, jobs: &[&str], tail: &str) -> String {
    let mut s = format!("version: 2.1\n{head}jobs:\n");
    for j in jobs {
        s.push_str(&format!("  {j}:\n{JOB}"));
    }
    s.push_str(tail);
    s
}

#[test]
fn undefined_job_in_workflow_and_requires() {
    let text = with_jobs(
        "",
        &["build", "test", "deploy"],
        "workflows:
  main:
    jobs:
      - biuld
      - test:
          name: unit
      - deploy:
          requires:
            - test
            - buidl
            - lint
            - build
  other:
    jobs:
      - build
",
    );
    assert_findings(
        &text,
        expect![[r#"
            undefined-job error 21:9 "biuld": No job `biuld` is defined; did you mean `build`?
              fix "Change to build": 21:9 "biuld" -> "build"
            undefined-job error 26:15 "test": Job `test` runs under the name `unit` in workflow `main`; require it by that name.
              fix "Change to unit": 26:15 "test" -> "unit"
            undefined-job error 27:15 "buidl": Workflow `main` has no job `buidl`; `requires` names other jobs of the same workflow.
            undefined-job error 28:15 "lint": Workflow `main` has no job `lint`; `requires` names other jobs of the same workflow.
            undefined-job error 29:15 "build": Job `build` is not in workflow `main`; add it to the workflow's `jobs` or drop this requirement.
        "#]],
    );
}

#[test]
fn workflow_jobs_that_need_no_definition() {
    // Approval and no-op jobs, orb jobs, job groups, matrix names and aliases, 2.0 `version`.
    let text = with_jobs(
        "orbs:\n  node: circleci/node@5.2.0\njob-groups:\n  checks:\n    jobs:\n      - lint\n",
        &["build", "lint"],
        "  matrixed:
    parameters:
      os:
        type: string
    docker:
      - image: cimg/base:<< parameters.os >>
    steps: [checkout]
workflows:
  version: 2
  main:
    jobs:
      - hold:
          type: approval
      - gate:
          type: no-op
      - node/test
      - checks
      - build
      - matrixed:
          matrix:
            parameters:
              os: [linux, mac]
      - matrixed:
          name: build-<< matrix.os >>-again
          matrix:
            alias: again
            parameters:
              os: [linux]
      - lint:
          name: late
          requires:
            - hold
            - gate
            - node/test
            - checks
            - matrixed
            - matrixed-linux
            - build-linux-again
            - again
            - build-<< matrix.os >>
",
    );
    assert_findings(&text, expect![""]);
}

#[test]
fn undefined_executor() {
    let text = "version: 2.1
orbs:
  node: circleci/node@5.2.0
executors:
  base:
    docker:
      - image: cimg/base:current
jobs:
  a:
    executor: bsae
    steps: [checkout]
  b:
    executor:
      name: nope
    steps: [checkout]
  c:
    executor: node/default
    steps: [checkout]
  d:
    executor: base
    steps: [checkout]
workflows:
  main:
    jobs: [a, b, c, d]
";
    assert_findings(
        text,
        expect![[r#"
            undefined-executor error 10:15 "bsae": No executor `bsae` is defined; did you mean `base`?
              fix "Change to base": 10:15 "bsae" -> "base"
            undefined-executor error 14:13 "nope": No executor `nope` is defined; define it under `executors:` or fix the name.
              fix "Create executor nope": 8:1 "" -> "  nope:\n    machine:\n      image: ubuntu-2404:current\n"
        "#]],
    );
}

#[test]
fn undefined_command() {
    let text = "version: 2.1
orbs:
  node: circleci/node@5.2.0
commands:
  greet:
    steps:
      - run: echo hi
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - chekout
      - greet
      - gret:
          to: you
      - node/install
      - when:
          condition: true
          steps:
            - missing
      - run:
          name: x
          command: y
      - store_test_results:
          path: out
      - build
workflows:
  main:
    jobs: [build]
";
    assert_findings(
        text,
        expect![[r#"
            undefined-command error 13:9 "chekout": `chekout` is neither a built-in step nor a command defined under `commands:`; did you mean `checkout`?
              fix "Change to checkout": 13:9 "chekout" -> "checkout"
            undefined-command error 15:9 "gret": `gret` is neither a built-in step nor a command defined under `commands:`; did you mean `greet`?
              fix "Change to greet": 15:9 "gret" -> "greet"
            undefined-command error 21:15 "missing": `missing` is neither a built-in step nor a command defined under `commands:`; define it or fix the name.
              fix "Create command missing": 8:1 "" -> "  missing:\n    steps:\n      - run: echo \"missing\"\n"
            undefined-command error 27:9 "build": `build` is neither a built-in step nor a command defined under `commands:`; define it or fix the name. (`build` is a job.)
              fix "Create command build": 8:1 "" -> "  build:\n    steps:\n      - run: echo \"build\"\n"
        "#]],
    );
}

#[test]
fn undefined_orb_and_inline_orb_members() {
    let text = "version: 2.1
orbs:
  node: circleci/node@5.2.0
  local:
    commands:
      hello:
        steps:
          - run: echo hello
      wave:
        steps:
          - hello
  dev: {}
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - nod/install
      - local/hello
      - local/helo
      - dev/anything
      - local/wave
workflows:
  main:
    jobs:
      - build
      - nodee/test
      - local/build
";
    assert_findings(
        text,
        expect![[r#"
            undefined-orb error 18:9 "nod": No orb `nod` is declared; did you mean `node`?
              fix "Change to node": 18:9 "nod" -> "node"
            undefined-command error 20:9 "local/helo": The inline orb `local` defines no command `helo`; did you mean `hello`?
              fix "Change to hello": 20:15 "helo" -> "hello"
            undefined-orb error 27:9 "nodee": No orb `nodee` is declared; did you mean `node`?
              fix "Change to node": 27:9 "nodee" -> "node"
            undefined-job error 28:9 "local/build": The inline orb `local` defines no job `build`; define it under the orb's `jobs:` or fix the name.
        "#]],
    );
}

#[test]
fn undefined_parameter_in_templates() {
    let text = r#"version: 2.1
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
      - run: echo << parameters.too >> << parameters.to >>
      - run: |
          echo << pipeline.parameters.deplyo >>
          echo << pipeline.git.branch >> << pipeline.number >> << pipeline.id >>
          echo << pipeline.trigger_source >> << pipeline.project.git_url >>
          cat <<EOF
          not a template
          EOF
      - run: "echo << parameters.to >> \"quoted\" << parameters.nope >>"
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - greet:
          to: << parameters.to >>
workflows:
  main:
    when: << parameters.deploy >>
    jobs:
      - build
"#;
    assert_findings(
        text,
        expect![[r#"
            undefined-parameter error 13:33 "too": Command `greet` declares no parameter `too`; did you mean `to`?
              fix "Change to to": 13:33 "too" -> "to"
            undefined-parameter error 15:39 "deplyo": No pipeline parameter `deplyo` is declared; did you mean `deploy`?
              fix "Change to deploy": 15:39 "deplyo" -> "deploy"
            undefined-parameter error 21:65 "nope": Command `greet` declares no parameter `nope`; declare it under the command's `parameters:` or fix the name.
            undefined-parameter error 28:29 "to": Job `build` declares no parameter `to`; declare it under the job's `parameters:` or fix the name.
            undefined-parameter error 31:25 "deploy": `<< parameters.deploy >>` is only defined inside a job, command or executor; here, use a pipeline parameter (`<< pipeline.parameters.deploy >>`).
              fix "Use pipeline.parameters.deploy": 31:14 "" -> "pipeline."
        "#]],
    );
}

#[test]
fn undefined_parameter_in_arguments() {
    let text = "version: 2.1
executors:
  base:
    parameters:
      tag:
        type: string
        default: current
    docker:
      - image: cimg/base:<< parameters.tag >>
commands:
  greet:
    parameters:
      to:
        type: string
        default: world
    steps:
      - run: echo << parameters.to >>
jobs:
  build:
    parameters:
      v:
        type: string
        default: '1'
    executor:
      name: base
      tga: x
    steps:
      - greet:
          too: me
      - run: echo << parameters.v >>
workflows:
  main:
    jobs:
      - build:
          name: b
          context: org
          filters:
            branches:
              only: main
          w: 2
";
    assert_findings(
        text,
        expect![[r#"
            undefined-parameter error 26:7 "tga": Executor `base` has no parameter `tga`; did you mean `tag`?
              fix "Change to tag": 26:7 "tga" -> "tag"
            undefined-parameter error 29:11 "too": Command `greet` has no parameter `too`; did you mean `to`?
              fix "Change to to": 29:11 "too" -> "to"
            undefined-parameter error 40:11 "w": Job `build` has no parameter `w`; did you mean `v`?
              fix "Change to v": 40:11 "w" -> "v"
        "#]],
    );
}

#[test]
fn missing_parameter() {
    let text = "version: 2.1
executors:
  base:
    parameters:
      tag:
        type: string
    docker:
      - image: cimg/base:<< parameters.tag >>
commands:
  greet:
    parameters:
      to:
        type: string
      from:
        type: string
    steps:
      - run: echo << parameters.to >> << parameters.from >>
jobs:
  build:
    parameters:
      env:
        type: enum
        enum: [a, b]
      opt:
        type: boolean
        default: false
    executor: base
    steps:
      - greet
      - greet:
          to: x
          from: y
      - run: << parameters.env >> << parameters.opt >>
  other:
    executor:
      name: base
      tag: '1'
    steps: [checkout]
workflows:
  main:
    jobs:
      - build
      - build:
          name: with-env
          env: a
      - build:
          name: matrix
          matrix:
            parameters:
              env: [a, b]
      - build:
          name: templated-matrix
          matrix:
            parameters: << pipeline.parameters.matrix >>
      - other
";
    assert_findings(
        text,
        expect![[r#"
            missing-parameter error 27:15 "base": Executor `base` requires parameter `tag`, which has no default; pass it here.
            missing-parameter error 29:9 "greet": Command `greet` requires parameters `to`, `from`, which have no default; pass them here.
            missing-parameter error 42:9 "build": Job `build` requires parameter `env`, which has no default; pass it here.
            undefined-parameter error 54:48 "matrix": No pipeline parameter `matrix` is declared; declare it under the top-level `parameters:` or fix the name.
        "#]],
    );
}

#[test]
fn invalid_parameter_value() {
    let text = r#"version: 2.1
parameters:
  flag:
    type: boolean
    default: "maybe"
  count:
    type: integer
    default: 3
commands:
  c:
    parameters:
      b:
        type: boolean
        default: yes
      i:
        type: integer
        default: 1
      s:
        type: string
        default: ""
      e:
        type: enum
        enum: [small, large]
        default: small
      v:
        type: env_var_name
        default: MY_TOKEN
      st:
        type: steps
        default: []
    steps:
      - run: << parameters.b >> << parameters.i >> << parameters.s >> << parameters.e >> << parameters.v >>
      - steps: << parameters.st >>
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - c:
          b: maybe
          i: 1.5
          s: 3.10
          e: larg
          v: 1BAD
          st: run
      - c:
          b: off
          i: "12"
          s: "3.10"
          e: large
          v: OK_NAME
          st:
            - checkout
      - c:
          b: << pipeline.parameters.flag >>
          i: << pipeline.parameters.count >>
          s: yes
          e: << pipeline.parameters.flag >>
workflows:
  main:
    jobs: [build]
"#;
    assert_findings(
        text,
        expect![[r#"
            invalid-parameter-value error 5:14 "\"maybe\"": The default of pipeline parameter `flag` is a boolean, but this value is a string; use `true` or `false`.
            invalid-parameter-value error 40:14 "maybe": Parameter `b` of command `c` is a boolean, but this value is a string; use `true` or `false`.
            invalid-parameter-value error 41:14 "1.5": Parameter `i` of command `c` is an integer, but this value is not a whole number.
            invalid-parameter-value error 42:14 "3.10": Parameter `s` of command `c` is a string, but YAML reads this value as a number; quote it.
              fix "Quote the value": 42:14 "3.10" -> "\"3.10\""
            invalid-parameter-value error 43:14 "larg": Parameter `e` of command `c` is not one of the enum's values; did you mean `large`?
              fix "Change to large": 43:14 "larg" -> "large"
            invalid-parameter-value error 44:14 "1BAD": Parameter `v` of command `c` is an environment variable name (letters, digits and `_`, not starting with a digit), but this value is not one.
            invalid-parameter-value error 45:15 "run": Parameter `st` of command `c` is a list of steps, but this value is a string.
            invalid-parameter-value error 57:14 "yes": Parameter `s` of command `c` is a string, but YAML reads this value as a boolean; quote it.
              fix "Quote the value": 57:14 "yes" -> "\"yes\""
            invalid-parameter-value error 58:14 "<< pipeline.parameters.flag >>": Pipeline parameter `flag` is boolean, but `e` takes enum [small, large]; pass a value of that type.
        "#]],
    );
}

#[test]
fn requires_cycle() {
    let text = with_jobs(
        "",
        &["a", "b", "c", "d"],
        "workflows:
  main:
    jobs:
      - a:
          requires: [c]
      - b:
          requires: [a]
      - c:
          requires: [b]
      - d:
          requires: [d]
  fine:
    jobs:
      - a
      - b:
          requires: [a]
      - c:
          requires: [a, b]
",
    );
    assert_findings(
        &text,
        expect![[r#"
            requires-cycle error 27:22 "c": These jobs require each other in a cycle (`a` → `c` → `b` → `a`), so none of them can start; remove one of the requirements.
              related 29:22 "a": `b` requires `a`
              related 31:22 "b": `c` requires `b`
            requires-cycle error 33:22 "d": These jobs require each other in a cycle (`d` → `d`), so none of them can start; remove one of the requirements.
        "#]],
    );
}

#[test]
fn unused_definitions() {
    let text = "version: 2.1
orbs:
  node: circleci/node@5.2.0
  slack: circleci/slack@4.12.5
  aws: circleci/aws-cli@4.1.3
executors:
  used:
    docker: &img
      - image: cimg/base:current
  spare:
    docker: *img
commands:
  used:
    parameters:
      to:
        type: string
        default: x
      from:
        type: string
        default: y
    steps:
      - run: echo << parameters.to >>
  spare:
    steps: [checkout]
defaults: &unused_anchor
  a: 1
jobs:
  build:
    executor: used
    steps:
      - used
      - node/install
  lonely:
    executor: aws/default
    steps: [checkout]
  notify:
    docker:
      - image: cimg/base:current
    steps:
      - checkout
workflows:
  main:
    jobs:
      - build
      - slack/on-hold:
          executor: used
";
    assert_findings(
        text,
        expect![[r#"
            unused-executor hint 10:3 "spare": Executor `spare` is not used by any job; use it with `executor:` or remove it.
              fix "Remove unused executor spare": 10:1 "  spare:\n    docker: *img\n" -> ""
            unused-parameter hint 18:7 "from": Parameter `from` is never used as `<< parameters.from >>` in command `used`; use it or remove it.
            unused-command hint 23:3 "spare": Command `spare` is never invoked from `steps`; invoke it or remove it.
              fix "Remove unused command spare": 23:1 "  spare:\n    steps: [checkout]\n" -> ""
            unused-anchor hint 25:12 "unused_anchor": Anchor `&unused_anchor` is never used by an alias; remove it or use `*unused_anchor`.
              fix "Remove anchor &unused_anchor": 25:11 "&unused_anchor" -> ""
            unused-job hint 33:3 "lonely": Job `lonely` is not run by any workflow; add it to a workflow or remove it.
              fix "Remove unused job lonely": 33:1 "  lonely:\n    executor: aws/default\n    steps: [checkout]\n" -> ""
            unused-job hint 36:3 "notify": Job `notify` is not run by any workflow; add it to a workflow or remove it.
              fix "Remove unused job notify": 36:1 "  notify:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n" -> ""
        "#]],
    );
}

#[test]
fn implicit_build_job_of_a_2_0_config_is_not_unused() {
    let text = "version: 2
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - checkout
  deploy:
    docker:
      - image: cimg/base:current
    steps:
      - checkout
";
    assert_findings(
        text,
        expect![[r#"
            unused-job hint 8:3 "deploy": Job `deploy` is not run by any workflow; add it to a workflow or remove it.
              fix "Remove unused job deploy": 8:1 "  deploy:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n" -> ""
        "#]],
    );
}

#[test]
fn setup_configs_and_parameter_passing_through_types() {
    // A setup config continues with an orb; executor- and steps-typed parameters carry
    // references; matrix values are type-checked.
    let text = "version: 2.1
setup: true
orbs:
  path-filtering: circleci/path-filtering@1.0.0
executors:
  small:
    docker:
      - image: cimg/base:current
commands:
  say:
    steps:
      - run: echo
jobs:
  run-with:
    parameters:
      exec:
        type: executor
        default: small
      extra:
        type: steps
        default: []
      n:
        type: integer
        default: 1
    executor: << parameters.exec >>
    steps:
      - steps: << parameters.extra >>
      - run: echo << parameters.n >>
workflows:
  setup:
    jobs:
      - path-filtering/filter:
          base-revision: main
      - run-with:
          extra:
            - say
          matrix:
            parameters:
              n: [1, two]
";
    assert_findings(
        text,
        expect![[r#"
            invalid-parameter-value error 39:22 "two": Parameter `n` of job `run-with` is an integer, but this value is a string.
        "#]],
    );
}

#[test]
fn anchors_copy_references_into_each_place() {
    // The alias copies a step list into two commands; only the one lacking the parameter is
    // reported, at the written place.
    let text = "version: 2.1
commands:
  one:
    parameters:
      name:
        type: string
        default: a
    steps: &greet
      - run: echo << parameters.name >>
  two:
    steps: *greet
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps: [one, two]
workflows:
  main:
    jobs: [build]
";
    assert_findings(
        text,
        expect![[r#"
            undefined-parameter error 9:33 "name": Command `two` declares no parameter `name`; declare it under the command's `parameters:` or fix the name.
        "#]],
    );
}

#[test]
fn every_rule_example_behaves_as_documented() {
    for rule in crate::model::RULES {
        let codes = |text: &str| -> Vec<&'static str> {
            let parsed = super::parse(text);
            assert!(
                parsed.errors.is_empty(),
                "{}: example does not parse",
                rule.code
            );
            let model = crate::model::Model::build(text, &parsed);
            let mut findings = Vec::new();
            crate::model::check(&model, crate::model::Extent::Whole, &mut findings);
            findings.iter().map(|f| f.code).collect()
        };
        assert!(
            codes(rule.bad).contains(&rule.code),
            "{}: the bad example does not trigger it",
            rule.code
        );
        assert!(
            !codes(rule.good).contains(&rule.code),
            "{}: the good example triggers it",
            rule.code
        );
    }
}

#[test]
fn rules_run_from_the_analysis() {
    let text = "version: 2.1\nworkflows:\n  main:\n    jobs:\n      - nope\n";
    let analysis = crate::analysis::analyze(text.into(), &crate::settings::Settings::default());
    assert!(analysis.findings.iter().any(|f| f.code == "undefined-job"));
}

#[test]
fn corpus_patterns_that_are_not_mistakes() {
    // From real configs: mustache sections use a parameter; a 2.0 long-form step names no
    // command; a string pipeline parameter may default to a number; names built from
    // parameters reach the executors and commands their values name.
    let text = "version: 2.1
parameters:
  make_jobs:
    type: string
    default: 3
executors:
  postgres:
    docker:
      - image: cimg/postgres:16.0
  mysql:
    docker:
      - image: cimg/mysql:8.0
  spare:
    docker:
      - image: cimg/base:current
commands:
  install-deps-linux:
    steps:
      - run: echo linux
  install-deps-mac:
    steps:
      - run: echo mac
jobs:
  test:
    parameters:
      database:
        type: string
        default: postgres
      os:
        type: string
        default: linux
      snapshots:
        type: boolean
        default: false
    executor:
      name: << parameters.database >>
    steps:
      - install-deps-<< parameters.os >>
      - type: shell
        command: echo legacy
      - run: run <<# parameters.snapshots >>--snapshots<</ parameters.snapshots >> -j << pipeline.parameters.make_jobs >>
workflows:
  main:
    jobs:
      - test:
          matrix:
            parameters:
              database: [mysql]
              os: [mac]
";
    assert_findings(
        text,
        expect![[r#"
            unused-executor hint 13:3 "spare": Executor `spare` is not used by any job; use it with `executor:` or remove it.
              fix "Remove unused executor spare": 13:1 "  spare:\n    docker:\n      - image: cimg/base:current\n" -> ""
        "#]],
    );
}

#[test]
fn a_config_cut_short_by_a_syntax_error_reports_no_undefined_or_unused_names() {
    // The jobs after the error are missing from the tree; the workflow's names must not be
    // reported as undefined, nor the parsed jobs as unused.
    let text = "version: 2.1
workflows:
  main:
    jobs:
      - build
      - test:
          requires: [build]
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps: [checkout]
  test:
    docker: [
";
    let analysis = crate::analysis::analyze(text.into(), &crate::settings::Settings::default());
    let codes: Vec<&str> = analysis.findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"yaml-syntax"), "{codes:?}");
    let model_codes: Vec<&str> = crate::model::RULES.iter().map(|r| r.code).collect();
    assert!(
        !codes.iter().any(|c| model_codes.contains(c)),
        "model findings on a broken config: {codes:?}"
    );
}

#[test]
fn matrix_exclusions_name_parameters() {
    let text = "version: 2.1
jobs:
  test:
    parameters:
      os:
        type: string
      size:
        type: string
    docker:
      - image: cimg/base:current
    steps:
      - run: echo << parameters.os >> << parameters.size >>
workflows:
  main:
    jobs:
      - test:
          matrix:
            parameters:
              os: [linux, mac]
              size: [s, l]
            exclude:
              - os: mac
                sise: l
";
    assert_findings(
        text,
        expect![[r#"
            undefined-parameter error 23:17 "sise": Job `test` has no parameter `sise`; did you mean `size`?
              fix "Change to size": 23:17 "sise" -> "size"
        "#]],
    );
}
