//! The CircleCI configuration (versions 2, 2.0 and 2.1) as data.
//!
//! Written for this project from the public configuration reference
//! (<https://circleci.com/docs/reference/configuration-reference/>) and the reusable config
//! reference. Each key appears once; completion, hover and validation read these tables.

use super::schema::{
    choice, closed, key, lenient, Choice, Format, KeyRole, MapRole, MapSchema, NameKind, Names,
    Other, Requirement, TrueDeprecation, Ty,
};

/// The type of a whole config file.
pub static CONFIG_TY: Ty = Ty::Map(&CONFIG);

const STR_OR_LIST: Ty = Ty::OneOf(&[Ty::Str, Ty::List(&Ty::Str)]);

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

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

pub static PARAMETER_TYPES: &[Choice] = &[
    choice("string", "Text. Quote values that YAML would otherwise read as a boolean or a number. An empty string is falsy in `when` conditions."),
    choice("boolean", "`true` or `false` (YAML 1.1 spellings such as `yes`/`no` and `on`/`off` are accepted too). Handy for `when` and `unless` conditions."),
    choice("integer", "A whole number, for example to set `parallelism`."),
    choice("enum", "One value from the list given under `enum`; the `default` must be in that list."),
    choice("executor", "An executor: its name, or a mapping with `name` and the executor's own parameters. Lets the caller choose where a job runs."),
    choice("steps", "A list of steps the caller passes in; use it as `- steps: << parameters.name >>`."),
    choice("env_var_name", "The name of an environment variable (letters, digits and underscores, not starting with a digit), so the caller can say which variable holds a value."),
];

pub static PIPELINE_PARAMETER_TYPES: &[Choice] = &[
    choice(
        "string",
        "Text. Quote values that YAML would otherwise read as a boolean or a number.",
    ),
    choice(
        "boolean",
        "`true` or `false`; handy for `when` and `unless` conditions on workflows.",
    ),
    choice("integer", "A whole number."),
    choice("enum", "One value from the list given under `enum`."),
];

static PARAMETER_DECLARATIONS: MapSchema = MapSchema {
    what: "the parameter declarations",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::ParameterDeclaration,
        ty: Ty::Map(&PARAMETER_DECLARATION),
        doc: "A parameter, read as `<< parameters.name >>` inside the job, command or executor that declares it.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static PARAMETER_DECLARATION: MapSchema = closed(
    "a parameter declaration",
    &[
        key("type", Ty::Enum(PARAMETER_TYPES), "The parameter's type: `string`, `boolean`, `integer`, `enum`, `executor`, `steps` or `env_var_name`.")
            .required(),
        key("default", Ty::OneOf(&[Ty::Str, Ty::List(&STEP_ITEM), Ty::Map(&EXECUTOR_INVOCATION)]), "The value used when the caller passes none: a scalar, a list of steps for `steps` parameters, or an executor for `executor` parameters. Without a default the parameter is required."),
        key("description", Ty::Str, "What the parameter does; shown in orb documentation and hovers."),
        key("enum", Ty::List(&Ty::Str), "For `type: enum`: the values the parameter may take.")
            .snippet("enum: [$1]"),
    ],
);

static PIPELINE_PARAMETERS: MapSchema = MapSchema {
    what: "the pipeline parameters",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::ParameterDeclaration,
        ty: Ty::Map(&PIPELINE_PARAMETER_DECLARATION),
        doc: "A pipeline parameter, read anywhere as `<< pipeline.parameters.name >>`.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static PIPELINE_PARAMETER_DECLARATION: MapSchema = closed(
    "a pipeline parameter declaration",
    &[
        key(
            "type",
            Ty::Enum(PIPELINE_PARAMETER_TYPES),
            "The parameter's type: `string`, `boolean`, `integer` or `enum`.",
        )
        .required(),
        key(
            "default",
            Ty::Str,
            "The value used when the trigger sets none. Pipeline parameters must have a default.",
        )
        .required(),
        key("description", Ty::Str, "What the parameter does."),
        key(
            "enum",
            Ty::List(&Ty::Str),
            "For `type: enum`: the values the parameter may take.",
        )
        .snippet("enum: [$1]"),
    ],
);

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

static COMMANDS: MapSchema = MapSchema {
    what: "the commands mapping",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::Command,
        ty: Ty::Map(&COMMAND),
        doc: "A reusable command, invoked as a step by its name.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static COMMAND: MapSchema = closed(
    "a command",
    &[
        key(
            "description",
            Ty::Str,
            "What the command does; shown in orb documentation and hovers.",
        ),
        key(
            "parameters",
            Ty::Map(&PARAMETER_DECLARATIONS),
            "Parameters the command takes, read in its steps as `<< parameters.name >>`.",
        ),
        key(
            "steps",
            Ty::List(&STEP_ITEM),
            "The steps the command runs, inserted where the command is invoked.",
        )
        .required(),
    ],
);

// ---------------------------------------------------------------------------------------------
// Executors and execution environments
// ---------------------------------------------------------------------------------------------

static EXECUTORS: MapSchema = MapSchema {
    what: "the executors mapping",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::Executor,
        ty: Ty::Map(&EXECUTOR),
        doc: "A reusable executor, selected in a job with `executor: name`.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

const DOCKER_DOC: &str = "Runs the job in Docker containers. The first image is the primary container where every step runs; further images are service containers (databases, caches) reachable from it.";
const MACHINE_DOC: &str = "Runs the job in a dedicated virtual machine (Linux, Windows, Arm or GPU) with full access to Docker. Set `image` to the VM image; `machine: true` is deprecated on CircleCI cloud.";
const MACOS_DOC: &str =
    "Runs the job on a macOS virtual machine with the given Xcode version installed.";
const RESOURCE_CLASS_DOC: &str = "The CPU and memory of the job's execution environment (`small`, `medium`, `large`, `arm.medium`, `m4pro.medium`, ...), or a self-hosted runner as `namespace/name`. Without it CircleCI picks a default that may change.";
const SHELL_DOC: &str = "The shell that runs every `run` step's command, unless a step sets its own. Default on Linux: `/bin/bash -eo pipefail` when bash exists, else `/bin/sh -eo pipefail`; on macOS `/bin/bash --login -eo pipefail`.";
const WORKING_DIRECTORY_DOC: &str = "The directory steps run in, created when missing. Default: `~/project`. The path is not expanded, so `$VARIABLES` in it are taken literally.";
const ENVIRONMENT_DOC: &str = "Environment variables set for every step, as `NAME: value` pairs.";

static EXECUTOR: MapSchema = MapSchema {
    what: "an executor",
    keys: &[
        key("description", Ty::Str, "What the executor provides; shown in orb documentation and hovers."),
        key("parameters", Ty::Map(&PARAMETER_DECLARATIONS), "Parameters the executor takes, read as `<< parameters.name >>` and passed as `executor: {name: ..., param: value}`."),
        key("docker", Ty::List(&DOCKER_IMAGE_TY), DOCKER_DOC).snippet("docker:\n  - image: $1"),
        key("machine", Ty::OneOf(&[Ty::Bool, Ty::Map(&MACHINE)]), MACHINE_DOC).snippet("machine:\n  image: ${1:ubuntu-2404:current}"),
        key("macos", Ty::Map(&MACOS), MACOS_DOC).snippet("macos:\n  xcode: $1"),
        key("windows", Ty::Any, "A Windows execution environment as provided by the Windows orb's executors. In your own config prefer `machine` with a Windows image."),
        key("resource_class", Ty::Format(Format::ResourceClass), RESOURCE_CLASS_DOC),
        key("shell", STR_OR_LIST, SHELL_DOC),
        key("working_directory", Ty::Str, WORKING_DIRECTORY_DOC).default("~/project"),
        key("environment", Ty::Env, ENVIRONMENT_DOC),
    ],
    other: Other::Closed,
    one_of_required: &[&["docker", "machine", "macos", "windows"]],
    exclusive: &["docker", "machine", "macos", "windows"],
    role: MapRole::Plain,
};

/// Language and service images of the legacy `circleci/` namespace.
pub static LEGACY_IMAGES: &[&str] = &[
    "android",
    "buildpack-deps",
    "clojure",
    "dynamodb",
    "elixir",
    "golang",
    "jruby",
    "mariadb",
    "mongo",
    "mysql",
    "node",
    "openjdk",
    "php",
    "postgres",
    "python",
    "redis",
    "ruby",
    "rust",
];

static DOCKER_IMAGE_TY: Ty = Ty::Map(&DOCKER_IMAGE);

pub static DOCKER_IMAGE: MapSchema = closed(
    "a Docker image entry",
    &[
        key("image", Ty::Str, "The image to run, as `name:tag` or `name@sha256:digest`, from Docker Hub unless a registry host is given. The first image of the list is the primary container.")
            .required()
            .with_role(KeyRole::Image),
        key("name", Ty::Str, "The hostname under which the other containers reach this one. By default every container is reachable on `localhost`."),
        key("entrypoint", STR_OR_LIST, "Replaces the image's `ENTRYPOINT` when the container starts."),
        key("command", STR_OR_LIST, "Replaces the image's `CMD`: the arguments to the entrypoint, or the program to run when the image has no entrypoint."),
        key("user", Ty::Str, "The user commands run as inside the container."),
        key("environment", Ty::Env, "Environment variables for the container's own entrypoint and command (not for the job's steps)."),
        key("auth", Ty::Map(&DOCKER_AUTH), "Registry credentials (`docker login` style) to pull the image with. Keep the password in a context or project environment variable.")
            .snippet("auth:\n  username: $1\n  password: \\$${2:DOCKERHUB_PASSWORD}")
            .with_role(KeyRole::DockerCredentials),
        key("aws_auth", Ty::Map(&AWS_AUTH), "Credentials for pulling from AWS Elastic Container Registry: an OIDC role, or an access key pair.")
            .snippet("aws_auth:\n  oidc_role_arn: $1")
            .with_role(KeyRole::DockerCredentials),
        key("gcp_auth", Ty::Map(&GCP_AUTH), "OIDC credentials for pulling from Google Artifact Registry.")
            .snippet("gcp_auth:\n  oidc_service_account: $1\n  workload_identity_pool: $2\n  workload_identity_provider: $3"),
    ],
);

static DOCKER_AUTH: MapSchema = closed(
    "the registry credentials",
    &[
        key("username", Ty::Str, "The registry user name.").required(),
        key("password", Ty::Str, "The registry password or access token. Reference an environment variable (`$DOCKERHUB_PASSWORD`) rather than writing the secret in the config.")
            .required(),
    ],
);

static AWS_AUTH: MapSchema = MapSchema {
    what: "the AWS ECR credentials",
    keys: &[
        key("aws_access_key_id", Ty::Str, "The AWS access key ID. Defaults to the `AWS_ACCESS_KEY_ID` project variable when `aws_auth` is left out."),
        key("aws_secret_access_key", Ty::Str, "The AWS secret access key; reference an environment variable rather than writing it in the config."),
        key("oidc_role_arn", Ty::Str, "The ARN of an IAM role CircleCI assumes through OpenID Connect, instead of an access key pair."),
    ],
    other: Other::Closed,
    one_of_required: &[&["aws_access_key_id", "oidc_role_arn"]],
    exclusive: &[],
    role: MapRole::Plain,
};

static GCP_AUTH: MapSchema = closed(
    "the Google Artifact Registry credentials",
    &[
        key("oidc_service_account", Ty::Str, "The email of the Google service account to impersonate.").required(),
        key("workload_identity_pool", Ty::Str, "The workload identity pool, as `projects/<number>/locations/global/workloadIdentityPools/<pool>`.").required(),
        key("workload_identity_provider", Ty::Str, "The provider ID within the workload identity pool.").required(),
    ],
);

static MACHINE: MapSchema = closed(
    "the machine executor settings",
    &[
        key("image", Ty::Format(Format::MachineImage), "The VM image, such as `ubuntu-2404:current`, `windows-server-2022-gui:current` or `android:2024.11.1`. Pin a dated tag for reproducible builds."),
        key("docker_layer_caching", Ty::Bool, "Reuse Docker image layers built in earlier jobs (Docker layer caching).").default("false"),
        key("resource_class", Ty::Format(Format::ResourceClass), "The VM size; usually set at the job level instead."),
        key("shell", Ty::Str, "The shell for `run` steps, for example `powershell.exe -ExecutionPolicy Bypass` on Windows images."),
        key("enabled", Ty::Bool, "Legacy 2.0 switch for the machine executor.").deprecated("`machine: enabled` is a 2.0 leftover; write `machine:` with an `image` instead."),
    ],
);

static MACOS: MapSchema = closed(
    "the macOS executor settings",
    &[
        key("xcode", Ty::Format(Format::XcodeVersion), "The Xcode version installed on the VM, such as `16.2.0`; it also selects the macOS version.").required(),
        key("resource_class", Ty::Format(Format::ResourceClass), "The VM size; usually set at the job level instead."),
        key("shell", Ty::Str, "The shell for `run` steps."),
    ],
);

// ---------------------------------------------------------------------------------------------
// Jobs
// ---------------------------------------------------------------------------------------------

static JOBS: MapSchema = MapSchema {
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
        Requirement { any_of: &["steps"], message: "The job `{name}` has no `steps`; add the steps it runs." },
        Requirement { any_of: JOB_EXECUTOR_KEYS, message: "The job `{name}` has no execution environment; add `docker`, `machine`, `macos` or `executor`." },
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
const MACHINE_TRUE: TrueDeprecation = TrueDeprecation {
    message: "`machine: true` is deprecated on CircleCI cloud; choose an image, for example `machine: { image: ubuntu-2404:current }`.",
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
            .v21(),
        key("resource_class", Ty::Format(Format::ResourceClass), RESOURCE_CLASS_DOC),
        key("shell", STR_OR_LIST, SHELL_DOC),
        key("working_directory", Ty::Str, WORKING_DIRECTORY_DOC).default("~/project"),
        key("environment", Ty::Env, ENVIRONMENT_DOC),
        key("parallelism", Ty::Int { min: 1, max: i64::MAX }, "How many copies of the job run at once, each with its own `CIRCLE_NODE_INDEX`; split tests across them with `circleci tests run`.")
            .default("1"),
        key("steps", Ty::List(&STEP_ITEM), "The steps the job runs, in order. A step is a built-in step (`run`, `checkout`, ...), a command, or an orb command.")
            .required()
            .snippet("steps:\n  - checkout\n  - run: $1"),
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

static EXECUTOR_INVOCATION: MapSchema = MapSchema {
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

// ---------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------

/// A step: a bare step name (`checkout`, a command without arguments) or a single-key
/// mapping from the step name to its settings.
pub static STEP_ITEM: Ty = Ty::OneOf(&[Ty::Str, Ty::Map(&STEP)]);

pub static STEP_WHEN: &[Choice] = &[
    choice(
        "on_success",
        "Run only if every earlier step succeeded (the default).",
    ),
    choice(
        "always",
        "Run whatever happened before, for example to upload logs or coverage.",
    ),
    choice(
        "on_fail",
        "Run only if an earlier step failed, for example to save diagnostics or send an alert.",
    ),
];

const STEP_NAME_DOC: &str = "The title shown for the step in the CircleCI web app.";

/// Built-in steps that may be written as a bare word, without settings.
pub const BARE_STEPS: &[&str] = &["checkout", "setup_remote_docker", "add_ssh_keys"];

pub static STEP: MapSchema = MapSchema {
    what: "a step",
    keys: &[
        key("run", Ty::OneOf(&[Ty::Str, Ty::Map(&RUN)]), "Runs a shell command. Write the command directly (`run: make test`) or a mapping with `command` and settings such as `name`, `environment`, `when` and `no_output_timeout`. Each `run` starts a new shell.")
            .snippet("run:\n  name: $1\n  command: $2"),
        key("checkout", Ty::Map(&CHECKOUT), "Checks out the project's source code into the working directory (or `path`). Submodules are not checked out.")
            .snippet("checkout"),
        key("setup_remote_docker", Ty::Map(&SETUP_REMOTE_DOCKER), "Creates a remote Docker engine for a Docker-executor job, so that `docker build` and `docker run` work. Not needed (and not allowed) with the machine executor.")
            .snippet("setup_remote_docker"),
        key("save_cache", Ty::Map(&SAVE_CACHE), "Saves files or directories (dependencies, build outputs) under a cache `key` for later jobs. A key is written once; later saves to the same key are skipped.")
            .snippet("save_cache:\n  key: ${1:v1-deps-{{ checksum \"$2\" \\}\\}}\n  paths:\n    - $3"),
        key("restore_cache", Ty::Map(&RESTORE_CACHE), "Restores a cache saved earlier, looking keys up as prefixes and taking the most recent match. Files go back where they were saved.")
            .snippet("restore_cache:\n  keys:\n    - $1"),
        key("store_artifacts", Ty::Map(&STORE_ARTIFACTS), "Uploads a file or directory as job artifacts, visible in the web app and through the API.")
            .snippet("store_artifacts:\n  path: $1"),
        key("store_test_results", Ty::Map(&STORE_TEST_RESULTS), "Uploads JUnit XML test results, for the Tests tab, insights and timing-based test splitting.")
            .snippet("store_test_results:\n  path: $1"),
        key("persist_to_workspace", Ty::Map(&PERSIST_TO_WORKSPACE), "Adds files to the workflow's workspace so that downstream jobs can `attach_workspace` them.")
            .snippet("persist_to_workspace:\n  root: $1\n  paths:\n    - $2"),
        key("attach_workspace", Ty::Map(&ATTACH_WORKSPACE), "Downloads the workspace persisted by upstream jobs into a directory.")
            .snippet("attach_workspace:\n  at: ${1:.}"),
        key("add_ssh_keys", Ty::Map(&ADD_SSH_KEYS), "Installs SSH keys added in the project settings into the container and configures SSH to use them.")
            .snippet("add_ssh_keys:\n  fingerprints:\n    - \"$1\""),
        key("when", Ty::Map(&CONDITIONAL_STEP), "Runs the nested `steps` only when `condition` is true. The condition is decided when the config is compiled (parameters and pipeline values), not while the job runs.")
            .v21()
            .snippet("when:\n  condition: $1\n  steps:\n    - $2"),
        key("unless", Ty::Map(&CONDITIONAL_STEP), "Runs the nested `steps` only when `condition` is false. The condition is decided when the config is compiled.")
            .v21()
            .snippet("unless:\n  condition: $1\n  steps:\n    - $2"),
        key("steps", Ty::List(&STEP_ITEM), "Inserts a list of steps here, typically a `steps` parameter: `- steps: << parameters.after-build >>`.")
            .v21(),
        key("deploy", Ty::OneOf(&[Ty::Str, Ty::Map(&RUN)]), "A `run` step that ran only on the last container of a parallel job.")
            .deprecated("The `deploy` step is deprecated; use `run` (with a job of parallelism 1 for deployments)."),
    ],
    other: Other::Names(&Names {
        kind: NameKind::StepInvocation,
        ty: Ty::Any,
        doc: "A command invocation: a command from `commands:` or an orb command (`orb/command`), with its parameters as the value.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Step,
};

pub static RUN: MapSchema = lenient(
    "the `run` step",
    &[
        key("command", Ty::Str, "The command to run through the shell; multi-line commands run in the same shell.").required(),
        key("name", Ty::Str, "The title shown for the step in the web app. Default: the command itself."),
        key("shell", Ty::Str, "The shell to run this command with. Default: the job's shell."),
        key("environment", Ty::Env, "Environment variables for this command only."),
        key("background", Ty::Bool, "Starts the command and moves on to the next step without waiting for it (for servers such as Xvfb).").default("false"),
        key("working_directory", Ty::Str, "The directory to run in, relative to the job's working directory.").default("."),
        key("no_output_timeout", Ty::Format(Format::Duration), "How long the command may run without printing anything before it is stopped, such as `20m`, `1.5h` or `90s`.").default("10m"),
        key("when", Ty::Enum(STEP_WHEN), "When the step runs, depending on how the earlier steps went: `on_success` (default), `always` or `on_fail`.").default("on_success"),
        key("max_auto_reruns", Ty::Int { min: 1, max: 5 }, "Reruns the step automatically up to this many times (1 to 5) when it fails. Needs the long form with `command`."),
        key("auto_rerun_delay", Ty::Format(Format::RerunDelay), "How long to wait before an automatic rerun, such as `30s` or `2m` (at most 10 minutes). Only with `max_auto_reruns`."),
    ],
);

pub static CHECKOUT_METHODS: &[Choice] = &[
    choice("blobless", "Fetches the commit history but only the file contents of the checked-out commit; faster for most projects (the default)."),
    choice("full", "A full clone with every object, for steps that need old file contents (scanners, comparisons)."),
    choice("shallow", "A shallow clone limited to `depth` commits."),
];

static CHECKOUT: MapSchema = lenient(
    "the `checkout` step",
    &[
        key("path", Ty::Str, "Where to check out, relative to the job's working directory. An existing git repository there is fetched into instead of cloned.").default("."),
        key("method", Ty::Enum(CHECKOUT_METHODS), "How to clone: `blobless` (default) or `full`.").default("blobless"),
        key("depth", Ty::Int { min: 1, max: i64::MAX }, "For shallow clones: how many commits of history to fetch."),
        key("name", Ty::Str, STEP_NAME_DOC),
    ],
);

static SETUP_REMOTE_DOCKER: MapSchema = lenient(
    "the `setup_remote_docker` step",
    &[
        key("version", Ty::Format(Format::DockerVersion), "The Docker engine version of the remote environment; `default` picks the current one.").default("default"),
        key("docker_layer_caching", Ty::Bool, "Reuse image layers from earlier jobs (Docker layer caching).").default("false"),
        key("prefer_same_region", Ty::Bool, "Try pulling images from the same region as the VM first, falling back to the image's own region.").default("false"),
        key("name", Ty::Str, STEP_NAME_DOC),
        key("reusable", Ty::Bool, "Legacy 2.0 option to keep the remote engine between jobs.").deprecated("`reusable` is no longer supported; use `docker_layer_caching`."),
        key("exclusive", Ty::Bool, "Legacy 2.0 option for a dedicated remote engine.").deprecated("`exclusive` is no longer supported; remove it."),
    ],
);

static SAVE_CACHE: MapSchema = lenient(
    "the `save_cache` step",
    &[
        key("key", Ty::Str, "The cache key. Templates make it change with its inputs: `{{ checksum \"package-lock.json\" }}`, `{{ .Branch }}`, `{{ .Revision }}`, `{{ .BuildNum }}`, `{{ .Environment.NAME }}`, `{{ epoch }}`, `{{ arch }}`. Start keys with a version prefix such as `v1-` so that you can invalidate them.")
            .required(),
        key("paths", STR_OR_LIST, "The directories or files to save. Wildcards are not supported.").required(),
        key("name", Ty::Str, STEP_NAME_DOC).default("Saving Cache"),
        key("when", Ty::Enum(STEP_WHEN), "When the step runs: `on_success` (default), `always` or `on_fail`.").default("on_success"),
    ],
);

static RESTORE_CACHE: MapSchema = MapSchema {
    what: "the `restore_cache` step",
    keys: &[
        key("key", Ty::Str, "One cache key (prefix) to restore."),
        key("keys", STR_OR_LIST, "Cache keys (prefixes) to try in order; the first that matches a saved cache wins. List the most specific key first."),
        key("name", Ty::Str, STEP_NAME_DOC).default("Restoring Cache"),
    ],
    other: Other::Lenient,
    one_of_required: &[&["key", "keys"]],
    exclusive: &[],
    role: MapRole::Plain,
};

static STORE_ARTIFACTS: MapSchema = lenient(
    "the `store_artifacts` step",
    &[
        key(
            "path",
            Ty::Str,
            "The file or directory in the primary container to upload.",
        )
        .required(),
        key(
            "destination",
            Ty::Str,
            "A prefix for the uploaded artifact paths. Default: the directory of `path`.",
        ),
        key("name", Ty::Str, STEP_NAME_DOC),
    ],
);

static STORE_TEST_RESULTS: MapSchema = lenient(
    "the `store_test_results` step",
    &[
        key("path", Ty::Str, "A directory of JUnit XML files, or one such file; absolute or relative to the working directory.").required(),
        key("name", Ty::Str, STEP_NAME_DOC),
    ],
);

static PERSIST_TO_WORKSPACE: MapSchema = lenient(
    "the `persist_to_workspace` step",
    &[
        key("root", Ty::Str, "The directory that becomes the workspace root; absolute or relative to the working directory.").required(),
        key("paths", STR_OR_LIST, "Files or directories to add, relative to `root`; Go glob patterns such as `build/*` work.").required(),
        key("name", Ty::Str, STEP_NAME_DOC),
    ],
);

static ATTACH_WORKSPACE: MapSchema = lenient(
    "the `attach_workspace` step",
    &[
        key("at", Ty::Str, "The directory to copy the workspace into.").required(),
        key("name", Ty::Str, STEP_NAME_DOC),
    ],
);

static ADD_SSH_KEYS: MapSchema = lenient(
    "the `add_ssh_keys` step",
    &[
        key("fingerprints", Ty::List(&Ty::Str), "Fingerprints (MD5 or `SHA256:...`) of the project SSH keys to add. Default: every key of the project."),
        key("name", Ty::Str, STEP_NAME_DOC),
    ],
);

// CircleCI's schema leaves the conditional step's mapping open: other keys are warnings.
static CONDITIONAL_STEP: MapSchema = lenient(
    "a conditional step",
    &[
        key("condition", LOGIC, "A logic statement: a value (truthy unless `false`, `null`, `0`, `NaN` or an empty string), or `and`, `or`, `not`, `equal`, `matches`. Usually a parameter: `<< parameters.deploy >>`.")
            .required(),
        key("steps", Ty::List(&STEP_ITEM), "The steps to run when the condition holds (for `unless`: when it does not).").required(),
    ],
);

// ---------------------------------------------------------------------------------------------
// Logic statements
// ---------------------------------------------------------------------------------------------

/// A logic statement: a scalar (truthiness) or an operator mapping.
pub const LOGIC: Ty = Ty::OneOf(&LOGIC_ALTERNATIVES);

static LOGIC_TY: Ty = Ty::OneOf(&LOGIC_ALTERNATIVES);

static LOGIC_ALTERNATIVES: [Ty; 2] = [Ty::Str, Ty::Map(&LOGIC_OPERATORS)];

pub static LOGIC_OPERATORS: MapSchema = lenient(
    "a logic statement",
    &[
        key("and", Ty::List(&LOGIC_TY), "True when every statement in the list is true.").snippet("and:\n  - $1"),
        key("or", Ty::List(&LOGIC_TY), "True when any statement in the list is true.").snippet("or:\n  - $1"),
        key("not", Ty::OneOf(&LOGIC_ALTERNATIVES), "True when the statement is false."),
        key("equal", Ty::List(&Ty::Any), "True when all the values in the list are equal, for example `equal: [ main, << pipeline.git.branch >> ]`.")
            .snippet("equal: [ $1, $2 ]"),
        key("matches", Ty::Map(&LOGIC_MATCHES), "True when `value` fully matches the Java regular expression `pattern`.")
            .snippet("matches:\n  pattern: \"$1\"\n  value: $2"),
    ],
)
.role(MapRole::Logic);

static LOGIC_MATCHES: MapSchema = closed(
    "a `matches` statement",
    &[
        key("pattern", Ty::Str, "A Java regular expression that must match the whole value; anchor it with `^` and `$` to be explicit.").required(),
        key("value", Ty::Str, "The value to test, typically a pipeline value such as `<< pipeline.git.branch >>`.").required(),
    ],
);

// ---------------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------------

static WORKFLOWS: MapSchema = MapSchema {
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

static BRANCH_FILTER: MapSchema = lenient(
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
        key("pre-steps", Ty::List(&STEP_ITEM), "Steps run before the job's own steps.").v21(),
        key("post-steps", Ty::List(&STEP_ITEM), "Steps run after the job's own steps.").v21(),
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

static JOB_GROUPS: MapSchema = MapSchema {
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

// ---------------------------------------------------------------------------------------------
// Values with their own documentation
// ---------------------------------------------------------------------------------------------

/// A resource class: its name, where it applies and its size.
#[derive(Clone, Copy, Debug)]
pub struct ResourceClass {
    pub name: &'static str,
    pub doc: &'static str,
    pub deprecated: Option<&'static str>,
}

const fn rc(name: &'static str, doc: &'static str) -> ResourceClass {
    ResourceClass {
        name,
        doc,
        deprecated: None,
    }
}

const fn rc_old(name: &'static str, doc: &'static str, why: &'static str) -> ResourceClass {
    ResourceClass {
        name,
        doc,
        deprecated: Some(why),
    }
}

pub static RESOURCE_CLASSES: &[ResourceClass] = &[
    rc("small", "Docker: 1 vCPU, 2 GB."),
    rc("medium", "Docker: 2 vCPU, 4 GB. Machine (Linux VM): 2 vCPU, 7.5 GB."),
    rc("medium+", "Docker: 3 vCPU, 6 GB."),
    rc("large", "Docker: 4 vCPU, 8 GB. Machine: 4 vCPU, 15 GB."),
    rc("xlarge", "Docker: 8 vCPU, 16 GB. Machine: 8 vCPU, 32 GB."),
    rc("2xlarge", "Docker: 16 vCPU, 32 GB. Machine: 16 vCPU, 64 GB."),
    rc("2xlarge+", "Docker: 20 vCPU, 40 GB. Machine: 32 vCPU, 64 GB."),
    rc("small.gen2", "Docker gen2: 1 vCPU, 2 GB (paid plans)."),
    rc("medium.gen2", "Docker gen2: 2 vCPU, 4 GB. Machine gen2: 2 vCPU, 8 GB."),
    rc("medium+.gen2", "Docker gen2: 3 vCPU, 6 GB."),
    rc("large.gen2", "Docker gen2: 4 vCPU, 8 GB. Machine gen2: 4 vCPU, 16 GB."),
    rc("xlarge.gen2", "Docker gen2: 8 vCPU, 16 GB. Machine gen2: 8 vCPU, 32 GB."),
    rc("2xlarge.gen2", "Docker gen2: 16 vCPU, 32 GB. Machine gen2: 16 vCPU, 64 GB."),
    rc("2xlarge+.gen2", "Docker gen2: 20 vCPU, 40 GB. Machine gen2: 32 vCPU, 128 GB."),
    rc("medium.gen3", "Machine gen3 (beta): 2 vCPU, 8 GB."),
    rc("large.gen3", "Machine gen3 (beta): 4 vCPU, 16 GB."),
    rc("xlarge.gen3", "Machine gen3 (beta): 8 vCPU, 32 GB."),
    rc("2xlarge.gen3", "Machine gen3 (beta): 16 vCPU, 64 GB."),
    rc("2xlarge+.gen3", "Machine gen3 (beta): 32 vCPU, 128 GB."),
    rc("arm.medium", "Arm (Docker or machine): 2 vCPU, 8 GB."),
    rc("arm.large", "Arm (Docker or machine): 4 vCPU, 16 GB."),
    rc("arm.xlarge", "Arm (Docker or machine): 8 vCPU, 32 GB."),
    rc("arm.2xlarge", "Arm (Docker or machine): 16 vCPU, 64 GB."),
    rc("arm.medium.gen2", "Arm machine gen2 (beta): 2 vCPU, 8 GB."),
    rc("arm.large.gen2", "Arm machine gen2 (beta): 4 vCPU, 16 GB."),
    rc("arm.xlarge.gen2", "Arm machine gen2 (beta): 8 vCPU, 32 GB."),
    rc("arm.2xlarge.gen2", "Arm machine gen2 (beta): 16 vCPU, 64 GB."),
    rc("m4pro.medium", "macOS on Apple M4 Pro: 6 vCPU, 28 GB."),
    rc("m4pro.large", "macOS on Apple M4 Pro: 12 vCPU, 56 GB."),
    rc("m2pro.medium", "macOS on Apple M2 Pro: 4 vCPU, 8 GB."),
    rc("m2pro.large", "macOS on Apple M2 Pro: 8 vCPU, 16 GB."),
    rc("macos.m1.medium.gen1", "macOS on Apple M1: 4 vCPU, 6 GB."),
    rc("macos.m1.large.gen1", "macOS on Apple M1: 8 vCPU, 12 GB."),
    rc_old("macos.x86.medium.gen2", "macOS on Intel.", "Intel macOS resource classes were retired; use an Apple silicon class such as `m4pro.medium`."),
    rc_old("macos.x86.metal.gen1", "macOS on Intel, dedicated host.", "Intel macOS resource classes were retired; use an Apple silicon class such as `m4pro.medium`."),
    rc("windows.medium", "Windows VM: 4 vCPU, 15 GB (the default on Windows)."),
    rc("windows.large", "Windows VM: 8 vCPU, 30 GB."),
    rc("windows.xlarge", "Windows VM: 16 vCPU, 60 GB."),
    rc("windows.2xlarge", "Windows VM: 32 vCPU, 128 GB."),
    rc("windows.gpu.nvidia.medium", "Windows GPU VM: 16 vCPU, 60 GB, 1 NVIDIA Tesla T4."),
    rc("gpu.nvidia.small", "Linux GPU VM: 4 vCPU, 16 GB, 1 NVIDIA Tesla P4."),
    rc("gpu.nvidia.small.gen2", "Linux GPU VM: 4 vCPU, 16 GB, 1 NVIDIA A10G."),
    rc("gpu.nvidia.small.multi", "Linux GPU VM: 4 vCPU, 15 GB, 2 NVIDIA Tesla T4."),
    rc("gpu.nvidia.medium", "Linux GPU VM: 8 vCPU, 30 GB, 1 NVIDIA Tesla T4."),
    rc("gpu.nvidia.medium.multi", "Linux GPU VM: 8 vCPU, 30 GB, 4 NVIDIA Tesla T4."),
    rc("gpu.nvidia.large", "Linux GPU VM: 8 vCPU, 30 GB, 1 NVIDIA Tesla V100."),
];

/// Xcode versions of CircleCI's macOS executor images, newest first, from CircleCI's
/// "Supported Xcode versions" documentation (2025). CircleCI adds new versions and retires
/// old ones, so validation warns about an unknown version and stays quiet about versions
/// newer than this list.
pub static XCODE_VERSIONS: &[(&str, &str)] = &[
    ("16.4.0", "The macOS image with Xcode 16.4."),
    ("16.3.0", "The macOS image with Xcode 16.3."),
    ("16.2.0", "The macOS image with Xcode 16.2."),
    ("16.1.0", "The macOS image with Xcode 16.1."),
    ("16.0.0", "The macOS image with Xcode 16.0."),
    ("15.4.0", "The macOS image with Xcode 15.4."),
    ("15.3.0", "The macOS image with Xcode 15.3."),
    ("15.2.0", "The macOS image with Xcode 15.2."),
    ("15.1.0", "The macOS image with Xcode 15.1."),
    ("15.0.0", "The macOS image with Xcode 15.0."),
    ("14.3.1", "The macOS image with Xcode 14.3.1."),
    ("14.2.0", "The macOS image with Xcode 14.2."),
];

/// Machine images offered on completion. Validation does not restrict images: the list
/// changes often and server installations have their own.
pub static MACHINE_IMAGES: &[(&str, &str)] = &[
    (
        "ubuntu-2404:current",
        "Ubuntu 24.04 VM, the latest monthly release.",
    ),
    (
        "ubuntu-2204:current",
        "Ubuntu 22.04 VM, the latest monthly release.",
    ),
    (
        "ubuntu-2404:edge",
        "Ubuntu 24.04 VM, the upcoming release for early testing.",
    ),
    (
        "android:2024.11.1",
        "Android VM image with the Android SDK and emulator.",
    ),
    (
        "windows-server-2022-gui:current",
        "Windows Server 2022 with a desktop.",
    ),
    ("windows-server-2019:current", "Windows Server 2019."),
    ("linux-cuda-12:default", "Linux GPU image with CUDA 12."),
    (
        "windows-server-2019-cuda:current",
        "Windows Server 2019 GPU image with CUDA.",
    ),
];

/// Remote Docker versions offered on completion.
pub static DOCKER_VERSIONS: &[(&str, &str)] = &[(
    "default",
    "The Docker version CircleCI currently recommends for remote Docker.",
)];

/// Values always available as `<< pipeline.name >>`.
pub static PIPELINE_VALUES: &[(&str, &str)] = &[
    ("pipeline.id", "The pipeline's globally unique ID."),
    ("pipeline.number", "The pipeline's number, unique within the project."),
    ("pipeline.project.git_url", "The URL of the project's repository."),
    ("pipeline.project.type", "The VCS provider in lower case, such as `github` or `bitbucket`."),
    ("pipeline.project.slug", "The project slug, such as `gh/org/repo`."),
    ("pipeline.git.tag", "The git tag that triggered the pipeline; empty when a branch push did."),
    ("pipeline.git.branch", "The git branch the pipeline runs for."),
    ("pipeline.git.branch.is_default", "Whether the branch is the repository's default branch."),
    ("pipeline.git.revision", "The full SHA of the commit being built."),
    ("pipeline.git.base_revision", "The SHA of the commit built before this one on the branch; empty for a branch's first pipeline and for GitHub App projects."),
    ("pipeline.git.repo_owner", "The owner (organisation or user) of the repository."),
    ("pipeline.git.repo_name", "The name of the repository."),
    ("pipeline.git.repo_url", "The URL of the repository."),
    ("pipeline.git.commit.subject", "The first line of the commit message."),
    ("pipeline.git.commit.body", "The commit message after its first line."),
    ("pipeline.git.commit.author_login", "The commit author's user name."),
    ("pipeline.git.commit.author_name", "The commit author's name."),
    ("pipeline.git.commit.author_email", "The commit author's email address."),
    ("pipeline.git.commit.url", "The URL of the commit."),
    ("pipeline.in_setup", "True while the setup phase of dynamic configuration runs."),
    ("pipeline.trigger_source", "What triggered the pipeline, such as `webhook`, `api` or `scheduled_pipeline`."),
    ("pipeline.schedule.name", "The name of the schedule that triggered the pipeline; empty otherwise."),
    ("pipeline.schedule.id", "The ID of the schedule that triggered the pipeline; empty otherwise."),
    ("pipeline.trigger.type", "The kind of trigger that started the pipeline."),
    ("pipeline.event.name", "The name of the event that triggered the pipeline."),
    ("pipeline.event.action", "The action of the triggering event."),
];
