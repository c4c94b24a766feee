//! The orb rules' descriptions. Orb members are checked with the same rules as local
//! definitions (`undefined-command`, `undefined-parameter`, …); only the update hint is new.

use crate::diagnostics::{FixSafety, Rule, Severity};

pub const ORB_UPDATE: Rule = Rule {
    code: "orb-update",
    default_severity: Severity::Hint,
    fix: FixSafety::Unsafe,
    summary: "A newer release of a declared orb is known.",
    explanation: "circleci-ls knows the releases of common public orbs up to the date of its data (see the README). When the version a config pins has a newer release in the same major (bug fixes and additions) or a newer major (which may change behaviour), the hint says so and a quick-fix changes the version. A version newer than the data, `@volatile` and `@dev:…` versions are never reported; the hint never claims a version is unknown to CircleCI.\n\nThe same orb data checks what a config uses from an orb, with the codes used for local definitions: `undefined-command`, `undefined-job` and `undefined-executor` for a member the release lacks (naming the release that still has a renamed member), `undefined-parameter`, `missing-parameter` (only when the exact release is known) and `invalid-parameter-value` for arguments, `literal-secret` for credentials. A version the data lacks is read as the newest known release of its major; when the version is newer than the data (or `@volatile`, or `@X` of the newest major), nothing is reported as missing, since it may have been added since. Unknown orbs, unknown majors and `<< … >>` values are never reported. Orb directories given with `--orb-dir` or the `orbDirs` setting override the compiled-in data.",
    bad: "version: 2.1\norbs:\n  node: circleci/node@5.1.0\nworkflows:\n  main:\n    jobs:\n      - node/test\n",
    good: "version: 2.1\norbs:\n  node: circleci/node@7.2.1\nworkflows:\n  main:\n    jobs:\n      - node/test\n",
};

pub const ORB_NOT_CHECKED: Rule = Rule {
    code: "orb-not-checked",
    default_severity: Severity::Info,
    fix: FixSafety::None,
    summary: "An orb pin is newer than circleci-ls's orb data, so what the config uses from it is not checked.",
    explanation: "circleci-ls checks orb members, parameters and values against the releases it knows: the newest patch of every minor of every major of common public orbs, up to the date of its data. A version newer than every known release of its major (`node@7.9.0` when 7.2.1 is the newest known), a major newer than every known one, or `@volatile` may have members and parameters added since, so nothing the config uses from that orb is reported as missing or wrong; this finding says so once, on the version, instead of staying silent. Pin a known release to have it checked, or point `--orb-dir` at the orb's packed source.",
    bad: "version: 2.1
orbs:
  node: circleci/node@99.0.0
workflows:
  main:
    jobs:
      - node/test
",
    good: "version: 2.1
orbs:
  node: circleci/node@7.2.1
workflows:
  main:
    jobs:
      - node/test
",
};

/// The orb rules, in documentation order.
pub const RULES: &[Rule] = &[ORB_UPDATE, ORB_NOT_CHECKED, super::dev::MISSING_INCLUDE];
