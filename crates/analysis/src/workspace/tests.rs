//! The workspace layer on multi-file fixtures: what an edit analyses again, settings
//! resolution, orb source trees from workspace texts, panic containment.

use std::sync::Arc;

use super::{Change, Workspace};
use crate::file_path::FilePath;
use crate::test_support::Fixture;

fn path(p: &str) -> FilePath {
    FilePath::new(p)
}

/// The codes of a file's findings, in order.
fn codes(workspace: &Workspace, file: &str) -> Vec<&'static str> {
    let analysis = workspace.snapshot().analysis(&path(file));
    analysis
        .map(|a| a.findings.iter().map(|f| f.code).collect())
        .unwrap_or_default()
}

/// The messages of a file's findings with `code`.
fn messages(workspace: &Workspace, file: &str, code: &str) -> Vec<String> {
    let analysis = workspace.snapshot().analysis(&path(file));
    analysis
        .map(|a| {
            a.findings
                .iter()
                .filter(|f| f.code == code)
                .map(|f| f.message.clone())
                .collect()
        })
        .unwrap_or_default()
}

const TWO_CONFIGS: &str = r#"
//- /repo/.circleci/config.yml open
version: 2.1
jobs:
  build:
    docker: [{image: cimg/base:2024.01}]
    steps: [checkout]
workflows:
  main:
    jobs: [build]
//- /repo/.circleci/other.yml open
version: 2.1
workflows:
  main:
    jobs: [nope]
"#;

#[test]
fn an_edit_in_one_of_two_open_files_leaves_the_others_analysis_untouched() {
    let mut workspace = Fixture::parse(TWO_CONFIGS).workspace();
    let (config, other) = (
        path("/repo/.circleci/config.yml"),
        path("/repo/.circleci/other.yml"),
    );
    let before = workspace.snapshot();
    let config_before = before.analysis(&config);
    let other_before = before.analysis(&other);
    assert_eq!(before.analyses_made(), 2);
    // Asking again makes nothing new.
    assert!(before.analysis(&other).is_some());
    assert_eq!(before.analyses_made(), 2);

    let mut change = Change::new();
    change.set_buffer(config.clone(), Arc::from("version: 2.1\njobs: {}\n"));
    workspace.apply_change(change);
    let after = workspace.snapshot();
    let config_after = after.analysis(&config);
    let other_after = after.analysis(&other);
    assert_eq!(
        after.analyses_made(),
        3,
        "only the edited file is analysed again"
    );
    match (&other_before, &other_after) {
        (Some(a), Some(b)) => assert!(Arc::ptr_eq(a, b), "the other file's analysis is the same"),
        _ => panic!("both files have analyses"),
    }
    let changed = config_before
        .zip(config_after)
        .map(|(a, b)| !Arc::ptr_eq(&a, &b));
    assert_eq!(changed, Some(true));
    // The snapshot taken before the change still sees the old text.
    assert_eq!(
        before.text(&config).as_deref(),
        Fixture::parse(TWO_CONFIGS).text("/repo/.circleci/config.yml")
    );
}

const ORB: &str = r#"
//- /repo/.circleci/config.yml open
version: 2.1
workflows:
  main:
    jobs: [nope]
//- /orb/src/@orb.yml
version: 2.1
description: A test orb.
//- /orb/src/commands/greet.yml
description: Greets.
steps:
  - run: echo hello
//- /orb/src/jobs/deploy.yml open
machine:
  image: ubuntu-2204:current
steps:
  - greet:
      to: you
"#;

#[test]
fn an_edit_in_an_orb_file_analyses_its_orb_again_not_other_configs() {
    let mut workspace = Fixture::parse(ORB).workspace();
    let (config, job) = (
        path("/repo/.circleci/config.yml"),
        path("/orb/src/jobs/deploy.yml"),
    );
    let snapshot = workspace.snapshot();
    let config_before = snapshot.analysis(&config);
    // `greet` declares no parameter `to` on disk.
    assert_eq!(
        codes(&workspace, "/orb/src/jobs/deploy.yml"),
        ["undefined-parameter"]
    );
    let made = workspace.snapshot().analyses_made();

    // The command file is edited in the editor and not saved: the job file sees the buffer.
    let mut change = Change::new();
    change.set_buffer(
        path("/orb/src/commands/greet.yml"),
        Arc::from(
            "parameters:\n  to:\n    type: string\nsteps:\n  - run: echo << parameters.to >>\n",
        ),
    );
    workspace.apply_change(change);
    let after = workspace.snapshot();
    assert!(codes(&workspace, "/orb/src/jobs/deploy.yml").is_empty());
    assert_eq!(after.analyses_made(), made + 1, "the job file, once");
    let config_after = after.analysis(&config);
    assert!(config_before
        .zip(config_after)
        .is_some_and(|(a, b)| Arc::ptr_eq(&a, &b)));

    // Closing the buffer unsaved brings the disk text back.
    let mut change = Change::new();
    change.close_buffer(path("/orb/src/commands/greet.yml"));
    workspace.apply_change(change);
    assert_eq!(
        codes(&workspace, "/orb/src/jobs/deploy.yml"),
        ["undefined-parameter"]
    );
    assert!(after.key(&job) != workspace.snapshot().key(&job));
}

/// A command file with two findings, with `\n` line ends.
const COMMAND: &str = "parameters:\n  to:\n    type: string\nsteps:\n  - run: echo << parameters.too >>\n  - greeet\n";

#[test]
fn orb_files_with_any_line_ends_get_the_same_findings() {
    for newline in ["\n", "\r\n", "\r"] {
        let text = COMMAND.replace('\n', newline);
        let fixture = format!(
            "//- /orb/src/@orb.yml\nversion: 2.1\n//- /orb/src/commands/greet.yml\n{text}//- /orb/src/jobs/a.yml\nsteps: [greet]\n"
        );
        let workspace = Fixture::parse(&fixture).workspace();
        assert_eq!(
            codes(&workspace, "/orb/src/commands/greet.yml"),
            ["undefined-parameter", "undefined-command"],
            "line ends {newline:?}"
        );
    }
}

const PROJECT: &str = r#"
//- /home/dev/circleci-ls.toml
[rules]
undefined-job = "warning"
//- /home/dev/repo/.git
//- /home/dev/repo/circleci-ls.toml
orb-dirs = ["orbs"]

[rules]
unused-job = "error"

[per-path-ignores]
"legacy/*.yml" = ["undefined-job"]
//- /home/dev/repo/orbs/acme/tools/1.0.0.yml orb
version: 2.1
commands:
  greet:
    steps:
      - run: echo hi
//- /home/dev/repo/.circleci/config.yml open
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
    jobs: [build, deploy]
//- /home/dev/repo/legacy/old.yml
version: 2.1
workflows:
  main:
    jobs: [deploy]
//- /home/dev/loose.yml
version: 2.1
workflows:
  main:
    jobs: [deploy]
"#;

fn severity(workspace: &Workspace, file: &str, code: &str) -> Option<crate::diagnostics::Severity> {
    let analysis = workspace.snapshot().analysis(&path(file))?;
    let found = analysis.findings.iter().find(|f| f.code == code);
    found.map(|f| f.severity)
}

#[test]
fn the_nearest_project_file_applies_up_to_the_repository_root() {
    use crate::diagnostics::Severity;
    let workspace = Fixture::parse(PROJECT).workspace();
    // The repository's file; the one above the repository does not apply inside it.
    let config = "/home/dev/repo/.circleci/config.yml";
    assert_eq!(
        severity(&workspace, config, "undefined-job"),
        Some(Severity::Error)
    );
    assert_eq!(
        severity(&workspace, "/home/dev/repo/legacy/old.yml", "undefined-job"),
        None
    );
    assert_eq!(
        severity(&workspace, "/home/dev/loose.yml", "undefined-job"),
        Some(Severity::Warning)
    );
}

#[test]
fn orb_dirs_of_the_project_file_add_private_orbs() {
    let workspace = Fixture::parse(PROJECT).workspace();
    assert!(workspace.snapshot().orb_dirs_wanted().is_empty());
    let found = messages(
        &workspace,
        "/home/dev/repo/.circleci/config.yml",
        "undefined-command",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("Change `grete` to `greet`"),
        "{found:?}"
    );

    // Without the folder's texts, the directory is wanted and the orb unknown.
    let mut fixture = Fixture::parse(PROJECT);
    fixture
        .files
        .retain(|f| !f.path.as_str().contains("/orbs/"));
    let workspace = fixture.workspace();
    assert_eq!(
        workspace.snapshot().orb_dirs_wanted(),
        [path("/home/dev/repo/orbs")]
    );
    let found = messages(
        &workspace,
        "/home/dev/repo/.circleci/config.yml",
        "undefined-command",
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn overrides_win_rule_by_rule_and_add_orb_dirs() {
    use crate::diagnostics::Severity;
    use crate::settings::{RuleLevel, Settings};
    let mut workspace = Fixture::parse(PROJECT).workspace();
    let mut overrides = Settings::default();
    overrides
        .rules
        .insert("undefined-job".to_string(), RuleLevel::Hint);
    overrides.orb_dirs.push(path("/elsewhere"));
    let mut change = Change::new();
    change.set_overrides(super::Overrides {
        settings: overrides,
        docker_hub: None,
    });
    workspace.apply_change(change);
    let config = "/home/dev/repo/.circleci/config.yml";
    assert_eq!(
        severity(&workspace, config, "undefined-job"),
        Some(Severity::Hint)
    );
    let settings = workspace.snapshot().settings_for(&path(config));
    assert_eq!(settings.rules.get("unused-job"), Some(&RuleLevel::Error));
    assert_eq!(
        settings.orb_dirs,
        [path("/home/dev/repo/orbs"), path("/elsewhere")]
    );
    assert_eq!(workspace.snapshot().orb_dirs_wanted(), [path("/elsewhere")]);
    let mut change = Change::new();
    change.set_orb_folder(path("/elsewhere"), None);
    let report = workspace.apply_change(change);
    assert_eq!(report.orb_problems, ["orb directory /elsewhere not found"]);
}

#[test]
fn a_broken_project_file_is_reported_once_and_the_last_good_one_stays() {
    use crate::diagnostics::Severity;
    let mut workspace = Fixture::parse(PROJECT).workspace();
    let toml = path("/home/dev/repo/circleci-ls.toml");
    let mut change = Change::new();
    change.set_project_config(
        toml.clone(),
        Some(Arc::from("[rules]\nunused-job = \"loud\"\n")),
    );
    let report = workspace.apply_change(change);
    let shown: Vec<String> = report.config_errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with("/home/dev/repo/circleci-ls.toml:2:14: "),
        "{shown:?}"
    );
    let config = "/home/dev/repo/.circleci/config.yml";
    assert_eq!(
        severity(&workspace, config, "undefined-job"),
        Some(Severity::Error)
    );

    // Gone: the file above the repository still does not apply.
    let mut change = Change::new();
    change.set_project_config(toml, None);
    assert!(workspace.apply_change(change).config_errors.is_empty());
    assert_eq!(
        severity(&workspace, config, "undefined-job"),
        Some(Severity::Error)
    );
    let settings = workspace.snapshot().settings_for(&path(config));
    assert!(settings.rules.is_empty(), "{:?}", settings.rules);
}

#[test]
fn a_panic_in_analysis_becomes_one_internal_error_finding() {
    let mut workspace = Fixture::parse(TWO_CONFIGS).workspace();
    #[allow(clippy::panic)]
    workspace.set_analysis_hook(Arc::new(|text: &str| {
        if text.contains("nope") {
            panic!("test hook");
        }
    }));
    assert_eq!(
        codes(&workspace, "/repo/.circleci/other.yml"),
        ["internal-error"]
    );
    assert!(!codes(&workspace, "/repo/.circleci/config.yml").contains(&"internal-error"));
}

#[test]
fn while_a_file_does_not_parse_its_last_good_analysis_is_used_and_made_at_most_once() {
    let good = "version: 2.1\njobs:\n  a:\n    docker:\n      - image: quay.io/acme/db:1\n        auth:\n          username: robot\n          password: hunter2\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [a]\n";
    let config = path("/r/.circleci/config.yml");
    let mut workspace = Workspace::new();
    let mut change = Change::new();
    change.set_buffer(config.clone(), Arc::from(good));
    workspace.apply_change(change);
    let first = workspace.snapshot().file_analysis(&config);
    assert!(first.as_ref().is_some_and(|f| f.last_good.is_none()));

    let broken = good.replace("jobs:\n  a:", "jobs: [\n  a:");
    let mut change = Change::new();
    change.set_buffer(config.clone(), Arc::from(broken.as_str()));
    workspace.apply_change(change);
    let snapshot = workspace.snapshot();
    let Some(now) = snapshot.file_analysis(&config) else {
        panic!("no analysis");
    };
    assert_eq!(
        snapshot.analyses_made(),
        2,
        "the good analysis, still held, is not made again"
    );
    assert!(!now.analysis.yaml.is_complete());
    assert!(now.last_good.is_some());
    let shown = now.findings();
    assert!(
        shown.iter().any(|f| f.code == "literal-secret"),
        "kept from the last good text: {shown:?}"
    );

    // Fixed again: the last good analysis is let go.
    let mut change = Change::new();
    change.set_buffer(config.clone(), Arc::from(good));
    workspace.apply_change(change);
    let fixed = workspace.snapshot().file_analysis(&config);
    assert!(fixed.is_some_and(|f| f.last_good.is_none() && f.analysis.yaml.is_complete()));
    assert_eq!(workspace.snapshot().analyses_made(), 3);
    drop((first, now));
    crate::background_drop::settle();

    // Broken again, with nothing holding the good analysis: the workspace let it go when
    // the broken text came, so it is made again from its text, once, and kept while broken.
    let edit = |workspace: &mut Workspace, text: &str| {
        let mut change = Change::new();
        change.set_buffer(config.clone(), Arc::from(text));
        workspace.apply_change(change);
        crate::background_drop::settle();
        let found = workspace.snapshot().file_analysis(&config);
        found.and_then(|f| f.last_good).map(|g| g.text.to_string())
    };
    assert_eq!(edit(&mut workspace, &broken).as_deref(), Some(good));
    assert_eq!(
        workspace.snapshot().analyses_made(),
        5,
        "the broken text and the good one"
    );
    let still_broken = broken.replace("a:\n", "a: \n");
    assert_eq!(edit(&mut workspace, &still_broken).as_deref(), Some(good));
    assert_eq!(
        workspace.snapshot().analyses_made(),
        6,
        "the broken text alone"
    );
}

#[test]
fn files_over_the_limit_get_one_clear_finding_that_settings_can_silence() {
    use crate::settings::{RuleLevel, Settings};
    let mut workspace = Workspace::new();
    let big = path("/r/.circleci/big.yml");
    let mut change = Change::new();
    change.set_buffer(big.clone(), Arc::from("#\n".repeat(3 * 1024 * 1024)));
    workspace.apply_change(change);
    let found = workspace.snapshot().analysis(&big);
    let findings: Vec<(&str, String)> = found
        .iter()
        .flat_map(|a| a.findings.iter())
        .map(|f| (f.code, f.message.clone()))
        .collect();
    assert_eq!(
        findings,
        [(
            "file-too-large",
            "file too large to analyse: 6.0 MB, limit 4 MB".to_string()
        )]
    );
    let mut settings = Settings::default();
    settings
        .rules
        .insert("file-too-large".to_string(), RuleLevel::Off);
    let mut change = Change::new();
    change.set_overrides(super::Overrides {
        settings,
        docker_hub: None,
    });
    workspace.apply_change(change);
    let found = workspace.snapshot().analysis(&big);
    assert!(found.is_some_and(|a| a.findings.is_empty()));
}

#[test]
fn a_project_file_broken_from_the_start_leaves_the_defaults_until_it_is_fixed() {
    let mut fixture = Fixture::parse(PROJECT);
    fixture
        .files
        .retain(|f| f.path.as_str() != "/home/dev/repo/circleci-ls.toml");
    let mut workspace = fixture.workspace();
    let toml = path("/home/dev/repo/circleci-ls.toml");
    let config = path("/home/dev/repo/.circleci/config.yml");
    let mut change = Change::new();
    change.set_project_config(toml.clone(), Some(Arc::from("[rules\n")));
    let report = workspace.apply_change(change);
    let shown: Vec<String> = report.config_errors.iter().map(|e| e.to_string()).collect();
    assert!(
        shown.len() == 1 && shown[0].starts_with("/home/dev/repo/circleci-ls.toml:1:"),
        "{shown:?}"
    );
    // Broken, it still stops the search: the file above the repository does not apply.
    let settings = workspace.snapshot().settings_for(&config);
    assert!(settings.rules.is_empty(), "{:?}", settings.rules);

    let mut change = Change::new();
    change.set_project_config(toml, Some(Arc::from("[rules]\nunused-job = \"off\"\n")));
    assert!(workspace.apply_change(change).config_errors.is_empty());
    let settings = workspace.snapshot().settings_for(&config);
    assert_eq!(
        settings.rules.get("unused-job"),
        Some(&crate::settings::RuleLevel::Off)
    );
}
