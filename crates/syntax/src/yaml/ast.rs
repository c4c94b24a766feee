//! The YAML syntax tree every feature works on.
//!
//! Spans are byte offsets into the document text. Aliases and `<<` merge keys are already
//! resolved: a node reached through an alias is a copy of the anchored node and keeps the spans
//! of where it is written, with `via_alias` telling which `*alias` brought it in.

use std::fmt;

pub use crate::text::shared_str::SharedStr;
pub use crate::text::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The scalar's value after YAML unescaping and folding; it shares the document text when
    /// the value is written verbatim.
    pub value: SharedStr,
    pub style: ScalarStyle,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
    /// The span of the `*alias` whose `<<` merge brought this entry in, if any.
    pub merged_from: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Mapping {
    /// Entries in document order; merged entries follow the written ones and never repeat a
    /// key written in this mapping.
    pub entries: Box<[Entry]>,
    pub flow: bool,
}

impl Mapping {
    /// The value of the first entry whose key is the scalar `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key.as_str() == Some(key))
    }

    /// Keys as strings, skipping non-scalar keys.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().filter_map(|e| e.key.as_str())
    }

    /// Entries written in this mapping, not merged in through `<<`.
    pub fn own_entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.merged_from.is_none())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sequence {
    pub items: Box<[Node]>,
    pub flow: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Mapping(Mapping),
    Sequence(Sequence),
    /// An alias whose anchor is not defined (or is cut off by the expansion limit).
    UnresolvedAlias(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Anchor {
    pub name: String,
    /// The span of `&name`.
    pub span: Span,
}

/// A node's tag as written (`!!str`, `!custom`). A node holds it boxed: one word instead of
/// two for the many nodes that have none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub text: SharedStr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// The node's own text: a scalar's quotes and block indicator included, its anchor and tag
    /// excluded; a mapping or sequence from its first to its last character.
    pub span: Span,
    /// Boxed, like `tag`, because few nodes have one and every node pays for the field.
    pub anchor: Option<Box<Anchor>>,
    /// The tag as written (`!!str`, `!custom`), if any.
    pub tag: Option<Box<Tag>>,
    /// The span of the `*alias` this node was copied in through, if any.
    pub via_alias: Option<Span>,
}

impl Node {
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s.value.as_str()),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&Mapping> {
        match &self.kind {
            NodeKind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&Sequence> {
        match &self.kind {
            NodeKind::Sequence(s) => Some(s),
            _ => None,
        }
    }

    /// Shorthand for looking up `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping().and_then(|m| m.get(key))
    }

    /// A YAML null: an empty plain scalar, `~`, or `null`, without a tag forcing a string.
    pub fn is_null(&self) -> bool {
        match &self.kind {
            NodeKind::Scalar(s) => {
                s.style == ScalarStyle::Plain
                    && self.tag.is_none()
                    && matches!(s.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
            }
            _ => false,
        }
    }

    /// True for a plain scalar that CircleCI's YAML 1.1 parser reads as a boolean.
    pub fn is_bool(&self) -> bool {
        self.as_bool().is_some()
    }

    /// The boolean a plain scalar means to CircleCI's YAML 1.1 parser (`yes` and `on` too).
    pub fn as_bool(&self) -> Option<bool> {
        let s = self.as_scalar()?;
        if s.style != ScalarStyle::Plain {
            return None;
        }
        super::booleans::yaml11_bool(&s.value)
    }

    /// True for a plain scalar that reads as an integer or a float.
    pub fn is_number(&self) -> bool {
        let Some(s) = self.as_scalar() else {
            return false;
        };
        if s.style != ScalarStyle::Plain {
            return false;
        }
        let v = s.value.as_str();
        v.parse::<i64>().is_ok()
            || (v.parse::<f64>().is_ok() && !v.eq_ignore_ascii_case("nan") && !v.contains("inf"))
            || matches!(v, ".inf" | "-.inf" | ".nan")
            || v.strip_prefix("0x")
                .is_some_and(|h| i64::from_str_radix(h, 16).is_ok())
            || v.strip_prefix("0o")
                .is_some_and(|o| i64::from_str_radix(o, 8).is_ok())
    }

    /// The kind of value, as words a message can use.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Sequence(_) => "a list",
            NodeKind::UnresolvedAlias(_) => "an unresolved alias",
            NodeKind::Scalar(_) if self.is_null() => "null",
            NodeKind::Scalar(_) if self.is_bool() => "a boolean",
            NodeKind::Scalar(_) if self.is_number() => "a number",
            NodeKind::Scalar(_) => "a string",
        }
    }

    /// Written in the document at this place, not copied in through an alias.
    pub fn is_written_here(&self) -> bool {
        self.via_alias.is_none()
    }
}

/// One step of a path from a document root to a node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathSegment {
    Key(String),
    Index(usize),
}

impl fmt::Display for PathSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathSegment::Key(k) => write!(f, "{k}"),
            PathSegment::Index(i) => write!(f, "[{i}]"),
        }
    }
}

/// An `&anchor` definition.
#[derive(Clone, Debug, PartialEq)]
pub struct AnchorDef {
    pub name: String,
    /// The span of `&name`.
    pub span: Span,
    /// The span of the anchored node.
    pub node_span: Span,
}

/// A `*alias` use.
#[derive(Clone, Debug, PartialEq)]
pub struct AliasUse {
    pub name: String,
    /// The span of `*name`.
    pub span: Span,
    /// Whether an anchor of that name was defined before it.
    pub resolved: bool,
    /// Whether it stands under a `<<` merge key.
    pub in_merge: bool,
}

/// A comment, `#` included.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub span: Span,
}

/// One YAML document of a stream.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The resolved root; `None` for an empty document.
    pub root: Option<Node>,
    pub anchors: Vec<AnchorDef>,
    pub aliases: Vec<AliasUse>,
    /// The span from the document's first to its last character.
    pub span: Span,
    /// How many nodes the aliases copied, counted against the expansion limit; an
    /// incremental parse carries it over to count the edited part against what is left.
    pub(crate) alias_nodes: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    /// Where the parser stopped; usually empty or one character wide.
    pub span: Span,
}

/// The result of parsing: every document the parser got through (the last one possibly cut
/// short by an error), and the errors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedYaml {
    pub documents: Vec<Document>,
    pub errors: Vec<SyntaxError>,
    pub comments: Vec<Comment>,
    /// Whether under-indented closing brackets were forgiven (see [`super::parse`]); such a
    /// tree's spans were mapped back from a text with spaces added.
    pub(crate) lenient: bool,
}

impl ParsedYaml {
    /// The first document's root, which is the CircleCI config.
    pub fn root(&self) -> Option<&Node> {
        self.documents.first().and_then(|d| d.root.as_ref())
    }

    pub fn is_complete(&self) -> bool {
        self.errors.is_empty()
    }
}
