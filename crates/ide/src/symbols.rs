//! Document symbols: a hierarchical outline of the config.
//!
//! Sections at the top; under them orbs, commands, executors, jobs (their parameters and
//! steps), workflows (their job entries) and pipeline parameters. A part copied in through an
//! `*alias` or a `<<` merge is shown at the alias, so every child stays inside its parent.

use super::outline_config::{
    entry_span, first_line, inner_span, is_builtin_step, step_parts, trim_end,
};
use analysis::model::index::Runs;
use analysis::model::sections::{body_schema, invocations_key, section_kind, Place};
use analysis::model::DefKind;
use analysis::Analysis;
use knowledge::schema::maps_of;
use syntax::yaml::{Entry, Mapping, Node, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Orb,
    Command,
    Executor,
    Job,
    Workflow,
    Parameter,
    Step,
    Section,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole definition.
    pub span: Span,
    /// The name itself, inside `span`.
    pub selection_span: Span,
    pub children: Vec<Symbol>,
}

/// How many characters of a command line or description a label shows.
const LABEL_CHARS: usize = 60;

pub fn document_symbols(analysis: &Analysis) -> Vec<Symbol> {
    let Some(map) = analysis.root().and_then(Node::as_mapping) else {
        return Vec::new();
    };
    let mut symbols = Outline {
        text: &analysis.text,
    }
    .sections(map, None, Place::Config);
    mark_continuations(analysis, &mut symbols);
    symbols
}

/// In a setup config, says on the job or step that continues the pipeline what it
/// continues with.
fn mark_continuations(analysis: &Analysis, symbols: &mut [Symbol]) {
    let Some(plan) = analysis::project::plan::read(analysis.model()) else {
        return;
    };
    for continuation in &plan.continuations {
        if let Some(symbol) = innermost(symbols, continuation.at) {
            let said = continuation.describe();
            symbol.detail = Some(match symbol.detail.take() {
                Some(detail) => format!("{detail}; {said}"),
                None => said,
            });
        }
    }
}

/// The innermost symbol whose span holds `at`.
fn innermost(symbols: &mut [Symbol], at: Span) -> Option<&mut Symbol> {
    let found = symbols
        .iter_mut()
        .find(|s| s.span.start <= at.start && at.end <= s.span.end)?;
    if innermost(&mut found.children, at).is_some() {
        return innermost(&mut found.children, at);
    }
    Some(found)
}

/// The span of the `*alias` (or `<<` merge) a part was copied in through; its symbols are
/// placed there.
type Alias = Option<Span>;

/// A definition's detail and children.
type Described = (Option<String>, Vec<Symbol>);

fn entry_alias(entry: &Entry, outer: Alias) -> Alias {
    outer.or(entry.merged_from)
}

fn value_alias(entry: &Entry, outer: Alias) -> Alias {
    entry_alias(entry, outer).or(entry.value.via_alias)
}

/// The scalar value of `key` in `node`, if it is one.
fn scalar_of<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    node.get(key).and_then(Node::as_str)
}

/// `key`'s entry in `node`, with the alias its value was copied through.
fn child<'n>(node: &'n Node, key: &str, outer: Alias) -> Option<(&'n Node, Alias)> {
    let entry = node.as_mapping()?.entry(key)?;
    Some((&entry.value, value_alias(entry, outer)))
}

struct Outline<'a> {
    text: &'a str,
}

impl Outline<'_> {
    /// The sections of a config, or of an inline orb's body.
    fn sections(&self, map: &Mapping, outer: Alias, place: Place) -> Vec<Symbol> {
        map.entries
            .iter()
            .filter_map(|e| self.section(e, outer, place))
            .collect()
    }

    fn section(&self, entry: &Entry, outer: Alias, place: Place) -> Option<Symbol> {
        let name = entry.key.as_str()?;
        if name == "<<" {
            return None;
        }
        let inner = value_alias(entry, outer);
        let value = &entry.value;
        // The model's sections (read from the knowledge table) say what a section defines.
        let children = match section_kind(name, place) {
            Some(DefKind::Orb) => self.definitions(value, inner, SymbolKind::Orb, Self::orb),
            Some(DefKind::Command) => {
                self.definitions(value, inner, SymbolKind::Command, Self::command)
            }
            Some(DefKind::Executor) => {
                self.definitions(value, inner, SymbolKind::Executor, Self::executor)
            }
            Some(DefKind::Job) => self.definitions(value, inner, SymbolKind::Job, Self::job),
            // A job group lists job invocations like a workflow and is invoked like a job.
            Some(DefKind::JobGroup) => {
                self.definitions(value, inner, SymbolKind::Job, Self::job_group)
            }
            Some(DefKind::Workflow) => {
                self.definitions(value, inner, SymbolKind::Workflow, Self::workflow)
            }
            Some(DefKind::PipelineParameter) => self.parameters(value, inner),
            _ => Vec::new(),
        };
        let detail = value.as_str().map(|v| first_line(v, LABEL_CHARS));
        Some(self.entry_symbol(
            entry,
            outer,
            SymbolKind::Section,
            detail.filter(|d| !d.is_empty()),
            children,
        ))
    }

    /// One symbol per entry of a `jobs:`-like mapping; `describe` gives each one's detail and
    /// children.
    fn definitions(
        &self,
        section: &Node,
        outer: Alias,
        kind: SymbolKind,
        describe: fn(&Self, &Node, Alias) -> Described,
    ) -> Vec<Symbol> {
        let Some(map) = section.as_mapping() else {
            return Vec::new();
        };
        let mut symbols = Vec::new();
        for entry in &map.entries {
            let Some(name) = entry.key.as_str() else {
                continue;
            };
            if name == "<<" {
                continue;
            }
            // `workflows: version: 2` is a setting, not a workflow.
            if kind == SymbolKind::Workflow && name == "version" {
                let detail = entry.value.as_str().map(str::to_string);
                symbols.push(self.entry_symbol(entry, outer, SymbolKind::Section, detail, vec![]));
                continue;
            }
            let (detail, children) = describe(self, &entry.value, value_alias(entry, outer));
            symbols.push(self.entry_symbol(entry, outer, kind, detail, children));
        }
        symbols
    }

    fn entry_symbol(
        &self,
        entry: &Entry,
        outer: Alias,
        kind: SymbolKind,
        detail: Option<String>,
        children: Vec<Symbol>,
    ) -> Symbol {
        let alias = entry_alias(entry, outer);
        let name_span = inner_span(&entry.key, self.text).unwrap_or(entry.key.span);
        Symbol {
            name: entry
                .key
                .as_str()
                .unwrap_or_else(|| entry.key.span.text(self.text))
                .to_string(),
            detail,
            kind,
            span: alias.unwrap_or_else(|| entry_span(entry, self.text)),
            selection_span: alias.unwrap_or(name_span),
            children,
        }
    }

    fn orb(&self, value: &Node, alias: Alias) -> Described {
        match value.as_mapping() {
            Some(inline) => (
                Some("inline orb".to_string()),
                self.sections(inline, alias, Place::InlineOrb),
            ),
            None => (value.as_str().map(str::to_string), Vec::new()),
        }
    }

    fn command(&self, body: &Node, alias: Alias) -> Described {
        let detail = scalar_of(body, "description").map(|d| first_line(d, LABEL_CHARS));
        (
            detail,
            self.parameters_and_steps(body, alias, DefKind::Command),
        )
    }

    fn executor(&self, body: &Node, alias: Alias) -> Described {
        (executor_summary(body), self.parameters_of(body, alias))
    }

    fn job(&self, body: &Node, alias: Alias) -> Described {
        (
            executor_summary(body),
            self.parameters_and_steps(body, alias, DefKind::Job),
        )
    }

    fn job_group(&self, body: &Node, alias: Alias) -> Described {
        let (_, children) = self.invocations(body, alias, DefKind::JobGroup);
        (Some("job group".to_string()), children)
    }

    fn workflow(&self, body: &Node, alias: Alias) -> Described {
        self.invocations(body, alias, DefKind::Workflow)
    }

    /// The job entries of a workflow or job group, under the key the table says lists them.
    fn invocations(&self, body: &Node, alias: Alias, kind: DefKind) -> Described {
        let key = body_schema(kind).and_then(invocations_key);
        let Some((jobs, alias)) = key.and_then(|k| child(body, k, alias)) else {
            return (None, Vec::new());
        };
        let Some(list) = jobs.as_sequence() else {
            return (None, Vec::new());
        };
        let children = list
            .items
            .iter()
            .filter_map(|item| self.workflow_job(item, alias.or(item.via_alias)))
            .collect();
        (None, children)
    }

    /// `- build` or `- build: {name: …, requires: …}` in a workflow.
    fn workflow_job(&self, item: &Node, alias: Alias) -> Option<Symbol> {
        let (name_node, args) = step_parts(item)?;
        let name = name_node.as_str()?;
        let mut detail = Vec::new();
        if let Some(args) = args {
            if let Some(renamed) = scalar_of(args, "name") {
                detail.push(format!("name: {renamed}"));
            }
            if let Some(kind) = scalar_of(args, "type") {
                detail.push(kind.to_string());
            }
        }
        Some(Symbol {
            name: name.to_string(),
            detail: (!detail.is_empty()).then(|| detail.join(", ")),
            kind: SymbolKind::Job,
            span: alias.unwrap_or_else(|| trim_end(item.span, self.text)),
            selection_span: alias
                .unwrap_or_else(|| inner_span(name_node, self.text).unwrap_or(name_node.span)),
            children: Vec::new(),
        })
    }

    /// Parameters, then the steps of every key the knowledge table gives the steps role.
    fn parameters_and_steps(&self, body: &Node, alias: Alias, kind: DefKind) -> Vec<Symbol> {
        let mut symbols = self.parameters_of(body, alias);
        let schema = body_schema(kind);
        for (key, _) in schema.iter().flat_map(|s| s.step_keys()) {
            if let Some((steps, alias)) = child(body, key, alias) {
                symbols.extend(self.steps(steps, alias));
            }
        }
        symbols
    }

    fn parameters_of(&self, body: &Node, alias: Alias) -> Vec<Symbol> {
        match child(body, "parameters", alias) {
            Some((params, alias)) => self.parameters(params, alias),
            None => Vec::new(),
        }
    }

    fn parameters(&self, params: &Node, alias: Alias) -> Vec<Symbol> {
        let Some(map) = params.as_mapping() else {
            return Vec::new();
        };
        map.entries
            .iter()
            .filter(|e| e.key.as_str().is_some_and(|k| k != "<<"))
            .map(|e| {
                let detail = scalar_of(&e.value, "type").map(str::to_string);
                self.entry_symbol(e, alias, SymbolKind::Parameter, detail, Vec::new())
            })
            .collect()
    }

    fn steps(&self, steps: &Node, alias: Alias) -> Vec<Symbol> {
        let Some(list) = steps.as_sequence() else {
            return Vec::new();
        };
        let mut symbols = Vec::new();
        for item in &list.items {
            let alias = alias.or(item.via_alias);
            // CircleCI flattens a list inside a step list (`- *common_steps`).
            if item.as_sequence().is_some() {
                symbols.extend(self.steps(item, alias));
            } else if let Some(step) = self.step(item, alias) {
                symbols.push(step);
            }
        }
        symbols
    }

    fn step(&self, item: &Node, alias: Alias) -> Option<Symbol> {
        let (name_node, args) = step_parts(item)?;
        let name = name_node.as_str()?;
        let mut detail = None;
        let mut children = Vec::new();
        // A built-in step that holds steps (`when`, `unless`): its condition and its steps.
        let holds = knowledge::builtin_step(name)
            .map(|k| maps_of(&k.ty))
            .unwrap_or_default();
        if let Some(args) = args.filter(|_| holds.iter().any(|m| m.step_keys().next().is_some())) {
            let args_alias = item
                .as_mapping()
                .and_then(|m| m.own_entries().next())
                .and_then(|e| value_alias(e, alias));
            detail = scalar_of(args, "condition").map(|c| first_line(c, LABEL_CHARS));
            for (key, _) in holds.iter().flat_map(|m| m.step_keys()) {
                if let Some((steps, steps_alias)) = child(args, key, args_alias) {
                    children.extend(self.steps(steps, steps_alias));
                }
            }
        }
        Some(Symbol {
            name: step_label(name, args),
            detail,
            kind: SymbolKind::Step,
            span: alias.unwrap_or_else(|| trim_end(item.span, self.text)),
            selection_span: alias
                .unwrap_or_else(|| inner_span(name_node, self.text).unwrap_or(name_node.span)),
            children,
        })
    }
}

/// `run: <name or first command line>`, `save_cache: <name>`, or the step's name.
fn step_label(name: &str, args: Option<&Node>) -> String {
    let Some(args) = args else {
        return name.to_string();
    };
    let label = if name == "run" {
        args.as_str()
            .or_else(|| scalar_of(args, "name"))
            .or_else(|| scalar_of(args, "command"))
    } else if is_builtin_step(name) {
        scalar_of(args, "name")
    } else {
        None
    };
    match label.map(|l| first_line(l, LABEL_CHARS)) {
        Some(l) if !l.is_empty() => format!("{name}: {l}"),
        _ => name.to_string(),
    }
}

/// What a job or executor runs on, in a few words: `docker: cimg/node:20.0`, `machine`,
/// `executor: node/default`; the model's one resolution of it.
fn executor_summary(body: &Node) -> Option<String> {
    let runs = Runs::read(body)?;
    let kind = match &runs {
        Runs::Docker(_) => "docker",
        Runs::Machine(_) => "machine",
        Runs::Macos(_) => "macos",
        Runs::Executor(..) => "executor",
    };
    Some(match (&runs, runs.headline()) {
        (Runs::Macos(_), Some(xcode)) => format!("macos: xcode {xcode}"),
        (_, Some(headline)) => format!("{kind}: {headline}"),
        (Runs::Executor(..), None) => return None,
        (_, None) => kind.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::invariants::check_nesting;
    use analysis::test_support::{analysis, range};

    fn render(text: &str, symbols: &[Symbol], depth: usize, out: &mut String) {
        for s in symbols {
            let detail = s
                .detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            out.push_str(&format!(
                "{}{:?} {:?}{detail} {} name={:?}\n",
                "  ".repeat(depth),
                s.kind,
                s.name,
                range(text, s.span),
                s.selection_span.text(text),
            ));
            render(text, &s.children, depth + 1, out);
        }
    }

    fn check(text: &str, expect: Expect) {
        let symbols = document_symbols(&analysis(text));
        assert_eq!(check_nesting(&symbols, None), Ok(()));
        let mut out = String::new();
        render(text, &symbols, 0, &mut out);
        expect.assert_eq(&out);
    }

    #[test]
    fn sections_orbs_commands_executors() {
        check(
            r#"version: 2.1
orbs:
  node: circleci/node@5.1.0
  inline:
    commands:
      hello:
        steps: [checkout]
parameters:
  deploy:
    type: boolean
    default: false
commands:
  install-deps:
    description: "Install the dependencies.\nSecond line."
    parameters:
      cache:
        type: string
    steps:
      - restore_cache:
          keys: [deps]
      - run: npm ci
executors:
  "node-exec":
    parameters:
      tag:
        type: string
    docker:
      - image: cimg/node:<< parameters.tag >>
"#,
            expect![[r#"
                Section "version" (2.1) 0:0-0:12 name="version"
                Section "orbs" 1:0-6:25 name="orbs"
                  Orb "node" (circleci/node@5.1.0) 2:2-2:27 name="node"
                  Orb "inline" (inline orb) 3:2-6:25 name="inline"
                    Section "commands" 4:4-6:25 name="commands"
                      Command "hello" 5:6-6:25 name="hello"
                        Step "checkout" 6:16-6:24 name="checkout"
                Section "parameters" 7:0-10:18 name="parameters"
                  Parameter "deploy" (boolean) 8:2-10:18 name="deploy"
                Section "commands" 11:0-20:19 name="commands"
                  Command "install-deps" (Install the dependencies.) 12:2-20:19 name="install-deps"
                    Parameter "cache" (string) 15:6-16:20 name="cache"
                    Step "restore_cache" 18:8-19:22 name="restore_cache"
                    Step "run: npm ci" 20:8-20:19 name="run"
                Section "executors" 21:0-27:45 name="executors"
                  Executor "node-exec" (docker: cimg/node:<< parameters.tag >>) 22:2-27:45 name="node-exec"
                    Parameter "tag" (string) 24:6-25:20 name="tag"
            "#]],
        );
    }

    #[test]
    fn jobs_steps_and_workflows() {
        check(
            r#"jobs:
  build:
    docker:
      - image: cimg/base:stable
    parameters:
      target: {type: string, default: all}
    steps:
      - checkout
      - run:
          name: Build it
          command: make
      - run:
          command: |
            ./configure
            make << parameters.target >>
      - run: |-
          echo first
          echo second
      - node/install:
          node-version: "20"
      - when:
          condition: << pipeline.parameters.deploy >>
          steps:
            - save_cache: {name: Save deps, key: k, paths: [a]}
  approve:
    type: approval
  test:
    executor: {name: node/default, tag: "20"}
    steps: [checkout]
workflows:
  version: 2
  main:
    jobs:
      - build
      - hold:
          type: approval
      - node/test:
          name: test-20
          requires: [build]
"#,
            expect![[r#"
                Section "jobs" 0:0-28:21 name="jobs"
                  Job "build" (docker: cimg/base:stable) 1:2-23:63 name="build"
                    Parameter "target" (string) 5:6-5:42 name="target"
                    Step "checkout" 7:8-7:16 name="checkout"
                    Step "run: Build it" 8:8-10:23 name="run"
                    Step "run: ./configure" 11:8-14:40 name="run"
                    Step "run: echo first" 15:8-17:21 name="run"
                    Step "node/install" 18:8-19:28 name="node/install"
                    Step "when" (<< pipeline.parameters.deploy >>) 20:8-23:63 name="when"
                      Step "save_cache: Save deps" 23:14-23:63 name="save_cache"
                  Job "approve" 24:2-25:18 name="approve"
                  Job "test" (executor: node/default) 26:2-28:21 name="test"
                    Step "checkout" 28:12-28:20 name="checkout"
                Section "workflows" 29:0-38:27 name="workflows"
                  Section "version" (2) 30:2-30:12 name="version"
                  Workflow "main" 31:2-38:27 name="main"
                    Job "build" 33:8-33:13 name="build"
                    Job "hold" (approval) 34:8-35:24 name="hold"
                    Job "node/test" (name: test-20) 36:8-38:27 name="node/test"
            "#]],
        );
    }

    /// Job groups are outlined with their job entries, as go-to-definition finds them.
    #[test]
    fn a_setup_config_says_what_it_continues_with() {
        check(
            r#"version: 2.1
setup: true
orbs:
  path-filtering: circleci/path-filtering@2.1.0
workflows:
  setup:
    jobs:
      - path-filtering/filter:
          config-path: .circleci/shared.yml
          mapping: |
            api/.* run-api true .circleci/api.yml
            .* always true .circleci/shared.yml
"#,
            expect![[r#"
                Section "version" (2.1) 0:0-0:12 name="version"
                Section "setup" (true) 1:0-1:11 name="setup"
                Section "orbs" 2:0-3:47 name="orbs"
                  Orb "path-filtering" (circleci/path-filtering@2.1.0) 3:2-3:47 name="path-filtering"
                Section "workflows" 4:0-11:47 name="workflows"
                  Workflow "setup" 5:2-11:47 name="setup"
                    Job "path-filtering/filter" (continues with .circleci/api.yml + .circleci/shared.yml) 7:8-11:47 name="path-filtering/filter"
            "#]],
        );
    }

    #[test]
    fn job_groups_have_children() {
        check(
            r#"job-groups:
  deploy-all:
    jobs:
      - deploy
      - notify: {requires: [deploy]}
"#,
            expect![[r#"
                Section "job-groups" 0:0-4:36 name="job-groups"
                  Job "deploy-all" (job group) 1:2-4:36 name="deploy-all"
                    Job "deploy" 3:8-3:14 name="deploy"
                    Job "notify" 4:8-4:36 name="notify"
            "#]],
        );
    }

    #[test]
    fn aliases_and_merges_are_shown_at_the_alias() {
        check(
            r#"defaults: &defaults
  docker:
    - image: cimg/base:stable
  steps:
    - checkout
    - run: make
common_steps: &steps
  - checkout
jobs:
  a:
    <<: *defaults
  b:
    steps: *steps
  c:
    steps:
      - *steps
      - run: make test
"#,
            expect![[r#"
                Section "defaults" 0:0-5:15 name="defaults"
                Section "common_steps" 6:0-7:12 name="common_steps"
                Section "jobs" 8:0-16:22 name="jobs"
                  Job "a" (docker: cimg/base:stable) 9:2-10:17 name="a"
                    Step "checkout" 10:8-10:17 name="*defaults"
                    Step "run: make" 10:8-10:17 name="*defaults"
                  Job "b" 11:2-12:17 name="b"
                    Step "checkout" 12:11-12:17 name="*steps"
                  Job "c" 13:2-16:22 name="c"
                    Step "checkout" 15:8-15:14 name="*steps"
                    Step "run: make test" 16:8-16:22 name="run"
            "#]],
        );
    }

    #[test]
    fn broken_or_odd_documents() {
        check("", expect![[""]]);
        check("- a\n- b\n", expect![[""]]);
        check(
            "jobs: [a, b]\nworkflows: 3\n",
            expect![[r#"
            Section "jobs" 0:0-0:12 name="jobs"
            Section "workflows" (3) 1:0-1:12 name="workflows"
        "#]],
        );
        check(
            "jobs:\n  build:\n    steps:\n      - run: {name: x\n",
            expect![[r#"
                Section "jobs" 0:0-3:21 name="jobs"
                  Job "build" 1:2-3:21 name="build"
                    Step "run: x" 3:8-3:21 name="run"
            "#]],
        );
    }
}
