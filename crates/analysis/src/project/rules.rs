//! The rules of configs across files: a setup config and the configs it continues with.
//! Each example is several files, each document headed by a comment naming its path; the
//! project tests build a workspace from them.

use crate::diagnostics::{FixSafety, Rule, Severity};

pub const MISSING_CONTINUATION_CONFIG: Rule = Rule {
    code: "missing-continuation-config",
    default_severity: Severity::Error,
    fix: FixSafety::None,
    summary: "A setup config continues with a config file that does not exist.",
    explanation: "A setup config (`setup: true`) ends by continuing the pipeline with another config: the continuation orb's `configuration_path`, the path-filtering orb's `config-path` (default `.circleci/continue_config.yml`) or the config column of its `mapping`, orb-tools' `config_path` (default `.circleci/test-deploy.yml`). Paths are read from the repository root, where the setup job checks the code out. When the file is not there, the setup job fails and nothing else runs. Files a script of the setup config writes first (`> generated.yml`) and absolute paths (`/tmp/…`) are made at run time and not checked. See [dynamic configuration](dynamic-config.md).",
    bad: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            src/.* run-build true\n          config-path: .circleci/continue.yml\n",
    good: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            src/.* run-build true\n          config-path: .circleci/continue.yml\n---\n# .circleci/continue.yml\nversion: 2.1\nparameters:\n  run-build:\n    type: boolean\n    default: false\nworkflows:\n  build:\n    when: << pipeline.parameters.run-build >>\n    jobs:\n      - build\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n",
};

pub const UNDECLARED_CONTINUATION_PARAMETER: Rule = Rule {
    code: "undeclared-continuation-parameter",
    default_severity: Severity::Error,
    fix: FixSafety::None,
    summary: "A setup config passes a pipeline parameter the continuation config does not declare.",
    explanation: "A pipeline parameter passed when the pipeline continues (a `mapping` line of the path-filtering orb, a key of the continuation orb's `parameters` JSON) must be declared under the top-level `parameters:` of the config it continues with; CircleCI refuses the continuation with `Unexpected argument(s)` otherwise. Declare it (with a `default`, since it is not always passed) or fix the name.",
    bad: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  continuation: circleci/continuation@2.0.1\njobs:\n  setup:\n    executor: continuation/default\n    steps:\n      - checkout\n      - continuation/continue:\n          configuration_path: .circleci/continue.yml\n          parameters: '{\"run-tests\": true}'\nworkflows:\n  setup:\n    jobs:\n      - setup\n---\n# .circleci/continue.yml\nversion: 2.1\nparameters:\n  run-test:\n    type: boolean\n    default: false\n",
    good: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  continuation: circleci/continuation@2.0.1\njobs:\n  setup:\n    executor: continuation/default\n    steps:\n      - checkout\n      - continuation/continue:\n          configuration_path: .circleci/continue.yml\n          parameters: '{\"run-tests\": true}'\nworkflows:\n  setup:\n    jobs:\n      - setup\n---\n# .circleci/continue.yml\nversion: 2.1\nparameters:\n  run-tests:\n    type: boolean\n    default: false\n",
};

pub const CONTINUATION_PARAMETER_TYPE: Rule = Rule {
    code: "continuation-parameter-type",
    default_severity: Severity::Error,
    fix: FixSafety::None,
    summary: "A setup config passes a pipeline parameter a value of the wrong type.",
    explanation: "Values passed when the pipeline continues are JSON: `true`/`false` for a `boolean` parameter, a whole number for an `integer`, a double-quoted string for a `string`, one of the listed strings for an `enum`. The path-filtering orb reads each mapping value with `json.loads`, so `\"true\"` is a string and `true` a boolean. CircleCI refuses a value that does not fit the declared type.",
    bad: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            src/.* run-build \"yes\"\n---\n# .circleci/continue_config.yml\nversion: 2.1\nparameters:\n  run-build:\n    type: boolean\n    default: false\n",
    good: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            src/.* run-build true\n---\n# .circleci/continue_config.yml\nversion: 2.1\nparameters:\n  run-build:\n    type: boolean\n    default: false\n",
};

pub const UNSET_CONTINUATION_PARAMETER: Rule = Rule {
    code: "unset-continuation-parameter",
    default_severity: Severity::Warning,
    fix: FixSafety::None,
    summary: "A continuation config's condition reads a pipeline parameter its setup config never sets.",
    explanation: "In a continuation config, pipeline parameters come from the setup config: the keys of the continuation orb's `parameters` JSON, the parameters of path-filtering `mapping` lines, and parameters the setup config itself declares (a trigger may pass those). A parameter none of them sets is always its `default`, so a `when`/`unless` reading it always decides the same way: a workflow guarded by `<< pipeline.parameters.run-x >>` with `default: false` never runs. Set the parameter from the setup config (a mapping line, a JSON key) or remove the condition.",
    bad: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            api/.* run-api true\n---\n# .circleci/continue_config.yml\nversion: 2.1\nparameters:\n  run-api:\n    type: boolean\n    default: false\n  run-web:\n    type: boolean\n    default: false\njobs:\n  web:\n    docker:\n      - image: cimg/node:lts\n    steps:\n      - checkout\nworkflows:\n  web:\n    when: << pipeline.parameters.run-web >>\n    jobs:\n      - web\n",
    good: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            api/.* run-api true\n            web/.* run-web true\n---\n# .circleci/continue_config.yml\nversion: 2.1\nparameters:\n  run-api:\n    type: boolean\n    default: false\n  run-web:\n    type: boolean\n    default: false\njobs:\n  web:\n    docker:\n      - image: cimg/node:lts\n    steps:\n      - checkout\nworkflows:\n  web:\n    when: << pipeline.parameters.run-web >>\n    jobs:\n      - web\n",
};

pub const SETUP_IN_CONTINUATION: Rule = Rule {
    code: "setup-in-continuation",
    default_severity: Severity::Error,
    fix: FixSafety::None,
    summary: "A continuation config says `setup: true`.",
    explanation: "A pipeline is continued once, from its setup config. A config it continues with is not a setup config, and CircleCI refuses it: \"Continuation config contains setup stanza whilst not in setup anymore.\" Remove `setup: true` from the continuation config.",
    bad: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            src/.* run-build true\n---\n# .circleci/continue_config.yml\nversion: 2.1\nsetup: true\nparameters:\n  run-build:\n    type: boolean\n    default: false\n",
    good: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            src/.* run-build true\n---\n# .circleci/continue_config.yml\nversion: 2.1\nparameters:\n  run-build:\n    type: boolean\n    default: false\n",
};

pub const CONTINUES_WITH_SETUP_CONFIG: Rule = Rule {
    code: "continues-with-setup-config",
    default_severity: Severity::Error,
    fix: FixSafety::None,
    summary: "A setup config continues with itself or with another setup config.",
    explanation: "The config a setup config continues with must not be a setup config: CircleCI refuses it (\"Continuation config contains setup stanza whilst not in setup anymore\"), so a file cannot be both the setup config and its continuation. Continue with a config without `setup: true`.",
    bad: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            src/.* run-build true\n          config-path: .circleci/config.yml\n",
    good: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            src/.* run-build true\n          config-path: .circleci/continue_config.yml\n---\n# .circleci/continue_config.yml\nversion: 2.1\nparameters:\n  run-build:\n    type: boolean\n    default: false\n",
};

pub const SETUP_WITHOUT_CONTINUATION: Rule = Rule {
    code: "setup-without-continuation",
    default_severity: Severity::Warning,
    fix: FixSafety::None,
    summary: "A setup config has no step that continues the pipeline.",
    explanation: "A setup config (`setup: true`) runs only its setup workflow; the rest of the pipeline runs when a job continues it (the continuation orb's `continue`, the path-filtering orb's `filter`, orb-tools' `continue`, or a script calling `/api/v2/pipeline/continue`). Without one, nothing but the setup workflow ever runs. Not reported when the config uses an orb whose steps are not known here, since it may continue.",
    bad: "# .circleci/config.yml\nversion: 2.1\nsetup: true\njobs:\n  generate:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n      - run: ./generate-config.sh > generated.yml\nworkflows:\n  setup:\n    jobs:\n      - generate\n",
    good: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  continuation: circleci/continuation@2.0.1\njobs:\n  generate:\n    executor: continuation/default\n    steps:\n      - checkout\n      - run: ./generate-config.sh > generated.yml\n      - continuation/continue:\n          configuration_path: generated.yml\nworkflows:\n  setup:\n    jobs:\n      - generate\n",
};

pub const MALFORMED_MAPPING: Rule = Rule {
    code: "malformed-mapping",
    default_severity: Severity::Error,
    fix: FixSafety::None,
    summary: "A path-filtering mapping line is malformed, or its regex does not compile.",
    explanation: "The path-filtering orb reads `mapping` one line at a time: `REGEX PARAMETER VALUE`, optionally followed by a config file, separated by whitespace; blank lines and lines starting with `#` are skipped. The first line fixes the number of fields for all (\"Expected 3 fields but found 4\"), the regex is compiled as `^REGEX$` by Python's `re`, and the value is read as JSON (`true`, `1`, `\"text\"`). Any of these stops the setup job. A one-word mapping names a file holding the lines.",
    bad: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            src/(.* run-build true\n            docs/.* run-docs yes\n",
    good: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  path-filtering: circleci/path-filtering@2.1.0\nworkflows:\n  setup:\n    jobs:\n      - path-filtering/filter:\n          mapping: |\n            src/.* run-build true\n            docs/.* run-docs true\n",
};

pub const INVALID_CONTINUATION_PARAMETERS: Rule = Rule {
    code: "invalid-continuation-parameters",
    default_severity: Severity::Error,
    fix: FixSafety::None,
    summary: "The continuation orb's `parameters` is neither a JSON object nor a file holding one.",
    explanation: "The continuation orb's `parameters` is a JSON object (`'{\"run-tests\": true}'`) or the path of a file holding one. The orb reads the file when it exists and the text itself otherwise, and stops with \"PARAMETERS aren't valid json\" when that is not JSON. Quote the JSON in YAML (`'{…}'`), use double quotes inside it, or fix the file's path.",
    bad: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  continuation: circleci/continuation@2.0.1\njobs:\n  setup:\n    executor: continuation/default\n    steps:\n      - checkout\n      - continuation/continue:\n          configuration_path: .circleci/continue.yml\n          parameters: \"{'run-tests': true}\"\nworkflows:\n  setup:\n    jobs:\n      - setup\n---\n# .circleci/continue.yml\nversion: 2.1\nparameters:\n  run-tests:\n    type: boolean\n    default: false\n",
    good: "# .circleci/config.yml\nversion: 2.1\nsetup: true\norbs:\n  continuation: circleci/continuation@2.0.1\njobs:\n  setup:\n    executor: continuation/default\n    steps:\n      - checkout\n      - continuation/continue:\n          configuration_path: .circleci/continue.yml\n          parameters: '{\"run-tests\": true}'\nworkflows:\n  setup:\n    jobs:\n      - setup\n---\n# .circleci/continue.yml\nversion: 2.1\nparameters:\n  run-tests:\n    type: boolean\n    default: false\n",
};

/// Every rule of this module, in documentation order.
pub const RULES: &[Rule] = &[
    MISSING_CONTINUATION_CONFIG,
    CONTINUES_WITH_SETUP_CONFIG,
    SETUP_IN_CONTINUATION,
    SETUP_WITHOUT_CONTINUATION,
    UNDECLARED_CONTINUATION_PARAMETER,
    CONTINUATION_PARAMETER_TYPE,
    UNSET_CONTINUATION_PARAMETER,
    INVALID_CONTINUATION_PARAMETERS,
    MALFORMED_MAPPING,
];
