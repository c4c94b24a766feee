//! What the feature tests share beyond the analysis crate's test support: a `$0` fixture with
//! its analysis and the feature context at the cursor.

use analysis::test_support::{analysis, cursor};
use analysis::Analysis;

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
