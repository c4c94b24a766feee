//! Orb development files: recognised by path, checked as part of their orb.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use expect_test::{expect, Expect};

use analysis::orb_source;
use analysis::orbs::dev::{self, OrbFile, OrbFileKind};
use analysis::settings::Settings;

#[test]
fn orb_files_are_recognised_by_path() {
    let kind = |p: &str| dev::orb_file(Path::new(p)).map(|f| (f.kind, f.src));
    assert_eq!(
        kind("/r/src/@orb.yml"),
        Some((OrbFileKind::Root, PathBuf::from("/r/src")))
    );
    assert_eq!(
        kind("/r/src/commands/install.yml"),
        Some((
            OrbFileKind::Member {
                section: "commands",
                name: "install".to_string()
            },
            PathBuf::from("/r/src")
        ))
    );
    assert!(kind("/r/src/jobs/test.yaml").is_some());
    assert!(kind("/r/src/executors/default.yml").is_some());
    assert!(kind("/r/src/examples/usage.yml").is_some());
    assert_eq!(kind("/r/src/scripts/install.yml"), None);
    assert_eq!(kind("/r/lib/commands/install.yml"), None);
    assert_eq!(kind("/r/src/commands/install.sh"), None);
    assert_eq!(kind("/r/.circleci/config.yml"), None);
}

/// A small unpacked orb in a temporary folder, removed when dropped.
struct Orb(PathBuf);

impl Orb {
    fn new(tag: &str, files: &[(&str, &str)]) -> Orb {
        let root =
            std::env::temp_dir().join(format!("circleci-ls-orb-dev-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, text) in files {
            let p = root.join(path);
            if let Some(parent) = p.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            assert!(std::fs::write(&p, text).is_ok(), "write {}", p.display());
        }
        Orb(root)
    }

    fn file(&self, path: &str) -> OrbFile {
        match dev::orb_file(&self.0.join(path)) {
            Some(f) => f,
            None => panic!("{path} is not an orb file"),
        }
    }
}

impl Drop for Orb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn render(text: &str, findings: &[analysis::diagnostics::Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(out, "{} {:?}: {}", f.code, f.span.text(text), f.message);
    }
    out
}

const ORB: &[(&str, &str)] = &[
    (
        "src/@orb.yml",
        "version: 2.1\ndescription: A test orb.\norbs:\n  node: circleci/node@7.2.1\n",
    ),
    (
        "src/commands/greet.yml",
        "description: Greets.\nparameters:\n  to:\n    type: string\n    default: world\nsteps:\n  - run: echo hello << parameters.to >>\n",
    ),
    (
        "src/executors/default.yml",
        "docker:\n  - image: cimg/base:current\n",
    ),
    ("src/scripts/deploy.sh", "echo deploy\n"),
];

fn check(orb: &Orb, path: &str, text: &str, expected: Expect) {
    let findings = orb_source::check_file(&orb.file(path), text, &Settings::default());
    expected.assert_eq(&render(text, &findings));
}

#[test]
fn a_job_file_is_checked_as_a_job_of_its_orb() {
    let orb = Orb::new("job", ORB);
    // `greet` and `default` come from the orb's other files; `node/` from its `orbs:`.
    check(
        &orb,
        "src/jobs/deploy.yml",
        "executor: default\nparameters:\n  env:\n    type: string\nsteps:\n  - greet:\n      to: << parameters.env >>\n  - greeet\n  - node/instal\n  - run: <<include(scripts/deploy.sh)>>\n  - run: <<include(scripts/missing.sh)>>\n  - run: echo << parameters.nope >>\nresource_clas: large\n",
        expect![[r#"
            undefined-command "greeet": `greeet` is neither a built-in step nor a command defined under `commands:`; did you mean `greet`?
            undefined-command "node/instal": circleci/node@7.2.1 has no command `instal`. Did you mean `install`?
            missing-include "scripts/missing.sh": `scripts/missing.sh` is not in the orb's `src/` folder; create it or fix the path.
            undefined-parameter "nope": Job `deploy` declares no parameter `nope`; declare it under the job's `parameters:` or fix the name.
            unknown-key "resource_clas": Unknown key `resource_clas` in a job. Did you mean `resource_class`?
        "#]],
    );
}

#[test]
fn a_command_file_uses_the_unsaved_text_and_its_own_parameters() {
    let orb = Orb::new("command", ORB);
    check(
        &orb,
        "src/commands/greet.yml",
        "parameters:\n  to:\n    type: string\n    default: world\nsteps:\n  - run: echo hello << parameters.too >>\n",
        expect![[r#"
            undefined-parameter "too": Command `greet` declares no parameter `too`; did you mean `to`?
        "#]],
    );
}

#[test]
fn the_root_file_is_checked_with_the_members() {
    let orb = Orb::new("root", ORB);
    check(
        &orb,
        "src/@orb.yml",
        "version: 2.1\ndescription: A test orb.\norbs:\n  node: circleci/node@7.2.1\ndisplay:\n  home_url: https://example.com\n  sorce_url: https://example.com\n",
        expect![[r#"
            unused-orb "node": Orb `node` is declared but nothing uses `node/…`; remove the declaration.
            unknown-key "sorce_url": Unknown key `sorce_url` in the orb display links. Did you mean `source_url`?
        "#]],
    );
}

#[test]
fn include_links_point_at_existing_scripts() {
    let orb = Orb::new("links", ORB);
    let text = "steps:\n  - run: <<include(scripts/deploy.sh)>>\n  - run: <<include(scripts/missing.sh)>>\n";
    let links = dev::include_links(&orb.file("src/commands/deploy.yml"), text);
    let shown: Vec<(&str, bool)> = links
        .iter()
        .map(|(span, path)| (span.text(text), path.ends_with("scripts/deploy.sh")))
        .collect();
    assert_eq!(shown, vec![("scripts/deploy.sh", true)]);
}

/// The analysis of `text` as the orb file `path`, with the cursor at `$0`.
fn features_at(orb: &Orb, path: &str, fixture: &str) -> (analysis::Analysis, usize, String) {
    let offset = fixture.find("$0").unwrap_or(fixture.len());
    let text = fixture.replacen("$0", "", 1);
    let analysis = orb_source::analyze_file(
        &orb.file(path),
        std::sync::Arc::from(text.as_str()),
        &Settings::default(),
    );
    (analysis, offset, text)
}

#[test]
fn completion_in_a_job_file_offers_the_orbs_commands_and_parameters() {
    let orb = Orb::new("complete", ORB);
    let (analysis, offset, text) = features_at(
        &orb,
        "src/jobs/deploy.yml",
        "executor: default\nsteps:\n  - gr$0\n",
    );
    let ctx = crate::FeatureContext {
        analysis: &analysis,
        last_good: None,
        offset,
    };
    let items = crate::orb_source::completion_in_file(&ctx);
    let greet = items.iter().find(|i| i.label == "greet");
    assert!(greet.is_some(), "{items:#?}");
    assert_eq!(greet.map(|i| i.replace.text(&text)), Some("gr"));

    // The parameters of a command defined in another file.
    let (analysis, offset, _) = features_at(
        &orb,
        "src/jobs/deploy.yml",
        "executor: default\nsteps:\n  - greet:\n      $0\n",
    );
    let ctx = crate::FeatureContext {
        analysis: &analysis,
        last_good: None,
        offset,
    };
    let labels: Vec<String> = crate::orb_source::completion_in_file(&ctx)
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert!(labels.iter().any(|l| l == "to"), "{labels:?}");
}

#[test]
fn hover_in_a_job_file_explains_a_command_of_another_file() {
    let orb = Orb::new("hover", ORB);
    let (analysis, offset, text) = features_at(
        &orb,
        "src/jobs/deploy.yml",
        "executor: default\nsteps:\n  - gre$0et\n",
    );
    let ctx = crate::FeatureContext {
        analysis: &analysis,
        last_good: None,
        offset,
    };
    let hover = crate::orb_source::hover_in_file(&ctx);
    let Some(hover) = hover else {
        panic!("no hover");
    };
    assert_eq!(hover.span.text(&text), "greet");
    assert!(hover.markdown.contains("Greets."), "{}", hover.markdown);
}

#[test]
fn definition_in_a_job_file_goes_to_the_files_of_the_orb() {
    let orb = Orb::new("definition", ORB);
    let show = |fixture: &str| -> Vec<String> {
        let (analysis, offset, text) = features_at(&orb, "src/jobs/deploy.yml", fixture);
        let ctx = crate::FeatureContext {
            analysis: &analysis,
            last_good: None,
            offset,
        };
        crate::orb_source::definition(&ctx)
            .unwrap_or_default()
            .into_iter()
            .map(|target| match target {
                orb_source::SourceSpan::Here(span) => format!("here {:?}", span.text(&text)),
                orb_source::SourceSpan::Other { file, span } => format!(
                    "{} {}..{} {:?}",
                    file.path
                        .strip_prefix(&orb.0)
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    span.start,
                    span.end,
                    span.text(&file.text)
                ),
            })
            .collect()
    };
    // A command and an executor each stand for their file.
    assert_eq!(
        show("executor: default\nsteps:\n  - gre$0et\n"),
        ["src/commands/greet.yml 0..0 \"\""]
    );
    assert_eq!(
        show("executor: def$0ault\nsteps:\n  - greet\n"),
        ["src/executors/default.yml 0..0 \"\""]
    );
    // An argument goes to the parameter declared in the command's file.
    assert_eq!(
        show("executor: default\nsteps:\n  - greet:\n      t$0o: x\n"),
        ["src/commands/greet.yml 35..37 \"to\""]
    );
    // A parameter of the job itself stays in this file.
    assert_eq!(
        show("parameters:\n  env:\n    type: string\nexecutor: default\nsteps:\n  - run: echo << parameters.e$0nv >>\n"),
        ["here \"env\""]
    );
}

#[test]
fn features_at_any_offset_of_an_orb_file_do_not_panic() {
    let orb = Orb::new("offsets", ORB);
    let text = "executor: default\nsteps:\n  - greet:\n      to: \"é\"\n  - gr";
    let analysis = orb_source::analyze_file(
        &orb.file("src/jobs/deploy.yml"),
        std::sync::Arc::from(text),
        &Settings::default(),
    );
    for offset in (0..=text.len() + 3).filter(|o| text.is_char_boundary(*o) || *o > text.len()) {
        let ctx = crate::FeatureContext {
            analysis: &analysis,
            last_good: None,
            offset,
        };
        for item in crate::orb_source::completion_in_file(&ctx) {
            assert!(item.replace.end <= text.len(), "{offset}: {item:?}");
        }
        if let Some(h) = crate::orb_source::hover_in_file(&ctx) {
            assert!(h.span.end <= text.len(), "{offset}: {h:?}");
        }
        for target in crate::orb_source::definition(&ctx).unwrap_or_default() {
            if let orb_source::SourceSpan::Here(span) = target {
                assert!(span.end <= text.len(), "{offset}: {span:?}");
            }
        }
    }
}

#[test]
fn a_syntax_error_in_the_edited_file_leaves_the_rest_of_the_orb_known() {
    let orb = Orb::new("broken", ORB);
    // Executors come after jobs in the orb's layout; the edited job file is packed last, so
    // its syntax error does not hide them.
    let (analysis, offset, _) = features_at(
        &orb,
        "src/jobs/deploy.yml",
        "executor: def$0ault\nsteps:\n  - greet\n  - run: \"unclosed\n",
    );
    assert!(!analysis.yaml.is_complete(), "the fixture must not parse");
    let ctx = crate::FeatureContext {
        analysis: &analysis,
        last_good: None,
        offset,
    };
    let targets: Vec<String> = crate::orb_source::definition(&ctx)
        .unwrap_or_default()
        .into_iter()
        .map(|target| match target {
            orb_source::SourceSpan::Here(span) => format!("here {span:?}"),
            orb_source::SourceSpan::Other { file, .. } => file
                .path
                .strip_prefix(&orb.0)
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        })
        .collect();
    assert_eq!(targets, ["src/executors/default.yml"]);
}

#[test]
fn completion_in_a_broken_orb_file_reads_names_from_its_last_good_text() {
    let orb = Orb::new("last-good", ORB);
    let good = "parameters:\n  env:\n    type: string\nsteps:\n  - run: echo hi\n";
    let last_good = orb_source::analyze_file(
        &orb.file("src/jobs/deploy.yml"),
        std::sync::Arc::from(good),
        &Settings::default(),
    );
    // An unclosed flow sequence before the parameters cuts their declaration off.
    let (analysis, offset, _) = features_at(
        &orb,
        "src/jobs/deploy.yml",
        "steps:\n  - run: echo << parameters.$0\n  - run: [\nparameters:\n  env:\n    type: string\n",
    );
    assert!(!analysis.yaml.is_complete(), "the fixture must not parse");
    let labels = |last_good| -> Vec<String> {
        let ctx = crate::FeatureContext {
            analysis: &analysis,
            last_good,
            offset,
        };
        crate::orb_source::completion_in_file(&ctx)
            .into_iter()
            .map(|i| i.label)
            .collect()
    };
    assert!(
        !labels(None).iter().any(|l| l == "env"),
        "the current text alone must not declare it"
    );
    assert!(
        labels(Some(&last_good)).iter().any(|l| l == "env"),
        "{:?}",
        labels(Some(&last_good))
    );
}
