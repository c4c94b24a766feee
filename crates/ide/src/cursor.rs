//! Where the cursor is in the config, read from the text's indentation so that it works while
//! the YAML is half-typed or broken.
//!
//! The parser stops at the first error, and a line being typed is usually that error, so
//! completion cannot rely on the tree. Block YAML's structure is mostly visible in indentation:
//! a key's parent is the nearest line above it with a smaller indent. Which job, command,
//! executor or inline orb holds the cursor is read from the model where the model covers it.

mod flow;
mod lines;
mod structure;

use lines::{parse_line, Line, LineTable};
use structure::{
    item_index, keys_at_column, list_key_col, list_path, mapping_path, parent_path, siblings,
};
pub use structure::{misplaced_key, MisplacedKey};

use analysis::model::sections::{section_kind, Place};
use analysis::model::{DefId, DefKind, Model};
use syntax::yaml::{Node, PathSegment, Span};

/// What the cursor is about to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A mapping key (`  ima|`, `  ima|ge: x`, or an empty line inside a mapping).
    Key,
    /// The value of `key` on the same line (`image: |`), or a line inside `key`'s block scalar.
    Value { key: String },
    /// The first word of a list item with no `:` yet (`- chec|`). It may become a plain item
    /// (`- checkout`) or the first key of a mapping item (`- run:`); `path` ends at the key
    /// that owns the list.
    Item,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CursorContext {
    /// Keys and list indices from the root to the mapping the cursor writes in. For
    /// `Slot::Value` it ends at the mapping holding the key; for `Slot::Item` at the list's key.
    pub path: Vec<PathSegment>,
    pub slot: Slot,
    /// The text from `replace.start` to the cursor.
    pub prefix: String,
    /// The span a completion replaces: the key, the value, or the item around the cursor.
    pub replace: Span,
    /// Other keys written in the mapping the cursor is in (for `Slot::Key`), above and below.
    pub sibling_keys: Vec<String>,
    /// The column (in bytes) the keys of that mapping start at.
    pub indent: usize,
    /// Inside a block scalar (`run: |` body), where the value spans several lines.
    pub in_block_scalar: bool,
    /// Inside a flow collection (`[a, b]`, `{k: v}`), where what is inserted stays on one line.
    pub in_flow: bool,
    /// Spaces a completion inserts before its text so that the key sits at its mapping's
    /// column: the cursor is where an editor leaves it after Enter, under a list item's `- `.
    pub reindent: usize,
}

fn is_block_indicator(value: &str) -> bool {
    let v = value.trim();
    // `|`, `>-`, `|+2`, possibly after an anchor or tag.
    let last = v.rsplit(' ').next().unwrap_or("");
    let mut chars = last.chars();
    matches!(chars.next(), Some('|') | Some('>'))
        && chars.all(|c| matches!(c, '-' | '+' | '0'..='9'))
}

/// The cursor's line in its text, for reading what the cursor writes.
struct Here<'h, 't> {
    text: &'t str,
    all: &'h LineTable<'t>,
    line_no: usize,
    line: &'h Line<'t>,
    /// The cursor's column in the line.
    col: usize,
    offset: usize,
}

impl Here<'_, '_> {
    /// The path to the mapping holding keys at `key_col`, through the line's list item when
    /// the cursor is past its `- `.
    fn path_at(&self, key_col: usize) -> Vec<PathSegment> {
        if !self.line.dashes.is_empty() && self.col >= self.line.content_col {
            return mapping_path(self.all, self.line_no, self.line, key_col);
        }
        parent_path(self.all, self.line_no, key_col)
    }

    fn context(
        &self,
        path: Vec<PathSegment>,
        slot: Slot,
        replace: Span,
        indent: usize,
    ) -> CursorContext {
        CursorContext {
            prefix: self.text[replace.start..self.offset.max(replace.start)].to_string(),
            path,
            slot,
            replace,
            sibling_keys: Vec::new(),
            indent,
            in_block_scalar: false,
            in_flow: false,
            reindent: 0,
        }
    }

    /// A key typed on this line whose colon is before the cursor: its value.
    fn value(&self) -> Option<CursorContext> {
        let whole = self.line;
        let col = self.col;
        let (key, key_col) = whole.key?;
        let colon = whole.text[key_col..]
            .find(':')
            .map(|p| key_col + p)
            .filter(|c| col > *c)?;
        let value_start = whole.text[colon + 1..]
            .find(|c: char| c != ' ' && c != '\t')
            .map_or(whole.text.len(), |p| colon + 1 + p)
            .min(col.max(colon + 1));
        let value_end = (value_start + whole.value.len())
            .max(col)
            .min(whole.text.len());
        let path = self.path_at(key_col);
        let replace = inside_quotes(
            self.text,
            Span::new(whole.start + value_start.min(col), whole.start + value_end),
            self.offset,
        );
        let slot = Slot::Value {
            key: key.to_string(),
        };
        Some(self.context(path, slot, replace, key_col))
    }

    /// A key, or an item's first word, at the cursor.
    fn key(&self) -> CursorContext {
        let whole = self.line;
        let col = self.col;
        // The line as typed up to the cursor decides the slot.
        let typed = parse_line(whole.start, &whole.text[..col.min(whole.text.len())]);
        let key_col = if !typed.blank || !whole.dashes.is_empty() {
            whole.content_col
        } else {
            col
        };
        let word_end = whole.text[key_col.min(whole.text.len())..]
            .find([':', '#'])
            .map_or(whole.text.len(), |p| key_col + p);
        let word_end = whole.text[..word_end]
            .trim_end()
            .len()
            .max(col)
            .min(whole.text.len());
        let replace = inside_quotes(
            self.text,
            Span::new(whole.start + key_col.min(col), whole.start + word_end),
            self.offset,
        );
        let in_dash_item = !whole.dashes.is_empty() && col >= whole.content_col;
        if in_dash_item && whole.key.is_none() {
            let dash_col = whole.dashes.last().copied().unwrap_or(0);
            let path = list_path(self.all, self.line_no, dash_col);
            return self.context(path, Slot::Item, replace, key_col);
        }
        if whole.dashes.is_empty() {
            if let Some(ctx) = self.under_item(key_col, replace) {
                return ctx;
            }
        }
        let mut ctx = self.context(self.path_at(key_col), Slot::Key, replace, key_col);
        let starts_item = whole.dashes.iter().any(|d| *d < key_col);
        ctx.sibling_keys = siblings(self.all, self.line_no, key_col, starts_item);
        ctx
    }

    /// A key typed where an editor leaves the cursor after Enter on a list item's line: under
    /// its `- ` (`- image: x`, then `au|`), or under the one key of an item that holds a
    /// mapping (`- run:`, then `na|`). No key can stand there; it belongs to the item (or to
    /// its key's mapping) further in, and the completion moves it there.
    fn under_item(&self, key_col: usize, replace: Span) -> Option<CursorContext> {
        let above_no = (0..self.line_no).rev().find(|i| {
            let (indent, blank) = self.all.quick(*i);
            !blank && indent <= key_col
        })?;
        let above = self.all.line(above_no);
        let (key, content_col) = above.key?;
        let dash = *above.dashes.last()?;
        if dash == key_col && list_key_col(self.all, above_no, dash) != Some(dash) {
            let path = mapping_path(self.all, above_no, &above, content_col);
            let mut ctx = self.context(path, Slot::Key, replace, content_col);
            ctx.sibling_keys = siblings(self.all, above_no, content_col, true);
            ctx.sibling_keys.push(key.to_string());
            ctx.reindent = content_col - key_col;
            return Some(ctx);
        }
        if content_col != key_col || !above.value.is_empty() {
            return None;
        }
        let item = mapping_path(self.all, above_no, &above, content_col);
        if !knowledge::type_at(&item).is_some_and(|ty| holds_one_key(&ty)) {
            return None;
        }
        // The body's keys, if some are written, set its column.
        let body = (above_no + 1..self.line_no)
            .map(|i| self.all.quick(i))
            .find(|(indent, blank)| !blank && *indent > key_col)
            .map_or(key_col + 2, |(indent, _)| indent);
        let mut path = item;
        path.push(PathSegment::Key(key.to_string()));
        let mut ctx = self.context(path, Slot::Key, replace, body);
        ctx.sibling_keys = keys_at_column(self.all, above_no + 1, body, self.line_no);
        ctx.reindent = body - key_col;
        Some(ctx)
    }
}

/// Whether a value of type `ty` is a mapping of one key (a step, a workflow job entry), as
/// the knowledge table says.
fn holds_one_key(ty: &knowledge::schema::Ty) -> bool {
    knowledge::schema::maps_of(ty)
        .first()
        .is_some_and(|m| m.role.single_key())
}

impl CursorContext {
    pub fn at(text: &str, offset: usize) -> CursorContext {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let all = LineTable::new(text);
        let line_no = all.line_of(offset);
        let line = all.line(line_no);
        // An offset inside a `\r\n` pair counts as the end of the line.
        let col = (offset - line.start).min(line.text.len());
        let offset = line.start + col;

        // Inside a block scalar: a line above with a smaller indent is `key: |`.
        if let Some(ctx) = block_scalar_context(&all, line_no, &line, offset) {
            return ctx;
        }
        if let Some(ctx) = flow_context(text, &all, line_no, offset) {
            return ctx;
        }
        let here = Here {
            text,
            all: &all,
            line_no,
            line: &line,
            col,
            offset,
        };
        here.value().unwrap_or_else(|| here.key())
    }
    /// The job, command or executor whose body holds the cursor. The model answers where it
    /// was built from this very text; while the text is broken (the model is then the last
    /// good one, or a cut-short one), the path's sections do, as the knowledge table names them.
    pub fn owner(&self, model: &Model<'_>, text: &str, offset: usize) -> Option<DefId> {
        if model_covers(model, text, offset) {
            if let Some(id) = model.owner_at(offset) {
                return Some(id);
            }
        }
        self.owner_by_path(model)
    }

    /// The inline orb whose body holds the cursor, read like [`CursorContext::owner`].
    pub fn orb_scope(&self, model: &Model<'_>, text: &str, offset: usize) -> Option<DefId> {
        if model_covers(model, text, offset) {
            if let Some(id) = model.owner_at(offset) {
                return model.scope_of(id);
            }
        }
        let keys = self.path_keys();
        match keys.as_slice() {
            [orbs, orb, _, ..] if section_kind(orbs, Place::Config) == Some(DefKind::Orb) => {
                model.lookup(DefKind::Orb, None, orb)
            }
            _ => None,
        }
    }

    /// The owner named by the path: `jobs.<name>…`, or `orbs.<orb>.jobs.<name>…` for a member
    /// of an inline orb.
    fn owner_by_path(&self, model: &Model<'_>) -> Option<DefId> {
        let owner_kind = |kind: Option<DefKind>| {
            kind.filter(|k| matches!(k, DefKind::Job | DefKind::Command | DefKind::Executor))
        };
        let keys = self.path_keys();
        match keys.as_slice() {
            [orbs, orb, section, name, ..]
                if section_kind(orbs, Place::Config) == Some(DefKind::Orb) =>
            {
                let kind = owner_kind(section_kind(section, Place::InlineOrb))?;
                let orb = model.lookup(DefKind::Orb, None, orb)?;
                model.lookup(kind, Some(orb), name)
            }
            [section, name, ..] => {
                let kind = owner_kind(section_kind(section, Place::Config))?;
                model.lookup(kind, None, name)
            }
            _ => None,
        }
    }

    /// The node at the cursor's path in a parsed tree, if the tree has one there.
    pub fn node_in<'n>(&self, root: &'n Node) -> Option<&'n Node> {
        node_at(root, &self.path)
    }

    /// The path as strings: keys as they are, list items as `[]`.
    pub fn path_keys(&self) -> Vec<&str> {
        self.path
            .iter()
            .map(|s| match s {
                PathSegment::Key(k) => k.as_str(),
                PathSegment::Index(_) => "[]",
            })
            .collect()
    }
}

/// The node at `path` from `root`: the one walk along a cursor's path in a parsed tree.
pub(crate) fn node_at<'n>(root: &'n Node, path: &[PathSegment]) -> Option<&'n Node> {
    let mut node = root;
    for seg in path {
        node = match seg {
            PathSegment::Key(k) => node.get(k)?,
            PathSegment::Index(i) => node.as_sequence()?.items.get(*i)?,
        };
    }
    Some(node)
}

/// Whether `model` was built from `text` and reaches `offset`: spans of the last good model
/// belong to an older text, and a tree cut short by a syntax error ends before the error.
fn model_covers(model: &Model<'_>, text: &str, offset: usize) -> bool {
    model.text.len() == text.len()
        && model.text == text
        && model.root.is_some_and(|r| offset <= r.span.end)
}

fn block_scalar_context(
    all: &LineTable<'_>,
    line_no: usize,
    line: &Line<'_>,
    offset: usize,
) -> Option<CursorContext> {
    let col = offset - line.start;
    // On a blank line the cursor's column stands for its indent.
    let indent = if line.blank {
        col.min(line.indent.max(col))
    } else {
        line.indent
    };
    for above_no in (0..line_no).rev() {
        let (quick_indent, blank) = all.quick(above_no);
        if blank || quick_indent >= indent {
            continue;
        }
        let above = &all.line(above_no);
        if above.indent < indent || (above.content_col < indent && !above.dashes.is_empty()) {
            let (key, key_col) = above.key?;
            if !is_block_indicator(above.value) || key_col >= indent {
                return None;
            }
            let owner_line = above_no;
            let path = mapping_path(all, owner_line, above, key_col);
            let start = line.start + line.indent.min(col);
            let end = line.start + line.text.trim_end().len().max(col);
            return Some(CursorContext {
                path,
                slot: Slot::Value {
                    key: key.to_string(),
                },
                prefix: line.text[line.indent.min(col)..col].to_string(),
                replace: Span::new(start, end),
                sibling_keys: Vec::new(),
                indent: key_col,
                in_block_scalar: true,
                in_flow: false,
                reindent: 0,
            });
        }
    }
    None
}

/// A quoted token's text without its quotes, when the cursor is past the opening one: a
/// completion replaces the name and keeps the quotes around it.
fn inside_quotes(text: &str, token: Span, cursor: usize) -> Span {
    let bytes = text.as_bytes();
    let Some(quote) = bytes
        .get(token.start)
        .copied()
        .filter(|q| matches!(q, b'"' | b'\''))
    else {
        return token;
    };
    let start = token.start + 1;
    let closed = token.end > start && bytes.get(token.end - 1) == Some(&quote);
    // Outside the quotes, the whole quoted token is replaced.
    if cursor <= token.start || (closed && cursor >= token.end) {
        return token;
    }
    let end = if closed { token.end - 1 } else { token.end };
    Span::new(start.min(cursor), end.max(cursor))
}

/// Lines above the cursor searched for the start of a flow collection that holds it.
const FLOW_LINES: usize = 200;

/// The cursor inside a flow collection (`steps: [checkout, ru|n]`, `- store_artifacts: {pa|th:
/// x}`), which may span lines. The collection starts on the cursor's line or on a line above
/// that is less indented than every line after it, as YAML requires of a flow collection's
/// continuation lines; the outermost such collection open at the cursor is read.
fn flow_context(
    text: &str,
    all: &LineTable<'_>,
    line_no: usize,
    offset: usize,
) -> Option<CursorContext> {
    let mut least_indent = usize::MAX;
    let mut found = None;
    for l in (line_no.saturating_sub(FLOW_LINES)..=line_no).rev() {
        let (indent, blank) = all.quick(l);
        if blank || (l != line_no && indent >= least_indent) {
            continue;
        }
        least_indent = indent;
        let line = all.line(l);
        if let Some(col) = flow_start(&line) {
            let start = line.start + col;
            if start < offset {
                if let Some(place) = flow::place_in(text, start, offset) {
                    found = Some((l, line.clone(), place));
                }
            }
        }
        if indent == 0 {
            break;
        }
    }
    let (l, line, place) = found?;
    // The column of the block key or item the collection is the value of.
    let indent = line.key.map_or(line.content_col, |(_, col)| col);
    let mut path = match line.key {
        Some((key, key_col)) => {
            let mut path = mapping_path(all, l, &line, key_col);
            path.push(PathSegment::Key(key.to_string()));
            path
        }
        None => match line.dashes.first() {
            Some(dash) => {
                let mut path = list_path(all, l, *dash);
                path.push(PathSegment::Index(item_index(all, l, *dash)));
                path
            }
            None => parent_path(all, l, line.content_col),
        },
    };
    path.extend(place.path);
    let slot = match place.slot {
        flow::FlowSlot::Key => Slot::Key,
        flow::FlowSlot::Value { key } => Slot::Value { key },
        flow::FlowSlot::Item => Slot::Item,
    };
    let replace = inside_quotes(text, Span::new(place.token.start, place.token.end), offset);
    let mut sibling_keys = place.sibling_keys;
    sibling_keys.sort();
    sibling_keys.dedup();
    Some(CursorContext {
        path,
        slot,
        prefix: text.get(replace.start..offset).unwrap_or("").to_string(),
        replace,
        sibling_keys,
        indent,
        in_block_scalar: false,
        in_flow: true,
        reindent: 0,
    })
}

/// The column where the line's block content opens a flow collection: a value after
/// `key: `, an item after `- `, or the line's content itself.
fn flow_start(line: &Line<'_>) -> Option<usize> {
    let col = match line.key {
        Some((_, key_col)) => {
            let colon = key_col + line.text.get(key_col..)?.find(':')?;
            let after = line.text.get(colon + 1..)?;
            colon + 1 + after.len() - after.trim_start().len()
        }
        None => line.content_col,
    };
    matches!(line.text.as_bytes().get(col), Some(b'[' | b'{')).then_some(col)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the context for a fixture with `$0` at the cursor.
    fn ctx(fixture: &str) -> String {
        let (text, offset) = analysis::test_support::cursor(fixture);
        let c = CursorContext::at(&text, offset);
        let slot = match &c.slot {
            Slot::Key => "key".to_string(),
            Slot::Value { key } => format!("value of {key}"),
            Slot::Item => "item".to_string(),
        };
        let path: Vec<String> = c.path.iter().map(|p| p.to_string()).collect();
        format!(
            "{slot} at {} prefix={:?} replace={:?} siblings={:?} indent={}{}",
            path.join("."),
            c.prefix,
            c.replace.text(&text),
            c.sibling_keys,
            c.indent,
            if c.in_block_scalar { " block" } else { "" }
        )
    }

    #[test]
    fn items_of_flow_sequences() {
        assert_eq!(
            ctx("workflows:\n  w:\n    jobs:\n      - test:\n          requires: [build, $0]\n"),
            r#"item at workflows.w.jobs.[0].test.requires prefix="" replace="" siblings=[] indent=10"#
        );
        assert_eq!(
            ctx("workflows:\n  w:\n    jobs: [li$0nt, test]\n"),
            r#"item at workflows.w.jobs prefix="li" replace="lint" siblings=[] indent=4"#
        );
        assert_eq!(
            ctx("workflows:\n  w:\n    jobs:\n      - test:\n          context: [$0\n"),
            r#"item at workflows.w.jobs.[0].test.context prefix="" replace="" siblings=[] indent=10"#
        );
        // After the closing bracket it is the value again.
        assert!(ctx("a:\n  requires: [x] $0\n").starts_with("value of requires"));
    }

    #[test]
    fn half_typed_key_in_docker_item() {
        assert_eq!(
            ctx("jobs:\n  build:\n    docker:\n      - image: redis\n        au$0\n    steps: [\n"),
            r#"key at jobs.build.docker.[0] prefix="au" replace="au" siblings=["image"] indent=8"#
        );
    }

    #[test]
    fn key_inside_auth_of_second_image() {
        assert_eq!(
            ctx("jobs:\n  build:\n    docker:\n      - image: a\n      - image: b\n        auth:\n          username: u\n          $0\n"),
            r#"key at jobs.build.docker.[1].auth prefix="" replace="" siblings=["username"] indent=10"#
        );
    }

    #[test]
    fn value_after_colon() {
        assert_eq!(
            ctx("jobs:\n  build:\n    resource_class: lar$0ge\n"),
            r#"value of resource_class at jobs.build prefix="lar" replace="large" siblings=[] indent=4"#
        );
        assert_eq!(
            ctx("jobs:\n  build:\n    docker:\n      - image: cimg/$0\n"),
            r#"value of image at jobs.build.docker.[0] prefix="cimg/" replace="cimg/" siblings=[] indent=8"#
        );
    }

    #[test]
    fn item_after_dash() {
        assert_eq!(
            ctx("jobs:\n  build:\n    steps:\n      - checkout\n      - ru$0\n"),
            r#"item at jobs.build.steps prefix="ru" replace="ru" siblings=[] indent=8"#
        );
    }

    #[test]
    fn top_level_and_empty_lines() {
        assert_eq!(
            ctx("version: 2.1\n$0"),
            r#"key at  prefix="" replace="" siblings=["version"] indent=0"#
        );
        assert_eq!(
            ctx("jobs:\n  build:\n    $0\n    steps: []\n"),
            r#"key at jobs.build prefix="" replace="" siblings=["steps"] indent=4"#
        );
    }

    #[test]
    fn inside_block_scalar() {
        assert_eq!(
            ctx("jobs:\n  build:\n    steps:\n      - run: |\n          echo << parameters.$0\n"),
            r#"value of run at jobs.build.steps.[0] prefix="echo << parameters." replace="echo << parameters." siblings=[] indent=8 block"#
        );
    }

    #[test]
    fn nested_step_mapping() {
        assert_eq!(
            ctx("jobs:\n  build:\n    steps:\n      - checkout\n      - run:\n          name: x\n          com$0\n"),
            r#"key at jobs.build.steps.[1].run prefix="com" replace="com" siblings=["name"] indent=10"#
        );
    }

    #[test]
    fn workflow_requires() {
        assert_eq!(
            ctx("workflows:\n  main:\n    jobs:\n      - build\n      - deploy:\n          requires:\n            - $0\n"),
            r#"item at workflows.main.jobs.[1].deploy.requires prefix="" replace="" siblings=[] indent=14"#
        );
    }

    #[test]
    fn crlf_and_non_ascii() {
        assert_eq!(
            ctx("jobs:\r\n  büild:\r\n    docker:\r\n      - image: 日本$0\r\n"),
            r#"value of image at jobs.büild.docker.[0] prefix="日本" replace="日本" siblings=[] indent=8"#
        );
    }

    /// The owner and inline orb of the cursor, read with a model built from `model_text`
    /// (the fixture itself when `None`).
    fn owner(fixture: &str, model_text: Option<&str>) -> String {
        let (text, offset) = analysis::test_support::cursor(fixture);
        let model_text = model_text.unwrap_or(&text);
        let parsed = syntax::yaml::parse(model_text);
        let model = Model::build(model_text, &parsed);
        let c = CursorContext::at(&text, offset);
        let owner = c.owner(&model, &text, offset).map(|id| model.describe(id));
        let orb = c
            .orb_scope(&model, &text, offset)
            .map(|id| model.describe(id));
        format!("{owner:?} in {orb:?}")
    }

    #[test]
    fn owner_from_the_model() {
        // Flow style hides the job from the indentation; the model knows it.
        assert_eq!(
            owner("jobs:\n  build: {steps: [{run: \"echo $0\"}]}\n", None),
            r#"Some("job `build`") in None"#
        );
        assert_eq!(
            owner(
                "orbs:\n  tools:\n    commands:\n      greet:\n        steps:\n          - run: echo $0\n",
                None
            ),
            r#"Some("command `tools/greet`") in Some("orb `tools`")"#
        );
        // On a job's own name the cursor is in the job's definition.
        assert_eq!(
            owner("jobs:\n  bu$0ild:\n    steps: [checkout]\n", None),
            r#"Some("job `build`") in None"#
        );
    }

    /// While the text is broken, the model is an older text's: the path names the owner.
    #[test]
    fn owner_from_the_path_while_broken() {
        let last_good = "orbs:\n  tools:\n    jobs:\n      build:\n        steps: []\n";
        assert_eq!(
            owner(
                "orbs:\n  tools:\n    jobs:\n      build:\n        steps:\n          - run: [$0\n",
                Some(last_good)
            ),
            r#"Some("job `tools/build`") in Some("orb `tools`")"#
        );
        assert_eq!(
            owner("orbs:\n  tools:\n    jobs:\n      $0\n", Some(last_good)),
            r#"None in Some("orb `tools`")"#
        );
    }

    #[test]
    fn any_offset_is_safe() {
        let text = "a:\n  - b: |\n      x\n  - 'q': [\n\t- é\r\n";
        for offset in 0..=text.len() + 3 {
            let _ = CursorContext::at(text, offset);
        }
    }
}
