//! Where lines start and end in a text. A line ends at `\n`, `\r\n` or a lone `\r`, as in
//! LSP and YAML, so a file saved with old Mac line ends has as many lines as the editor shows.
//!
//! [`LineIndex`] is built once per analysis and answers every line question of the rules,
//! fixes, code actions, messages and the CLI; the free functions serve code that runs before
//! an analysis exists (the YAML parser, cursor parsing on a partial text).

/// How one line ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineBreak {
    /// The last line, which has no line break.
    None,
    Lf,
    CrLf,
    Cr,
}

impl LineBreak {
    /// The break as text; the last line's is empty.
    pub fn as_str(self) -> &'static str {
        match self {
            LineBreak::None => "",
            LineBreak::Lf => "\n",
            LineBreak::CrLf => "\r\n",
            LineBreak::Cr => "\r",
        }
    }

    fn len(self) -> usize {
        self.as_str().len()
    }
}

/// The line starts and line breaks of one text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// The offset each line starts at; the first is 0.
    starts: Vec<usize>,
    /// How each line ends, one per start.
    breaks: Vec<LineBreak>,
    len: usize,
}

impl Default for LineIndex {
    fn default() -> LineIndex {
        LineIndex::new("")
    }
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut breaks = Vec::new();
        // memchr finds the breaks many bytes at a time; this runs on every analysis.
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let brk = match (bytes.get(at), bytes.get(at + 1)) {
                // The `\n` of this `\r\n` is found next and skipped.
                (Some(b'\r'), Some(b'\n')) => LineBreak::CrLf,
                (Some(b'\r'), _) => LineBreak::Cr,
                _ if at > 0 && bytes.get(at - 1) == Some(&b'\r') => continue,
                _ => LineBreak::Lf,
            };
            breaks.push(brk);
            starts.push(at + brk.len());
        }
        breaks.push(LineBreak::None);
        // The index lives as long as its analysis: no growth slack.
        starts.shrink_to_fit();
        breaks.shrink_to_fit();
        LineIndex {
            starts,
            breaks,
            len: text.len(),
        }
    }

    /// The number of lines; a text ending in a line break has an empty last line.
    pub fn len_lines(&self) -> usize {
        self.starts.len()
    }

    /// The zero-based line holding `offset` (a line break belongs to the line it ends);
    /// offsets past the end count as the last line.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Where line `line` starts; `None` past the last line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// Where line `line` ends, before its line break; `None` past the last line.
    pub fn line_end(&self, line: usize) -> Option<usize> {
        let brk = self.breaks.get(line)?;
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        Some(next - brk.len())
    }

    /// Where the line holding `offset` starts.
    pub fn start_at(&self, offset: usize) -> usize {
        self.line_start(self.line_of(offset)).unwrap_or(0)
    }

    /// Where the line holding `offset` ends, before its line break.
    pub fn end_at(&self, offset: usize) -> usize {
        self.line_end(self.line_of(offset)).unwrap_or(self.len)
    }

    /// The line break that ends the line holding `offset`; for the last line (which has none),
    /// the break the file uses elsewhere.
    pub fn break_at(&self, offset: usize) -> &'static str {
        match self.breaks.get(self.line_of(offset)) {
            Some(LineBreak::None) | None => self.newline(),
            Some(brk) => brk.as_str(),
        }
    }

    /// The file's line break: the one ending its first line, `\n` for a one-line file.
    pub fn newline(&self) -> &'static str {
        match self.breaks.first() {
            Some(LineBreak::None) | None => "\n",
            Some(brk) => brk.as_str(),
        }
    }

    /// A 1-based line and a 1-based column counted in characters, for people (the CLI).
    pub fn human_position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_start(line).unwrap_or(0).min(offset);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// The largest character boundary at or before `offset`, within the text.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where the line holding `offset` starts, without an index.
pub fn line_start(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = offset.min(bytes.len());
    // The `\n` of a `\r\n` belongs to the line the `\r` ends.
    if at > 0 && bytes.get(at) == Some(&b'\n') && bytes.get(at - 1) == Some(&b'\r') {
        at -= 1;
    }
    bytes
        .get(..at)
        .and_then(|before| before.iter().rposition(|&b| b == b'\n' || b == b'\r'))
        .map_or(0, |p| p + 1)
}

/// Where the line holding `offset` ends, before its line break, without an index.
pub fn line_end(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let at = offset.min(bytes.len());
    bytes
        .get(at..)
        .and_then(|after| after.iter().position(|&b| b == b'\n' || b == b'\r'))
        .map_or(bytes.len(), |p| at + p)
}

/// Where the line after the one holding `offset` starts (past its line break), or the end of
/// the text on the last line, without an index.
pub fn next_line_start(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let end = line_end(text, offset);
    match (bytes.get(end), bytes.get(end + 1)) {
        (Some(b'\r'), Some(b'\n')) => end + 2,
        (Some(b'\r' | b'\n'), _) => end + 1,
        _ => bytes.len(),
    }
}

/// The lines of `text` without their line breaks, each with the offset it starts at.
pub fn lines_with_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = Some(0);
    std::iter::from_fn(move || {
        let start = at?;
        let end = line_end(text, start);
        let next = next_line_start(text, start);
        at = (next > end).then_some(next);
        Some((start, text.get(start..end).unwrap_or("")))
    })
}

/// The 1-based number of the line holding `offset`, without an index (for messages).
pub fn line_number(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let before = bytes.get(..offset.min(bytes.len())).unwrap_or(bytes);
    let breaks = before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')))
        .count();
    // A `\r` just before `offset` whose `\n` is at `offset` was counted as a lone `\r`.
    let split_crlf = before.last() == Some(&b'\r') && bytes.get(before.len()) == Some(&b'\n');
    breaks + 1 - usize::from(split_crlf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_style() {
        let text = "a\r\nb\rc\nd";
        let lines = LineIndex::new(text);
        assert_eq!(lines.len_lines(), 4);
        assert_eq!(
            (0..4).map(|l| lines.line_start(l)).collect::<Vec<_>>(),
            [Some(0), Some(3), Some(5), Some(7)]
        );
        assert_eq!(
            (0..4).map(|l| lines.line_end(l)).collect::<Vec<_>>(),
            [Some(1), Some(4), Some(6), Some(8)]
        );
        assert_eq!(
            lines.line_of(2),
            0,
            "the \\n of a \\r\\n belongs to its line"
        );
        assert_eq!(lines.line_of(4), 1);
        assert_eq!(lines.line_of(99), 3);
        assert_eq!(lines.break_at(0), "\r\n");
        assert_eq!(lines.break_at(3), "\r");
        assert_eq!(lines.break_at(5), "\n");
        assert_eq!(
            lines.break_at(7),
            "\r\n",
            "the last line takes the file's break"
        );
        assert_eq!(lines.newline(), "\r\n");
        assert_eq!(LineIndex::new("a: 1").newline(), "\n");
        assert_eq!(LineIndex::new("a\rb\r").newline(), "\r");
        assert_eq!(LineIndex::new("a\n").len_lines(), 2);
        assert_eq!(LineIndex::new("").len_lines(), 1);
    }

    #[test]
    fn free_functions_agree_with_the_index() {
        for text in ["a\r\nbb\rc\n\nd", "x\ry\rz", "\r\n\r\n", "", "é\ré"] {
            let lines = LineIndex::new(text);
            for at in 0..=text.len() {
                assert_eq!(line_start(text, at), lines.start_at(at), "{text:?} {at}");
                assert_eq!(
                    line_number(text, at),
                    lines.line_of(at) + 1,
                    "{text:?} {at}"
                );
                // The free end scan starts at `at`; inside a line break it ends there.
                if !matches!(text.as_bytes().get(at), Some(b'\n' | b'\r')) {
                    assert_eq!(line_end(text, at), lines.end_at(at), "{text:?} {at}");
                }
            }
        }
    }

    #[test]
    fn lines_one_by_one() {
        let text = "a\r\nbb\rc\n\nd";
        let lines: Vec<(usize, &str)> = lines_with_starts(text).collect();
        assert_eq!(lines, [(0, "a"), (3, "bb"), (6, "c"), (8, ""), (9, "d")]);
        let index = LineIndex::new(text);
        for (n, (start, line)) in lines.iter().enumerate() {
            assert_eq!(index.line_start(n), Some(*start));
            assert_eq!(index.line_end(n), Some(start + line.len()));
            assert_eq!(
                next_line_start(text, *start),
                index.line_start(n + 1).unwrap_or(text.len())
            );
        }
        assert_eq!(
            lines_with_starts("x\n").collect::<Vec<_>>(),
            [(0, "x"), (2, "")]
        );
        assert_eq!(lines_with_starts("").collect::<Vec<_>>(), [(0, "")]);
    }

    #[test]
    fn human_positions_count_characters() {
        let text = "a: é\rb: 日本x";
        let lines = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(lines.human_position(text, x), (2, 6));
        assert_eq!(lines.human_position(text, 0), (1, 1));
        // An offset inside a character counts as its start; past the end as the end.
        assert_eq!(lines.human_position(text, 4), (1, 4));
        assert_eq!(lines.human_position(text, 999), (2, 7));
    }
}
