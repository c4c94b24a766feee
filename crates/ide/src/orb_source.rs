//! Completion, hover, definition, references, highlights and rename in a file of an orb's unpacked source (`src/jobs/x.yml`):
//! they run on the whole orb packed around the file, so a command defined in
//! `src/commands/greet.yml` is known while editing `src/jobs/build.yml`, and the results are
//! mapped back to the file (or, for definition, references and rename, to the other files
//! of the orb).

use super::completion::CompletionItem;
use super::hover::HoverResult;
use super::navigation::HighlightKind;
use super::FeatureContext;
use analysis::orb_source::{OrbSource, SourceSpan};
use syntax::yaml::Span;

/// The packed orb and a context on it at the cursor, for an orb source file.
fn packed<'a>(ctx: &'a FeatureContext<'_>) -> Option<(&'a OrbSource, FeatureContext<'a>)> {
    let source = ctx.analysis.orb_source.as_deref()?;
    let offset = source.to_packed(ctx.offset)?;
    // The last good analysis of the file carries the orb packed around its last good text:
    // names for completion while the file is broken, as for a config.
    let last_good = ctx
        .last_good
        .and_then(|good| good.orb_source.as_deref())
        .map(|good| &good.packed);
    let packed = FeatureContext {
        analysis: &source.packed,
        last_good,
        offset,
    };
    Some((source, packed))
}

/// Completion in any file: an orb source file completes inside its packed orb, any other
/// file on its own.
pub fn completion_in_file(ctx: &FeatureContext<'_>) -> Vec<CompletionItem> {
    complete(ctx).unwrap_or_else(|| super::completion::complete(ctx))
}

/// Hover in any file, as [`completion_in_file`].
pub fn hover_in_file(ctx: &FeatureContext<'_>) -> Option<HoverResult> {
    hover(ctx).unwrap_or_else(|| super::hover::hover(ctx))
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

/// Uses of the thing under the cursor across the orb's files, with its definition when
/// asked; `None` when the file is not an orb source file.
pub fn references<'a>(
    ctx: &'a FeatureContext<'_>,
    include_declaration: bool,
) -> Option<Vec<SourceSpan<'a>>> {
    let (source, packed) = packed(ctx)?;
    Some(
        super::navigation::references(&packed, include_declaration)
            .into_iter()
            .filter_map(|span| source.locate(span))
            .collect(),
    )
}

/// Highlights in this file of the thing under the cursor, which may be defined in another
/// file of the orb; `None` when the file is not an orb source file.
pub fn highlights(ctx: &FeatureContext<'_>) -> Option<Vec<(Span, HighlightKind)>> {
    let (source, packed) = packed(ctx)?;
    Some(
        super::navigation::highlights(&packed)
            .into_iter()
            .filter_map(|(span, kind)| Some((source.to_file(span)?, kind)))
            .collect(),
    )
}

/// Why a member named by its file cannot be renamed by editing text.
const NAMED_BY_FILE: &str = "This orb member is named by its file's name; rename the file instead.";

/// The span in this file that a rename would change, or why it cannot be renamed; `None`
/// when the file is not an orb source file.
pub fn prepare_rename(ctx: &FeatureContext<'_>) -> Option<Result<Span, String>> {
    let (source, packed) = packed(ctx)?;
    Some(super::navigation::prepare_rename(&packed).and_then(|span| {
        let named_by_file = super::navigation::references(&packed, true)
            .into_iter()
            .any(|s| source.names_a_file(s));
        if named_by_file {
            return Err(NAMED_BY_FILE.to_string());
        }
        source
            .to_file(span)
            .ok_or_else(|| "Rename from the file that defines it.".to_string())
    }))
}

/// One edit of a rename, in this file or another of the orb.
#[derive(Clone, Debug)]
pub struct SourceEdit<'a> {
    pub at: SourceSpan<'a>,
    pub new_text: String,
}

/// The edits that rename the thing under the cursor in every file of the orb; `None` when
/// the file is not an orb source file.
pub fn rename<'a>(
    ctx: &'a FeatureContext<'_>,
    new_name: &str,
) -> Option<Result<Vec<SourceEdit<'a>>, String>> {
    let (source, packed) = packed(ctx)?;
    Some(
        super::navigation::rename(&packed, new_name).and_then(|edits| {
            edits
                .into_iter()
                .map(|e| {
                    if source.names_a_file(e.span) {
                        return Err(NAMED_BY_FILE.to_string());
                    }
                    let at = source
                        .locate(e.span)
                        .ok_or_else(|| NAMED_BY_FILE.to_string())?;
                    Ok(SourceEdit {
                        at,
                        new_text: e.new_text,
                    })
                })
                .collect()
        }),
    )
}
