//! Every editor feature at given offsets of a text, with checks that each answer's spans lie in
//! the text on character boundaries; the text generators the property tests share.

use std::sync::Arc;

use analysis::settings::Settings;
use proptest::prelude::*;

/// Text made of the characters that make positions hard: line breaks of every kind, tabs,
/// multi-byte and astral characters, and YAML punctuation.
pub fn tricky_text() -> impl Strategy<Value = String> {
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

// Every editor feature at arbitrary offsets of arbitrary and real texts: no panic, and every
// span a feature returns lies inside the text on character boundaries.

use analysis::{analyze, Analysis};
use ide::{self as features, FeatureContext};
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use syntax::yaml::Span;

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
pub fn config_text() -> impl Strategy<Value = String> {
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
    edits: &[analysis::diagnostics::TextEdit],
    what: &str,
) -> Result<(), TestCaseError> {
    for e in edits {
        span_ok(text, e.span, what)?;
    }
    let _ = analysis::diagnostics::TextEdit::apply_all(text, edits);
    Ok(())
}

/// The char boundary an arbitrary index picks (the text's end included).
pub fn boundary(text: &str, pick: Index) -> usize {
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
pub fn every_feature(
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
    let whole = Span::new(0, text.len());
    for hint in features::inlay_hints::inlay_hints(analysis, whole, Default::default()) {
        let at = Span::new(hint.offset, hint.offset);
        span_ok(text, at, "inlay hint")?;
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
            let problem = features::hover::layout::hover_problem(&h.markdown);
            prop_assert!(problem.is_none(), "hover: {problem:?}\n{}", h.markdown);
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

pub fn analysis_of(text: &str) -> Analysis {
    analyze(Arc::from(text), &Settings::default())
}

/// Runs `cases` cases of `strategy` through `test`, failing with the smallest failing input.
pub fn run<S: Strategy>(
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
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
