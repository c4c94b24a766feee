//! Navigation across the files of one config: fragments merged by a setup config's script,
//! and a packed config tree. Definition, references, rename and highlights run on the
//! config the files form and answer in whichever file a name is written.

use analysis::orb_source::SourceSpan;

use crate::orb_source::{Located, Scope};
use crate::test_support::Files;
use crate::FeatureContext;

/// A setup config merging three fragments; a test adds `$0` to one of them.
const SETUP: &str = r#"
//- /repo/.circleci/config.yml
version: 2.1
setup: true
orbs:
  continuation: circleci/continuation@2.0.1
jobs:
  merge:
    executor: continuation/default
    steps:
      - checkout
      - run: yq eval-all '. as $i ireduce ({}; . * $i)' .circleci/base.yml .circleci/workflows/*.yml > /tmp/merged.yml
      - continuation/continue:
          configuration_path: /tmp/merged.yml
workflows:
  setup:
    jobs: [merge]
"#;

const BASE: &str = "version: 2.1\nexecutors:\n  linux:\n    docker:\n      - image: cimg/base:2024.01\njobs:\n  lint:\n    executor: linux\n    steps: [checkout]\n";
const MAIN: &str =
    "workflows:\n  main:\n    jobs:\n      - lint\n      - test:\n          requires: [lint]\n";
const TEST: &str = "jobs:\n  test:\n    executor: linux\n    steps: [checkout]\n";

/// The project with `$0` placed in the file whose name `with_cursor` gives, as an open
/// buffer holding `text`.
fn project(with_cursor: &str, text: &str) -> Files {
    let mut fixture = SETUP.to_string();
    for (name, body) in [
        ("base.yml", BASE),
        ("workflows/main.yml", MAIN),
        ("workflows/test.yml", TEST),
    ] {
        let (body, layer) = if name == with_cursor {
            (text, " open")
        } else {
            (body, "")
        };
        fixture.push_str(&format!("//- /repo/.circleci/{name}{layer}\n{body}"));
    }
    Files::new(&fixture)
}

fn on_config<T>(files: &Files, f: impl Fn(&Located<'_>) -> T) -> T {
    let ctx = FeatureContext {
        analysis: &files.analysis,
        last_good: None,
        offset: files.offset,
    };
    f(&Located::new(&ctx, Scope::Orb))
}

/// A span as `here "text"` or `path "text"`.
fn shown(files: &Files, target: SourceSpan<'_>) -> String {
    match target {
        SourceSpan::Here(span) => format!("here {:?}", span.text(&files.text)),
        SourceSpan::Other { file, span } => {
            let name = file.path.as_str().trim_start_matches("/repo/.circleci/");
            format!("{name} {:?}", span.text(&file.text))
        }
    }
}

#[test]
fn definition_goes_to_the_fragment_that_defines_the_name() {
    let files = project("workflows/main.yml", &MAIN.replace("- test:", "- te$0st:"));
    let targets = on_config(&files, |at| {
        crate::navigation::definition(&at.ctx)
            .into_iter()
            .filter_map(|s| at.locate(s))
            .map(|t| shown(&files, t))
            .collect::<Vec<_>>()
    });
    assert_eq!(targets, ["workflows/test.yml \"test\""]);
    assert!(
        files.analysis.findings.is_empty(),
        "{:?}",
        files.analysis.findings
    );

    let files = project(
        "workflows/test.yml",
        &TEST.replace("executor: linux", "executor: li$0nux"),
    );
    let targets = on_config(&files, |at| {
        crate::navigation::definition(&at.ctx)
            .into_iter()
            .filter_map(|s| at.locate(s))
            .map(|t| shown(&files, t))
            .collect::<Vec<_>>()
    });
    assert_eq!(targets, ["base.yml \"linux\""]);
}

#[test]
fn references_and_rename_cover_every_fragment() {
    let files = project("base.yml", &BASE.replace("  lint:", "  li$0nt:"));
    let mut refs = on_config(&files, |at| {
        crate::navigation::references(&at.ctx, true)
            .into_iter()
            .filter_map(|s| at.locate(s))
            .map(|t| shown(&files, t))
            .collect::<Vec<_>>()
    });
    refs.sort();
    assert_eq!(
        refs,
        [
            "here \"lint\"",
            "workflows/main.yml \"lint\"",
            "workflows/main.yml \"lint\""
        ]
    );
    let edits = on_config(&files, |at| {
        at.rename("check")
            .map(|edits| {
                let mut shown: Vec<String> = edits
                    .into_iter()
                    .map(|e| format!("{} -> {}", shown(&files, e.at), e.new_text))
                    .collect();
                shown.sort();
                shown
            })
            .unwrap_or_else(|e| vec![e])
    });
    assert_eq!(
        edits,
        [
            "here \"lint\" -> check",
            "workflows/main.yml \"lint\" -> check",
            "workflows/main.yml \"lint\" -> check"
        ]
    );
    // Highlights are of this document only.
    let here = on_config(&files, |at| {
        crate::navigation::highlights(&at.ctx)
            .into_iter()
            .filter_map(|(s, _)| at.here(s))
            .map(|s| s.text(&files.text).to_string())
            .collect::<Vec<_>>()
    });
    assert_eq!(here, ["lint"]);
}

#[test]
fn completion_offers_names_of_other_fragments() {
    let files = project(
        "workflows/main.yml",
        "workflows:\n  main:\n    jobs:\n      - $0\n",
    );
    let labels = on_config(&files, |at| {
        crate::completion::complete(&at.ctx)
            .into_iter()
            .map(|i| i.label)
            .collect::<Vec<_>>()
    });
    assert!(labels.iter().any(|l| l == "lint"), "{labels:?}");
    assert!(labels.iter().any(|l| l == "test"), "{labels:?}");
}

const TREE: &str = r#"
//- /repo/.circleci/src/@config.yml
version: 2.1
//- /repo/.circleci/src/commands/greet.yml
parameters:
  to:
    type: string
    default: world
steps:
  - run: echo << parameters.to >>
//- /repo/.circleci/src/workflows/main.yml
jobs:
  - build
"#;

#[test]
fn in_a_packed_tree_a_file_named_for_a_member_stands_for_it() {
    let files = Files::new(&format!(
        "{TREE}//- /repo/.circleci/src/jobs/build.yml open\ndocker:\n  - image: cimg/base:2024.01\nsteps:\n  - gre$0et:\n      to: you\n"
    ));
    let targets = on_config(&files, |at| {
        crate::navigation::definition(&at.ctx)
            .into_iter()
            .filter_map(|s| at.locate(s))
            .map(|t| shown(&files, t))
            .collect::<Vec<_>>()
    });
    assert_eq!(targets, ["src/commands/greet.yml \"\""]);
    // A member named by its file is renamed by renaming the file.
    let refused = on_config(&files, |at| at.prepare_rename());
    assert!(refused.is_err(), "{refused:?}");
}
