//! Semantic tokens: what each name in the config is, for highlighting beyond YAML's grammar.
//!
//! One walk over the parts written in the document (never into copies made by aliases or
//! `<<` merges, whose text is elsewhere): CircleCI keys are keywords; jobs, commands,
//! executors, workflows, orbs and parameters are named by what they are, with the declaration
//! modifier where they are defined; `<< parameters.x >>`, `$VAR`, anchors and aliases are
//! found inside values. The result is sorted and cut so that no two tokens overlap.
//!
//! `config.rs` classifies the config's structure (CircleCI keys, definitions, invocations);
//! `values.rs` the names and text inside values (references, templates, variables).

mod config;
#[cfg(test)]
mod tests;
mod values;

use analysis::model::sections::Place;
use analysis::Analysis;
use syntax::yaml::{Mapping, Node, Span};

/// Token types; the order is the legend the server advertises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenType {
    Keyword,
    Property,
    Function,
    Class,
    Parameter,
    Variable,
    String,
    Number,
    Namespace,
    Macro,
    Comment,
    EnumMember,
    Type,
}

impl TokenType {
    pub const ALL: &'static [TokenType] = &[
        TokenType::Keyword,
        TokenType::Property,
        TokenType::Function,
        TokenType::Class,
        TokenType::Parameter,
        TokenType::Variable,
        TokenType::String,
        TokenType::Number,
        TokenType::Namespace,
        TokenType::Macro,
        TokenType::Comment,
        TokenType::EnumMember,
        TokenType::Type,
    ];
}

/// Modifier bits; the order is the legend the server advertises.
pub const MODIFIER_DECLARATION: u32 = 1;
pub const MODIFIER_DEPRECATED: u32 = 1 << 1;
pub const MODIFIER_DEFAULT_LIBRARY: u32 = 1 << 2;
pub const MODIFIER_NAMES: &[&str] = &["declaration", "deprecated", "defaultLibrary"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    /// A span on one line.
    pub span: Span,
    pub token_type: TokenType,
    pub modifiers: u32,
}

/// What a user-defined name is; each has its own token type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameKind {
    Job,
    Command,
    Executor,
    Workflow,
}

impl NameKind {
    fn token_type(self) -> TokenType {
        match self {
            NameKind::Job => TokenType::Class,
            NameKind::Command => TokenType::Function,
            NameKind::Executor => TokenType::Type,
            NameKind::Workflow => TokenType::Namespace,
        }
    }
}

/// Tokens in document order, never overlapping.
pub fn tokens(analysis: &Analysis) -> Vec<SemanticToken> {
    let mut walk = Walk {
        text: &analysis.text,
        tokens: Vec::new(),
    };
    for (i, doc) in analysis.yaml.documents.iter().enumerate() {
        for anchor in &doc.anchors {
            walk.push(anchor.span, TokenType::Macro, MODIFIER_DECLARATION);
        }
        for alias in &doc.aliases {
            walk.push(alias.span, TokenType::Macro, 0);
        }
        // Only the first document is the config; later ones are only scanned.
        match (&doc.root, i) {
            (Some(root), 0) => walk.root(root, Place::Config),
            (Some(root), _) => walk.values(root),
            (None, _) => {}
        }
    }
    let mut tokens = walk.tokens;
    tokens.sort_by_key(|t| (t.span.start, t.span.end));
    let mut last_end = 0;
    tokens.retain(|t| {
        let keep = t.span.start >= last_end;
        if keep {
            last_end = t.span.end;
        }
        keep
    });
    tokens
}

struct Walk<'a> {
    text: &'a str,
    tokens: Vec<SemanticToken>,
}

/// The entries of `node` written here, with values not copied in through an alias.
fn written(node: &Node) -> impl Iterator<Item = (&Node, Option<&Node>)> {
    node.as_mapping()
        .into_iter()
        .flat_map(Mapping::own_entries)
        .map(|e| (&e.key, e.value.is_written_here().then_some(&e.value)))
}

fn written_items(node: &Node) -> impl Iterator<Item = &Node> {
    node.as_sequence()
        .into_iter()
        .flat_map(|s| s.items.iter())
        .filter(|i| i.is_written_here())
}

impl Walk<'_> {
    fn push(&mut self, span: Span, token_type: TokenType, modifiers: u32) {
        if span.is_empty() || span.text(self.text).contains(['\n', '\r']) {
            return;
        }
        self.tokens.push(SemanticToken {
            span,
            token_type,
            modifiers,
        });
    }

    /// A key: the merge key `<<` is a macro like the alias after it.
    fn key(&mut self, key: &Node, token_type: TokenType, modifiers: u32) {
        if key.as_str() == Some("<<") {
            self.push(key.span, TokenType::Macro, 0);
        } else if key.as_scalar().is_some() {
            self.push(key.span, token_type, modifiers);
        }
    }
}
