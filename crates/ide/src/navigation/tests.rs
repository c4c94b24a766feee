//! Tests of the navigation requests over small fixtures.

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
    check_prepare(
        &at("    ste", 0),
        expect![
            "refused: `steps` is a CircleCI key; only names defined in this file can be renamed."
        ],
    );
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
