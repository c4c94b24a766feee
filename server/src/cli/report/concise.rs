//! `concise`: one line per finding, `path:line:col: severity[code] message`.

use std::io::Write;

use super::FileResult;
use syntax::text::escape::escape_controls;

pub fn write(out: &mut dyn Write, results: &[FileResult]) -> std::io::Result<()> {
    for r in results {
        let path = r.display_path();
        for f in r.findings() {
            let (line, column) = r.position(f.span.start);
            writeln!(
                out,
                "{path}:{line}:{column}: {}[{}] {}",
                f.severity.as_str(),
                f.code,
                escape_controls(&f.message)
            )?;
        }
    }
    Ok(())
}
