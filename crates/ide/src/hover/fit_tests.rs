//! Hovers as a user sees them (issue 21): at most `MAX_LINES` lines, lists rather than tables,
//! nothing said twice, and a flagged span explained by its finding first.

use expect_test::{expect, Expect};

use super::layout::hover_problem;
use crate::test_support::Fixture;
use crate::FeatureContext;

fn check(fixture: &str, expected: Expect) {
    let f = Fixture::new(fixture);
    let out = match super::hover(&f.ctx()) {
        Some(h) => format!("[{}]\n{}\n", h.span.text(&f.text), h.markdown),
        None => "none\n".to_string(),
    };
    expected.assert_eq(&out);
}

const ORBS: &str = "version: 2.1
orbs:
  aws-ecr: circleci/aws-ecr@9.3.0
  node: circleci/node@5
jobs:
  build:
    docker:
      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app
    steps: [checkout]
workflows:
  main:
    jobs:
      - aws-ecr/build_and_push_image:
          repo: app
          auth: []
      - node/test
      - node/test:
          name: test-again
      - build
";

fn at(marker: &str) -> String {
    ORBS.replacen(&marker.replace('|', ""), &marker.replace('|', "$0"), 1)
}

#[test]
fn an_orb_job_with_many_parameters_lists_the_required_ones_and_counts_the_rest() {
    check(
        &at("aws-ecr/build_and_push|_image"),
        expect![[r#"
            [aws-ecr/build_and_push_image]
            **orb job** `aws-ecr/build_and_push_image` · `circleci/aws-ecr@9.8.1` (for `@9.3.0`)

            Runs on the orb's executor `<< parameters.executor >>`.

            Required parameters:
            - `repo`: string
            - `auth`: steps

            And 35 optional, described on the [orb page](https://circleci.com/developer/orbs/orb/circleci/aws-ecr#jobs-build_and_push_image).
        "#]],
    );
}

#[test]
fn an_orb_job_run_twice_says_what_its_image_means_once() {
    let f = Fixture::new(&at("- node/te|st\n"));
    let md = super::hover(&f.ctx())
        .map(|h| h.markdown)
        .unwrap_or_default();
    assert_eq!(md.matches("Docker Hub limits").count(), 1, "{md}");
    assert!(md.contains("Runs in `cimg/node:lts`"), "{md}");
}

#[test]
fn a_flagged_image_explains_its_findings_before_the_image() {
    check(
        &at("ecr.us-east-1.amazonaws.com/a|pp"),
        expect![[r#"
            [123456789012.dkr.ecr.us-east-1.amazonaws.com/app]
            **warning** [`ecr-needs-aws-auth`](https://github.com/circleci-ls/circleci-ls/blob/main/docs/rules.md#ecr-needs-aws-auth): Add `aws_auth` (access keys or `oidc_role_arn`) to pull this private ECR image.

            CircleCI fetches a fresh ECR token for every job when the image has `aws_auth` (access keys or `oidc_role_arn`).

            **hint** [`unpinned-image`](https://github.com/circleci-ls/circleci-ls/blob/main/docs/rules.md#unpinned-image): Pin a version of `app`: without a tag Docker pulls `latest`, which moves with every push.

            ---

            **`123456789012.dkr.ecr.us-east-1.amazonaws.com/app`** · Docker image

            **Pull:** not authenticated: this entry has no `auth` or `aws_auth`.
        "#]],
    );
}

#[test]
fn a_misspelt_key_has_a_hover() {
    check(
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    steps:\n      - run:\n          comand$0: make\n",
        expect![[r#"
            [comand]
            **warning** [`unknown-key`](https://github.com/circleci-ls/circleci-ls/blob/main/docs/rules.md#unknown-key): Rename `comand` to `command`: unknown key in the `run` step.

            CircleCI rejects a 2.1 config with keys it does not know in jobs, executors, commands, Docker images, workflows and parameter declarations ("extraneous key is not permitted"); a 2.0 config still runs, so there they are warnings.
        "#]],
    );
}

/// Every hover of `text`, at the start of every word.
fn hovers_of(text: &str) -> Vec<String> {
    let analysis = analysis::test_support::analysis(text);
    let mut out = Vec::new();
    let mut previous = ' ';
    for (offset, c) in text.char_indices() {
        if c.is_alphanumeric() && !previous.is_alphanumeric() {
            let ctx = FeatureContext {
                analysis: &analysis,
                last_good: None,
                offset: offset + c.len_utf8(),
            };
            out.extend(super::hover(&ctx).map(|h| h.markdown));
        }
        previous = c;
    }
    out
}

#[test]
fn every_hover_of_the_rule_examples_and_the_orb_fixture_fits() {
    let mut texts: Vec<&str> = vec![ORBS];
    for rule in analysis::rule_registry::all_rules() {
        texts.extend([rule.bad, rule.good]);
    }
    let mut count = 0;
    for text in texts {
        for md in hovers_of(text) {
            count += 1;
            if let Some(problem) = hover_problem(&md) {
                panic!("{problem} in a hover of\n{text}\n---\n{md}");
            }
        }
    }
    assert!(count > 500, "only {count} hovers");
}
