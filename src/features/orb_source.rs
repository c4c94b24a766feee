//! Completion, hover and definition in a file of an orb's unpacked source (`src/jobs/x.yml`):
//! they run on the whole orb packed around the file, so a command defined in
//! `src/commands/greet.yml` is known while editing `src/jobs/build.yml`, and the results are
//! mapped back to the file (or, for definition, to the other file that holds the target).

use super::completion::CompletionItem;
use super::hover::HoverResult;
use super::FeatureContext;
use crate::orbs::dev::{OrbSource, SourceSpan};

/// The packed orb and a context on it at the cursor, for an orb source file.
fn packed<'a>(ctx: &'a FeatureContext<'_>) -> Option<(&'a OrbSource, FeatureContext<'a>)> {
    let source = ctx.analysis.orb_source.as_deref()?;
    let offset = source.to_packed(ctx.offset)?;
    let packed = FeatureContext {
        analysis: &source.packed,
        last_good: None,
        offset,
    };
    Some((source, packed))
}

/// Completion on the packed orb; `None` when the file is not an orb source file.
pub fn complete(ctx: &FeatureContext<'_>) -> Option<Vec<CompletionItem>> {
    let (source, packed) = packed(ctx)?;
    let items = super::completion::complete(&packed)
        .into_iter()
        .filter_map(|mut item| {
            item.replace = source.to_file(item.replace)?;
            Some(item)
        })
        .collect();
    Some(items)
}

/// Hover on the packed orb; `None` when the file is not an orb source file.
pub fn hover(ctx: &FeatureContext<'_>) -> Option<Option<HoverResult>> {
    let (source, packed) = packed(ctx)?;
    Some(super::hover::hover(&packed).and_then(|mut h| {
        h.span = source.to_file(h.span)?;
        Some(h)
    }))
}

/// Definitions on the packed orb, in this file or another of the orb; `None` when the file
/// is not an orb source file.
pub fn definition<'a>(ctx: &'a FeatureContext<'_>) -> Option<Vec<SourceSpan<'a>>> {
    let (source, packed) = packed(ctx)?;
    Some(
        super::navigation::definition(&packed)
            .into_iter()
            .filter_map(|span| source.locate(span))
            .collect(),
    )
}
