//! Editor features never echo a literal secret.

use analysis::analyze;
use analysis::settings::Settings;
use std::sync::Arc;
const GITHUB: &str = "ghp_0123456789abcdefghijklmnopqrstuvwxyz";
const SLACK: &str = "xoxb-1111111111-2222222222-madeupmadeupmadeup";

/// Everything the outline shows, one line per symbol.
fn outline(symbols: &[crate::symbols::Symbol], out: &mut Vec<String>) {
    for s in symbols {
        out.push(format!(
            "{} ({})",
            s.name,
            s.detail.as_deref().unwrap_or("")
        ));
        outline(&s.children, out);
    }
}

#[test]
fn outline_hover_and_completion_never_echo_a_secret() {
    use crate::{completion, hover, symbols, FeatureContext};

    let text = format!(
        "version: 2.1
commands:
  deploy:
    parameters:
      password:
        type: string
        default: Tr0ub4dor3
      header:
        type: string
        default: 'token {GITHUB}'
    steps:
      - run: ./deploy.sh << parameters.password >> '<< parameters.header >>'
jobs:
  build:
    machine: true
    steps:
      - run: docker login -u me -p hunter2
      - run: export TOKEN={GITHUB}
      - run:
          name: Notify with {SLACK}
          command: echo done
      - deploy:
          pass
workflows:
  main:
    jobs: [build]
"
    );
    let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
    let secrets = ["Tr0ub4dor3", GITHUB, "hunter2", SLACK];

    let mut lines = Vec::new();
    outline(&symbols::document_symbols(&analysis), &mut lines);
    let steps: Vec<&String> = lines.iter().filter(|l| l.starts_with("run:")).collect();
    assert_eq!(
        steps,
        [
            "run: ./deploy.sh << parameters.password >> '<< parameters.header … ()",
            "run: docker login -u me -p •••• ()",
            "run: export TOKEN=•••• ()",
            "run: Notify with •••• ()",
        ]
    );

    for offset in 0..=text.len() {
        if !text.is_char_boundary(offset) {
            continue;
        }
        let ctx = FeatureContext {
            analysis: &analysis,
            last_good: None,
            offset,
        };
        let shown = format!("{:?} {:?}", hover::hover(&ctx), completion::complete(&ctx));
        for secret in secrets {
            assert!(
                !shown.contains(secret),
                "offset {offset} shows a secret: {shown}"
            );
        }
    }
    let at = text.find("parameters.password").unwrap_or(0) + 12;
    let ctx = FeatureContext {
        analysis: &analysis,
        last_good: None,
        offset: at,
    };
    let hover = format!("{:?}", hover::hover(&ctx));
    assert!(hover.contains("default `••••`"), "{hover}");
    let header_at = text.find("parameters.header").unwrap_or(0) + 12;
    let ctx = FeatureContext {
        analysis: &analysis,
        last_good: None,
        offset: header_at,
    };
    let hover = format!("{:?}", hover::hover(&ctx));
    assert!(hover.contains("default `token ••••`"), "{hover}");

    for f in &analysis.findings {
        for secret in secrets {
            assert!(!f.message.contains(secret), "{}", f.message);
        }
    }
}
