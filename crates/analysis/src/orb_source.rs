//! A file analysed as part of the whole it belongs to: an orb source file inside its orb
//! (the orb's files packed around the edited text, orbs/dev.rs), or a config file inside the
//! config several files form (merged fragments, a packed config tree, a test config with
//! the orb under test injected; `project/compose.rs`). The whole is analysed like any
//! config, and the findings and spans are mapped back to the file they are written in.

use std::sync::Arc;

use super::{analyze, Analysis};
use crate::diagnostics::Finding;
use crate::file_path::FilePath;
use crate::orbs::dev::MISSING_INCLUDE;
use crate::orbs::dev::{includes, pack, OrbFile, OrbTree, OtherFile, Packed, Placement};
use crate::settings::Settings;
use syntax::yaml::Span;

/// The analysis of the whole (an orb, or a config of several files) packed around an
/// edited file, for the editor features: completion, hover and definition in one file see
/// the whole.
#[derive(Debug)]
pub struct OrbSource {
    pub packed: Analysis,
    /// Where the edited file's parts sit in the packed text: one for an orb file, one per
    /// part for a config whose sections several files fill.
    mine: Vec<Placement>,
    mine_key: Option<Span>,
    others: Vec<OtherFile>,
    /// Each `<<include(…)>>` of the edited file whose script the orb has, and that script.
    include_links: Vec<(Span, FilePath)>,
}

/// Where a packed span is written.
#[derive(Clone, Debug)]
pub enum SourceSpan<'a> {
    /// In the edited file.
    Here(Span),
    /// In another file of the orb.
    Other { file: &'a OtherFile, span: Span },
}

impl OrbSource {
    /// Each `<<include(…)>>` of the edited file whose script the orb has: the path's span
    /// in the file, and the script.
    pub fn include_links(&self) -> &[(Span, FilePath)] {
        &self.include_links
    }

    /// A config file analysed inside the config several files form.
    pub(crate) fn composed(
        packed: Analysis,
        mine: Vec<Placement>,
        mine_key: Option<Span>,
        others: Vec<OtherFile>,
    ) -> OrbSource {
        OrbSource {
            packed,
            mine,
            mine_key,
            others,
            include_links: Vec::new(),
        }
    }

    /// The packed offset of an offset in the edited file.
    pub fn to_packed(&self, offset: usize) -> Option<usize> {
        self.mine.iter().find_map(|p| p.to_packed(offset))
    }

    /// The span in the edited file of a packed span inside it.
    pub fn to_file(&self, span: Span) -> Option<Span> {
        span_to_file(&self.mine, span)
    }

    /// The other files of the whole, as packed beside the edited one.
    pub fn others(&self) -> &[OtherFile] {
        &self.others
    }

    /// Whether `span` is in a member key the packing wrote: the member is named by its
    /// file's name.
    pub fn names_a_file(&self, span: Span) -> bool {
        self.mine_key.is_some_and(|k| k.contains_span(span))
            || self
                .others
                .iter()
                .any(|f| f.key.is_some_and(|k| k.contains_span(span)))
    }

    /// Where a packed span is written: in the edited file or another one. The member key
    /// the packing adds for a file stands for the file's start.
    pub fn locate(&self, span: Span) -> Option<SourceSpan<'_>> {
        if self.mine_key.is_some_and(|k| k.contains_span(span)) {
            return Some(SourceSpan::Here(Span::empty(0)));
        }
        if let Some(s) = span_to_file(&self.mine, span) {
            return Some(SourceSpan::Here(s));
        }
        self.others.iter().find_map(|file| {
            if file.key.is_some_and(|k| k.contains_span(span)) {
                return Some(SourceSpan::Other {
                    file,
                    span: Span::empty(0),
                });
            }
            let span = file.placement.span_to_file(span)?;
            Some(SourceSpan::Other { file, span })
        })
    }
}

/// The span in a file of a packed span inside one of its parts.
fn span_to_file(parts: &[Placement], span: Span) -> Option<Span> {
    parts.iter().find_map(|p| p.span_to_file(span))
}

/// Rules that do not apply to an orb's source: its members are used by the configs that
/// import the orb, not by the orb itself.
const NOT_FOR_ORBS: &[&str] = &[
    "unused-job",
    "unused-command",
    "unused-executor",
    "unused-parameter",
];

/// The orb packed around `text`, analysed, and the findings in `text`.
fn packed_analysis(
    file: &OrbFile,
    text: &str,
    tree: &OrbTree,
    settings: &Settings,
) -> (OrbSource, Vec<Finding>) {
    let Packed {
        text: packed,
        mine,
        mine_key,
        others,
    } = pack(file, text, tree);
    let analysis = analyze(Arc::from(packed.as_str()), settings);
    let mine = vec![mine];
    let mut findings = findings_in(&analysis, &mine, NOT_FOR_ORBS);
    let mut include_links = Vec::new();
    for include in includes(text) {
        let target = file.src.join(&include.path);
        if tree.contains(&target) {
            include_links.push((include.path_span, target));
            continue;
        }
        findings.push(Finding::new(
            &MISSING_INCLUDE,
            include.path_span,
            crate::diagnostics::presentation::fit_message(
                format!(
                    "Create `{}` in the orb's `src/` folder or fix the path: the file is missing.",
                    include.path
                ),
                "Create the included file in the orb's `src/` folder or fix the path.",
            ),
        ));
    }
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    let source = OrbSource {
        packed: analysis,
        mine,
        mine_key,
        others,
        include_links,
    };
    (source, findings)
}

/// The findings of the packed analysis inside the edited file's parts, moved to the file's
/// offsets, without those of the rules in `skip`.
pub(crate) fn findings_in(packed: &Analysis, mine: &[Placement], skip: &[&str]) -> Vec<Finding> {
    packed
        .findings
        .iter()
        .filter(|f| !skip.contains(&f.code))
        .filter_map(|f| in_file(f, mine))
        .collect()
}

/// A packed finding inside the edited file, moved to the file's offsets; its related
/// locations elsewhere are dropped, and so are fixes that would edit elsewhere.
fn in_file(f: &Finding, mine: &[Placement]) -> Option<Finding> {
    let mut f = f.clone();
    f.span = span_to_file(mine, f.span)?;
    f.related.retain_mut(|r| match span_to_file(mine, r.span) {
        Some(s) => {
            r.span = s;
            true
        }
        None => false,
    });
    f.fixes.retain_mut(|fix| {
        fix.edits
            .iter_mut()
            .all(|e| match span_to_file(mine, e.span) {
                Some(s) => {
                    e.span = s;
                    true
                }
                None => false,
            })
    });
    Some(f)
}

/// The analysis of an orb source file: the file's own tree with the findings of its orb,
/// and the packed orb for completion, hover and definition. `tree` holds the orb's files as
/// the workspace has them.
pub fn analyze_file(
    file: &OrbFile,
    text: Arc<str>,
    tree: &OrbTree,
    settings: &Settings,
) -> Analysis {
    let (source, findings) = packed_analysis(file, &text, tree, settings);
    let mut analysis = analyze(text, settings);
    analysis.findings = findings;
    analysis.orb_source = Some(Arc::new(source));
    analysis
}
