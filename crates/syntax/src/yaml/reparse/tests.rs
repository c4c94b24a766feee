//! An incremental parse equals the full parse of the new text, for edits of configs that
//! hold what makes YAML context-sensitive: anchors and aliases across entries, merges, block
//! and multi-line scalars, flow collections, comments at every indentation, tags, CR and CRLF
//! line ends, non-ASCII text. The incremental path must also be taken where it should, or the
//! equality would hold only because every edit fell back to the full parse.

use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::yaml::parse_shared;

const CONFIG: &str = r#"version: 2.1

x-auth: &auth
  username: $USER
  password: $PASS  # from a context

defaults: &defaults
  working_directory: ~/repo
  environment:
    TZ: "UTC"

executors:
  base:
    docker:
      - image: cimg/base:2024.01
        auth: *auth

commands:
  install:
    parameters:
      key: {type: string, default: v1}
    steps:
      - run: |
          npm ci # not a comment
          echo "<< parameters.key >>"

jobs:
  build:
    <<: *defaults
    executor: base
    steps:
      - checkout
      - install:
          key: v2
      - run:
          name: Test
          command: >-
            npm test
            --shard=1

# Between jobs, at the left edge.
  test:
    docker: [{image: "cimg/node:20.1", auth: *auth}]
    parallelism: 4
    steps:
      - run: 'echo ''quoted'' and # kept'
      - run: "multi
          line"
  deploy:
    machine: true
    tags: !!set {a, b}
    steps: [checkout, {run: echo é}]

workflows:
  main:
    jobs:
      - build
      - test:
          requires: [build]
      - deploy:
          requires:
            - test
"#;

/// Smaller configs for the corners: keep-chomping block scalars at the end of an entry,
/// multi-line flow collections, duplicate keys, an anchor used after the region.
const CORNERS: &str = "a:\n  k: |+\n    kept\n\n  j: [1,\n    2]\n  j: again\n  q: &late 1\nb:\n  c: *late\n  d: {e: f,\n   g: h}\n";

const DOCUMENTS: &str = "a: 1\n---\nb:\n  c: 2\n";

/// Directives, explicit and anchored keys, tags on mappings, compact sequences, a merge of a
/// list, an empty value, a document end.
const ODD: &str = "%YAML 1.2\n---\ntop: &t\n  k: v\n? complex\n: value\n&ka anchored_key: 1\ntagged: !!map\n  x: 1\nlist:\n- a\n- b: c\n  d: e\n-   - nested\nstr: !!str 1\nmerge:\n  <<: [*t]\n  k: w\n  ? x\n  y: *t\nempty:\nlast: |-\n  text\n\n...\n";

fn configs() -> Vec<String> {
    let crlf = CONFIG.replace('\n', "\r\n");
    let cr = CONFIG.replace('\n', "\r");
    vec![
        CONFIG.to_string(),
        crlf,
        cr,
        CORNERS.to_string(),
        DOCUMENTS.to_string(),
        ODD.to_string(),
    ]
}

/// Reparses `new` after `old` and checks it against the full parse; also checks that the
/// new tree holds nothing of the old text.
fn check(old_text: &str, new_text: &str) -> ParsedYaml {
    let old_arc: Arc<str> = Arc::from(old_text);
    let old = parse_shared(&old_arc);
    check_from(&old_arc, &old, &Arc::from(new_text))
}

fn check_from(old_arc: &Arc<str>, old: &ParsedYaml, new_arc: &Arc<str>) -> ParsedYaml {
    let held = Arc::strong_count(old_arc);
    let reparsed = reparse(old_arc, old, new_arc);
    let full = parse_shared(new_arc);
    assert_same(&reparsed, &full, old_arc, new_arc);
    assert_eq!(
        Arc::strong_count(old_arc),
        held,
        "the new tree refers to the old text"
    );
    // The same edit applied to a tree given up moves its nodes in place, with the same result.
    if let Some(plan) = Reparse::plan(old_arc, old, new_arc) {
        let moved = plan
            .apply_owned(old.clone())
            .expect("the planned tree takes the region");
        assert_same(&moved, &full, old_arc, new_arc);
        assert_eq!(
            Arc::strong_count(old_arc),
            held,
            "the tree moved in place refers to the old text"
        );
    }
    reparsed
}

/// Fails with the first lines where the two trees' dumps differ.
fn assert_same(reparsed: &ParsedYaml, full: &ParsedYaml, old: &str, new: &str) {
    if reparsed == full {
        return;
    }
    let (a, b) = (format!("{reparsed:#?}"), format!("{full:#?}"));
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let from = at.saturating_sub(12);
    panic!(
        "after editing {old:?}\ninto {new:?}\nincremental:\n{}\nfull:\n{}",
        a[from..(at + 6).min(a.len())].join("\n"),
        b[from..(at + 6).min(b.len())].join("\n")
    );
}

/// Whether the edit is parsed incrementally (and then correctly).
fn reused(old_text: &str, new_text: &str) -> bool {
    let old_arc: Arc<str> = Arc::from(old_text);
    let new_arc: Arc<str> = Arc::from(new_text);
    let old = parse_shared(&old_arc);
    let found = Reparse::plan(&old_arc, &old, &new_arc).and_then(|r| r.apply(&old));
    if let Some(tree) = &found {
        assert_same(tree, &parse_shared(&new_arc), old_text, new_text);
    }
    found.is_some()
}

fn edited(text: &str, at: &str, insert: &str) -> String {
    let offset = text.find(at).unwrap() + at.len();
    let mut out = text.to_string();
    out.insert_str(offset, insert);
    out
}

#[test]
fn typing_inside_one_entry_reuses_the_rest() {
    for config in configs().iter().take(3) {
        for (at, insert) in [
            ("npm test", "x"),
            ("parallelism: 4", "2"),
            ("echo é", "!"),
            ("name: Test", " shard"),
            ("requires: [build", ", deploy"),
            ("machine: true", "\n    resource_class: large"),
            ("auth: *auth", "\n        name: x"),
            // A merge key changes the mapping it is written in: the job is parsed again.
            ("machine: true", "\n    <<: *defaults"),
        ] {
            let new = edited(config, at, insert);
            assert!(reused(config, &new), "{at:?} + {insert:?} in {config:?}");
        }
    }
}

#[test]
fn edits_the_region_cannot_hold_parse_the_whole_text() {
    for (at, insert) in [
        // A new anchor would change what later aliases copy.
        ("parallelism: 4", "\n    x: &new 1"),
        // A syntax error is worded by the full parse.
        ("npm test", "\n  ]"),
        // Inside an anchored node.
        ("TZ: \"UTC\"", "x"),
    ] {
        let new = edited(CONFIG, at, insert);
        assert!(!reused(CONFIG, &new), "{at:?} + {insert:?}");
        check(CONFIG, &new);
    }
}

#[test]
fn aliases_in_the_region_copy_the_anchors_before_it() {
    let new = edited(CONFIG, "parallelism: 4", "\n    environment: *defaults");
    assert!(reused(CONFIG, &new));
    let tree = check(CONFIG, &new);
    let aliases: Vec<&str> = tree.documents[0]
        .aliases
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(aliases, ["auth", "defaults", "auth", "defaults"]);
}

#[test]
fn an_unknown_alias_in_the_region_is_the_full_parse_error() {
    let new = edited(CONFIG, "parallelism: 4", "\n    x: *nowhere");
    assert!(!reused(CONFIG, &new));
    let tree = check(CONFIG, &new);
    assert_eq!(tree.errors.len(), 1);
}

#[test]
fn successive_edits_reuse_the_reused_tree() {
    let mut text = CONFIG.to_string();
    let mut arc: Arc<str> = Arc::from(text.as_str());
    let mut tree = parse_shared(&arc);
    for c in "xyz --watch".chars() {
        let offset = text.find("npm test").unwrap() + "npm test".len();
        text.insert(offset, c);
        let next: Arc<str> = Arc::from(text.as_str());
        assert!(Reparse::plan(&arc, &tree, &next).is_some());
        tree = check_from(&arc, &tree, &next);
        arc = next;
    }
}

#[test]
fn edits_at_region_boundaries() {
    for config in configs() {
        for at in [
            "jobs:\n",
            "  test:",
            "workflows:",
            "\n# Between",
            "a:\n",
            "b:\n",
        ] {
            for insert in ["", "x", "\n", "  y: 1\n", "z: 2\n", "# c\n", " ", "\r\n"] {
                if let Some(offset) = config.find(at) {
                    for o in [offset, offset + at.len()] {
                        let mut new = config.clone();
                        new.insert_str(o, insert);
                        check(&config, &new);
                        let mut shorter = config.clone();
                        shorter.replace_range(o..(o + 1).min(config.len()), insert);
                        check(&config, &shorter);
                    }
                }
            }
        }
    }
}

/// Pieces an edit inserts: the characters that change how YAML reads a line.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "x",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        ":",
        ": ",
        "- ",
        "#",
        " # c",
        "&a ",
        "*auth",
        "*defaults",
        "'",
        "\"",
        "[",
        "]",
        "{",
        "}",
        ",",
        "|",
        ">",
        "\t",
        "<<: *defaults\n",
        "é",
        "\n    k: v",
        "\n  new:\n    k: v",
        "---\n",
        "? ",
        "!!str ",
        "%",
        "\u{feff}",
    ])
}

/// An edit: where (a fraction of the text), how many characters it removes, what it inserts.
fn edit() -> impl Strategy<Value = (f64, usize, Vec<&'static str>)> {
    (0.0..1.0f64, 0..6usize, prop::collection::vec(piece(), 0..3))
}

fn apply(text: &str, (at, remove, insert): &(f64, usize, Vec<&'static str>)) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let i = ((chars.len() as f64) * at) as usize;
    let start = chars.get(i).map_or(text.len(), |c| c.0);
    let end = chars.get(i + remove).map_or(text.len(), |c| c.0);
    let mut out = text.to_string();
    out.replace_range(start..end, &insert.concat());
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_full(
        which in 0..6usize,
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let mut text = configs().swap_remove(which);
        let mut arc: Arc<str> = Arc::from(text.as_str());
        let mut tree = parse_shared(&arc);
        for e in &edits {
            text = apply(&text, e);
            let next: Arc<str> = Arc::from(text.as_str());
            tree = check_from(&arc, &tree, &next);
            arc = next;
        }
    }
}

#[test]
fn the_changed_range_is_the_smallest() {
    let edit = |a: &str, b: &str| {
        let e = Edit::between(a, b);
        (e.start, e.old_end, e.new_end)
    };
    assert_eq!(edit("abc", "abc"), (3, 3, 3));
    assert_eq!(edit("abc", "abXc"), (2, 2, 3));
    assert_eq!(edit("aaa", "aa"), (2, 3, 2));
    assert_eq!(edit("", "x"), (0, 0, 1));
    let long = "y".repeat(1000);
    assert_eq!(
        edit(&format!("{long}a{long}"), &format!("{long}bb{long}")),
        (1000, 1001, 1002)
    );
}
