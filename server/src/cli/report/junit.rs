//! `junit`: JUnit XML as CircleCI's `store_test_results` shows it in the Tests tab: a test suite
//! per file and a test case per rule, failed when the rule reported an error or warning there.
//! <https://circleci.com/docs/collect-test-data/>

use super::FileResult;
use analysis::diagnostics::Severity;
use analysis::rule_registry::all_rules;

pub fn render(results: &[FileResult]) -> String {
    let rules = all_rules();
    let total_failures: usize = results.iter().map(|r| failing_rules(r).len()).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"circleci-ls\" tests=\"{}\" failures=\"{total_failures}\">\n",
        results.len() * rules.len()
    ));
    for r in results {
        let file = xml(&r.path.to_string_lossy());
        let failing = failing_rules(r);
        out.push_str(&format!(
            "  <testsuite name=\"{file}\" tests=\"{}\" failures=\"{}\">\n",
            rules.len(),
            failing.len()
        ));
        for rule in &rules {
            let found: Vec<_> = r.findings.iter().filter(|f| f.code == rule.code).collect();
            out.push_str(&format!(
                "    <testcase classname=\"{file}\" name=\"{}\" file=\"{file}\"",
                rule.code
            ));
            if found.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            let lines: Vec<String> = found
                .iter()
                .map(|f| {
                    let (line, col) = r.position(f.span.start);
                    format!(
                        "{}:{line}:{col}: {}[{}] {}",
                        r.path.to_string_lossy(),
                        f.severity.as_str(),
                        f.code,
                        f.message
                    )
                })
                .collect();
            let body = xml(&lines.join("\n"));
            if failing.contains(&rule.code) {
                let first = found
                    .first()
                    .map(|f| f.message.as_str())
                    .unwrap_or_default();
                out.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{}\">{body}</failure>\n",
                    xml(first),
                    rule.code
                ));
            } else {
                out.push_str(&format!("      <system-out>{body}</system-out>\n"));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The rules that reported an error or a warning in the file.
fn failing_rules(r: &FileResult) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = r
        .findings
        .iter()
        .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
        .map(|f| f.code)
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Escapes text for an XML attribute or element. Characters XML 1.0 cannot hold at all
/// (most control characters) are written as `\u{..}` instead.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_control_characters() {
        assert_eq!(xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;\\u{1}");
    }
}
