//! Finding `<< … >>` templates in text, the one way every module does it.
//!
//! CircleCI expands `<< parameters.x >>`, `<< pipeline.git.branch >>` and the like when it
//! compiles a config; `\<<` is its escape for a literal `<<`. Scripts are full of other `<<`
//! (heredocs, bit shifts), so a `>>` closes the last unescaped `<<` before it: in
//! `cat <<EOF << parameters.x >>` the template is `<< parameters.x >>`.
//! See <https://circleci.com/docs/reusing-config/#parameter-syntax>.

use std::ops::Range;

/// One `<< … >>`, as byte ranges of the scanned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// From `<<` to just after `>>`.
    pub whole: Range<usize>,
    /// Between `<<` and `>>`, untrimmed.
    pub inner: Range<usize>,
}

/// Whether a template may run over line breaks: in the source of a plain or quoted scalar,
/// line breaks fold into spaces; in a value or a block scalar they end the template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    OneLine,
    Folded,
}

/// The templates of `s`, in order.
pub fn templates(s: &str, reach: Reach) -> Vec<Template> {
    let bytes = s.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = next_open(bytes, from) {
        let Some(close) = find(bytes, open + 2, b">>", reach) else {
            // No later `<<` closes where this one could not: skip to the next line, so that
            // many unclosed `<<` cost linear time.
            match (reach, next_line(bytes, open + 2)) {
                (Reach::OneLine, Some(next)) => {
                    from = next;
                    continue;
                }
                _ => break,
            }
        };
        // A later `<<` before the `>>` is the one it closes.
        let mut open = open;
        while let Some(later) = next_open(bytes, open + 2).filter(|&o| o + 2 <= close) {
            open = later;
        }
        found.push(Template {
            whole: open..close + 2,
            inner: open + 2..close,
        });
        from = close + 2;
    }
    found
}

/// Whether `s` has a `<<` anywhere: the cheap test before any template is looked for. Most
/// scalars have no `<` at all, which one `memchr` settles (`str::contains("<<")` cost a
/// tenth of an analysis).
pub fn has_double_open(s: &str) -> bool {
    find(s.as_bytes(), 0, b"<<", Reach::Folded).is_some()
}

/// Whether `s` holds a template: an unescaped `<<` with a `>>` after it on its line. This
/// runs on every scalar, so it scans bytes and allocates nothing.
pub fn has_template(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(open) = next_open(bytes, from) {
        if find(bytes, open + 2, b">>", Reach::OneLine).is_some() {
            return true;
        }
        // No later `<<` on this line closes either.
        let Some(next) = next_line(bytes, open + 2) else {
            return false;
        };
        from = next;
    }
    false
}

/// Where the line after the one holding `from` starts.
fn next_line(bytes: &[u8], from: usize) -> Option<usize> {
    let at = from + memchr::memchr2(b'\n', b'\r', bytes.get(from..)?)?;
    Some(at + 1)
}

/// `<< parameters.q >>` or `<< pipeline.parameters.q >>` as the whole value: whether it is a
/// pipeline parameter, and `q`.
pub fn whole_parameter_template(value: &str) -> Option<(bool, &str)> {
    let inner = value.trim().strip_prefix("<<")?.strip_suffix(">>")?.trim();
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if let Some(q) = inner.strip_prefix("pipeline.parameters.") {
        return valid(q).then_some((true, q));
    }
    let q = inner.strip_prefix("parameters.")?;
    valid(q).then_some((false, q))
}

/// The template around byte `at` of `s` (from its `<<` to its `>>`, both included).
pub fn template_at(s: &str, at: usize) -> Option<Template> {
    templates(s, Reach::OneLine)
        .into_iter()
        .find(|t| t.whole.start <= at && at <= t.whole.end)
}

/// Where the template still being typed at the end of `s` opens: the last unescaped `<<`
/// with no `>>` after it (`s` is the text of a line before the cursor).
pub fn unclosed_at_end(s: &str) -> Option<usize> {
    let (open, _) = s
        .rmatch_indices("<<")
        .find(|&(open, _)| !(open > 0 && s.as_bytes().get(open - 1) == Some(&b'\\')))?;
    let inner = s.get(open + 2..)?;
    (!inner.contains(">>")).then_some(open)
}

/// The first unescaped `<<` at or after `from`.
fn next_open(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let open = find(bytes, from, b"<<", Reach::Folded)?;
        if open > 0 && bytes.get(open - 1) == Some(&b'\\') {
            from = open + 2;
            continue;
        }
        return Some(open);
    }
}

/// The first `needle` (two bytes) at or after `from`; with `OneLine`, before the next line
/// break. Scripts can be long, so candidates are found with memchr, not byte by byte.
fn find(bytes: &[u8], from: usize, needle: &[u8; 2], reach: Reach) -> Option<usize> {
    let [first, second] = *needle;
    let mut at = from;
    loop {
        let rest = bytes.get(at..)?;
        let i = match reach {
            Reach::Folded => memchr::memchr(first, rest)?,
            Reach::OneLine => memchr::memchr3(first, b'\n', b'\r', rest)?,
        };
        if rest.get(i) != Some(&first) {
            // A line break came first.
            return None;
        }
        if rest.get(i + 1) == Some(&second) {
            return Some(at + i);
        }
        at += i + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inners(s: &str, reach: Reach) -> Vec<&str> {
        templates(s, reach)
            .into_iter()
            .map(|t| s.get(t.inner).unwrap_or("?"))
            .collect()
    }

    #[test]
    fn order_escapes_and_heredocs() {
        assert_eq!(
            inners("a << parameters.x >> b <<pipeline.id>>", Reach::OneLine),
            [" parameters.x ", "pipeline.id"]
        );
        assert_eq!(
            inners("echo \\<< not >> << yes >>", Reach::OneLine),
            [" yes "]
        );
        assert_eq!(
            inners("cat <<EOF << parameters.x >>", Reach::OneLine),
            [" parameters.x "]
        );
        assert!(inners(">> before <<", Reach::OneLine).is_empty());
        assert!(inners("<< a\nb >>", Reach::OneLine).is_empty());
        assert!(inners("<< a\r\nb >>", Reach::OneLine).is_empty());
        assert_eq!(inners("<< a\nb >>", Reach::Folded), [" a\nb "]);
        // Unclosed `<<` before a line break do not hide a template on the next line.
        assert_eq!(
            inners("<< a << b\r<< parameters.x >>", Reach::OneLine),
            [" parameters.x "]
        );
        assert!(inners(&"<< parameters. ".repeat(1000), Reach::Folded).is_empty());
    }

    #[test]
    fn presence_and_position() {
        assert!(has_template("x-<< parameters.os >>"));
        assert!(!has_template(">> <<"), "order matters");
        assert!(!has_template("\\<< escaped >>"));
        assert!(!has_template("<< split\n >>"));
        assert!(!has_template("plain"));
        let s = "a << parameters.x >> b";
        assert_eq!(template_at(s, 5).map(|t| t.whole), Some(2..20));
        assert_eq!(template_at(s, 21), None);
    }

    /// The byte-by-byte search `find` replaced, as the reference.
    fn find_bytewise(bytes: &[u8], from: usize, needle: &[u8; 2], reach: Reach) -> Option<usize> {
        let rest = bytes.get(from..)?;
        for (i, pair) in rest.windows(2).enumerate() {
            if pair == needle {
                return Some(from + i);
            }
            if reach == Reach::OneLine && matches!(pair.first(), Some(b'\n' | b'\r')) {
                return None;
            }
        }
        None
    }

    #[test]
    fn memchr_search_matches_the_bytewise_one() {
        // Every text of up to 6 characters from the bytes that matter, at every start.
        let alphabet = b"<>\n\ra";
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..6 {
            let longer: Vec<Vec<u8>> = texts
                .iter()
                .filter(|t| t.len() == texts.last().map_or(0, Vec::len))
                .flat_map(|t| {
                    alphabet.iter().map(move |b| {
                        let mut t = t.clone();
                        t.push(*b);
                        t
                    })
                })
                .collect();
            texts.extend(longer);
        }
        for text in &texts {
            for from in 0..=text.len() + 1 {
                for needle in [b"<<", b">>"] {
                    for reach in [Reach::OneLine, Reach::Folded] {
                        assert_eq!(
                            find(text, from, needle, reach),
                            find_bytewise(text, from, needle, reach),
                            "{text:?} from {from}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn template_being_typed() {
        assert_eq!(unclosed_at_end("image: << parameters.im"), Some(7));
        assert_eq!(unclosed_at_end("cat <<EOF << pipe"), Some(10));
        assert_eq!(unclosed_at_end("a << b >> c"), None);
        assert_eq!(unclosed_at_end("echo \\<< not"), None);
        assert_eq!(unclosed_at_end("x << a \\<< b"), Some(2));
        assert_eq!(unclosed_at_end("plain"), None);
    }
}
