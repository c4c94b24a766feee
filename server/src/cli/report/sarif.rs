//! `sarif`: SARIF 2.1.0, as code scanning services read it: the rule list with help links,
//! results with levels and locations, and fixes.
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>

use serde_json::{json, Value};

use super::{help_uri, shown_fix, FileResult};
use analysis::diagnostics::Severity;
use analysis::rule_registry::all_rules;
use syntax::yaml::Span;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

pub fn render(results: &[FileResult]) -> String {
    let rules = all_rules();
    let descriptors: Vec<Value> = rules
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
    let mut sarif_results = Vec::new();
    for r in results {
        let uri = r.uri();
        let region = |span: Span| {
            let (start_line, start_column) = r.position(span.start);
            let (end_line, end_column) = r.position(span.end);
            json!({
                "startLine": start_line,
                "startColumn": start_column,
                "endLine": end_line,
                "endColumn": end_column,
            })
        };
        let location = |span: Span| json!({"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region(span)}});
        for f in &r.findings {
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [location(f.span)],
            });
            if let Some(index) = rules.iter().position(|rule| rule.code == f.code) {
                result["ruleIndex"] = json!(index);
            }
            if !f.related.is_empty() {
                let related: Vec<Value> = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, rel)| {
                        let mut loc = location(rel.span);
                        loc["id"] = json!(id);
                        loc["message"] = json!({"text": rel.message});
                        loc
                    })
                    .collect();
                result["relatedLocations"] = Value::Array(related);
            }
            if let Some(fix) = shown_fix(f) {
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
                result["fixes"] = json!([{
                    "description": {"text": fix.title},
                    "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
                }]);
            }
            sarif_results.push(result);
        }
    }
    let artifacts: Vec<Value> = results
        .iter()
        .map(|r| json!({"location": {"uri": r.uri()}, "encoding": "utf-8"}))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "circleci-ls",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": descriptors,
            }},
            "artifacts": artifacts,
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}
