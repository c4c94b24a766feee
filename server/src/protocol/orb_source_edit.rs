//! A rename in an orb source file as one workspace edit over the orb's files: the edited
//! document at its version, the other files as they were read from disk.

use std::collections::HashMap;

use tower_lsp_server::ls_types as lsp;

use super::convert;
use super::server::Snapshot;
use analysis::orb_source::SourceSpan;
use ide::orb_source::SourceEdit;

pub fn workspace_edit(s: &Snapshot, edits: &[SourceEdit<'_>]) -> lsp::WorkspaceEdit {
    // Files in the order their first edit comes, each with its edits.
    let mut files: Vec<(lsp::Uri, Option<i32>, Vec<lsp::TextEdit>)> = Vec::new();
    let mut ropes: HashMap<&std::path::Path, ropey::Rope> = HashMap::new();
    for edit in edits {
        let (uri, version, range) = match &edit.at {
            SourceSpan::Here(span) => (s.uri.clone(), Some(s.version), s.range(*span)),
            SourceSpan::Other { file, span } => {
                let Some(uri) = lsp::Uri::from_file_path(&file.path) else {
                    continue;
                };
                let rope = ropes
                    .entry(file.path.as_path())
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
    super::handlers::files_edit(s, files)
}
