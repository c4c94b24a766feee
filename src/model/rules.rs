//! Rules about definitions and references: undefined and unused names, parameters passed
//! and their types, `requires` cycles.

use std::collections::HashSet;

use super::index::*;
use super::template::has_template;
use crate::diagnostics::presentation::{fit_message, short_name};
use crate::diagnostics::{Finding, FindingTag, Fix, FixSafety, Related, Rule, Severity, TextEdit};
use crate::text::lines;
use crate::text::suggest::suggest_name;
use crate::yaml::booleans::{circleci_bool, yaml11_bool};
use crate::yaml::{Node, NodeKind, ScalarStyle, Span};

pub const UNDEFINED_JOB: Rule = Rule {
    code: "undefined-job",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A workflow names a job that is not defined, or `requires` a job that is not in the workflow.",
    explanation: "Every entry of a workflow's `jobs` must name a job defined under `jobs:`, a job of a declared orb (`orb/job`), a job group, or be an approval job (`type: approval`). Every `requires` entry must name another job of the same workflow, by the `name:` it runs under when it has one. CircleCI rejects the config otherwise.",
    bad: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - biuld\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
};

pub const UNDEFINED_EXECUTOR: Rule = Rule {
    code: "undefined-executor",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A job uses an executor that is not defined.",
    explanation: "`executor:` must name an executor defined under `executors:` or one of a declared orb (`orb/executor`).",
    bad: "version: 2.1\njobs:\n  build:\n    executor: nodee\n    steps:\n      - checkout\n",
    good: "version: 2.1\nexecutors:\n  node:\n    docker:\n      - image: cimg/node:lts\njobs:\n  build:\n    executor: node\n    steps:\n      - checkout\n",
};

pub const UNDEFINED_COMMAND: Rule = Rule {
    code: "undefined-command",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A step is neither a built-in step nor a defined command.",
    explanation: "A step must be a built-in step (`run`, `checkout`, `save_cache`, …), a command defined under `commands:`, or a command of a declared orb (`orb/command`).",
    bad: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - chekout\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n",
};

pub const UNDEFINED_ORB: Rule = Rule {
    code: "undefined-orb",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "An `orb/…` name uses an orb that is not declared under `orbs:`.",
    explanation: "`node/test` means the job, command or executor `test` of the orb declared as `node` under `orbs:`. Declare the orb (`node: circleci/node@5`) or fix the name.",
    bad: "version: 2.1\nworkflows:\n  main:\n    jobs:\n      - node/test\n",
    good: "version: 2.1\norbs:\n  node: circleci/node@5.2.0\nworkflows:\n  main:\n    jobs:\n      - node/test\n",
};

pub const UNDEFINED_PARAMETER: Rule = Rule {
    code: "undefined-parameter",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A parameter is used or passed that is not declared.",
    explanation: "`<< parameters.x >>` must name a parameter declared by the enclosing job, command or executor, and `<< pipeline.parameters.x >>` one declared under the top-level `parameters:`. An argument passed to a job, command or executor must be one of its parameters. Built-in pipeline values such as `<< pipeline.git.branch >>` need no declaration.",
    bad: "version: 2.1\ncommands:\n  greet:\n    parameters:\n      to:\n        type: string\n        default: world\n    steps:\n      - run: echo hello << parameters.too >>\n",
    good: "version: 2.1\ncommands:\n  greet:\n    parameters:\n      to:\n        type: string\n        default: world\n    steps:\n      - run: echo hello << parameters.to >>\n",
};

pub const MISSING_PARAMETER: Rule = Rule {
    code: "missing-parameter",
    fix: FixSafety::None,
    default_severity: Severity::Error,
    summary: "A required parameter (one without a default) is not passed.",
    explanation: "A parameter declared without `default` must be passed wherever the job, command or executor is invoked (for a job, a `matrix` may pass it).",
    bad: "version: 2.1\njobs:\n  deploy:\n    parameters:\n      env:\n        type: string\n    docker:\n      - image: cimg/base:current\n    steps:\n      - run: ./deploy << parameters.env >>\nworkflows:\n  main:\n    jobs:\n      - deploy\n",
    good: "version: 2.1\njobs:\n  deploy:\n    parameters:\n      env:\n        type: string\n    docker:\n      - image: cimg/base:current\n    steps:\n      - run: ./deploy << parameters.env >>\nworkflows:\n  main:\n    jobs:\n      - deploy:\n          env: staging\n",
};

pub const INVALID_PARAMETER_VALUE: Rule = Rule {
    code: "invalid-parameter-value",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A value does not match the declared type of its parameter.",
    explanation: "CircleCI checks every argument and default against the parameter's `type`: `boolean` takes `true`/`false` (YAML 1.1 also reads `yes`/`no`/`on`/`off`), `integer` a whole number, `enum` one of the listed values, `string` text (quote values YAML reads as numbers or booleans, such as `3.10` or `yes`), `env_var_name` a variable name, `steps` a list of steps. A value that is a whole `<< parameters.q >>` or `<< pipeline.parameters.q >>` is checked by the declared type of `q` (an integer cannot feed a boolean; strings and enums are left alone where CircleCI converts); other templates are checked when CircleCI expands them. Also reported: an argument key with no value (a warning: CircleCI passes null), a matrix parameter that is not a list, an executor argument written as a mapping without `name`, `steps: << parameters.x >>` with `x` not of type `steps`, and a `when`/`unless` condition read from a parameter that is not a boolean (a hint: any non-empty value is true, which orbs use on purpose).",
    bad: "version: 2.1\ncommands:\n  setup:\n    parameters:\n      python:\n        type: string\n        default: \"3.12\"\n    steps:\n      - run: pyenv install << parameters.python >>\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - setup:\n          python: 3.10\n",
    good: "version: 2.1\ncommands:\n  setup:\n    parameters:\n      python:\n        type: string\n        default: \"3.12\"\n    steps:\n      - run: pyenv install << parameters.python >>\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - setup:\n          python: \"3.10\"\n",
};

pub const REQUIRES_CYCLE: Rule = Rule {
    code: "requires-cycle",
    fix: FixSafety::None,
    default_severity: Severity::Error,
    summary: "Jobs of a workflow require each other in a cycle.",
    explanation: "A job starts only after every job it `requires` has finished, so jobs that require each other (directly or through others) can never start. Remove one of the requirements.",
    bad: "version: 2.1\njobs:\n  a:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n  b:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - a:\n          requires: [b]\n      - b:\n          requires: [a]\n",
    good: "version: 2.1\njobs:\n  a:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n  b:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - a\n      - b:\n          requires: [a]\n",
};

pub const UNUSED_JOB: Rule = Rule {
    code: "unused-job",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "A job is defined but no workflow runs it.",
    explanation: "A job runs only when a workflow (or a job group) lists it. In a 2.0 config without `workflows`, the job `build` runs on its own and is not reported.",
    bad: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n  old:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
};

pub const UNUSED_COMMAND: Rule = Rule {
    code: "unused-command",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "A command is defined but no step invokes it.",
    explanation: "Remove the command or invoke it from a job's (or another command's) `steps`.",
    bad: "version: 2.1\ncommands:\n  greet:\n    steps:\n      - run: echo hello\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
    good: "version: 2.1\ncommands:\n  greet:\n    steps:\n      - run: echo hello\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - greet\nworkflows:\n  main:\n    jobs:\n      - build\n",
};

pub const UNUSED_EXECUTOR: Rule = Rule {
    code: "unused-executor",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "An executor is defined but no job uses it.",
    explanation: "Remove the executor or use it with `executor:` in a job.",
    bad: "version: 2.1\nexecutors:\n  node:\n    docker:\n      - image: cimg/node:lts\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
    good: "version: 2.1\nexecutors:\n  node:\n    docker:\n      - image: cimg/node:lts\njobs:\n  build:\n    executor: node\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
};

pub const UNUSED_ORB: Rule = Rule {
    code: "unused-orb",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "An orb is declared but nothing uses it.",
    explanation: "Nothing in the config names `orb/…` for this orb. Remove the declaration; an unused orb is still fetched and resolved on every pipeline.",
    bad: "version: 2.1\norbs:\n  node: circleci/node@5.2.0\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
    good: "version: 2.1\norbs:\n  node: circleci/node@5.2.0\nworkflows:\n  main:\n    jobs:\n      - node/test\n",
};

pub const UNUSED_PARAMETER: Rule = Rule {
    code: "unused-parameter",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "A job, command or executor declares a parameter it never uses.",
    explanation: "No `<< parameters.x >>` in the definition reads this parameter, so the values passed to it are ignored. Pipeline parameters are not reported: the API or a setup workflow may pass them without the config reading them.",
    bad: "version: 2.1\ncommands:\n  greet:\n    parameters:\n      to:\n        type: string\n        default: world\n    steps:\n      - run: echo hello\n",
    good: "version: 2.1\ncommands:\n  greet:\n    parameters:\n      to:\n        type: string\n        default: world\n    steps:\n      - run: echo hello << parameters.to >>\n",
};

pub const UNUSED_ANCHOR: Rule = Rule {
    code: "unused-anchor",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "An `&anchor` is never used by an `*alias`.",
    explanation: "An anchor only matters when an alias (`*name` or `<<: *name`) copies it. Remove the `&name` or use it.",
    bad: "version: 2.1\njobs:\n  build:\n    docker: &docker\n      - image: cimg/base:current\n    steps:\n      - checkout\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n",
};

/// The rules of this module, in documentation order.
pub const RULES: &[Rule] = &[
    UNDEFINED_JOB,
    UNDEFINED_EXECUTOR,
    UNDEFINED_COMMAND,
    UNDEFINED_ORB,
    UNDEFINED_PARAMETER,
    MISSING_PARAMETER,
    INVALID_PARAMETER_VALUE,
    REQUIRES_CYCLE,
    UNUSED_JOB,
    UNUSED_COMMAND,
    UNUSED_EXECUTOR,
    UNUSED_ORB,
    UNUSED_PARAMETER,
    UNUSED_ANCHOR,
    super::job_groups::INVALID_JOB_GROUP,
    super::job_groups::UNUSED_JOB_GROUP,
    super::definitions::NAME_CLASH,
];

/// How much of the config the model saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extent {
    /// The YAML parsed to the end.
    Whole,
    /// A syntax error cut the tree short: definitions and references after it are missing.
    CutShort,
}

impl Extent {
    pub fn of(parsed: &crate::yaml::ParsedYaml) -> Extent {
        if parsed.is_complete() {
            Extent::Whole
        } else {
            Extent::CutShort
        }
    }
}

/// Runs every rule of this module over the model.
///
/// When the YAML did not parse to the end, only the findings that stay true whatever follows
/// (mistyped values, cycles) are made.
pub fn check_model(model: &Model<'_>, extent: Extent, findings: &mut Vec<Finding>) {
    if extent == Extent::Whole {
        let first = findings.len();
        undefined_references(model, findings);
        let near_misses = near_misses(&findings[first..]);
        let unused_start = findings.len();
        unused(model, findings);
        // `biuld` for the job `build` is one mistake: the undefined name with its "did you
        // mean" says it all, so `build` is not also reported as unused.
        let mut index = 0;
        findings.retain(|f| {
            let is_cascade = index >= unused_start
                && near_misses
                    .iter()
                    .any(|(code, name)| *code == f.code && f.span.text(model.text) == name);
            index += 1;
            !is_cascade
        });
    }
    invocations(model, extent, findings);
    defaults(model, findings);
    requires_cycles(model, findings);
    super::job_groups::check(model, extent == Extent::Whole, findings);
    super::definitions::check(model, extent == Extent::Whole, findings);
    super::parameter_types::check(model, findings);
}

/// The unused-rule code and name each undefined-name finding's rename fix points at.
fn near_misses(findings: &[Finding]) -> Vec<(&'static str, String)> {
    let pairs = [
        (UNDEFINED_JOB.code, UNUSED_JOB.code),
        (UNDEFINED_COMMAND.code, UNUSED_COMMAND.code),
        (UNDEFINED_EXECUTOR.code, UNUSED_EXECUTOR.code),
        (UNDEFINED_ORB.code, UNUSED_ORB.code),
        (UNDEFINED_PARAMETER.code, UNUSED_PARAMETER.code),
    ];
    findings
        .iter()
        .filter_map(|f| {
            let (_, unused) = pairs.iter().find(|(undefined, _)| *undefined == f.code)?;
            let rename = f.fixes.iter().find(|x| x.title.starts_with("Change to "))?;
            let [edit] = rename.edits.as_slice() else {
                return None;
            };
            Some((*unused, edit.new_text.clone()))
        })
        .collect()
}

fn replace_fix(title: String, span: Span, new_text: &str) -> Fix {
    Fix {
        title,
        edits: vec![TextEdit {
            span,
            new_text: new_text.to_string(),
        }],
        preferred: true,
    }
}

/// Adds "did you mean" to a message and a fix replacing `span`, when `span` is exactly the
/// name in the text.
fn with_suggestion(
    model: &Model<'_>,
    mut finding: Finding,
    name: &str,
    span: Span,
    candidates: Vec<String>,
) -> Finding {
    if let Some(s) = suggest_name(name, candidates.iter().map(String::as_str)) {
        // The near miss replaces the generic remedy after the semicolon: one thing to do.
        let head = finding
            .message
            .split_once("; ")
            .map_or(finding.message.trim_end_matches('.'), |(h, _)| h);
        finding.message = format!("{head}; did you mean `{s}`?");
        if span.text(model.text) == name {
            finding = finding.with_fix(replace_fix(
                format!("Change to {}", short_name(s, 40)),
                span,
                s,
            ));
        }
    }
    finding
}

// ---- undefined names ---------------------------------------------------------------------

/// Names of definitions of `kind` visible from `scope`, as they would be written there.
fn visible_names(model: &Model<'_>, kind: DefKind, scope: Option<DefId>) -> Vec<String> {
    let mut names: Vec<String> = model
        .defs_of(kind, scope)
        .map(|(_, d)| d.name.clone())
        .collect();
    if scope.is_some() {
        names.extend(model.defs_of(kind, None).map(|(_, d)| d.name.clone()));
    }
    // Members of inline orbs, qualified.
    for (orb, _) in model.defs_of(DefKind::Orb, None) {
        if !model.orb_is_opaque(orb) {
            names.extend(
                model
                    .defs_of(kind, Some(orb))
                    .map(|(id, _)| model.qualified_name(id)),
            );
        }
    }
    names
}

fn undefined_references(model: &Model<'_>, findings: &mut Vec<Finding>) {
    // An orb that is not declared at all is one mistake however often it is used: the first
    // use is reported, the others are listed with it.
    let mut undeclared_orbs: std::collections::HashMap<&str, usize> = Default::default();
    for r in &model.refs {
        if !r.strict || r.target != Target::Undefined {
            continue;
        }
        match r.kind {
            // An undeclared orb is reported once, by `undefined-orb`.
            RefKind::Job | RefKind::Command | RefKind::Executor
                if r.name
                    .split_once('/')
                    .is_some_and(|(orb, _)| model.find_orb(orb, r.orb_scope).is_none()) => {}
            RefKind::Job => findings.push(undefined_member(model, r, DefKind::Job, &UNDEFINED_JOB)),
            RefKind::Command => findings.push(undefined_member(
                model,
                r,
                DefKind::Command,
                &UNDEFINED_COMMAND,
            )),
            RefKind::Executor => findings.push(undefined_member(
                model,
                r,
                DefKind::Executor,
                &UNDEFINED_EXECUTOR,
            )),
            RefKind::Orb => {
                let finding = Finding::new(
                    &UNDEFINED_ORB,
                    r.span,
                    format!(
                        "No orb `{}` is declared; add it under `orbs:` (for example `{}: <namespace>/<orb>@<version>`) or fix the name.",
                        r.name, r.name
                    ),
                );
                let candidates = model
                    .defs_of(DefKind::Orb, None)
                    .map(|(_, d)| d.name.clone())
                    .collect();
                let finding = with_suggestion(model, finding, &r.name, r.span, candidates);
                if !finding.fixes.is_empty() || finding.message.contains("did you mean") {
                    findings.push(finding);
                } else if let Some(first) = undeclared_orbs
                    .get(r.name.as_str())
                    .and_then(|i| findings.get_mut(*i))
                {
                    first.related.push(Related {
                        span: r.span,
                        message: format!("`{}` is also used here", r.name),
                    });
                } else {
                    undeclared_orbs.insert(&r.name, findings.len());
                    findings.push(finding);
                }
            }
            RefKind::Requires => findings.push(undefined_requires(model, r)),
            RefKind::Parameter => findings.push(undefined_parameter(model, r)),
            RefKind::PipelineParameter => {
                let finding = Finding::new(
                    &UNDEFINED_PARAMETER,
                    r.span,
                    format!(
                        "No pipeline parameter `{}` is declared; declare it under the top-level `parameters:` or fix the name.",
                        r.name
                    ),
                );
                let candidates = model
                    .defs_of(DefKind::PipelineParameter, None)
                    .map(|(_, d)| d.name.clone())
                    .collect();
                findings.push(with_suggestion(model, finding, &r.name, r.span, candidates));
            }
            RefKind::Argument => {
                let Some(owner) = r.owner else {
                    continue;
                };
                let finding = Finding::new(
                    &UNDEFINED_PARAMETER,
                    r.span,
                    format!(
                        "{} has no parameter `{}`; remove this argument or declare it under the {}'s `parameters:`.",
                        capitalized(&model.describe(owner)),
                        r.name,
                        model.def(owner).map_or("", |d| d.kind.noun())
                    ),
                );
                let candidates = param_names(model, owner);
                findings.push(with_suggestion(model, finding, &r.name, r.span, candidates));
            }
            _ => {}
        }
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn param_names(model: &Model<'_>, owner: DefId) -> Vec<String> {
    model
        .def(owner)
        .map(|d| {
            d.params
                .iter()
                .filter_map(|p| model.def(*p).map(|p| p.name.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn undefined_member(model: &Model<'_>, r: &Reference, kind: DefKind, rule: &Rule) -> Finding {
    if let Some((orb_name, member)) = r.name.split_once('/') {
        // Only inline orbs get here: a registry orb's members are accepted.
        let orb = model.find_orb(orb_name, r.orb_scope);
        let finding = Finding::new(
            rule,
            r.full_span,
            format!(
                "The inline orb `{orb_name}` defines no {} `{member}`; define it under the orb's `{}s:` or fix the name.",
                kind.noun(),
                kind.noun()
            ),
        );
        let candidates = orb
            .map(|o| {
                model
                    .defs_of(kind, Some(o))
                    .map(|(_, d)| d.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        return with_suggestion(model, finding, member, r.span, candidates);
    }
    let mut message = match kind {
        DefKind::Command => format!(
            "`{}` is neither a built-in step nor a command defined under `commands:`; define it or fix the name.",
            r.name
        ),
        _ => format!(
            "No {} `{}` is defined; define it under `{}s:` or fix the name.",
            kind.noun(),
            r.name,
            kind.noun()
        ),
    };
    // Say so when the name is defined as something else.
    for other in [DefKind::Job, DefKind::Command, DefKind::Executor] {
        if other != kind && model.lookup(other, r.orb_scope, &r.name).is_some() {
            message.push_str(&format!(" (`{}` is a {}.)", r.name, other.noun()));
            break;
        }
    }
    let finding = Finding::new(rule, r.full_span, message);
    let mut candidates = visible_names(model, kind, r.orb_scope);
    if kind == DefKind::Command {
        candidates.extend(crate::knowledge::builtin_step_names().map(str::to_string));
    }
    if kind == DefKind::Job {
        candidates.extend(
            model
                .defs_of(DefKind::JobGroup, None)
                .map(|(_, d)| d.name.clone()),
        );
    }
    let finding = with_suggestion(model, finding, &r.name, r.full_span, candidates);
    // With no near miss to rename to, offer to create the definition.
    let near_miss = !finding.fixes.is_empty() || finding.message.contains("did you mean");
    if !near_miss && r.orb_scope.is_none() {
        if let Some(fix) =
            super::create_fix::create_definition(model.text, model.root, kind, &r.name)
        {
            return finding.with_fix(fix);
        }
    }
    finding
}

fn container_description(model: &Model<'_>, container: Option<DefId>) -> String {
    container.map_or_else(|| "this workflow".to_string(), |c| model.describe(c))
}

fn undefined_requires(model: &Model<'_>, r: &Reference) -> Finding {
    let container = r.owner;
    let where_ = container_description(model, container);
    let in_container: Vec<&WorkflowEntry<'_>> = model
        .entries
        .iter()
        .filter(|e| Some(e.container) == container)
        .collect();
    let renamed: Vec<&str> = in_container
        .iter()
        .filter(|e| e.job == r.name && e.name.is_some())
        .map(|e| e.effective_name())
        .collect();
    if let [alias] = renamed.as_slice() {
        let finding = Finding::new(
            &UNDEFINED_JOB,
            r.span,
            format!(
                "Job `{}` runs under the name `{alias}` in {where_}; require it by that name.",
                r.name
            ),
        );
        return if r.span.text(model.text) == r.name {
            finding.with_fix(replace_fix(
                format!("Change to {}", short_name(alias, 40)),
                r.span,
                alias,
            ))
        } else {
            finding
        };
    }
    if model.lookup(DefKind::Job, None, &r.name).is_some() {
        let message = format!(
            "Job `{}` is not in {where_}; add it to the {}'s `jobs` or drop this requirement.",
            r.name,
            container
                .and_then(|c| model.def(c))
                .map_or("workflow", |d| d.kind.noun())
        );
        return Finding::new(&UNDEFINED_JOB, r.span, message);
    }
    let message = format!(
        "{} has no job `{}`; `requires` names other jobs of the same workflow.",
        capitalized(&where_),
        r.name
    );
    let finding = Finding::new(&UNDEFINED_JOB, r.span, message);
    // Entries naming an undefined job are no better a suggestion than the typo itself.
    let candidates = in_container
        .iter()
        .filter(|e| {
            e.job_ref
                .and_then(|i| model.refs.get(i))
                .is_some_and(|r| r.target != Target::Undefined)
        })
        .map(|e| e.effective_name().to_string())
        .collect();
    with_suggestion(model, finding, &r.name, r.span, candidates)
}

fn undefined_parameter(model: &Model<'_>, r: &Reference) -> Finding {
    let Some(owner) = r.owner else {
        let mut finding = Finding::new(
            &UNDEFINED_PARAMETER,
            r.span,
            format!(
                "`<< parameters.{} >>` is only defined inside a job, command or executor; here, use a pipeline parameter (`<< pipeline.parameters.{} >>`).",
                r.name, r.name
            ),
        );
        let prefix_start = r.span.start.saturating_sub("parameters.".len());
        let exact = r.span.text(model.text) == r.name
            && model.text.get(prefix_start..r.span.start) == Some("parameters.");
        if exact
            && model
                .lookup(DefKind::PipelineParameter, None, &r.name)
                .is_some()
        {
            finding = finding.with_fix(Fix {
                title: format!("Use pipeline.parameters.{}", short_name(&r.name, 30)),
                edits: vec![TextEdit {
                    span: Span::empty(prefix_start),
                    new_text: "pipeline.".to_string(),
                }],
                preferred: true,
            });
        }
        return finding;
    };
    let finding = Finding::new(
        &UNDEFINED_PARAMETER,
        r.span,
        format!(
            "{} declares no parameter `{}`; declare it under the {}'s `parameters:` or fix the name.",
            capitalized(&model.describe(owner)),
            r.name,
            model.def(owner).map_or("", |d| d.kind.noun())
        ),
    );
    with_suggestion(model, finding, &r.name, r.span, param_names(model, owner))
}

// ---- invocations -------------------------------------------------------------------------

fn invocations(model: &Model<'_>, extent: Extent, findings: &mut Vec<Finding>) {
    for inv in &model.invocations {
        let Some(reference) = model.refs.get(inv.reference) else {
            continue;
        };
        let Some(target) = model.def(inv.target) else {
            continue;
        };
        // Missing required parameters.
        let given: HashSet<&str> = inv
            .args
            .iter()
            .chain(&inv.matrix)
            .filter_map(|e| e.key.as_str())
            .collect();
        let missing: Vec<&str> = target
            .params
            .iter()
            .filter_map(|p| model.def(*p))
            .filter(|p| !given.contains(p.name.as_str()) && param_info(p.node).required())
            .map(|p| p.name.as_str())
            .collect();
        if extent == Extent::Whole && inv.args_known && !missing.is_empty() {
            let list = missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let (noun, it) = if missing.len() == 1 {
                ("parameter", "it")
            } else {
                ("parameters", "them")
            };
            findings.push(Finding::new(
                &MISSING_PARAMETER,
                reference.full_span,
                format!(
                    "{} requires {noun} {list}, which {} no default; pass {it} here.",
                    capitalized(&model.describe(inv.target)),
                    if missing.len() == 1 { "has" } else { "have" }
                ),
            ));
        }
        // Values against declared types.
        for (arg, in_matrix) in inv
            .args
            .iter()
            .map(|a| (*a, false))
            .chain(inv.matrix.iter().map(|a| (*a, true)))
        {
            let Some(name) = arg.key.as_str() else {
                continue;
            };
            let Some(param) = model.lookup(DefKind::Parameter, Some(inv.target), name) else {
                continue;
            };
            let info = param_info(model.def(param).and_then(|d| d.node));
            let values: Vec<&Node> = if in_matrix {
                match arg.value.as_sequence() {
                    Some(s) => s.items.iter().collect(),
                    None => continue,
                }
            } else {
                vec![&arg.value]
            };
            let what = format!("parameter `{name}` of {}", model.describe(inv.target));
            for v in values {
                if let Some(f) = check_value(model, &info.ty, v, &what) {
                    findings.push(f);
                }
            }
        }
    }
}

fn defaults(model: &Model<'_>, findings: &mut Vec<Finding>) {
    for def in &model.defs {
        if !matches!(def.kind, DefKind::Parameter | DefKind::PipelineParameter) {
            continue;
        }
        let info = param_info(def.node);
        let Some(default) = info.default else {
            continue;
        };
        let what = match def.parent {
            Some(owner) => format!(
                "the default of parameter `{}` of {}",
                def.name,
                model.describe(owner)
            ),
            None => format!("the default of pipeline parameter `{}`", def.name),
        };
        // CircleCI accepts a number or boolean as the default of a string parameter (seen in
        // configs it runs); only arguments are held to the string type.
        if info.ty == ParamType::String && default.as_scalar().is_some() {
            continue;
        }
        if let Some(f) = check_value(model, &info.ty, default, &what) {
            findings.push(f);
        }
    }
}

fn is_plain(node: &Node) -> bool {
    node.as_scalar()
        .is_some_and(|s| s.style == ScalarStyle::Plain)
        && node.tag.is_none()
}

fn is_plain_integer(node: &Node) -> bool {
    let Some(s) = node.as_str() else {
        return false;
    };
    if !is_plain(node) {
        return false;
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s).replace('_', "");
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        || s.strip_prefix("0x")
            .is_some_and(|h| i64::from_str_radix(h, 16).is_ok())
        || s.strip_prefix("0o")
            .is_some_and(|o| i64::from_str_radix(o, 8).is_ok())
}

/// Whether a plain scalar is read as something other than a string (number, boolean, null).
fn plain_non_string(node: &Node) -> Option<&'static str> {
    let s = node.as_str()?;
    if !is_plain(node) {
        return None;
    }
    if yaml11_bool(s).is_some() {
        return Some("a boolean");
    }
    if is_plain_integer(node) || node.is_number() {
        return Some("a number");
    }
    None
}

fn contains_template(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Scalar(s) => has_template(&s.value),
        NodeKind::Mapping(m) => m
            .entries
            .iter()
            .any(|e| contains_template(&e.key) || contains_template(&e.value)),
        NodeKind::Sequence(s) => s.items.iter().any(contains_template),
        NodeKind::UnresolvedAlias(_) => true,
    }
}

/// A finding when `value` does not fit `ty`. `what` names the parameter for the message; the
/// value itself is never repeated (it may be a secret).
pub(crate) fn check_value(
    model: &Model<'_>,
    ty: &ParamType,
    value: &Node,
    what: &str,
) -> Option<Finding> {
    if contains_template(value) {
        return None;
    }
    let scalar = value.as_scalar();
    let problem = match ty {
        ParamType::Boolean => match scalar {
            Some(s) if circleci_bool(&s.value).is_some() => None,
            _ if value.is_null() => None,
            _ => Some(format!(
                "{what} is a boolean, but this value is {}; use `true` or `false`.",
                kind_words(value)
            )),
        },
        ParamType::Integer => match scalar {
            _ if is_plain_integer(value) || value.is_null() => None,
            // A quoted whole number is accepted here: CircleCI has not been consistent about it.
            Some(s)
                if s.style != ScalarStyle::Plain
                    && !s.value.is_empty()
                    && s.value.chars().all(|c| c.is_ascii_digit()) =>
            {
                None
            }
            _ if value.is_number() => Some(format!(
                "{what} is an integer, but this value is not a whole number."
            )),
            _ => Some(format!(
                "{what} is an integer, but this value is {}.",
                kind_words(value)
            )),
        },
        ParamType::String => match scalar {
            Some(_) => plain_non_string(value).map(|read_as| {
                format!("{what} is a string, but YAML reads this value as {read_as}; quote it.")
            }),
            None => Some(format!(
                "{what} is a string, but this value is {}.",
                kind_words(value)
            )),
        },
        ParamType::Enum(values) => match scalar {
            _ if values.is_empty() || value.is_null() => None,
            Some(s) if values.iter().any(|v| v == &s.value) => None,
            _ => {
                let list = values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut finding = Finding::new(
                    &INVALID_PARAMETER_VALUE,
                    value.span,
                    fit_message(
                        format!("{} must be one of {list}.", capitalized(what)),
                        &format!("{} must be one of the enum's values.", capitalized(what)),
                    ),
                );
                if let Some(s) = scalar {
                    if let Some(best) = suggest_name(&s.value, values.iter().map(String::as_str)) {
                        finding.message = format!(
                            "{} is not one of the enum's values; did you mean `{best}`?",
                            capitalized(what)
                        );
                        let (span, exact) = value_span(value, model.text);
                        if exact {
                            finding =
                                finding.with_fix(replace_fix(format!("Change to {}", short_name(best, 40)), span, best));
                        }
                    }
                }
                return Some(finding);
            }
        },
        ParamType::EnvVarName => match scalar {
            Some(s)
                if plain_non_string(value).is_none()
                    && s.value.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && s.value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                None
            }
            _ if value.is_null() => None,
            _ => Some(format!(
                "{what} is an environment variable name (letters, digits and `_`, not starting with a digit), but this value is not one."
            )),
        },
        ParamType::Steps => match &value.kind {
            NodeKind::Sequence(_) => None,
            _ if value.is_null() => None,
            _ => Some(format!(
                "{what} is a list of steps, but this value is {}.",
                kind_words(value)
            )),
        },
        ParamType::Executor => match &value.kind {
            NodeKind::Scalar(_) | NodeKind::Mapping(_) => None,
            _ => Some(format!(
                "{what} is an executor (a name or a mapping with `name`), but this value is {}.",
                kind_words(value)
            )),
        },
        ParamType::Unknown(_) | ParamType::Unspecified => None,
    }?;
    let mut finding = Finding::new(&INVALID_PARAMETER_VALUE, value.span, capitalized(&problem));
    if matches!(ty, ParamType::EnvVarName) {
        if let Some(fix) = env_var_name_fix(model, value) {
            finding.message = fit_message(
                format!("{} Name the variable without `$`.", finding.message),
                &finding.message,
            );
            finding = finding.with_fix(fix);
        }
    }
    if matches!(ty, ParamType::String) && plain_non_string(value).is_some() {
        let raw = value.span.text(model.text);
        if !raw.is_empty() && !raw.contains('"') && !raw.contains('\n') {
            finding = finding.with_fix(replace_fix(
                "Quote the value".to_string(),
                value.span,
                &format!("\"{raw}\""),
            ));
        }
    }
    Some(finding)
}

/// `$NAME` or `${NAME}` given where a variable's name is wanted: CircleCI rejects it, and the
/// fix keeps only the name.
fn env_var_name_fix(model: &Model<'_>, value: &Node) -> Option<Fix> {
    let name = crate::docker::vars::whole_env_var(value.as_str()?)?;
    let (span, exact) = value_span(value, model.text);
    if !exact {
        return None;
    }
    Some(replace_fix(
        crate::diagnostics::presentation::fit_title(
            format!("Use the name {name}"),
            "Use the variable's name",
        ),
        span,
        &name,
    ))
}

fn kind_words(value: &Node) -> &'static str {
    match &value.kind {
        NodeKind::Scalar(s) if s.style != ScalarStyle::Plain => "a string",
        NodeKind::Scalar(_) if circleci_bool(value.as_str().unwrap_or("")).is_some() => "a boolean",
        _ => value.type_name(),
    }
}

// ---- requires cycles ---------------------------------------------------------------------

fn requires_cycles(model: &Model<'_>, findings: &mut Vec<Finding>) {
    // Edges between entries of one workflow: entry -> (required entry, requires reference).
    let n = model.entries.len();
    let mut edges: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (i, e) in model.entries.iter().enumerate() {
        for &ri in &e.requires {
            let Some(r) = model.refs.get(ri) else {
                continue;
            };
            if let Some(j) = r.entry {
                if model.entries.get(j).map(|x| x.container) == Some(e.container) {
                    if let Some(list) = edges.get_mut(i) {
                        list.push((j, ri));
                    }
                }
            }
        }
    }
    for component in strongly_connected(&edges) {
        let members: HashSet<usize> = component.iter().copied().collect();
        let cyclic = component.len() > 1
            || component.first().is_some_and(|&c| {
                edges
                    .get(c)
                    .is_some_and(|es| es.iter().any(|(j, _)| *j == c))
            });
        if !cyclic {
            continue;
        }
        // Every requirement inside the cycle; report at the first one written.
        let mut inner: Vec<(usize, usize, usize)> = Vec::new();
        for &u in &component {
            for &(v, ri) in edges.get(u).map(Vec::as_slice).unwrap_or(&[]) {
                if members.contains(&v) {
                    inner.push((u, v, ri));
                }
            }
        }
        let span_of = |ri: usize| model.refs.get(ri).map_or(Span::default(), |r| r.span);
        inner.sort_by_key(|&(_, _, ri)| span_of(ri));
        inner.dedup_by_key(|&mut (_, _, ri)| span_of(ri));
        let Some(&(u, v, ri)) = inner.first() else {
            continue;
        };
        let path = cycle_path(&edges, &members, u, v);
        let names: Vec<String> = path
            .iter()
            .filter_map(|&i| {
                model
                    .entries
                    .get(i)
                    .map(|e| format!("`{}`", e.effective_name()))
            })
            .collect();
        let mut finding = Finding::new(
            &REQUIRES_CYCLE,
            span_of(ri),
            format!(
                "These jobs require each other in a cycle ({}), so none of them can start; remove one of the requirements.",
                names.join(" → ")
            ),
        );
        for &(a, b, other) in inner.iter().skip(1) {
            let (Some(ea), Some(eb)) = (model.entries.get(a), model.entries.get(b)) else {
                continue;
            };
            finding = finding.with_related(
                span_of(other),
                format!(
                    "`{}` requires `{}`",
                    ea.effective_name(),
                    eb.effective_name()
                ),
            );
        }
        findings.push(finding);
    }
}

/// The cycle through the edge `u -> v`: u, v, …, u.
fn cycle_path(
    edges: &[Vec<(usize, usize)>],
    members: &HashSet<usize>,
    u: usize,
    v: usize,
) -> Vec<usize> {
    if u == v {
        return vec![u, u];
    }
    // Breadth-first from v back to u inside the component.
    let mut prev: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut queue = std::collections::VecDeque::from([v]);
    let mut seen = HashSet::from([v]);
    while let Some(x) = queue.pop_front() {
        if x == u {
            break;
        }
        for &(y, _) in edges.get(x).map(Vec::as_slice).unwrap_or(&[]) {
            if members.contains(&y) && seen.insert(y) {
                prev.insert(y, x);
                queue.push_back(y);
            }
        }
    }
    let mut back = vec![u];
    let mut at = u;
    while at != v {
        match prev.get(&at) {
            Some(&p) => {
                back.push(p);
                at = p;
            }
            None => break,
        }
    }
    back.reverse();
    let mut path = vec![u];
    path.extend(back);
    path
}

/// Tarjan's strongly connected components, iteratively (no recursion on user data).
fn strongly_connected(edges: &[Vec<(usize, usize)>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut result = Vec::new();
    let mut next = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            let out = &edges[v];
            if let Some(&(w, _)) = out.get(*ei) {
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                result.push(component);
            }
        }
    }
    result
}

// ---- unused definitions ------------------------------------------------------------------

fn unused(model: &Model<'_>, findings: &mut Vec<Finding>) {
    let has_workflows = model.root.and_then(|r| r.get("workflows")).is_some();
    for (id, def) in model.defs.iter().enumerate() {
        if def.copied {
            continue;
        }
        if def.kind != DefKind::Anchor && model.lookup(def.kind, def.parent, &def.name) != Some(id)
        {
            // A duplicate: `duplicate-key` reports it.
            continue;
        }
        let (rule, used) = match def.kind {
            DefKind::Job if def.parent.is_none() => {
                if !has_workflows && def.name == "build" {
                    continue;
                }
                (&UNUSED_JOB, model.refs_to(id).next().is_some())
            }
            DefKind::Command if def.parent.is_none() => {
                (&UNUSED_COMMAND, model.refs_to(id).next().is_some())
            }
            DefKind::Executor if def.parent.is_none() => {
                (&UNUSED_EXECUTOR, model.refs_to(id).next().is_some())
            }
            DefKind::Orb if def.parent.is_none() => {
                (&UNUSED_ORB, model.refs_to(id).next().is_some())
            }
            DefKind::Parameter => (
                &UNUSED_PARAMETER,
                model.refs_to(id).any(|r| r.kind == RefKind::Parameter),
            ),
            DefKind::Anchor => (&UNUSED_ANCHOR, model.refs_to(id).next().is_some()),
            _ => continue,
        };
        if used {
            continue;
        }
        let message = match def.kind {
            DefKind::Job => format!(
                "Job `{}` is not run by any workflow; add it to a workflow or remove it.",
                def.name
            ),
            DefKind::Command => format!(
                "Command `{}` is never invoked from `steps`; invoke it or remove it.",
                def.name
            ),
            DefKind::Executor => format!(
                "Executor `{}` is not used by any job; use it with `executor:` or remove it.",
                def.name
            ),
            DefKind::Orb => format!(
                "Orb `{}` is declared but nothing uses `{}/…`; remove the declaration.",
                def.name, def.name
            ),
            DefKind::Parameter => fit_message(
                format!(
                    "Parameter `{}` is never used as `<< parameters.{} >>` in {}; use it or remove it.",
                    def.name,
                    def.name,
                    def.parent.map(|p| model.describe(p)).unwrap_or_default()
                ),
                &format!(
                    "Parameter `{}` is never used as `<< parameters.{} >>`; use it or remove it.",
                    short_name(&def.name, 30),
                    short_name(&def.name, 30),
                ),
            ),
            _ => fit_message(
                format!(
                    "Anchor `&{}` is never used by an alias; remove it or use `*{}`.",
                    def.name, def.name
                ),
                &format!(
                    "Anchor `&{}` is never used by an alias; remove it.",
                    short_name(&def.name, 60)
                ),
            ),
        };
        let mut finding =
            Finding::new(rule, def.name_span, message).with_tag(FindingTag::Unnecessary);
        if let Some(fix) = removal_fix(model, def) {
            finding = finding.with_fix(fix);
        }
        findings.push(finding);
    }
}

/// A fix deleting an unused definition: the `&name` of an anchor, or the lines of a block
/// mapping entry.
fn removal_fix(model: &Model<'_>, def: &Definition<'_>) -> Option<Fix> {
    let text = model.text;
    if def.kind == DefKind::Anchor {
        // `&name` and the spaces after it.
        let start = def.name_span.start.checked_sub(1)?;
        let mut end = def.name_span.end;
        while text.as_bytes().get(end) == Some(&b' ') {
            end += 1;
        }
        return Some(Fix {
            title: format!("Remove anchor &{}", short_name(&def.name, 40)),
            edits: vec![TextEdit {
                span: Span::new(start, end),
                new_text: String::new(),
            }],
            preferred: false,
        });
    }
    if def.kind == DefKind::Parameter {
        return None;
    }
    // Only an entry that starts its own line, in block style.
    let line_start = lines::line_start(text, def.span.start);
    if !text
        .get(line_start..def.span.start)?
        .chars()
        .all(|c| c == ' ')
    {
        return None;
    }
    let end = lines::next_line_start(text, def.span.end);
    Some(Fix {
        title: format!(
            "Remove unused {} {}",
            def.kind.noun(),
            short_name(&def.name, 30)
        ),
        edits: vec![TextEdit {
            span: Span::new(line_start, end),
            new_text: String::new(),
        }],
        preferred: false,
    })
}
