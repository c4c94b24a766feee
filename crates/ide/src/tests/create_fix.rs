//! "Create" fixes for undefined names, applied through code actions.

use std::sync::Arc;

use crate::code_actions::code_actions;
use analysis::analyze;
use analysis::diagnostics::TextEdit;
use analysis::settings::Settings;

/// Applies the "Create" action of the first finding with `code` and returns the text.
fn created(text: &str, code: &str) -> String {
    let a = analyze(Arc::from(text), &Settings::default());
    let f = a
        .findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", a.findings));
    let actions = code_actions(&a, f.span);
    let first = actions.first().expect("an action");
    assert!(
        first.fix.title.starts_with("Create "),
        "{:?}",
        first.fix.title
    );
    TextEdit::apply_all(text, &first.fix.edits)
}

fn clean(text: &str) {
    let a = analyze(Arc::from(text), &Settings::default());
    let bad: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.severity >= analysis::diagnostics::Severity::Warning)
        .collect();
    assert!(bad.is_empty(), "{text}\n{bad:?}");
}

#[test]
fn an_undefined_job_is_created_in_jobs() {
    let text = "version: 2.1\njobs:\n    build:\n        machine:\n            image: ubuntu-2404:current\n        steps: [checkout]\nworkflows:\n    main:\n        jobs: [build, deploy]\n";
    let out = created(text, "undefined-job");
    assert_eq!(
        out,
        "version: 2.1\njobs:\n    build:\n        machine:\n            image: ubuntu-2404:current\n        steps: [checkout]\n    deploy:\n        machine:\n            image: ubuntu-2404:current\n        steps:\n            - checkout\nworkflows:\n    main:\n        jobs: [build, deploy]\n"
    );
    clean(&out);
}

#[test]
fn a_missing_section_is_added_before_workflows() {
    let text = "version: 2.1\njobs:\n  build:\n    executor: linux\n    steps:\n      - greet\nworkflows:\n  main:\n    jobs: [build]\n";
    let out = created(text, "undefined-executor");
    assert!(
        out.contains(
            "executors:\n  linux:\n    machine:\n      image: ubuntu-2404:current\nworkflows:"
        ),
        "{out}"
    );
    let out = created(&out, "undefined-command");
    assert!(
        out.contains("commands:\n  greet:\n    steps:\n      - run: echo \"greet\"\nworkflows:"),
        "{out}"
    );
    clean(&out);
}

#[test]
fn no_skeleton_goes_into_an_anchor() {
    let text = "version: 2.1\nx-jobs: &all\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\njobs: *all\nworkflows:\n  main:\n    jobs: [build, deploy]\n";
    let a = analyze(Arc::from(text), &Settings::default());
    let f = a.findings.iter().find(|f| f.code == "undefined-job");
    assert!(f.is_some_and(|f| f.fixes.is_empty()), "{:?}", a.findings);
}

#[test]
fn a_near_miss_offers_the_rename_instead() {
    let text = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [biuld]\n";
    let a = analyze(Arc::from(text), &Settings::default());
    let f = a.findings.iter().find(|f| f.code == "undefined-job");
    let titles: Vec<String> = f
        .map(|f| f.fixes.iter().map(|x| x.title.clone()).collect())
        .unwrap_or_default();
    assert_eq!(titles, ["Change to build"]);
}
