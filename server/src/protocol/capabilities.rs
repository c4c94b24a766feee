//! What the client can handle, and what the server offers.

use tower_lsp_server::ls_types as lsp;

use analysis::diagnostics::FindingTag;
use ide::semantic_tokens::{TokenType, MODIFIER_NAMES};
use syntax::text::positions::Encoding;

/// The markup a client renders in one kind of answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Markup {
    #[default]
    PlainText,
    Markdown,
}

impl Markup {
    pub fn content(self, value: String) -> lsp::MarkupContent {
        lsp::MarkupContent {
            kind: match self {
                Markup::PlainText => lsp::MarkupKind::PlainText,
                Markup::Markdown => lsp::MarkupKind::Markdown,
            },
            value,
        }
    }
}

/// The client capabilities the server's answers depend on. Everything defaults to the most
/// conservative choice, so a client that says nothing gets plain, widely supported answers.
#[derive(Clone, Debug, Default)]
pub struct ClientCaps {
    pub encoding: Encoding,
    pub snippets: bool,
    /// The markup of completion item documentation.
    pub completion_docs: Markup,
    /// The markup of hover contents.
    pub hover_docs: Markup,
    pub completion_deprecated_tag: bool,
    pub related_information: bool,
    /// The client shows `codeDescription.href` (the rule's docs) as a link on the code.
    pub code_description: bool,
    pub diagnostic_tags: Vec<FindingTag>,
    pub versioned_diagnostics: bool,
    pub document_changes: bool,
    pub code_action_literals: bool,
    pub hierarchical_symbols: bool,
    pub configuration_pull: bool,
    /// The client asks for inlay hints again on `workspace/inlayHint/refresh`.
    pub inlay_hint_refresh: bool,
    /// Insert text modes the client honours on completion items.
    pub insert_text_modes: Vec<lsp::InsertTextMode>,
    /// A client-side command that opens the suggestions again (VS Code's
    /// `editor.action.triggerSuggest`), named by the client in `initializationOptions`
    /// (`completion.retriggerCommand`). An unknown command would make other clients ask the
    /// server to run it, so none is sent unless the client names one.
    pub retrigger_command: Option<String>,
}

impl ClientCaps {
    pub fn from_params(params: &lsp::InitializeParams) -> ClientCaps {
        let caps = &params.capabilities;
        let text = caps.text_document.as_ref();
        let encodings = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        let utf8 = encodings.is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
        let completion_item = text
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref());
        let publish = text.and_then(|t| t.publish_diagnostics.as_ref());
        let markup = |formats: Option<&Vec<lsp::MarkupKind>>| {
            if formats.is_some_and(|f| f.contains(&lsp::MarkupKind::Markdown)) {
                Markup::Markdown
            } else {
                Markup::PlainText
            }
        };
        ClientCaps {
            encoding: if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            snippets: completion_item.and_then(|c| c.snippet_support) == Some(true),
            completion_docs: markup(completion_item.and_then(|c| c.documentation_format.as_ref())),
            hover_docs: markup(
                text.and_then(|t| t.hover.as_ref())
                    .and_then(|h| h.content_format.as_ref()),
            ),
            completion_deprecated_tag: completion_item
                .and_then(|c| c.tag_support.as_ref())
                .is_some_and(|t| t.value_set.contains(&lsp::CompletionItemTag::DEPRECATED)),
            related_information: publish.and_then(|p| p.related_information) == Some(true),
            code_description: publish.and_then(|p| p.code_description_support) == Some(true),
            diagnostic_tags: diagnostic_tags(publish),
            versioned_diagnostics: publish.and_then(|p| p.version_support) == Some(true),
            document_changes: caps
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|w| w.document_changes)
                == Some(true),
            code_action_literals: text
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.code_action_literal_support.as_ref())
                .is_some(),
            hierarchical_symbols: text
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|d| d.hierarchical_document_symbol_support)
                == Some(true),
            configuration_pull: caps.workspace.as_ref().and_then(|w| w.configuration) == Some(true),
            inlay_hint_refresh: caps
                .workspace
                .as_ref()
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|h| h.refresh_support)
                == Some(true),
            insert_text_modes: completion_item
                .and_then(|c| c.insert_text_mode_support.as_ref())
                .map(|m| m.value_set.clone())
                .unwrap_or_default(),
            retrigger_command: retrigger_command(params),
        }
    }
}

/// The diagnostic tags the client shows (faded unused code, struck-through deprecations).
fn diagnostic_tags(publish: Option<&lsp::PublishDiagnosticsClientCapabilities>) -> Vec<FindingTag> {
    let Some(tags) = publish.and_then(|p| p.tag_support.as_ref()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if tags.value_set.contains(&lsp::DiagnosticTag::UNNECESSARY) {
        found.push(FindingTag::Unnecessary);
    }
    if tags.value_set.contains(&lsp::DiagnosticTag::DEPRECATED) {
        found.push(FindingTag::Deprecated);
    }
    found
}

/// The command the client runs to ask for completion again, from the initialization options.
fn retrigger_command(params: &lsp::InitializeParams) -> Option<String> {
    let options = params.initialization_options.as_ref()?;
    let section = options.get("circleci-ls").unwrap_or(options);
    section
        .get("completion")?
        .get("retriggerCommand")?
        .as_str()
        .filter(|c| !c.is_empty())
        .map(str::to_string)
}

pub fn semantic_tokens_legend() -> lsp::SemanticTokensLegend {
    let token_types = TokenType::ALL
        .iter()
        .map(|t| match t {
            TokenType::Keyword => lsp::SemanticTokenType::KEYWORD,
            TokenType::Property => lsp::SemanticTokenType::PROPERTY,
            TokenType::Function => lsp::SemanticTokenType::FUNCTION,
            TokenType::Class => lsp::SemanticTokenType::CLASS,
            TokenType::Parameter => lsp::SemanticTokenType::PARAMETER,
            TokenType::Variable => lsp::SemanticTokenType::VARIABLE,
            TokenType::String => lsp::SemanticTokenType::STRING,
            TokenType::Number => lsp::SemanticTokenType::NUMBER,
            TokenType::Namespace => lsp::SemanticTokenType::NAMESPACE,
            TokenType::Macro => lsp::SemanticTokenType::MACRO,
            TokenType::Comment => lsp::SemanticTokenType::COMMENT,
            TokenType::EnumMember => lsp::SemanticTokenType::ENUM_MEMBER,
            TokenType::Type => lsp::SemanticTokenType::TYPE,
        })
        .collect();
    let token_modifiers = MODIFIER_NAMES
        .iter()
        .map(|m| lsp::SemanticTokenModifier::new(m))
        .collect();
    lsp::SemanticTokensLegend {
        token_types,
        token_modifiers,
    }
}

/// What the server offers besides its requests: positions and document sync. Every request
/// of the dispatch table (`server.rs`) adds its own capability to it.
pub fn base(caps: &ClientCaps) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(match caps.encoding {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: None,
                will_save: None,
                will_save_wait_until: None,
            },
        )),
        ..Default::default()
    }
}
