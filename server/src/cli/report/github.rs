//! `github`: GitHub Actions workflow commands, shown as annotations on the pull request.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use std::io::Write;

use super::FileResult;
use analysis::diagnostics::Severity;

pub fn write(out: &mut dyn Write, results: &[FileResult]) -> std::io::Result<()> {
    for r in results {
        let file = property(&r.path.to_string_lossy());
        for f in r.findings() {
            let (line, col) = r.position(f.span.start);
            let (end_line, end_col) = r.position(f.span.end);
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            writeln!(
                out,
                "::{command} file={file},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                property(&format!("circleci-ls {}", f.code)),
                data(&f.message)
            )?;
        }
    }
    Ok(())
}

/// A command's message: `%`, CR and LF are escaped so it stays on one line.
fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => out.push_str(&format!("%{:02X}", c as u32 & 0xff)),
            c => out.push(c),
        }
    }
    out
}

/// A command's property value: as [`data`], plus `:` and `,`, which separate properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_break_out_of_their_command() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
