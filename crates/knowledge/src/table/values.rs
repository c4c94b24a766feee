//! Values with their own documentation: resource classes, Xcode versions, machine images,
//! Docker versions and pipeline values.

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
    ("pipeline.name", "The name of the pipeline definition."),
    ("pipeline.definition.id", "The ID of the pipeline definition."),
    ("pipeline.integration_source", "The VCS integration the pipeline comes from, such as `github_app`, `github`, `bitbucket` or `gitlab`."),
    ("pipeline.git.tag", "The git tag that triggered the pipeline; empty when a branch push did."),
    ("pipeline.git.branch", "The git branch the pipeline runs for."),
    ("pipeline.git.branch.is_default", "Whether the branch is the repository's default branch."),
    ("pipeline.git.revision", "The full SHA of the commit being built."),
    ("pipeline.git.base_revision", "The SHA of the commit built before this one on the branch; empty for a branch's first pipeline and for GitHub App projects."),
    ("pipeline.git.repo_owner", "The owner (organisation or user) of the repository."),
    ("pipeline.git.repo_name", "The name of the repository."),
    ("pipeline.git.repo_url", "The URL of the repository."),
    ("pipeline.git.repo_id", "The repository's unique ID."),
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
    ("pipeline.trigger.id", "The ID of the trigger that started the pipeline."),
    ("pipeline.event.name", "The name of the event that triggered the pipeline."),
    ("pipeline.event.action", "The action of the triggering event."),
];
