//! Escaping of names and messages before they are printed, so that a file named with a newline
//! or a terminal escape sequence cannot forge a finding line or restyle the terminal.

use std::path::Path;

/// `text` with every control character written as an escape (`\n`, `\t`, `\u{1b}`).
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A path as people read it: lossy for names that are not UTF-8, control characters escaped.
pub fn escape_path(path: &Path) -> String {
    escape_controls(&path.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_start_a_new_line() {
        let forged = "a.yml:1:1: error[x] fake\nb.yml";
        assert_eq!(escape_controls(forged), "a.yml:1:1: error[x] fake\\nb.yml");
        assert_eq!(escape_controls("\u{1b}[31mred\r"), "\\u{1b}[31mred\\r");
        assert_eq!(escape_controls("plain ünïcode"), "plain ünïcode");
        assert_eq!(
            escape_path(Path::new("dir/tab\there.yml")),
            "dir/tab\\there.yml"
        );
    }
}
