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
            unused-job hint "docs": Job `docs` is only run by job group `spare`, which no workflow invokes; invoke it or remove the job.
            invalid-job-group error "serial-group": `serial-group` is not supported inside job group `checks`; set it on a job the workflow invokes.
            invalid-job-group error "checks": Job group `outer` lists job group `checks`; groups cannot be nested, list the jobs.
            unused-job-group hint "spare": Job group `spare` is not invoked by any workflow; add it to a workflow's `jobs` or remove it.
            invalid-job-group error "context": A job group invocation does not take `context`; give it to the jobs inside the group.
            invalid-job-group error "matrix": A job group invocation does not take `matrix`; give it to the jobs inside the group.
            invalid-job-group error "flavour": Job groups take no parameters; `flavour` cannot be passed to job group `checks`.
            invalid-job-group error "checks": Job group `checks` is invoked twice in this workflow; give each invocation its own `name`.
            invalid-job-group error "lint": `lint` runs inside job group `checks`; require the group instead of a job inside it.
        "#]],
    );
}
