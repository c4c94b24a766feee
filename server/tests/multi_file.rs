//! Configs across files through both front ends: a setup config continuing with three
//! configs that path-filtering merges. `check .` and `check FILE` give the same findings,
//! each output format names each finding's own file, and the server answers for an open
//! file with the unopened rest of its config read from disk.

// Test helpers outside #[test] functions may fail loudly too: a failed setup is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::time::Duration;

use common::cli::{json_findings, run_in, stdout};
use common::files::Files;
use common::{full_capabilities, Client};
use serde_json::{json, Value};

/// How long the server may take to publish after a change on disk.
const TIMEOUT: Duration = Duration::from_secs(20);

fn scratch(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("multi_file")
        .join(name)
}

/// The setup config sets a misspelt parameter; `web.yml` misspells a command that
/// `shared.yml` defines; `api.yml` uses that command and the executor of `shared.yml`.
const PROJECT: &str = r#"
//- /.git
//- /.circleci/config.yml
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
            api/.* run-api true .circleci/api.yml
            web/.* run-wbe true .circleci/web.yml
            .* always true .circleci/shared.yml
//- /.circleci/shared.yml
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
//- /.circleci/api.yml
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
//- /.circleci/web.yml
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

/// Each finding as `path code line:col`.
fn lines(findings: &[Value]) -> Vec<String> {
    let mut all: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {} {}:{}", f["path"], f["code"], f["line"], f["column"]))
        .collect();
    all.sort();
    all
}

#[test]
fn check_of_the_folder_and_of_each_file_agree_and_name_each_findings_file() {
    let files = Files::write(&scratch("agree"), PROJECT);
    let all = json_findings(&files.root, &["."]);
    let codes: Vec<&str> = all.iter().filter_map(|f| f["code"].as_str()).collect();
    // Names defined in one file and used in another resolve.
    for quiet in ["unused-job", "unused-command", "undefined-executor"] {
        assert!(!codes.contains(&quiet), "{all:#?}");
    }
    let in_file =
        |file: &str| -> Vec<Value> { all.iter().filter(|f| f["path"] == file).cloned().collect() };
    let setup = in_file(".circleci/config.yml");
    assert_eq!(
        lines(&setup),
        ["\".circleci/config.yml\" \"undeclared-continuation-parameter\" 13:20"]
    );
    let web = in_file(".circleci/web.yml");
    assert!(
        web.iter().any(|f| f["code"] == "undefined-command"
            && f["message"].as_str().unwrap_or("").contains("`prepare`")),
        "{web:#?}"
    );
    for file in [
        ".circleci/config.yml",
        ".circleci/web.yml",
        ".circleci/api.yml",
    ] {
        let alone = json_findings(&files.root, &[file]);
        assert_eq!(lines(&alone), lines(&in_file(file)), "check {file}");
    }
}

#[test]
fn sarif_github_and_junit_outputs_name_each_findings_file() {
    let files = Files::write(&scratch("formats"), PROJECT);
    let sarif: Value = serde_json::from_str(&stdout(&run_in(
        &files.root,
        &["check", "--format", "sarif", "."],
    )))
    .expect("SARIF is JSON");
    let results = sarif["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let uri_of = |rule: &str| -> Vec<String> {
        results
            .iter()
            .filter(|r| r["ruleId"] == rule)
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    };
    let setup = uri_of("undeclared-continuation-parameter");
    assert!(
        setup.len() == 1 && setup[0].ends_with(".circleci/config.yml"),
        "{setup:?}"
    );
    let web = uri_of("undefined-command");
    assert!(
        web.len() == 1 && web[0].ends_with(".circleci/web.yml"),
        "{web:?}"
    );

    let github = stdout(&run_in(&files.root, &["check", "--format", "github", "."]));
    let line_of = |needle: &str| {
        github
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in {github}"))
            .to_string()
    };
    assert!(
        line_of("run-wbe").contains("file=.circleci/config.yml"),
        "{github}"
    );
    assert!(
        line_of("`prepar`").contains("file=.circleci/web.yml"),
        "{github}"
    );

    let junit = stdout(&run_in(&files.root, &["check", "--format", "junit", "."]));
    let suite = |file: &str| {
        let start = junit
            .find(&format!("<testsuite name=\"{file}\""))
            .unwrap_or_else(|| panic!("no suite for {file} in {junit}"));
        let rest = &junit[start..];
        rest[..rest.find("</testsuite>").unwrap_or(rest.len())].to_string()
    };
    assert!(
        suite(".circleci/web.yml").contains("type=\"undefined-command\""),
        "{junit}"
    );
    assert!(
        suite(".circleci/config.yml").contains("type=\"undeclared-continuation-parameter\""),
        "{junit}"
    );
    assert!(!suite(".circleci/api.yml").contains("<failure"), "{junit}");
}

/// The text written for `path`.
fn saved(files: &Files, path: &str) -> String {
    files.fixture.text(path).unwrap_or("").to_string()
}

fn messages(diags: &[Value], code: &str) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d["code"] == code)
        .filter_map(|d| d["message"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn the_server_reads_the_rest_of_an_open_files_config_and_follows_it_on_disk() {
    let files = Files::write(&scratch("server"), PROJECT);
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let web = files.uri("/.circleci/web.yml");
    client.open(&web, &saved(&files, "/.circleci/web.yml"));
    let diags = client.diagnostics(&web, Some(1));
    let undefined = messages(&diags, "undefined-command");
    assert!(
        undefined.len() == 1 && undefined[0].contains("Change `prepar` to `prepare`"),
        "{diags:#?}"
    );
    assert!(
        messages(&diags, "undefined-executor").is_empty(),
        "{diags:#?}"
    );
    assert!(messages(&diags, "unused-job").is_empty(), "{diags:#?}");

    let setup = files.uri("/.circleci/config.yml");
    client.open(&setup, &saved(&files, "/.circleci/config.yml"));
    let diags = client.diagnostics(&setup, Some(1));
    assert_eq!(
        messages(&diags, "undeclared-continuation-parameter").len(),
        1,
        "{diags:#?}"
    );

    // Another program renames the command in the unopened file: the open file that uses
    // it is checked again.
    let shared = files.path("/.circleci/shared.yml");
    let renamed = saved(&files, "/.circleci/shared.yml").replace("  prepare:", "  set-up:");
    common::cli::write(&shared, &renamed);
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": files.uri("/.circleci/shared.yml"), "type": 2}]}),
    );
    // Earlier publishes of the file may still be queued; the one after the change has
    // both uses of the renamed command undefined.
    let two_undefined = |m: &Value| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == web.as_str()
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| messages(d, "undefined-command").len() == 2)
    };
    let queued = client.notifications.iter().any(&two_undefined);
    assert!(
        queued || client.try_wait_for(two_undefined, TIMEOUT).is_some(),
        "web.yml was not checked again after shared.yml changed on disk"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn workspace_symbols_answer_for_the_unopened_files_of_a_workspace_folders_project() {
    let files = Files::write(&scratch("folders"), PROJECT);
    let mut client = Client::spawn();
    let root = format!("file://{}", files.root.display());
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "project"}],
            "capabilities": full_capabilities(),
        }),
    );
    client.notify("initialized", json!({}));
    // No file is open: the job is found in the continuation config read from the folder.
    let found = client.request("workspace/symbol", json!({"query": "api-test"}));
    // The job's definition (line 2) and the workflow's entry running it (line 11).
    let mut places: Vec<(String, i64)> = found
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|s| s["name"] == "api-test")
                .map(|s| {
                    let at = &s["location"];
                    let uri = at["uri"].as_str().unwrap_or("").to_string();
                    (uri, at["range"]["start"]["line"].as_i64().unwrap_or(-1))
                })
                .collect()
        })
        .unwrap_or_default();
    places.sort();
    let api = files.uri("/.circleci/api.yml");
    assert_eq!(places, [(api.clone(), 2), (api, 11)], "{found:#}");
    assert_eq!(client.shutdown(), Some(0));
}
