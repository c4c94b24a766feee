//! Completion: gathers items from every source for the cursor's place.

pub(crate) mod definitions;
pub(crate) mod docker;
pub(crate) mod keys;
pub(crate) mod matrix;
pub(crate) mod orbs;
pub(crate) mod parameter_defaults;
pub(crate) mod place;
#[cfg(any(test, feature = "test-support"))]
pub mod property;
pub(crate) mod variables;

#[cfg(test)]
mod definitions_tests;
#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod orbs_tests;
#[cfg(test)]
mod property_tests;

use super::cursor::CursorContext;
use super::FeatureContext;
use syntax::yaml::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A mapping key (`image`, `steps`).
    Key,
    /// An enum or literal value (`always`, `large`).
    Value,
    /// A job, command or executor name.
    Reference,
    /// A `$VAR` name or a `<< parameters.x >>` reference.
    Variable,
    /// An anchor name after `*`.
    Anchor,
    /// A whole structure inserted at once.
    Snippet,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside the label (a type, a signature).
    pub detail: Option<String>,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// The text that replaces `replace`; an LSP snippet (`$1`, `${1:x}`) when `is_snippet`.
    pub insert_text: String,
    pub is_snippet: bool,
    /// The text range the item replaces (usually the word typed so far).
    pub replace: Span,
    pub preselect: bool,
    pub sort_text: Option<String>,
    pub filter_text: Option<String>,
    pub deprecated: bool,
    /// Accepting the item leaves the cursor where a value goes, and values can be suggested
    /// there: the client may open the suggestions again at once.
    pub retrigger: bool,
}

impl CompletionItem {
    /// A plain item inserting its own label.
    pub fn new(label: impl Into<String>, kind: CompletionKind, replace: Span) -> CompletionItem {
        let label = label.into();
        CompletionItem {
            insert_text: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            is_snippet: false,
            replace,
            preselect: false,
            sort_text: None,
            filter_text: None,
            deprecated: false,
            retrigger: false,
        }
    }

    pub fn snippet(mut self, snippet: impl Into<String>) -> CompletionItem {
        self.insert_text = snippet.into();
        self.is_snippet = true;
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> CompletionItem {
        self.detail = Some(detail.into());
        self
    }

    pub fn documentation(mut self, markdown: impl Into<String>) -> CompletionItem {
        self.documentation = Some(markdown.into());
        self
    }
}

/// Completion items for the cursor at `ctx.offset`. Works on half-typed and broken documents:
/// the cursor's place comes from the text's indentation, not from the parse tree.
pub fn complete(ctx: &FeatureContext<'_>) -> Vec<CompletionItem> {
    let cursor = CursorContext::at(ctx.text(), ctx.offset);
    let mut items = match definitions::complete_in_template_or_alias(ctx, &cursor) {
        Some(items) => items,
        None => from_every_source(ctx, &cursor),
    };
    // A label offered by two sources is shown once; the earlier source is the more specific.
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.label.clone()));
    for item in &mut items {
        plain_when_nothing_to_fill(item);
        fit_to_what_is_written(ctx.text(), &cursor, item);
        // A snippet's own placeholders or choices come first; only a plain `key: ` reopens.
        item.retrigger &= !item.is_snippet && item.insert_text.ends_with(": ");
    }
    items
}

fn from_every_source(ctx: &FeatureContext<'_>, cursor: &CursorContext) -> Vec<CompletionItem> {
    let mut items = Vec::new();
    items.extend(variables::complete(ctx, cursor));
    items.extend(parameter_defaults::complete(ctx, cursor));
    items.extend(docker::complete(ctx, cursor));
    items.extend(keys::complete(ctx, cursor));
    items.extend(orbs::complete(ctx, cursor));
    items.extend(definitions::complete(ctx, cursor));
    items
}

/// An item replaces a token that may be followed by text it would otherwise bring along: a
/// key whose colon is written keeps it (`- ru|n:` becomes `- store_artifacts:`, not
/// `- store_artifacts:: `), and inside a flow collection a key goes in as `key: ` on its line.
fn fit_to_what_is_written(text: &str, cursor: &CursorContext, item: &mut CompletionItem) {
    let colon_after = text
        .get(item.replace.end..)
        .is_some_and(|rest| rest.starts_with(':'));
    if let Some(rest) = item.insert_text.strip_prefix(item.label.as_str()) {
        if colon_after && rest.starts_with(':') {
            item.insert_text = item.label.clone();
            item.is_snippet = false;
            item.retrigger = false;
        } else if cursor.in_flow && rest.contains('\n') {
            item.insert_text = format!("{}: ", item.label);
            item.is_snippet = false;
        }
    }
    // Typed under a list item's `- `: the text goes in further, where the key belongs, and
    // the typed word still filters the list.
    if cursor.reindent > 0 && item.replace == cursor.replace {
        let pad = " ".repeat(cursor.reindent);
        item.insert_text = format!(
            "{pad}{}",
            item.insert_text.replace('\n', &format!("\n{pad}"))
        );
        item.filter_text.get_or_insert_with(|| item.label.clone());
    }
}

/// A `key: $0` snippet has nothing to fill in; it becomes plain `key: `, which every client
/// inserts as it is (some insert only the label for a snippet they cannot expand).
fn plain_when_nothing_to_fill(item: &mut CompletionItem) {
    if !item.is_snippet {
        return;
    }
    if let Some(head) = item.insert_text.strip_suffix("$0") {
        if head.ends_with(": ") && !head.contains(['$', '\\', '}']) {
            item.insert_text = head.to_string();
            item.is_snippet = false;
        }
    }
}
