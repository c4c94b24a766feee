//! The CircleCI analysis of one document: the model of its definitions and references, the
//! rules of every domain (Docker image access, literal secrets, the key table, orbs), settings
//! and suppression comments. Pure: text and settings in, findings and indexes out.
//!
//! [`analyze`] is one pass over a document: parse, run every rule, apply settings and
//! suppressions. The [`workspace`] holds every file, project file and orb folder the front
//! ends give it and analyses each file from them, once per change of what it reads.

pub mod diagnostics;
pub mod docker;
pub mod file_path;
pub mod model;
pub mod orbs;
pub mod project;
pub mod project_config;
pub mod rule_registry;
pub mod secrets;
pub mod settings;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod validation;
pub mod workspace;

pub mod carry_over;
pub mod orb_source;

#[cfg(test)]
mod analyze_tests;
mod background_drop;
mod parallel;

pub use file_path::FilePath;

use std::sync::Arc;

use self_cell::self_cell;

use crate::diagnostics::Finding;
use crate::docker::resolve::DockerModel;
use crate::model::Model;
use crate::settings::Settings;
use syntax::text::lines::LineIndex;
use syntax::yaml::{self, ParsedYaml, Span};

/// What the indexes borrow from: the text and its tree.
pub struct Source {
    text: Arc<str>,
    yaml: Arc<ParsedYaml>,
}

/// Indexes built once per analysis and shared by the rules and every request on that version.
pub struct Derived<'a> {
    pub model: Model<'a>,
    pub docker: Option<DockerModel<'a>>,
}

self_cell!(
    /// The indexes together with the text and tree they borrow from.
    struct DerivedCell {
        owner: Source,
        #[covariant]
        dependent: Derived,
    }
);

/// A document's text with everything derived from it.
pub struct Analysis {
    pub text: Arc<str>,
    pub yaml: Arc<ParsedYaml>,
    /// Where the text's lines start and end, for fixes, code actions, messages and the CLI.
    pub lines: LineIndex,
    /// Findings after settings and suppression comments, sorted by position.
    pub findings: Vec<Finding>,
    /// The orb releases this analysis resolved orb references against.
    pub orbs: crate::orbs::OrbCatalog,
    /// For a file of an orb's unpacked source: the whole orb, packed, which completion,
    /// hover and definition read instead of the file alone.
    pub orb_source: Option<Arc<crate::orb_source::OrbSource>>,
    derived: DerivedCell,
}

impl std::fmt::Debug for Analysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analysis")
            .field("text_len", &self.text.len())
            .field("findings", &self.findings)
            .finish_non_exhaustive()
    }
}

impl Analysis {
    /// The CircleCI config root, if the first document is not empty.
    pub fn root(&self) -> Option<&yaml::Node> {
        self.yaml.root()
    }

    /// The config's definitions and references.
    pub fn model(&self) -> &Model<'_> {
        &self.derived.borrow_dependent().model
    }

    /// The Docker images the config pulls, with their credentials.
    pub fn docker(&self) -> Option<&DockerModel<'_>> {
        self.derived.borrow_dependent().docker.as_ref()
    }
}

/// Documents larger than this are not analysed: the tree costs many times the text, and real
/// configs are far smaller.
pub const MAX_ANALYSED_BYTES: usize = 4 * 1024 * 1024;

/// A document's previous text and tree: the next analysis parses again only what an edit
/// changed, and reuses the rest of the tree.
pub struct Earlier {
    pub text: Arc<str>,
    pub yaml: Arc<ParsedYaml>,
    /// The analysis being replaced, whose model and indexes are freed while the new tree is
    /// parsed, so that two analyses are never held at once.
    replaced: Option<Arc<Analysis>>,
}

impl Earlier {
    pub fn of(analysis: &Analysis) -> Earlier {
        Earlier {
            text: analysis.text.clone(),
            yaml: analysis.yaml.clone(),
            replaced: None,
        }
    }

    /// The earlier text and tree of an analysis that the new one replaces.
    pub fn replacing(analysis: Arc<Analysis>) -> Earlier {
        Earlier {
            replaced: Some(analysis.clone()),
            ..Earlier::of(&analysis)
        }
    }
}

/// What is left of an earlier analysis once the new tree is made: its text and tree, freed
/// while the new model is built.
type Remnant = Option<(Arc<str>, Arc<ParsedYaml>)>;

/// Analyses `text` from scratch. Pure and panic-free; fast enough to run on every keystroke.
pub fn analyze(text: Arc<str>, settings: &Settings) -> Analysis {
    analyze_after(None, text, settings)
}

/// Analyses `text`, an edit of the `earlier` text when given, whose tree it reuses where the
/// edit left it unchanged. The result is the same as [`analyze`]'s.
pub fn analyze_after(earlier: Option<Earlier>, text: Arc<str>, settings: &Settings) -> Analysis {
    if text.len() > MAX_ANALYSED_BYTES {
        let message = format!(
            "file too large to analyse: {:.1} MB, limit {} MB",
            text.len() as f64 / (1024.0 * 1024.0),
            MAX_ANALYSED_BYTES / (1024 * 1024)
        );
        let finding = Finding::new(&diagnostics::FILE_TOO_LARGE, Span::new(0, 0), message);
        let findings = match settings.severity_for(finding.code) {
            Some(None) => Vec::new(),
            Some(Some(severity)) => vec![finding.with_severity(severity)],
            None => vec![finding],
        };
        return unanalysed(text, findings);
    }
    let (earlier, replaced) = match earlier {
        Some(e) => (Some((e.text, e.yaml)), e.replaced),
        None => (None, None),
    };
    // The other thread frees the replaced analysis while this one parses the edited region
    // again; then nothing else may hold the old tree, which is moved rather than copied.
    let lines = || {
        drop(replaced);
        LineIndex::new(&text)
    };
    let plan = || {
        let (old_text, old_yaml) = earlier.as_ref()?;
        yaml::Reparse::plan(old_text, old_yaml, &text)
    };
    let (lines, planned) = parallel::join(lines, plan);
    let (parsed, remnant) = parse(earlier, planned, &text);
    let mut findings = Vec::new();
    for err in &parsed.errors {
        findings.push(Finding::new(
            &diagnostics::YAML_SYNTAX,
            err.span,
            err.message.clone(),
        ));
    }
    for doc in &parsed.documents {
        for alias in doc.aliases.iter().filter(|a| !a.resolved) {
            findings.push(Finding::new(
                &diagnostics::ALIAS_EXPANSION_LIMIT,
                alias.span,
                format!(
                    "`*{}` is not expanded: the aliases in this document copy more than 250,000 nodes.",
                    alias.name
                ),
            ));
        }
    }
    let parsed = Arc::new(parsed);
    let derived = DerivedCell::new(
        Source {
            text: text.clone(),
            yaml: parsed.clone(),
        },
        |source| {
            let build = || Model::build(&source.text, &source.yaml);
            let ((), model) = parallel::join(move || drop(remnant), build);
            let rules = Rules {
                text: &source.text,
                lines: &lines,
                parsed: &source.yaml,
                model: &model,
                settings,
            };
            let docker = rules.run(&mut findings);
            Derived { model, docker }
        },
    );
    let findings = finish(findings, &text, &lines, &parsed, settings);
    Analysis {
        text,
        yaml: parsed,
        lines,
        findings,
        orbs: settings.orbs.clone(),
        orb_source: None,
        derived,
    }
}

/// An analysis of `text` that did not look at it: an empty tree and the given findings.
pub fn unanalysed(text: Arc<str>, findings: Vec<Finding>) -> Analysis {
    let parsed = Arc::new(yaml::parse(""));
    let derived = DerivedCell::new(
        Source {
            text: text.clone(),
            yaml: parsed.clone(),
        },
        |source| Derived {
            model: Model::build("", &source.yaml),
            docker: None,
        },
    );
    Analysis {
        lines: LineIndex::new(&text),
        text,
        yaml: parsed,
        findings,
        orbs: crate::orbs::OrbCatalog::default(),
        orb_source: None,
        derived,
    }
}

/// The text's tree: the earlier tree, with the region `planned` parsed again in place of the
/// one the edit touched, or the whole text parsed when there is no plan. The earlier tree is
/// moved when nothing else holds it, else copied and returned with its text for the caller
/// to free.
fn parse(
    earlier: Remnant,
    planned: Option<yaml::Reparse>,
    text: &Arc<str>,
) -> (ParsedYaml, Remnant) {
    let ((old_text, old_yaml), plan) = match (earlier, planned) {
        (Some(old), Some(plan)) => (old, plan),
        (earlier, _) => return (yaml::parse_shared(text), earlier),
    };
    match Arc::try_unwrap(old_yaml) {
        Ok(owned) => {
            let parsed = plan.apply_owned(owned);
            (parsed.unwrap_or_else(|| yaml::parse_shared(text)), None)
        }
        Err(shared) => {
            let parsed = plan.apply(&shared);
            let remnant = Some((old_text, shared));
            (parsed.unwrap_or_else(|| yaml::parse_shared(text)), remnant)
        }
    }
}

/// What the rules read: the text, its tree and model, and the settings.
struct Rules<'r, 'a> {
    text: &'a str,
    lines: &'r LineIndex,
    parsed: &'a ParsedYaml,
    model: &'r Model<'a>,
    settings: &'r Settings,
}

impl<'a> Rules<'_, 'a> {
    /// Runs every domain's rules, in two groups on two threads; the findings are added in
    /// one order whichever finishes first. Returns the Docker model the first group built.
    fn run(&self, findings: &mut Vec<Finding>) -> Option<DockerModel<'a>> {
        let ((docker, first), second) = parallel::join(
            || self.docker_and_secrets(),
            || {
                let mut found = Vec::new();
                self.model_table_and_orbs(&mut found);
                found
            },
        );
        // Room for both at once: growing for the second would double a long list's room.
        findings.reserve_exact(first.len() + second.len());
        findings.extend(first);
        findings.extend(second);
        docker
    }

    /// The Docker model and its rules, then the secret rules, which skip what the Docker
    /// rules already report.
    fn docker_and_secrets(&self) -> (Option<DockerModel<'a>>, Vec<Finding>) {
        let (model, parsed) = (self.model, self.parsed);
        let mut findings = Vec::new();
        let docker = parsed.root().map(|_| {
            let orbs = crate::orbs::docker_view::interfaces(model, self.settings.orbs.catalog());
            crate::docker::resolve::collect(model, &orbs)
        });
        if let Some(docker) = &docker {
            // A tree cut short lacks references, so nothing counts as idle then.
            let idle = |kind| {
                if parsed.is_complete() {
                    crate::model::usage::idle(model, kind)
                } else {
                    Default::default()
                }
            };
            let scope = crate::docker::RateLimitScope {
                settings: self.settings.docker_hub,
                idle_jobs: idle(crate::model::DefKind::Job),
                idle_executors: idle(crate::model::DefKind::Executor),
            };
            crate::docker::check(self.text, self.lines, docker, &scope, &mut findings);
        }
        crate::secrets::check(self.text, self.lines, parsed, model, &mut findings);
        (docker, findings)
    }

    /// The model's rules, the key table's and the orbs'.
    fn model_table_and_orbs(&self, findings: &mut Vec<Finding>) {
        let (model, parsed) = (self.model, self.parsed);
        crate::model::check(model, crate::model::Extent::of(parsed), findings);
        crate::validation::check(self.text, self.lines, parsed, model, findings);
        let catalog = self.settings.orbs.catalog();
        crate::orbs::check(model, catalog, crate::model::Extent::of(parsed), findings);
    }
}

/// Applies severity overrides and suppression comments, removes duplicates (a node reached
/// through several aliases is reported once) and sorts by position.
pub(crate) fn finish(
    mut findings: Vec<Finding>,
    text: &str,
    lines: &LineIndex,
    parsed: &ParsedYaml,
    settings: &Settings,
) -> Vec<Finding> {
    let suppressions = diagnostics::suppress::Suppressions::scan_with_tree(
        text,
        lines,
        &parsed.comments,
        Some(parsed),
    );
    findings.extend_from_slice(suppressions.problems());
    findings.retain_mut(|f| match settings.severity_for(f.code) {
        Some(None) => false,
        Some(Some(sev)) => {
            f.severity = sev;
            true
        }
        None => true,
    });
    findings.retain(|f| !suppressions.is_suppressed(f.code, f.span.start));
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.code,
            &b.message,
        ))
    });
    findings.dedup_by(|a, b| a.span == b.span && a.code == b.code && a.message == b.message);
    // Messages may quote document text; a literal secret in it is never echoed.
    for f in &mut findings {
        if let std::borrow::Cow::Owned(m) = crate::secrets::redact(&f.message) {
            f.message = m;
        }
    }
    findings
}
