//! Well-known token shapes, recognised in any value whatever its key: AWS access key ids,
//! GitHub tokens, Slack tokens and webhook URLs, PEM private keys, and passwords written
//! inside URLs (`postgres://user:pass@db.example.com`).
//!
//! Shapes follow the providers' published formats: AWS key ids are a four-letter prefix
//! (`AKIA` long-term, `ASIA` temporary) and 16 upper-case letters or digits; GitHub tokens
//! are `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` and 36 letters or digits, or `github_pat_` and a
//! longer body; Slack tokens start `xoxb-`, `xoxp-`, `xoxa-`, `xoxo-`, `xoxr-` or `xoxs-`.
//! A PEM header alone is not a key (configs write it to rebuild a key from a variable), so a
//! private key needs key material after its header. Slack webhook URLs are
//! `https://hooks.slack.com/services/` and three path parts (workspace, channel, secret).
//! A password in a URL whose host is local (`localhost`, `127.0.0.1`, or a single-label
//! name such as a compose service `db`) reaches a container the job starts, so it is not one.

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
        r"|(?P<webhook>https://hooks\.slack\.com/services/T[A-Za-z0-9]+/B[A-Za-z0-9]+/[A-Za-z0-9]{8,})",
        r"|(?P<url>\b[a-z][a-z0-9+.-]*://(?P<user>[^\s:/@]+):(?P<urlpass>[^\s/@]+)@(?P<host>[^\s/:?#@]+))",
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
    // Most values hold no token: the plain test allocates nothing, the captures do.
    if !re.is_match(s) {
        return Vec::new();
    }
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
        } else if let Some(m) = caps.name("webhook") {
            (m, "Slack webhook URL", "SLACK_WEBHOOK", Severity::Error)
        } else if let (Some(user), Some(m), Some(host)) =
            (caps.name("user"), caps.name("urlpass"), caps.name("host"))
        {
            if !is_url_password(user.as_str(), m.as_str(), host.as_str()) {
                continue;
            }
            (m, "password in a URL", "URL_PASSWORD", Severity::Error)
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

/// True when `pass`, written in a URL to `host`, is an account's password: written out with
/// its user (`https://${TOKEN}:x-oauth-basic@github.com` keeps the secret in the variable),
/// not a stand-in, and for a host outside the job.
fn is_url_password(user: &str, pass: &str, host: &str) -> bool {
    let literal = |s: &str| !s.contains(['$', '{', '<', '%']);
    let written = literal(user) && literal(pass) && !super::names::is_placeholder(pass);
    let local =
        host == "localhost" || host.starts_with("127.") || host == "0.0.0.0" || !host.contains('.');
    written && !local
}
