//! Data-driven tests of the model: fixtures are small configs, `$0` marks a cursor.

mod definitions;
mod index;
mod job_groups;
mod parameter_types;
mod parameter_values;
mod requires_cycles;
mod rules;
mod step_keys;
mod undefined;
mod unused;

use std::fmt::Write;

use expect_test::Expect;

use super::index::{Model, Target};
use crate::diagnostics::Finding;
use syntax::yaml::{self, ParsedYaml, Span};

/// `line:col` (both 1-based, col in bytes) of an offset.
pub(crate) fn line_col(text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{line}:{col}")
}

/// A span as `line:col "text"`.
pub(crate) fn show_span(text: &str, span: Span) -> String {
    format!("{} {:?}", line_col(text, span.start), span.text(text))
}

pub(crate) fn parse(text: &str) -> ParsedYaml {
    yaml::parse(text)
}

/// Findings of this module's rules, one per line, with fixes indented below.
pub(crate) fn render_findings(text: &str, findings: &[Finding]) -> String {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| (f.span.start, f.span.end, f.code));
    let mut out = String::new();
    for f in sorted {
        let _ = writeln!(
            out,
            "{} {} {}: {}",
            f.code,
            f.severity.as_str(),
            show_span(text, f.span),
            f.message
        );
        for r in &f.related {
            let _ = writeln!(out, "  related {}: {}", show_span(text, r.span), r.message);
        }
        for fix in &f.fixes {
            let edits: Vec<String> = fix
                .edits
                .iter()
                .map(|e| format!("{} -> {:?}", show_span(text, e.span), e.new_text))
                .collect();
            let _ = writeln!(out, "  fix {:?}: {}", fix.title, edits.join(", "));
        }
    }
    out
}

/// Runs the model rules only, with their findings in order.
pub(crate) fn check(text: &str) -> String {
    let parsed = parse(text);
    assert!(
        parsed.errors.is_empty(),
        "fixture does not parse: {:?}",
        parsed.errors
    );
    let model = Model::build(text, &parsed);
    let mut findings = Vec::new();
    super::check(&model, super::Extent::Whole, &mut findings);
    render_findings(text, &findings)
}

/// Every definition and reference of a model, one per line.
pub(crate) fn dump(text: &str) -> String {
    let parsed = parse(text);
    assert!(
        parsed.errors.is_empty(),
        "fixture does not parse: {:?}",
        parsed.errors
    );
    let model = Model::build(text, &parsed);
    let mut out = String::new();
    for (id, d) in model.defs.iter().enumerate() {
        let parent = d
            .parent
            .map(|p| format!(" in {}", model.describe(p)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "def#{id} {} {}{parent}{}",
            d.kind.noun(),
            show_span(text, d.name_span),
            if d.copied { " (copied)" } else { "" }
        );
    }
    let mut refs: Vec<_> = model.refs.iter().collect();
    refs.sort_by_key(|r| (r.span.start, r.span.end));
    for r in refs {
        let target = match &r.target {
            Target::Def(d) => format!("def#{d}"),
            Target::OrbMember { orb } => format!("member of orb def#{orb}"),
            Target::BuiltIn => "built-in".to_string(),
            Target::Implicit => "implicit".to_string(),
            Target::Undefined => "UNDEFINED".to_string(),
        };
        let _ = writeln!(
            out,
            "ref {:?} {} -> {target}{}{}",
            r.kind,
            show_span(text, r.span),
            if r.copied { " (copied)" } else { "" },
            if r.strict { "" } else { " (loose)" }
        );
    }
    out
}

/// Checks the model rules' findings on `text`.
fn assert_findings(text: &str, expected: Expect) {
    expected.assert_eq(&check(text));
}

const JOB: &str = "    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n";

/// A 2.1 config with `head`, one simple job per name in `jobs`, and `tail`.
fn with_jobs(head: &str, jobs: &[&str], tail: &str) -> String {
    let mut s = format!("version: 2.1\n{head}jobs:\n");
    for j in jobs {
        s.push_str(&format!("  {j}:\n{JOB}"));
    }
    s.push_str(tail);
    s
}
