//! Conversions between byte offsets and LSP positions (line, column in UTF-16 code units or
//! UTF-8 bytes). Lines end at `\n`, `\r\n` or `\r`, as in LSP; out-of-range positions clamp.

use ropey::Rope;

/// How a position's column counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// A zero-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The position of byte `offset`; an offset inside a character counts as that character's
/// start, one past the end as the end of the text.
pub fn position(rope: &Rope, offset: usize, encoding: Encoding) -> LineCol {
    let offset = offset.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_idx);
    let line_char = rope.line_to_char(line);
    let col = match encoding {
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_char),
    };
    LineCol {
        line: to_u32(line),
        col: to_u32(col),
    }
}

/// The byte offset of a position. A line past the end gives the end of the text; a column past
/// the line's end gives the line's end (before its line break); a column inside a character
/// (half a surrogate pair, the middle of a UTF-8 sequence) gives that character's start.
pub fn offset(rope: &Rope, pos: LineCol, encoding: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_start_char = rope.line_to_char(line);
    let line_end_char = line_start_char + line_len_chars(rope, line);
    let col = pos.col as usize;
    let char_idx = match encoding {
        Encoding::Utf8 => {
            let line_start_byte = rope.char_to_byte(line_start_char);
            let line_end_byte = rope.char_to_byte(line_end_char);
            let target = (line_start_byte + col).min(line_end_byte);
            rope.byte_to_char(target)
        }
        Encoding::Utf16 => {
            let start_cu = rope.char_to_utf16_cu(line_start_char);
            let end_cu = rope.char_to_utf16_cu(line_end_char);
            let target = (start_cu + col).min(end_cu);
            rope.utf16_cu_to_char(target)
        }
    };
    rope.char_to_byte(char_idx.min(line_end_char))
}

/// The number of characters on `line` without its line break.
fn line_len_chars(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut len = slice.len_chars();
    if len > 0 && slice.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && slice.char(len - 1) == '\r' {
        len -= 1;
    }
    len
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let rope = Rope::from_str("a: 🚀x\n日本: y\n");
        let x = "a: 🚀".len();
        assert_eq!(position(&rope, x, Encoding::Utf16), pos(0, 5));
        assert_eq!(position(&rope, x, Encoding::Utf8), pos(0, 7));
        assert_eq!(offset(&rope, pos(0, 5), Encoding::Utf16), x);
        // Half a surrogate pair rounds down to the emoji's start.
        assert_eq!(offset(&rope, pos(0, 4), Encoding::Utf16), 3);
        let y = "a: 🚀x\n日本: ".len();
        assert_eq!(position(&rope, y, Encoding::Utf16), pos(1, 4));
        assert_eq!(position(&rope, y, Encoding::Utf8), pos(1, 8));
    }

    #[test]
    fn crlf_and_cr_end_lines() {
        let rope = Rope::from_str("a\r\nb\rc\nd");
        assert_eq!(rope.len_lines(), 4);
        assert_eq!(position(&rope, 3, Encoding::Utf16), pos(1, 0));
        assert_eq!(position(&rope, 5, Encoding::Utf16), pos(2, 0));
        // A column past the end clamps before the line break.
        assert_eq!(offset(&rope, pos(0, 99), Encoding::Utf16), 1);
        assert_eq!(offset(&rope, pos(99, 0), Encoding::Utf16), 8);
        assert_eq!(offset(&rope, pos(3, 99), Encoding::Utf8), 8);
    }

    #[test]
    fn out_of_range_offsets_clamp() {
        let rope = Rope::from_str("ab\n");
        assert_eq!(position(&rope, 100, Encoding::Utf16), pos(1, 0));
        // A byte inside a multi-byte character counts as the character's start.
        let rope = Rope::from_str("ü");
        assert_eq!(position(&rope, 1, Encoding::Utf16), pos(0, 0));
    }
}
