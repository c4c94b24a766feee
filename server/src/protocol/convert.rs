//! Conversions from the analysis' plain types (byte spans) to LSP types.

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use analysis::diagnostics::{Finding, FindingTag, Severity};
use syntax::text::positions::{self, Encoding, LineCol};
use syntax::yaml::Span;

use super::capabilities::ClientCaps;

pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> lsp::Position {
    let lc = positions::position(rope, offset, enc);
    lsp::Position::new(lc.line, lc.col)
}

pub fn range(rope: &Rope, span: Span, enc: Encoding) -> lsp::Range {
    lsp::Range::new(
        position(rope, span.start, enc),
        position(rope, span.end, enc),
    )
}

pub fn offset(rope: &Rope, pos: lsp::Position, enc: Encoding) -> usize {
    positions::offset(
        rope,
        LineCol {
            line: pos.line,
            col: pos.character,
        },
        enc,
    )
}

pub fn span(rope: &Rope, range: lsp::Range, enc: Encoding) -> Span {
    let a = offset(rope, range.start, enc);
    let b = offset(rope, range.end, enc);
    Span::new(a.min(b), a.max(b))
}

pub fn severity(sev: Severity) -> lsp::DiagnosticSeverity {
    match sev {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub const SOURCE: &str = "circleci-ls";

/// Where docs/rules.md is published; each rule has a section whose anchor is its code.
const RULES_DOCS: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// The link to a rule's section of docs/rules.md.
pub fn rule_docs_url(code: &str) -> Option<lsp::Uri> {
    format!("{RULES_DOCS}#{code}").parse().ok()
}

pub fn diagnostic(
    rope: &Rope,
    uri: &lsp::Uri,
    finding: &Finding,
    enc: Encoding,
    caps: &ClientCaps,
) -> lsp::Diagnostic {
    let related = if caps.related_information && !finding.related.is_empty() {
        Some(
            finding
                .related
                .iter()
                .map(|r| lsp::DiagnosticRelatedInformation {
                    location: lsp::Location::new(uri.clone(), range(rope, r.span, enc)),
                    message: r.message.clone(),
                })
                .collect(),
        )
    } else {
        None
    };
    let tags: Vec<lsp::DiagnosticTag> = finding
        .tags
        .iter()
        .filter(|t| caps.diagnostic_tags.contains(t))
        .map(|t| match t {
            FindingTag::Unnecessary => lsp::DiagnosticTag::UNNECESSARY,
            FindingTag::Deprecated => lsp::DiagnosticTag::DEPRECATED,
        })
        .collect();
    lsp::Diagnostic {
        range: range(rope, finding.span, enc),
        severity: Some(severity(finding.severity)),
        code: Some(lsp::NumberOrString::String(finding.code.to_string())),
        code_description: caps
            .code_description
            .then(|| rule_docs_url(finding.code))
            .flatten()
            .map(|href| lsp::CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        related_information: related,
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}

/// Turns an LSP snippet into the plain text a client without snippet support inserts:
/// `${1:x}` becomes `x`, `$1` and `$0` disappear, `\$` becomes `$`.
pub fn snippet_to_plain(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' => after_dollar(&mut chars, &mut out),
            _ => out.push(c),
        }
    }
    out
}

type SnippetChars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After a `$`: a tab stop disappears, a placeholder leaves its default text and a choice its
/// first option; any other `$` is literal.
fn after_dollar(chars: &mut SnippetChars<'_>, out: &mut String) {
    match chars.peek() {
        Some(d) if d.is_ascii_digit() => skip_digits(chars),
        Some('{') => {
            chars.next();
            skip_digits(chars);
            match chars.next() {
                Some(':') => placeholder_text(chars, out),
                Some('|') => first_choice(chars, out),
                _ => {}
            }
        }
        _ => out.push('$'),
    }
}

fn skip_digits(chars: &mut SnippetChars<'_>) {
    while chars.peek().is_some_and(char::is_ascii_digit) {
        chars.next();
    }
}

/// Copies a placeholder's default text up to its closing brace. The stack says, for each
/// open brace, whether it was literal text (kept) or a nested placeholder (dropped).
fn placeholder_text(chars: &mut SnippetChars<'_>, out: &mut String) {
    let mut open: Vec<bool> = Vec::new();
    while let Some(d) = chars.next() {
        match d {
            '\\' => out.extend(chars.next()),
            '{' => {
                open.push(true);
                out.push(d);
            }
            '}' => match open.pop() {
                None => break,
                Some(true) => out.push(d),
                Some(false) => {}
            },
            '$' if chars.peek() == Some(&'{') => {
                // A nested placeholder: keep its default text only.
                chars.next();
                open.push(false);
                skip_digits(chars);
                if chars.peek() == Some(&':') {
                    chars.next();
                }
            }
            _ => out.push(d),
        }
    }
}

/// Copies the first option of a choice (`${1|a,b|}`) and skips the rest.
fn first_choice(chars: &mut SnippetChars<'_>, out: &mut String) {
    let mut done = false;
    for d in chars.by_ref() {
        if d == '}' {
            break;
        }
        if d == ',' || d == '|' {
            done = true;
        }
        if !done {
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_links_to_its_section_of_the_docs() {
        let docs = crate::cli::rules_markdown();
        for rule in analysis::rule_registry::all_rules() {
            let url = rule_docs_url(rule.code).map(|u| u.to_string());
            assert_eq!(
                url.as_deref()
                    .and_then(|u| u.rsplit_once('#'))
                    .map(|(_, a)| a),
                Some(rule.code)
            );
            // GitHub's anchor for a `## code` heading is the code itself.
            assert!(
                docs.contains(&format!("\n## {}\n", rule.code)),
                "{}",
                rule.code
            );
        }
    }

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(
            snippet_to_plain("auth:\n  username: ${1:\\$DOCKERHUB_USERNAME}\n  password: $2$0"),
            "auth:\n  username: $DOCKERHUB_USERNAME\n  password: "
        );
        assert_eq!(
            snippet_to_plain("when: ${1|always,on_fail|}"),
            "when: always"
        );
        assert_eq!(snippet_to_plain("a: ${1:x ${2:y}} b"), "a: x y b");
        assert_eq!(snippet_to_plain("price $"), "price $");
    }
}
