//! Builds the spanned tree from saphyr-parser's events.
//!
//! saphyr-parser reports positions in characters and some of its spans are loose (a quoted
//! scalar's end can include a trailing comment, a block scalar starts at its content rather
//! than at `|`, a node's start includes its anchor and tag). This module turns them into exact
//! byte spans, resolves aliases and `<<` merges, and never panics.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle};

use super::aliases::{count_nodes, is_merge_key, mark_via_alias, merge_keys};
use super::ast::*;
use super::comments::scan_comments;
use crate::text::lines::LineIndex;

/// Deeper nesting than this is reported as an error instead of being built; it keeps recursive
/// walks over the tree (and its drop) far from the stack limit.
pub(super) const MAX_DEPTH: usize = 256;

/// Total nodes that alias expansion may copy in one document; guards against "billion laughs".
pub(super) const MAX_ALIAS_NODES: usize = 250_000;

/// How many under-indented flow lines `parse` forgives in one text.
const MAX_LENIENT_FIXES: usize = 32;

/// Parses a YAML stream. Never panics; a syntax error ends parsing and the tree so far is kept.
///
/// Like libyaml (and so PyYAML and CircleCI itself), it accepts the closing `]` or `}` of a
/// multi-line flow collection in its parent key's column; the YAML spec and saphyr-parser
/// reject it. Such a line is parsed as if it had one more space, and spans are mapped back to
/// the real text.
pub fn parse(text: &str) -> ParsedYaml {
    parse_shared(&Arc::from(text))
}

/// [`parse`] for a text that is already shared: scalar values written verbatim point into
/// `text` instead of copying it.
pub fn parse_shared(text: &Arc<str>) -> ParsedYaml {
    let mut current = text.clone();
    // Where spaces were inserted, as offsets into `current`.
    let mut inserted: Vec<usize> = Vec::new();
    loop {
        let (mut parsed, retry_at) = parse_once(&current);
        match retry_at {
            Some(at) if inserted.len() < MAX_LENIENT_FIXES && !inserted.contains(&at) => {
                for p in inserted.iter_mut().filter(|p| **p >= at) {
                    *p += 1;
                }
                inserted.push(at);
                let mut fixed = current.to_string();
                fixed.insert(at, ' ');
                current = Arc::from(fixed);
            }
            _ => {
                if !inserted.is_empty() {
                    inserted.sort_unstable();
                    remap(&mut parsed, &|m| m - inserted.partition_point(|p| *p < m));
                    parsed.lenient = true;
                }
                return parsed;
            }
        }
    }
}

fn parse_once(text: &Arc<str>) -> (ParsedYaml, Option<usize>) {
    contain_parser(|| Builder::new(text).run())
}

/// Runs the third-party parser: a panic in it must not take the server down.
fn contain_parser(
    run: impl FnOnce() -> (ParsedYaml, Option<usize>),
) -> (ParsedYaml, Option<usize>) {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(parsed) => parsed,
        Err(_) => (
            ParsedYaml {
                errors: vec![SyntaxError {
                    message: "The YAML parser failed on this text (internal error).".to_string(),
                    span: Span::empty(0),
                }],
                ..ParsedYaml::default()
            },
            None,
        ),
    }
}

/// A region of a document to parse on its own: whole entries of a block mapping, read after
/// a stand-in prelude whose anchors stand for those the document defines before the region
/// (see `reparse`).
pub(super) struct Region<'a> {
    /// The whole document; spans and scalar values refer to it.
    pub(super) text: &'a Arc<str>,
    /// What the YAML parser reads: the prelude, then `text[start..end]`.
    pub(super) input: &'a str,
    pub(super) prelude_len: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    /// The nodes the prelude's anchors stand for, in the order it defines them.
    pub(super) anchors: Vec<Node>,
    /// What the document's aliases outside the region leave of the expansion budget.
    pub(super) alias_budget: usize,
    /// How much deeper the region's collections nest in the document than in `input`.
    pub(super) depth_offset: isize,
}

/// Parses a region; any syntax error in it makes an error without a message, since the
/// caller then parses the whole document instead.
pub(super) fn parse_region(region: Region<'_>) -> ParsedYaml {
    contain_parser(|| Builder::for_region(region).run()).0
}

fn remap(parsed: &mut ParsedYaml, f: &dyn Fn(usize) -> usize) {
    let span = |s: &mut Span| *s = Span::new(f(s.start), f(s.end));
    for doc in &mut parsed.documents {
        span(&mut doc.span);
        if let Some(root) = &mut doc.root {
            remap_node(root, f);
        }
        for a in &mut doc.anchors {
            span(&mut a.span);
            span(&mut a.node_span);
        }
        for a in &mut doc.aliases {
            span(&mut a.span);
        }
    }
    for e in &mut parsed.errors {
        span(&mut e.span);
    }
    for c in &mut parsed.comments {
        span(&mut c.span);
    }
}

fn remap_node(node: &mut Node, f: &dyn Fn(usize) -> usize) {
    let map = |s: Span| Span::new(f(s.start), f(s.end));
    node.span = map(node.span);
    node.via_alias = node.via_alias.map(map);
    if let Some(a) = &mut node.anchor {
        a.span = map(a.span);
    }
    match &mut node.kind {
        NodeKind::Mapping(m) => {
            for e in &mut m.entries {
                e.merged_from = e.merged_from.map(map);
                remap_node(&mut e.key, f);
                remap_node(&mut e.value, f);
            }
        }
        NodeKind::Sequence(s) => {
            for item in &mut s.items {
                remap_node(item, f);
            }
        }
        _ => {}
    }
}

/// Maps saphyr's character indices to byte offsets.
struct CharIndex {
    /// Byte offset of every character, plus the text length; empty for ASCII text.
    offsets: Vec<usize>,
    len: usize,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        let offsets = if text.is_ascii() {
            Vec::new()
        } else {
            let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            v.push(text.len());
            v
        };
        CharIndex {
            offsets,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.offsets.is_empty() {
            char_index.min(self.len)
        } else {
            self.offsets.get(char_index).copied().unwrap_or(self.len)
        }
    }
}

/// A collection being built. Its entries or items so far are the tail of the builder's
/// `open_entries` or `open_items` from `first` on.
enum Frame {
    Mapping {
        start: usize,
        flow: bool,
        props: Props,
        first: usize,
        pending_key: Option<Node>,
    },
    Sequence {
        start: usize,
        flow: bool,
        props: Props,
        first: usize,
    },
}

#[derive(Default)]
struct Props {
    anchor: Option<Box<Anchor>>,
    anchor_id: usize,
    tag: Option<Box<Tag>>,
}

struct Builder<'t> {
    text: &'t str,
    /// The same text, shared by the scalar values written verbatim.
    shared: &'t Arc<str>,
    /// What the YAML parser reads: `text` itself, or for a region, a prelude and the region.
    input: &'t str,
    /// Where `input` sits in `text`.
    placement: Placement,
    /// How much deeper than in `input` the collections nest in the document.
    depth_offset: isize,
    chars: CharIndex,
    stack: Vec<Frame>,
    /// The entries of every open mapping, innermost last: one growing vector instead of one
    /// per mapping, and each finished mapping gets an exactly sized slice.
    open_entries: Vec<Entry>,
    /// The items of every open sequence, innermost last.
    open_items: Vec<Node>,
    documents: Vec<Document>,
    errors: Vec<SyntaxError>,
    /// Anchor id to the anchored node, for the current document.
    anchored: HashMap<usize, Node>,
    anchors: Vec<AnchorDef>,
    aliases: Vec<AliasUse>,
    root: Option<Node>,
    doc_open: bool,
    alias_budget: usize,
    /// Spans of quoted and block scalars, where a `#` is not a comment.
    string_spans: Vec<Span>,
}

/// Where the parser's input sits in the document: after a prelude of `prelude_len` bytes
/// comes the document's text from `start` to `end`. All zero when the input is the document.
#[derive(Clone, Copy, Default)]
struct Placement {
    prelude_len: usize,
    start: usize,
    end: Option<usize>,
}

impl Placement {
    fn is_region(&self) -> bool {
        self.end.is_some()
    }

    /// The document offset of an input offset; the prelude stands at the region's start.
    fn offset(&self, input_offset: usize) -> usize {
        input_offset.saturating_sub(self.prelude_len) + self.start
    }
}

impl<'t> Builder<'t> {
    fn new(shared: &'t Arc<str>) -> Builder<'t> {
        let text: &'t str = shared;
        Builder {
            text,
            shared,
            input: text,
            placement: Placement::default(),
            depth_offset: 0,
            chars: CharIndex::new(text),
            stack: Vec::new(),
            open_entries: Vec::new(),
            open_items: Vec::new(),
            documents: Vec::new(),
            errors: Vec::new(),
            anchored: HashMap::new(),
            anchors: Vec::new(),
            aliases: Vec::new(),
            root: None,
            doc_open: false,
            alias_budget: MAX_ALIAS_NODES,
            string_spans: Vec::new(),
        }
    }

    /// A builder for a region: the parser reads the prelude and the region, and every span
    /// and value refers to the document. The prelude's anchors stand for `region.anchors`:
    /// saphyr numbers anchors from 1 in the order it meets them.
    fn for_region(region: Region<'t>) -> Builder<'t> {
        let mut builder = Builder::new(region.text);
        builder.input = region.input;
        builder.chars = CharIndex::new(region.input);
        builder.placement = Placement {
            prelude_len: region.prelude_len,
            start: region.start,
            end: Some(region.end),
        };
        builder.depth_offset = region.depth_offset;
        builder.alias_budget = region.alias_budget;
        builder.anchored = (1..).zip(region.anchors).collect();
        builder
    }

    /// The document offset of a character index into the parser's input.
    fn at(&self, char_index: usize) -> usize {
        self.placement.offset(self.chars.byte(char_index))
    }

    /// Parses the text; also returns where a space would forgive an under-indented flow line.
    fn run(mut self) -> (ParsedYaml, Option<usize>) {
        let mut parser = Parser::new_from_str(self.input);
        let mut retry_at = None;
        loop {
            match parser.next_event() {
                None => break,
                Some(Err(err)) => {
                    let at = self.at(err.marker().index());
                    if self.placement.is_region() {
                        // The caller parses the whole document instead, which words it.
                        self.errors.push(SyntaxError {
                            message: String::new(),
                            span: Span::empty(at),
                        });
                        break;
                    }
                    retry_at = self.lenient_retry(at, err.info());
                    self.syntax_error(at, err.info());
                    break;
                }
                Some(Ok((event, span))) => {
                    if self.placement.is_region() && self.leans_past_region(&event, span.end) {
                        // Placed by what follows the region, which the input does not hold.
                        self.errors.push(SyntaxError {
                            message: String::new(),
                            span: Span::empty(self.at(span.end.index())),
                        });
                        break;
                    }
                    let start = self.at(span.start.index());
                    let end = self.at(span.end.index());
                    if !self.event(event, start, end) {
                        break;
                    }
                }
            }
        }
        self.close_document();
        let (text, from) = match self.placement.end {
            Some(end) => (
                self.text.get(..end).unwrap_or(self.text),
                self.placement.start,
            ),
            None => (self.text, 0),
        };
        let comments = scan_comments(text, from, &mut self.string_spans);
        let parsed = ParsedYaml {
            documents: self.documents,
            errors: self.errors,
            comments,
            lenient: false,
        };
        (parsed, retry_at)
    }

    /// Whether a node's event takes its place from the token after the region, which the
    /// parser meets as the end of the input: an empty value placed at the next token (of
    /// `? key`, say), or a block scalar without content, which starts there. A block scalar
    /// with content ends there too, but only to be trimmed back to its last character, which
    /// is the same either way.
    fn leans_past_region(&self, event: &Event<'_>, end: saphyr_parser::Marker) -> bool {
        if self.chars.byte(end.index()) < self.input.len() {
            return false;
        }
        match event {
            Event::Scalar(value, SaphyrStyle::Literal | SaphyrStyle::Folded, ..) => {
                value.trim().is_empty()
            }
            Event::SequenceEnd | Event::MappingEnd | Event::DocumentEnd | Event::StreamEnd => false,
            _ => true,
        }
    }

    /// For an indentation error on a line inside a flow collection that starts with its
    /// closing bracket, the start of that line.
    fn lenient_retry(&self, at: usize, info: &str) -> Option<usize> {
        if !info.contains("invalid indentation") {
            return None;
        }
        let in_flow = self.stack.iter().any(|f| {
            matches!(
                f,
                Frame::Sequence { flow: true, .. } | Frame::Mapping { flow: true, .. }
            )
        });
        if !in_flow {
            return None;
        }
        let before = self.text.get(..at)?;
        let line_start = before.rfind(['\n', '\r']).map_or(0, |p| p + 1);
        // Only a closing bracket is forgiven: a key back at the block's indentation means the
        // bracket was never closed, which must stay an error.
        let closes = matches!(self.text.as_bytes().get(at), Some(b']' | b'}'));
        (closes && before[line_start..].chars().all(|c| c == ' ')).then_some(line_start)
    }

    /// Records the parser's error, pointing at the likelier culprit for the errors people make
    /// while typing.
    fn syntax_error(&mut self, at: usize, info: &str) {
        let found = if info.contains("unknown anchor") {
            Some(self.unknown_alias(at))
        } else {
            let colon = info.contains("simple key expect ':'")
                || info.contains("could not find expected ':'");
            colon
                .then(|| self.missing_colon(at))
                .flatten()
                .or_else(|| self.unclosed_flow(at))
        };
        match found {
            Some(error) => self.errors.push(error),
            None => self.error(at, super::syntax_messages::describe(self.text, at, info)),
        }
    }

    /// An alias whose anchor is not defined before it, named as written.
    fn unknown_alias(&self, at: usize) -> SyntaxError {
        // Only the first `*` is the alias mark: `**x` is an alias named `*x`.
        let rest = self.text.get(at..).unwrap_or("");
        let after_mark = rest.strip_prefix('*').unwrap_or(rest);
        let name: String = after_mark
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
            .collect();
        let end = at + (rest.len() - after_mark.len()) + name.len();
        SyntaxError {
            message: format!("No anchor `&{name}` is defined before this alias; define it earlier in the file or fix the name."),
            span: Span::new(at, end.min(self.text.len())),
        }
    }

    /// A key without its `:`. The parser notices a missing `:` only at the next line; the
    /// half-typed key is on the last non-blank line before it.
    fn missing_colon(&self, at: usize) -> Option<SyntaxError> {
        let before = &self.text[..at.min(self.text.len())];
        let line_start = before.rfind(['\n', '\r']).map_or(0, |p| p + 1);
        let prev = before[..line_start].trim_end_matches(['\n', '\r', ' ', '\t']);
        let prev_start = prev.rfind(['\n', '\r']).map_or(0, |p| p + 1);
        let line = &prev[prev_start..];
        let content = line.trim_start_matches([' ', '\t', '-']).trim_start();
        if content.is_empty() || content.contains(':') || content.starts_with('#') {
            return None;
        }
        let start = prev_start + (line.len() - content.len());
        let content = content.trim_end();
        Some(SyntaxError {
            message: format!(
                "Expected `:` after `{content}`; a mapping key needs a colon (`{content}:`)."
            ),
            span: Span::new(start, start + content.len()),
        })
    }

    /// An unclosed `[` or `{`. It is noticed only at the end of the text, or where the block
    /// structure resumes (a later line indented no deeper than the opener's line); the opener
    /// is the place to fix.
    fn unclosed_flow(&self, at: usize) -> Option<SyntaxError> {
        let (start, open, close) = self.stack.iter().rev().find_map(|f| match f {
            Frame::Sequence {
                flow: true, start, ..
            } => Some((*start, "[", "]")),
            Frame::Mapping {
                flow: true, start, ..
            } => Some((*start, "{", "}")),
            _ => None,
        })?;
        let rest_is_blank = self.text.get(at..).is_some_and(|r| r.trim().is_empty());
        let (open_line_start, open_indent) = line_indent(self.text, start);
        let (err_line_start, err_indent) = line_indent(self.text, at);
        let dedented = err_line_start > open_line_start && err_indent <= open_indent;
        let message = if rest_is_blank {
            format!("This `{open}` is never closed; add `{close}`.")
        } else if dedented {
            let line = self.resumed_line(open_line_start, open_indent, err_line_start);
            format!("This `{open}` is not closed before line {line}; add `{close}`.")
        } else {
            return None;
        };
        Some(SyntaxError {
            message,
            span: Span::new(start, start + 1),
        })
    }

    /// The number (from 1) of the first line after the opener's that is back at the opener's
    /// indentation: where the author went on with the block structure.
    fn resumed_line(
        &self,
        open_line_start: usize,
        open_indent: usize,
        err_line_start: usize,
    ) -> usize {
        let lines = LineIndex::new(self.text);
        let first = lines.line_of(open_line_start) + 1;
        let last = lines.line_of(err_line_start);
        let resumed = (first..last)
            .filter_map(|n| Some((lines.line_start(n)?, lines.line_end(n)?)))
            .find(|&(start, end)| {
                let l = self.text.get(start..end).unwrap_or("");
                let body = l.trim_start_matches(' ');
                !body.trim().is_empty()
                    && !body.starts_with('#')
                    && l.len() - body.len() <= open_indent
            })
            .map_or(err_line_start, |(start, _)| start);
        lines.line_of(resumed) + 1
    }

    fn error(&mut self, at: usize, message: String) {
        let end = self.text[at.min(self.text.len())..]
            .chars()
            .next()
            .filter(|c| *c != '\n' && *c != '\r')
            .map_or(at, |c| at + c.len_utf8());
        self.errors.push(SyntaxError {
            message,
            span: Span::new(at, end),
        });
    }

    /// Handles one event; returns false to stop parsing.
    fn event(&mut self, event: Event<'_>, start: usize, end: usize) -> bool {
        let is_sequence = matches!(event, Event::SequenceStart(..));
        match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            Event::DocumentStart(_) => {
                self.close_document();
                self.doc_open = true;
            }
            Event::DocumentEnd => self.close_document(),
            Event::Alias(id) => {
                let node = self.alias(id, start, end);
                self.push_node(node);
            }
            Event::Scalar(value, style, anchor_id, tag) => {
                let (props, content_start) = self.props(start, end, anchor_id, tag.is_some());
                let node = self.scalar(value, style, content_start, end, props);
                self.push_node(node);
            }
            Event::SequenceStart(anchor_id, tag) | Event::MappingStart(anchor_id, tag) => {
                if self.stack.len() as isize + self.depth_offset >= MAX_DEPTH as isize {
                    self.error(
                        start,
                        format!("Nesting deeper than {MAX_DEPTH} levels is not supported."),
                    );
                    return false;
                }
                let (props, content_start) = self.props(start, end, anchor_id, tag.is_some());
                let first = self.text.as_bytes().get(content_start).copied();
                let frame = if is_sequence {
                    Frame::Sequence {
                        start: content_start,
                        flow: first == Some(b'['),
                        props,
                        first: self.open_items.len(),
                    }
                } else {
                    Frame::Mapping {
                        start: content_start,
                        flow: first == Some(b'{'),
                        props,
                        first: self.open_entries.len(),
                        pending_key: None,
                    }
                };
                self.stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let node = self.finish_frame(frame, Some(end));
                    self.push_node(node);
                }
            }
        }
        true
    }

    /// Reads `&anchor` and `!tag` written at `start`; returns them and where the content starts.
    fn props(
        &mut self,
        start: usize,
        end: usize,
        anchor_id: usize,
        has_tag: bool,
    ) -> (Props, usize) {
        let mut props = Props {
            anchor_id,
            ..Props::default()
        };
        if anchor_id == 0 && !has_tag {
            return (props, start);
        }
        let bytes = self.text.as_bytes();
        let mut i = start;
        while let Some(b'&' | b'!') = bytes.get(i) {
            let token_start = i;
            while i < bytes.len()
                && !is_yaml_space(bytes[i])
                && !matches!(bytes[i], b',' | b'[' | b']' | b'{' | b'}')
            {
                i += 1;
            }
            let token = &self.text[token_start..i];
            if let Some(name) = token.strip_prefix('&') {
                props.anchor = Some(Box::new(Anchor {
                    name: name.to_string(),
                    span: Span::new(token_start, i),
                }));
            } else {
                props.tag = Some(Box::new(Tag {
                    text: SharedStr::slice(self.shared, token_start..i),
                }));
            }
            while i < bytes.len() && is_yaml_space(bytes[i]) {
                i += 1;
            }
        }
        // A node with properties and no content (`key: &a`) ends where its properties end.
        (props, if i > end && end >= start { end } else { i })
    }

    fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: SaphyrStyle,
        start: usize,
        end: usize,
        props: Props,
    ) -> Node {
        let (style, span) = match style {
            SaphyrStyle::Plain => (ScalarStyle::Plain, Span::new(start, end.max(start))),
            SaphyrStyle::SingleQuoted => (
                ScalarStyle::SingleQuoted,
                self.quoted_span(start, end, b'\''),
            ),
            SaphyrStyle::DoubleQuoted => (
                ScalarStyle::DoubleQuoted,
                self.quoted_span(start, end, b'"'),
            ),
            SaphyrStyle::Literal => (ScalarStyle::Literal, self.block_span(start, end)),
            SaphyrStyle::Folded => (ScalarStyle::Folded, self.block_span(start, end)),
        };
        if style != ScalarStyle::Plain {
            self.string_spans.push(span);
        }
        // Where the value would be written verbatim: after a quote, else where it starts.
        let verbatim_at = match style {
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => span.start + 1,
            _ => start,
        };
        let value = self.value(value, verbatim_at);
        let node = Node {
            kind: NodeKind::Scalar(Scalar { value, style }),
            span,
            anchor: props.anchor,
            tag: props.tag,
            via_alias: None,
        };
        self.remember_anchor(props.anchor_id, &node);
        node
    }

    /// A scalar value as a range of the text when it is written verbatim at `at` (most are),
    /// else a copy of its own.
    fn value(&self, value: Cow<'_, str>, at: usize) -> SharedStr {
        let range = at..at + value.len();
        if self.text.get(range.clone()) == Some(value.as_ref()) {
            SharedStr::slice(self.shared, range)
        } else {
            SharedStr::from(value.into_owned())
        }
    }

    /// A quoted scalar ends at its closing quote, not at a comment after it.
    fn quoted_span(&self, start: usize, end: usize, quote: u8) -> Span {
        let bytes = self.text.as_bytes();
        if bytes.get(start) != Some(&quote) {
            return Span::new(start, end);
        }
        let mut i = start + 1;
        while i < bytes.len() {
            let b = bytes[i];
            if quote == b'"' && b == b'\\' {
                i += 2;
                continue;
            }
            if b == quote {
                if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                return Span::new(start, i + 1);
            }
            i += 1;
        }
        Span::new(start, end)
    }

    /// A block scalar spans from its `|` or `>` indicator to its last non-blank character.
    fn block_span(&self, content_start: usize, end: usize) -> Span {
        let bytes = self.text.as_bytes();
        // Walk back over the line break(s) before the content to the header line.
        let mut i = content_start.min(bytes.len());
        while i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
            i -= 1;
        }
        let header_end = i;
        let line_start = self.text[..header_end]
            .rfind(['\n', '\r'])
            .map_or(0, |p| p + 1);
        let header = &self.text[line_start..header_end];
        // The indicator is the last `|` or `>` outside a trailing comment.
        let without_comment = match header.find(" #") {
            Some(p) => &header[..p],
            None => header,
        };
        let start = without_comment
            .rfind(['|', '>'])
            .map_or(content_start, |p| line_start + p);
        let mut stop = end.min(bytes.len()).max(content_start);
        while stop > content_start && matches!(bytes[stop - 1], b' ' | b'\t' | b'\n' | b'\r') {
            stop -= 1;
        }
        if stop <= content_start {
            // An empty block scalar: just the header's indicator.
            let indicator_end = self.text[start..header_end.max(start)]
                .find(|c: char| c.is_whitespace())
                .map_or(header_end.max(start), |p| start + p);
            return Span::new(start, indicator_end);
        }
        Span::new(start, stop)
    }

    fn alias(&mut self, id: usize, start: usize, end: usize) -> Node {
        let span = Span::new(start, end);
        let name = span.text(self.text).trim_start_matches('*').to_string();
        let in_merge = matches!(
            self.stack.last(),
            Some(Frame::Mapping { pending_key: Some(k), .. }) if is_merge_key(k)
        ) || matches!(self.stack.as_slice(), [.., Frame::Mapping { pending_key: Some(k), .. }, Frame::Sequence { .. }] if is_merge_key(k));
        let found = self.anchored.get(&id);
        let resolved = match found {
            Some(node) => {
                let size = count_nodes(node);
                if size <= self.alias_budget {
                    self.alias_budget -= size;
                    let mut copy = node.clone();
                    mark_via_alias(&mut copy, span);
                    Some(copy)
                } else {
                    None
                }
            }
            None => None,
        };
        self.aliases.push(AliasUse {
            name: name.clone(),
            span,
            resolved: resolved.is_some(),
            in_merge,
        });
        resolved.unwrap_or(Node {
            kind: NodeKind::UnresolvedAlias(name),
            span,
            anchor: None,
            tag: None,
            via_alias: None,
        })
    }

    fn remember_anchor(&mut self, anchor_id: usize, node: &Node) {
        if anchor_id == 0 {
            return;
        }
        if let Some(anchor) = &node.anchor {
            self.anchors.push(AnchorDef {
                name: anchor.name.clone(),
                span: anchor.span,
                node_span: node.span,
            });
            self.anchored.insert(anchor_id, node.clone());
        }
    }

    fn finish_frame(&mut self, frame: Frame, end_marker: Option<usize>) -> Node {
        let (kind, start, flow, props, last_end) = match frame {
            Frame::Mapping {
                start,
                flow,
                props,
                first,
                pending_key,
            } => {
                let mut entries: Vec<Entry> = self.open_entries.drain(first..).collect();
                if let Some(key) = pending_key {
                    // A key whose value never came (the parse stopped): give it an empty value.
                    let at = key.span.end;
                    entries.push(Entry {
                        key,
                        value: empty_scalar(self.shared, at),
                        merged_from: None,
                    });
                }
                let last_end = entries
                    .iter()
                    .map(|e| written_end(&e.value).max(written_end(&e.key)))
                    .max();
                let entries = merge_keys(entries);
                (
                    NodeKind::Mapping(Mapping {
                        entries: entries.into_boxed_slice(),
                        flow,
                    }),
                    start,
                    flow,
                    props,
                    last_end,
                )
            }
            Frame::Sequence {
                start,
                flow,
                props,
                first,
            } => {
                let items: Vec<Node> = self.open_items.drain(first..).collect();
                let last_end = items.iter().map(written_end).max();
                (
                    NodeKind::Sequence(Sequence {
                        items: items.into_boxed_slice(),
                        flow,
                    }),
                    start,
                    flow,
                    props,
                    last_end,
                )
            }
        };
        let end = if flow {
            end_marker.unwrap_or(last_end.unwrap_or(start))
        } else {
            last_end.unwrap_or(start)
        };
        let node = Node {
            kind,
            span: Span::new(start, end),
            anchor: props.anchor,
            tag: props.tag,
            via_alias: None,
        };
        self.remember_anchor(props.anchor_id, &node);
        node
    }

    fn push_node(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some(Frame::Mapping { pending_key, .. }) => match pending_key.take() {
                Some(key) => self.open_entries.push(Entry {
                    key,
                    value: node,
                    merged_from: None,
                }),
                None => *pending_key = Some(node),
            },
            Some(Frame::Sequence { .. }) => self.open_items.push(node),
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
                self.doc_open = true;
            }
        }
    }

    fn close_document(&mut self) {
        // Frames left open by an error still hold what was parsed: close them innermost first.
        while let Some(frame) = self.stack.pop() {
            let node = self.finish_frame(frame, None);
            self.push_node(node);
        }
        if !self.doc_open && self.root.is_none() {
            return;
        }
        let root = self.root.take();
        let span = root.as_ref().map_or(Span::default(), |r| r.span);
        let mut anchors = std::mem::take(&mut self.anchors);
        let mut aliases = std::mem::take(&mut self.aliases);
        // The lists live as long as the tree: no growth slack.
        anchors.shrink_to_fit();
        aliases.shrink_to_fit();
        self.documents.push(Document {
            root,
            anchors,
            aliases,
            span,
            alias_nodes: MAX_ALIAS_NODES - self.alias_budget,
        });
        self.anchored.clear();
        self.alias_budget = MAX_ALIAS_NODES;
        self.doc_open = false;
    }
}

pub(super) fn is_yaml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn empty_scalar(text: &Arc<str>, at: usize) -> Node {
    Node {
        kind: NodeKind::Scalar(Scalar {
            value: SharedStr::slice(text, at..at),
            style: ScalarStyle::Plain,
        }),
        span: Span::empty(at),
        anchor: None,
        tag: None,
        via_alias: None,
    }
}

/// Where a node ends in the text: an alias copy ends where its `*alias` is written.
pub(super) fn written_end(node: &Node) -> usize {
    node.via_alias.map_or(node.span.end, |a| a.end)
}

/// The start of the line holding `offset` and that line's indentation.
fn line_indent(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind(['\n', '\r']).map_or(0, |p| p + 1);
    let indent = text[line_start..]
        .bytes()
        .take_while(|b| *b == b' ')
        .count();
    (line_start, indent)
}
