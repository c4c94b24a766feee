//! The config root: its top-level keys, and inline orbs, whose body is a config of its own.

use super::*;

// ---------------------------------------------------------------------------------------------
// The config root
// ---------------------------------------------------------------------------------------------

pub static VERSIONS: &[Choice] = &[
    choice("2.1", "The current configuration version. Enables orbs, reusable commands, executors and jobs, parameters, pipeline values, conditional steps and workflows, and matrix jobs."),
    choice("2", "Configuration version 2.0. Reusable configuration (orbs, commands, executors, parameters) is not available and `workflows` needs its own `version: 2`."),
    choice("2.0", "Same as `2`."),
];

pub static CONFIG: MapSchema = MapSchema {
    what: "a CircleCI config",
    keys: &[
        key("version", Ty::Enum(VERSIONS), "The configuration format version. Use `2.1`; `2` and `2.0` are the older format without reusable configuration.")
            .required()
            .snippet("version: ${1|2.1,2|}"),
        key("setup", Ty::Bool, "Marks this config as a *setup* config for dynamic configuration: it runs first, and one of its jobs (usually through the `continuation` orb) picks or generates the config that continues the pipeline.")
            .default("false")
            .v21()
            .snippet("setup: true"),
        key("orbs", Ty::Map(&ORBS), "Orbs this config imports, as a mapping from the local name you choose to an orb reference (`namespace/orb@version`) or an inline orb definition. Members are then used as `local-name/member`.")
            .v21(),
        key("commands", Ty::Map(&COMMANDS), "Reusable commands: named sequences of steps, optionally parameterised, that jobs invoke as if they were steps.")
            .v21(),
        key("parameters", Ty::Map(&PIPELINE_PARAMETERS), "Pipeline parameters: values that a pipeline trigger (the API, a schedule, the web app) can set, read as `<< pipeline.parameters.name >>`. Types `string`, `boolean`, `integer` and `enum`; each needs a `default`.")
            .v21(),
        key("executors", Ty::Map(&EXECUTORS), "Reusable executors: named execution environments (Docker images, a machine image, macOS) that jobs select with `executor:`.")
            .v21(),
        key("jobs", Ty::Map(&JOBS), "The jobs of this config, by name. A job runs its `steps` in one execution environment; workflows decide when jobs run."),
        key("job-groups", Ty::Map(&JOB_GROUPS), "Named sets of job invocations that a workflow can invoke as if they were one job, optionally serialized together with `serial-group`.")
            .v21(),
        key("workflows", Ty::Map(&WORKFLOWS), "The workflows of this config, by name. A workflow lists the jobs to run, their order (`requires`), filters and contexts."),
        key("experimental", Ty::Map(&EXPERIMENTAL), "Legacy settings from the 2.0 era (`notify.branches`). Not part of the current configuration reference."),
        key("display", Ty::Map(&ORB_DISPLAY), "Orb authoring: links shown on the orb's registry page."),
        key("examples", Ty::Map(&ORB_EXAMPLES), "Orb authoring: usage examples shown on the orb's registry page."),
    ],
    // Keys CircleCI does not know are tolerated at the top level; configs park YAML anchors
    // under keys such as `references:` or `defaults:`.
    other: Other::Free,
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Config,
};

static EXPERIMENTAL: MapSchema = lenient(
    "the experimental settings",
    &[key(
        "notify",
        Ty::Map(&EXPERIMENTAL_NOTIFY),
        "Legacy notification settings.",
    )],
);

static EXPERIMENTAL_NOTIFY: MapSchema = lenient(
    "the notify settings",
    &[key(
        "branches",
        Ty::Map(&BRANCH_FILTER),
        "Only send notifications for these branches.",
    )],
);

static ORB_DISPLAY: MapSchema = lenient(
    "the orb display links",
    &[
        key("home_url", Ty::Str, "Orb authoring: the orb's home page."),
        key(
            "source_url",
            Ty::Str,
            "Orb authoring: the orb's source repository.",
        ),
    ],
);

static ORB_EXAMPLES: MapSchema = MapSchema {
    what: "the orb examples",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::OrbExample,
        ty: Ty::Map(&ORB_EXAMPLE),
        doc: "An orb usage example.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static ORB_EXAMPLE: MapSchema = lenient(
    "an orb example",
    &[
        key("description", Ty::Str, "What the example shows."),
        key("usage", Ty::Any, "A config that uses the orb.").required(),
        key("result", Ty::Any, "The config the usage compiles to."),
    ],
);

// ---------------------------------------------------------------------------------------------
// Orbs
// ---------------------------------------------------------------------------------------------

static ORBS: MapSchema = MapSchema {
    what: "the orbs mapping",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::Orb,
        ty: Ty::OneOf(&[Ty::Format(Format::OrbRef), Ty::Map(&INLINE_ORB)]),
        doc: "An orb under the local name used to refer to its jobs, commands and executors (`name/member`). The value is a registry reference such as `circleci/node@5.2` or an inline orb definition.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

pub static INLINE_ORB: MapSchema = closed(
    "an inline orb",
    &[
        key(
            "version",
            Ty::Enum(VERSIONS),
            "The configuration version of the orb; orbs use `2.1`.",
        ),
        key("description", Ty::Str, "What the orb is for."),
        key(
            "display",
            Ty::Map(&ORB_DISPLAY),
            "Links shown on the orb's registry page.",
        ),
        key(
            "examples",
            Ty::Map(&ORB_EXAMPLES),
            "Usage examples of the orb.",
        ),
        key(
            "orbs",
            Ty::Map(&ORBS),
            "Orbs the inline orb itself imports.",
        ),
        key(
            "commands",
            Ty::Map(&COMMANDS),
            "Commands the orb provides, used as `orb-name/command`.",
        ),
        key(
            "executors",
            Ty::Map(&EXECUTORS),
            "Executors the orb provides, used as `orb-name/executor`.",
        ),
        key(
            "jobs",
            Ty::Map(&JOBS),
            "Jobs the orb provides, used in workflows as `orb-name/job`.",
        ),
    ],
);
