//! What a request works on: one open document's text as the client has it, and its analysis
//! in the workspace.

use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use super::capabilities::ClientCaps;
use super::convert;
use analysis::settings::Settings;
use analysis::{Analysis, FilePath};
use ide::FeatureContext;
use syntax::text::positions::Encoding;

/// Everything a request needs about one document: its text as the client has it, and its
/// analysis in the workspace.
pub struct Snapshot {
    pub uri: lsp::Uri,
    pub rope: Rope,
    pub version: i32,
    pub analysis: Arc<Analysis>,
    pub last_good: Option<Arc<Analysis>>,
    pub caps: ClientCaps,
    /// The workspace the analysis was read from.
    workspace: analysis::workspace::Snapshot,
    path: FilePath,
}

impl Snapshot {
    pub fn enc(&self) -> Encoding {
        self.caps.encoding
    }

    pub fn offset(&self, pos: lsp::Position) -> usize {
        convert::offset(&self.rope, pos, self.enc())
    }

    pub fn range(&self, span: syntax::yaml::Span) -> lsp::Range {
        convert::range(&self.rope, span, self.enc())
    }

    pub fn ctx(&self, offset: usize) -> FeatureContext<'_> {
        FeatureContext {
            analysis: &self.analysis,
            last_good: self.last_good.as_deref(),
            offset,
        }
    }

    /// The settings the analysis was made with (project file and editor), for fix-all.
    pub fn settings(&self) -> Settings {
        self.workspace.settings_for(&self.path)
    }

    /// The snapshot of a text alone, as an open document of a fresh workspace.
    #[cfg(test)]
    pub(super) fn of_text(uri: lsp::Uri, text: &str, caps: ClientCaps) -> Snapshot {
        let path = super::file_path_of(&uri);
        let mut workspace = analysis::workspace::Workspace::new();
        let mut change = analysis::workspace::Change::new();
        change.set_buffer(path.clone(), Arc::from(text));
        workspace.apply_change(change);
        let view = View {
            uri,
            path,
            rope: Rope::from_str(text),
            version: 1,
            caps,
            workspace: workspace.snapshot(),
        };
        view.analysed()
            .unwrap_or_else(|| panic!("the text is in the workspace"))
    }
}

/// An open document as a request finds it, before its analysis is read.
pub(super) struct View {
    pub(super) uri: lsp::Uri,
    pub(super) path: FilePath,
    pub(super) rope: Rope,
    pub(super) version: i32,
    pub(super) caps: ClientCaps,
    pub(super) workspace: analysis::workspace::Snapshot,
}

impl View {
    /// The document's snapshot with its analysis, made now unless it was made before; on a
    /// blocking thread, since making it may take a while.
    pub(super) fn analysed(self) -> Option<Snapshot> {
        let found = self.workspace.file_analysis(&self.path)?;
        Some(Snapshot {
            uri: self.uri,
            rope: self.rope,
            version: self.version,
            analysis: found.analysis,
            last_good: found.last_good,
            caps: self.caps,
            workspace: self.workspace,
            path: self.path,
        })
    }
}
