//! The command line, run as the real binary: `check` formats, directory walks, bad input,
//! the project configuration file, completions and the man page.

// Test helpers outside #[test] functions may fail loudly too: a failed setup is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

mod common;

use common::cli::*;

const HUB_AND_SECRET: &str = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01 # base\n        auth:\n          username: me\n          password: hunter2\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";
const UNDEFINED_JOB: &str = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build, deploy]\n";
const CLEAN: &str = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";

#[test]
fn concise_is_the_default_off_a_terminal_and_exit_codes_follow_errors() {
    let dir = scratch("concise");
    write(&dir.join(".circleci/config.yml"), UNDEFINED_JOB);
    let o = run_in(&dir, &["check"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with(".circleci/config.yml:9:19: error[undefined-job] "),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no colours off a terminal: {out}");
    let summary = out.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("Checked 1 file in ")
            && summary.ends_with(": 1 error, 0 warnings, 0 info, 0 hints."),
        "{summary}"
    );
    write(&dir.join(".circleci/config.yml"), CLEAN);
    assert_eq!(code(&run_in(&dir, &["check"])), 0);
    // The old name of the concise format still works.
    assert_eq!(code(&run_in(&dir, &["check", "--format", "text"])), 0);
}

#[test]
fn full_format_shows_the_source_the_span_and_the_fix() {
    let dir = scratch("full");
    write(&dir.join("c.yml"), HUB_AND_SECRET);
    let o = run_in(&dir, &["check", "--format", "full", "c.yml"]);
    let out = stdout(&o);
    assert!(out.contains("error[literal-secret]: "), "{out}");
    assert!(out.contains("--> c.yml:8:21"), "{out}");
    // The secret is not echoed into CI logs.
    assert!(out.contains("8 |           password: ••••"), "{out}");
    assert!(!out.contains("hunter2"), "{out}");
    assert!(out.contains("                    ^^^^\n"), "{out}");
    assert!(
        out.contains("help: ") && out.contains("`circleci-ls fix --unsafe-fixes` applies it"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "{out}");
}

#[test]
fn json_has_positions_and_fixes() {
    let dir = scratch("json");
    write(&dir.join("c.yml"), HUB_AND_SECRET);
    let findings = json_findings(&dir, &["c.yml"]);
    let secret = findings
        .iter()
        .find(|f| f["code"] == "literal-secret")
        .expect("literal-secret reported");
    assert_eq!(
        (secret["line"].as_u64(), secret["column"].as_u64()),
        (Some(8), Some(21))
    );
    assert_eq!(secret["fix"]["applicability"], "unsafe");
    let hub = findings
        .iter()
        .find(|f| f["code"] == "docker-hub-rate-limit");
    assert!(hub.is_none(), "auth is present: {findings:?}");
}

/// SARIF names each rule with its docs, each result with its level, fix and file.
#[test]
fn sarif_has_rules_results_fixes_and_files() {
    let dir = scratch("sarif");
    write(&dir.join(".circleci/config.yml"), HUB_AND_SECRET);
    write(&dir.join(".circleci/other config.yml"), UNDEFINED_JOB);
    let o = run_in(&dir, &["check", "--format", "sarif", "."]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let sarif: Value = serde_json::from_slice(&o.stdout).expect("SARIF is JSON");
    assert!(
        stderr(&o).contains("Checked 2 files"),
        "summary on stderr: {}",
        stderr(&o)
    );
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(rules.iter().any(|r| r["id"] == "literal-secret"
        && r["helpUri"]
            .as_str()
            .is_some_and(|u| u.ends_with("docs/rules.md#literal-secret"))));
    let results = run["results"].as_array().cloned().unwrap_or_default();
    let secret = results
        .iter()
        .find(|r| r["ruleId"] == "literal-secret")
        .expect("secret result");
    assert_eq!(secret["level"], "error");
    assert!(
        secret["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with('$'))
    );
    assert!(results.iter().any(
        |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == ".circleci/other%20config.yml"
    ));
}

#[test]
fn junit_has_a_case_per_file_and_rule() {
    let dir = scratch("junit");
    write(&dir.join(".circleci/config.yml"), UNDEFINED_JOB);
    let o = run_in(&dir, &["check", "--format", "junit", "."]);
    let xml = stdout(&o);
    let rules = stdout(&run_in(&dir, &["rules"])).lines().count();
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), rules, "{xml}");
    assert!(
        xml.contains("name=\"undefined-job\" file=\".circleci/config.yml\">\n      <failure "),
        "{xml}"
    );
    assert_eq!(xml.matches("<failure ").count(), 1, "{xml}");
    let parse = Command::new("python3")
        .arg("-c")
        .arg("import sys, xml.etree.ElementTree as ET\nroot = ET.parse(sys.argv[1]).getroot()\nassert root.tag == 'testsuites'\nprint(len(root.findall('.//testcase')))")
        .arg({
            let p = dir.join("out.xml");
            std::fs::write(&p, &o.stdout).expect("write xml");
            p
        })
        .output()
        .expect("python3 runs");
    assert!(
        parse.status.success(),
        "{}",
        String::from_utf8_lossy(&parse.stderr)
    );
}

#[test]
fn github_format_writes_workflow_commands() {
    let dir = scratch("github");
    write(&dir.join("c.yml"), UNDEFINED_JOB);
    let o = run_in(&dir, &["check", "--format", "github", "c.yml"]);
    let out = stdout(&o);
    assert!(
        out.starts_with("::error file=c.yml,line=9,col=19,endLine=9,endColumn=25,title=circleci-ls undefined-job::"),
        "{out}"
    );
}

#[test]
fn directories_are_walked_honouring_gitignore() {
    let dir = scratch("walk");
    write(&dir.join(".gitignore"), "vendored/\n");
    write(&dir.join(".circleci/config.yml"), CLEAN);
    write(&dir.join(".circleci/continue.yaml"), UNDEFINED_JOB);
    write(&dir.join(".circleci/notes.txt"), "not yaml");
    write(&dir.join("sub/.circleci/config.yml"), CLEAN);
    write(&dir.join("vendored/.circleci/config.yml"), UNDEFINED_JOB);
    write(&dir.join("../docs/example.yml"), UNDEFINED_JOB);
    write(
        &dir.join("orb/src/@orb.yml"),
        "version: 2.1\ndescription: An orb.\n",
    );
    write(
        &dir.join("orb/src/commands/hello.yml"),
        "description: Says hello.\nsteps:\n  - run: echo hello\n",
    );
    let o = run_in(&dir, &["check", "--format", "json", "."]);
    let findings: Vec<Value> = serde_json::from_slice(&o.stdout).expect("json");
    let paths: Vec<&str> = findings.iter().filter_map(|f| f["path"].as_str()).collect();
    assert!(
        paths.iter().all(|p| p.ends_with("continue.yaml")),
        "{paths:?}"
    );
    // The orb's command file is checked as part of its orb.
    assert!(stderr(&o).contains("Checked 5 files"), "{}", stderr(&o));
    assert_eq!(code(&o), 1);
    let empty = scratch("walk-empty");
    write(&empty.join("README.md"), "nothing");
    let o = run_in(&empty, &["check", "."]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("no CircleCI configs here"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn stdin_is_checked_as_the_named_file() {
    let dir = scratch("stdin");
    write(
        &dir.join("circleci-ls.toml"),
        "[rules]\nundefined-job = \"warning\"\n",
    );
    let o = run_with_stdin(
        &dir,
        &["check", "--stdin-filename", ".circleci/config.yml"],
        Some(UNDEFINED_JOB),
    );
    assert!(
        stdout(&o).starts_with(".circleci/config.yml:9:19: warning[undefined-job]"),
        "{}",
        stdout(&o)
    );
    assert_eq!(code(&o), 0);
}

#[test]
fn bad_input_gets_a_message_and_exit_2_without_hanging() {
    let dir = scratch("bad");
    let o = run_in(&dir, &["check", "missing.yml"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("missing.yml: no such file or directory"),
        "{}",
        stderr(&o)
    );

    write(&dir.join("binary.yml"), "a: 1\n\0\u{1}");
    let o = run_in(&dir, &["check", "binary.yml"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("binary file"), "{}", stderr(&o));

    std::fs::write(dir.join("latin1.yml"), b"a: caf\xe9\n").expect("write");
    let o = run_in(&dir, &["check", "latin1.yml"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));

    let big = dir.join("big.yml");
    let line = "# padding padding padding padding padding padding padding padding\n";
    let mut text = String::with_capacity(17 * 1024 * 1024);
    while text.len() <= 16 * 1024 * 1024 {
        text.push_str(line);
    }
    std::fs::write(&big, text).expect("write big file");
    let o = run_in(&dir, &["check", "big.yml"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("larger than 16 MB"), "{}", stderr(&o));
    let _ = std::fs::remove_file(&big);

    let o = run_in(&dir, &["check", "/dev/zero"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));

    let fifo = dir.join("pipe.yml");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let o = run_in(&dir, &["check", "pipe.yml"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("pipe.yml: a FIFO, not a regular file"),
        "{}",
        stderr(&o)
    );

    // One bad input does not stop the others from being checked.
    write(&dir.join("good.yml"), UNDEFINED_JOB);
    let o = run_in(&dir, &["check", "good.yml", "missing.yml"]);
    assert_eq!(code(&o), 2);
    assert!(stdout(&o).contains("good.yml:9:19"), "{}", stdout(&o));
}

#[test]
fn typos_in_options_list_the_valid_values() {
    let dir = scratch("typos");
    let o = run_in(&dir, &["check", "--format", "sarf"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("full, concise, json, sarif, junit, github"),
        "{}",
        stderr(&o)
    );
    let o = run_in(&dir, &["check", "--rule", "unused-jbo=off"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("valid rules: ") && stderr(&o).contains("unused-job"),
        "{}",
        stderr(&o)
    );
    let o = run_in(&dir, &["check", "--rule", "unused-job=loud"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("off, hint, info, warning, error"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn file_names_with_control_characters_cannot_forge_lines() {
    let dir = scratch("names");
    let name = "x.yml:1:1: error[fake] forged\nreal.yml";
    write(&dir.join(name), UNDEFINED_JOB);
    let o = run_in(&dir, &["check", name]);
    let out = stdout(&o);
    assert!(
        out.contains("x.yml:1:1: error[fake] forged\\nreal.yml:9:19: error[undefined-job]"),
        "{out}"
    );
    assert!(!out.lines().any(|l| l.starts_with("real.yml")), "{out}");
    let o = run_in(&dir, &["check", "--format", "github", name]);
    assert!(stdout(&o).contains("forged%0Areal.yml"), "{}", stdout(&o));
}

#[test]
fn project_config_sets_levels_and_ignores_with_rule_flags_on_top() {
    let dir = scratch("project");
    std::fs::create_dir_all(dir.join(".git")).expect("fake repository root");
    write(
        &dir.join("circleci-ls.toml"),
        "docker-hub = \"cloud\"\norb-dirs = [\"orbs\"]\n\n[rules]\nundefined-job = \"warning\"\n\n[per-path-ignores]\n\"legacy/.circleci/*.yml\" = [\"undefined-job\"]\n",
    );
    write(&dir.join(".circleci/config.yml"), UNDEFINED_JOB);
    write(&dir.join("legacy/.circleci/config.yml"), UNDEFINED_JOB);
    // The file lowers the rule to a warning (exit 0) and silences it under legacy/.
    let o = run_in(&dir, &["check", "."]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        stdout(&o).contains(".circleci/config.yml:9:19: warning[undefined-job]"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("legacy"), "{}", stdout(&o));
    // `--rule` wins over the file.
    let o = run_in(
        &dir,
        &[
            "check",
            "--rule",
            "undefined-job=error",
            ".circleci/config.yml",
        ],
    );
    assert_eq!(code(&o), 1);
    // The file is found from a checked file deeper down, walking up to the repository root.
    let o = run_in(&dir.join("legacy"), &["check", ".circleci/config.yml"]);
    assert_eq!(code(&o), 0);
    assert!(!stdout(&o).contains("undefined-job"), "{}", stdout(&o));
    // A broken file stops the run with its position.
    write(
        &dir.join("circleci-ls.toml"),
        "[rules]\nundefined-job = \"loud\"\n",
    );
    let o = run_in(&dir, &["check", "."]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("circleci-ls.toml:2:17: "),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let dir = scratch("completions");
    let o = run_in(&dir, &["completions", "bash"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("--unsafe-fixes") && stdout(&o).contains("--stdin-filename"));
    let o = run_in(&dir, &["completions", "zsh"]);
    assert!(
        stdout(&o).contains("#compdef circleci-ls"),
        "{}",
        stdout(&o)
    );
    let o = run_in(&dir, &["manpage"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).starts_with(".ie"), "{}", stdout(&o));
    assert!(stdout(&o).contains("circleci\\-ls"), "{}", stdout(&o));
    let o = run_in(&dir, &["completions", "tcsh"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn fix_applies_safe_fixes_only_unless_asked_and_diff_writes_nothing() {
    let dir = scratch("fix-safe");
    let config = dir.join(".circleci/config.yml");
    write(
        &config,
        HUB_AND_SECRET
            .replace(
                "        auth:\n          username: me\n          password: hunter2\n",
                "",
            )
            .as_str(),
    );
    write(&dir.join("secret.yml"), HUB_AND_SECRET);
    // --diff prints what would change and leaves the file alone.
    let o = run_in(&dir, &["fix", "--unsafe-fixes", "--diff", "secret.yml"]);
    let out = stdout(&o);
    assert!(
        out.contains("--- a/secret.yml\n+++ b/secret.yml\n"),
        "{out}"
    );
    // Literal secrets are masked in the diff unless asked for.
    assert!(
        out.contains("-          password: ••••\n+          password: $"),
        "{out}"
    );
    assert!(!out.contains("hunter2"), "{out}");
    let o = run_in(
        &dir,
        &[
            "fix",
            "--unsafe-fixes",
            "--diff",
            "--show-secrets",
            "secret.yml",
        ],
    );
    assert!(
        stdout(&o).contains("-          password: hunter2\n+          password: $"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("Would fix 1 finding in 1 file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("secret.yml")).expect("read"),
        HUB_AND_SECRET
    );
    // Moving the secret out is unsafe: a safe run leaves it and says how to apply it.
    let o = run_in(&dir, &["fix", "secret.yml"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("more can be fixed with --unsafe-fixes"),
        "{}",
        stdout(&o)
    );
    // Asked for, it is written with the comment kept, the variable to define is named, and
    // the exit code follows what remains.
    let o = run_in(&dir, &["fix", "--unsafe-fixes", "secret.yml"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let fixed = std::fs::read_to_string(dir.join("secret.yml")).expect("read");
    assert!(
        !fixed.contains("hunter2") && fixed.contains("# base"),
        "{fixed}"
    );
    assert!(
        stdout(&o).contains("secret.yml: fixed [literal-secret]"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("secret.yml:8: define `DOCKERHUB_PASSWORD` in a context"),
        "{}",
        stdout(&o)
    );
    // Adding `auth` is unsafe: reported as remaining until asked for.
    let o = run_in(&dir, &["fix", ".circleci/config.yml"]);
    assert!(
        stdout(&o).contains("warning[docker-hub-rate-limit]"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("1 more can be fixed with --unsafe-fixes"),
        "{}",
        stdout(&o)
    );
    let o = run_in(&dir, &["fix", "--unsafe-fixes", ".circleci/config.yml"]);
    assert_eq!(code(&o), 0);
    assert!(std::fs::read_to_string(&config)
        .expect("read")
        .contains("auth:"));
    // Standard input: the fixed text on stdout, the report on stderr.
    let o = run_with_stdin(
        &dir,
        &["fix", "--unsafe-fixes", "--stdin-filename", "x.yml"],
        Some(HUB_AND_SECRET),
    );
    assert!(
        !stdout(&o).contains("hunter2") && stdout(&o).starts_with("version: 2.1\n"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("x.yml: fixed [literal-secret]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn fix_leaves_a_file_that_does_not_parse_alone() {
    let dir = scratch("fix-broken");
    let broken = "version: 2.1\njobs:\n  build:\n    docker: [\n      - image: x\n        auth: {username: u, password: hunter2}\n";
    write(&dir.join("c.yml"), broken);
    let o = run_in(&dir, &["fix", "--unsafe-fixes", "c.yml"]);
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains("c.yml: not fixed: the YAML does not parse"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("c.yml")).expect("read"),
        broken
    );
}

/// The CircleCI job docs/ci.md recommends passes circleci-ls itself without a finding.
#[test]
fn the_ci_example_in_the_docs_is_clean() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/ci.md"))
        .expect("read docs/ci.md");
    let start = doc
        .find("```yaml\nversion: 2.1")
        .expect("the CircleCI example")
        + "```yaml\n".len();
    let end = start + doc[start..].find("```").expect("end of the example");
    let dir = scratch("docs-ci");
    write(&dir.join(".circleci/config.yml"), &doc[start..end]);
    let o = run_in(&dir, &["check", "."]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("Checked 1 file in")
            && stdout(&o).contains(": 0 errors, 0 warnings, 0 info, 0 hints."),
        "{}",
        stdout(&o)
    );
}

/// On a terminal (a pseudo-terminal from util-linux `script`), `full` is the default and is
/// coloured unless NO_COLOR is set.
#[test]
fn terminals_get_full_output_in_colour_unless_no_color() {
    let dir = scratch("terminal");
    write(&dir.join("c.yml"), HUB_AND_SECRET);
    let on_terminal = |no_color: Option<&str>| {
        let mut cmd = Command::new("script");
        cmd.current_dir(&dir)
            .args([
                "-qec",
                &format!("'{}' check c.yml", env!("CARGO_BIN_EXE_circleci-ls")),
                "/dev/null",
            ])
            .env_remove("NO_COLOR")
            .stdin(Stdio::null());
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let o = cmd.output().expect("util-linux `script` runs");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let coloured = on_terminal(None);
    assert!(
        coloured.contains("\u{1b}[") && coloured.contains("--> "),
        "{coloured}"
    );
    let plain = on_terminal(Some("1"));
    assert!(
        !plain.contains("\u{1b}[") && plain.contains(" --> c.yml:8:21"),
        "{plain}"
    );
}

/// The README's example circleci-ls.toml is accepted by the CLI (the ecosystem suite also
/// validates it against the JSON schema editors use).
#[test]
fn the_readme_project_file_example_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("read README");
    let start = readme.find("```toml\n").expect("a TOML example") + "```toml\n".len();
    let end = start + readme[start..].find("```").expect("end of the example");
    let dir = scratch("readme-toml");
    std::fs::create_dir_all(dir.join(".git")).expect("repository root");
    write(&dir.join("circleci-ls.toml"), &readme[start..end]);
    write(&dir.join(".circleci/config.yml"), CLEAN);
    let o = run_in(&dir, &["check"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
}
