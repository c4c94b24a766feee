//! What the feature tests share beyond the analysis crate's test support: a `$0` fixture with
//! its analysis and the feature context at the cursor, and the same for a multi-file fixture
//! (`//- /path` sections) whose `$0` is in one of its files.

use std::sync::Arc;

use analysis::test_support::{analysis, cursor};
use analysis::{Analysis, FilePath};

use crate::FeatureContext;

/// A test fixture: text with `$0` at the cursor, analysed.
pub struct Fixture {
    pub text: String,
    pub offset: usize,
    pub analysis: Analysis,
}

impl Fixture {
    /// Analyses `fixture` without its `$0` marker; the cursor is where the marker was.
    pub fn new(fixture: &str) -> Fixture {
        let (text, offset) = cursor(fixture);
        let analysis = analysis(&text);
        Fixture {
            text,
            offset,
            analysis,
        }
    }

    pub fn ctx(&self) -> FeatureContext<'_> {
        FeatureContext {
            analysis: &self.analysis,
            last_good: None,
            offset: self.offset,
        }
    }
}

/// A multi-file fixture, analysed in its workspace: the analysis of the file holding `$0`
/// (else of the last open buffer, else of the first section) and the cursor there.
pub struct Files {
    pub text: String,
    pub offset: usize,
    pub analysis: Arc<Analysis>,
}

impl Files {
    pub fn new(fixture: &str) -> Files {
        let parsed = analysis::test_support::Fixture::parse(fixture);
        let open = parsed
            .files
            .iter()
            .rev()
            .find(|f| f.layer == analysis::test_support::fixture::Layer::Buffer);
        let first = open
            .or(parsed.files.first())
            .map(|f| (f.path.clone(), f.text.len()));
        let (path, offset) = parsed
            .cursor
            .clone()
            .or(first)
            .unwrap_or_else(|| (FilePath::new(""), 0));
        let analysis = parsed
            .workspace()
            .snapshot()
            .analysis(&path)
            .unwrap_or_else(|| Arc::new(analysis::workspace::failed(Arc::from(""))));
        Files {
            text: analysis.text.to_string(),
            offset,
            analysis,
        }
    }
}
