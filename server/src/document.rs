//! Open documents: text as a rope, edited incrementally, with the client's version.

use ropey::Rope;

use syntax::text::positions::{self, Encoding, LineCol};

/// One change from `didChange`: a range replacement, or the whole text when `range` is `None`.
#[derive(Clone, Debug)]
pub struct Change {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
        }
    }

    /// Applies changes in order. A range's ends clamp to the text, and a reversed range is
    /// read in order, so no client input can make this panic.
    pub fn apply(&mut self, changes: &[Change], encoding: Encoding) {
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some((start, end)) => {
                    let a = positions::offset(&self.rope, start, encoding);
                    let b = positions::offset(&self.rope, end, encoding);
                    let (a, b) = if a <= b { (a, b) } else { (b, a) };
                    let ca = self.rope.byte_to_char(a);
                    let cb = self.rope.byte_to_char(b);
                    self.rope.remove(ca..cb);
                    self.rope.insert(ca, &change.text);
                }
            }
        }
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn incremental_edits_apply_in_order() {
        let mut doc = Document::new("jobs:\r\n  build: {}\r\n", 1);
        doc.apply(
            &[
                Change {
                    range: Some((lc(1, 2), lc(1, 7))),
                    text: "tést".into(),
                },
                Change {
                    range: Some((lc(0, 0), lc(0, 0))),
                    text: "# 🚀\n".into(),
                },
            ],
            Encoding::Utf16,
        );
        assert_eq!(doc.text(), "# 🚀\njobs:\r\n  tést: {}\r\n");
    }

    #[test]
    fn out_of_range_edits_clamp() {
        let mut doc = Document::new("ab", 1);
        doc.apply(
            &[Change {
                range: Some((lc(5, 5), lc(0, 1))),
                text: "X".into(),
            }],
            Encoding::Utf8,
        );
        assert_eq!(doc.text(), "aX");
    }
}
