//! Definition, references and rename of an inline orb's members and parameters, from a use
//! such as `myorb/greet` to the definition inside `orbs: myorb:`.

use expect_test::{expect, Expect};

use super::navigation::{definition, references, rename};
use crate::test_support::Fixture;
use syntax::yaml::Span;

const CONFIG: &str = r#"version: 2.1
orbs:
  myorb:
    executors:
      runner:
        parameters:
          tag:
            type: string
            default: "3.12"
        docker:
          - image: cimg/python:<< parameters.tag >>
    commands:
      greet:
        parameters:
          who:
            type: string
            default: world
        steps:
          - run: echo "hello << parameters.who >>"
    jobs:
      build:
        executor: runner
        steps:
          - greet:
              who: orb
jobs:
  local:
    executor:
      name: myorb/runner
      tag: "3.13"
    steps:
      - myorb/greet:
          who: config
      - myorb/greet
workflows:
  main:
    jobs:
      - myorb/build
      - local
"#;

/// The config with the cursor after the `nth` (0-based) occurrence of `marker`.
fn at(marker: &str, nth: usize) -> String {
    let start = CONFIG
        .match_indices(marker)
        .nth(nth)
        .map_or(0, |(i, _)| i + marker.len());
    format!("{}$0{}", &CONFIG[..start], &CONFIG[start..])
}

fn show(text: &str, spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        let before = text.get(..span.start).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        out.push_str(&format!("{line} {:?}\n", span.text(text)));
    }
    out
}

fn check_definition(fixture: &str, expected: Expect) {
    let f = Fixture::new(fixture);
    expected.assert_eq(&show(&f.text, &definition(&f.ctx())));
}

fn check_references(fixture: &str, expected: Expect) {
    let f = Fixture::new(fixture);
    expected.assert_eq(&show(&f.text, &references(&f.ctx(), true)));
}

/// The lines a rename changes, as `line: new text`.
fn check_rename(fixture: &str, new_name: &str, expected: Expect) {
    let f = Fixture::new(fixture);
    let out = match rename(&f.ctx(), new_name) {
        Ok(edits) => {
            let renamed = analysis::diagnostics::TextEdit::apply_all(&f.text, &edits);
            f.text
                .lines()
                .zip(renamed.lines())
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .map(|(i, (_, b))| format!("{}: {}\n", i + 1, b.trim()))
                .collect()
        }
        Err(e) => format!("refused: {e}"),
    };
    expected.assert_eq(&out);
}

#[test]
fn definition_of_an_inline_orb_command_job_and_executor() {
    check_definition(
        &at("- myorb/gr", 0),
        expect![[r#"
        13 "greet"
    "#]],
    );
    check_definition(
        &at("- myorb/bu", 0),
        expect![[r#"
        21 "build"
    "#]],
    );
    check_definition(
        &at("name: myorb/run", 0),
        expect![[r#"
        5 "runner"
    "#]],
    );
}

#[test]
fn definition_of_an_inline_orb_parameter_from_an_argument() {
    // From the orb's own job, and from the config's job.
    check_definition(
        &at("wh", 2),
        expect![[r#"
        15 "who"
    "#]],
    );
    check_definition(
        &at("wh", 3),
        expect![[r#"
        15 "who"
    "#]],
    );
    check_definition(
        &at("ta", 2),
        expect![[r#"
        7 "tag"
    "#]],
    );
}

#[test]
fn references_of_an_inline_orb_command() {
    check_references(
        &at("      gre", 0),
        expect![[r#"
        13 "greet"
        24 "greet"
        32 "greet"
        34 "greet"
    "#]],
    );
    check_references(
        &at("- myorb/gr", 1),
        expect![[r#"
        13 "greet"
        24 "greet"
        32 "greet"
        34 "greet"
    "#]],
    );
}

#[test]
fn rename_an_inline_orb_command_job_executor_and_parameter() {
    check_rename(
        &at("- myorb/gr", 0),
        "salute",
        expect![[r#"
        13: salute:
        24: - salute:
        32: - myorb/salute:
        34: - myorb/salute
    "#]],
    );
    check_rename(
        &at("- myorb/bu", 0),
        "compile",
        expect![[r#"
        21: compile:
        38: - myorb/compile
    "#]],
    );
    check_rename(
        &at("      runn", 0),
        "box",
        expect![[r#"
        5: box:
        22: executor: box
        29: name: myorb/box
    "#]],
    );
    check_rename(
        &at("wh", 2),
        "name",
        expect![[r#"
        15: name:
        19: - run: echo "hello << parameters.name >>"
        25: name: orb
        33: name: config
    "#]],
    );
}
