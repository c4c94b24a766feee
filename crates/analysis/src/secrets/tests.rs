//! The secret rules through the whole analysis, with made-up values of the right shapes, and
//! the redaction helper. Applying a fix must give valid YAML without that finding.

use std::sync::Arc;

use expect_test::{expect, Expect};

use super::{redact, redact_named, script, shapes};
use crate::analyze;
use crate::diagnostics::{Finding, TextEdit};

use crate::settings::Settings;

/// 1-based line and column (in characters) of a byte offset, as the CLI shows them.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    syntax::text::lines::LineIndex::new(text).human_position(text, at)
}
use syntax::yaml;

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
            let fixed = TextEdit::apply_all(text, &fix.edits);
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
                out.push_str(&format!(
                    "    {:?} -> {:?}\n",
                    &text[e.span.start..e.span.end],
                    e.new_text
                ));
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
            warning 6:26-6:46 "AKIAQWERTYUIOPASDFGH": Define this variable in a project or context variable: it holds a literal AWS access key id.
              fix: Remove AWS_ACCESS_KEY_ID from the config
                "      AWS_ACCESS_KEY_ID: AKIAQWERTYUIOPASDFGH\n" -> ""
            error 7:30-7:70 "wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz": Define this variable in a project or context variable: it holds a literal secret access key.
              fix: Remove AWS_SECRET_ACCESS_KEY from the config
                "      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz\n" -> ""
            error 8:21-8:61 "ghp_0123456789abcdefghijklmnopqrstuvwxyz": Define `GITHUB_TOKEN` in a project or context variable: `environment.GITHUB_TOKEN` holds a literal GitHub token.
              fix: Remove GITHUB_TOKEN from the config
                "GITHUB_TOKEN: ghp_0123456789abcdefghijklmnopqrstuvwxyz" -> ""
            error 9:22-9:36 "hunter2hunter2": Define `NPM_PASSWORD` in a project or context variable: `environment.NPM_PASSWORD` holds a literal password.
              fix: Remove NPM_PASSWORD from the config
                "      NPM_PASSWORD: 'hunter2hunter2'\n" -> ""
            error 19:26-19:46 "sqp_madeup0123456789": Define `SONAR_TOKEN` in a project or context variable: `environment.SONAR_TOKEN` holds a literal token.
              fix: Remove SONAR_TOKEN from the config
                "          environment:\n            SONAR_TOKEN: sqp_madeup0123456789\n" -> ""
        "#]],
    );
}

#[test]
fn secrets_in_scripts() {
    let text = format!(
        r#"version: 2.1
jobs:
  build:
    machine: true
    steps:
      - run: |
          export GITHUB_TOKEN={GITHUB}
          export NPM_TOKEN="npm_madeup0123456789"
          aws configure set aws_secret_access_key wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz
          aws configure set aws_access_key_id $AWS_ACCESS_KEY_ID
          export API_URL=https://api.example.com
          export GH_TOKEN=$(./scripts/app-token.sh)
          curl -H "Authorization: token {GITHUB}" https://api.github.com
          echo '{SLACK}'
      - run: DEPLOY_PASSWORD=Tr0ub4dor3 ./deploy.sh
"#
    );
    check(
        &text,
        expect![[r#"
            error 7:31-7:71 "ghp_0123456789abcdefghijklmnopqrstuvwxyz": Store the GitHub token in a project or context variable and use `$GITHUB_TOKEN`: this script holds a literal.
              fix: Replace the literal with $GITHUB_TOKEN
                "ghp_0123456789abcdefghijklmnopqrstuvwxyz" -> "$GITHUB_TOKEN"
            error 8:29-8:49 "npm_madeup0123456789": Store the token in a project or context variable and use `$NPM_TOKEN`: this script holds a literal.
              fix: Replace the literal with $NPM_TOKEN
                "npm_madeup0123456789" -> "$NPM_TOKEN"
            error 9:51-9:91 "wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz": Store the AWS secret access key in a project or context variable: this script holds a literal.
              fix: Replace the literal with $AWS_SECRET_ACCESS_KEY
                "wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz" -> "$AWS_SECRET_ACCESS_KEY"
            error 13:41-13:81 "ghp_0123456789abcdefghijklmnopqrstuvwxyz": Store the GitHub token in a project or context variable and use `$GITHUB_TOKEN`: this script holds a literal.
              fix: Replace the literal with $GITHUB_TOKEN
                "ghp_0123456789abcdefghijklmnopqrstuvwxyz" -> "$GITHUB_TOKEN"
            error 14:17-14:62 "xoxb-1111111111-2222222222-madeupmadeupmadeup": Store the Slack token in a project or context variable and use `$SLACK_TOKEN`: this script holds a literal.
            error 15:30-15:40 "Tr0ub4dor3": Store the password in a project or context variable and use `$DEPLOY_PASSWORD`: this script holds a literal.
              fix: Replace the literal with $DEPLOY_PASSWORD
                "Tr0ub4dor3" -> "$DEPLOY_PASSWORD"
        "#]],
    );
}

#[test]
fn parameter_defaults_holding_a_password() {
    check(
        r#"version: 2.1
parameters:
  registry-password:
    type: string
    default: "s3cr3t-Pa55"
commands:
  deploy:
    parameters:
      password:
        type: string
        default: Tr0ub4dor3
      token-variable:
        type: env_var_name
        default: DEPLOY_TOKEN
      api_key:
        type: string
        default: DEPLOY_API_KEY
      region:
        type: string
        default: us-east-1
    steps:
      - run: ./deploy.sh << parameters.password >> $<< parameters.token-variable >> << parameters.region >> << parameters.api_key >>
jobs:
  build:
    machine: true
    steps:
      - deploy
workflows:
  main:
    jobs: [build]
"#,
        expect![[r#"
            error 5:15-5:26 "s3cr3t-Pa55": Store the password in a project or context variable: the default of `registry-password` holds a literal.
              fix: Replace the literal with $REGISTRY_PASSWORD
                "s3cr3t-Pa55" -> "$REGISTRY_PASSWORD"
            error 11:18-11:28 "Tr0ub4dor3": Store the password in a project or context variable and use `$PASSWORD`: the default of `password` holds a literal.
              fix: Replace the literal with $PASSWORD
                "Tr0ub4dor3" -> "$PASSWORD"
        "#]],
    );
}

#[test]
fn token_shapes_in_any_value() {
    let text = format!(
        "version: 2.1
orbs:
  slack: circleci/slack@4.12.5
jobs:
  build:
    machine: true
    steps:
      - slack/notify:
          webhook: https://hooks.example.com/{SLACK}
          custom: '{{\"token\": \"{GITHUB}\"}}'
      - add_ssh_keys:
          fingerprints:
            - {AWS_ID}
      - run:
          name: Write the key
          command: echo \"$KEY\" > key
          environment:
            DEPLOY_KEY: |
              -----BEGIN OPENSSH PRIVATE KEY-----
              b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
              -----END OPENSSH PRIVATE KEY-----
      - run: |
          (echo \"-----BEGIN OPENSSH PRIVATE KEY-----\";
           echo $GITHUB_ED25519 | fold -w 71;
           echo \"-----END OPENSSH PRIVATE KEY-----\") > ~/.ssh/id_ed25519
      - run: echo AKIAIOSFODNN7EXAMPLE
"
    );
    check(
        &text,
        expect![[r#"
            error 9:46-9:91 "xoxb-1111111111-2222222222-madeupmadeupmadeup": Store the Slack token in a project or context variable and use `$SLACK_TOKEN`: this value holds a literal.
              fix: Replace the literal with $SLACK_TOKEN
                "xoxb-1111111111-2222222222-madeupmadeupmadeup" -> "$SLACK_TOKEN"
            error 10:31-10:71 "ghp_0123456789abcdefghijklmnopqrstuvwxyz": Store the GitHub token in a project or context variable and use `$GITHUB_TOKEN`: this value holds a literal.
              fix: Replace the literal with $GITHUB_TOKEN
                "ghp_0123456789abcdefghijklmnopqrstuvwxyz" -> "$GITHUB_TOKEN"
            warning 13:15-13:35 "AKIAQWERTYUIOPASDFGH": Store the AWS access key id in a project or context variable and use `$AWS_ACCESS_KEY_ID`: this value holds a literal.
              fix: Replace the literal with $AWS_ACCESS_KEY_ID
                "AKIAQWERTYUIOPASDFGH" -> "$AWS_ACCESS_KEY_ID"
            error 19:15-21:48 "-----BEGIN OPENSSH PRIVATE KEY-----\n              b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n              -----END OPENSSH PRIVATE KEY-----": Define `DEPLOY_KEY` in a project or context variable: `environment.DEPLOY_KEY` holds a literal private key.
              fix: Remove DEPLOY_KEY from the config
                "          environment:\n            DEPLOY_KEY: |\n              -----BEGIN OPENSSH PRIVATE KEY-----\n              b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n              -----END OPENSSH PRIVATE KEY-----\n" -> ""
        "#]],
    );
}

#[test]
fn shapes_and_script_forms() {
    let shown = |s: &str| -> Vec<String> {
        shapes::find(s)
            .into_iter()
            .chain(script::find(s))
            .map(|h| format!("{} {} {}", &s[h.span.start..h.span.end], h.what, h.var))
            .collect()
    };
    assert_eq!(
        shown(&format!("x {AWS_ID} y")),
        [format!("{AWS_ID} AWS access key id AWS_ACCESS_KEY_ID")]
    );
    assert!(shown("AKIAIOSFODNN7EXAMPLE").is_empty());
    assert!(shown(&format!("x{AWS_ID}")).is_empty());
    assert_eq!(
        shown(GITHUB),
        [format!("{GITHUB} GitHub token GITHUB_TOKEN")]
    );
    assert!(shown("ghp_short").is_empty());
    assert!(shown("-----BEGIN RSA PRIVATE KEY-----").is_empty());
    assert!(shown("export GITHUB_TOKEN=\"\"").is_empty());
    assert!(shown("export GITHUB_TOKEN=${GH}").is_empty());
    assert!(shown("export GITHUB_TOKEN=`cat t`").is_empty());
    assert!(shown("export TOKEN_FILE=/tmp/t").is_empty());
    assert!(shown("PGPASSWORD=test psql").is_empty());
    assert_eq!(
        shown("if x; then export MY_SECRET=abc123; fi"),
        ["abc123 secret MY_SECRET"]
    );
    assert_eq!(
        shown("aws configure set --profile ci default.aws_secret_access_key 'abc/123'"),
        ["abc/123 AWS secret access key AWS_SECRET_ACCESS_KEY"]
    );
}

#[test]
fn redaction() {
    assert_eq!(
        redact("docker login -u me -p hunter2"),
        "docker login -u me -p ••••"
    );
    assert_eq!(
        redact("docker login -u me --password=hunter2 x.io"),
        "docker login -u me --password=•••• x.io"
    );
    assert_eq!(
        redact(&format!("export TOKEN={GITHUB}")),
        "export TOKEN=••••"
    );
    assert_eq!(
        redact("export TOKEN=$GH_TOKEN && make"),
        "export TOKEN=$GH_TOKEN && make"
    );
    assert_eq!(
        redact(&format!("curl -u x:{GITHUB} url")),
        "curl -u x:•••• url"
    );
    assert_eq!(redact("make test"), "make test");
    assert_eq!(redact_named("password", "hunter2"), "••••");
    assert_eq!(
        redact_named("docker-password", "DOCKER_PASSWORD"),
        "DOCKER_PASSWORD"
    );
    assert_eq!(
        redact_named("password", "$DOCKER_PASSWORD"),
        "$DOCKER_PASSWORD"
    );
    assert_eq!(redact_named("region", "us-east-1"), "us-east-1");
    assert_eq!(
        redact_named("header", &format!("token {GITHUB}")),
        "token ••••"
    );
}
