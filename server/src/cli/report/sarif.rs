//! `sarif`: SARIF 2.1.0, as code scanning services read it: the rule list with help links,
//! results with levels and locations, and fixes. The log is written one result at a time,
//! so its memory is that of one result however many there are.
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>

use std::io::Write;

use serde_json::{json, Value};

use super::json::{write_value, Items};
use super::{help_uri, shown_fix, FileResult};
use analysis::diagnostics::{Finding, Severity};
use analysis::rule_registry::all_rules;
use syntax::yaml::Span;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

pub fn write(out: &mut dyn Write, results: &[FileResult]) -> std::io::Result<()> {
    let rules: Vec<&'static str> = all_rules().iter().map(|r| r.code).collect();
    out.write_all(b"{\n")?;
    writeln!(
        out,
        "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\","
    )?;
    out.write_all(b"  \"runs\": [\n    {\n      \"tool\": ")?;
    write_value(out, &tool(), 6)?;
    out.write_all(b",\n      \"artifacts\": ")?;
    write_value(out, &artifacts(results), 6)?;
    out.write_all(b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ")?;
    let mut items = Items::new(out, "      ");
    for r in results {
        for f in r.findings() {
            items.push(&result(r, f, &rules))?;
        }
    }
    items.end()?;
    out.write_all(b"\n    }\n  ]\n}\n")
}

/// The tool and its rules.
fn tool() -> Value {
    let descriptors: Vec<Value> = all_rules()
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.explanation},
                "helpUri": help_uri(rule.code),
                "defaultConfiguration": {"level": level(rule.default_severity)},
                "properties": {"fix": rule.fix.as_str()},
            })
        })
        .collect();
    json!({"driver": {
        "name": "circleci-ls",
        "version": env!("CARGO_PKG_VERSION"),
        "informationUri": env!("CARGO_PKG_REPOSITORY"),
        "rules": descriptors,
    }})
}

fn artifacts(results: &[FileResult]) -> Value {
    results
        .iter()
        .map(|r| json!({"location": {"uri": r.uri()}, "encoding": "utf-8"}))
        .collect()
}

fn location(r: &FileResult, span: Span) -> Value {
    let (start_line, start_column) = r.position(span.start);
    let (end_line, end_column) = r.position(span.end);
    json!({"physicalLocation": {
        "artifactLocation": {"uri": r.uri()},
        "region": {
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
        },
    }})
}

fn result(r: &FileResult, f: &Finding, rules: &[&str]) -> Value {
    let mut result = json!({
        "ruleId": f.code,
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [location(r, f.span)],
    });
    if let Some(index) = rules.iter().position(|code| *code == f.code) {
        result["ruleIndex"] = json!(index);
    }
    if !f.related.is_empty() {
        let related: Vec<Value> = f
            .related
            .iter()
            .enumerate()
            .map(|(id, rel)| {
                let mut loc = location(r, rel.span);
                loc["id"] = json!(id);
                loc["message"] = json!({"text": rel.message});
                loc
            })
            .collect();
        result["relatedLocations"] = Value::Array(related);
    }
    if let Some(fix) = fix(r, f) {
        result["fixes"] = fix;
    }
    result
}

fn fix(r: &FileResult, f: &Finding) -> Option<Value> {
    let fix = shown_fix(f)?;
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            json!({
                "deletedRegion": {"byteOffset": e.span.start, "byteLength": e.span.end.saturating_sub(e.span.start)},
                "insertedContent": {"text": e.new_text},
            })
        })
        .collect();
    Some(json!([{
        "description": {"text": fix.title},
        "artifactChanges": [{"artifactLocation": {"uri": r.uri()}, "replacements": replacements}],
    }]))
}
