//! What one message may ask of the server. Each limit is far above what an editor sends or shows
//! and far below what would let one request take seconds or gigabytes.

/// Positions in one `textDocument/selectionRange` request; more is refused with RequestFailed.
pub const MAX_SELECTION_POSITIONS: usize = 1_000;
/// Code actions in one answer.
pub const MAX_CODE_ACTIONS: usize = 1_000;
/// Items in one list answer (references, highlights, symbols, folds, links, completions).
pub const MAX_RESULT_ITEMS: usize = 20_000;
/// Semantic tokens in one answer (about 3 MB of JSON). A file with more is highlighted up to
/// the last token sent: a 4 MB file of `$A$A…` once made a 20 MB answer.
pub const MAX_SEMANTIC_TOKENS: usize = 200_000;
/// Diagnostics published for one document.
pub const MAX_DIAGNOSTICS: usize = 10_000;
/// Characters in a new name for rename: YAML cannot hold longer plain keys (implicit keys are
/// limited to 1,024 characters).
pub const MAX_RENAME_CHARS: usize = 1_024;
