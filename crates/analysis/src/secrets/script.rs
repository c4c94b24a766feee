//! Literal secrets in shell scripts: `export NAME=value` (and plain `NAME=value` at the start
//! of a command) for a credential-named variable, `aws configure set
//! aws_secret_access_key value`, and passwords given to tools on their command line:
//! `curl -u user:pass`, `mysql -pPASS` (or `--password=PASS`) and `sshpass -p PASS`.

use std::sync::LazyLock;

use regex::Regex;

use super::{names, Hit};
use crate::diagnostics::Severity;
use syntax::text::references;
use syntax::yaml::Span;

/// The value after a name: double-quoted, single-quoted or bare.
const VALUE: &str = r#"(?:"(?P<dq>[^"\n]*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s;&|)'"`]+))"#;

/// A pattern of `head` followed by a value.
fn with_value(head: &[&str]) -> Option<Regex> {
    Regex::new(&format!("{}{VALUE}", head.concat())).ok()
}

/// An assignment at the start of a command: after a line start, `;`, `&`, `|`, `(`, `{`,
/// `then`, `do` or `else`, optionally after `export`, `local`, `declare` or `readonly`.
static ASSIGNMENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    with_value(&[
        r"(?m)(?:^|[;&|({]|\bthen|\bdo|\belse)[ \t]*",
        r"(?:(?:export|local|declare|readonly)[ \t]+(?:-[A-Za-z]+[ \t]+)*)?",
        r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)=",
    ])
});

/// `aws configure set [--profile p] [profile.]aws_secret_access_key VALUE`.
static AWS_CONFIGURE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    with_value(&[
        r"\baws[ \t]+configure[ \t]+set[ \t]+(?:--profile[ \t]+\S+[ \t]+)?",
        r"(?:[A-Za-z0-9_-]+\.)?(?P<key>aws_secret_access_key|aws_access_key_id|aws_session_token)",
        r"[ \t]+",
    ])
});

/// A password on a tool's command line, in `pw` (or the value groups).
static TOOL_PASSWORD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?P<curl>\bcurl\b[^\n]*?[ \t](?:-u|--user)[ \t=]*["']?[^\s:"'$]+:(?P<cpw>[^\s"']+))"#,
        r#"|(?P<mysql>\bmysql(?:admin|dump)?\b[^\n]*?[ \t](?:-p|--password=)(?P<mpw>[^\s;&|"'`]+))"#,
        r#"|(?P<sshpass>\bsshpass[ \t]+-p[ \t]*(?P<spw>[^\s;&|"'`]+))"#,
    ))
    .ok()
});

/// The quoted or bare value a pattern captured.
fn value<'s>(caps: &regex::Captures<'s>) -> Option<regex::Match<'s>> {
    caps.name("dq")
        .or_else(|| caps.name("sq"))
        .or_else(|| caps.name("bare"))
}

/// True when a shell word is written out: no variable, command substitution or parameter.
fn is_literal_word(v: &str) -> bool {
    !v.contains('$') && !v.contains('`') && references::is_literal(v)
}

/// Every literal secret assigned or configured in `script`.
pub fn find(script: &str) -> Vec<Hit> {
    // Scripts without `=` or `aws` cannot hold either form; most scripts are skipped here.
    let has_assignment = script.contains('=');
    let has_aws = script.contains("aws");
    let mut hits = Vec::new();
    if has_assignment {
        if let Some(re) = ASSIGNMENT.as_ref() {
            for caps in re.captures_iter(script) {
                let (Some(name), Some(v)) = (caps.name("name"), value(&caps)) else {
                    continue;
                };
                let Some(cred) = names::credential(name.as_str()) else {
                    continue;
                };
                if !is_literal_word(v.as_str())
                    || names::is_placeholder(v.as_str())
                    || names::is_local_service(name.as_str())
                {
                    continue;
                }
                hits.push(Hit {
                    span: Span::new(v.start(), v.end()),
                    what: cred.what,
                    var: name.as_str().to_string(),
                    severity: cred.severity,
                });
            }
        }
    }
    if has_aws {
        if let Some(re) = AWS_CONFIGURE.as_ref() {
            for caps in re.captures_iter(script) {
                let (Some(key), Some(v)) = (caps.name("key"), value(&caps)) else {
                    continue;
                };
                if !is_literal_word(v.as_str()) || names::is_placeholder(v.as_str()) {
                    continue;
                }
                let (what, severity) = match key.as_str() {
                    "aws_access_key_id" => ("AWS access key id", Severity::Warning),
                    "aws_session_token" => ("AWS session token", Severity::Error),
                    _ => ("AWS secret access key", Severity::Error),
                };
                hits.push(Hit {
                    span: Span::new(v.start(), v.end()),
                    what,
                    var: key.as_str().to_ascii_uppercase(),
                    severity,
                });
            }
        }
    }
    tool_passwords(script, &mut hits);
    hits.sort_by_key(|h| (h.span.start, h.span.end));
    hits
}

/// Passwords given to `curl`, `mysql` and `sshpass` as written-out arguments.
fn tool_passwords(script: &str, hits: &mut Vec<Hit>) {
    if !["curl", "mysql", "sshpass"]
        .iter()
        .any(|t| script.contains(t))
    {
        return;
    }
    let Some(re) = TOOL_PASSWORD.as_ref() else {
        return;
    };
    for caps in re.captures_iter(script) {
        let (pw, var) = if let Some(m) = caps.name("cpw") {
            (m, "HTTP_PASSWORD")
        } else if let Some(m) = caps.name("mpw") {
            (m, "MYSQL_PASSWORD")
        } else if let Some(m) = caps.name("spw") {
            (m, "SSH_PASSWORD")
        } else {
            continue;
        };
        if !is_literal_word(pw.as_str()) || names::is_placeholder(pw.as_str()) {
            continue;
        }
        hits.push(Hit {
            span: Span::new(pw.start(), pw.end()),
            what: "password",
            var: var.to_string(),
            severity: Severity::Error,
        });
    }
}
