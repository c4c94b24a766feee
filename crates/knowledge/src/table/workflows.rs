//! Workflows and job groups: job invocations, `requires`, filters and matrices.

use super::*;

// ---------------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------------

pub(super) static WORKFLOWS: MapSchema = MapSchema {
    what: "the workflows mapping",
    keys: &[key("version", Ty::Enum(WORKFLOW_VERSIONS), "The workflows format version; required as `2` in `version: 2` configs and not needed with `version: 2.1`.")],
    other: Other::Names(&Names {
        kind: NameKind::Workflow,
        ty: Ty::Map(&WORKFLOW),
        doc: "A workflow: the jobs to run and their order.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static WORKFLOW_VERSIONS: &[Choice] = &[
    choice("2", "The workflows version of 2.0 configs."),
    choice("2.0", "Same as `2`."),
    choice(
        "2.1",
        "Accepted by CircleCI; the key is not needed with `version: 2.1`.",
    ),
];

static WORKFLOW: MapSchema = MapSchema {
    what: "a workflow",
    keys: &[
        key("jobs", Ty::List(&JOB_INVOCATION_ITEM), "The jobs to run: job names, or job names with settings such as `requires`, `context`, `filters` and parameters. Jobs run in parallel unless `requires` orders them.")
            .required()
            .snippet("jobs:\n  - $1"),
        key("triggers", Ty::List(&TRIGGER_TY), "Runs the workflow on a schedule (`schedule` with `cron` and branch `filters`) instead of on every push.")
            .snippet("triggers:\n  - schedule:\n      cron: \"$1\"\n      filters:\n        branches:\n          only:\n            - ${2:main}"),
        key("when", LOGIC, "Runs the workflow only when this logic statement or expression is true, for example `<< pipeline.parameters.run-nightly >>` or `pipeline.git.branch == \"main\"`.").v21(),
        key("unless", LOGIC, "Skips the workflow when this logic statement or expression is true.").v21(),
        key("max_auto_reruns", Ty::Int { min: 1, max: 5 }, "Reruns failed jobs of the workflow automatically, up to this many times (1 to 5)."),
    ],
    // CircleCI's schema leaves a workflow open and CircleCI runs workflows with other keys
    // (a `description:`), so unknown keys are warnings.
    other: Other::Lenient,
    one_of_required: &[],
    exclusive: &["when", "unless"],
    role: MapRole::Plain,
};

static TRIGGER_TY: Ty = Ty::Map(&TRIGGER);

static TRIGGER: MapSchema = closed(
    "a workflow trigger",
    &[key(
        "schedule",
        Ty::Map(&SCHEDULE),
        "Runs the workflow at the times given by `cron`, on the branches given by `filters`.",
    )
    .required()
    .deprecated_info(
        "Scheduled workflows are being phased out; use a schedule trigger in the project settings.",
    )],
);

// Open in CircleCI's schema: other keys are warnings.
static SCHEDULE: MapSchema = lenient(
    "a schedule",
    &[
        key("cron", Ty::Format(Format::Cron), "When to run, in POSIX crontab syntax (five fields, UTC), such as `0 2 * * *` for 02:00 every day.").required(),
        key("filters", Ty::Map(&SCHEDULE_FILTERS), "The branches to run the schedule on (`branches: only:`).").required(),
    ],
);

static SCHEDULE_FILTERS: MapSchema = lenient(
    "the schedule filters",
    &[key("branches", Ty::Map(&BRANCH_FILTER), "Which branches get the schedule: `only` and `ignore` take branch names or `/regular expressions/`.").required()],
);

pub(super) static BRANCH_FILTER: MapSchema = lenient(
    "a branch filter",
    &[
        key("only", STR_OR_LIST, "Run only for these branches: names or `/regular expressions/` that must match the whole name. Takes precedence over `ignore`."),
        key("ignore", STR_OR_LIST, "Do not run for these branches: names or `/regular expressions/` that must match the whole name."),
    ],
);

static TAG_FILTER: MapSchema = lenient(
    "a tag filter",
    &[
        key("only", STR_OR_LIST, "Run for these tags: names or `/regular expressions/` such as `/^v.*/`. Without a tag filter, jobs do not run for tags at all."),
        key("ignore", STR_OR_LIST, "Do not run for these tags: names or `/regular expressions/`."),
    ],
);

/// A workflow or job group entry: a job name, or a single-key mapping from the job name to
/// its invocation settings.
pub static JOB_INVOCATION_ITEM: Ty = Ty::OneOf(&[Ty::Str, Ty::Map(&JOB_INVOCATION_ENTRY)]);

pub static JOB_INVOCATION_ENTRY: MapSchema = MapSchema {
    what: "a job invocation",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::JobInvocation,
        ty: Ty::Map(&JOB_INVOCATION),
        doc: "The job to run: a job from `jobs:`, an orb job (`orb/job`), a job group, or any name with `type: approval`.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::JobInvocation,
};

pub static REQUIRED_STATUSES: &[Choice] = &[
    choice("success", "The required job succeeded (the default)."),
    choice("failed", "The required job failed."),
    choice("canceled", "The required job was canceled."),
    choice(
        "unauthorized",
        "The required job was not allowed to run (a restricted context).",
    ),
    choice("not_run", "The required job did not run."),
    choice(
        "terminal",
        "The required job finished in any way: success, failed, canceled, unauthorized or not_run.",
    ),
];

pub static INVOCATION_TYPES: &[Choice] = &[choice(
    "approval",
    "Holds the workflow until someone approves this job in the web app; jobs that require it wait. The name is free and must not be a job defined under `jobs:`.",
)];

pub static JOB_INVOCATION: MapSchema = MapSchema {
    what: "the job invocation settings",
    keys: &[
        key("requires", Ty::List(&REQUIRES_ITEM), "Jobs that must finish before this one starts, by name (or by `name:`/matrix `alias`). A job name alone waits for success; `job: failed` or `job: [success, failed]` wait for other statuses.")
            .snippet("requires:\n  - $1"),
        key("name", Ty::Str, "The name this invocation shows under and is required by, when the same job runs more than once in a workflow.").v21(),
        key("context", STR_OR_LIST, "Contexts whose environment variables the job gets, by name. Contexts are created in the organisation settings.")
            .snippet("context:\n  - $1"),
        key("type", Ty::Enum(INVOCATION_TYPES), "`approval` turns this entry into a manual approval gate instead of a job.").snippet("type: approval"),
        key("filters", Ty::OneOf(&[Ty::Str, Ty::Map(&JOB_FILTERS)]), "Which branches and tags the job runs for (`branches`, `tags` with `only`/`ignore`), or an expression over pipeline values such as `pipeline.git.branch == \"main\"`.")
            .snippet("filters:\n  branches:\n    only:\n      - ${1:main}"),
        key("matrix", Ty::Map(&MATRIX), "Runs the job once for every combination of the given parameter values.")
            .v21()
            .snippet("matrix:\n  parameters:\n    $1: [$2]"),
        key("pre-steps", Ty::List(&STEP_ITEM), "Steps run before the job's own steps.")
            .v21()
            .with_role(KeyRole::Steps(StepOrder::Before)),
        key("post-steps", Ty::List(&STEP_ITEM), "Steps run after the job's own steps.")
            .v21()
            .with_role(KeyRole::Steps(StepOrder::After)),
        key("serial-group", Ty::Str, "A name shared by jobs that must run one at a time across the organisation, such as `<< pipeline.project.slug >>/deploy`. Letters, digits, `.`, `-`, `_` and `/`; at most 512 characters.")
            .v21(),
        key("override-with", Ty::Str, "An orb job (`orb/job`) that replaces this job's definition when the orb defines it.").v21(),
    ],
    other: Other::Names(&Names {
        kind: NameKind::ParameterArgument,
        ty: Ty::Any,
        doc: "A value for one of the job's parameters.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static REQUIRES_ITEM: Ty = Ty::OneOf(&[Ty::Str, Ty::Map(&REQUIRED_JOB)]);

static REQUIRED_STATUS_TY: Ty = Ty::Enum(REQUIRED_STATUSES);

static REQUIRED_JOB: MapSchema = MapSchema {
    what: "a required job with statuses",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::RequiredJob,
        ty: Ty::OneOf(&[Ty::Enum(REQUIRED_STATUSES), Ty::List(&REQUIRED_STATUS_TY)]),
        doc: "A required job and the status (or statuses) it must reach.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static JOB_FILTERS: MapSchema = lenient(
    "the job filters",
    &[
        key("branches", Ty::Map(&BRANCH_FILTER), "Which branches the job runs for: `only` and `ignore` with names or `/regular expressions/`."),
        key("tags", Ty::Map(&TAG_FILTER), "Which tags the job runs for. Jobs do not run for tags unless a tag filter allows it, and jobs they require need one too."),
    ],
);

// Open in CircleCI's schema: other keys are warnings.
static MATRIX: MapSchema = lenient(
    "a matrix",
    &[
        key("parameters", Ty::Map(&MATRIX_PARAMETERS), "Each job parameter and the list of values to run it with; every combination becomes a job.").required(),
        key("exclude", Ty::List(&MATRIX_EXCLUDE_TY), "Combinations of parameter values to leave out of the matrix."),
        key("alias", Ty::Str, "The name other jobs use in `requires` to wait for the whole matrix. Default: the job's name."),
    ],
);

static MATRIX_PARAMETERS: MapSchema = MapSchema {
    what: "the matrix parameters",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::MatrixParameter,
        ty: Ty::Any,
        doc: "A job parameter and the values the matrix runs it with.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static MATRIX_EXCLUDE_TY: Ty = Ty::Map(&MATRIX_PARAMETERS);

// ---------------------------------------------------------------------------------------------
// Job groups
// ---------------------------------------------------------------------------------------------

pub(super) static JOB_GROUPS: MapSchema = MapSchema {
    what: "the job groups mapping",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::JobGroup,
        ty: Ty::Map(&JOB_GROUP),
        doc: "A named set of job invocations, invoked from workflows like a job.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static JOB_GROUP: MapSchema = closed(
    "a job group",
    &[key("jobs", Ty::List(&JOB_INVOCATION_ITEM), "The job invocations of the group, written like a workflow's `jobs`; `requires` between them orders them inside the group.")
        .required()
        .snippet("jobs:\n  - $1")],
);
