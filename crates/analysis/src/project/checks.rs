//! Checks across files: a setup config against the configs it continues with, and a
//! continuation config against its setup config. Each finding sits in the file where the
//! mistake is: a parameter passed but not declared, in the setup config where it is passed;
//! `setup: true` or a parameter nothing sets, in the continuation config.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::mapping::{self, Mapping};
use super::parameters::{declared, mismatch, Declared};
use super::plan::{Continuation, Given, MappingSource, ParametersSource, SetupPlan, Via};
use super::roles::{resolve, root_of, Files, Target};
use super::rules::*;
use crate::diagnostics::presentation::fit_message;
use crate::diagnostics::Finding;
use crate::file_path::FilePath;
use crate::model::index::Model;
use syntax::yaml::Span;

/// What the checks read besides the file checked: the workspace's other files.
pub trait Texts: Files {
    fn text(&self, path: &FilePath) -> Option<Arc<str>>;
}

/// The pipeline parameters the configs in `paths` declare, read from their texts.
fn declarations(texts: &dyn Texts, paths: &[FilePath]) -> Vec<Declared> {
    let mut all: Vec<Declared> = Vec::new();
    for path in paths {
        let Some(text) = texts.text(path) else {
            continue;
        };
        let parsed = syntax::yaml::parse(&text);
        let model = Model::build(&text, &parsed);
        for d in declared(&model) {
            if !all.iter().any(|a| a.name == d.name) {
                all.push(d);
            }
        }
    }
    all
}

/// A repository path's display: relative to the repository root when inside it.
fn shown(root: &FilePath, path: &FilePath) -> String {
    path.strip_prefix(root)
        .map_or_else(|| path.to_string(), str::to_string)
}

/// The setup config `setup` (its text `text`, its plan `plan`) against its continuations.
pub fn check_setup(
    texts: &dyn Texts,
    setup: &FilePath,
    text: &str,
    plan: &SetupPlan,
    findings: &mut Vec<Finding>,
) {
    if !plan.may_continue() {
        findings.push(Finding::new(
            &SETUP_WITHOUT_CONTINUATION,
            plan.setup_span.unwrap_or_default(),
            "Add a step that continues the pipeline (`continuation/continue`, `path-filtering/filter`) or remove `setup: true`.",
        ));
    }
    let Some(root) = root_of(setup) else {
        return;
    };
    let targets = resolve(texts, plan, &root, setup);
    for (i, c) in plan.continuations.iter().enumerate() {
        let mine: Vec<&Target> = targets.iter().filter(|t| t.continuation == i).collect();
        let cx = Continuing {
            texts,
            root: &root,
            setup,
            text,
            continuation: c,
        };
        cx.targets(&mine, findings);
        let mapping = cx.mapping(findings);
        let mut files: Vec<FilePath> = Vec::new();
        for f in mine.iter().flat_map(|t| t.files.iter()) {
            if !files.contains(f) {
                files.push(f.clone());
            }
        }
        // Parameters are checked against configs that are all known, and not the setup
        // config itself (already reported).
        let unknown = mine.iter().any(|t| t.opaque || !t.missing.is_empty());
        if unknown || files.contains(setup) {
            continue;
        }
        let decls = declarations(texts, &files);
        let names: Vec<String> = files.iter().map(|f| shown(&root, f)).collect();
        cx.passed(&decls, &names.join("` or `"), mapping.as_ref(), findings);
    }
}

/// One continuation of a setup config, being checked.
struct Continuing<'a> {
    texts: &'a dyn Texts,
    root: &'a FilePath,
    setup: &'a FilePath,
    text: &'a str,
    continuation: &'a Continuation,
}

impl Continuing<'_> {
    /// The span naming a value: where it is written, or the orb call for a default.
    fn at(&self, span: Option<Span>) -> Span {
        span.unwrap_or(self.continuation.at)
    }

    /// Configs that are missing, and configs that are setup configs.
    fn targets(&self, targets: &[&Target], findings: &mut Vec<Finding>) {
        for target in targets {
            for (path, span) in &target.missing {
                let default = if span.is_none() {
                    " (the orb's default)"
                } else {
                    ""
                };
                findings.push(Finding::new(
                    &MISSING_CONTINUATION_CONFIG,
                    self.at(*span),
                    fit_message(
                        format!("Create `{path}`{default} or fix the path: the setup job cannot continue with a missing file."),
                        "Create the continuation config or fix its path: the file does not exist.",
                    ),
                ));
            }
            for file in &target.files {
                if file == self.setup || self.texts.plan(file).is_some() {
                    findings.push(Finding::new(
                        &CONTINUES_WITH_SETUP_CONFIG,
                        self.at(self.written_path(file)),
                        fit_message(
                            format!(
                                "Use a config without `setup: true` here: `{}` is a setup config, which CircleCI refuses.",
                                shown(self.root, file)
                            ),
                            "Use a config without `setup: true` here: CircleCI refuses to continue with a setup config.",
                        ),
                    ));
                }
            }
        }
    }

    /// Where the config path naming `file` is written, if it is.
    fn written_path(&self, file: &FilePath) -> Option<Span> {
        let config = match &self.continuation.config {
            super::plan::ConfigSource::Path(given) => Some(given),
            _ => None,
        };
        let in_mapping = match &self.continuation.parameters {
            ParametersSource::Mapping(MappingSource::Written(m)) => m
                .configs()
                .into_iter()
                .find(|f| self.root.join(&f.text) == *file)
                .map(|f| f.span),
            _ => None,
        };
        in_mapping.or_else(|| config.filter(|g| self.root.join(&g.text) == *file)?.span)
    }

    /// The mapping's problems; the mapping, when it can be read.
    fn mapping(&self, findings: &mut Vec<Finding>) -> Option<Mapping> {
        let ParametersSource::Mapping(source) = &self.continuation.parameters else {
            return None;
        };
        let (mapping, from_file) = match source {
            MappingSource::Written(m) => (m.clone(), None),
            MappingSource::File(given) => {
                let path = self.root.join(&given.text);
                let Some(text) = self.texts.text(&path) else {
                    findings.push(Finding::new(
                        &MALFORMED_MAPPING,
                        self.at(given.span),
                        fit_message(
                            format!(
                                "Fix the path `{}`: no such file, so the orb reads it as a mapping line (Invalid mapping length of 1).",
                                given.text
                            ),
                            "Fix the path: no such file, so the orb reads it as a mapping line (Invalid mapping length of 1).",
                        ),
                    ));
                    return None;
                };
                let whole = self.at(given.span);
                (mapping::parse(&text, &|_| whole), Some(given.text.clone()))
            }
        };
        for p in &mapping.problems {
            let message = match &from_file {
                Some(file) => fit_message(format!("{} (in `{file}`)", p.message), &p.message),
                None => p.message.clone(),
            };
            findings.push(Finding::new(&MALFORMED_MAPPING, p.span, message));
        }
        Some(mapping)
    }

    /// The parameters passed, against the declarations of the configs continued with.
    fn passed(
        &self,
        decls: &[Declared],
        config: &str,
        mapping: Option<&Mapping>,
        findings: &mut Vec<Finding>,
    ) {
        let values = match (&self.continuation.parameters, mapping) {
            (ParametersSource::Mapping(_), Some(m)) => m
                .lines
                .iter()
                .map(|l| {
                    (
                        l.parameter.text.clone(),
                        l.parameter.span,
                        l.json.clone(),
                        l.value.span,
                    )
                })
                .collect(),
            (ParametersSource::Json(given), _) => self.json_values(given, None, findings),
            (ParametersSource::File(given), _) => match self.parameters_file(given) {
                Some(text) => self.json_values(given, Some(&text), findings),
                None => {
                    findings.push(Finding::new(
                        &INVALID_CONTINUATION_PARAMETERS,
                        self.at(given.span),
                        fit_message(
                            format!(
                                "Fix the path `{}`: no such file, so the orb parses the text as JSON (PARAMETERS aren't valid json).",
                                given.text
                            ),
                            "Fix the path: no such file, so the orb parses the text as JSON (PARAMETERS aren't valid json).",
                        ),
                    ));
                    Vec::new()
                }
            },
            _ => Vec::new(),
        };
        for (name, name_span, value, value_span) in values {
            let Some(decl) = decls.iter().find(|d| d.name == name) else {
                findings.push(undeclared(&name, name_span, config, decls));
                continue;
            };
            if let Some(why) = value.as_ref().and_then(|v| mismatch(decl, v)) {
                findings.push(Finding::new(
                    &CONTINUATION_PARAMETER_TYPE,
                    value_span,
                    fit_message(
                        format!("Pass a value of the declared type: {why} (in `{config}`)."),
                        &fit_message(
                            format!("Pass a value of the declared type: {why}."),
                            "Pass a value of the type this pipeline parameter declares.",
                        ),
                    ),
                ));
            }
        }
    }

    fn parameters_file(&self, given: &Given) -> Option<Arc<str>> {
        self.texts.text(&self.root.join(&given.text))
    }

    /// The keys and values of a `parameters` JSON object, with where each key is written
    /// (inside the JSON when it is written in the config, else the value naming the file).
    fn json_values(
        &self,
        given: &Given,
        file: Option<&str>,
        findings: &mut Vec<Finding>,
    ) -> Vec<(String, Span, Option<Value>, Span)> {
        let whole = self.at(given.span);
        let json = file.unwrap_or(&given.text);
        let object = match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(map)) => map,
            Ok(other) => {
                findings.push(Finding::new(
                    &INVALID_CONTINUATION_PARAMETERS,
                    whole,
                    format!(
                        "Write a JSON object of parameter names and values: the parameters are {}.",
                        super::parameters::kind_of(&other)
                    ),
                ));
                return Vec::new();
            }
            Err(_) => {
                let source = file.map_or(String::new(), |_| format!(" (in `{}`)", given.text));
                findings.push(Finding::new(
                    &INVALID_CONTINUATION_PARAMETERS,
                    whole,
                    fit_message(
                        format!("Write a JSON object such as `{{\"run-tests\": true}}`: PARAMETERS aren't valid json{source}."),
                        "Write a JSON object such as `{\"run-tests\": true}`: PARAMETERS aren't valid json.",
                    ),
                ));
                return Vec::new();
            }
        };
        let written = file.is_none().then(|| whole.text(self.text));
        entries(object)
            .into_iter()
            .map(|(key, value)| {
                let span = written
                    .and_then(|w| w.find(&format!("\"{key}\"")))
                    .map_or(whole, |i| {
                        Span::new(whole.start + i, whole.start + i + key.len() + 2)
                    });
                (key, span, Some(value), span)
            })
            .collect()
    }
}

fn entries(map: Map<String, Value>) -> Vec<(String, Value)> {
    map.into_iter().collect()
}

fn undeclared(name: &str, span: Span, config: &str, decls: &[Declared]) -> Finding {
    let known: Vec<String> = decls.iter().map(|d| d.name.clone()).collect();
    let hint = syntax::text::suggest::suggest_name(name, known.iter().map(String::as_str))
        .map_or(String::new(), |c| format!(" Did you mean `{c}`?"));
    Finding::new(
        &UNDECLARED_CONTINUATION_PARAMETER,
        span,
        fit_message(
            format!("Declare `{name}` under `parameters:` in `{config}`: Unexpected argument(s).{hint}"),
            &fit_message(
                format!("Declare `{name}` in the continuation config's `parameters:`: Unexpected argument(s).{hint}"),
                "Declare this parameter in the continuation config's `parameters:`: Unexpected argument(s).",
            ),
        ),
    )
}

/// How a setup config's continuations pass one parameter to a continuation config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Passing {
    Always,
    /// Only when a mapping line matches.
    Sometimes,
    Never,
    Unknown,
}

/// The continuation config `me` (its model `model`, merged with the other files of
/// `group`) against the setup config `setup` that continues with it.
pub fn check_continuation(
    texts: &dyn Texts,
    setup: &FilePath,
    group: &[FilePath],
    model: &Model<'_>,
    findings: &mut Vec<Finding>,
) {
    let Some(plan) = texts.plan(setup) else {
        return;
    };
    let Some(root) = root_of(setup) else {
        return;
    };
    if model.setup {
        let span = model
            .root
            .and_then(|r| r.as_mapping()?.entry("setup").map(|e| e.key.span))
            .unwrap_or_default();
        findings.push(Finding::new(
            &SETUP_IN_CONTINUATION,
            span,
            "Remove `setup: true`: Continuation config contains setup stanza whilst not in setup anymore.",
        ));
    }
    let targets = resolve(texts, &plan, &root, setup);
    let sources: Vec<&Continuation> = plan
        .continuations
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            targets
                .iter()
                .any(|t| t.continuation == *i && t.files.iter().any(|f| group.contains(f)))
        })
        .map(|(_, c)| c)
        .collect();
    // Parameters the setup config declares may be passed by whatever triggers the pipeline.
    let from_trigger = declarations(texts, std::slice::from_ref(setup));
    let in_conditions = condition_parameters(model);
    for decl in declared(model) {
        if !in_conditions.contains(&decl.name) || from_trigger.iter().any(|d| d.name == decl.name) {
            continue;
        }
        let passing = sources
            .iter()
            .map(|c| passing(texts, &root, c, &decl.name))
            .fold(Passing::Always, worst);
        if passing == Passing::Never && !sources.is_empty() {
            findings.push(Finding::new(
                &UNSET_CONTINUATION_PARAMETER,
                decl.name_span,
                fit_message(
                    format!(
                        "Pass `{}` from `{}` or drop it: never set, every `when`/`unless` on it decides alike.",
                        decl.name,
                        shown(&root, setup)
                    ),
                    "Pass this parameter from the setup config: never set, its conditions always decide alike.",
                ),
            ));
        }
    }
}

/// The pipeline parameters `when`/`unless` conditions read, of workflows and of steps.
fn condition_parameters(model: &Model<'_>) -> Vec<String> {
    let mut spans: Vec<Span> = Vec::new();
    let workflows = model.defs_of(crate::model::index::DefKind::Workflow, None);
    for (_, w) in workflows {
        for key in ["when", "unless"] {
            spans.extend(w.node.and_then(|n| n.get(key)).map(|c| c.span));
        }
    }
    for step in model
        .steps
        .iter()
        .filter(|s| s.name == "when" || s.name == "unless")
    {
        spans.extend(step.args.and_then(|a| a.get("condition")).map(|c| c.span));
    }
    model
        .refs
        .iter()
        .filter(|r| r.kind == crate::model::index::RefKind::PipelineParameter)
        .filter(|r| spans.iter().any(|s| s.contains_span(r.span)))
        .map(|r| r.name.clone())
        .collect()
}

fn worst(a: Passing, b: Passing) -> Passing {
    use Passing::*;
    match (a, b) {
        (Unknown, _) | (_, Unknown) => Unknown,
        (Never, _) | (_, Never) => Never,
        (Sometimes, _) | (_, Sometimes) => Sometimes,
        _ => Always,
    }
}

/// How `c` passes the parameter `name`. A script calling the API passes what it likes.
fn passing(texts: &dyn Texts, root: &FilePath, c: &Continuation, name: &str) -> Passing {
    let json = |text: &str| match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) if map.contains_key(name) => Passing::Always,
        Ok(Value::Object(_)) => Passing::Never,
        _ => Passing::Unknown,
    };
    if c.via == Via::Api {
        return Passing::Unknown;
    }
    match &c.parameters {
        ParametersSource::Nothing => Passing::Never,
        ParametersSource::Json(given) => json(&given.text),
        ParametersSource::File(given) => texts
            .text(&root.join(&given.text))
            .map_or(Passing::Unknown, |t| json(&t)),
        ParametersSource::Mapping(MappingSource::Written(m)) => {
            if m.lines.iter().any(|l| l.parameter.text == name) {
                Passing::Sometimes
            } else {
                Passing::Never
            }
        }
        ParametersSource::Mapping(MappingSource::File(_)) | ParametersSource::Unknown => {
            Passing::Unknown
        }
    }
}
