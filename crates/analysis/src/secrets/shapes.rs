//! Well-known token shapes, recognised in any value whatever its key: AWS access key ids,
//! GitHub tokens, Slack tokens and PEM private keys.
//!
//! Shapes follow the providers' published formats: AWS key ids are a four-letter prefix
//! (`AKIA` long-term, `ASIA` temporary) and 16 upper-case letters or digits; GitHub tokens
//! are `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` and 36 letters or digits, or `github_pat_` and a
//! longer body; Slack tokens start `xoxb-`, `xoxp-`, `xoxa-`, `xoxo-`, `xoxr-` or `xoxs-`.
//! A PEM header alone is not a key (configs write it to rebuild a key from a variable), so a
//! private key needs key material after its header.

use std::sync::LazyLock;

use regex::Regex;

use super::Hit;
use crate::diagnostics::Severity;
use syntax::yaml::Span;

/// One pass finds every shape: the alternatives are tried at each position together.
static SHAPES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<aws>\b(?:AKIA|ASIA)[A-Z0-9]{16}\b)",
        r"|(?P<github>\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{40,}\b)",
        r"|(?P<slack>\bxox[abposr]-[A-Za-z0-9-]{10,})",
        r"|(?P<key>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\s|\\n)+",
        r"(?:[A-Za-z-]+: [^\n]*(?:\n|\\n)+)*",
        r"[A-Za-z0-9+/=]{16}(?s:.*?)",
        r"(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\z))",
    ))
    .ok()
});

/// Every token of a known shape in `s`.
pub fn find(s: &str) -> Vec<Hit> {
    let Some(re) = SHAPES.as_ref() else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for caps in re.captures_iter(s) {
        let (m, what, var, severity) = if let Some(m) = caps.name("aws") {
            (
                m,
                "AWS access key id",
                "AWS_ACCESS_KEY_ID",
                Severity::Warning,
            )
        } else if let Some(m) = caps.name("github") {
            (m, "GitHub token", "GITHUB_TOKEN", Severity::Error)
        } else if let Some(m) = caps.name("slack") {
            (m, "Slack token", "SLACK_TOKEN", Severity::Error)
        } else if let Some(m) = caps.name("key") {
            (m, "private key", "PRIVATE_KEY", Severity::Error)
        } else {
            continue;
        };
        // AWS documents its examples with ids ending in EXAMPLE; they are not keys.
        if m.as_str().contains("EXAMPLE") {
            continue;
        }
        hits.push(Hit {
            span: Span::new(m.start(), m.end()),
            what,
            var: var.to_string(),
            severity,
        });
    }
    hits
}
