//! What unit tests share: the one `$0` cursor-fixture parser, the multi-file fixture
//! (`//- /path` sections, see [`fixture`]), analysing a fixture, and rendering positions.
//! Only fixtures written here: the shared data of `../shared` is the ecosystem suite's
//! (tests/ecosystem).

pub mod fixture;

use std::sync::Arc;

use crate::settings::Settings;
use crate::{analyze, Analysis};
use syntax::yaml::Span;

/// The fixture without its `$0` cursor marker, and the marker's offset (the end of the text
/// when there is no marker).
pub fn cursor(fixture: &str) -> (String, usize) {
    let offset = fixture.find("$0").unwrap_or(fixture.len());
    (fixture.replacen("$0", "", 1), offset)
}

pub use fixture::Fixture;

/// The whole analysis of `text` with default settings.
pub fn analysis(text: &str) -> Analysis {
    analyze(Arc::from(text), &Settings::default())
}

/// `line:column` (both from 0, column in bytes) of `offset`.
pub fn pos(text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count();
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    format!("{line}:{col}")
}

/// `line:column-line:column` of a span, as [`pos`] writes them.
pub fn range(text: &str, span: Span) -> String {
    format!("{}-{}", pos(text, span.start), pos(text, span.end))
}
