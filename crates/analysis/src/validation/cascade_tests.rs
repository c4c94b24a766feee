//! One mistake, one finding: a slip that several rules could see is reported by one of them.

use std::sync::Arc;

use crate::analyze;
use crate::settings::Settings;

/// The codes of the findings above hint level, in position order.
fn codes(text: &str) -> Vec<&'static str> {
    analyze(Arc::from(text), &Settings::default())
        .findings
        .iter()
        .filter(|f| f.severity > crate::diagnostics::Severity::Hint)
        .map(|f| f.code)
        .collect()
}

const WORKFLOW: &str = "workflows:\n  main:\n    jobs: [build]\n";

#[test]
fn a_misspelt_required_key_is_only_unknown() {
    for (typo, fixed) in [("stesp", "steps"), ("step", "steps")] {
        let text = format!(
            "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    {typo}:\n      - checkout\n{WORKFLOW}"
        );
        assert_eq!(codes(&text), ["unknown-key"], "{typo}");
        let text = text.replace(typo, fixed);
        assert!(codes(&text).is_empty(), "{text}");
    }
    let executor = format!(
        "version: 2.1\njobs:\n  build:\n    dokcer:\n      - image: cimg/base:current\n    steps:\n      - checkout\n{WORKFLOW}"
    );
    assert_eq!(codes(&executor), ["unknown-key"]);
    let command = "version: 2.1\ncommands:\n  greet:\n    stpes:\n      - run: echo hi\n";
    assert_eq!(codes(command), ["unknown-key"]);
    let image = format!(
        "version: 2.1\njobs:\n  build:\n    docker:\n      - imgae: cimg/base:current\n    steps:\n      - checkout\n{WORKFLOW}"
    );
    assert_eq!(codes(&image), ["unknown-key"]);
}

#[test]
fn an_unrelated_unknown_key_keeps_the_missing_key() {
    let text = format!(
        "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    colour: red\n{WORKFLOW}"
    );
    assert_eq!(codes(&text), ["missing-key", "unknown-key"]);
}

#[test]
fn an_undefined_executor_is_the_jobs_only_finding() {
    let text = format!(
        "version: 2.1\nexecutors:\n  node:\n    parameters:\n      tag:\n        type: string\n    machine:\n      image: ubuntu-2404:current\njobs:\n  build:\n    executor:\n      name: nodee\n      tag: \"20\"\n    steps:\n      - checkout\n{WORKFLOW}"
    );
    assert_eq!(codes(&text), ["undefined-executor"]);
}

#[test]
fn a_bad_parameter_type_is_not_reported_again_at_its_uses() {
    let text = format!(
        "version: 2.1\ncommands:\n  setup:\n    parameters:\n      python:\n        type: strin\n        default: \"3.12\"\n    steps:\n      - run: pyenv install << parameters.python >>\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps:\n      - setup:\n          python: 3.10\n      - setup:\n          python: true\n{WORKFLOW}"
    );
    assert_eq!(codes(&text), ["invalid-value"]);
}

#[test]
fn a_misspelt_name_does_not_also_make_its_target_unused() {
    let job = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [biuld]\n";
    assert_eq!(all_codes(job), ["undefined-job"]);
    let param = "version: 2.1\ncommands:\n  greet:\n    parameters:\n      to:\n        type: string\n        default: x\n    steps:\n      - run: echo << parameters.too >>\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [greet]\nworkflows:\n  main:\n    jobs: [build]\n";
    assert_eq!(all_codes(param), ["undefined-parameter"]);
    let orb = "version: 2.1\norbs:\n  node: circleci/node@7\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps: [nod/install]\nworkflows:\n  main:\n    jobs: [build]\n";
    assert_eq!(all_codes(orb), ["undefined-orb"]);
}

/// Every finding's code, hints included.
fn all_codes(text: &str) -> Vec<&'static str> {
    analyze(Arc::from(text), &Settings::default())
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn an_undeclared_orb_is_reported_once_with_its_other_uses() {
    let text = "version: 2.1\njobs:\n  build:\n    executor: docker/machine\n    steps:\n      - checkout\n      - docker/pull:\n          images: cimg/node:20\nworkflows:\n  main:\n    jobs: [build]\n";
    let a = analyze(Arc::from(text), &Settings::default());
    let orbs: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.code == "undefined-orb")
        .collect();
    assert_eq!(orbs.len(), 1, "{:?}", a.findings);
    assert_eq!(orbs[0].related.len(), 1);
}
