//! `json`: an array of findings with 1-based positions, related locations and the fix.

use serde_json::{json, Value};

use super::{fix_safety, shown_fix, FileResult};

pub fn render(results: &[FileResult]) -> String {
    let mut items = Vec::new();
    for r in results {
        let path = r.path.to_string_lossy();
        let range = |start: usize, end: usize| {
            let (line, column) = r.position(start);
            let (end_line, end_column) = r.position(end);
            (line, column, end_line, end_column)
        };
        for f in &r.findings {
            let (line, column, end_line, end_column) = range(f.span.start, f.span.end);
            let related: Vec<Value> = f
                .related
                .iter()
                .map(|rel| {
                    let (line, column, end_line, end_column) = range(rel.span.start, rel.span.end);
                    json!({"line": line, "column": column, "end_line": end_line, "end_column": end_column, "message": rel.message})
                })
                .collect();
            let fix = shown_fix(f).map(|fix| {
                let edits: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        let (line, column, end_line, end_column) = range(e.span.start, e.span.end);
                        json!({"line": line, "column": column, "end_line": end_line, "end_column": end_column, "new_text": e.new_text})
                    })
                    .collect();
                json!({"title": fix.title, "applicability": fix_safety(f).as_str(), "edits": edits})
            });
            items.push(json!({
                "path": path,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "severity": f.severity.as_str(),
                "code": f.code,
                "message": f.message,
                "related": related,
                "fix": fix,
            }));
        }
    }
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}
