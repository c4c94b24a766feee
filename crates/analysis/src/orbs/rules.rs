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

/// The orb rules, in documentation order.
pub const RULES: &[Rule] = &[ORB_UPDATE, super::dev::MISSING_INCLUDE];
