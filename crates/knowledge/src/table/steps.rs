//! Commands, steps and the logic statements of `when` steps and workflows.

use super::*;

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

pub static COMMANDS: MapSchema = MapSchema {
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
        .required()
        .with_role(KeyRole::Steps(StepOrder::Own)),
    ],
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
            .snippet("run:\n  name: $1\n  command: $2")
            .with_role(KeyRole::Script),
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
            .v21()
            .with_role(KeyRole::Steps(StepOrder::Own)),
        key("deploy", Ty::OneOf(&[Ty::Str, Ty::Map(&RUN)]), "A `run` step that ran only on the last container of a parallel job.")
            .deprecated("The `deploy` step is deprecated; use `run` (with a job of parallelism 1 for deployments).")
            .with_role(KeyRole::Script),
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
        key("command", Ty::Str, "The command to run through the shell; multi-line commands run in the same shell.")
            .required()
            .with_role(KeyRole::Script),
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
        key("steps", Ty::List(&STEP_ITEM), "The steps to run when the condition holds (for `unless`: when it does not).")
            .required()
            .with_role(KeyRole::Steps(StepOrder::Own)),
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
