//! Jobs: their keys, types and executor invocations.

use super::*;

pub(super) static JOBS: MapSchema = MapSchema {
    what: "the jobs mapping",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::Job,
        ty: Ty::Map(&JOB),
        doc: "A job: an execution environment and the steps to run in it.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

pub static JOB_TYPES: &[Choice] = &[
    choice("build", "The default: runs `steps` in an execution environment.").requires(&[
        Requirement { any_of: &["steps"], message: "Add the `steps` job `{name}` runs: it has none." },
        Requirement { any_of: JOB_EXECUTOR_KEYS, message: "Add `docker`, `machine`, `macos` or `executor` to job `{name}`: it has no environment." },
    ]),
    choice("approval", "A manual approval gate: the workflow waits until someone approves it in the web app. Usually declared in the workflow (`type: approval`), not under `jobs`."),
    choice("no-op", "Does nothing and uses no credits; organises the order of a workflow's jobs."),
    choice("release", "Connects the pipeline to a release in CircleCI deploys; needs `plan_name`.")
        .requires(&[Requirement { any_of: &["plan_name"], message: "The release job `{name}` needs `plan_name`." }]),
    choice("lock", "Takes a named lock (`key`) so that jobs holding the same lock do not run at the same time.")
        .requires(&[Requirement { any_of: &["key"], message: "The lock job `{name}` needs `key`, the lock's name." }]),
    choice("unlock", "Releases the named lock (`key`) taken by a `lock` job.")
        .requires(&[Requirement { any_of: &["key"], message: "The unlock job `{name}` needs `key`, the lock's name." }]),
];

/// The job type CircleCI assumes when a job has no `type`.
pub const DEFAULT_JOB_TYPE: &str = "build";

/// Executor keys of a job; a build job needs exactly one of them.
pub const JOB_EXECUTOR_KEYS: &[&str] = &["docker", "machine", "macos", "executor"];

/// `machine: true` is deprecated on CircleCI cloud in favour of a named image.
pub(super) const MACHINE_TRUE: TrueDeprecation = TrueDeprecation {
    message: "Choose an image, such as `machine: { image: ubuntu-2404:current }`: `machine: true` is deprecated on cloud.",
    replacement: "{ image: ubuntu-2404:current }",
    fix_title: "Use the ubuntu-2404:current image",
};

pub static JOB: MapSchema = MapSchema {
    what: "a job",
    keys: &[
        key("type", Ty::Enum(JOB_TYPES), "What kind of job this is: `build` (default), `approval`, `no-op`, `release`, `lock` or `unlock`.").default(DEFAULT_JOB_TYPE),
        key("description", Ty::Str, "What the job does; shown in orb documentation and hovers."),
        key("parameters", Ty::Map(&PARAMETER_DECLARATIONS), "Parameters the job takes, passed by workflows that invoke it and read as `<< parameters.name >>`. `name`, `requires`, `context`, `type`, `filters` and `matrix` are reserved names.")
            .v21(),
        key("docker", Ty::List(&DOCKER_IMAGE_TY), DOCKER_DOC).snippet("docker:\n  - image: $1"),
        key("machine", Ty::OneOf(&[Ty::Bool, Ty::Map(&MACHINE)]), MACHINE_DOC).snippet("machine:\n  image: ${1:ubuntu-2404:current}")
            .deprecated_true(MACHINE_TRUE),
        key("macos", Ty::Map(&MACOS), MACOS_DOC).snippet("macos:\n  xcode: $1"),
        key("executor", Ty::OneOf(&[Ty::Str, Ty::Map(&EXECUTOR_INVOCATION)]), "A reusable executor to run in: its name (`my-executor`, `orb/executor`), or a mapping with `name` and the executor's parameters.")
            .v21()
            .with_role(KeyRole::Executor),
        key("resource_class", Ty::Format(Format::ResourceClass), RESOURCE_CLASS_DOC),
        key("shell", STR_OR_LIST, SHELL_DOC),
        key("working_directory", Ty::Str, WORKING_DIRECTORY_DOC).default("~/project"),
        key("environment", Ty::Env, ENVIRONMENT_DOC),
        key("parallelism", Ty::Int { min: 1, max: i64::MAX }, "How many copies of the job run at once, each with its own `CIRCLE_NODE_INDEX`; split tests across them with `circleci tests run`.")
            .default("1"),
        key("steps", Ty::List(&STEP_ITEM), "The steps the job runs, in order. A step is a built-in step (`run`, `checkout`, ...), a command, or an orb command.")
            .required()
            .snippet("steps:\n  - checkout\n  - run: $1")
            .with_role(KeyRole::Steps(StepOrder::Own)),
        key("retention", Ty::Map(&RETENTION), "Shortens how long data this job saves is kept (caches), below the organisation's setting."),
        key("circleci_ip_ranges", Ty::Bool, "Runs the job's traffic through CircleCI's published IP address ranges, so that firewalls can allow it (Performance and Scale plans).")
            .default("false"),
        key("plan_name", Ty::Str, "For `type: release`: the release plan in CircleCI deploys that this job reports to."),
        key("key", Ty::Str, "For `type: lock` and `type: unlock`: the name of the lock."),
        key("branches", Ty::Map(&BRANCH_FILTER), "Branch filtering at the job level, from before workflows.")
            .deprecated("Workflows ignore job-level `branches`; put `filters: branches:` on the job in the workflow."),
    ],
    other: Other::Closed,
    // Which keys are required depends on `type`: see the `requires` of JOB_TYPES.
    one_of_required: &[],
    exclusive: JOB_EXECUTOR_KEYS,
    role: MapRole::Job,
};

pub(super) static EXECUTOR_INVOCATION: MapSchema = MapSchema {
    what: "an executor invocation",
    keys: &[key(
        "name",
        Ty::Str,
        "The executor to use: a name from `executors:` or `orb/executor`.",
    )
    .required()],
    other: Other::Names(&Names {
        kind: NameKind::ParameterArgument,
        ty: Ty::Any,
        doc: "A value for one of the executor's parameters.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static RETENTION: MapSchema = closed(
    "the retention settings",
    &[key(
        "caches",
        Ty::Format(Format::RetentionDays),
        "How many days caches saved by this job are kept, from `1d` to `15d`, such as `7d`.",
    )],
);
