//! Properties that must hold for any input.

use std::sync::Arc;

use circleci_ls::document::{Change, Document};
use circleci_ls::settings::Settings;
use circleci_ls::text::positions::{self, Encoding, LineCol};
use proptest::prelude::*;
use ropey::Rope;

/// Text made of the characters that make positions hard: line breaks of every kind, tabs,
/// multi-byte and astral characters, and YAML punctuation.
fn tricky_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\n"),
            Just("\r\n"),
            Just("\r"),
            Just("\t"),
            Just(" "),
            Just("a"),
            Just("key: "),
            Just("- "),
            Just("é"),
            Just("日本"),
            Just("🚀"),
            Just("\u{FEFF}"),
            Just(":"),
            Just("#"),
            Just("["),
            Just("]"),
            Just("{"),
            Just("&a "),
            Just("*a"),
            Just("<<: "),
            Just("|\n"),
            Just("\""),
            Just("'"),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

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
        let analysis = circleci_ls::analysis::analyze(Arc::from(text.as_str()), &Settings::default());
        for f in &analysis.findings {
            prop_assert!(f.span.end <= text.len());
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
    }

    #[test]
    fn yaml_like_text_analyses_without_panic(text in tricky_text()) {
        let analysis = circleci_ls::analysis::analyze(Arc::from(text.as_str()), &Settings::default());
        for f in &analysis.findings {
            prop_assert!(f.span.end <= text.len());
        }
        for offset in (0..=text.len()).step_by(3) {
            let _ = circleci_ls::features::cursor::CursorContext::at(&text, offset);
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

// Every editor feature at arbitrary offsets of arbitrary and real texts: no panic, and every
// span a feature returns lies inside the text on character boundaries.

mod common;

use circleci_ls::analysis::{analyze, Analysis};
use circleci_ls::features::{self, FeatureContext};
use circleci_ls::yaml::Span;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Lines of CircleCI configs, so that generated texts reach deep into every feature: jobs,
/// commands, executors, orbs, parameters, anchors, Docker images and credentials, workflows.
const CONFIG_LINES: &[&str] = &[
    "version: 2.1",
    "orbs:",
    "  node: circleci/node@5.0.2",
    "  docker: circleci/docker@2.4.0",
    "parameters:",
    "  deploy:",
    "    type: boolean",
    "    default: false",
    "executors:",
    "  e:",
    "    docker:",
    "      - image: cimg/node:20.1",
    "        auth:",
    "          username: $DOCKER_USER",
    "          password: hunter2hunter2",
    "    machine: true",
    "commands:",
    "  greet:",
    "    parameters:",
    "      who:",
    "        type: string",
    "        default: world",
    "    steps:",
    "      - run: echo << parameters.who >>",
    "jobs:",
    "  build:",
    "    executor: e",
    "    docker:",
    "      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1",
    "      - image: redis",
    "    resource_class: large",
    "    steps:",
    "      - checkout",
    "      - greet:",
    "          who: << pipeline.parameters.deploy >>",
    "      - node/install",
    "      - docker/pull:",
    "          images: ubuntu:22.04",
    "      - run: |",
    "          docker login -u $U -p $P",
    "          docker run --rm alpine:3 echo hi",
    "      - run:",
    "          name: test",
    "          command: npm test",
    "  test: &t",
    "    <<: *t",
    "    executor: node/default",
    "workflows:",
    "  main:",
    "    when: << pipeline.parameters.deploy >>",
    "    jobs:",
    "      - build",
    "      - test:",
    "          requires: [build, missing]",
    "          context: [org]",
    "          matrix:",
    "            parameters:",
    "              v: [\"1\", \"2\"]",
    "          filters: {branches: {only: main}}",
    "job-groups:",
    "  g:",
    "    jobs: [build]",
    "# circleci-ls: ignore docker-hub-rate-limit",
];

/// A config-like text: lines from [`CONFIG_LINES`] and [`tricky_text`] pieces, with every kind
/// of line end.
fn config_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => prop::sample::select(CONFIG_LINES).prop_map(str::to_string),
        1 => tricky_text(),
    ];
    let end = prop_oneof![8 => Just("\n"), 1 => Just("\r\n"), 1 => Just("\r"), 1 => Just("")];
    prop::collection::vec((line, end), 0..40).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(line, end)| line + end)
            .collect::<String>()
    })
}

fn span_ok(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what} {span:?} is not a span of the {}-byte text {text:?}",
        text.len()
    );
    Ok(())
}

fn symbols_ok(text: &str, symbols: &[features::symbols::Symbol]) -> Result<(), TestCaseError> {
    for s in symbols {
        span_ok(text, s.span, "symbol")?;
        span_ok(text, s.selection_span, "symbol name")?;
        symbols_ok(text, &s.children)?;
    }
    Ok(())
}

/// Edits of one feature, applied to the text: spans inside it, and applying them never panics.
fn edits_ok(
    text: &str,
    edits: &[circleci_ls::diagnostics::TextEdit],
    what: &str,
) -> Result<(), TestCaseError> {
    for e in edits {
        span_ok(text, e.span, what)?;
    }
    let _ = circleci_ls::diagnostics::TextEdit::apply_all(text, edits);
    Ok(())
}

/// The char boundary an arbitrary index picks (the text's end included).
fn boundary(text: &str, pick: Index) -> usize {
    let count = text.chars().count() + 1;
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .nth(pick.index(count))
        .unwrap_or(text.len())
}

/// Calls every feature of the server on `analysis`: the document-wide ones once, the
/// position-based ones at each offset, code actions on the range between each offset and the
/// next.
fn every_feature(
    analysis: &Analysis,
    last_good: Option<&Analysis>,
    offsets: &[usize],
) -> Result<(), TestCaseError> {
    let text: &str = &analysis.text;
    for f in &analysis.findings {
        span_ok(text, f.span, f.code)?;
        for r in &f.related {
            span_ok(text, r.span, "related information")?;
        }
        for fix in &f.fixes {
            edits_ok(text, &fix.edits, &fix.title)?;
        }
    }
    symbols_ok(text, &features::symbols::document_symbols(analysis))?;
    for t in features::semantic_tokens::tokens(analysis) {
        span_ok(text, t.span, "semantic token")?;
    }
    for fold in features::folding::folding_ranges(analysis) {
        span_ok(text, fold.span, "folding range")?;
    }
    for link in features::links::document_links(analysis) {
        span_ok(text, link.span, "document link")?;
    }
    for (i, &offset) in offsets.iter().enumerate() {
        let ctx = FeatureContext {
            analysis,
            last_good,
            offset,
        };
        for item in features::completion::complete(&ctx) {
            span_ok(text, item.replace, "completion range")?;
        }
        if let Some(h) = features::hover::hover(&ctx) {
            span_ok(text, h.span, "hover range")?;
        }
        for s in features::navigation::definition(&ctx) {
            span_ok(text, s, "definition")?;
        }
        for include_declaration in [true, false] {
            for s in features::navigation::references(&ctx, include_declaration) {
                span_ok(text, s, "reference")?;
            }
        }
        for (s, _) in features::navigation::highlights(&ctx) {
            span_ok(text, s, "highlight")?;
        }
        if let Ok(s) = features::navigation::prepare_rename(&ctx) {
            span_ok(text, s, "rename range")?;
        }
        for new_name in ["renamed", "", "a b", "é🚀"] {
            if let Ok(edits) = features::navigation::rename(&ctx, new_name) {
                edits_ok(text, &edits, "rename")?;
            }
        }
        for s in features::selection::selection_ranges(analysis, offset) {
            span_ok(text, s, "selection range")?;
        }
        let next = offsets.get(i + 1).copied().unwrap_or(offset);
        let range = Span {
            start: offset.min(next),
            end: offset.max(next),
        };
        for action in features::code_actions::code_actions(analysis, range) {
            span_ok(text, action.finding.span, "code action finding")?;
            edits_ok(text, &action.fix.edits, &action.fix.title)?;
        }
    }
    Ok(())
}

fn analysis_of(text: &str) -> Analysis {
    analyze(Arc::from(text), &Settings::default())
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

/// Runs `cases` cases of `strategy` through `test`, failing with the smallest failing input.
fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(Config {
        cases,
        ..Config::default()
    });
    let result = runner.run(&strategy, test);
    assert!(
        result.is_ok(),
        "{}",
        result.err().map(|e| e.to_string()).unwrap_or_default()
    );
}

#[test]
fn every_feature_at_any_offset_of_corpus_texts() {
    let Some(files) = common::data::corpus() else {
        return;
    };
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
    let Some(files) = common::data::corpus() else {
        return;
    };
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
