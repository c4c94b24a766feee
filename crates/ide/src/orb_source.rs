//! Requests in a file of an orb's unpacked source (`src/jobs/x.yml`) that read names run on
//! the whole orb packed around the file, so a command defined in `src/commands/greet.yml` is
//! known while editing `src/jobs/build.yml`. A [`Located`] context is the one way every such
//! request gets its feature context and maps the feature's spans back: to this file, or to
//! another file of the orb. In any other file, and for requests about the file alone, it is
//! the file itself and maps nothing.

use super::navigation;
use super::FeatureContext;
use analysis::orb_source::{OrbSource, SourceSpan};
use syntax::yaml::Span;

/// What a request reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The file alone (its own tree and findings).
    File,
    /// For an orb source file, the orb packed around it; for any other file, the file.
    Orb,
}

/// A feature context and the way back from the spans a feature returns on it.
pub struct Located<'a> {
    pub ctx: FeatureContext<'a>,
    source: Option<&'a OrbSource>,
}

/// Why a member named by its file cannot be renamed by editing text.
const NAMED_BY_FILE: &str = "This orb member is named by its file's name; rename the file instead.";

impl<'a> Located<'a> {
    /// The context a request of `scope` runs on. In an orb source file with [`Scope::Orb`],
    /// it is the packed orb at the cursor's place in it, with the orb packed around the
    /// file's last good text for names while the file is broken. A cursor outside the file
    /// reads the file alone.
    pub fn new(ctx: &FeatureContext<'a>, scope: Scope) -> Located<'a> {
        let packed = (scope == Scope::Orb)
            .then_some(ctx.analysis.orb_source.as_deref())
            .flatten()
            .and_then(|source| Some((source, source.to_packed(ctx.offset)?)));
        if let Some((source, offset)) = packed {
            let last_good = ctx
                .last_good
                .and_then(|good| good.orb_source.as_deref())
                .map(|good| &good.packed);
            return Located {
                ctx: FeatureContext {
                    analysis: &source.packed,
                    last_good,
                    offset,
                },
                source: Some(source),
            };
        }
        Located {
            ctx: FeatureContext {
                analysis: ctx.analysis,
                last_good: ctx.last_good,
                offset: ctx.offset,
            },
            source: None,
        }
    }

    /// The span in the requested file of a span a feature returned, when it is in that file.
    pub fn here(&self, span: Span) -> Option<Span> {
        match self.source {
            Some(source) => source.to_file(span),
            None => Some(span),
        }
    }

    /// Where a span a feature returned is written: in the requested file or in another file
    /// of the orb.
    pub fn locate(&self, span: Span) -> Option<SourceSpan<'a>> {
        match self.source {
            Some(source) => source.locate(span),
            None => Some(SourceSpan::Here(span)),
        }
    }

    /// The span in the requested file that a rename would change, or why it cannot be
    /// renamed.
    pub fn prepare_rename(&self) -> Result<Span, String> {
        let span = navigation::prepare_rename(&self.ctx)?;
        let Some(source) = self.source else {
            return Ok(span);
        };
        let named_by_file = navigation::references(&self.ctx, true)
            .into_iter()
            .any(|s| source.names_a_file(s));
        if named_by_file {
            return Err(NAMED_BY_FILE.to_string());
        }
        source
            .to_file(span)
            .ok_or_else(|| "Rename from the file that defines it.".to_string())
    }

    /// The edits that rename the thing under the cursor, in every file that names it.
    pub fn rename(&self, new_name: &str) -> Result<Vec<SourceEdit<'a>>, String> {
        let edits = navigation::rename(&self.ctx, new_name)?;
        edits
            .into_iter()
            .map(|e| {
                if self.source.is_some_and(|s| s.names_a_file(e.span)) {
                    return Err(NAMED_BY_FILE.to_string());
                }
                let at = self
                    .locate(e.span)
                    .ok_or_else(|| NAMED_BY_FILE.to_string())?;
                Ok(SourceEdit {
                    at,
                    new_text: e.new_text,
                })
            })
            .collect()
    }
}

/// One edit of a rename, in the requested file or another of the orb.
#[derive(Clone, Debug)]
pub struct SourceEdit<'a> {
    pub at: SourceSpan<'a>,
    pub new_text: String,
}
