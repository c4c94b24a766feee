//! Applying text edits: what the quick-fixes would do to a text, for the CLI and tests.

use std::ops::Range;

/// Applies replacements of byte ranges of `text`, given in any order. A replacement that
/// overlaps an earlier one, runs past the end or cuts a character in two is left out, so
/// applying never panics and never corrupts the text.
pub fn apply_all<'e>(
    text: &str,
    edits: impl IntoIterator<Item = (Range<usize>, &'e str)>,
) -> String {
    let mut sorted: Vec<(Range<usize>, &str)> = edits.into_iter().collect();
    sorted.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, new_text) in sorted {
        let valid = at <= range.start
            && range.start <= range.end
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        if !valid {
            continue;
        }
        out.push_str(text.get(at..range.start).unwrap_or(""));
        out.push_str(new_text);
        at = range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_text_order() {
        assert_eq!(apply_all("abcd", [(2..3, "X"), (0..0, ">")]), ">abXd");
        // Two inserts at one place keep their given order.
        assert_eq!(apply_all("ab", [(1..1, "1"), (1..1, "2")]), "a12b");
    }

    #[test]
    fn bad_edits_are_left_out() {
        assert_eq!(apply_all("abcd", [(1..3, "X"), (2..4, "Y")]), "aXd");
        assert_eq!(apply_all("ab", [(1..9, "X")]), "ab");
        assert_eq!(apply_all("é", [(1..2, "X")]), "é");
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 2..1;
        assert_eq!(apply_all("abc", [(reversed, "X")]), "abc");
    }
}
