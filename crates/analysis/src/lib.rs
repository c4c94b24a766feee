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

/// Analyses `text` from scratch. Pure and panic-free; fast enough to run on every keystroke.
pub fn analyze(text: Arc<str>, settings: &Settings) -> Analysis {
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
    let parsed = yaml::parse_shared(&text);
    let lines = LineIndex::new(&text);
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
            let model = Model::build(&source.text, &source.yaml);
            let docker = source.yaml.root().map(|_| {
                let orbs = crate::orbs::docker_view::interfaces(&model, settings.orbs.catalog());
                crate::docker::resolve::collect(&model, &orbs)
            });
            Derived { model, docker }
        },
    );
    let deps = derived.borrow_dependent();
    run_rules(&text, &lines, &parsed, deps, settings, &mut findings);
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

/// Runs every domain's rules; each takes only what it reads.
fn run_rules(
    text: &str,
    lines: &LineIndex,
    parsed: &ParsedYaml,
    deps: &Derived<'_>,
    settings: &Settings,
    findings: &mut Vec<Finding>,
) {
    if let Some(docker) = &deps.docker {
        // A tree cut short lacks references, so nothing counts as idle then.
        let idle = |kind| {
            if parsed.is_complete() {
                crate::model::usage::idle(&deps.model, kind)
            } else {
                Default::default()
            }
        };
        let scope = crate::docker::RateLimitScope {
            settings: settings.docker_hub,
            idle_jobs: idle(crate::model::DefKind::Job),
            idle_executors: idle(crate::model::DefKind::Executor),
        };
        crate::docker::check(text, lines, docker, &scope, findings);
    }
    // After the docker rules: secrets they already report are not reported twice.
    crate::secrets::check(text, lines, parsed, &deps.model, findings);
    crate::model::check(&deps.model, crate::model::Extent::of(parsed), findings);
    crate::validation::check(text, lines, parsed, &deps.model, findings);
    crate::orbs::check(
        &deps.model,
        settings.orbs.catalog(),
        crate::model::Extent::of(parsed),
        findings,
    );
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
