//! Every request handler at arbitrary LSP positions and ranges (past line ends, past the last
//! line, inside surrogate pairs), in both position encodings: no panic, and every position in
//! an answer is one the client's document has.

use proptest::prelude::*;
use serde_json::Value;
use tower_lsp_server::ls_types as lsp;

use super::capabilities::{ClientCaps, Markup};
use super::convert;
use super::requests::folding::folding_ranges;
use super::requests::links::document_links;
use super::requests::selection::selection_ranges;
use super::requests::semantic_tokens::{semantic_tokens, semantic_tokens_up_to};
use super::requests::symbols::{document_symbols, workspace_symbols};
use super::requests::{self, Cx, DocumentRequest, Params};
use super::snapshot::Snapshot;
use syntax::text::positions::Encoding;

const PIECES: &[&str] = &[
    "version: 2.1\n",
    "jobs:\n",
    "  build:\n",
    "    docker:\n",
    "      - image: redis\n",
    "        auth: {username: u, password: hunter2hunter2}\n",
    "    steps:\n",
    "      - checkout\n",
    "      - greet: {who: << pipeline.git.branch >>}\n",
    "commands:\n",
    "  greet:\n",
    "    parameters: {who: {type: string}}\n",
    "    steps: [run: echo << parameters.who >>]\n",
    "workflows:\n",
    "  w:\n",
    "    jobs: [build, {test: {requires: [build]}}]\n",
    "orbs: {node: circleci/node@5}\n",
    "x: &a {k: v}\n",
    "y: *a\n",
    "\r\n",
    "\r",
    "\t",
    "é",
    "🚀",
    "日本",
    "  ",
    ": ",
    "- ",
    "#",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..30).prop_map(|p| p.concat())
}

/// Positions an editor may send, valid or not.
fn position() -> impl Strategy<Value = lsp::Position> {
    let line = prop_oneof![8 => 0u32..30, 1 => Just(u32::MAX)];
    let character = prop_oneof![8 => 0u32..60, 1 => Just(u32::MAX)];
    (line, character).prop_map(|(line, character)| lsp::Position { line, character })
}

fn snapshot(text: &str, encoding: Encoding, rich: bool) -> Snapshot {
    let markup = if rich {
        Markup::Markdown
    } else {
        Markup::PlainText
    };
    let caps = ClientCaps {
        encoding,
        snippets: rich,
        completion_docs: markup,
        hover_docs: markup,
        related_information: rich,
        document_changes: rich,
        code_action_literals: true,
        hierarchical_symbols: rich,
        ..ClientCaps::default()
    };
    let uri = "file:///p/.circleci/config.yml"
        .parse()
        .expect("a valid URI");
    Snapshot::of_text(uri, text, caps)
}

/// The answer of request `R` on `s`, as JSON; an error answer is `null`.
fn answer<R: DocumentRequest>(s: &Snapshot, params: Params<R>) -> Value
where
    super::requests::Answer<R>: serde::Serialize,
{
    R::handle(&Cx::new(s, R::SCOPE), params).map_or(Value::Null, json)
}

fn at(s: &Snapshot, position: lsp::Position) -> lsp::TextDocumentPositionParams {
    lsp::TextDocumentPositionParams {
        text_document: lsp::TextDocumentIdentifier { uri: s.uri.clone() },
        position,
    }
}

/// Checks every `{start, end}` position pair in an answer: each position exists in the
/// document (it survives a round trip through an offset), and start is not after end.
fn ranges_ok(s: &Snapshot, answer: &Value, what: &str) -> Result<(), TestCaseError> {
    match answer {
        Value::Array(items) => {
            for item in items {
                ranges_ok(s, item, what)?;
            }
        }
        Value::Object(map) => {
            if let (Some(start), Some(end)) = (map.get("start"), map.get("end")) {
                if let (Some(a), Some(b)) = (position_of(start), position_of(end)) {
                    position_ok(s, a, what)?;
                    position_ok(s, b, what)?;
                    prop_assert!(
                        (a.line, a.character) <= (b.line, b.character),
                        "{what}: {answer}"
                    );
                }
            }
            for value in map.values() {
                ranges_ok(s, value, what)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn position_of(value: &Value) -> Option<lsp::Position> {
    serde_json::from_value(value.clone()).ok()
}

fn position_ok(s: &Snapshot, p: lsp::Position, what: &str) -> Result<(), TestCaseError> {
    let back = convert::position(&s.rope, convert::offset(&s.rope, p, s.enc()), s.enc());
    prop_assert_eq!(
        back,
        p,
        "{}: {:?} is not a position of the document",
        what,
        p
    );
    Ok(())
}

fn json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn every_handler(s: &Snapshot, a: lsp::Position, b: lsp::Position) -> Result<(), TestCaseError> {
    for f in &s.analysis.findings {
        let d = convert::diagnostic(&s.rope, &s.uri, f, s.enc(), &s.caps);
        ranges_ok(s, &json(d), "diagnostic")?;
    }
    ranges_ok(s, &json(document_symbols(s)), "document symbols")?;
    ranges_ok(
        s,
        &json(workspace_symbols(std::slice::from_ref(s), "b")),
        "workspace symbols",
    )?;
    ranges_ok(s, &json(folding_ranges(s)), "folding ranges")?;
    let lines = u32::try_from(s.rope.len_lines()).unwrap_or(u32::MAX);
    for fold in folding_ranges(s) {
        prop_assert!(
            fold.start_line <= fold.end_line && fold.end_line < lines,
            "{fold:?}"
        );
    }
    ranges_ok(s, &json(document_links(s)), "document links")?;
    let range = lsp::Range { start: a, end: b };
    for window in [None, Some(range)] {
        let tokens = semantic_tokens(s, window);
        let (mut line, mut start) = (0u32, 0u32);
        for t in &tokens.data {
            line += t.delta_line;
            start = if t.delta_line == 0 {
                start + t.delta_start
            } else {
                t.delta_start
            };
            position_ok(
                s,
                lsp::Position {
                    line,
                    character: start,
                },
                "semantic token",
            )?;
            let end = lsp::Position {
                line,
                character: start + t.length,
            };
            position_ok(s, end, "semantic token end")?;
        }
    }
    for pos in [a, b] {
        every_position_request(s, pos)?;
    }
    ranges_ok(s, &json(selection_ranges(s, &[a, b])), "selection ranges")?;
    let params = lsp::CodeActionParams {
        text_document: lsp::TextDocumentIdentifier { uri: s.uri.clone() },
        range,
        context: lsp::CodeActionContext::default(),
        work_done_progress_params: lsp::WorkDoneProgressParams::default(),
        partial_result_params: lsp::PartialResultParams::default(),
    };
    ranges_ok(
        s,
        &answer::<requests::CodeActions>(s, params),
        "code actions",
    )?;
    Ok(())
}

/// Every request that takes a position, at `pos`.
fn every_position_request(s: &Snapshot, pos: lsp::Position) -> Result<(), TestCaseError> {
    let progress = lsp::WorkDoneProgressParams::default;
    let partial = lsp::PartialResultParams::default;
    let completion = lsp::CompletionParams {
        text_document_position: at(s, pos),
        work_done_progress_params: progress(),
        partial_result_params: partial(),
        context: None,
    };
    ranges_ok(
        s,
        &answer::<requests::Completion>(s, completion),
        "completion",
    )?;
    let hover = lsp::HoverParams {
        text_document_position_params: at(s, pos),
        work_done_progress_params: progress(),
    };
    ranges_ok(s, &answer::<requests::Hover>(s, hover), "hover")?;
    let definition = lsp::GotoDefinitionParams {
        text_document_position_params: at(s, pos),
        work_done_progress_params: progress(),
        partial_result_params: partial(),
    };
    ranges_ok(
        s,
        &answer::<requests::Definition>(s, definition),
        "definition",
    )?;
    let references = lsp::ReferenceParams {
        text_document_position: at(s, pos),
        work_done_progress_params: progress(),
        partial_result_params: partial(),
        context: lsp::ReferenceContext {
            include_declaration: true,
        },
    };
    ranges_ok(
        s,
        &answer::<requests::References>(s, references),
        "references",
    )?;
    let highlights = lsp::DocumentHighlightParams {
        text_document_position_params: at(s, pos),
        work_done_progress_params: progress(),
        partial_result_params: partial(),
    };
    ranges_ok(
        s,
        &answer::<requests::Highlights>(s, highlights),
        "highlights",
    )?;
    ranges_ok(
        s,
        &answer::<requests::PrepareRename>(s, at(s, pos)),
        "prepare rename",
    )?;
    let rename = lsp::RenameParams {
        text_document_position: at(s, pos),
        new_name: "renamed".to_string(),
        work_done_progress_params: progress(),
    };
    ranges_ok(s, &answer::<requests::Rename>(s, rename), "rename")?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_handler_answers_with_positions_of_the_document(
        text in text(),
        a in position(),
        b in position(),
        utf8 in any::<bool>(),
        rich in any::<bool>(),
    ) {
        let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        every_handler(&snapshot(&text, encoding, rich), a, b)?;
    }
}

/// The check itself: a range past the document's end is caught.
#[test]
fn a_position_outside_the_document_is_caught() {
    let s = snapshot("a: b\n", Encoding::Utf16, true);
    let inside = json(lsp::Range::new(
        lsp::Position::new(0, 0),
        lsp::Position::new(0, 4),
    ));
    assert!(ranges_ok(&s, &inside, "test").is_ok());
    for outside in [lsp::Position::new(0, 5), lsp::Position::new(3, 0)] {
        let answer = json(vec![lsp::Range::new(lsp::Position::new(0, 0), outside)]);
        assert!(ranges_ok(&s, &answer, "test").is_err(), "{outside:?}");
    }
}

/// A semantic tokens answer cut at the limit is the start of the whole answer, so the client
/// decodes the tokens it gets exactly as it would have.
#[test]
fn semantic_tokens_cut_at_the_limit_are_the_first_ones() {
    let text = format!(
        "version: 2.1\njobs:\n  build:\n    machine: true\n    steps:\n      - run: echo {}\n      - run: echo $B\n",
        "$A".repeat(40)
    );
    let s = snapshot(&text, Encoding::Utf16, true);
    let whole = semantic_tokens_up_to(&s, None, usize::MAX).data;
    assert!(whole.len() > 45, "{}", whole.len());
    let cut = semantic_tokens_up_to(&s, None, 20).data;
    assert_eq!(cut.len(), 20);
    assert_eq!(cut[..], whole[..20]);
    let window = lsp::Range::new(lsp::Position::new(5, 0), lsp::Position::new(6, 0));
    let in_window = semantic_tokens_up_to(&s, Some(window), 3).data;
    assert_eq!(in_window.len(), 3);
}
