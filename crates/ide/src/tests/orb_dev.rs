//! Orb development files: recognised by path, checked as part of their orb, and the features
//! that read the whole orb, on multi-file fixtures.

use std::fmt::Write;

use expect_test::{expect, Expect};

use analysis::orb_source::SourceSpan;
use analysis::orbs::dev::{self, OrbFileKind};
use analysis::FilePath;

use crate::orb_source::{Located, Scope};
use crate::test_support::Files;
use crate::FeatureContext;

#[test]
fn orb_files_are_recognised_by_path() {
    let kind = |p: &str| dev::orb_file(&FilePath::new(p)).map(|f| (f.kind, f.src));
    assert_eq!(
        kind("/r/src/@orb.yml"),
        Some((OrbFileKind::Root, FilePath::new("/r/src")))
    );
    assert_eq!(
        kind("/r/src/commands/install.yml"),
        Some((
            OrbFileKind::Member {
                section: "commands",
                name: "install".to_string()
            },
            FilePath::new("/r/src")
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

/// A small unpacked orb; a test adds the file it edits as an open buffer.
const ORB: &str = r#"
//- /orb/src/@orb.yml
version: 2.1
description: A test orb.
orbs:
  node: circleci/node@7.2.1
//- /orb/src/commands/greet.yml
description: Greets.
parameters:
  to:
    type: string
    default: world
steps:
  - run: echo hello << parameters.to >>
//- /orb/src/executors/default.yml
docker:
  - image: cimg/base:current
//- /orb/src/scripts/deploy.sh
echo deploy
"#;

/// The orb with `text` open as the file at `path` (under `/orb/src/`), cursor at `$0`.
fn orb_with(path: &str, text: &str) -> Files {
    Files::new(&format!("{ORB}//- /orb/src/{path} open\n{text}"))
}

fn render(text: &str, findings: &[analysis::diagnostics::Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(out, "{} {:?}: {}", f.code, f.span.text(text), f.message);
    }
    out
}

fn check(path: &str, text: &str, expected: Expect) {
    let files = orb_with(path, text);
    expected.assert_eq(&render(&files.text, &files.analysis.findings));
}

#[test]
fn a_job_file_is_checked_as_a_job_of_its_orb() {
    // `greet` and `default` come from the orb's other files; `node/` from its `orbs:`.
    check(
        "jobs/deploy.yml",
        "executor: default\nparameters:\n  env:\n    type: string\nsteps:\n  - greet:\n      to: << parameters.env >>\n  - greeet\n  - node/instal\n  - run: <<include(scripts/deploy.sh)>>\n  - run: <<include(scripts/missing.sh)>>\n  - run: echo << parameters.nope >>\nresource_clas: large\n",
        expect![[r#"
            undefined-command "greeet": Change `greeet` to `greet`: it is neither a built-in step nor under `commands:`.
            undefined-command "node/instal": Change `instal` to `install`: circleci/node@7.2.1 has no command `instal`.
            missing-include "scripts/missing.sh": Create `scripts/missing.sh` in the orb's `src/` folder or fix the path: the file is missing.
            undefined-parameter "nope": Declare `nope` under the job's `parameters:` or fix the name: job `deploy` has no such parameter.
            unknown-key "resource_clas": Rename `resource_clas` to `resource_class`: unknown key in a job.
        "#]],
    );
}

#[test]
fn a_command_file_uses_the_unsaved_text_and_its_own_parameters() {
    check(
        "commands/greet.yml",
        "parameters:\n  to:\n    type: string\n    default: world\nsteps:\n  - run: echo hello << parameters.too >>\n",
        expect![[r#"
            undefined-parameter "too": Change `too` to `to`: command `greet` has no such parameter.
        "#]],
    );
}

#[test]
fn the_root_file_is_checked_with_the_members() {
    check(
        "@orb.yml",
        "version: 2.1\ndescription: A test orb.\norbs:\n  node: circleci/node@7.2.1\ndisplay:\n  home_url: https://example.com\n  sorce_url: https://example.com\n",
        expect![[r#"
            unused-orb "node": Remove orb `node`: it is declared but nothing uses `node/…`.
            unknown-key "sorce_url": Rename `sorce_url` to `source_url`: unknown key in the orb display links.
        "#]],
    );
}

#[test]
fn include_links_point_at_the_orbs_scripts() {
    let files = orb_with(
        "commands/deploy.yml",
        "steps:\n  - run: <<include(scripts/deploy.sh)>>\n  - run: <<include(scripts/missing.sh)>>\n",
    );
    let links = files
        .analysis
        .orb_source
        .as_deref()
        .map(|s| s.include_links().to_vec())
        .unwrap_or_default();
    let shown: Vec<(&str, &str)> = links
        .iter()
        .map(|(span, path)| (span.text(&files.text), path.as_str()))
        .collect();
    assert_eq!(
        shown,
        vec![("scripts/deploy.sh", "/orb/src/scripts/deploy.sh")]
    );
}

/// Runs `f` on the orb-scoped context of `files`' cursor.
fn on_orb<T>(
    files: &Files,
    last_good: Option<&analysis::Analysis>,
    f: impl Fn(&Located<'_>) -> T,
) -> T {
    let ctx = FeatureContext {
        analysis: &files.analysis,
        last_good,
        offset: files.offset,
    };
    f(&Located::new(&ctx, Scope::Orb))
}

/// Completion labels in the orb, with their replaced text when it maps to the file.
fn completion_labels(files: &Files) -> Vec<(String, Option<String>)> {
    on_orb(files, None, |at| {
        crate::completion::complete(&at.ctx)
            .into_iter()
            .map(|i| {
                (
                    i.label,
                    at.here(i.replace).map(|s| s.text(&files.text).to_string()),
                )
            })
            .collect()
    })
}

#[test]
fn completion_in_a_job_file_offers_the_orbs_commands_and_parameters() {
    let files = orb_with("jobs/deploy.yml", "executor: default\nsteps:\n  - gr$0\n");
    let items = completion_labels(&files);
    let greet = items.iter().find(|(label, _)| label == "greet");
    assert_eq!(
        greet.map(|(_, r)| r.as_deref()),
        Some(Some("gr")),
        "{items:?}"
    );

    // The parameters of a command defined in another file.
    let files = orb_with(
        "jobs/deploy.yml",
        "executor: default\nsteps:\n  - greet:\n      $0\n",
    );
    let items = completion_labels(&files);
    assert!(items.iter().any(|(l, _)| l == "to"), "{items:?}");
}

#[test]
fn hover_in_a_job_file_explains_a_command_of_another_file() {
    let files = orb_with(
        "jobs/deploy.yml",
        "executor: default\nsteps:\n  - gre$0et\n",
    );
    let hover = on_orb(&files, None, |at| {
        let h = crate::hover::hover(&at.ctx)?;
        Some((at.here(h.span)?, h.markdown))
    });
    let Some((span, markdown)) = hover else {
        panic!("no hover");
    };
    assert_eq!(span.text(&files.text), "greet");
    assert!(markdown.contains("Greets."), "{markdown}");
}

/// Where definition goes from the cursor: `here "text"`, or `path start..end "text"`.
fn definitions(files: &Files) -> Vec<String> {
    on_orb(files, None, |at| {
        crate::navigation::definition(&at.ctx)
            .into_iter()
            .filter_map(|span| at.locate(span))
            .map(|target| match target {
                SourceSpan::Here(span) => format!("here {:?}", span.text(&files.text)),
                SourceSpan::Other { file, span } => format!(
                    "{} {}..{} {:?}",
                    file.path.as_str(),
                    span.start,
                    span.end,
                    span.text(&file.text)
                ),
            })
            .collect()
    })
}

#[test]
fn definition_in_a_job_file_goes_to_the_files_of_the_orb() {
    let show = |text: &str| definitions(&orb_with("jobs/deploy.yml", text));
    // A command and an executor each stand for their file.
    assert_eq!(
        show("executor: default\nsteps:\n  - gre$0et\n"),
        ["/orb/src/commands/greet.yml 0..0 \"\""]
    );
    assert_eq!(
        show("executor: def$0ault\nsteps:\n  - greet\n"),
        ["/orb/src/executors/default.yml 0..0 \"\""]
    );
    // An argument goes to the parameter declared in the command's file.
    assert_eq!(
        show("executor: default\nsteps:\n  - greet:\n      t$0o: x\n"),
        ["/orb/src/commands/greet.yml 35..37 \"to\""]
    );
    // A parameter of the job itself stays in this file.
    assert_eq!(
        show("parameters:\n  env:\n    type: string\nexecutor: default\nsteps:\n  - run: echo << parameters.e$0nv >>\n"),
        ["here \"env\""]
    );
}

#[test]
fn definition_reads_an_unsaved_sibling_buffer() {
    // The command file is open with a parameter its disk text lacks.
    let files = Files::new(&format!(
        "{ORB}//- /orb/src/commands/greet.yml open\nparameters:\n  whom:\n    type: string\nsteps:\n  - run: echo << parameters.whom >>\n//- /orb/src/jobs/deploy.yml open\nsteps:\n  - greet:\n      wh$0om: x\n"
    ));
    assert_eq!(
        definitions(&files),
        ["/orb/src/commands/greet.yml 14..18 \"whom\""]
    );
    assert!(
        files.analysis.findings.is_empty(),
        "{:?}",
        files.analysis.findings
    );
}

#[test]
fn features_at_any_offset_of_an_orb_file_do_not_panic() {
    let files = orb_with(
        "jobs/deploy.yml",
        "executor: default\nsteps:\n  - greet:\n      to: \"é\"\n  - gr",
    );
    let text = &files.text;
    for offset in (0..=text.len() + 3).filter(|o| text.is_char_boundary(*o) || *o > text.len()) {
        let ctx = FeatureContext {
            analysis: &files.analysis,
            last_good: None,
            offset,
        };
        let at = Located::new(&ctx, Scope::Orb);
        for item in crate::completion::complete(&at.ctx) {
            if let Some(span) = at.here(item.replace) {
                assert!(span.end <= text.len(), "{offset}: {item:?}");
            }
        }
        if let Some(span) = crate::hover::hover(&at.ctx).and_then(|h| at.here(h.span)) {
            assert!(span.end <= text.len(), "{offset}: {span:?}");
        }
        for target in crate::navigation::definition(&at.ctx) {
            if let Some(SourceSpan::Here(span)) = at.locate(target) {
                assert!(span.end <= text.len(), "{offset}: {span:?}");
            }
        }
    }
}

#[test]
fn a_syntax_error_in_the_edited_file_leaves_the_rest_of_the_orb_known() {
    // Executors come after jobs in the orb's layout; the edited job file is packed last, so
    // its syntax error does not hide them.
    let files = orb_with(
        "jobs/deploy.yml",
        "executor: def$0ault\nsteps:\n  - greet\n  - run: \"unclosed\n",
    );
    assert!(
        !files.analysis.yaml.is_complete(),
        "the fixture must not parse"
    );
    let targets: Vec<String> = definitions(&files)
        .into_iter()
        .map(|t| t.split(' ').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(targets, ["/orb/src/executors/default.yml"]);
}

#[test]
fn completion_in_a_broken_orb_file_reads_names_from_its_last_good_text() {
    let good = orb_with(
        "jobs/deploy.yml",
        "parameters:\n  env:\n    type: string\nsteps:\n  - run: echo hi\n",
    );
    // An unclosed flow sequence before the parameters cuts their declaration off.
    let broken = orb_with(
        "jobs/deploy.yml",
        "steps:\n  - run: echo << parameters.$0\n  - run: [\nparameters:\n  env:\n    type: string\n",
    );
    assert!(
        !broken.analysis.yaml.is_complete(),
        "the fixture must not parse"
    );
    let labels = |last_good| -> Vec<String> {
        on_orb(&broken, last_good, |at| {
            crate::completion::complete(&at.ctx)
                .into_iter()
                .map(|i| i.label)
                .collect()
        })
    };
    assert!(
        !labels(None).iter().any(|l| l == "env"),
        "the current text alone must not declare it"
    );
    assert!(
        labels(Some(&good.analysis)).iter().any(|l| l == "env"),
        "{:?}",
        labels(Some(&good.analysis))
    );
}

#[test]
fn a_member_named_by_its_file_is_renamed_by_renaming_the_file() {
    let files = orb_with("jobs/deploy.yml", "steps:\n  - gre$0et\n");
    let refused = on_orb(&files, None, |at| at.prepare_rename());
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.contains("rename the file")),
        "{refused:?}"
    );
    // A parameter is renamed in every file that names it.
    let files = orb_with("jobs/deploy.yml", "steps:\n  - greet:\n      t$0o: x\n");
    let edits = on_orb(&files, None, |at| {
        at.rename("whom").map(|edits| {
            edits
                .into_iter()
                .map(|e| match e.at {
                    SourceSpan::Here(span) => format!("here {}", span.start),
                    SourceSpan::Other { file, span } => {
                        format!("{} {}", file.path.as_str(), span.start)
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    assert_eq!(
        edits,
        Ok(vec![
            "/orb/src/commands/greet.yml 35".to_string(),
            "/orb/src/commands/greet.yml 116".to_string(),
            "here 24".to_string(),
        ])
    );
}
