//! Hover on a flagged span (a value with a finding, a misspelt key): what the finding says,
//! the rule's short explanation and a link to the rule's documentation. It comes first in the
//! hover, the most severe finding first, since it is what the user came to read.

use analysis::diagnostics::Finding;
use analysis::rule_registry::find_rule;
use syntax::yaml::Span;

use super::layout;
use crate::FeatureContext;

/// Findings under the cursor explained in full; the others get one line each.
const EXPLAINED: usize = 1;

/// The most findings listed in one hover.
const LISTED: usize = 3;

/// The rule's section of docs/rules.md in the repository.
pub fn rule_docs_url(code: &str) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{code}",
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// The findings under the cursor, explained; `None` when there are none.
pub fn explain(ctx: &FeatureContext<'_>) -> Option<(Span, String)> {
    let mut here = flagged_at(ctx);
    here.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let first = here.first()?;
    let mut blocks = Vec::new();
    for (i, f) in here.iter().take(LISTED).enumerate() {
        blocks.push(headline(f));
        if i < EXPLAINED {
            if let Some(text) = short_explanation(f.code) {
                blocks.push(text);
            }
        }
    }
    if here.len() > LISTED {
        blocks.push(format!("And {} more findings here.", here.len() - LISTED));
    }
    Some((first.span, blocks.join("\n\n")))
}

/// Findings whose span holds the offset, on the span's line: a finding on a whole mapping
/// explains itself on its first line, not on every line inside it.
fn flagged_at<'a>(ctx: &FeatureContext<'a>) -> Vec<&'a Finding> {
    let analysis = ctx.analysis;
    let offset = ctx.offset;
    let line = analysis.lines.line_of(offset);
    analysis
        .findings
        .iter()
        .filter(|f| f.span.touches(offset) && analysis.lines.line_of(f.span.start) == line)
        .collect()
}

/// `**warning** [`code`](docs): message`.
fn headline(f: &Finding) -> String {
    format!(
        "**{}** [`{}`]({}): {}",
        f.severity.as_str(),
        f.code,
        rule_docs_url(f.code),
        f.message
    )
}

/// The first sentence of the rule's explanation, cut to a few lines.
fn short_explanation(code: &str) -> Option<String> {
    let rule = find_rule(code)?;
    let first = first_sentence(rule.explanation.trim());
    (!first.is_empty()).then(|| layout::cut_words(first, 3 * layout::WRAP_COLUMNS))
}

/// Text up to the first `. ` that ends a sentence outside code spans.
fn first_sentence(text: &str) -> &str {
    let mut in_code = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b'.' if !in_code => {
                let next = bytes.get(i + 1).copied();
                let after = bytes.get(i + 2).copied();
                let ends = matches!(next, None | Some(b'\n'))
                    || (next == Some(b' ')
                        && after.is_some_and(|c| c.is_ascii_uppercase() || c == b'`'));
                if ends {
                    return text.get(..=i).unwrap_or(text);
                }
            }
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::Fixture;

    fn explained(fixture: &str) -> Option<String> {
        let f = Fixture::new(fixture);
        explain(&f.ctx()).map(|(span, md)| format!("[{}]\n{md}", span.text(&f.text)))
    }

    #[test]
    fn sentences_end_outside_code_and_abbreviations() {
        assert_eq!(first_sentence("Use `a. B` here. Then"), "Use `a. B` here.");
        assert_eq!(
            first_sentence("Version 2.1 is. next"),
            "Version 2.1 is. next"
        );
        assert_eq!(first_sentence("One line."), "One line.");
    }

    #[test]
    fn a_misspelt_key_is_explained_with_its_rule_and_link() {
        let md = explained("version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    stpes$0: [checkout]\n")
            .unwrap_or_default();
        assert!(
            md.starts_with("[stpes]\n**error** [`unknown-key`]("),
            "{md}"
        );
        assert!(md.contains("docs/rules.md#unknown-key"), "{md}");
        assert!(
            md.contains("`steps`"),
            "the message names the near miss: {md}"
        );
        assert!(
            md.contains("CircleCI rejects"),
            "the rule's explanation: {md}"
        );
    }

    #[test]
    fn the_most_severe_finding_comes_first() {
        let md = explained(
            "version: 2.1\njobs:\n  build:\n    docker:\n      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/a$0pp\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n",
        )
        .unwrap_or_default();
        let ecr = md.find("ecr-needs-aws-auth");
        let pin = md.find("unpinned-image");
        assert!(ecr.is_some() && pin.is_some() && ecr < pin, "{md}");
    }

    #[test]
    fn a_finding_over_several_lines_is_explained_on_its_first_line_only() {
        let text = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    environment:\n      KEY: |\n        -----BEGIN RSA PRIVATE KEY-----\n        MIIEpAIBAAKCAQEA1234567890abcdefghij\n        -----END RSA PRIVATE KEY-----\n    steps: [checkout]\nworkflows:\n  w:\n    jobs: [build]\n";
        let first = explained(&text.replace("BEGIN", "BE$0GIN")).unwrap_or_default();
        assert!(first.contains("`literal-secret`"), "{first}");
        let (_, shown) = first.split_once("-----]\n").unwrap_or_default();
        assert!(!shown.contains("MIIE"), "the secret is not shown: {shown}");
        assert_eq!(explained(&text.replace("END RSA", "E$0ND RSA")), None);
    }
}
