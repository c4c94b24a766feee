//! The command line a team expects: shell completions that complete options and rule codes,
//! `-` for standard input, one rule's docs, `--exit-zero`, `--color` with `NO_COLOR` and
//! `FORCE_COLOR`, `--output-file`, `--statistics`, JUnit where warnings do not fail, man
//! pages for what the main page names; and outputs that never echo a literal secret and
//! stay short on long lines.

// Test code: a failed expectation should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::cli::*;

const UNDEFINED_JOB: &str = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build, deploy]\n";
const SECRETS: &str = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n        auth:\n          username: me\n          password: hunter2hunter2\n    environment:\n      GITHUB_TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n    steps:\n      - run: echo hi\nworkflows:\n  main:\n    jobs: [build]\n";

/// The words bash's completion offers for `words` with the cursor on the last one, from the
/// script `circleci-ls completions bash` prints.
fn bash_complete(dir: &Path, words: &[&str]) -> Vec<String> {
    let script = dir.join("circleci-ls.bash");
    let o = run_in(dir, &["completions", "bash"]);
    assert_eq!(code(&o), 0);
    write(&script, &stdout(&o));
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let current = words[cword];
    let previous = words[cword - 1];
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={cword}; _circleci__ls circleci-ls '{current}' '{previous}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" ")
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_subcommand_options_and_rule_codes() {
    let dir = scratch("team-completions");
    assert_eq!(
        bash_complete(&dir, &["circleci-ls", "check", "--for"]),
        ["--format"]
    );
    assert_eq!(
        bash_complete(&dir, &["circleci-ls", "fix", "--unsafe"]),
        ["--unsafe-fixes"]
    );
    let levels = bash_complete(&dir, &["circleci-ls", "check", "--rule", "undefined-jo"]);
    assert_eq!(
        levels,
        [
            "undefined-job=off",
            "undefined-job=hint",
            "undefined-job=info",
            "undefined-job=warning",
            "undefined-job=error"
        ]
    );
    assert_eq!(
        bash_complete(&dir, &["circleci-ls", "rule", "docker-hub-rate"]),
        ["docker-hub-rate-limit"]
    );
    // zsh and fish scripts name the rule codes too.
    for shell in ["zsh", "fish"] {
        let o = run_in(&dir, &["completions", shell]);
        assert!(stdout(&o).contains("undefined-job=warning"), "{shell}");
    }
}

#[test]
fn a_dash_reads_standard_input() {
    let dir = scratch("team-stdin");
    let o = run_with_stdin(&dir, &["check", "-"], Some(UNDEFINED_JOB));
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("-:9:19: error[undefined-job]"),
        "{}",
        stdout(&o)
    );
    let o = run_with_stdin(
        &dir,
        &["check", "-", "--stdin-filename", ".circleci/config.yml"],
        Some(UNDEFINED_JOB),
    );
    assert!(
        stdout(&o).starts_with(".circleci/config.yml:9:19: error[undefined-job]"),
        "{}",
        stdout(&o)
    );
    let o = run_in(&dir, &["check", "-", "other.yml"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("`-` reads standard input"),
        "{}",
        stderr(&o)
    );
    let o = run_with_stdin(&dir, &["fix", "--unsafe-fixes", "-"], Some(SECRETS));
    assert!(!stdout(&o).contains("hunter2"), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("version: 2.1\n"), "{}", stdout(&o));
}

#[test]
fn one_rule_s_docs_are_printed() {
    let dir = scratch("team-rule");
    let o = run_in(&dir, &["rule", "undefined-job"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(
        out.starts_with("## undefined-job\n\nDefault severity: error."),
        "{out}"
    );
    assert!(out.contains("Reported:\n\n```yaml\n"), "{out}");
    assert!(out.contains("docs/rules.md#undefined-job"), "{out}");
    assert_eq!(stdout(&run_in(&dir, &["explain", "undefined-job"])), out);
    let o = run_in(&dir, &["rule", "undefined-jobs"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("undefined-job"), "{}", stderr(&o));
}

#[test]
fn exit_zero_colours_output_files_and_statistics() {
    let dir = scratch("team-options");
    write(&dir.join("c.yml"), UNDEFINED_JOB);
    assert_eq!(code(&run_in(&dir, &["check", "c.yml", "--exit-zero"])), 0);
    assert_eq!(
        code(&run_in(&dir, &["check", "missing.yml", "--exit-zero"])),
        2
    );

    let styled = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = bin();
        cmd.current_dir(&dir)
            .args(["check", "--format", "full", "c.yml"])
            .args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let o = cmd.output().expect("run");
        String::from_utf8_lossy(&o.stdout).contains('\u{1b}')
    };
    assert!(!styled(&[], &[]), "no colours off a terminal");
    assert!(styled(&["--color", "always"], &[("NO_COLOR", "1")]));
    assert!(styled(&[], &[("FORCE_COLOR", "1")]));
    assert!(!styled(&[], &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    assert!(!styled(&["--color", "never"], &[("FORCE_COLOR", "1")]));

    let o = run_in(
        &dir,
        &[
            "check",
            "c.yml",
            "--format",
            "json",
            "--output-file",
            "out/report.json",
        ],
    );
    assert_eq!(code(&o), 2, "the folder does not exist: {}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot write the report"),
        "{}",
        stderr(&o)
    );
    std::fs::create_dir_all(dir.join("out")).expect("folder");
    let o = run_in(
        &dir,
        &[
            "check",
            "c.yml",
            "--format",
            "json",
            "-o",
            "out/report.json",
        ],
    );
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).starts_with("Checked 1 file"), "{}", stderr(&o));
    let report = std::fs::read_to_string(dir.join("out/report.json")).expect("report");
    let findings: serde_json::Value = serde_json::from_str(&report).expect("JSON");
    assert_eq!(findings[0]["code"], "undefined-job");

    write(
        &dir.join("d.yml"),
        &UNDEFINED_JOB.replace("deploy]", "deploy, test]"),
    );
    let o = run_in(&dir, &["check", "c.yml", "d.yml", "--statistics"]);
    let out = stdout(&o);
    assert!(out.starts_with("      3  undefined-job"), "{out}");
    assert!(out.contains(" error "), "{out}");
    assert!(
        out.ends_with("3 errors, 0 warnings, 0 info, 0 hints.\n"),
        "{out}"
    );
}

#[test]
fn junit_fails_on_errors_and_lists_warnings() {
    let dir = scratch("team-junit");
    write(&dir.join("c.yml"), UNDEFINED_JOB);
    let o = run_in(
        &dir,
        &[
            "check",
            "c.yml",
            "--format",
            "junit",
            "--rule",
            "undefined-job=warning",
        ],
    );
    let out = stdout(&o);
    assert!(out.contains("failures=\"0\""), "{out}");
    assert!(!out.contains("<failure"), "{out}");
    assert!(
        out.contains("<system-out>c.yml:9:19: warning[undefined-job]"),
        "{out}"
    );
    let o = run_in(&dir, &["check", "c.yml", "--format", "junit"]);
    let out = stdout(&o);
    assert!(
        out.contains("<testsuites name=\"circleci-ls\"") && out.contains("failures=\"1\""),
        "{out}"
    );
    assert!(out.contains("<failure message="), "{out}");
}

#[test]
fn the_man_pages_the_main_page_names_are_written() {
    let dir = scratch("team-man");
    let o = run_in(&dir, &["manpage", "--dir", "man"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let main = std::fs::read_to_string(dir.join("man/circleci-ls.1")).expect("main page");
    let named: Vec<String> = main
        .split("circleci\\-ls\\-")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("(1)")
                .map(|(name, _)| name.replace("\\-", "-"))
        })
        .collect();
    assert!(named.len() >= 6, "{named:?}");
    for name in named {
        let page = dir.join(format!("man/circleci-ls-{name}.1"));
        assert!(
            page.is_file(),
            "{} is named but not written",
            page.display()
        );
    }
    assert_eq!(stdout(&run_in(&dir, &["manpage"])), main);
}

#[test]
fn no_output_echoes_a_literal_secret() {
    let dir = scratch("team-secrets");
    write(&dir.join("c.yml"), SECRETS);
    for format in ["full", "concise", "json", "sarif", "junit", "github"] {
        let o = run_in(&dir, &["check", "c.yml", "--format", format]);
        assert_eq!(code(&o), 1, "{format}");
        let out = format!("{}{}", stdout(&o), stderr(&o));
        assert!(out.contains("literal-secret"), "{format}: {out}");
        assert!(
            !out.contains("hunter2") && !out.contains("ghp_abc"),
            "{format} echoes a secret: {out}"
        );
    }
}

#[test]
fn long_lines_are_clipped_around_each_finding() {
    let dir = scratch("team-long-lines");
    let names: Vec<String> = (0..5_000).map(|i| format!("j{i}")).collect();
    let text = UNDEFINED_JOB.replace("deploy]", &format!("{}]", names.join(", ")));
    write(&dir.join("c.yml"), &text);
    let o = run_in(&dir, &["check", "c.yml", "--format", "full"]);
    let out = stdout(&o);
    assert!(out.contains("error[undefined-job]"), "{out}");
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 250, "a line of {longest} characters");
    assert!(
        out.contains(" --> c.yml:9:33902\n") && out.contains(", j4999]\n  |  "),
        "the end of the line is shown for the last job, at its column in the file"
    );
    assert!(
        out.contains("9 | …4992, j4993"),
        "the line is clipped before it"
    );
    assert!(
        out.contains("jobs: [build, j0, j1"),
        "the start for the first"
    );
}
