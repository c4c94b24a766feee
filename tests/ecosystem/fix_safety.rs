//! `fix` and `fix --unsafe-fixes` on the corpus and the fixtures (every rule's examples, the
//! editor test workspace, the configs of issue 19): a fixed config never has an error the
//! original did not have, and no fix is dropped without a word.

use std::collections::HashMap;
use std::path::Path;

use analysis::diagnostics::Severity;
use analysis::settings::Settings;
use ide::fix_all::{applicable_fix, fix_all, FixOptions, FixOutcome, LeftOutReason};

/// The configs of issue 19's failures: test credentials a safe fix moved out, an orb bump to
/// a leniently checked major, orbs used through templates.
const ISSUE_CONFIGS: &[&str] = &[
    "version: 2.1
orbs:
  node: circleci/node@5
jobs:
  build:
    docker:
      - image: cimg/node:20.11
      - image: cimg/postgres:16.2
        environment:
          POSTGRES_PASSWORD: sekret
    environment:
      DATABASE_PASSWORD: sekret
      WORKFLOW_DATABASE_PASSWORD: sekret
    steps:
      - checkout
      - node/install-packages:
          pkg-manager: pnpmm
workflows:
  main:
    jobs: [build]
",
    "version: 2.1
orbs:
  win: circleci/windows@5.1.0
  ecr: circleci/aws-ecr@9.0
jobs:
  build:
    parameters:
      executor:
        type: string
        default: default
    executor: win/<< parameters.executor >>
    steps:
      - checkout
workflows:
  main:
    jobs:
      - build
      - ecr/build_and_push_image:
          repo: app
",
];

/// Every input: corpus files that parse, rule examples, editor fixtures, issue configs.
fn inputs() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = crate::data::corpus()
        .into_iter()
        .filter(|f| f.parses)
        .map(|f| (f.name, f.text))
        .collect();
    for rule in analysis::rule_registry::all_rules() {
        out.push((format!("rule {} bad", rule.code), rule.bad.to_string()));
        out.push((format!("rule {} good", rule.code), rule.good.to_string()));
    }
    let editors = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/editors/fixtures/workspace");
    for name in [".circleci/config.yml", ".circleci/valid.yml"] {
        let text = std::fs::read_to_string(editors.join(name)).expect("editor fixture");
        out.push((format!("editors {name}"), text));
    }
    for (i, text) in ISSUE_CONFIGS.iter().enumerate() {
        out.push((format!("issue config {i}"), text.to_string()));
    }
    out
}

/// Error-level findings by (code, message).
fn errors(findings: &[analysis::diagnostics::Finding]) -> HashMap<(&'static str, String), usize> {
    let mut out = HashMap::new();
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        *out.entry((f.code, f.message.clone())).or_default() += 1;
    }
    out
}

/// Findings whose fix the run accounts for: applied, or left out with a reason.
fn accounted(outcome: &FixOutcome) -> HashMap<&'static str, usize> {
    let mut out = HashMap::new();
    let codes = outcome
        .applied
        .iter()
        .flat_map(|a| a.codes.iter())
        .chain(outcome.left_out.iter().flat_map(|l| l.codes.iter()));
    for code in codes {
        *out.entry(*code).or_default() += 1;
    }
    out
}

fn check(name: &str, text: &str, options: FixOptions, problems: &mut Vec<String>) {
    let settings = Settings::default();
    let before = analysis::analyze(std::sync::Arc::from(text), &settings);
    let outcome = fix_all(text, &settings, options);
    // No error the original did not have.
    let mut had = errors(&before.findings);
    for f in outcome
        .analysis
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
    {
        match had.get_mut(&(f.code, f.message.clone())) {
            Some(n) if *n > 0 => *n -= 1,
            _ => problems.push(format!(
                "{name} ({options:?}): new error {}: {}",
                f.code, f.message
            )),
        }
    }
    // A file that does not parse is left whole, and `fix` says so.
    if outcome.not_fixed.is_some() {
        if outcome.text != text {
            problems.push(format!("{name}: changed though it does not parse"));
        }
        return;
    }
    // Every fix the first analysis offers is applied or accounted for with a reason.
    let mut wanted: HashMap<&'static str, usize> = HashMap::new();
    for f in &before.findings {
        let offered = applicable_fix(f, FixOptions { unsafe_fixes: true }).is_some()
            || f.fixes.iter().any(|x| x.preferred);
        if offered {
            *wanted.entry(f.code).or_default() += 1;
        }
    }
    let got = accounted(&outcome);
    for (code, n) in wanted {
        let have = got.get(code).copied().unwrap_or(0);
        if have < n {
            problems.push(format!(
                "{name} ({options:?}): {n} `{code}` fixes offered, {have} applied or listed"
            ));
        }
    }
    if !options.unsafe_fixes
        && outcome.left_out.iter().any(|l| {
            l.reason == LeftOutReason::NeedsUnsafeFixes
                && outcome
                    .applied
                    .iter()
                    .any(|a| a.title == l.title && a.codes == l.codes)
        })
    {
        problems.push(format!(
            "{name}: a fix is both applied and left for --unsafe-fixes"
        ));
    }
}

#[test]
fn fixes_never_add_an_error_and_every_fix_is_accounted_for() {
    let mut problems = Vec::new();
    let inputs = inputs();
    assert!(inputs.len() > 100, "only {} inputs", inputs.len());
    for (name, text) in &inputs {
        for unsafe_fixes in [false, true] {
            check(name, text, FixOptions { unsafe_fixes }, &mut problems);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A safe run changes nothing CircleCI runs and takes no value out of the file: the corpus's
/// literal values (secrets included) all survive it.
#[test]
fn a_safe_run_moves_no_value_out_of_the_file() {
    let settings = Settings::default();
    for (name, text) in inputs() {
        let outcome = fix_all(&text, &settings, FixOptions::default());
        for a in &outcome.applied {
            assert!(
                a.defines.is_empty(),
                "{name}: the safe fix {:?} makes the config read {:?}",
                a.title,
                a.defines
            );
            assert!(
                !a.codes.contains(&"literal-secret"),
                "{name}: {:?}",
                a.title
            );
        }
    }
}
