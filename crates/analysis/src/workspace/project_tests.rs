//! Configs across files on multi-file fixtures: setup configs and their continuations
//! (path-filtering, the continuation orb, orb-tools), merged fragments, packed trees, and
//! files whose role cannot be decided.

use std::sync::Arc;

use super::{Change, Workspace};
use crate::file_path::FilePath;
use crate::project::roles::Role;
use crate::test_support::Fixture;

fn path(p: &str) -> FilePath {
    FilePath::new(p)
}

/// Each finding of a file as `code line:col message`, lines and columns from 1.
fn findings(workspace: &Workspace, file: &str) -> Vec<String> {
    let Some(analysis) = workspace.snapshot().analysis(&path(file)) else {
        return vec!["(no analysis)".to_string()];
    };
    analysis
        .findings
        .iter()
        .map(|f| {
            let problem = crate::diagnostics::presentation::message_problem(&f.message);
            assert_eq!(problem, None, "{}", f.code);
            let (line, col) = analysis.lines.human_position(&analysis.text, f.span.start);
            format!("{} {line}:{col} {}", f.code, f.message)
        })
        .collect()
}

/// The codes of a file's findings, in order.
fn codes(workspace: &Workspace, file: &str) -> Vec<&'static str> {
    let analysis = workspace.snapshot().analysis(&path(file));
    analysis
        .map(|a| a.findings.iter().map(|f| f.code).collect())
        .unwrap_or_default()
}

fn role(workspace: &Workspace, file: &str) -> Role {
    workspace.snapshot().inputs().role(&path(file))
}

const PATH_FILTERING: &str = r#"
//- /repo/.circleci/config.yml
version: 2.1
setup: true
orbs:
  path-filtering: circleci/path-filtering@2.1.0
workflows:
  setup:
    jobs:
      - path-filtering/filter:
          base-revision: main
          config-path: .circleci/shared.yml
          mapping: |
            # service, parameter, value, config
            api/.* run-api true .circleci/api.yml
            web/.* run-web true .circleci/web.yml
            web/.* run-wbe "yes" .circleci/web.yml
            .* always true .circleci/shared.yml
//- /repo/.circleci/shared.yml
version: 2.1
parameters:
  always:
    type: boolean
    default: false
  run-api:
    type: boolean
    default: false
  run-web:
    type: boolean
    default: false
commands:
  prepare:
    steps:
      - checkout
executors:
  base:
    docker:
      - image: cimg/base:2024.01
//- /repo/.circleci/api.yml
version: 2.1
jobs:
  api-test:
    executor: base
    steps:
      - prepare
      - run: make test
workflows:
  api:
    when: << pipeline.parameters.run-api >>
    jobs:
      - api-test
//- /repo/.circleci/web.yml
version: 2.1
jobs:
  web-test:
    executor: base
    steps:
      - prepare
      - prepar
      - run: npm test
workflows:
  web:
    when: << pipeline.parameters.run-web >>
    jobs:
      - web-test
"#;

#[test]
fn path_filtering_with_mappings_and_three_targets() {
    let workspace = Fixture::parse(PATH_FILTERING).workspace();
    let group: Vec<FilePath> = ["api", "web", "shared"]
        .iter()
        .map(|n| path(&format!("/repo/.circleci/{n}.yml")))
        .collect();
    match role(&workspace, "/repo/.circleci/api.yml") {
        Role::Continuation {
            setup,
            group: mut found,
        } => {
            assert_eq!(setup, path("/repo/.circleci/config.yml"));
            found.sort();
            let mut want = group.clone();
            want.sort();
            assert_eq!(found, want);
        }
        other => panic!("api.yml is {other:?}"),
    }
    assert_eq!(role(&workspace, "/repo/.circleci/config.yml"), Role::Setup);
    // The parameter `run-wbe` is misspelt and its value is a string.
    assert_eq!(
        findings(&workspace, "/repo/.circleci/config.yml"),
        [
            "undeclared-continuation-parameter 15:20 Declare `run-wbe` in the continuation config's `parameters:`: Unexpected argument(s). Did you mean `run-web`?",
        ]
    );
    // The config the files form is checked as one: a misspelt command is reported in the
    // file where it is written, with the name defined in another file as the suggestion.
    assert_eq!(
        findings(&workspace, "/repo/.circleci/web.yml"),
        ["undefined-command 7:9 Change `prepar` to `prepare`: it is neither a built-in step nor under `commands:`."]
    );
    // Names defined in one file and used in another resolve: nothing else is undefined or
    // unused.
    for file in ["api", "shared"] {
        let found = findings(&workspace, &format!("/repo/.circleci/{file}.yml"));
        assert!(
            found
                .iter()
                .all(|f| !f.starts_with("undefined-") && !f.starts_with("unused-")),
            "{file}: {found:?}"
        );
    }
}

const CONTINUATION_JSON: &str = r#"
//- /repo/.circleci/config.yml
version: 2.1
setup: true
orbs:
  continuation: circleci/continuation@2.0.1
jobs:
  setup:
    executor: continuation/default
    steps:
      - checkout
      - continuation/continue:
          configuration_path: .circleci/continue.yml
          parameters: '{"deploy": "yes", "env": "prod", "retries": 3}'
workflows:
  setup:
    jobs: [setup]
//- /repo/.circleci/continue.yml
version: 2.1
setup: true
parameters:
  deploy:
    type: boolean
    default: false
  env:
    type: enum
    enum: [staging, production]
    default: staging
  retries:
    type: integer
  region:
    type: string
jobs:
  build:
    docker:
      - image: cimg/base:2024.01
    steps:
      - run: echo << pipeline.parameters.retries >>
workflows:
  main:
    when:
      and: [<< pipeline.parameters.deploy >>, << pipeline.parameters.region >>]
    jobs: [build]
"#;

#[test]
fn continuation_with_parameters_json() {
    let workspace = Fixture::parse(CONTINUATION_JSON).workspace();
    assert_eq!(
        findings(&workspace, "/repo/.circleci/config.yml"),
        [
            "continues-with-setup-config 11:31 Use a config without `setup: true` here: `.circleci/continue.yml` is a setup config, which CircleCI refuses.",
            "continuation-parameter-type 12:25 Pass a value of the declared type: `deploy` is declared `type: boolean`; the value is a string.",
            "continuation-parameter-type 12:42 Pass a value of the declared type: `env` is an enum of `staging`, `production`; `prod` is not one of them.",
        ]
    );
    assert_eq!(
        findings(&workspace, "/repo/.circleci/continue.yml"),
        [
            "setup-in-continuation 2:1 Remove `setup: true`: Continuation config contains setup stanza whilst not in setup anymore.",
            "missing-key 11:3 Add `default` to `retries`: required in a pipeline parameter declaration.",
            "missing-key 13:3 Add `default` to `region`: required in a pipeline parameter declaration.",
            "unset-continuation-parameter 13:3 Pass `region` from `.circleci/config.yml` or drop it: never set, every `when`/`unless` on it decides alike.",
            "docker-hub-rate-limit 18:16 Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).",
        ]
    );
}

const CONTINUATION_FILE: &str = r#"
//- /repo/.circleci/config.yml
version: 2.1
setup: true
orbs:
  continuation: circleci/continuation@2.0.1
jobs:
  setup:
    executor: continuation/default
    steps:
      - checkout
      - continuation/continue:
          configuration_path: .circleci/continue.yml
          parameters: .circleci/parameters.json
      - continuation/continue:
          configuration_path: .circleci/missing.yml
          parameters: .circleci/nowhere.json
workflows:
  setup:
    jobs: [setup]
//- /repo/.circleci/parameters.json
{"run-e2e": true, "nightly": 1}
//- /repo/.circleci/continue.yml
version: 2.1
parameters:
  run-e2e:
    type: boolean
  nightly:
    type: boolean
    default: false
"#;

#[test]
fn continuation_with_a_parameters_file() {
    let workspace = Fixture::parse(CONTINUATION_FILE).workspace();
    assert_eq!(
        findings(&workspace, "/repo/.circleci/config.yml"),
        [
            "continuation-parameter-type 12:23 Pass a value of the declared type: `nightly` is declared `type: boolean`; the value is an integer.",
            "missing-continuation-config 14:31 Create `.circleci/missing.yml` or fix the path: the setup job cannot continue with a missing file.",
        ]
    );
    // `run-e2e` has no default: CircleCI wants one even though the file always passes it.
    assert_eq!(
        codes(&workspace, "/repo/.circleci/continue.yml"),
        ["missing-key"]
    );
    let wanted = workspace.snapshot().project_files_wanted();
    assert_eq!(
        wanted,
        [
            path("/repo/.circleci/missing.yml"),
            path("/repo/.circleci/nowhere.json")
        ]
    );
}

#[test]
fn an_edit_in_a_continuation_config_checks_its_setup_config_again() {
    let mut workspace = Fixture::parse(CONTINUATION_FILE).workspace();
    let setup = path("/repo/.circleci/config.yml");
    let before = workspace.snapshot().analysis(&setup);
    let mut change = Change::new();
    change.set_buffer(
        path("/repo/.circleci/continue.yml"),
        Arc::from("version: 2.1\nparameters:\n  run-e2e:\n    type: boolean\n  nightly:\n    type: integer\n    default: 0\n"),
    );
    workspace.apply_change(change);
    let after = workspace.snapshot().analysis(&setup);
    assert!(!Arc::ptr_eq(
        &before.unwrap_or_else(|| panic!("analysed")),
        &after.unwrap_or_else(|| panic!("analysed"))
    ));
    assert_eq!(
        codes(&workspace, "/repo/.circleci/config.yml"),
        ["missing-continuation-config"]
    );
    // A file that appears is read: the setup config is analysed again.
    let mut change = Change::new();
    change.set_disk_text(
        path("/repo/.circleci/missing.yml"),
        Some(Arc::from("version: 2.1\n")),
    );
    workspace.apply_change(change);
    // Now that the config is known, its parameters are read: the file is not there.
    assert_eq!(
        codes(&workspace, "/repo/.circleci/config.yml"),
        ["invalid-continuation-parameters"]
    );
}

const SETUP_PROBLEMS: &str = r#"
//- /repo/.circleci/config.yml
version: 2.1
setup: true
orbs:
  path-filtering: circleci/path-filtering@2.1.0
workflows:
  setup:
    jobs:
      - path-filtering/filter:
          config-path: .circleci/config.yml
          mapping: |
            src/(.* run-build true
            docs/.* run-docs yes
            tests/.* run-tests true extra
"#;

#[test]
fn malformed_mappings_and_a_setup_config_continuing_with_itself() {
    let workspace = Fixture::parse(SETUP_PROBLEMS).workspace();
    assert_eq!(
        findings(&workspace, "/repo/.circleci/config.yml"),
        [
            "continues-with-setup-config 9:24 Use a config without `setup: true` here: `.circleci/config.yml` is a setup config, which CircleCI refuses.",
            "malformed-mapping 11:13 Fix the regular expression `src/(.*`: Python cannot compile it (an unclosed `(`).",
            "malformed-mapping 12:30 Write `true`, `false`, a number or a \"string\": `yes` is not JSON, as the orb reads it.",
            "malformed-mapping 13:13 Give each line 3 fields, as the first line has: Expected 3 fields but found 4.",
        ]
    );
}

#[test]
fn a_setup_config_that_never_continues() {
    let workspace = Fixture::parse(
        "//- /r/.circleci/config.yml\nversion: 2.1\nsetup: true\njobs:\n  a:\n    docker: [{image: cimg/base:2024.01}]\n    steps: [checkout]\nworkflows:\n  w:\n    jobs: [a]\n",
    )
    .workspace();
    assert!(codes(&workspace, "/r/.circleci/config.yml").contains(&"setup-without-continuation"));
    // An orb whose steps are unknown may continue: nothing is said.
    let workspace = Fixture::parse(
        "//- /r/.circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  dyn: acme/dynamic@1.0.0\nworkflows:\n  w:\n    jobs: [dyn/continue]\n",
    )
    .workspace();
    assert!(!codes(&workspace, "/r/.circleci/config.yml").contains(&"setup-without-continuation"));
}

const GENERATED: &str = r#"
//- /repo/.circleci/config.yml
version: 2.1
setup: true
orbs:
  continuation: circleci/continuation@2.0.1
jobs:
  generate:
    executor: continuation/default
    steps:
      - checkout
      - run: python3 .circleci/generate.py > /tmp/generated.yml
      - continuation/continue:
          configuration_path: /tmp/generated.yml
workflows:
  setup:
    jobs: [generate]
//- /repo/.circleci/templates/build.yml
jobs:
  build:
    executor: linux
    steps:
      - prepare
//- /repo/.circleci/other.yml
version: 2.1
workflows:
  main:
    jobs: [build]
"#;

#[test]
fn files_a_generator_may_read_stay_quiet_about_other_files_names() {
    let workspace = Fixture::parse(GENERATED).workspace();
    assert_eq!(
        role(&workspace, "/repo/.circleci/templates/build.yml"),
        Role::Undecided {
            setup: path("/repo/.circleci/config.yml")
        }
    );
    for file in ["templates/build.yml", "other.yml", "config.yml"] {
        assert_eq!(
            findings(&workspace, &format!("/repo/.circleci/{file}")),
            Vec::<String>::new(),
            "{file}"
        );
    }
}

const FRAGMENTS: &str = r#"
//- /repo/.circleci/config.yml
version: 2.1
setup: true
orbs:
  continuation: circleci/continuation@2.0.1
jobs:
  merge:
    executor: continuation/default
    steps:
      - checkout
      - run: yq eval-all '. as $i ireduce ({}; . * $i)' .circleci/base.yml .circleci/workflows/*.yml > /tmp/merged.yml
      - continuation/continue:
          configuration_path: /tmp/merged.yml
workflows:
  setup:
    jobs: [merge]
//- /repo/.circleci/base.yml
version: 2.1
executors:
  linux:
    docker:
      - image: cimg/base:2024.01
jobs:
  lint:
    executor: linux
    steps: [checkout]
  old:
    executor: linux
    steps: [checkout]
//- /repo/.circleci/workflows/main.yml
workflows:
  main:
    jobs:
      - lint
      - test
//- /repo/.circleci/workflows/test.yml
jobs:
  test:
    executor: linux
    steps: [checkout]
"#;

#[test]
fn fragments_merged_by_a_script_are_one_config() {
    let workspace = Fixture::parse(FRAGMENTS).workspace();
    match role(&workspace, "/repo/.circleci/workflows/main.yml") {
        Role::Continuation { group, .. } => assert_eq!(group.len(), 3, "{group:?}"),
        other => panic!("{other:?}"),
    }
    assert!(codes(&workspace, "/repo/.circleci/workflows/main.yml").is_empty());
    assert!(codes(&workspace, "/repo/.circleci/workflows/test.yml").is_empty());
    assert!(codes(&workspace, "/repo/.circleci/config.yml").is_empty());
    // The config they form is checked as one: `old` is run by no workflow of any file.
    let base = findings(&workspace, "/repo/.circleci/base.yml");
    assert!(
        base.contains(
            &"unused-job 10:3 Add job `old` to a workflow or remove it: no workflow runs it."
                .to_string()
        ),
        "{base:?}"
    );
}

/// A rule's example: documents separated by `---`, each starting with `# path`.
fn example_workspace(example: &str) -> Workspace {
    let mut change = Change::new();
    for doc in example.split("\n---\n") {
        let (first, body) = doc.split_once('\n').unwrap_or((doc, ""));
        let name = first.trim_start_matches('#').trim();
        change.set_disk_text(path(&format!("/repo/{name}")), Some(Arc::from(body)));
    }
    let mut workspace = Workspace::new();
    workspace.apply_change(change);
    workspace
}

#[test]
fn every_project_rule_example_behaves_as_documented() {
    let mut problems = Vec::new();
    for rule in crate::project::RULES {
        for (example, wanted) in [(rule.bad, true), (rule.good, false)] {
            let workspace = example_workspace(example);
            let snapshot = workspace.snapshot();
            let all: Vec<&str> = [
                "/repo/.circleci/config.yml",
                "/repo/.circleci/continue.yml",
                "/repo/.circleci/continue_config.yml",
            ]
            .iter()
            .filter_map(|p| snapshot.analysis(&path(p)))
            .flat_map(|a| a.findings.iter().map(|f| f.code).collect::<Vec<_>>())
            .collect();
            if all.contains(&rule.code) != wanted {
                problems.push(format!(
                    "{} ({}): {all:?}",
                    rule.code,
                    if wanted { "bad" } else { "good" }
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

const PACKED_TREE: &str = r#"
//- /repo/.circleci/src/@config.yml
version: 2.1
orbs:
  node: circleci/node@5.2.0
//- /repo/.circleci/src/jobs/build.yml
docker:
  - image: cimg/base:2024.01
steps:
  - checkout
  - greet:
      to: world
      from: me
//- /repo/.circleci/src/commands/greet.yml
parameters:
  to:
    type: string
steps:
  - run: echo << parameters.to >>
//- /repo/.circleci/src/commands/@shared.yml
prepare:
  steps:
    - checkout
//- /repo/.circleci/src/workflows/main.yml
jobs:
  - build
  - deploy
"#;

#[test]
fn a_packed_tree_is_one_config() {
    let workspace = Fixture::parse(PACKED_TREE).workspace();
    assert_eq!(
        role(&workspace, "/repo/.circleci/src/jobs/build.yml"),
        Role::Packed {
            tree: path("/repo/.circleci/src")
        }
    );
    assert_eq!(
        findings(&workspace, "/repo/.circleci/src/workflows/main.yml"),
        ["undefined-job 3:5 Define job `deploy` under `jobs:` or fix the name: none is defined."]
    );
    let build = codes(&workspace, "/repo/.circleci/src/jobs/build.yml");
    assert!(build.contains(&"undefined-parameter"), "{build:?}");
    assert!(!build.contains(&"unused-job"), "{build:?}");
    // A command merged from `@shared.yml` is known, and unused: reported where written.
    assert_eq!(
        codes(&workspace, "/repo/.circleci/src/commands/@shared.yml"),
        ["unused-command"]
    );
    assert!(codes(&workspace, "/repo/.circleci/src/@config.yml").contains(&"unused-orb"));
}

/// A tree under `.circleci/src` whose top is `@…` files other than `@config.yml`; an orb's
/// `src` beside it (`@orb.yml`) is not a config tree.
const PACKED_WITHOUT_ROOT: &str = r#"
//- /repo/.circleci/src/@version.yml
version: 2.1
//- /repo/.circleci/src/jobs/build.yml
docker:
  - image: cimg/base:current
steps:
  - checkout
//- /repo/.circleci/src/workflows/main.yml
jobs:
  - build
//- /repo/src/@orb.yml
version: 2.1
description: An orb.
//- /repo/src/jobs/lint.yml
docker:
  - image: cimg/base:current
steps:
  - checkout
"#;

#[test]
fn a_packed_tree_may_have_no_config_root() {
    let workspace = Fixture::parse(PACKED_WITHOUT_ROOT).workspace();
    assert_eq!(
        role(&workspace, "/repo/.circleci/src/jobs/build.yml"),
        Role::Packed {
            tree: path("/repo/.circleci/src")
        }
    );
    // The job is used by the workflow of another file of the tree, and found there.
    let build = codes(&workspace, "/repo/.circleci/src/jobs/build.yml");
    assert!(!build.contains(&"unused-job"), "{build:?}");
    assert_eq!(
        findings(&workspace, "/repo/.circleci/src/workflows/main.yml"),
        Vec::<String>::new()
    );
    assert!(!matches!(
        role(&workspace, "/repo/src/jobs/lint.yml"),
        Role::Packed { .. }
    ));
}

const TEST_DEPLOY: &str = r#"
//- /repo/.circleci/config.yml
version: 2.1
setup: true
orbs:
  orb-tools: circleci/orb-tools@12.0
workflows:
  lint-pack:
    jobs:
      - orb-tools/pack
      - orb-tools/continue:
          orb_name: greet
          requires: [orb-tools/pack]
//- /repo/.circleci/test-deploy.yml
version: 2.1
orbs:
  greet: {}
jobs:
  command-test:
    docker:
      - image: cimg/base:current
    steps:
      - greet/hello:
          to: me
      - greet/helo
workflows:
  test-deploy:
    jobs:
      - command-test
      - greet/build
//- /repo/src/@orb.yml
version: 2.1
description: Greets.
//- /repo/src/commands/hello.yml
description: Says hello.
parameters:
  to:
    type: string
    default: world
steps:
  - run: echo hello << parameters.to >>
//- /repo/src/jobs/build.yml
description: Builds.
docker:
  - image: cimg/base:current
steps:
  - hello
"#;

#[test]
fn an_orb_test_config_is_checked_against_the_orbs_source_tree() {
    let workspace = Fixture::parse(TEST_DEPLOY).workspace();
    let found = findings(&workspace, "/repo/.circleci/test-deploy.yml");
    let undefined: Vec<&String> = found
        .iter()
        .filter(|f| f.starts_with("undefined-"))
        .collect();
    assert_eq!(undefined.len(), 1, "{found:?}");
    assert!(
        undefined[0].starts_with("undefined-command 11:9"),
        "{found:?}"
    );
    assert!(undefined[0].contains("hello"), "{found:?}");
    // Without the orb's source tree, its members are not known, and not reported.
    let alone = Fixture::parse(
        TEST_DEPLOY
            .split("//- /repo/src/@orb.yml")
            .next()
            .unwrap_or(""),
    );
    let workspace = alone.workspace();
    assert!(codes(&workspace, "/repo/.circleci/test-deploy.yml")
        .iter()
        .all(|c| !c.starts_with("undefined-")),);
}
