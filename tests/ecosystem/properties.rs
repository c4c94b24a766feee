//! Every editor feature at arbitrary offsets of real configs, as they are and while edited.

use proptest::prelude::*;
use proptest::sample::Index;

use crate::common::every_feature::{analysis_of, boundary, every_feature, run, tricky_text};
use analysis::Analysis;

use crate::data;

#[test]
fn every_feature_at_any_offset_of_corpus_texts() {
    let files = data::corpus();
    let analyses: Vec<Analysis> = files.iter().map(|f| analysis_of(&f.text)).collect();
    let picks = prop::collection::vec(any::<Index>(), 1..12);
    run(200, (any::<Index>(), picks), |(file, picks)| {
        let analysis = file.get(&analyses);
        let offsets: Vec<usize> = picks
            .into_iter()
            .map(|p| boundary(&analysis.text, p))
            .collect();
        every_feature(analysis, Some(analysis), &offsets)
    });
}

/// Real configs while they are being edited: cut short or with a piece typed in at an
/// arbitrary place, with the unedited version as the last one that parsed.
#[test]
fn every_feature_on_edited_corpus_texts() {
    let files = data::corpus();
    let edit = (
        any::<Index>(),
        any::<Index>(),
        prop_oneof![Just(None), tricky_text().prop_map(Some)],
        prop::collection::vec(any::<Index>(), 1..8),
    );
    run(48, edit, |(file, at, insert, picks)| {
        let original = &file.get(&files).text;
        let at = boundary(original, at);
        let text = match insert {
            Some(piece) => format!("{}{piece}{}", &original[..at], &original[at..]),
            None => original[..at].to_string(),
        };
        let good = analysis_of(original);
        let analysis = analysis_of(&text);
        let offsets: Vec<usize> = picks.into_iter().map(|p| boundary(&text, p)).collect();
        every_feature(&analysis, Some(&good), &offsets)
    });
}
