//! `requires` cycles.

use expect_test::expect;

use super::{assert_findings, with_jobs};

#[test]
fn requires_cycle() {
    let text = with_jobs(
        "",
        &["a", "b", "c", "d"],
        "workflows:
  main:
    jobs:
      - a:
          requires: [c]
      - b:
          requires: [a]
      - c:
          requires: [b]
      - d:
          requires: [d]
  fine:
    jobs:
      - a
      - b:
          requires: [a]
      - c:
          requires: [a, b]
",
    );
    assert_findings(
        &text,
        expect![[r#"
            requires-cycle error 27:22 "c": Remove one of these requirements: the jobs require each other in a cycle (`a` → `c` → `b` → `a`), so none starts.
              related 29:22 "a": `b` requires `a`
              related 31:22 "b": `c` requires `b`
            requires-cycle error 33:22 "d": Remove one of these requirements: the jobs require each other in a cycle (`d` → `d`), so none starts.
        "#]],
    );
}
