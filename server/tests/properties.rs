//! Properties that must hold for any input.

mod common;

use std::sync::Arc;

use analysis::settings::Settings;
use circleci_ls::document::{Change, Document};
use proptest::prelude::*;
use ropey::Rope;
use syntax::text::positions::{self, Encoding, LineCol};

use common::every_feature::{analysis_of, boundary, config_text, every_feature, tricky_text};
use proptest::sample::Index;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn positions_round_trip(text in tricky_text(), pick in any::<prop::sample::Index>()) {
        let rope = Rope::from_str(&text);
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let offset = boundaries[pick.index(boundaries.len())];
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            let pos = positions::position(&rope, offset, enc);
            let back = positions::offset(&rope, pos, enc);
            // A `\r\n` pair is one line break: an offset between its halves maps to the `\r`.
            let expected = if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') { offset - 1 } else { offset };
            prop_assert_eq!(back, expected, "{:?} at {} ({:?})", text, offset, enc);
        }
    }

    #[test]
    fn incremental_edits_equal_string_edits(
        start in tricky_text(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), tricky_text()), 1..25),
    ) {
        let mut expected = start.clone();
        let mut doc = Document::new(&start, 0);
        for (a, b, insert) in edits {
            let boundaries: Vec<usize> = expected.char_indices().map(|(i, _)| i).chain([expected.len()]).collect();
            let (x, y) = (boundaries[a.index(boundaries.len())], boundaries[b.index(boundaries.len())]);
            let (x, y) = (x.min(y), x.max(y));
            // Editors never split a `\r\n` pair with a range end; keep the test to real edits.
            let splits = |o: usize| expected[..o].ends_with('\r') && expected[o..].starts_with('\n');
            if splits(x) || splits(y) { continue; }
            let rope = Rope::from_str(&expected);
            let range = (positions::position(&rope, x, Encoding::Utf16), positions::position(&rope, y, Encoding::Utf16));
            doc.apply(&[Change { range: Some(range), text: insert.clone() }], Encoding::Utf16);
            expected.replace_range(x..y, &insert);
            prop_assert_eq!(doc.text(), expected.clone());
        }
    }

    #[test]
    fn any_bytes_parse_and_analyse_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let analysis = analysis::analyze(Arc::from(text.as_str()), &Settings::default());
        for f in &analysis.findings {
            prop_assert!(f.span.end <= text.len());
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
    }

    #[test]
    fn yaml_like_text_analyses_without_panic(text in tricky_text()) {
        let analysis = analysis::analyze(Arc::from(text.as_str()), &Settings::default());
        for f in &analysis.findings {
            prop_assert!(f.span.end <= text.len());
        }
        for offset in (0..=text.len()).step_by(3) {
            let _ = ide::cursor::CursorContext::at(&text, offset);
        }
    }

    #[test]
    fn clamped_positions_never_panic(text in tricky_text(), line in 0u32..80, col in 0u32..200) {
        let rope = Rope::from_str(&text);
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            let offset = positions::offset(&rope, LineCol { line, col }, enc);
            prop_assert!(offset <= text.len() && text.is_char_boundary(offset));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_feature_at_any_offset_of_any_text(
        text in prop_oneof![config_text(), tricky_text()],
        picks in prop::collection::vec(any::<Index>(), 1..24),
    ) {
        let analysis = analysis_of(&text);
        let offsets: Vec<usize> = picks.into_iter().map(|p| boundary(&text, p)).collect();
        every_feature(&analysis, None, &offsets)?;
        // An editor also passes the last version that parsed; its spans are its own.
        let good = analysis_of("version: 2.1\njobs:\n  build:\n    docker:\n      - image: redis\n    steps: [checkout]\nworkflows:\n  w:\n    jobs: [build]\n");
        every_feature(&analysis, Some(&good), &offsets)?;
    }
}
