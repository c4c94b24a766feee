use expect_test::{expect, Expect};

use super::*;

/// Renders the tree with each node's span text, so a snapshot shows exactly what every span
/// covers.
fn dump(text: &str) -> String {
    let parsed = parse(text);
    let mut out = String::new();
    for (i, doc) in parsed.documents.iter().enumerate() {
        out.push_str(&format!("doc {i}\n"));
        if let Some(root) = &doc.root {
            dump_node(text, root, 1, &mut out);
        }
        for a in &doc.anchors {
            out.push_str(&format!(
                "  anchor {} {:?} -> {:?}\n",
                a.name,
                a.span.text(text),
                a.node_span.text(text)
            ));
        }
        for a in &doc.aliases {
            out.push_str(&format!(
                "  alias {} {:?} resolved={} in_merge={}\n",
                a.name,
                a.span.text(text),
                a.resolved,
                a.in_merge
            ));
        }
    }
    for e in &parsed.errors {
        out.push_str(&format!(
            "error {:?} at {} {:?}\n",
            e.message,
            e.span,
            e.span.text(text)
        ));
    }
    for c in &parsed.comments {
        out.push_str(&format!("comment {:?}\n", c.span.text(text)));
    }
    out
}

fn dump_node(text: &str, node: &Node, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let via = match node.via_alias {
        Some(s) => format!(" via {:?}", s.text(text)),
        None => String::new(),
    };
    match &node.kind {
        NodeKind::Scalar(s) => out.push_str(&format!(
            "{pad}{:?} {:?} {:?}{via}\n",
            s.style,
            s.value,
            node.span.text(text)
        )),
        NodeKind::Mapping(m) => {
            out.push_str(&format!(
                "{pad}map{} {:?}{via}\n",
                if m.flow { " flow" } else { "" },
                node.span.text(text)
            ));
            for e in &m.entries {
                let merged = match e.merged_from {
                    Some(s) => format!(" (merged from {:?})", s.text(text)),
                    None => String::new(),
                };
                out.push_str(&format!("{pad}- key {:?}{merged}\n", e.key.span.text(text)));
                dump_node(text, &e.value, depth + 1, out);
            }
        }
        NodeKind::Sequence(s) => {
            out.push_str(&format!(
                "{pad}seq{} {:?}{via}\n",
                if s.flow { " flow" } else { "" },
                node.span.text(text)
            ));
            for item in &s.items {
                dump_node(text, item, depth + 1, out);
            }
        }
        NodeKind::UnresolvedAlias(name) => out.push_str(&format!("{pad}unresolved {name}\n")),
    }
}

fn check(text: &str, expect: Expect) {
    expect.assert_eq(&dump(text));
}

#[test]
fn scalar_styles_have_exact_spans() {
    check(
        r#"plain: hello world
single: 'it''s'  # trailing comment
double: "a \" b"   # another
literal: |
  line one
  line two

folded: >-
  folded
  text
empty:
tagged: !!str 12
"#,
        expect![[r##"
            doc 0
              map "plain: hello world\nsingle: 'it''s'  # trailing comment\ndouble: \"a \\\" b\"   # another\nliteral: |\n  line one\n  line two\n\nfolded: >-\n  folded\n  text\nempty:\ntagged: !!str 12"
              - key "plain"
                Plain "hello world" "hello world"
              - key "single"
                SingleQuoted "it's" "'it''s'"
              - key "double"
                DoubleQuoted "a \" b" "\"a \\\" b\""
              - key "literal"
                Literal "line one\nline two\n" "|\n  line one\n  line two"
              - key "folded"
                Folded "folded text" ">-\n  folded\n  text"
              - key "empty"
                Plain "" ""
              - key "tagged"
                Plain "12" "12"
            comment "# trailing comment"
            comment "# another"
        "##]],
    );
}

#[test]
fn non_ascii_and_crlf_spans_are_bytes() {
    let text = "名前: \"日本語\"\r\nemoji: 🚀 go\r\nkey: ü\r\n";
    let parsed = parse(text);
    let root = parsed.root().expect("root");
    let m = root.as_mapping().expect("mapping");
    let spans: Vec<(&str, &str)> = m
        .entries
        .iter()
        .map(|e| (e.key.span.text(text), e.value.span.text(text)))
        .collect();
    assert_eq!(
        spans,
        vec![("名前", "\"日本語\""), ("emoji", "🚀 go"), ("key", "ü")]
    );
}

#[test]
fn anchors_aliases_and_merges_resolve() {
    check(
        r#"defaults: &defaults
  docker:
    - image: cimg/base:2024.01
      auth: &auth {username: u, password: $P}
  working_directory: ~/repo
jobs:
  a:
    <<: *defaults
    working_directory: ~/a
  b:
    <<: [*defaults, {shell: bash}]
    steps: [checkout]
  c:
    docker:
      - image: redis
        auth: *auth
"#,
        expect![[r#"
            doc 0
              map "defaults: &defaults\n  docker:\n    - image: cimg/base:2024.01\n      auth: &auth {username: u, password: $P}\n  working_directory: ~/repo\njobs:\n  a:\n    <<: *defaults\n    working_directory: ~/a\n  b:\n    <<: [*defaults, {shell: bash}]\n    steps: [checkout]\n  c:\n    docker:\n      - image: redis\n        auth: *auth"
              - key "defaults"
                map "docker:\n    - image: cimg/base:2024.01\n      auth: &auth {username: u, password: $P}\n  working_directory: ~/repo"
                - key "docker"
                  seq "- image: cimg/base:2024.01\n      auth: &auth {username: u, password: $P}"
                    map "image: cimg/base:2024.01\n      auth: &auth {username: u, password: $P}"
                    - key "image"
                      Plain "cimg/base:2024.01" "cimg/base:2024.01"
                    - key "auth"
                      map flow "{username: u, password: $P}"
                      - key "username"
                        Plain "u" "u"
                      - key "password"
                        Plain "$P" "$P"
                - key "working_directory"
                  Plain "~/repo" "~/repo"
              - key "jobs"
                map "a:\n    <<: *defaults\n    working_directory: ~/a\n  b:\n    <<: [*defaults, {shell: bash}]\n    steps: [checkout]\n  c:\n    docker:\n      - image: redis\n        auth: *auth"
                - key "a"
                  map "<<: *defaults\n    working_directory: ~/a"
                  - key "working_directory"
                    Plain "~/a" "~/a"
                  - key "docker" (merged from "*defaults")
                    seq "- image: cimg/base:2024.01\n      auth: &auth {username: u, password: $P}" via "*defaults"
                      map "image: cimg/base:2024.01\n      auth: &auth {username: u, password: $P}" via "*defaults"
                      - key "image"
                        Plain "cimg/base:2024.01" "cimg/base:2024.01" via "*defaults"
                      - key "auth"
                        map flow "{username: u, password: $P}" via "*defaults"
                        - key "username"
                          Plain "u" "u" via "*defaults"
                        - key "password"
                          Plain "$P" "$P" via "*defaults"
                - key "b"
                  map "<<: [*defaults, {shell: bash}]\n    steps: [checkout]"
                  - key "steps"
                    seq flow "[checkout]"
                      Plain "checkout" "checkout"
                  - key "docker" (merged from "*defaults")
                    seq "- image: cimg/base:2024.01\n      auth: &auth {username: u, password: $P}" via "*defaults"
                      map "image: cimg/base:2024.01\n      auth: &auth {username: u, password: $P}" via "*defaults"
                      - key "image"
                        Plain "cimg/base:2024.01" "cimg/base:2024.01" via "*defaults"
                      - key "auth"
                        map flow "{username: u, password: $P}" via "*defaults"
                        - key "username"
                          Plain "u" "u" via "*defaults"
                        - key "password"
                          Plain "$P" "$P" via "*defaults"
                  - key "working_directory" (merged from "*defaults")
                    Plain "~/repo" "~/repo" via "*defaults"
                  - key "shell" (merged from "{shell: bash}")
                    Plain "bash" "bash"
                - key "c"
                  map "docker:\n      - image: redis\n        auth: *auth"
                  - key "docker"
                    seq "- image: redis\n        auth: *auth"
                      map "image: redis\n        auth: *auth"
                      - key "image"
                        Plain "redis" "redis"
                      - key "auth"
                        map flow "{username: u, password: $P}" via "*auth"
                        - key "username"
                          Plain "u" "u" via "*auth"
                        - key "password"
                          Plain "$P" "$P" via "*auth"
              anchor auth "&auth" -> "{username: u, password: $P}"
              anchor defaults "&defaults" -> "docker:\n    - image: cimg/base:2024.01\n      auth: &auth {username: u, password: $P}\n  working_directory: ~/repo"
              alias defaults "*defaults" resolved=true in_merge=true
              alias defaults "*defaults" resolved=true in_merge=true
              alias auth "*auth" resolved=true in_merge=false
        "#]],
    );
}

#[test]
fn syntax_error_keeps_partial_tree() {
    check(
        "jobs:\n  build:\n    docker:\n      - image: foo\n        au\n    steps: [\n",
        expect![[r#"
            doc 0
              map "jobs:\n  build:\n    docker:\n      - image: foo"
              - key "jobs"
                map "build:\n    docker:\n      - image: foo"
                - key "build"
                  map "docker:\n      - image: foo"
                  - key "docker"
                    seq "- image: foo"
                      map "image: foo"
                      - key "image"
                        Plain "foo" "foo"
            error "Expected `:` after `au`; a mapping key needs a colon (`au:`)." at 54..56 "au"
        "#]],
    );
}

#[test]
fn multiple_documents() {
    check(
        "a: 1\n---\nb: &x [1]\nc: *x\n...\n",
        expect![[r#"
            doc 0
              map "a: 1"
              - key "a"
                Plain "1" "1"
            doc 1
              map "b: &x [1]\nc: *x"
              - key "b"
                seq flow "[1]"
                  Plain "1" "1"
              - key "c"
                seq flow "[1]" via "*x"
                  Plain "1" "1" via "*x"
              anchor x "&x" -> "[1]"
              alias x "*x" resolved=true in_merge=false
        "#]],
    );
}

#[test]
fn undefined_alias_is_an_error() {
    check(
        "a: *nope\n",
        expect![[r#"
        doc 0
          map "a"
          - key "a"
            Plain "" ""
        error "No anchor `&nope` is defined before this alias; define it earlier in the file or fix the name." at 3..8 "*nope"
    "#]],
    );
}

/// A regression: the span of `**é` ended inside the `é`.
#[test]
fn undefined_alias_after_two_stars_ends_on_a_character_boundary() {
    let text = "**\u{e9}\t";
    let parsed = crate::yaml::parse(text);
    let spans: Vec<&str> = parsed.errors.iter().map(|e| e.span.text(text)).collect();
    assert_eq!(spans, ["**\u{e9}"]);
}

#[test]
fn block_scalar_headers() {
    check(
        "- |+ # keep\n\n  kept\n\n- >2\n   indented\n- |\n- last\n",
        expect![[r#"
            doc 0
              seq "- |+ # keep\n\n  kept\n\n- >2\n   indented\n- |\n- last"
                Literal "\nkept\n\n" "|+ # keep\n\n  kept"
                Folded " indented\n" ">2\n   indented"
                Literal "" "|"
                Plain "last" "last"
        "#]],
    );
}

#[test]
fn comments_are_not_found_in_strings() {
    check(
        "a: \"x # not\" # yes\nb: |\n  # not a comment\n# top\nc: d#e\n",
        expect![[r##"
            doc 0
              map "a: \"x # not\" # yes\nb: |\n  # not a comment\n# top\nc: d#e"
              - key "a"
                DoubleQuoted "x # not" "\"x # not\""
              - key "b"
                Literal "# not a comment\n" "|\n  # not a comment"
              - key "c"
                Plain "d#e" "d#e"
            comment "# yes"
            comment "# top"
        "##]],
    );
}

#[test]
fn alias_bomb_is_cut_off() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    let parsed = parse(&text);
    let doc = parsed.documents.first().expect("document");
    assert!(
        doc.aliases.iter().any(|a| !a.resolved),
        "expansion must stop somewhere"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = "[".repeat(10_000);
    let parsed = parse(&text);
    assert!(!parsed.errors.is_empty());
}

#[test]
fn under_indented_flow_lines_are_forgiven_like_libyaml() {
    let text = "matrix:\n  tox_env: [\n    \"lint\",\n    \"core\"\n  ]\n  name: \"x\"\nnext: 1\n";
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let root = parsed.root().expect("root");
    let env = root
        .get("matrix")
        .and_then(|m| m.get("tox_env"))
        .expect("tox_env");
    assert_eq!(env.span.text(text), "[\n    \"lint\",\n    \"core\"\n  ]");
    let next = root
        .as_mapping()
        .and_then(|m| m.entry("next"))
        .expect("next");
    assert_eq!(next.key.span.text(text), "next");
    assert_eq!(next.value.span.text(text), "1");
}

#[test]
fn node_sizes_stay_small() {
    // The tree of a 20,000-line config must fit the memory target; these are its building blocks.
    assert!(
        std::mem::size_of::<Node>() <= 104,
        "Node grew to {} bytes",
        std::mem::size_of::<Node>()
    );
    assert!(
        std::mem::size_of::<Entry>() <= 232,
        "Entry grew to {} bytes",
        std::mem::size_of::<Entry>()
    );
}

#[test]
fn byte_order_mark_and_tabs_keep_exact_spans() {
    let text = "\u{FEFF}version: 2.1\njobs:\n  a: x\t# a tab before the comment\nb: [\n";
    let parsed = parse(text);
    let root = parsed.root().expect("root");
    let version = root
        .as_mapping()
        .and_then(|m| m.entry("version"))
        .expect("version");
    assert_eq!(version.key.span.text(text), "version");
    let a = root.get("jobs").and_then(|j| j.get("a")).expect("a");
    assert_eq!(a.span.text(text), "x");
    assert_eq!(parsed.errors.first().map(|e| e.span.text(text)), Some("["));
}

#[test]
fn unclosed_flow_collection_before_more_config_points_at_the_opener() {
    let text = "jobs:\n  build:\n    docker: [\n    steps: []\nworkflows:\n  main: {}\n";
    let parsed = parse(text);
    let err = parsed.errors.first().expect("error");
    assert_eq!(err.span.text(text), "[");
    assert_eq!(
        err.message,
        "This `[` is not closed before line 4; add `]`."
    );
    // Line numbers in messages count CR-only and CRLF line ends too.
    for eol in ["\r", "\r\n"] {
        let text = text.replace('\n', eol);
        let parsed = parse(&text);
        assert_eq!(
            parsed.errors.first().map(|e| e.message.as_str()),
            Some("This `[` is not closed before line 4; add `]`."),
            "{text:?}"
        );
    }
}

#[test]
fn verbatim_scalars_share_the_text() {
    let text: std::sync::Arc<str> =
        std::sync::Arc::from("a: b\nc: 'd'\ne: \"f\\tg\"\nh: |\n  one\n  two\ni: >-\n  x\n  y\n");
    let parsed = parse_shared(&text);
    let root = parsed.root().expect("root");
    let values: Vec<&str> = ["a", "c", "e", "h", "i"]
        .iter()
        .filter_map(|k| root.get(k).and_then(Node::as_str))
        .collect();
    assert_eq!(values, ["b", "d", "f\tg", "one\ntwo\n", "x y"]);
    // Keys a, c, e, h, i and values b and d point into the text; the escaped, block and
    // folded values have their own.
    assert_eq!(std::sync::Arc::strong_count(&text), 1 + 7);
    drop(parsed);
    assert_eq!(std::sync::Arc::strong_count(&text), 1);
}

#[test]
fn a_large_merge_keeps_written_keys_and_the_first_source() {
    // More keys than the short list holds: the merge uses a hash set.
    let keys: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
    let first: String = keys.iter().map(|k| format!("  {k}: first\n")).collect();
    let second: String = keys.iter().map(|k| format!("  {k}: second\n")).collect();
    let text = format!(
        "one: &one\n{first}two: &two\n{second}job:\n  k3: written\n  <<: [*one, *two]\n  extra: x\n"
    );
    let parsed = parse(&text);
    let job = parsed
        .root()
        .and_then(|r| r.get("job"))
        .and_then(Node::as_mapping)
        .expect("job");
    let written: Vec<&str> = job.own_entries().filter_map(|e| e.key.as_str()).collect();
    assert_eq!(written, ["k3", "extra"]);
    assert_eq!(job.entries.len(), 41);
    assert_eq!(job.get("k3").and_then(Node::as_str), Some("written"));
    assert_eq!(job.get("k4").and_then(Node::as_str), Some("first"));
    let merged: Vec<&str> = job
        .entries
        .iter()
        .skip(2)
        .filter_map(|e| e.key.as_str())
        .collect();
    let expected: Vec<&str> = keys
        .iter()
        .map(String::as_str)
        .filter(|k| *k != "k3")
        .collect();
    assert_eq!(
        merged, expected,
        "merged keys keep the first source's order"
    );
}
