//! `junit`: JUnit XML as CircleCI's `store_test_results` shows it in the Tests tab: a test suite
//! per file and a test case per rule, failed when the rule reported an error there. Warnings
//! and the rest are listed in the case's output without failing it, so a team can keep
//! warnings while the build stays green. <https://circleci.com/docs/collect-test-data/>

use std::collections::HashMap;
use std::io::Write;

use super::FileResult;
use analysis::diagnostics::{Finding, Severity};
use analysis::rule_registry::all_rules;

pub fn write(out: &mut dyn Write, results: &[FileResult]) -> std::io::Result<()> {
    let rules = all_rules();
    let total_failures: usize = results.iter().map(|r| failing_rules(r).len()).sum();
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    writeln!(
        out,
        "<testsuites name=\"circleci-ls\" tests=\"{}\" failures=\"{total_failures}\">",
        results.len() * rules.len()
    )?;
    for r in results {
        let file = xml(&r.path.to_string_lossy());
        let failing = failing_rules(r);
        writeln!(
            out,
            "  <testsuite name=\"{file}\" tests=\"{}\" failures=\"{}\">",
            rules.len(),
            failing.len()
        )?;
        let mut by_rule: HashMap<&str, Vec<&Finding>> = HashMap::new();
        for f in r.findings() {
            by_rule.entry(f.code).or_default().push(f);
        }
        for rule in &rules {
            let found = by_rule
                .get(rule.code)
                .map(Vec::as_slice)
                .unwrap_or_default();
            test_case(
                out,
                r,
                &file,
                rule.code,
                found,
                failing.contains(&rule.code),
            )?;
        }
        out.write_all(b"  </testsuite>\n")?;
    }
    out.write_all(b"</testsuites>\n")
}

/// One rule's test case in one file: passed when it found nothing, else its findings as the
/// failure's text (errors) or as output (the rest).
fn test_case(
    out: &mut dyn Write,
    r: &FileResult,
    file: &str,
    code: &str,
    found: &[&Finding],
    failed: bool,
) -> std::io::Result<()> {
    write!(
        out,
        "    <testcase classname=\"{file}\" name=\"{code}\" file=\"{file}\""
    )?;
    let Some(first) = found.first() else {
        return out.write_all(b"/>\n");
    };
    out.write_all(b">\n")?;
    if failed {
        write!(
            out,
            "      <failure message=\"{}\" type=\"{code}\">",
            xml(&first.message)
        )?;
    } else {
        out.write_all(b"      <system-out>")?;
    }
    for (i, f) in found.iter().enumerate() {
        let (line, col) = r.position(f.span.start);
        let text = format!(
            "{}{}:{line}:{col}: {}[{}] {}",
            if i > 0 { "\n" } else { "" },
            r.path.to_string_lossy(),
            f.severity.as_str(),
            f.code,
            f.message
        );
        out.write_all(xml(&text).as_bytes())?;
    }
    let close = if failed {
        "</failure>"
    } else {
        "</system-out>"
    };
    writeln!(out, "{close}\n    </testcase>")
}

/// The rules that reported an error in the file.
fn failing_rules(r: &FileResult) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = r
        .findings()
        .filter(|f| f.severity == Severity::Error)
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
