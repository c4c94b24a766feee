//! `concise`: one line per finding, `path:line:col: severity[code] message`.

use super::FileResult;
use syntax::text::escape::escape_controls;

pub fn render(results: &[FileResult]) -> String {
    let mut out = String::new();
    for r in results {
        let path = r.display_path();
        for f in &r.findings {
            let (line, column) = r.position(f.span.start);
            out.push_str(&format!(
                "{path}:{line}:{column}: {}[{}] {}\n",
                f.severity.as_str(),
                f.code,
                escape_controls(&f.message)
            ));
        }
    }
    out
}
