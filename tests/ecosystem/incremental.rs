//! Incremental parsing on real configs: after typing at any line, or an arbitrary edit, the
//! reparse equals the full parse of the new text, and the analysis made from the previous
//! one equals a fresh analysis. Typing inside a job or command must be parsed incrementally
//! in most configs, or the equality would hold only because every edit fell back.

use std::sync::Arc;

use proptest::prelude::*;
use proptest::sample::Index;

use crate::common::every_feature::{boundary, run, tricky_text};
use crate::data;
use analysis::settings::Settings;
use analysis::{analyze, analyze_after, Earlier};
use syntax::yaml::{parse_shared, reparse, reparse_incrementally};

/// The text with `insert` at the end of line `line`.
fn typed_at_line_end(text: &str, line: usize, insert: &str) -> Option<String> {
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let rest = text.get(start..)?;
    let end = start + rest.find(['\n', '\r']).unwrap_or(rest.len());
    Some(format!("{}{insert}{}", &text[..end], &text[end..]))
}

#[test]
fn typing_at_any_line_of_corpus_configs_reparses_like_a_full_parse() {
    let (mut typed, mut incremental) = (0, 0);
    for file in data::corpus() {
        let old: Arc<str> = Arc::from(file.text.as_str());
        let tree = parse_shared(&old);
        let lines = file.text.lines().count();
        // Every line of short files, a spread of lines of long ones.
        let step = (lines / 40).max(1);
        for line in (0..lines).step_by(step) {
            // Typing on a blank line or at a top-level key is not typing inside an entry.
            let content = file.text.lines().nth(line).unwrap_or_default();
            if content.trim().is_empty() || !content.starts_with(' ') {
                continue;
            }
            let Some(text) = typed_at_line_end(&file.text, line, "x") else {
                continue;
            };
            let text: Arc<str> = Arc::from(text);
            let reused = reparse_incrementally(&old, &tree, &text);
            let full = parse_shared(&text);
            if let Some(reused) = &reused {
                assert!(
                    *reused == full,
                    "{}: typing at the end of line {} reparses differently",
                    file.name,
                    line + 1
                );
                incremental += 1;
            }
            typed += 1;
        }
    }
    // Entries that define an anchor, and lines inside flow collections spanning lines, fall
    // back to the full parse; 48% of these edits were incremental when this was written.
    assert!(
        incremental * 5 > typed * 2,
        "only {incremental} of {typed} edits were parsed incrementally"
    );
}

#[test]
fn arbitrary_edits_of_corpus_configs_reparse_and_analyse_like_from_scratch() {
    let files = data::corpus();
    let edit = (any::<Index>(), any::<Index>(), 0..4usize, tricky_text());
    run(300, edit, |(file, at, removed, insert)| {
        let original = &file.get(&files).text;
        let start = boundary(original, at);
        let end = original[start..]
            .char_indices()
            .nth(removed)
            .map_or(original.len(), |(i, _)| start + i);
        let text = format!("{}{insert}{}", &original[..start], &original[end..]);
        let old: Arc<str> = Arc::from(original.as_str());
        let new: Arc<str> = Arc::from(text.as_str());
        let settings = Settings::default();
        let before = analyze(old.clone(), &settings);
        prop_assert_eq!(reparse(&old, &before.yaml, &new), parse_shared(&new));
        let after = analyze_after(Some(Earlier::of(&before)), new.clone(), &settings);
        prop_assert_eq!(&after.findings, &analyze(new, &settings).findings);
        Ok(())
    });
}
