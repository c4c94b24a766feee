//! Job group rules through the whole analysis.

use std::sync::Arc;

use expect_test::{expect, Expect};

use crate::analyze;
use crate::settings::Settings;

fn check(text: &str, expect: Expect) {
    let a = analyze(Arc::from(text), &Settings::default());
    let mut out = String::new();
    for f in a
        .findings
        .iter()
        .filter(|f| f.code.contains("job") || f.code.contains("requires"))
    {
        out.push_str(&format!(
            "{} {} {:?}: {}\n",
            f.code,
            f.severity.as_str(),
            f.span.text(text),
            f.message
        ));
    }
    expect.assert_eq(&out);
}

const JOBS: &str = "version: 2.1
jobs:
  lint:
    docker:
      - image: cimg/base:2024.01
    steps: [checkout]
  test:
    docker:
      - image: cimg/base:2024.01
    steps: [checkout]
  deploy:
    docker:
      - image: cimg/base:2024.01
    steps: [checkout]
  docs:
    docker:
      - image: cimg/base:2024.01
    steps: [checkout]
";

#[test]
fn group_rules() {
    let text = format!(
        "{JOBS}job-groups:
  checks:
    jobs:
      - lint
      - test:
          serial-group: tests
  outer:
    jobs:
      - checks
  spare:
    jobs:
      - docs
workflows:
  main:
    jobs:
      - checks:
          context: [org]
          matrix:
            parameters:
              x: [1]
          flavour: fast
      - checks
      - checks:
          name: again
      - deploy:
          requires: [checks, lint]
      - outer
"
    );
    check(
        &text,
        expect![[r#"
            unused-job hint "docs": Invoke job group `spare` or remove job `docs`: only that group runs it, and no workflow invokes it.
            invalid-job-group error "serial-group": Set `serial-group` on a job the workflow invokes: job group `checks` does not support it.
            invalid-job-group error "checks": List the jobs of `checks` instead: job group `outer` cannot list another job group.
            unused-job-group hint "spare": Add job group `spare` to a workflow's `jobs` or remove it: no workflow invokes it.
            invalid-job-group error "context": Give `context` to the jobs inside the group: a job group invocation does not take it.
            invalid-job-group error "matrix": Give `matrix` to the jobs inside the group: a job group invocation does not take it.
            invalid-job-group error "flavour": Remove `flavour`: job group `checks` takes no parameters.
            invalid-job-group error "checks": Give each invocation its own `name`: job group `checks` is invoked twice here.
            invalid-job-group error "lint": Require job group `checks` instead: `lint` runs inside it.
        "#]],
    );
}
