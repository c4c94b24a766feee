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
    /// False once a batch could not be applied: the text no longer matches the editor's
    /// until a change gives the whole text again (or the document is reopened).
    pub in_step: bool,
    /// How many times the document fell out of step; tells one loss from the next.
    pub losses: u32,
}

/// Why a batch of changes could not be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutOfStep {
    /// A range starts or ends on a line past the end of the text.
    PastTheEnd { line: u32, lines: usize },
    /// The batch's version is older than the document's.
    OlderVersion { version: i32, current: i32 },
}

impl std::fmt::Display for OutOfStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutOfStep::PastTheEnd { line, lines } => write!(
                f,
                "a change was for line {} of a text of {lines} lines",
                u64::from(*line) + 1
            ),
            OutOfStep::OlderVersion { version, current } => write!(
                f,
                "a change came for version {version} after version {current}"
            ),
        }
    }
}

/// What became of a batch of changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Synced {
    /// Every change was applied.
    Applied,
    /// The document fell out of step just now; nothing of the batch was applied.
    Lost(OutOfStep),
    /// The document was out of step already and the batch has no whole text to resume from.
    StillLost,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
            in_step: true,
            losses: 0,
        }
    }

    /// Applies a `didChange` batch whole or not at all. A change that gives the whole text
    /// makes the ones before it moot, and brings a document that was out of step back
    /// (unless its version is older than the document's).
    pub fn apply_batch(&mut self, changes: &[Change], version: i32, encoding: Encoding) -> Synced {
        let whole = changes.iter().rposition(|c| c.range.is_none());
        if !self.in_step && (whole.is_none() || version < self.version) {
            return Synced::StillLost;
        }
        if version < self.version {
            // Even a whole text is stale then: the editor holds a later one.
            let current = self.version;
            return self.lose(OutOfStep::OlderVersion { version, current });
        }
        let mut rope = self.rope.clone();
        for change in changes.get(whole.unwrap_or(0)..).unwrap_or_default() {
            if let Err(why) = apply_checked(&mut rope, change, encoding) {
                return self.lose(why);
            }
        }
        self.rope = rope;
        self.version = version;
        self.in_step = true;
        Synced::Applied
    }

    fn lose(&mut self, why: OutOfStep) -> Synced {
        self.in_step = false;
        self.losses = self.losses.saturating_add(1);
        Synced::Lost(why)
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

    /// The whole text, copied once from the rope's chunks into a string of the right size
    /// (`to_string` grows it by doubling, copying the text again each time).
    pub fn text(&self) -> String {
        let mut text = String::with_capacity(self.rope.len_bytes());
        self.rope.chunks().for_each(|chunk| text.push_str(chunk));
        text
    }
}

/// Applies one change to `rope`, refusing a range on a line the text does not have. The line
/// just past the last is allowed at its start (clients name the end of the text so); a
/// column past a line's end means the line's end, as LSP says.
fn apply_checked(rope: &mut Rope, change: &Change, encoding: Encoding) -> Result<(), OutOfStep> {
    let Some((start, end)) = change.range else {
        *rope = Rope::from_str(&change.text);
        return Ok(());
    };
    let lines = rope.len_lines();
    for pos in [start, end] {
        let line = pos.line as usize;
        if line > lines || (line == lines && pos.col > 0) {
            return Err(OutOfStep::PastTheEnd {
                line: pos.line,
                lines,
            });
        }
    }
    let a = positions::offset(rope, start, encoding);
    let b = positions::offset(rope, end, encoding);
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    let ca = rope.byte_to_char(a);
    let cb = rope.byte_to_char(b);
    rope.remove(ca..cb);
    rope.insert(ca, &change.text);
    Ok(())
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

    fn edit(from: LineCol, to: LineCol, text: &str) -> Change {
        Change {
            range: Some((from, to)),
            text: text.into(),
        }
    }

    #[test]
    fn a_batch_is_applied_whole_or_not_at_all() {
        let mut doc = Document::new("a: 1\nb: 2\n", 1);
        let batch = [
            edit(lc(0, 3), lc(0, 4), "9"),
            edit(lc(1, 3), lc(1, 4), "8"),
            edit(lc(7, 0), lc(7, 0), "c: 3\n"),
        ];
        let lost = doc.apply_batch(&batch, 2, Encoding::Utf16);
        assert_eq!(
            lost,
            Synced::Lost(OutOfStep::PastTheEnd { line: 7, lines: 3 })
        );
        assert_eq!(doc.text(), "a: 1\nb: 2\n");
        assert_eq!((doc.version, doc.in_step, doc.losses), (1, false, 1));
        // Later edits cannot be placed; a whole text brings the document back.
        let next = [edit(lc(0, 0), lc(0, 0), "x")];
        assert_eq!(
            doc.apply_batch(&next, 3, Encoding::Utf16),
            Synced::StillLost
        );
        let whole = [
            edit(lc(9, 0), lc(9, 0), "ignored"),
            Change {
                range: None,
                text: "a: 1\n".into(),
            },
            edit(lc(1, 0), lc(1, 0), "b: 2\n"),
        ];
        assert_eq!(doc.apply_batch(&whole, 4, Encoding::Utf16), Synced::Applied);
        assert_eq!(
            (doc.text().as_str(), doc.version, doc.in_step),
            ("a: 1\nb: 2\n", 4, true)
        );
    }

    #[test]
    fn the_end_of_the_text_and_long_batches_are_applied() {
        let mut doc = Document::new("a", 1);
        // The line past the last, at its start, is the end of the text.
        let end = [edit(lc(1, 0), lc(1, 0), "\n")];
        assert_eq!(doc.apply_batch(&end, 2, Encoding::Utf8), Synced::Applied);
        let many: Vec<Change> = (0..20_000).map(|_| edit(lc(0, 0), lc(0, 0), "x")).collect();
        assert_eq!(doc.apply_batch(&many, 3, Encoding::Utf8), Synced::Applied);
        assert_eq!(doc.text().len(), 20_002);
    }

    #[test]
    fn an_older_version_puts_the_document_out_of_step() {
        let mut doc = Document::new("a", 5);
        let batch = [edit(lc(0, 0), lc(0, 0), "x")];
        let lost = doc.apply_batch(&batch, 4, Encoding::Utf8);
        assert_eq!(
            lost,
            Synced::Lost(OutOfStep::OlderVersion {
                version: 4,
                current: 5
            })
        );
        assert_eq!(doc.text(), "a");
        // A whole text older than the document is stale too; a later one brings it back.
        let stale = [Change {
            range: None,
            text: "old".into(),
        }];
        assert_eq!(
            doc.apply_batch(&stale, 3, Encoding::Utf8),
            Synced::StillLost
        );
        assert_eq!(doc.apply_batch(&stale, 6, Encoding::Utf8), Synced::Applied);
        assert_eq!(doc.text(), "old");
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
