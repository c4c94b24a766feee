//! `json`: an array of findings with 1-based positions, related locations and the fix,
//! written one finding at a time.

use std::io::Write;

use serde_json::{json, Value};

use super::{fix_safety, shown_fix, FileResult};
use analysis::diagnostics::Finding;
use syntax::yaml::Span;

pub fn write(out: &mut dyn Write, results: &[FileResult]) -> std::io::Result<()> {
    let mut items = Items::new(out, "");
    for r in results {
        for f in r.findings() {
            items.push(&item(r, f))?;
        }
    }
    items.end()?;
    out.write_all(b"\n")
}

/// A pretty-printed JSON array written item by item, laid out as `serde_json` lays out a
/// whole array.
pub struct Items<'a> {
    out: &'a mut dyn Write,
    /// The indentation of the line the array starts on.
    indent: &'static str,
    count: usize,
}

impl<'a> Items<'a> {
    pub fn new(out: &'a mut dyn Write, indent: &'static str) -> Items<'a> {
        Items {
            out,
            indent,
            count: 0,
        }
    }

    pub fn push(&mut self, value: &Value) -> std::io::Result<()> {
        self.out
            .write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        write!(self.out, "{}  ", self.indent)?;
        write_value(self.out, value, self.indent.len() + 2)?;
        self.count += 1;
        Ok(())
    }

    pub fn end(self) -> std::io::Result<()> {
        if self.count == 0 {
            self.out.write_all(b"[]")
        } else {
            write!(self.out, "\n{}]", self.indent)
        }
    }
}

/// Writes `value` pretty-printed, its lines after the first indented by `indent` spaces.
pub fn write_value(out: &mut dyn Write, value: &Value, indent: usize) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    // JSON strings hold no raw line breaks, so every one separates lines of the layout.
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            write!(out, "\n{:indent$}", "")?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn item(r: &FileResult, f: &Finding) -> Value {
    let range = |span: Span| {
        let (line, column) = r.position(span.start);
        let (end_line, end_column) = r.position(span.end);
        (line, column, end_line, end_column)
    };
    let (line, column, end_line, end_column) = range(f.span);
    let related: Vec<Value> = f
        .related
        .iter()
        .map(|rel| {
            let (line, column, end_line, end_column) = range(rel.span);
            json!({"line": line, "column": column, "end_line": end_line, "end_column": end_column, "message": rel.message})
        })
        .collect();
    let fix = shown_fix(f).map(|fix| {
        let edits: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                let (line, column, end_line, end_column) = range(e.span);
                json!({"line": line, "column": column, "end_line": end_line, "end_column": end_column, "new_text": e.new_text})
            })
            .collect();
        json!({"title": fix.title, "applicability": fix_safety(f).as_str(), "edits": edits})
    });
    json!({
        "path": r.path.to_string_lossy(),
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "severity": f.severity.as_str(),
        "code": f.code,
        "message": f.message,
        "related": related,
        "fix": fix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_laid_out_as_a_whole_array_would_be() {
        let values = [json!({"a": 1, "b": [1, 2]}), json!({"c": {"d": "e\nf"}})];
        for count in 0..=values.len() {
            let mut out = Vec::new();
            write(&mut out, &[]).expect("write");
            out.clear();
            let mut items = Items::new(&mut out, "");
            for v in values.iter().take(count) {
                items.push(v).expect("write");
            }
            items.end().expect("write");
            out.push(b'\n');
            let whole: Vec<&Value> = values.iter().take(count).collect();
            let expected = format!("{}\n", serde_json::to_string_pretty(&whole).expect("json"));
            assert_eq!(String::from_utf8_lossy(&out), expected);
        }
    }
}
