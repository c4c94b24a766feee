//! Orb knowledge through the real binary: diagnostics, completion and hover from the
//! compiled-in orb data, and private orbs from `orbDirs` (LSP) and `--orb-dir` (CLI).

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{full_capabilities, pos, uri, Client};
use serde_json::{json, Value};

const CONFIG: &str = "version: 2.1
orbs:
  node: circleci/node@7.2.1
  acme: acme/tools@1.0.0
jobs:
  build:
    machine:
      image: ubuntu-2204:current
    steps:
      - node/instal
      - acme/deploy:
          target: prod
workflows:
  main:
    jobs: [build]
";

/// A folder with one private orb, removed when dropped.
struct OrbDir(PathBuf);

impl OrbDir {
    fn new(tag: &str) -> OrbDir {
        let dir = std::env::temp_dir().join(format!(
            "circleci-ls-wire-orbs-{tag}-{}",
            std::process::id()
        ));
        let orb = dir.join("acme").join("tools");
        assert!(std::fs::create_dir_all(&orb).is_ok(), "create orb folder");
        assert!(std::fs::write(
            orb.join("1.0.0.yml"),
            "version: 2.1\ndescription: Acme's private tools.\ncommands:\n  deploy:\n    description: Deploys the app.\n    parameters:\n      target:\n        type: enum\n        enum: [staging, production]\n    steps:\n      - run: echo deploy\n",
        ).is_ok(), "write orb");
        OrbDir(dir)
    }
}

impl Drop for OrbDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn codes(diags: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = diags
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect();
    c.sort();
    c
}

#[test]
fn compiled_in_orbs_are_checked_completed_and_explained() {
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    client.open(&u, CONFIG);
    let diags = client.diagnostics(&u, Some(1));
    // The private orb is unknown here, so only the node orb's misspelt command is reported.
    assert_eq!(codes(&diags), vec!["undefined-command"], "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["range"]["start"], pos(9, 8));
    assert!(d["message"].as_str().unwrap_or("").contains("`install`"));

    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": pos(9, 13)}),
    );
    let labels: Vec<&str> = items["items"]
        .as_array()
        .or(items.as_array())
        .map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert!(labels.contains(&"node/install"), "{labels:?}");

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(2, 20)}),
    );
    let text = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(text.contains("Known releases"), "{hover}");
    assert_eq!(client.shutdown(), Some(0));
}

/// Issue 21: an inlay hint after a partial orb pin says which release it is read as and from
/// which data; `inlayHints.orbVersions: false` turns it off and asks the client to refresh.
#[test]
fn inlay_hints_show_the_release_a_pin_is_read_as_until_turned_off() {
    let mut caps = full_capabilities();
    caps["workspace"]["inlayHint"] = json!({"refreshSupport": true});
    let (mut client, init) = Client::start(caps, Value::Null);
    assert_eq!(init["capabilities"]["inlayHintProvider"], true, "{init}");
    let u = uri("config.yml");
    let text = CONFIG.replace("circleci/node@7.2.1", "circleci/node@5");
    client.open(&u, &text);
    let _ = client.diagnostics(&u, Some(1));
    let ask = |client: &mut Client| {
        client.request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": u}, "range": {"start": pos(0, 0), "end": pos(30, 0)}}),
        )
    };
    let hints = ask(&mut client);
    assert_eq!(hints.as_array().map(Vec::len), Some(1), "{hints}");
    let hint = &hints[0];
    assert_eq!(hint["position"], pos(2, 23), "{hint}");
    let label = hint["label"].as_str().unwrap_or("");
    assert!(
        label.starts_with("→ 5.") && label.contains("(orb data "),
        "{hint}"
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"circleci-ls": {"inlayHints": {"orbVersions": false}}}}),
    );
    let refresh = client.wait_for(|m| m["method"] == "workspace/inlayHint/refresh");
    client.send(&json!({"jsonrpc": "2.0", "id": refresh["id"], "result": null}));
    assert_eq!(ask(&mut client), json!([]));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn orb_dirs_setting_adds_private_orbs() {
    let dir = OrbDir::new("lsp");
    let options = json!({"orbDirs": [dir.0.to_string_lossy()]});
    let (mut client, _) = Client::start(full_capabilities(), options);
    let u = uri("config.yml");
    client.open(&u, CONFIG);
    let diags = client.diagnostics(&u, Some(1));
    assert_eq!(
        codes(&diags),
        vec!["invalid-parameter-value", "undefined-command"],
        "{diags:?}"
    );
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(10, 15)}),
    );
    let text = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(text.contains("Deploys the app."), "{hover}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn orb_dir_flag_adds_private_orbs_to_check() {
    let dir = OrbDir::new("cli");
    let file = dir.0.join("config.yml");
    assert!(std::fs::write(&file, CONFIG).is_ok(), "write config");
    let run = |extra: &[&std::ffi::OsStr]| {
        let out = Command::new(env!("CARGO_BIN_EXE_circleci-ls"))
            .arg("check")
            .args(extra)
            .arg(&file)
            .output();
        out.map(|o| String::from_utf8_lossy(&o.stdout).to_string())
            .unwrap_or_default()
    };
    let without = run(&[]);
    assert!(!without.contains("invalid-parameter-value"), "{without}");
    let with = run(&["--orb-dir".as_ref(), dir.0.as_os_str()]);
    assert!(with.contains("error[invalid-parameter-value]"), "{with}");
    assert!(with.contains("error[undefined-command]"), "{with}");
}

#[test]
fn orb_source_files_are_checked_as_part_of_their_orb() {
    let dir = OrbDir::new("dev");
    let src = dir.0.join("src");
    assert!(
        std::fs::create_dir_all(src.join("commands")).is_ok(),
        "commands folder"
    );
    assert!(
        std::fs::create_dir_all(src.join("scripts")).is_ok(),
        "scripts folder"
    );
    assert!(
        std::fs::write(
            src.join("@orb.yml"),
            "version: 2.1\ndescription: Test orb.\n",
        )
        .is_ok(),
        "root"
    );
    assert!(
        std::fs::write(
            src.join("commands").join("greet.yml"),
            "steps:\n  - run: echo hi\n",
        )
        .is_ok(),
        "greet"
    );
    assert!(
        std::fs::write(src.join("scripts").join("run.sh"), "echo run\n").is_ok(),
        "script"
    );
    let job = src.join("jobs").join("build.yml");
    let u = format!("file://{}", job.to_string_lossy());
    let text = "machine:\n  image: ubuntu-2204:current\nsteps:\n  - greet\n  - greeet\n  - run: <<include(scripts/run.sh)>>\n  - run: <<include(scripts/gone.sh)>>\n";
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    client.open(&u, text);
    let diags = client.diagnostics(&u, Some(1));
    assert_eq!(
        codes(&diags),
        vec!["missing-include", "undefined-command"],
        "{diags:?}"
    );
    let links = client.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": u}}),
    );
    let targets: Vec<&str> = links
        .as_array()
        .map(|a| a.iter().filter_map(|l| l["target"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        targets.iter().any(|t| t.ends_with("/src/scripts/run.sh")),
        "{links}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn orb_source_files_complete_hover_and_go_to_definition_across_the_orb() {
    let dir = OrbDir::new("dev-features");
    let src = dir.0.join("src");
    for (path, text) in [
        ("@orb.yml", "version: 2.1\ndescription: Test orb.\n"),
        (
            "commands/greet.yml",
            "description: Greets someone.\nparameters:\n  to:\n    type: string\n    default: world\nsteps:\n  - run: echo hi << parameters.to >>\n",
        ),
        (
            "executors/default.yml",
            "docker:\n  - image: cimg/base:current\n",
        ),
    ] {
        let p = src.join(path);
        if let Some(parent) = p.parent() {
            assert!(std::fs::create_dir_all(parent).is_ok(), "folder for {path}");
        }
        assert!(std::fs::write(&p, text).is_ok(), "write {path}");
    }
    let job = src.join("jobs").join("build.yml");
    let u = format!("file://{}", job.to_string_lossy());
    // The job file is not saved yet: only the editor has its text.
    let text = "executor: default\nsteps:\n  - greet:\n      to: you\n  - gr\n";
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    client.open(&u, text);
    let diags = client.diagnostics(&u, Some(1));
    assert_eq!(codes(&diags), vec!["undefined-command"], "{diags:?}");

    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": pos(4, 6)}),
    );
    let labels: Vec<&str> = items["items"]
        .as_array()
        .or(items.as_array())
        .map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert!(labels.contains(&"greet"), "{labels:?}");

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(2, 6)}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(shown.contains("Greets someone."), "{hover}");
    assert_eq!(hover["range"]["start"], pos(2, 4), "{hover}");

    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": u}, "position": pos(3, 7)}),
    );
    let target = &definition[0];
    assert!(
        target["uri"]
            .as_str()
            .is_some_and(|t| t.ends_with("/src/commands/greet.yml")),
        "{definition}"
    );
    // `to:` is declared on line 3 of greet.yml.
    assert_eq!(target["range"]["start"], pos(2, 2), "{definition}");
    assert_eq!(client.shutdown(), Some(0));
}

/// `(file name, line, character)` of each location, sorted.
fn places(locations: &Value) -> Vec<(String, u64, u64)> {
    let mut out: Vec<(String, u64, u64)> = locations
        .as_array()
        .map(|a| {
            a.iter()
                .map(|l| {
                    let file = l["uri"]
                        .as_str()
                        .and_then(|u| u.rsplit('/').next())
                        .unwrap_or("")
                        .to_string();
                    let start = &l["range"]["start"];
                    (
                        file,
                        start["line"].as_u64().unwrap_or(u64::MAX),
                        start["character"].as_u64().unwrap_or(u64::MAX),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn orb_source_files_find_references_and_rename_across_the_orb() {
    let dir = OrbDir::new("dev-rename");
    let src = dir.0.join("src");
    for (path, text) in [
        ("@orb.yml", "version: 2.1\ndescription: Test orb.\n"),
        (
            "commands/greet.yml",
            "parameters:\n  to:\n    type: string\n    default: world\nsteps:\n  - run: echo hi << parameters.to >>\n",
        ),
        ("jobs/deploy.yml", "machine:\n  image: ubuntu-2204:current\nsteps:\n  - greet:\n      to: prod\n"),
    ] {
        let p = src.join(path);
        if let Some(parent) = p.parent() {
            assert!(std::fs::create_dir_all(parent).is_ok(), "folder for {path}");
        }
        assert!(std::fs::write(&p, text).is_ok(), "write {path}");
    }
    let job = src.join("jobs").join("build.yml");
    let u = format!("file://{}", job.to_string_lossy());
    let text =
        "machine:\n  image: ubuntu-2204:current\nsteps:\n  - greet:\n      to: you\n  - greet\n";
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    client.open(&u, text);
    let diags = client.diagnostics(&u, Some(1));
    assert_eq!(codes(&diags), Vec::<String>::new(), "{diags:?}");

    // The command: its uses in both jobs, and its file (the name is the file's).
    let refs = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": u}, "position": pos(5, 5),
               "context": {"includeDeclaration": true}}),
    );
    assert_eq!(
        places(&refs),
        vec![
            ("build.yml".to_string(), 3, 4),
            ("build.yml".to_string(), 5, 4),
            ("deploy.yml".to_string(), 3, 4),
            ("greet.yml".to_string(), 0, 0),
        ],
        "{refs}"
    );

    // The parameter: declared in greet.yml, used there and as an argument in both jobs.
    let refs = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": u}, "position": pos(4, 7),
               "context": {"includeDeclaration": true}}),
    );
    assert_eq!(
        places(&refs),
        vec![
            ("build.yml".to_string(), 4, 6),
            ("deploy.yml".to_string(), 4, 6),
            ("greet.yml".to_string(), 1, 2),
            ("greet.yml".to_string(), 5, 31),
        ],
        "{refs}"
    );

    // Highlights stay in the open document.
    let highlights = client.request(
        "textDocument/documentHighlight",
        json!({"textDocument": {"uri": u}, "position": pos(4, 7)}),
    );
    let lines: Vec<u64> = highlights
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|h| h["range"]["start"]["line"].as_u64())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(lines, vec![4], "{highlights}");

    // Renaming the parameter edits every file of the orb that names it.
    let edit = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": u}, "position": pos(4, 7), "newName": "whom"}),
    );
    let mut edited: Vec<(String, u64, u64, String)> = Vec::new();
    for doc in edit["documentChanges"].as_array().into_iter().flatten() {
        let file = doc["textDocument"]["uri"]
            .as_str()
            .and_then(|u| u.rsplit('/').next())
            .unwrap_or("")
            .to_string();
        for e in doc["edits"].as_array().into_iter().flatten() {
            let start = &e["range"]["start"];
            edited.push((
                file.clone(),
                start["line"].as_u64().unwrap_or(u64::MAX),
                start["character"].as_u64().unwrap_or(u64::MAX),
                e["newText"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    edited.sort();
    let whom =
        |file: &str, line, character| (file.to_string(), line, character, "whom".to_string());
    assert_eq!(
        edited,
        vec![
            whom("build.yml", 4, 6),
            whom("deploy.yml", 4, 6),
            whom("greet.yml", 1, 2),
            whom("greet.yml", 5, 31),
        ],
        "{edit}"
    );

    // A command is named by its file: renaming it by text is refused.
    let refused = client.request_raw(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": u}, "position": pos(5, 5)}),
    );
    let message = refused["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains("rename the file"), "{refused}");
    assert_eq!(client.shutdown(), Some(0));
}
