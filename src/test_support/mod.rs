//! What unit tests share: the one `$0` cursor-fixture parser, analysing a fixture, rendering
//! positions, and the shared data of `../shared` (also used by the integration tests).

// Integration tests use parts of it that unit tests do not.
#[allow(dead_code)]
mod shared_data;

use std::sync::Arc;

pub(crate) use shared_data::*;

use crate::analysis::{analyze, Analysis};
use crate::features::FeatureContext;
use crate::settings::Settings;
use crate::yaml::Span;

/// The fixture without its `$0` cursor marker, and the marker's offset (the end of the text
/// when there is no marker).
pub(crate) fn cursor(fixture: &str) -> (String, usize) {
    let offset = fixture.find("$0").unwrap_or(fixture.len());
    (fixture.replacen("$0", "", 1), offset)
}

/// The whole analysis of `text` with default settings.
pub(crate) fn analysis(text: &str) -> Analysis {
    analyze(Arc::from(text), &Settings::default())
}

/// A test fixture: text with `$0` at the cursor, analysed.
pub(crate) struct Fixture {
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

/// `line:column` (both from 0, column in bytes) of `offset`.
pub(crate) fn pos(text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count();
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    format!("{line}:{col}")
}

/// `line:column-line:column` of a span, as [`pos`] writes them.
pub(crate) fn range(text: &str, span: Span) -> String {
    format!("{}-{}", pos(text, span.start), pos(text, span.end))
}
