//! Workspace edits as the client takes them: versioned `documentChanges` when it supports
//! them, else plain `changes`; over this document alone, or over the files of an orb.

use std::collections::HashMap;

use tower_lsp_server::ls_types as lsp;

use super::convert;
use super::snapshot::Snapshot;
use analysis::diagnostics::TextEdit;
use analysis::orb_source::SourceSpan;
use ide::orb_source::SourceEdit;

/// A workspace edit on this one document, versioned when the client supports it.
pub(super) fn workspace_edit(s: &Snapshot, edits: &[TextEdit]) -> lsp::WorkspaceEdit {
    let edits: Vec<lsp::TextEdit> = edits
        .iter()
        .map(|e| lsp::TextEdit {
            range: s.range(e.span),
            new_text: e.new_text.clone(),
        })
        .collect();
    files_edit(s, vec![(s.uri.clone(), Some(s.version), edits)])
}

/// A workspace edit over this document (at its version) and other files of its orb (as the
/// workspace holds them), in the order each file's first edit comes.
pub(super) fn source_edit(s: &Snapshot, edits: &[SourceEdit<'_>]) -> lsp::WorkspaceEdit {
    let mut files: Vec<(lsp::Uri, Option<i32>, Vec<lsp::TextEdit>)> = Vec::new();
    let mut ropes: HashMap<&str, ropey::Rope> = HashMap::new();
    for edit in edits {
        let (uri, version, range) = match &edit.at {
            SourceSpan::Here(span) => (s.uri.clone(), Some(s.version), s.range(*span)),
            SourceSpan::Other { file, span } => {
                let Some(uri) = super::uri_of(&file.path) else {
                    continue;
                };
                let rope = ropes
                    .entry(file.path.as_str())
                    .or_insert_with(|| ropey::Rope::from_str(&file.text));
                (uri, None, convert::range(rope, *span, s.enc()))
            }
        };
        let text_edit = lsp::TextEdit {
            range,
            new_text: edit.new_text.clone(),
        };
        match files.iter_mut().find(|(u, _, _)| *u == uri) {
            Some((_, _, list)) => list.push(text_edit),
            None => files.push((uri, version, vec![text_edit])),
        }
    }
    files_edit(s, files)
}

/// A workspace edit over files, each with its version when it is open (`None` for a file as
/// read from disk): `documentChanges` when the client supports them, else plain `changes`.
fn files_edit(
    s: &Snapshot,
    files: Vec<(lsp::Uri, Option<i32>, Vec<lsp::TextEdit>)>,
) -> lsp::WorkspaceEdit {
    if s.caps.document_changes {
        let edits = files
            .into_iter()
            .map(|(uri, version, list)| lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version },
                edits: list.into_iter().map(lsp::OneOf::Left).collect(),
            })
            .collect();
        lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Edits(edits)),
            ..Default::default()
        }
    } else {
        let changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = files
            .into_iter()
            .map(|(uri, _, list)| (uri, list))
            .collect();
        lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }
    }
}
