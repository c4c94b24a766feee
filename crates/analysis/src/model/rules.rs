//! The rules of the model: undefined and unused names, parameters passed and their types,
//! `requires` cycles, job groups and name clashes. The checks live in files named for what
//! they check; `check.rs` runs them.

use crate::diagnostics::{FixSafety, Rule, Severity};

pub const UNDEFINED_JOB: Rule = Rule {
    code: "undefined-job",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A workflow names a job that is not defined, or `requires` a job that is not in the workflow.",
    explanation: "Every entry of a workflow's `jobs` must name a job defined under `jobs:`, a job of a declared orb (`orb/job`), a job group, or be an approval job (`type: approval`). Every `requires` entry must name another job of the same workflow, by the `name:` it runs under when it has one. CircleCI rejects the config otherwise.",
    bad: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - biuld\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
};

pub const UNDEFINED_EXECUTOR: Rule = Rule {
    code: "undefined-executor",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A job uses an executor that is not defined.",
    explanation: "`executor:` must name an executor defined under `executors:` or one of a declared orb (`orb/executor`).",
    bad: "version: 2.1\njobs:\n  build:\n    executor: nodee\n    steps:\n      - checkout\n",
    good: "version: 2.1\nexecutors:\n  node:\n    docker:\n      - image: cimg/node:lts\njobs:\n  build:\n    executor: node\n    steps:\n      - checkout\n",
};

pub const UNDEFINED_COMMAND: Rule = Rule {
    code: "undefined-command",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A step is neither a built-in step nor a defined command.",
    explanation: "A step must be a built-in step (`run`, `checkout`, `save_cache`, …), a command defined under `commands:`, or a command of a declared orb (`orb/command`).",
    bad: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - chekout\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n",
};

pub const UNDEFINED_ORB: Rule = Rule {
    code: "undefined-orb",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "An `orb/…` name uses an orb that is not declared under `orbs:`.",
    explanation: "`node/test` means the job, command or executor `test` of the orb declared as `node` under `orbs:`. Declare the orb (`node: circleci/node@5`) or fix the name.",
    bad: "version: 2.1\nworkflows:\n  main:\n    jobs:\n      - node/test\n",
    good: "version: 2.1\norbs:\n  node: circleci/node@5.2.0\nworkflows:\n  main:\n    jobs:\n      - node/test\n",
};

pub const UNDEFINED_PARAMETER: Rule = Rule {
    code: "undefined-parameter",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A parameter is used or passed that is not declared.",
    explanation: "`<< parameters.x >>` must name a parameter declared by the enclosing job, command or executor, and `<< pipeline.parameters.x >>` one declared under the top-level `parameters:`. An argument passed to a job, command or executor must be one of its parameters. Built-in pipeline values such as `<< pipeline.git.branch >>` need no declaration.",
    bad: "version: 2.1\ncommands:\n  greet:\n    parameters:\n      to:\n        type: string\n        default: world\n    steps:\n      - run: echo hello << parameters.too >>\n",
    good: "version: 2.1\ncommands:\n  greet:\n    parameters:\n      to:\n        type: string\n        default: world\n    steps:\n      - run: echo hello << parameters.to >>\n",
};

pub const MISSING_PARAMETER: Rule = Rule {
    code: "missing-parameter",
    fix: FixSafety::None,
    default_severity: Severity::Error,
    summary: "A required parameter (one without a default) is not passed.",
    explanation: "A parameter declared without `default` must be passed wherever the job, command or executor is invoked (for a job, a `matrix` may pass it).",
    bad: "version: 2.1\njobs:\n  deploy:\n    parameters:\n      env:\n        type: string\n    docker:\n      - image: cimg/base:current\n    steps:\n      - run: ./deploy << parameters.env >>\nworkflows:\n  main:\n    jobs:\n      - deploy\n",
    good: "version: 2.1\njobs:\n  deploy:\n    parameters:\n      env:\n        type: string\n    docker:\n      - image: cimg/base:current\n    steps:\n      - run: ./deploy << parameters.env >>\nworkflows:\n  main:\n    jobs:\n      - deploy:\n          env: staging\n",
};

pub const INVALID_PARAMETER_VALUE: Rule = Rule {
    code: "invalid-parameter-value",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A value does not match the declared type of its parameter.",
    explanation: "CircleCI checks every argument and default against the parameter's `type`: `boolean` takes `true`/`false` (YAML 1.1 also reads `yes`/`no`/`on`/`off`), `integer` a whole number, `enum` one of the listed values, `string` text (quote values YAML reads as numbers or booleans, such as `3.10` or `yes`), `env_var_name` a variable name, `steps` a list of steps. A value that is a whole `<< parameters.q >>` or `<< pipeline.parameters.q >>` is checked by the declared type of `q` (an integer cannot feed a boolean; strings and enums are left alone where CircleCI converts); other templates are checked when CircleCI expands them. Also reported: an argument key with no value (a warning: CircleCI passes null), a matrix parameter that is not a list, an executor argument written as a mapping without `name`, `steps: << parameters.x >>` with `x` not of type `steps`, and a `when`/`unless` condition read from a parameter that is not a boolean (a hint: any non-empty value is true, which orbs use on purpose).",
    bad: "version: 2.1\ncommands:\n  setup:\n    parameters:\n      python:\n        type: string\n        default: \"3.12\"\n    steps:\n      - run: pyenv install << parameters.python >>\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - setup:\n          python: 3.10\n",
    good: "version: 2.1\ncommands:\n  setup:\n    parameters:\n      python:\n        type: string\n        default: \"3.12\"\n    steps:\n      - run: pyenv install << parameters.python >>\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - setup:\n          python: \"3.10\"\n",
};

pub const REQUIRES_CYCLE: Rule = Rule {
    code: "requires-cycle",
    fix: FixSafety::None,
    default_severity: Severity::Error,
    summary: "Jobs of a workflow require each other in a cycle.",
    explanation: "A job starts only after every job it `requires` has finished, so jobs that require each other (directly or through others) can never start. Remove one of the requirements.",
    bad: "version: 2.1\njobs:\n  a:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n  b:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - a:\n          requires: [b]\n      - b:\n          requires: [a]\n",
    good: "version: 2.1\njobs:\n  a:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n  b:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - a\n      - b:\n          requires: [a]\n",
};

pub const UNUSED_JOB: Rule = Rule {
    code: "unused-job",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "A job is defined but no workflow runs it.",
    explanation: "A job runs only when a workflow (or a job group) lists it. In a 2.0 config without `workflows`, the job `build` runs on its own and is not reported.",
    bad: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n  old:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
};

pub const UNUSED_COMMAND: Rule = Rule {
    code: "unused-command",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "A command is defined but no step invokes it.",
    explanation: "Remove the command or invoke it from a job's (or another command's) `steps`.",
    bad: "version: 2.1\ncommands:\n  greet:\n    steps:\n      - run: echo hello\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
    good: "version: 2.1\ncommands:\n  greet:\n    steps:\n      - run: echo hello\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - greet\nworkflows:\n  main:\n    jobs:\n      - build\n",
};

pub const UNUSED_EXECUTOR: Rule = Rule {
    code: "unused-executor",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "An executor is defined but no job uses it.",
    explanation: "Remove the executor or use it with `executor:` in a job.",
    bad: "version: 2.1\nexecutors:\n  node:\n    docker:\n      - image: cimg/node:lts\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
    good: "version: 2.1\nexecutors:\n  node:\n    docker:\n      - image: cimg/node:lts\njobs:\n  build:\n    executor: node\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
};

pub const UNUSED_ORB: Rule = Rule {
    code: "unused-orb",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "An orb is declared but nothing uses it.",
    explanation: "Nothing in the config names `orb/…` for this orb. Remove the declaration; an unused orb is still fetched and resolved on every pipeline.",
    bad: "version: 2.1\norbs:\n  node: circleci/node@5.2.0\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n",
    good: "version: 2.1\norbs:\n  node: circleci/node@5.2.0\nworkflows:\n  main:\n    jobs:\n      - node/test\n",
};

pub const UNUSED_PARAMETER: Rule = Rule {
    code: "unused-parameter",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "A job, command or executor declares a parameter it never uses.",
    explanation: "No `<< parameters.x >>` in the definition reads this parameter, so the values passed to it are ignored. Pipeline parameters are not reported: the API or a setup workflow may pass them without the config reading them.",
    bad: "version: 2.1\ncommands:\n  greet:\n    parameters:\n      to:\n        type: string\n        default: world\n    steps:\n      - run: echo hello\n",
    good: "version: 2.1\ncommands:\n  greet:\n    parameters:\n      to:\n        type: string\n        default: world\n    steps:\n      - run: echo hello << parameters.to >>\n",
};

pub const UNUSED_ANCHOR: Rule = Rule {
    code: "unused-anchor",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Hint,
    summary: "An `&anchor` is never used by an `*alias`.",
    explanation: "An anchor only matters when an alias (`*name` or `<<: *name`) copies it. Remove the `&name` or use it.",
    bad: "version: 2.1\njobs:\n  build:\n    docker: &docker\n      - image: cimg/base:current\n    steps:\n      - checkout\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\n",
};

pub const INVALID_JOB_GROUP: Rule = Rule {
    code: "invalid-job-group",
    default_severity: Severity::Error,
    fix: FixSafety::None,
    summary: "A job group is used in a way CircleCI does not support.",
    explanation: "A job group is a named list of job invocations that a workflow invokes like a job. Groups cannot contain other groups. A group invocation takes `requires`, `name` and `filters`, but not `matrix`, `override-with`, `type`, parameters, `context`, `pre-steps` or `post-steps` (give those to the jobs inside the group). A workflow that invokes a group twice must give each invocation its own `name`. `serial-group` belongs on workflow jobs, not on jobs inside a group. Jobs of the workflow `require` the group, not the jobs inside it.",
    bad: "version: 2.1\njobs:\n  lint:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\njob-groups:\n  checks:\n    jobs:\n      - lint\nworkflows:\n  main:\n    jobs:\n      - checks:\n          context: [org]\n",
    good: "version: 2.1\njobs:\n  lint:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\njob-groups:\n  checks:\n    jobs:\n      - lint:\n          context: [org]\nworkflows:\n  main:\n    jobs:\n      - checks\n",
};

pub const UNUSED_JOB_GROUP: Rule = Rule {
    code: "unused-job-group",
    default_severity: Severity::Hint,
    fix: FixSafety::None,
    summary: "A job group is defined but no workflow invokes it.",
    explanation: "A job group runs only when a workflow lists it in its `jobs`. Invoke it from a workflow or remove it.",
    bad: "version: 2.1\njobs:\n  lint:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\njob-groups:\n  checks:\n    jobs:\n      - lint\nworkflows:\n  main:\n    jobs:\n      - lint\n",
    good: "version: 2.1\njobs:\n  lint:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - checkout\njob-groups:\n  checks:\n    jobs:\n      - lint\nworkflows:\n  main:\n    jobs:\n      - checks\n",
};

pub const NAME_CLASH: Rule = Rule {
    code: "name-clash",
    default_severity: Severity::Warning,
    fix: FixSafety::None,
    summary: "One name is defined as two kinds of thing.",
    explanation: "A workflow's `jobs` entry names a job or a job group, so a job and a job group of the same name make the entry ambiguous: that is an error. A job and a command, or a workflow and a job group, of the same name are allowed but make the config hard to read and rename; they are warnings. Rename one of them.",
    bad: "version: 2.1\ncommands:\n  build:\n    steps:\n      - run: make\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    steps:\n      - build\nworkflows:\n  main:\n    jobs:\n      - build\n",
    good: "version: 2.1\ncommands:\n  compile:\n    steps:\n      - run: make\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    steps:\n      - compile\nworkflows:\n  main:\n    jobs:\n      - build\n",
};

/// The rules of this module, in documentation order.
pub const RULES: &[Rule] = &[
    UNDEFINED_JOB,
    UNDEFINED_EXECUTOR,
    UNDEFINED_COMMAND,
    UNDEFINED_ORB,
    UNDEFINED_PARAMETER,
    MISSING_PARAMETER,
    INVALID_PARAMETER_VALUE,
    REQUIRES_CYCLE,
    UNUSED_JOB,
    UNUSED_COMMAND,
    UNUSED_EXECUTOR,
    UNUSED_ORB,
    UNUSED_PARAMETER,
    UNUSED_ANCHOR,
    INVALID_JOB_GROUP,
    UNUSED_JOB_GROUP,
    NAME_CLASH,
];
