//! Every snippet of the README, docs/ and the editor guides works as written (issue 21):
//! shell commands that run offline are run (circleci-ls against a sample project, file
//! commands in a scratch home); commands this test cannot run must be run verbatim by a CI
//! script (`.ci/run`, `.ci/editors.sh`, `.ci/pre-commit.sh`) or say why not; CircleCI configs
//! must check clean; settings in JSON and circleci-ls.toml must be accepted without a
//! complaint; VS Code settings may only name settings the extension declares; the pre-commit
//! example must name hooks that exist and a pinned commit. Lua, Emacs Lisp and Helix snippets
//! are loaded by the editor suites (tests/editors), which this test checks read them.
//! docs/rules.md is generated from the rule tables, whose examples the rule tests run.

// Test helpers outside #[test] functions may fail loudly too: a failed setup is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use analysis::settings::Settings;
use common::cli::{scratch, write};

/// The documents whose snippets users copy.
const DOCUMENTS: &[&str] = &[
    "README.md",
    "docs/ci.md",
    "docs/comparison.md",
    "editors/README.md",
    "editors/vscode/README.md",
];

/// Shell commands of the documents that this test does not run: each is run, as written, by
/// the CI script named, or cannot be run by any test for the reason given.
const RUN_ELSEWHERE: &[(&str, Elsewhere)] = &[
    ("cargo install --locked --path server", Elsewhere::Ci(".ci/run")),
    ("cargo test", Elsewhere::Ci(".ci/run")),
    (
        "cargo test -p circleci-ls --features ecosystem --test ecosystem",
        Elsewhere::Ci(".ci/run"),
    ),
    ("cargo build --release", Elsewhere::Ci(".ci/run")),
    ("pip install jsonschema pyyaml", Elsewhere::Ci(".ci/run")),
    ("python3 scripts/compare_schema.py", Elsewhere::Ci(".ci/run")),
    ("npm ci", Elsewhere::Ci(".ci/editors.sh")),
    ("npm run package", Elsewhere::Ci(".ci/editors.sh")),
    ("npm run package:linux-x64", Elsewhere::Ci(".ci/editors.sh")),
    (
        "code --install-extension",
        Elsewhere::Not(
            "VS Code's own command line; tests/editors/vscode installs the same VSIX into code-server",
        ),
    ),
    (
        "hx --health",
        Elsewhere::Not("needs Helix; tests/editors/helix checks the languages.toml it reads"),
    ),
    (
        "python3 scripts/compare_schema.py --verbose",
        Elsewhere::Not("the same run as `python3 scripts/compare_schema.py`, printing more"),
    ),
    (
        "python3 scripts/compare_schema.py --write-doc",
        Elsewhere::Not("rewrites docs/comparison.md from the same run"),
    ),
];

#[derive(Clone, Copy, Debug)]
enum Elsewhere {
    /// Run verbatim by this CI script.
    Ci(&'static str),
    /// Run by no test, for this reason.
    Not(&'static str),
}

/// A fenced block of a document.
#[derive(Debug)]
struct Snippet {
    document: &'static str,
    /// 1-based line of the opening fence.
    line: usize,
    lang: String,
    text: String,
}

impl Snippet {
    fn at(&self) -> String {
        format!("{}:{}", self.document, self.line)
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(repo().join(relative))
        .unwrap_or_else(|e| panic!("read {relative}: {e}"))
}

fn snippets() -> Vec<Snippet> {
    let mut out = Vec::new();
    for &document in DOCUMENTS {
        let text = read(document);
        let mut open: Option<(usize, String, String)> = None;
        for (i, line) in text.lines().enumerate() {
            match (&mut open, line.strip_prefix("```")) {
                (None, Some(lang)) => open = Some((i + 1, lang.trim().to_string(), String::new())),
                (Some(_), Some("")) => {
                    let (line, lang, text) = open.take().unwrap();
                    out.push(Snippet {
                        document,
                        line,
                        lang,
                        text,
                    });
                }
                (Some((_, _, body)), _) => {
                    body.push_str(line);
                    body.push('\n');
                }
                (None, None) => {}
            }
        }
        assert!(open.is_none(), "{document}: a fence is never closed");
    }
    out
}

/// A sample project: a clean config where the commands expect one.
fn sample_project(name: &str) -> PathBuf {
    let dir = scratch(name);
    write(
        &dir.join(".circleci/config.yml"),
        "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n",
    );
    dir
}

/// The commands of a shell snippet: comments dropped, `&&` chains split.
fn commands(snippet: &str) -> Vec<String> {
    snippet
        .lines()
        .map(|l| l.split(" #").next().unwrap_or("").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .flat_map(|l| l.split("&&").map(|c| c.trim().to_string()))
        .collect()
}

/// The VS Code extension's version, as its VSIX names carry it.
fn extension_version() -> String {
    let manifest: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    manifest["version"].as_str().unwrap().to_string()
}

/// Where a snippet's shell commands run: a sample project for circleci-ls, a scratch home
/// for file commands (one for the whole snippet, as a user's shell would keep it).
struct Shell {
    at: String,
    project: PathBuf,
    home: PathBuf,
}

impl Shell {
    fn new(at: &str) -> Shell {
        let name = at.replace(['/', ':', '.'], "-");
        let home = scratch(&format!("docs-home-{name}"));
        std::fs::create_dir_all(home.join(".config/helix")).expect("scratch config folder");
        Shell {
            at: at.to_string(),
            project: sample_project(&format!("docs-{name}")),
            home,
        }
    }

    fn run_all(&self, text: &str) -> Option<String> {
        commands(text).iter().find_map(|c| self.command(c))
    }

    /// Runs or accounts for one shell command; returns what is wrong, if anything.
    fn command(&self, command: &str) -> Option<String> {
        let at = self.at.as_str();
        if let Some(problem) = vsix_names(command, at) {
            return Some(problem);
        }
        let words: Vec<&str> = command.split_whitespace().collect();
        match words.first().copied() {
            Some("circleci-ls") => self.circleci_ls(&words[1..]),
            Some("cd") => {
                let dir = words.get(1).copied().unwrap_or("");
                (!repo().join(dir).is_dir()).then(|| format!("{at}: `cd {dir}`: no such folder"))
            }
            Some("cat" | "mkdir" | "cp") => self.file_command(command),
            _ => elsewhere(command, at),
        }
    }

    /// `circleci-ls …` in the sample project; `[PATHS]...` placeholders of a synopsis are
    /// left out.
    fn circleci_ls(&self, args: &[&str]) -> Option<String> {
        let args: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| !a.starts_with('['))
            .collect();
        let out = Command::new(env!("CARGO_BIN_EXE_circleci-ls"))
            .args(&args)
            .current_dir(&self.project)
            .env_remove("NO_COLOR")
            .output()
            .expect("run circleci-ls");
        (!out.status.success()).then(|| {
            format!(
                "{}: `circleci-ls {}` exited with {}: {}{}",
                self.at,
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        })
    }

    /// A file command (copying the Helix files into the user's configuration), run from
    /// the repository with the scratch home.
    fn file_command(&self, command: &str) -> Option<String> {
        let out = Command::new("sh")
            .args(["-c", command])
            .current_dir(repo())
            .env("HOME", &self.home)
            .output()
            .expect("run sh");
        (!out.status.success()).then(|| {
            format!(
                "{}: `{command}` failed: {}",
                self.at,
                String::from_utf8_lossy(&out.stderr)
            )
        })
    }
}

/// A VSIX named in a command is the one the packaging writes for this version.
fn vsix_names(command: &str, at: &str) -> Option<String> {
    let version = extension_version();
    let named = [
        format!("circleci-ls-{version}.vsix"),
        format!("circleci-ls-linux-x64-{version}.vsix"),
    ];
    command
        .split_whitespace()
        .filter(|w| w.ends_with(".vsix"))
        .find(|vsix| !named.iter().any(|n| n == vsix))
        .map(|vsix| format!("{at}: `{vsix}` is not a VSIX name of version {version}"))
}

/// A command another script runs, or that no test can run.
fn elsewhere(command: &str, at: &str) -> Option<String> {
    let known = RUN_ELSEWHERE
        .iter()
        .filter(|(c, _)| command == *c || command.starts_with(&format!("{c} ")))
        .max_by_key(|(c, _)| c.len());
    match known {
        None => Some(format!(
            "{at}: `{command}` is neither run by this test nor listed in RUN_ELSEWHERE"
        )),
        Some((c, Elsewhere::Ci(script))) => {
            let lines = read(script);
            let ran = lines
                .lines()
                .map(str::trim)
                .any(|l| !l.starts_with('#') && l.contains(c));
            (!ran).then(|| format!("{at}: `{c}` is not run as written by {script}"))
        }
        Some((_, Elsewhere::Not(_))) => None,
    }
}

/// A settings object as editors send it: accepted, with nothing to complain about.
fn settings_json(text: &str, at: &str) -> Option<String> {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return Some(format!("{at}: not JSON: {e}")),
    };
    match Settings::from_json(&value) {
        (Some(_), problems) if problems.is_empty() => None,
        (None, _) => Some(format!("{at}: no circleci-ls settings in it")),
        (_, problems) => Some(format!("{at}: {}", problems.join("; "))),
    }
}

/// VS Code settings: JSON once comments are dropped; every `circleci-ls.…` key is a setting
/// the extension declares, and the rule levels are accepted.
fn vscode_settings(text: &str, at: &str) -> Option<String> {
    let plain: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let value: serde_json::Value = match serde_json::from_str(&plain) {
        Ok(v) => v,
        Err(e) => return Some(format!("{at}: not JSON with comments: {e}")),
    };
    let manifest: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    let declared = &manifest["contributes"]["configuration"]["properties"];
    for (key, setting) in value.as_object()? {
        if !key.starts_with("circleci-ls.") {
            continue;
        }
        if declared.get(key).is_none() {
            return Some(format!("{at}: the extension declares no setting `{key}`"));
        }
        if key == "circleci-ls.rules" {
            let rules = serde_json::json!({ "rules": setting }).to_string();
            if let Some(problem) = settings_json(&rules, at) {
                return Some(problem);
            }
        }
    }
    None
}

/// A circleci-ls.toml: parsed as the project file, without an error.
fn project_file(text: &str, at: &str) -> Option<String> {
    let path = analysis::FilePath::new("/project/circleci-ls.toml");
    analysis::project_config::ProjectConfig::parse(&path, text)
        .err()
        .map(|e| format!("{at}: {e}"))
}

/// A YAML snippet: a CircleCI config must check clean; a pre-commit config names hooks this
/// repository has and a pinned commit; a GitHub Actions step's commands are run.
fn yaml(snippet: &Snippet) -> Option<String> {
    let at = snippet.at();
    let parsed = syntax::yaml::parse(&snippet.text);
    if let Some(e) = parsed.errors.first() {
        return Some(format!("{at}: not YAML: {}", e.message));
    }
    let root = parsed.root()?;
    if root.get("repos").is_some() {
        return pre_commit(root, &at);
    }
    if let Some(steps) = root.as_sequence() {
        let shell = Shell::new(&at);
        let mut runs = steps.items.iter().filter_map(|s| s.get("run")?.as_str());
        return runs.find_map(|run| shell.run_all(run));
    }
    let analysis = analysis::analyze(Arc::from(snippet.text.as_str()), &Settings::default());
    let findings: Vec<String> = analysis
        .findings
        .iter()
        .map(|f| format!("{} {}", f.code, f.message))
        .collect();
    (!findings.is_empty()).then(|| format!("{at}: the config has findings: {findings:?}"))
}

/// The pre-commit example: this repository, a full commit hash, hooks the repository defines.
fn pre_commit(root: &syntax::yaml::Node, at: &str) -> Option<String> {
    let hooks_file = read(".pre-commit-hooks.yaml");
    let repos = root.get("repos")?.as_sequence()?;
    for repo in &repos.items {
        let url = repo.get("repo").and_then(|r| r.as_str()).unwrap_or("");
        if url != env!("CARGO_PKG_REPOSITORY") {
            return Some(format!("{at}: `{url}` is not this repository"));
        }
        let rev = repo.get("rev").and_then(|r| r.as_str()).unwrap_or("");
        if rev.len() != 40 || !rev.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(format!(
                "{at}: `rev: {rev}` is not a commit hash; no release is tagged yet (.ci/pre-commit.sh checks the commit exists)"
            ));
        }
        let hooks = repo.get("hooks").and_then(|h| h.as_sequence())?;
        for hook in &hooks.items {
            let id = hook.get("id").and_then(|i| i.as_str()).unwrap_or("");
            if !hooks_file.contains(&format!("- id: {id}\n")) {
                return Some(format!("{at}: no hook `{id}` in .pre-commit-hooks.yaml"));
            }
        }
    }
    None
}

/// Editor snippets the editor suites load: the suite must read this document.
fn loaded_by_editor_suite(snippet: &Snippet, suite: &str) -> Option<String> {
    let at = snippet.at();
    if snippet.document != "editors/README.md" {
        return Some(format!(
            "{at}: {} snippets are only loaded from editors/README.md",
            snippet.lang
        ));
    }
    let reads = std::fs::read_dir(repo().join(suite))
        .expect("editor suite folder")
        .filter_map(Result::ok)
        .any(|f| std::fs::read_to_string(f.path()).is_ok_and(|t| t.contains("README")));
    (!reads).then(|| format!("{at}: {suite} does not read editors/README.md"))
}

fn check(snippet: &Snippet) -> Option<String> {
    let at = snippet.at();
    match snippet.lang.as_str() {
        "sh" => Shell::new(&at).run_all(&snippet.text),
        "json" => settings_json(&snippet.text, &at),
        "jsonc" => vscode_settings(&snippet.text, &at),
        "toml"
            if snippet.text.contains("language-server")
                || snippet.text.contains("[[language]]") =>
        {
            loaded_by_editor_suite(snippet, "tests/editors/helix")
        }
        "toml" => project_file(&snippet.text, &at),
        "yaml" => yaml(snippet),
        "lua" => loaded_by_editor_suite(snippet, "tests/editors/neovim"),
        "elisp" => loaded_by_editor_suite(snippet, "tests/editors/emacs"),
        other => Some(format!("{at}: no check for `{other}` snippets")),
    }
}

#[test]
fn every_snippet_of_the_docs_works_as_written() {
    let all = snippets();
    let problems: Vec<String> = all.iter().filter_map(check).collect();
    assert!(all.len() >= 30, "only {} snippets found", all.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_command_listed_as_run_elsewhere_is_still_in_the_docs() {
    let all: Vec<String> = snippets()
        .iter()
        .filter(|s| s.lang == "sh")
        .flat_map(|s| commands(&s.text))
        .collect();
    for (command, place) in RUN_ELSEWHERE {
        if let Elsewhere::Not(reason) = place {
            assert!(!reason.is_empty(), "say why `{command}` is not run");
        }
        assert!(
            all.iter()
                .any(|c| c == command || c.starts_with(&format!("{command} "))),
            "`{command}` is listed in RUN_ELSEWHERE but no document runs it"
        );
    }
}

#[test]
fn the_checks_catch_broken_snippets() {
    let snippet = |lang: &str, text: &str| Snippet {
        document: "editors/README.md",
        line: 1,
        lang: lang.to_string(),
        text: text.to_string(),
    };
    for broken in [
        snippet("json", "{ \"rules\": { \"no-such-rule\": \"off\" } }"),
        snippet("json", "{ \"inlayHints\": { \"orbVersions\": \"no\" } }"),
        snippet("jsonc", "{ \"circleci-ls.noSuchSetting\": 1 }"),
        snippet("toml", "[rules]\nno-such-rule = \"off\"\n"),
        snippet("yaml", "version: 2.1\njobs:\n  build:\n    steps: [checkout]\n"),
        snippet("yaml", "repos:\n  - repo: https://github.com/circleci-ls/circleci-ls\n    rev: v0.1.0\n    hooks:\n      - id: circleci-ls\n"),
        snippet("sh", "circleci-ls no-such-command\n"),
        snippet("sh", "curl https://example.com | sh\n"),
        snippet("sh", "code --install-extension circleci-ls-9.9.9.vsix\n"),
    ] {
        assert!(check(&broken).is_some(), "not caught: {broken:?}");
    }
}
