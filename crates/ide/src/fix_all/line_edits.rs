//! A fix-all result as whole-line edits, for editors that apply it as edits rather than as a
//! new text.

use analysis::diagnostics::TextEdit;
use syntax::yaml::Span;

/// The smallest whole-line edits that turn `old` into `new`, for editors that apply a fix-all
/// result as edits rather than as a new text.
pub fn line_edits(old: &str, new: &str) -> Vec<TextEdit> {
    let diff = similar::TextDiff::from_lines(old, new);
    let old_starts = line_offsets((0..diff.old_len()).map(|i| diff.old_slice(i)));
    let new_starts = line_offsets((0..diff.new_len()).map(|i| diff.new_slice(i)));
    let mut edits = Vec::new();
    for op in diff.ops() {
        if matches!(op.tag(), similar::DiffTag::Equal) {
            continue;
        }
        let (old_range, new_range) = (op.old_range(), op.new_range());
        let at = |starts: &[usize], i: usize| starts.get(i).copied().unwrap_or(0);
        let start = at(&old_starts, old_range.start);
        let end = at(&old_starts, old_range.end);
        let new_text = new
            .get(at(&new_starts, new_range.start)..at(&new_starts, new_range.end))
            .unwrap_or_default()
            .to_string();
        edits.push(TextEdit {
            span: Span { start, end },
            new_text,
        });
    }
    edits
}

/// The byte offset where each line `similar` split one side into starts, plus the side's end.
fn line_offsets<'a>(lines: impl ExactSizeIterator<Item = Option<&'a str>>) -> Vec<usize> {
    let mut starts = Vec::with_capacity(lines.len() + 1);
    let mut offset = 0;
    starts.push(0);
    for line in lines {
        offset += line.map_or(0, str::len);
        starts.push(offset);
    }
    starts
}
