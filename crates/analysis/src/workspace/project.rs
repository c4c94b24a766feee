//! The project view over the workspace: each config file's role (setup config,
//! continuation, part of a merged or packed config, undecided, alone), what its analysis
//! reads because of it, and the analysis itself. The pure parts are in `crate::project`.

use std::sync::Arc;

use super::inputs::Inputs;
use super::snapshot::Snapshot;
use crate::diagnostics::Finding;
use crate::file_path::FilePath;
use crate::project::checks::{self, Texts};
use crate::project::compose::{self, Source};
use crate::project::plan::{ConfigSource, MappingSource, ParametersSource, SetupPlan};
use crate::project::roles::{self, Files, Role};
use crate::settings::Settings;
use crate::Analysis;
use syntax::yaml::Span;

impl Files for Inputs {
    fn has(&self, path: &FilePath) -> bool {
        self.text(path).is_some()
    }

    fn plan(&self, path: &FilePath) -> Option<Arc<SetupPlan>> {
        self.text(path)?.plan()
    }

    fn under(&self, dir: &FilePath) -> Vec<FilePath> {
        self.files_under(dir).map(|(p, _)| p.clone()).collect()
    }
}

impl Texts for Inputs {
    fn text(&self, path: &FilePath) -> Option<Arc<str>> {
        Some(Inputs::text(self, path)?.text.clone())
    }
}

impl Inputs {
    /// The role of `path` in its project.
    pub(super) fn role(&self, path: &FilePath) -> Role {
        roles::role(self, path)
    }

    /// The files `path`'s analysis reads besides settings, itself first: by its role, the
    /// setup config and the other files of its config, or the configs it continues with.
    /// A path the workspace has no text for is read as absent, so its arrival is a change.
    pub(super) fn project_reads(&self, path: &FilePath) -> Vec<FilePath> {
        let mut reads = vec![path.clone()];
        match self.role(path) {
            Role::Alone => reads.extend(self.orb_tree_reads(path)),
            Role::Setup => self.setup_reads(path, &mut reads),
            Role::Continuation { setup, group } => {
                if group.len() == 1 {
                    reads.extend(self.orb_tree_reads(path));
                }
                reads.extend(group);
                self.setup_reads(&setup, &mut reads);
            }
            Role::Packed { tree } => reads.extend(self.under(&tree)),
            Role::Undecided { setup } => reads.push(setup),
        }
        let mut seen = std::collections::HashSet::new();
        reads.retain(|p| seen.insert(p.clone()));
        reads
    }

    /// The files of the orb source tree a test config of the same repository may get
    /// injected (`src/@orb.yml` present), with the root's path even when it is absent.
    fn orb_tree_reads(&self, path: &FilePath) -> Vec<FilePath> {
        let Some(src) = orb_source_folder(path) else {
            return Vec::new();
        };
        let mut reads = vec![src.join("@orb.yml")];
        if ["@orb.yml", "@orb.yaml"]
            .iter()
            .any(|r| self.has(&src.join(r)))
        {
            reads.extend(self.under(&src).into_iter().filter(is_yaml));
        }
        reads
    }

    /// The setup config and every file its checks read: the configs it continues with
    /// (present or not), its mapping file and its parameters file.
    fn setup_reads(&self, setup: &FilePath, reads: &mut Vec<FilePath>) {
        reads.push(setup.clone());
        let (Some(plan), Some(root)) = (self.plan(setup), roles::root_of(setup)) else {
            return;
        };
        for target in roles::resolve(self, &plan, &root, setup) {
            reads.extend(target.files);
            reads.extend(target.missing.iter().map(|(p, _)| root.join(p)));
        }
        for c in &plan.continuations {
            if let ParametersSource::File(given)
            | ParametersSource::Mapping(MappingSource::File(given)) = &c.parameters
            {
                reads.push(root.join(&given.text));
            }
            if let ConfigSource::Path(given) = &c.config {
                reads.push(root.join(&given.text));
            }
        }
    }

    /// Paths a setup config names that the workspace has no text for: the front end reads
    /// them (or learns they do not exist) next.
    pub(super) fn project_files_wanted(&self) -> Vec<FilePath> {
        let mut wanted = Vec::new();
        let setups: Vec<FilePath> = self
            .files
            .keys()
            .filter(|p| roles::is_entry_config(p) && self.plan(p).is_some())
            .cloned()
            .collect();
        for setup in setups {
            let mut reads = Vec::new();
            self.setup_reads(&setup, &mut reads);
            wanted.extend(
                reads
                    .into_iter()
                    .filter(|p| !self.has(p) && !self.looked_for.contains(p)),
            );
        }
        wanted.sort();
        wanted.dedup();
        wanted
    }
}

/// Findings about names other files may define or use: while a file's role cannot be
/// decided (or its config cannot be put together), none of them is reported, and nothing
/// is offered for removal.
const CROSS_FILE_NAMES: &[&str] = &[
    "undefined-job",
    "undefined-command",
    "undefined-executor",
    "undefined-orb",
    "unused-job",
    "unused-command",
    "unused-executor",
    "unused-orb",
    "unused-job-group",
];

/// Whether `f` is about a name another file may define or use.
fn about_other_files(analysis: &Analysis, f: &Finding) -> bool {
    if CROSS_FILE_NAMES.contains(&f.code) {
        return true;
    }
    match f.code {
        // A pipeline parameter declared in another fragment.
        "undefined-parameter" => analysis
            .model()
            .ref_at(f.span.start)
            .is_some_and(|(_, r)| r.kind == crate::model::index::RefKind::PipelineParameter),
        // A fragment needs no `version` of its own.
        "missing-key" => f.message.contains("`version"),
        _ => false,
    }
}

/// Drops the findings about names other files may define or use.
fn quiet_about_other_files(analysis: &mut Analysis) {
    let findings = std::mem::take(&mut analysis.findings);
    analysis.findings = findings
        .into_iter()
        .filter(|f| !about_other_files(analysis, f))
        .collect();
}

/// Unused definitions are not reported in a setup config its own scripts merge into the
/// config they continue with: the names are for that config.
fn quiet_about_unused(analysis: &mut Analysis) {
    analysis
        .findings
        .retain(|f| !(f.code.starts_with("unused-") && f.code != "unused-anchor"));
}

/// Adds `extra` findings to an analysis, with settings and suppressions applied to them.
fn with_findings(mut analysis: Analysis, extra: Vec<Finding>, settings: &Settings) -> Analysis {
    if extra.is_empty() {
        return analysis;
    }
    let mut findings = std::mem::take(&mut analysis.findings);
    findings.extend(extra);
    analysis.findings = crate::finish(
        findings,
        &analysis.text,
        &analysis.lines,
        &analysis.yaml,
        settings,
    );
    analysis
}

impl Snapshot {
    /// Analyses the config `path` (its text `text`) in its project: with its setup config
    /// or the configs it continues with, or as part of the config its files form.
    pub(super) fn analyze_in_project(
        &self,
        path: &FilePath,
        text: Arc<str>,
        settings: &Settings,
        earlier: Option<crate::Earlier>,
    ) -> Analysis {
        let inputs = self.inputs();
        match inputs.role(path) {
            Role::Alone => inputs.alone(path, text, settings, earlier),
            Role::Setup => {
                let mut analysis = crate::analyze_after(earlier, text, settings);
                let mut extra = Vec::new();
                if let Some(plan) = crate::project::plan::read(analysis.model()) {
                    checks::check_setup(inputs, path, &analysis.text, &plan, &mut extra);
                    if shared_with_continuation(&plan, path) {
                        quiet_about_unused(&mut analysis);
                    }
                }
                with_findings(analysis, extra, settings)
            }
            Role::Continuation { setup, group } => {
                let analysis = if group.len() > 1 {
                    inputs.composed(path, text, &group, settings, compose::fragments)
                } else {
                    inputs.alone(path, text, settings, earlier)
                };
                let mut extra = Vec::new();
                checks::check_continuation(inputs, &setup, &group, analysis.model(), &mut extra);
                with_findings(analysis, extra, settings)
            }
            Role::Packed { tree } => {
                let files: Vec<FilePath> =
                    inputs.under(&tree).into_iter().filter(is_yaml).collect();
                inputs.composed(path, text, &files, settings, |sources, mine| {
                    compose::packed_tree(&tree, sources, mine)
                })
            }
            Role::Undecided { .. } => {
                let mut analysis = crate::analyze_after(earlier, text, settings);
                quiet_about_other_files(&mut analysis);
                analysis
            }
        }
    }
}

fn is_yaml(path: &FilePath) -> bool {
    path.file_name()
        .is_some_and(|n| n.ends_with(".yml") || n.ends_with(".yaml"))
}

impl Inputs {
    /// The sources of `files`, with `text` standing for `path`; and `path`'s index.
    fn sources(
        &self,
        path: &FilePath,
        text: &Arc<str>,
        files: &[FilePath],
    ) -> (Vec<Source>, usize) {
        let mut sources: Vec<Source> = files
            .iter()
            .filter(|f| *f != path)
            .filter_map(|f| {
                Some(Source {
                    path: f.clone(),
                    text: Inputs::text(self, f)?.text.clone(),
                })
            })
            .collect();
        sources.push(Source {
            path: path.clone(),
            text: text.clone(),
        });
        let mine = sources.len() - 1;
        (sources, mine)
    }

    /// `path` analysed inside the config `compose` puts together from `files`; alone, and
    /// quiet about other files' names, when they cannot be put together.
    fn composed(
        &self,
        path: &FilePath,
        text: Arc<str>,
        files: &[FilePath],
        settings: &Settings,
        compose: impl Fn(&[Source], usize) -> Option<compose::Composed>,
    ) -> Analysis {
        let (sources, mine) = self.sources(path, &text, files);
        let made = compose(&sources, mine)
            .and_then(|c| c.analyze_member(&sources, mine, text.clone(), settings));
        made.unwrap_or_else(|| {
            let mut analysis = crate::analyze(text, settings);
            quiet_about_other_files(&mut analysis);
            analysis
        })
    }

    /// A config on its own; an orb's test config with the orb's source tree put in place
    /// of `name: {}`, when the workspace has the tree.
    fn alone(
        &self,
        path: &FilePath,
        text: Arc<str>,
        settings: &Settings,
        earlier: Option<crate::Earlier>,
    ) -> Analysis {
        let analysis = crate::analyze_after(earlier, text.clone(), settings);
        let Some((src, empty)) = self.orb_under_test(path, &analysis) else {
            return analysis;
        };
        let files: Vec<FilePath> = self.under(&src).into_iter().filter(is_yaml).collect();
        let (sources, mine) = self.sources(path, &text, &files);
        compose::injected(&sources, mine, &src, empty)
            .and_then(|c| c.analyze_member(&sources, mine, text, settings))
            .unwrap_or(analysis)
    }

    /// For a config declaring one orb as `name: {}` (filled in by orb-tools before it
    /// runs), in a repository whose `src/@orb.yml` the workspace has: the orb's `src`
    /// folder and where the `{}` is written.
    fn orb_under_test(&self, path: &FilePath, analysis: &Analysis) -> Option<(FilePath, Span)> {
        let src = orb_source_folder(path)?;
        if !["@orb.yml", "@orb.yaml"]
            .iter()
            .any(|r| self.has(&src.join(r)))
        {
            return None;
        }
        let model = analysis.model();
        let mut empty = model
            .defs_of(crate::model::index::DefKind::Orb, None)
            .filter_map(|(_, d)| d.node)
            .filter(|n| {
                n.as_mapping()
                    .is_some_and(|m| m.flow && m.entries.is_empty())
            })
            .map(|n| n.span);
        let first = empty.next()?;
        // With several, which one orb-tools fills is not known here.
        empty.next().is_none().then_some((src, first))
    }
}

/// The orb source folder of the repository holding a config: `X/src` for a file in
/// `X/.circleci/`.
fn orb_source_folder(path: &FilePath) -> Option<FilePath> {
    let circleci = path
        .ancestors()
        .find(|a| a.file_name() == Some(".circleci"))?;
    Some(circleci.parent()?.join("src"))
}

/// Whether the setup config's own scripts read it into the config it continues with.
fn shared_with_continuation(plan: &SetupPlan, setup: &FilePath) -> bool {
    let Some(root) = roles::root_of(setup) else {
        return false;
    };
    plan.scripts.reads.iter().any(|r| root.join(r) == *setup)
}

impl Snapshot {
    /// The role of `path` in its project.
    pub fn role(&self, path: &FilePath) -> Role {
        self.inputs().role(path)
    }

    /// The files of the workspace that are part of a project's dynamic config: setup
    /// configs, the configs they continue with, and the files of packed config trees.
    pub fn project_members(&self) -> Vec<FilePath> {
        let inputs = self.inputs();
        inputs
            .files
            .keys()
            .filter(|p| is_yaml(p))
            .filter(|p| {
                matches!(
                    inputs.role(p),
                    Role::Setup | Role::Continuation { .. } | Role::Packed { .. }
                )
            })
            .cloned()
            .collect()
    }

    /// Paths setup configs name (configs they continue with, mapping and parameters files)
    /// that no change has given yet: the front end reads them, or says they do not exist.
    pub fn project_files_wanted(&self) -> Vec<FilePath> {
        self.inputs().project_files_wanted()
    }
}
