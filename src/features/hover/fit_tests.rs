//! Hovers that fit: the essentials (what it is, what it needs, the one thing to do) come first
//! in a few lines; details follow a `---` rule, so a small hover window shows what matters.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::hover;
use crate::analysis::analyze;
use crate::features::FeatureContext;
use crate::settings::Settings;

/// Lines a hover window about 80 columns wide shows for `markdown`; blank lines only space
/// paragraphs.
fn shown_lines(markdown: &str) -> usize {
    markdown
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.chars().count().div_ceil(80))
        .sum()
}

/// The part above the first `---` rule.
fn essentials(markdown: &str) -> &str {
    markdown.split("\n---\n").next().unwrap_or(markdown)
}

const ESSENTIAL_LINES: usize = 8;
const ALL_LINES: usize = 24;

/// Every distinct hover of `text`, by its first line, for the first token of every line.
fn hovers(text: &str, out: &mut BTreeMap<String, String>) {
    let analysis = analyze(Arc::from(text), &Settings::default());
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '-']);
        // The value when the line has one, else the key or item: one hover per line.
        let key_at = offset + line.len() - body.len();
        let ctx = FeatureContext {
            analysis: &analysis,
            last_good: Some(&analysis),
            offset: key_at + body.find(": ").map_or(0, |i| i + 2),
        };
        if let Some(h) = hover(&ctx) {
            let title = h.markdown.lines().next().unwrap_or("").to_string();
            out.entry(title).or_insert(h.markdown);
        }
        offset += line.len();
    }
}

#[test]
fn hovers_put_the_essentials_first() {
    let mut all = BTreeMap::new();
    let Some(files) = crate::test_support::corpus() else {
        return;
    };
    for crate::test_support::CorpusFile { text, .. } in &files {
        hovers(text, &mut all);
    }
    hovers(
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20\n      - image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1\n        auth:\n          username: AWS\n          password: $ECR\n      - image: quay.io/a/b:1\n        aws_auth:\n          oidc_role_arn: $ROLE\n          aws_access_key_id: $K\n          aws_secret_access_key: $S\n    steps:\n      - run: docker pull redis:7\n",
        &mut all,
    );
    let mut problems = Vec::new();
    for (title, md) in &all {
        let first = shown_lines(essentials(md));
        let total = shown_lines(md);
        if first > ESSENTIAL_LINES || total > ALL_LINES {
            problems.push(format!("{first}/{total} lines: {title}"));
        }
    }
    assert!(all.len() > 50, "only {} hovers", all.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
