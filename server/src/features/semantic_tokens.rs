//! Semantic tokens: what each name in the config is, for highlighting beyond YAML's grammar.

use crate::analysis::Analysis;
use crate::yaml::Span;

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

/// Tokens in document order, never overlapping.
pub fn tokens(_analysis: &Analysis) -> Vec<SemanticToken> {
    Vec::new()
}
