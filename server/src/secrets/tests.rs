//! The secret rules through the whole analysis, with made-up values of the right shapes, and
//! the redaction helper. Applying a fix must give valid YAML without that finding.

use std::sync::Arc;

use expect_test::{expect, Expect};

use super::{redact, redact_named, script, shapes};
use crate::analysis::analyze;
use crate::diagnostics::Finding;
use crate::docker::fixes::apply;
use crate::settings::Settings;
use crate::yaml;

/// Made-up values in the providers' shapes; none is a real credential.
const GITHUB: &str = "ghp_0123456789abcdefghijklmnopqrstuvwxyz";
const AWS_ID: &str = "AKIAQWERTYUIOPASDFGH";
const SLACK: &str = "xoxb-1111111111-2222222222-madeupmadeupmadeup";

fn secret_findings(text: &str) -> Vec<Finding> {
    analyze(Arc::from(text), &Settings::default())
        .findings
        .into_iter()
        .filter(|f| f.code == "literal-secret")
        .collect()
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before, |p| &before[p + 1..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Every literal-secret finding as `severity line:col "text": message`, each fix below it
/// with the lines it changes.
fn render(text: &str) -> String {
    let findings = secret_findings(text);
    let mut out = String::new();
    for f in &findings {
        let (l1, c1) = line_col(text, f.span.start);
        let (l2, c2) = line_col(text, f.span.end);
        out.push_str(&format!(
            "{} {l1}:{c1}-{l2}:{c2} {:?}: {}\n",
            f.severity.as_str(),
            &text[f.span.start..f.span.end],
            f.message
        ));
        for fix in &f.fixes {
            out.push_str(&format!("  fix: {}\n", fix.title));
            let fixed = apply(text, &fix.edits);
            let parsed = yaml::parse(&fixed);
            assert!(
                parsed.errors.is_empty(),
                "fix {:?} gives invalid YAML:\n{fixed}",
                fix.title
            );
            let after = secret_findings(&fixed);
            assert!(
                after.len() < findings.len(),
                "fix {:?} leaves the finding:\n{fixed}",
                fix.title
            );
            for e in &fix.edits {
                out.push_str(&format!("    {:?} -> {:?}\n", &text[e.span.start..e.span.end], e.new_text));
            }
        }
    }
    out
}

fn check(text: &str, expect: Expect) {
    expect.assert_eq(&render(text));
}

#[test]
fn credential_named_environment_variables() {
    let text = format!(
        "version: 2.1
jobs:
  build:
    machine: true
    environment:
      AWS_ACCESS_KEY_ID: {AWS_ID}
      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz
      GITHUB_TOKEN: {GITHUB}  # bot
      NPM_PASSWORD: 'hunter2hunter2'
      POSTGRES_PASSWORD: hunter2
      DEPLOY_TOKEN: $DEPLOY_TOKEN_PROD
      API_TOKEN: dummy
      NODE_ENV: production
    steps:
      - checkout
      - run:
          command: make
          environment:
            SONAR_TOKEN: sqp_madeup0123456789
"
    );
    check(
        &text,
        expect![[r#"
            warning 6:26-6:46 "AKIAQWERTYUIOPASDFGH": `environment.AWS_ACCESS_KEY_ID` holds a literal AWS access key id: anyone who can read the repository can read it. Define `AWS_ACCESS_KEY_ID` in a context or project environment variable instead; `environment` values are not expanded, so remove it here.
              fix: Remove `AWS_ACCESS_KEY_ID` from the config (store its value as `AWS_ACCESS_KEY_ID` in a context or project environment variable)
                "      AWS_ACCESS_KEY_ID: AKIAQWERTYUIOPASDFGH\n" -> ""
            error 7:30-7:70 "wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz": `environment.AWS_SECRET_ACCESS_KEY` holds a literal secret access key: anyone who can read the repository can read it. Define `AWS_SECRET_ACCESS_KEY` in a context or project environment variable instead; `environment` values are not expanded, so remove it here.
              fix: Remove `AWS_SECRET_ACCESS_KEY` from the config (store its value as `AWS_SECRET_ACCESS_KEY` in a context or project environment variable)
                "      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz\n" -> ""
            error 8:21-8:61 "ghp_0123456789abcdefghijklmnopqrstuvwxyz": `environment.GITHUB_TOKEN` holds a literal GitHub token: anyone who can read the repository can read it. Define `GITHUB_TOKEN` in a context or project environment variable instead; `environment` values are not expanded, so remove it here.
              fix: Remove `GITHUB_TOKEN` from the config (store its value as `GITHUB_TOKEN` in a context or project environment variable)
                "GITHUB_TOKEN: ghp_0123456789abcdefghijklmnopqrstuvwxyz" -> ""
            error 9:22-9:36 "hunter2hunter2": `environment.NPM_PASSWORD` holds a literal password: anyone who can read the repository can read it. Define `NPM_PASSWORD` in a context or project environment variable instead; `environment` values are not expanded, so remove it here.
              fix: Remove `NPM_PASSWORD` from the config (store its value as `NPM_PASSWORD` in a context or project environment variable)
                "      NPM_PASSWORD: 'hunter2hunter2'\n" -> ""
            error 19:26-19:46 "sqp_madeup0123456789": `environment.SONAR_TOKEN` holds a literal token: anyone who can read the repository can read it. Define `SONAR_TOKEN` in a context or project environment variable instead; `environment` values are not expanded, so remove it here.
              fix: Remove `SONAR_TOKEN` from the config (store its value as `SONAR_TOKEN` in a context or project environment variable)
                "          environment:\n            SONAR_TOKEN: sqp_madeup0123456789\n" -> ""
        "#]],
    );
}
