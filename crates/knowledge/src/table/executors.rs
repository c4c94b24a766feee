//! Executors and the execution environments a job runs in: Docker images, machine, macOS.

use super::*;

pub(super) static EXECUTORS: MapSchema = MapSchema {
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

pub(super) const DOCKER_DOC: &str = "Runs the job in Docker containers. The first image is the primary container where every step runs; further images are service containers (databases, caches) reachable from it.";
pub(super) const MACHINE_DOC: &str = "Runs the job in a dedicated virtual machine (Linux, Windows, Arm or GPU) with full access to Docker. Set `image` to the VM image; `machine: true` is deprecated on CircleCI cloud.";
pub(super) const MACOS_DOC: &str =
    "Runs the job on a macOS virtual machine with the given Xcode version installed.";
pub(super) const RESOURCE_CLASS_DOC: &str = "The CPU and memory of the job's execution environment (`small`, `medium`, `large`, `arm.medium`, `m4pro.medium`, ...), or a self-hosted runner as `namespace/name`. Without it CircleCI picks a default that may change.";
pub(super) const SHELL_DOC: &str = "The shell that runs every `run` step's command, unless a step sets its own. Default on Linux: `/bin/bash -eo pipefail` when bash exists, else `/bin/sh -eo pipefail`; on macOS `/bin/bash --login -eo pipefail`.";
pub(super) const WORKING_DIRECTORY_DOC: &str = "The directory steps run in, created when missing. Default: `~/project`. The path is not expanded, so `$VARIABLES` in it are taken literally.";
pub(super) const ENVIRONMENT_DOC: &str =
    "Environment variables set for every step, as `NAME: value` pairs.";

static EXECUTOR: MapSchema = MapSchema {
    what: "an executor",
    keys: &[
        key("description", Ty::Str, "What the executor provides; shown in orb documentation and hovers."),
        key("parameters", Ty::Map(&PARAMETER_DECLARATIONS), "Parameters the executor takes, read as `<< parameters.name >>` and passed as `executor: {name: ..., param: value}`."),
        key("docker", Ty::List(&DOCKER_IMAGE_TY), DOCKER_DOC).snippet("docker:\n  - image: $1"),
        key("machine", Ty::OneOf(&[Ty::Bool, Ty::Map(&MACHINE)]), MACHINE_DOC).snippet("machine:\n  image: ${1:ubuntu-2404:current}")
            .deprecated_true(MACHINE_TRUE),
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

pub(super) static DOCKER_IMAGE_TY: Ty = Ty::Map(&DOCKER_IMAGE);

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

pub(super) static MACHINE: MapSchema = closed(
    "the machine executor settings",
    &[
        key("image", Ty::Format(Format::MachineImage), "The VM image, such as `ubuntu-2404:current`, `windows-server-2022-gui:current` or `android:2024.11.1`. Pin a dated tag for reproducible builds."),
        key("docker_layer_caching", Ty::Bool, "Reuse Docker image layers built in earlier jobs (Docker layer caching).").default("false"),
        key("resource_class", Ty::Format(Format::ResourceClass), "The VM size; usually set at the job level instead."),
        key("shell", Ty::Str, "The shell for `run` steps, for example `powershell.exe -ExecutionPolicy Bypass` on Windows images."),
        key("enabled", Ty::Bool, "Legacy 2.0 switch for the machine executor.").deprecated("`machine: enabled` is a 2.0 leftover; write `machine:` with an `image` instead."),
    ],
);

pub(super) static MACOS: MapSchema = closed(
    "the macOS executor settings",
    &[
        key("xcode", Ty::Format(Format::XcodeVersion), "The Xcode version installed on the VM, such as `16.2.0`; it also selects the macOS version.").required(),
        key("resource_class", Ty::Format(Format::ResourceClass), "The VM size; usually set at the job level instead."),
        key("shell", Ty::Str, "The shell for `run` steps."),
    ],
);
