//! Go to definition, find references, rename and document highlights.

use std::collections::BTreeSet;

use super::FeatureContext;
use crate::diagnostics::TextEdit;
use crate::model::index::{DefId, DefKind, Model, RefKind, Reference, Target};
use crate::yaml::{Node, NodeKind, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// Where the thing is defined.
    Write,
    /// Where it is used.
    Read,
}

/// What is under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Symbol {
    /// A definition of this file (under the cursor, or what the reference under it names).
    Def(DefId),
    /// A job, command or executor of a registry orb: `orb` is the orb's definition.
    OrbMember { orb: DefId, name: String },
    /// A context, by name.
    Context(String),
    /// A `requires` entry naming a workflow entry that runs under another name.
    Entry(usize),
    /// Something that has no definition here (built-in step, pipeline value, undefined name).
    Other,
}

fn model<'a>(ctx: &'a FeatureContext<'_>) -> &'a Model<'a> {
    ctx.analysis.model()
}

/// The reference or definition under the cursor and what it stands for.
fn symbol_at<'m>(model: &'m Model<'_>, offset: usize) -> Option<(Symbol, Option<&'m Reference>)> {
    if let Some((_, r)) = model.ref_at(offset) {
        let symbol = match (&r.target, r.kind) {
            (Target::Def(id), _) => Symbol::Def(*id),
            (Target::OrbMember { orb }, _) => Symbol::OrbMember {
                orb: *orb,
                name: r.name.clone(),
            },
            (_, RefKind::Context) => Symbol::Context(r.name.clone()),
            (_, RefKind::Requires) => r.entry.map_or(Symbol::Other, Symbol::Entry),
            _ => Symbol::Other,
        };
        return Some((symbol, Some(r)));
    }
    model.def_at(offset).map(|(id, _)| (Symbol::Def(id), None))
}

/// Where the thing under the cursor is defined.
pub fn definition(ctx: &FeatureContext<'_>) -> Vec<Span> {
    let model = model(ctx);
    let Some((symbol, _)) = symbol_at(model, ctx.offset) else {
        return Vec::new();
    };
    match symbol {
        Symbol::Def(id) => model.def(id).map(|d| vec![d.name_span]).unwrap_or_default(),
        // A registry orb's member is defined in the orb: its declaration is the closest place.
        Symbol::OrbMember { orb, .. } => model
            .def(orb)
            .map(|d| vec![d.name_span])
            .unwrap_or_default(),
        Symbol::Entry(e) => model
            .entries
            .get(e)
            .map(|entry| vec![entry.name.map_or(entry.job_span, |(_, span)| span)])
            .unwrap_or_default(),
        Symbol::Context(_) | Symbol::Other => Vec::new(),
    }
}

/// The uses of a symbol (spans deduplicated: a copy through an alias is one written place),
/// and its definition when it has one.
fn occurrences(model: &Model<'_>, symbol: &Symbol) -> (Option<Span>, Vec<Span>) {
    let mut uses = BTreeSet::new();
    let decl = match symbol {
        Symbol::Def(id) => {
            let def = model.def(*id);
            for r in model.refs_to(*id) {
                // Names built from templates reach the definition, but their text is not it.
                if r.strict || def.is_some_and(|d| r.span.text(model.text) == d.name) {
                    uses.insert(r.span);
                }
            }
            def.map(|d| d.name_span)
        }
        Symbol::OrbMember { orb, name } => {
            for r in &model.refs {
                if r.target == (Target::OrbMember { orb: *orb }) && &r.name == name {
                    uses.insert(r.full_span);
                }
            }
            None
        }
        Symbol::Context(name) => {
            for r in &model.refs {
                if r.kind == RefKind::Context && &r.name == name {
                    uses.insert(r.span);
                }
            }
            None
        }
        Symbol::Entry(e) => {
            for r in &model.refs {
                if r.kind == RefKind::Requires && r.entry == Some(*e) {
                    uses.insert(r.span);
                }
            }
            model
                .entries
                .get(*e)
                .map(|entry| entry.name.map_or(entry.job_span, |(_, span)| span))
        }
        Symbol::Other => None,
    };
    if let Some(d) = decl {
        uses.remove(&d);
    }
    (decl, uses.into_iter().collect())
}

/// Every use of the thing under the cursor, with its definition when asked.
pub fn references(ctx: &FeatureContext<'_>, include_declaration: bool) -> Vec<Span> {
    let model = model(ctx);
    let Some((symbol, _)) = symbol_at(model, ctx.offset) else {
        return Vec::new();
    };
    let (decl, uses) = occurrences(model, &symbol);
    let mut out = Vec::new();
    if include_declaration {
        out.extend(decl);
    }
    out.extend(uses);
    out
}

pub fn highlights(ctx: &FeatureContext<'_>) -> Vec<(Span, HighlightKind)> {
    let model = model(ctx);
    let Some((symbol, _)) = symbol_at(model, ctx.offset) else {
        return Vec::new();
    };
    let (decl, uses) = occurrences(model, &symbol);
    decl.map(|d| (d, HighlightKind::Write))
        .into_iter()
        .chain(uses.into_iter().map(|u| (u, HighlightKind::Read)))
        .collect()
}

/// A mapping key touching `offset`, written at that place.
fn key_at(node: &Node, offset: usize) -> Option<&Node> {
    if !node.span.touches(offset) {
        return None;
    }
    match &node.kind {
        NodeKind::Mapping(m) => m.own_entries().find_map(|e| {
            if e.key.span.touches(offset) && e.key.is_written_here() {
                Some(&e.key)
            } else if e.value.is_written_here() {
                key_at(&e.value, offset)
            } else {
                None
            }
        }),
        NodeKind::Sequence(s) => s
            .items
            .iter()
            .filter(|i| i.is_written_here())
            .find_map(|i| key_at(i, offset)),
        _ => None,
    }
}

const NOTHING: &str = "Nothing that can be renamed is under the cursor.";

/// The definition a rename at the cursor would rename.
fn rename_target(model: &Model<'_>, offset: usize) -> Result<DefId, String> {
    let Some((symbol, reference)) = symbol_at(model, offset) else {
        if let Some(key) = model.root.and_then(|r| key_at(r, offset)) {
            return Err(format!(
                "`{}` is a CircleCI key; only names defined in this file can be renamed.",
                key.as_str().unwrap_or("")
            ));
        }
        return Err(NOTHING.to_string());
    };
    let id = match symbol {
        Symbol::Def(id) => id,
        Symbol::OrbMember { orb, name } => {
            let source = model
                .def(orb)
                .and_then(|d| d.node)
                .and_then(Node::as_str)
                .unwrap_or("its orb");
            return Err(format!(
                "`{name}` is defined by the orb `{source}`, outside this file; it cannot be renamed here."
            ));
        }
        Symbol::Context(name) => {
            return Err(format!(
                "The context `{name}` is defined in the CircleCI organization settings; renaming it here would not rename it there."
            ));
        }
        Symbol::Entry(_) => {
            return Err(
                "This names a workflow job by the `name:` it runs under; edit that `name:` and its `requires` by hand."
                    .to_string(),
            );
        }
        Symbol::Other => {
            let Some(r) = reference else {
                return Err(NOTHING.to_string());
            };
            return Err(match (r.kind, &r.target) {
                (_, Target::BuiltIn) => {
                    format!("`{}` is a built-in step; it cannot be renamed.", r.name)
                }
                (RefKind::PipelineValue, _) => format!(
                    "`pipeline.{}` is a value CircleCI provides; it cannot be renamed.",
                    r.name
                ),
                (RefKind::Matrix, _) => format!(
                    "`matrix.{}` is a matrix parameter; rename the job's parameter instead.",
                    r.name
                ),
                (_, Target::Undefined) => format!("`{}` is not defined in this file.", r.name),
                _ => format!("`{}` has no definition in this file to rename.", r.name),
            });
        }
    };
    let def = model.def(id).ok_or_else(|| NOTHING.to_string())?;
    match def.kind {
        DefKind::Workflow => {
            return Err(format!(
                "Renaming {} is not supported; edit its key directly.",
                model.describe(id)
            ));
        }
        DefKind::Job
            if def.name == "build"
                && def.parent.is_none()
                && model.root.and_then(|r| r.get("workflows")).is_none() =>
        {
            return Err(
                "Without `workflows`, CircleCI runs the job named `build`; renaming it would stop it from running."
                    .to_string(),
            );
        }
        _ if def.copied => {
            return Err(format!(
                "`{}` is copied in through an alias or `<<` merge; rename it where it is written.",
                def.name
            ));
        }
        _ => {}
    }
    // A name built from a template reaches this definition: its spelling is elsewhere.
    if let Some(r) = model
        .refs_to(id)
        .find(|r| r.span.text(model.text) != def.name)
    {
        let line = crate::text::lines::line_number(model.text, r.span.start);
        return Err(format!(
            "`{}` is also reached at line {line} by a name that is not written out (a template or escaped text); rename it by hand.",
            def.name
        ));
    }
    Ok(id)
}

/// The span of the name that would be renamed, or why it cannot be.
pub fn prepare_rename(ctx: &FeatureContext<'_>) -> Result<Span, String> {
    let model = model(ctx);
    let id = rename_target(model, ctx.offset)?;
    // The part of the name under the cursor: a reference's own span, else the definition's.
    if let Some((_, r)) = model.ref_at(ctx.offset) {
        if r.target == Target::Def(id) {
            return Ok(r.span);
        }
    }
    model
        .def(id)
        .map(|d| d.name_span)
        .ok_or_else(|| NOTHING.to_string())
}

fn valid_name(kind: DefKind, name: &str) -> bool {
    match kind {
        // YAML anchor characters, less the flow indicators.
        DefKind::Anchor => {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        }
        _ => {
            name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        }
    }
}

/// The edits that rename the thing under the cursor everywhere in the file.
pub fn rename(ctx: &FeatureContext<'_>, new_name: &str) -> Result<Vec<TextEdit>, String> {
    let model = model(ctx);
    let id = rename_target(model, ctx.offset)?;
    let def = model.def(id).ok_or_else(|| NOTHING.to_string())?;
    if !valid_name(def.kind, new_name) {
        return Err(match def.kind {
            DefKind::Anchor => format!("`{new_name}` is not a valid anchor name (no spaces or `,[]{{}}`)."),
            _ => format!(
                "`{new_name}` is not a valid {} name: use letters, digits, `-` and `_`, starting with a letter.",
                def.kind.noun()
            ),
        });
    }
    if new_name == def.name {
        return Ok(Vec::new());
    }
    let taken = match def.kind {
        DefKind::Anchor => model
            .defs
            .iter()
            .any(|d| d.kind == DefKind::Anchor && d.name == new_name),
        // A workflow entry names a job or a job group, so the two share one namespace.
        DefKind::Job | DefKind::JobGroup if def.parent.is_none() => {
            model.lookup(DefKind::Job, None, new_name).is_some()
                || model.lookup(DefKind::JobGroup, None, new_name).is_some()
        }
        kind => model.lookup(kind, def.parent, new_name).is_some(),
    };
    if taken {
        return Err(format!(
            "A {} named `{new_name}` already exists here.",
            def.kind.noun()
        ));
    }
    let (decl, uses) = occurrences(model, &Symbol::Def(id));
    Ok(decl
        .into_iter()
        .chain(uses)
        .map(|span| TextEdit {
            span,
            new_text: new_name.to_string(),
        })
        .collect())
}

#[cfg(test)]
mod tests {

    use expect_test::{expect, Expect};

    use super::*;

    /// Runs `f` with the cursor at `$0`.
    fn with_ctx<T>(fixture: &str, f: impl FnOnce(&FeatureContext<'_>, &str) -> T) -> T {
        let fixture = crate::test_support::Fixture::new(fixture);
        f(&fixture.ctx(), &fixture.text)
    }

    fn show(text: &str, span: Span) -> String {
        let before = text.get(..span.start).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let col = span.start - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        format!("{line}:{col} {:?}", span.text(text))
    }

    fn spans(text: &str, spans: &[Span]) -> String {
        spans.iter().map(|s| show(text, *s) + "\n").collect()
    }

    fn check_definition(fixture: &str, expected: Expect) {
        expected.assert_eq(&with_ctx(fixture, |ctx, text| {
            spans(text, &definition(ctx))
        }));
    }

    fn check_references(fixture: &str, include: bool, expected: Expect) {
        expected.assert_eq(&with_ctx(fixture, |ctx, text| {
            spans(text, &references(ctx, include))
        }));
    }

    fn check_highlights(fixture: &str, expected: Expect) {
        expected.assert_eq(&with_ctx(fixture, |ctx, text| {
            highlights(ctx)
                .iter()
                .map(|(s, k)| format!("{} {k:?}\n", show(text, *s)))
                .collect::<String>()
        }));
    }

    fn check_prepare(fixture: &str, expected: Expect) {
        expected.assert_eq(&with_ctx(fixture, |ctx, text| match prepare_rename(ctx) {
            Ok(span) => format!("ok {}", show(text, span)),
            Err(e) => format!("refused: {e}"),
        }));
    }

    /// The text after applying the rename, or the refusal.
    fn check_rename(fixture: &str, new_name: &str, expected: Expect) {
        expected.assert_eq(&with_ctx(fixture, |ctx, text| {
            match rename(ctx, new_name) {
                Ok(mut edits) => {
                    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
                    let mut out = text.to_string();
                    for e in edits {
                        out.replace_range(e.span.start..e.span.end, &e.new_text);
                    }
                    out
                }
                Err(e) => format!("refused: {e}"),
            }
        }));
    }

    const CONFIG: &str = r#"version: 2.1
orbs:
  node: circleci/node@5.2.0
executors:
  base:
    docker:
      - image: cimg/base:current
commands:
  install:
    parameters:
      version:
        type: string
    steps:
      - run: |
          echo installing
          install "<< parameters.version >>"
jobs:
  build:
    parameters:
      version:
        type: string
        default: "1"
    executor: base
    steps:
      - install:
          version: << parameters.version >>
      - node/install-packages
  deploy:
    executor: base
    steps: &deploy_steps
      - checkout
workflows:
  main:
    jobs:
      - build:
          version: "2"
          context: org
      - "build":
          name: build-again
      - deploy:
          context: org
          requires:
            - build
            - build-again
"#;

    fn at(marker_after: &str, nth: usize) -> String {
        let mut from = 0;
        let mut i = 0;
        for _ in 0..=nth {
            i = CONFIG[from..].find(marker_after).map_or(0, |p| from + p) + marker_after.len();
            from = i;
        }
        format!("{}$0{}", &CONFIG[..i], &CONFIG[i..])
    }

    #[test]
    fn definition_of_references() {
        check_definition(
            &at("      - inst", 0),
            expect![[r#"
            9:3 "install"
        "#]],
        );
        check_definition(
            &at("executor: ba", 0),
            expect![[r#"
            5:3 "base"
        "#]],
        );
        // The parameter of the job, not the command's parameter of the same name.
        check_definition(
            &at("version: << parameters.ver", 0),
            expect![[r#"
            20:7 "version"
        "#]],
        );
        // The argument key goes to the command's parameter.
        check_definition(
            &at("          vers", 0),
            expect![[r#"
            11:7 "version"
        "#]],
        );
        check_definition(
            &at("- node/install-p", 0),
            expect![[r#"
            3:3 "node"
        "#]],
        );
        check_definition(
            &at("            - bu", 0),
            expect![[r#"
            18:3 "build"
        "#]],
        );
        check_definition(
            &at("            - build-ag", 0),
            expect![[r#"
            39:17 "build-again"
        "#]],
        );
        check_definition(
            &at("&deploy_st", 0),
            expect![[r#"
            30:13 "deploy_steps"
        "#]],
        );
        check_definition(&at("      - check", 0), expect![""]);
    }

    #[test]
    fn references_with_and_without_declaration() {
        check_references(
            &at("  bui", 0),
            true,
            expect![[r#"
            18:3 "build"
            35:9 "build"
            38:10 "build"
            43:15 "build"
        "#]],
        );
        check_references(
            &at("  bui", 0),
            false,
            expect![[r#"
            35:9 "build"
            38:10 "build"
            43:15 "build"
        "#]],
        );
        // A parameter: its uses in templates (also inside a block scalar) and the keys passing it.
        check_references(
            &at("      vers", 0),
            true,
            expect![[r#"
            11:7 "version"
            16:34 "version"
            26:11 "version"
        "#]],
        );
        check_references(
            &at("context: or", 0),
            true,
            expect![[r#"
            37:20 "org"
            41:20 "org"
        "#]],
        );
        check_references(
            &at("node/install-p", 0),
            true,
            expect![[r#"
            27:9 "node/install-packages"
        "#]],
        );
    }

    #[test]
    fn document_highlights() {
        check_highlights(
            &at("executor: ba", 1),
            expect![[r#"
            5:3 "base" Write
            23:15 "base" Read
            29:15 "base" Read
        "#]],
        );
    }

    #[test]
    fn prepare_rename_accepts_names_and_refuses_the_rest() {
        check_prepare(&at("      - inst", 0), expect![[r#"ok 25:9 "install""#]]);
        check_prepare(&at("  dep", 0), expect![[r#"ok 28:3 "deploy""#]]);
        check_prepare(
            &at("      - check", 0),
            expect!["refused: `checkout` is a built-in step; it cannot be renamed."],
        );
        check_prepare(&at("node/install-p", 0), expect!["refused: `node/install-packages` is defined by the orb `circleci/node@5.2.0`, outside this file; it cannot be renamed here."]);
        check_prepare(&at("    ste", 0), expect!["refused: `steps` is a CircleCI key; only names defined in this file can be renamed."]);
        check_prepare(&at("context: or", 0), expect!["refused: The context `org` is defined in the CircleCI organization settings; renaming it here would not rename it there."]);
        check_prepare(
            &at("  ma", 0),
            expect!["refused: Renaming workflow `main` is not supported; edit its key directly."],
        );
        check_prepare(&at("            - build-ag", 0), expect!["refused: This names a workflow job by the `name:` it runs under; edit that `name:` and its `requires` by hand."]);
    }

    #[test]
    fn rename_a_job_everywhere() {
        check_rename(
            &at("  bui", 0),
            "compile",
            expect![[r#"
            version: 2.1
            orbs:
              node: circleci/node@5.2.0
            executors:
              base:
                docker:
                  - image: cimg/base:current
            commands:
              install:
                parameters:
                  version:
                    type: string
                steps:
                  - run: |
                      echo installing
                      install "<< parameters.version >>"
            jobs:
              compile:
                parameters:
                  version:
                    type: string
                    default: "1"
                executor: base
                steps:
                  - install:
                      version: << parameters.version >>
                  - node/install-packages
              deploy:
                executor: base
                steps: &deploy_steps
                  - checkout
            workflows:
              main:
                jobs:
                  - compile:
                      version: "2"
                      context: org
                  - "compile":
                      name: build-again
                  - deploy:
                      context: org
                      requires:
                        - compile
                        - build-again
        "#]],
        );
    }

    #[test]
    fn rename_a_job_group_everywhere() {
        check_rename(
            "version: 2.1\njobs:\n  lint:\n    docker:\n      - image: cimg/base:2024.01\n    steps: [checkout]\njob-groups:\n  chec$0ks:\n    jobs: [lint]\nworkflows:\n  main:\n    jobs:\n      - checks\n      - deploy:\n          type: approval\n          requires: [checks]\n",
            "verify",
            expect![[r#"
                version: 2.1
                jobs:
                  lint:
                    docker:
                      - image: cimg/base:2024.01
                    steps: [checkout]
                job-groups:
                  verify:
                    jobs: [lint]
                workflows:
                  main:
                    jobs:
                      - verify
                      - deploy:
                          type: approval
                          requires: [verify]
            "#]],
        );
    }

    #[test]
    fn rename_a_parameter_renames_templates_and_arguments() {
        let renamed = with_ctx(&at("      vers", 0), |ctx, _| rename(ctx, "tool-version"));
        let edits = renamed.unwrap_or_default();
        assert_eq!(edits.len(), 3);
        check_rename(
            &at("      vers", 1),
            "release",
            expect![[r#"
            version: 2.1
            orbs:
              node: circleci/node@5.2.0
            executors:
              base:
                docker:
                  - image: cimg/base:current
            commands:
              install:
                parameters:
                  version:
                    type: string
                steps:
                  - run: |
                      echo installing
                      install "<< parameters.version >>"
            jobs:
              build:
                parameters:
                  release:
                    type: string
                    default: "1"
                executor: base
                steps:
                  - install:
                      version: << parameters.release >>
                  - node/install-packages
              deploy:
                executor: base
                steps: &deploy_steps
                  - checkout
            workflows:
              main:
                jobs:
                  - build:
                      release: "2"
                      context: org
                  - "build":
                      name: build-again
                  - deploy:
                      context: org
                      requires:
                        - build
                        - build-again
        "#]],
        );
    }

    #[test]
    fn rename_refuses_invalid_or_taken_names() {
        check_rename(&at("  bui", 0), "two words", expect!["refused: `two words` is not a valid job name: use letters, digits, `-` and `_`, starting with a letter."]);
        check_rename(
            &at("  bui", 0),
            "deploy",
            expect!["refused: A job named `deploy` already exists here."],
        );
        check_rename(
            &at("&deploy_st", 0),
            "a[1]",
            expect!["refused: `a[1]` is not a valid anchor name (no spaces or `,[]{}`)."],
        );
    }

    #[test]
    fn rename_anchors_and_their_aliases() {
        check_rename(
            "a: &base\n  x: 1\nb: *base\nc:\n  <<: *ba$0se\n",
            "common",
            expect![[r#"
                a: &common
                  x: 1
                b: *common
                c:
                  <<: *common
            "#]],
        );
    }

    #[test]
    fn rename_refuses_names_reached_through_templates() {
        check_prepare(
            "version: 2.1
executors:
  pg$0:
    docker:
      - image: cimg/postgres:16.0
jobs:
  test:
    parameters:
      db:
        type: string
        default: pg
    executor:
      name: << parameters.db >>
    steps: [checkout]
workflows:
  main:
    jobs: [test]
",
            expect!["refused: `pg` is also reached at line 13 by a name that is not written out (a template or escaped text); rename it by hand."],
        );
    }

    #[test]
    fn rename_inline_orb_members_pipeline_parameters_and_orbs() {
        let fixture = "version: 2.1
orbs:
  tools:
    commands:
      greet:
        steps:
          - run: echo hi
      twice:
        steps: [greet, greet]
parameters:
  deploy:
    type: boolean
    default: false
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - tools/greet
      - run: echo << pipeline.parameters.deploy >>
workflows:
  main:
    when: << pipeline.parameters.deploy >>
    jobs: [build]
";
        let cursor_after = |marker: &str| {
            let i = fixture.find(marker).map_or(0, |i| i + marker.len());
            format!("{}$0{}", &fixture[..i], &fixture[i..])
        };
        // Only the member part of `tools/greet` changes.
        check_rename(
            &cursor_after("tools/gr"),
            "hello",
            expect![[r#"
            version: 2.1
            orbs:
              tools:
                commands:
                  hello:
                    steps:
                      - run: echo hi
                  twice:
                    steps: [hello, hello]
            parameters:
              deploy:
                type: boolean
                default: false
            jobs:
              build:
                docker:
                  - image: cimg/base:current
                steps:
                  - tools/hello
                  - run: echo << pipeline.parameters.deploy >>
            workflows:
              main:
                when: << pipeline.parameters.deploy >>
                jobs: [build]
        "#]],
        );
        check_rename(
            &cursor_after("when: << pipeline.parameters.dep"),
            "release",
            expect![[r#"
            version: 2.1
            orbs:
              tools:
                commands:
                  greet:
                    steps:
                      - run: echo hi
                  twice:
                    steps: [greet, greet]
            parameters:
              release:
                type: boolean
                default: false
            jobs:
              build:
                docker:
                  - image: cimg/base:current
                steps:
                  - tools/greet
                  - run: echo << pipeline.parameters.release >>
            workflows:
              main:
                when: << pipeline.parameters.release >>
                jobs: [build]
        "#]],
        );
        check_rename(
            &cursor_after("  too"),
            "util",
            expect![[r#"
            version: 2.1
            orbs:
              util:
                commands:
                  greet:
                    steps:
                      - run: echo hi
                  twice:
                    steps: [greet, greet]
            parameters:
              deploy:
                type: boolean
                default: false
            jobs:
              build:
                docker:
                  - image: cimg/base:current
                steps:
                  - util/greet
                  - run: echo << pipeline.parameters.deploy >>
            workflows:
              main:
                when: << pipeline.parameters.deploy >>
                jobs: [build]
        "#]],
        );
    }
}
