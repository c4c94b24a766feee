//! Both front ends fill one workspace: project files, orb folders and orb source trees are
//! read from disk by the server and by `check`, editor buffers stand for their files, and a
//! panic in analysis is one finding. Regression tests for the bugs of issue #17.

// Test helpers outside #[test] functions may fail loudly too: a failed setup is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;

use common::cli::{code, json_findings, run_in, stdout};
use common::files::Files;
use common::{full_capabilities, pos, Client};
use serde_json::{json, Value};

fn scratch(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("workspace")
        .join(name)
}

fn messages(diags: &[Value], code: &str) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d["code"] == code)
        .filter_map(|d| d["message"].as_str().map(str::to_string))
        .collect()
}

/// A repository whose circleci-ls.toml names an orb folder with a private orb.
const PRIVATE_ORB: &str = r#"
//- /.git
//- /circleci-ls.toml
orb-dirs = ["orbs"]
//- /orbs/acme/tools/1.0.0.yml
version: 2.1
description: Acme's private tools.
commands:
  greet:
    steps:
      - run: echo hi
//- /.circleci/config.yml
version: 2.1
orbs:
  t: acme/tools@1.0.0
jobs:
  build:
    machine:
      image: ubuntu-2204:current
    steps:
      - t/grete
workflows:
  main:
    jobs: [build]
"#;

#[test]
fn the_server_and_check_honour_orb_dirs_from_the_project_file() {
    let files = Files::write(&scratch("orb-dirs"), PRIVATE_ORB);
    let expected = "Change `grete` to `greet`";
    let found = json_findings(&files.root, &[".circleci/config.yml"]);
    let from_check: Vec<&str> = found
        .iter()
        .filter(|f| f["code"] == "undefined-command")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        from_check.len() == 1 && from_check[0].contains(expected),
        "{found:?}"
    );

    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let uri = files.uri("/.circleci/config.yml");
    let text = files.fixture.text("/.circleci/config.yml").unwrap_or("");
    client.open(&uri, text);
    let diags = client.diagnostics(&uri, Some(1));
    let from_server = messages(&diags, "undefined-command");
    assert!(
        from_server.len() == 1 && from_server[0].contains(expected),
        "{diags:?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

/// An orb source tree: the command file is open with a parameter its saved text lacks.
const ORB_TREE: &str = r#"
//- /orb/src/@orb.yml
version: 2.1
description: Test orb.
//- /orb/src/commands/greet.yml
steps:
  - run: echo hi
//- /orb/src/commands/greet.yml open
parameters:
  to:
    type: string
steps:
  - run: echo hi << parameters.to >>
//- /orb/src/jobs/build.yml
machine:
  image: ubuntu-2204:current
steps:
  - greet:
      to: you
"#;

#[test]
fn an_unsaved_sibling_buffer_counts_and_its_edits_reach_the_other_files() {
    let files = Files::write(&scratch("sibling"), ORB_TREE);
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let job = files.uri("/orb/src/jobs/build.yml");
    let command = files.uri("/orb/src/commands/greet.yml");
    client.open(&command, &files.buffer("/orb/src/commands/greet.yml"));
    client.diagnostics(&command, Some(1));
    let job_text = files.fixture.text("/orb/src/jobs/build.yml").unwrap_or("");
    client.open(&job, job_text);
    // The saved command declares no `to`; the open one does.
    let diags = client.diagnostics(&job, Some(1));
    assert!(diags.is_empty(), "{diags:?}");

    // The parameter is renamed in the command's buffer: the job file, unchanged, is checked
    // again and published again.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": command, "version": 2}, "contentChanges": [
            {"range": {"start": pos(1, 2), "end": pos(1, 4)}, "text": "whom"}
        ]}),
    );
    let diags = client.diagnostics(&job, Some(1));
    assert_eq!(
        messages(&diags, "undefined-parameter").len(),
        1,
        "{diags:?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_sibling_changed_on_disk_is_read_when_the_client_reports_it() {
    let files = Files::write(&scratch("watched"), ORB_TREE);
    let mut caps = full_capabilities();
    caps["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": true});
    let (mut client, _) = Client::start(caps, Value::Null);
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    client.send(&json!({"jsonrpc": "2.0", "id": registration["id"], "result": null}));
    let globs = registration["params"]["registrations"][0]["registerOptions"]["watchers"].clone();
    assert!(
        globs.to_string().contains("**/src/{@orb.yml"),
        "orb sources are watched: {globs}"
    );
    let job = files.uri("/orb/src/jobs/build.yml");
    let job_text = files.fixture.text("/orb/src/jobs/build.yml").unwrap_or("");
    client.open(&job, job_text);
    assert_eq!(
        messages(&client.diagnostics(&job, Some(1)), "undefined-parameter").len(),
        1
    );
    // The command is saved with the parameter by another program.
    let greet = files.path("/orb/src/commands/greet.yml");
    common::cli::write(&greet, &files.buffer("/orb/src/commands/greet.yml"));
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": files.uri("/orb/src/commands/greet.yml"), "type": 2}]}),
    );
    let diags = client.diagnostics(&job, Some(1));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(client.shutdown(), Some(0));
}

/// A command with two findings, one per line end style.
const COMMAND: &str = "parameters:\n  to:\n    type: string\nsteps:\n  - run: echo << parameters.too >>\n  - greeet\n";

#[test]
fn check_finds_the_same_in_orb_files_with_any_line_ends() {
    let root = scratch("line-ends");
    let _ = std::fs::remove_dir_all(&root);
    for (name, newline) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let src = root.join(name).join("src");
        common::cli::write(
            &src.join("@orb.yml"),
            "version: 2.1\ndescription: An orb.\n",
        );
        common::cli::write(
            &src.join("commands/greet.yml"),
            &COMMAND.replace('\n', newline),
        );
    }
    for name in ["lf", "crlf", "cr"] {
        let file = format!("{name}/src/commands/greet.yml");
        let found = json_findings(&root, &[&file]);
        assert_eq!(
            common::cli::codes(&found),
            ["undefined-parameter", "undefined-command"],
            "{name}: {found:?}"
        );
    }
}

#[test]
fn check_contains_a_panic_in_analysis_and_goes_on() {
    let files = Files::write(
        &scratch("panic"),
        "//- /.circleci/a.yml\nversion: 2.1\n# circleci-ls-test: panic-in-analysis\n//- /.circleci/b.yml\nversion: 2.1\nworkflows:\n  main:\n    jobs: [nope]\n",
    );
    let mut command = common::cli::bin();
    command
        .current_dir(&files.root)
        .env("CIRCLECI_LS_TEST_HOOKS", "1")
        .args([
            "check",
            "--format",
            "concise",
            ".circleci/a.yml",
            ".circleci/b.yml",
        ]);
    let out = command.output().expect("run circleci-ls check");
    let shown = stdout(&out);
    assert!(
        shown.contains(".circleci/a.yml:1:1: warning[internal-error]"),
        "{shown}"
    );
    assert!(
        shown.contains(".circleci/b.yml:4:12: error[undefined-job]"),
        "{shown}"
    );
    assert_eq!(out.status.code(), Some(1), "{shown}");
    // Without the hooks, the marker is a comment like any other.
    let out = run_in(&files.root, &["check", ".circleci/a.yml"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[test]
fn fix_contains_a_panic_and_leaves_the_file_as_it_was() {
    let text = "version: 2.1\n# circleci-ls-test: panic-in-analysis\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n        auth:\n          username: me\n          password: hunter2\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";
    let files = Files::write(
        &scratch("fix-panic"),
        &format!("//- /.circleci/config.yml\n{text}"),
    );
    let mut command = common::cli::bin();
    command
        .current_dir(&files.root)
        .env("CIRCLECI_LS_TEST_HOOKS", "1")
        .args(["fix", ".circleci/config.yml"]);
    let out = command.output().expect("run circleci-ls fix");
    let shown = stdout(&out);
    assert!(shown.contains("warning[internal-error]"), "{shown}");
    let after = std::fs::read_to_string(files.path("/.circleci/config.yml")).unwrap_or_default();
    assert_eq!(after, text);
}
