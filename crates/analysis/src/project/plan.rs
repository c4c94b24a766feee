//! What a setup config (`setup: true`) continues the pipeline with, read from its model:
//! the continuation orb's `continue` (`configuration_path`, `parameters` as JSON or a file),
//! the path-filtering orb's `filter` job and `set-parameters` command (`mapping`,
//! `config-path`, default `.circleci/continue_config.yml`), orb-tools' `continue` job
//! (`config_path`, default `.circleci/test-deploy.yml`, with the orb under test injected),
//! and scripts that call the continuation API, merge YAML files or pack a config tree.
//!
//! Paths are as written, relative to the repository root (the folder holding `.circleci/`):
//! the project view resolves them against the workspace.

use std::sync::Arc;

use super::mapping::{self, Mapping};
use super::script::ScriptFacts;
use crate::model::index::value_span;
use crate::model::index::{DefKind, Model, OrbCall};
use syntax::yaml::source_map::ScalarMap;
use syntax::yaml::{Node, Span};

/// Which way a setup config continues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// `circleci/continuation`'s `continue` command or job.
    ContinuationOrb,
    /// `circleci/path-filtering`'s `filter` job (or `set-parameters` with `continue`).
    PathFiltering,
    /// `circleci/orb-tools`' `continue` job.
    OrbTools,
    /// A script calling `/api/v2/pipeline/continue`.
    Api,
}

/// A value the setup config gives: written (with where), or an orb parameter's default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Given {
    pub text: String,
    /// Where it is written; `None` for a default.
    pub span: Option<Span>,
}

/// The config a continuation continues with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigSource {
    /// A file of the repository.
    Path(Given),
    /// A file made while the setup job runs (an absolute path, or one a script writes).
    Generated(String),
    /// Not known here (built from a template or a variable).
    Unknown,
}

/// What sets the continuation's pipeline parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum ParametersSource {
    /// Nothing is passed (`'{}'`).
    Nothing,
    /// A JSON object written in the config.
    Json(Given),
    /// A JSON file of the repository, read when the job runs.
    File(Given),
    /// The path-filtering mapping: each line sets its parameter when its regex matches.
    Mapping(MappingSource),
    /// Not known here.
    Unknown,
}

/// Where a mapping is: written in the config, or in a file it names.
#[derive(Clone, Debug, PartialEq)]
pub enum MappingSource {
    Written(Mapping),
    /// A one-word mapping: the orb reads the file of that name when it exists.
    File(Given),
}

/// One way the setup config continues.
#[derive(Clone, Debug, PartialEq)]
pub struct Continuation {
    pub via: Via,
    /// The orb job or command invoked (`path-filtering/filter`), or the script's step.
    pub at: Span,
    pub config: ConfigSource,
    /// path-filtering's `config-path`, used when no mapping line names a config.
    pub parameters: ParametersSource,
    /// For orb-tools: the name the orb under test is injected under.
    pub orb_name: Option<String>,
}

/// A setup config's plan, read once per text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetupPlan {
    pub continuations: Vec<Continuation>,
    pub scripts: ScriptFacts,
    /// The config invokes members of other registry orbs, whose steps are not known here:
    /// one of them may continue the pipeline.
    pub opaque_calls: bool,
    /// Where `setup: true` is written.
    pub setup_span: Option<Span>,
}

impl SetupPlan {
    /// Whether anything is known to continue the pipeline, or may.
    pub fn may_continue(&self) -> bool {
        !self.continuations.is_empty() || self.opaque_calls || self.scripts.continues
    }
}

/// A registry orb this module knows the continuation parameters of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KnownOrb {
    Continuation,
    PathFiltering,
    OrbTools,
}

fn known_orb(model: &Model<'_>, orb: usize) -> Option<KnownOrb> {
    let reference = model.def(orb)?.node?.as_str()?;
    let name = reference.split('@').next()?;
    Some(match name {
        "circleci/continuation" => KnownOrb::Continuation,
        "circleci/path-filtering" => KnownOrb::PathFiltering,
        "circleci/orb-tools" => KnownOrb::OrbTools,
        _ => return None,
    })
}

/// path-filtering's `set-parameters`, waiting for the `continue` that reads its output.
struct PendingMapping {
    mapping: ParametersSource,
    output: String,
    config_path: Given,
}

/// The plan of the config `model` describes, when it is a setup config.
pub fn read(model: &Model<'_>) -> Option<Arc<SetupPlan>> {
    if !model.setup {
        return None;
    }
    let mut plan = SetupPlan {
        setup_span: setup_span(model),
        ..SetupPlan::default()
    };
    let mut pending = Vec::new();
    for call in &model.orb_calls {
        let Some(orb) = known_orb(model, call.orb) else {
            plan.opaque_calls = true;
            continue;
        };
        let args = Args { model, call };
        let member = args.member();
        match (orb, member) {
            (KnownOrb::Continuation, "continue") => {
                plan.continuations.push(continuation_orb(&args, &pending));
            }
            (KnownOrb::PathFiltering, "filter") => plan.continuations.push(path_filtering(&args)),
            (KnownOrb::PathFiltering, "set-parameters") => pending.push(PendingMapping {
                mapping: ParametersSource::Mapping(mapping_source(&args)),
                output: args
                    .text_or("output-path", "/tmp/pipeline-parameters.json")
                    .text,
                config_path: args.text_or("config-path", DEFAULT_CONFIG_PATH),
            }),
            (KnownOrb::OrbTools, "continue") => plan.continuations.push(orb_tools(&args)),
            // Members that do not continue (`finish`, `generate-config`, orb-tools' packing).
            _ => {}
        }
    }
    read_scripts(model, &mut plan.scripts);
    if plan.scripts.continues {
        plan.continuations.push(Continuation {
            via: Via::Api,
            at: plan.setup_span.unwrap_or_default(),
            config: ConfigSource::Unknown,
            parameters: ParametersSource::Unknown,
            orb_name: None,
        });
    }
    let writes = plan.scripts.writes.clone();
    for c in &mut plan.continuations {
        if let ConfigSource::Path(given) = &c.config {
            if given.text.starts_with('/') || writes.contains(&given.text) {
                c.config = ConfigSource::Generated(given.text.clone());
            }
        }
    }
    Some(Arc::new(plan))
}

/// path-filtering's default `config-path`.
pub const DEFAULT_CONFIG_PATH: &str = ".circleci/continue_config.yml";
/// orb-tools' default `config_path`.
pub const ORB_TOOLS_CONFIG_PATH: &str = ".circleci/test-deploy.yml";
/// Where path-filtering's `generate-config` writes the merged config.
const GENERATED_CONFIG_PATH: &str = "/tmp/generated-config.yml";

fn setup_span(model: &Model<'_>) -> Option<Span> {
    let entry = model.root?.as_mapping()?.entry("setup")?;
    Some(entry.key.span)
}

fn continuation_orb(args: &Args<'_, '_>, pending: &[PendingMapping]) -> Continuation {
    let parameters = match args.given("parameters") {
        Some(p) => match pending.iter().find(|m| m.output == p.text) {
            Some(m) => m.mapping.clone(),
            None => parameters_source(p),
        },
        None => ParametersSource::Nothing,
    };
    let config = match args.given("configuration_path") {
        // path-filtering's own commands merge the mapping's configs into this file.
        Some(p) if p.text == GENERATED_CONFIG_PATH && !pending.is_empty() => {
            pending.last().map_or(ConfigSource::Unknown, |m| {
                ConfigSource::Path(m.config_path.clone())
            })
        }
        Some(p) => ConfigSource::Path(p),
        None => ConfigSource::Unknown,
    };
    Continuation {
        via: Via::ContinuationOrb,
        at: args.at(),
        config,
        parameters,
        orb_name: None,
    }
}

fn path_filtering(args: &Args<'_, '_>) -> Continuation {
    Continuation {
        via: Via::PathFiltering,
        at: args.at(),
        config: ConfigSource::Path(args.text_or("config-path", DEFAULT_CONFIG_PATH)),
        parameters: ParametersSource::Mapping(mapping_source(args)),
        orb_name: None,
    }
}

fn orb_tools(args: &Args<'_, '_>) -> Continuation {
    Continuation {
        via: Via::OrbTools,
        at: args.at(),
        config: ConfigSource::Path(args.text_or("config_path", ORB_TOOLS_CONFIG_PATH)),
        parameters: ParametersSource::Nothing,
        orb_name: args.given("orb_name").map(|g| g.text),
    }
}

/// `parameters:` of the continuation orb: JSON, a file, or something made at run time.
fn parameters_source(given: Given) -> ParametersSource {
    let text = given.text.trim();
    if text.starts_with('{') {
        return ParametersSource::Json(given);
    }
    if text.is_empty() || text.starts_with('/') || text.contains(['$', '<']) {
        return ParametersSource::Unknown;
    }
    ParametersSource::File(given)
}

fn mapping_source(args: &Args<'_, '_>) -> MappingSource {
    let Some((node, given)) = args.node("mapping") else {
        return MappingSource::Written(Mapping::default());
    };
    let one_word = !given.text.trim().contains(char::is_whitespace);
    if one_word && !given.text.trim().is_empty() {
        return MappingSource::File(Given {
            text: given.text.trim().to_string(),
            span: given.span,
        });
    }
    let text = args.model.text;
    let whole = value_span(node, text).0;
    let map = ScalarMap::new(text, node);
    let locate = |s: Span| map.as_ref().and_then(|m| m.span(s)).unwrap_or(whole);
    MappingSource::Written(mapping::parse(&given.text, &locate))
}

/// The arguments of one orb call.
struct Args<'m, 'a> {
    model: &'m Model<'a>,
    call: &'m OrbCall<'a>,
}

impl<'a> Args<'_, 'a> {
    /// The member's name: `continue` of `continuation/continue`.
    fn member(&self) -> &str {
        let name = self
            .model
            .refs
            .get(self.call.reference)
            .map_or("", |r| r.name.as_str());
        name.rsplit('/').next().unwrap_or("")
    }

    fn at(&self) -> Span {
        self.model
            .refs
            .get(self.call.reference)
            .map_or(Span::empty(0), |r| r.full_span)
    }

    /// The value passed as `name`, with a whole `<< parameters.x >>` read as `x`'s default.
    fn node(&self, name: &str) -> Option<(&'a Node, Given)> {
        let entry = self
            .call
            .passed
            .args
            .iter()
            .find(|e| e.key.as_str() == Some(name))?;
        let node = &entry.value;
        let text = node.as_str()?;
        if let Some(default) = self.parameter_default(text) {
            return Some((node, default));
        }
        let (span, _) = value_span(node, self.model.text);
        let given = Given {
            text: text.to_string(),
            span: Some(span),
        };
        Some((node, given))
    }

    fn given(&self, name: &str) -> Option<Given> {
        self.node(name).map(|(_, g)| g)
    }

    fn text_or(&self, name: &str, default: &str) -> Given {
        self.given(name).unwrap_or_else(|| Given {
            text: default.to_string(),
            span: None,
        })
    }

    /// For a value that is exactly `<< parameters.x >>`: the default of `x` in the job or
    /// command holding the call, when it is a plain string.
    fn parameter_default(&self, value: &str) -> Option<Given> {
        let name = value
            .trim()
            .strip_prefix("<<")?
            .strip_suffix(">>")?
            .trim()
            .strip_prefix("parameters.")?;
        let reference = self.model.refs.get(self.call.reference)?;
        let owner = self.model.owner_at(reference.span.start)?;
        let param = self.model.lookup(DefKind::Parameter, Some(owner), name)?;
        let default = self.model.def(param)?.node?.get("default")?;
        let text = default.as_str()?;
        (!text.contains("<<")).then(|| Given {
            text: text.to_string(),
            span: Some(value_span(default, self.model.text).0),
        })
    }
}

/// What every `run` step of the config says, with `<< parameters.x >>` read as `x`'s
/// default where that is known.
fn read_scripts(model: &Model<'_>, facts: &mut ScriptFacts) {
    for step in &model.steps {
        if step.name != "run" {
            continue;
        }
        let Some(args) = step.args else {
            continue;
        };
        let command = args
            .as_str()
            .or_else(|| args.get("command").and_then(Node::as_str));
        if let Some(command) = command {
            facts.read(&with_defaults(model, step.within, command));
        }
    }
}

/// `script` with each `<< parameters.x >>` replaced by the default of `x` in `owner`.
fn with_defaults(model: &Model<'_>, owner: Option<usize>, script: &str) -> String {
    let Some(owner) = owner else {
        return script.to_string();
    };
    let mut out = String::with_capacity(script.len());
    let mut rest = script;
    while let Some(open) = rest.find("<<") {
        let Some(close) = rest.get(open..).and_then(|r| r.find(">>")) else {
            break;
        };
        let inner = rest.get(open + 2..open + close).unwrap_or("").trim();
        let default = inner
            .strip_prefix("parameters.")
            .and_then(|name| model.lookup(DefKind::Parameter, Some(owner), name))
            .and_then(|p| model.def(p)?.node?.get("default")?.as_str());
        out.push_str(rest.get(..open).unwrap_or(""));
        match default {
            Some(d) if !d.contains("<<") => out.push_str(d),
            _ => out.push_str(rest.get(open..open + close + 2).unwrap_or("")),
        }
        rest = rest.get(open + close + 2..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Whether `text` may be a setup config: a line starting with `setup:`. Cheap, so that a
/// config that is not one is never parsed for its plan.
pub fn looks_like_setup(text: &str) -> bool {
    text.match_indices("setup:")
        .any(|(i, _)| i == 0 || matches!(text.as_bytes().get(i - 1), Some(b'\n' | b'\r')))
}

/// The plan of the config `text`, when it is a setup config.
pub fn of_text(text: &str) -> Option<Arc<SetupPlan>> {
    if !looks_like_setup(text) {
        return None;
    }
    let parsed = syntax::yaml::parse(text);
    let model = Model::build(text, &parsed);
    read(&model)
}

impl Continuation {
    /// What this continuation continues with, in words for the outline and hover: the
    /// files merged (a mapping's configs and `config-path`), a generated file, or nothing
    /// known.
    pub fn describe(&self) -> String {
        let mut files: Vec<&str> = Vec::new();
        if let ParametersSource::Mapping(MappingSource::Written(mapping)) = &self.parameters {
            files.extend(mapping.configs().iter().map(|f| f.text.as_str()));
        }
        match &self.config {
            ConfigSource::Path(given) => {
                if !files.contains(&given.text.as_str()) {
                    files.push(&given.text);
                }
                format!("continues with {}", files.join(" + "))
            }
            ConfigSource::Generated(path) => format!("continues with a generated config ({path})"),
            ConfigSource::Unknown => "continues the pipeline".to_string(),
        }
    }
}
