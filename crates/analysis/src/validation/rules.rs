//! The structural rules and their documentation.

use crate::diagnostics::{FixSafety, Rule, Severity};

pub const UNKNOWN_KEY: Rule = Rule {
    code: "unknown-key",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A key CircleCI does not accept in this place.",
    explanation: "CircleCI rejects a 2.1 config with keys it does not know in jobs, executors, commands, Docker images, workflows and parameter declarations (\"extraneous key is not permitted\"); a 2.0 config still runs, so there they are warnings. The key is usually misspelt or indented under the wrong parent. When a known key is a close match, a quick fix renames it. Where CircleCI's own schema leaves a mapping open, unknown keys are warnings: CircleCI runs such configs, but the key does nothing. That holds for the settings of built-in steps, filters, workflows (a `description:` is common), matrices, conditional steps, schedules and jobs of a type other than `build`. At the top level any key is allowed (configs keep YAML anchors under keys such as `references:`), so there only near misses of real keys are reported, as warnings.",
    bad: "version: 2.1\njobs:\n  build:\n    dokcer:\n      - image: cimg/base:current\n    steps:\n      - checkout\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n",
};

pub const INVALID_TYPE: Rule = Rule {
    code: "invalid-type",
    fix: FixSafety::None,
    default_severity: Severity::Error,
    summary: "A value has the wrong kind: a string where a list is expected, a mapping where a number is expected, and so on.",
    explanation: "Each key takes a certain kind of value: `docker` takes a list of images, `parallelism` an integer, `background` a boolean. A step or a workflow job entry is a mapping with a single key, so a second key next to it usually means a setting lost its indentation. Values that are `<< parameters.x >>` or `<< pipeline.parameters.x >>` templates are only known when CircleCI compiles the config and are never reported.",
    bad: "version: 2.1\njobs:\n  build:\n    docker:\n      image: cimg/base:current\n    parallelism: two\n    steps:\n      - checkout\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    parallelism: 2\n    steps:\n      - checkout\n",
};

pub const INVALID_VALUE: Rule = Rule {
    code: "invalid-value",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A value is outside the set or shape the key allows.",
    explanation: "Some keys take a fixed set of words (`when: always | on_success | on_fail`, a parameter's `type`, `version`), an orb reference (`namespace/orb@version`), a number in a range (`max_auto_reruns` from 1 to 5) or a string of a certain shape (durations such as `20m`, a five-field `cron`). A near miss gets a quick fix. An unknown `resource_class` is a warning only, because CircleCI adds classes over time and self-hosted runners use `namespace/name`. An Xcode version of a macOS executor that CircleCI's images do not have is a warning too (versions newer than the compiled-in list are accepted). A Docker image digest must be `algorithm:hex`, with 64 hex digits for `sha256`.",
    bad: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - run:\n          command: make test\n          when: allways\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - run:\n          command: make test\n          when: always\n",
};

pub const MISSING_KEY: Rule = Rule {
    code: "missing-key",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A required key is missing.",
    explanation: "Some settings cannot work without certain keys: a job needs `steps` and an execution environment (`docker`, `machine`, `macos` or `executor`), a Docker image entry needs `image`, a `run` step needs its `command`, `save_cache` needs `key` and `paths`, a parameter declaration needs `type`. Jobs of type `approval` and `no-op` need neither steps nor an executor.",
    bad: "version: 2.1\njobs:\n  build:\n    steps:\n      - checkout\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n",
};

pub const DUPLICATE_KEY: Rule = Rule {
    code: "duplicate-key",
    fix: FixSafety::None,
    default_severity: Severity::Error,
    summary: "The same key is written twice in one mapping.",
    explanation: "YAML allows a key only once per mapping, and CircleCI refuses such a config (\"found duplicate key\"); parsers that accept it keep only one of the values. Merge the two entries or delete one. Keys brought in with a `<<: *anchor` merge may be overridden and are not reported.",
    bad: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n    steps:\n      - run: make\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n      - run: make\n",
};

pub const DEPRECATED: Rule = Rule {
    code: "deprecated",
    fix: FixSafety::Safe,
    default_severity: Severity::Warning,
    summary: "A setting CircleCI has deprecated.",
    explanation: "The configuration reference marks these as deprecated: `machine: true` on CircleCI cloud (choose an `image`; self-hosted runners are exempt), legacy `circleci/` convenience images (use `cimg/`), the `deploy` step (use `run`), job-level `branches` (use workflow `filters`), retired resource classes, legacy `setup_remote_docker` options, and scheduled workflows (`triggers: schedule`, reported as information). In a 2.1 config `workflows: version` is no longer needed (a hint).",
    bad: "version: 2.1\njobs:\n  build:\n    machine: true\n    steps:\n      - deploy:\n          command: ./deploy.sh\n",
    good: "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps:\n      - run:\n          command: ./deploy.sh\n",
};

pub const CONFLICTING_KEYS: Rule = Rule {
    code: "conflicting-keys",
    fix: FixSafety::None,
    default_severity: Severity::Error,
    summary: "Keys that exclude each other are written together.",
    explanation: "A job or executor runs in exactly one execution environment, so only one of `docker`, `machine`, `macos` and `executor` may be set. A workflow takes either `when` or `unless`, not both.",
    bad: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    machine:\n      image: ubuntu-2404:current\n    steps:\n      - checkout\n",
    good: "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps:\n      - checkout\n",
};

pub const UNSUPPORTED_IN_VERSION: Rule = Rule {
    code: "unsupported-in-version",
    fix: FixSafety::None,
    default_severity: Severity::Error,
    summary: "A 2.1 feature is used in a `version: 2` config.",
    explanation: "Orbs, commands, executors, parameters, conditional steps and workflows, matrix jobs, `pre-steps`/`post-steps` and the other reusable-configuration keys need `version: 2.1`. Change the top-level `version` to `2.1`; existing 2.0 configs keep working under 2.1 (their `workflows: version` can then be removed).",
    bad: "version: 2\norbs:\n  node: circleci/node@5.2\n",
    good: "version: 2.1\norbs:\n  node: circleci/node@5.2\n",
};

pub const NO_EFFECT: Rule = Rule {
    code: "no-effect",
    default_severity: Severity::Warning,
    fix: FixSafety::None,
    summary: "A setting CircleCI ignores where it is written.",
    explanation: "CircleCI accepts these settings but does nothing with them: `steps` of a job whose `type` runs none (`approval`, `no-op`, `release`, `lock`, `unlock`), `max_auto_reruns` or `auto_rerun_delay` on a `background` step (background steps are not rerun), `auto_rerun_delay` without `max_auto_reruns`, and a `checkout` `depth` without `method: shallow`. Remove the setting or add what it needs.",
    bad: "version: 2.1
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - checkout:
          depth: 1
",
    good: "version: 2.1
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - checkout:
          method: shallow
          depth: 1
",
};

pub const VERBOSE_SETTING: Rule = Rule {
    code: "verbose-setting",
    default_severity: Severity::Hint,
    fix: FixSafety::Safe,
    summary: "A setting that spells out what a shorter form (or nothing) says.",
    explanation: "`type: build` is the default job type and `parallelism: 1` the default parallelism, so both can go. A `requires` entry that lists every status (`success`, `failed`, `canceled`, `unauthorized`, `not_run`) is `terminal`. A quick fix removes or shortens the setting.",
    bad: "version: 2.1
jobs:
  build:
    type: build
    docker:
      - image: cimg/base:current
    steps:
      - checkout
",
    good: "version: 2.1
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - checkout
",
};

pub const MISSING_TEST_RESULTS: Rule = Rule {
    code: "missing-test-results",
    default_severity: Severity::Hint,
    fix: FixSafety::None,
    summary: "A job named for tests stores no test results.",
    explanation: "With `store_test_results`, CircleCI shows failed tests, timings and flaky tests in the web app and can split tests by timing. Only jobs whose name has the word `test` or `tests` and whose steps are all built-in steps are judged: a command may store results itself. Add `- store_test_results: { path: test-results }` pointing at the JUnit XML your test runner writes, or silence the rule.",
    bad: "version: 2.1
jobs:
  test:
    docker:
      - image: cimg/base:current
    steps:
      - checkout
      - run: make test
",
    good: "version: 2.1
jobs:
  test:
    docker:
      - image: cimg/base:current
    steps:
      - checkout
      - run: make test
      - store_test_results:
          path: test-results
",
};

/// The structural rules, in documentation order.
pub const RULES: &[Rule] = &[
    UNKNOWN_KEY,
    INVALID_TYPE,
    INVALID_VALUE,
    MISSING_KEY,
    CONFLICTING_KEYS,
    DUPLICATE_KEY,
    DEPRECATED,
    UNSUPPORTED_IN_VERSION,
    NO_EFFECT,
    VERBOSE_SETTING,
    MISSING_TEST_RESULTS,
    super::empty::EMPTY_CONFIG,
];
