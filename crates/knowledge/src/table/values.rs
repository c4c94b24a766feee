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

const M1_M2_RETIRED: &str =
    "CircleCI retired its M1 and M2 Macs on 2026-02-16; use `m4pro.medium`.";
const M1_M2_RETIRED_LARGE: &str =
    "CircleCI retired its M1 and M2 Macs on 2026-02-16; use `m4pro.large`.";

/// Resource classes of CircleCI's cloud executors.
///
/// Sources: CircleCI's configuration reference (`resource_class`) and its "Using the macOS
/// execution environment" page. The macOS classes are as of 2026-10-15 (Apple M1 and M2
/// classes reached end of life on 2026-02-16; m4pro classes replace them); the Docker,
/// machine, Arm, Windows and GPU classes as of 2025, not rechecked since.
pub static RESOURCE_CLASSES: &[ResourceClass] = &[
    rc("small", "Docker: 1 vCPU, 2 GB."),
    rc(
        "medium",
        "Docker: 2 vCPU, 4 GB. Machine (Linux VM): 2 vCPU, 7.5 GB.",
    ),
    rc("medium+", "Docker: 3 vCPU, 6 GB."),
    rc("large", "Docker: 4 vCPU, 8 GB. Machine: 4 vCPU, 15 GB."),
    rc("xlarge", "Docker: 8 vCPU, 16 GB. Machine: 8 vCPU, 32 GB."),
    rc(
        "2xlarge",
        "Docker: 16 vCPU, 32 GB. Machine: 16 vCPU, 64 GB.",
    ),
    rc(
        "2xlarge+",
        "Docker: 20 vCPU, 40 GB. Machine: 32 vCPU, 64 GB.",
    ),
    rc("small.gen2", "Docker gen2: 1 vCPU, 2 GB (paid plans)."),
    rc(
        "medium.gen2",
        "Docker gen2: 2 vCPU, 4 GB. Machine gen2: 2 vCPU, 8 GB.",
    ),
    rc("medium+.gen2", "Docker gen2: 3 vCPU, 6 GB."),
    rc(
        "large.gen2",
        "Docker gen2: 4 vCPU, 8 GB. Machine gen2: 4 vCPU, 16 GB.",
    ),
    rc(
        "xlarge.gen2",
        "Docker gen2: 8 vCPU, 16 GB. Machine gen2: 8 vCPU, 32 GB.",
    ),
    rc(
        "2xlarge.gen2",
        "Docker gen2: 16 vCPU, 32 GB. Machine gen2: 16 vCPU, 64 GB.",
    ),
    rc(
        "2xlarge+.gen2",
        "Docker gen2: 20 vCPU, 40 GB. Machine gen2: 32 vCPU, 128 GB.",
    ),
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
    rc(
        "arm.2xlarge.gen2",
        "Arm machine gen2 (beta): 16 vCPU, 64 GB.",
    ),
    rc("m4pro.medium", "macOS on Apple M4 Pro: 6 vCPU, 28 GB."),
    rc("m4pro.large", "macOS on Apple M4 Pro: 12 vCPU, 56 GB."),
    rc_old(
        "m2pro.medium",
        "macOS on Apple M2 Pro: 4 vCPU, 8 GB.",
        M1_M2_RETIRED,
    ),
    rc_old(
        "m2pro.large",
        "macOS on Apple M2 Pro: 8 vCPU, 16 GB.",
        M1_M2_RETIRED_LARGE,
    ),
    rc_old(
        "macos.m1.medium.gen1",
        "macOS on Apple M1: 4 vCPU, 6 GB.",
        M1_M2_RETIRED,
    ),
    rc_old(
        "macos.m1.large.gen1",
        "macOS on Apple M1: 8 vCPU, 12 GB.",
        M1_M2_RETIRED_LARGE,
    ),
    rc_old(
        "macos.x86.medium.gen2",
        "macOS on Intel.",
        "CircleCI retired its Intel Macs; use `m4pro.medium`.",
    ),
    rc_old(
        "macos.x86.metal.gen1",
        "macOS on Intel, dedicated host.",
        "CircleCI retired its Intel Macs; use `m4pro.medium`.",
    ),
    rc(
        "windows.medium",
        "Windows VM: 4 vCPU, 15 GB (the default on Windows).",
    ),
    rc("windows.large", "Windows VM: 8 vCPU, 30 GB."),
    rc("windows.xlarge", "Windows VM: 16 vCPU, 60 GB."),
    rc("windows.2xlarge", "Windows VM: 32 vCPU, 128 GB."),
    rc(
        "windows.gpu.nvidia.medium",
        "Windows GPU VM: 16 vCPU, 60 GB, 1 NVIDIA Tesla T4.",
    ),
    rc(
        "gpu.nvidia.small",
        "Linux GPU VM: 4 vCPU, 16 GB, 1 NVIDIA Tesla P4.",
    ),
    rc(
        "gpu.nvidia.small.gen2",
        "Linux GPU VM: 4 vCPU, 16 GB, 1 NVIDIA A10G.",
    ),
    rc(
        "gpu.nvidia.small.multi",
        "Linux GPU VM: 4 vCPU, 15 GB, 2 NVIDIA Tesla T4.",
    ),
    rc(
        "gpu.nvidia.medium",
        "Linux GPU VM: 8 vCPU, 30 GB, 1 NVIDIA Tesla T4.",
    ),
    rc(
        "gpu.nvidia.medium.multi",
        "Linux GPU VM: 8 vCPU, 30 GB, 4 NVIDIA Tesla T4.",
    ),
    rc(
        "gpu.nvidia.large",
        "Linux GPU VM: 8 vCPU, 30 GB, 1 NVIDIA Tesla V100.",
    ),
];

/// Xcode versions of CircleCI's macOS executor images, newest first.
///
/// Source: CircleCI's "Using the macOS execution environment" page, table "Supported Xcode
/// versions for Apple silicon" (<https://circleci.com/docs/guides/execute/using-macos/>), as
/// of 2026-10-15; 16.4.0 and 15.4.0 stay under CircleCI's Xcode image policy (the latest minor
/// of the last four majors, <https://circleci.com/docs/guides/execution-managed/xcode-policy/>).
/// CircleCI adds versions and retires old ones, so validation stays quiet about versions newer
/// than this list.
pub static XCODE_VERSIONS: &[(&str, &str)] = &[
    ("27.2.0", "The macOS image with Xcode 27.2 (m4pro classes)."),
    ("27.1.0", "The macOS image with Xcode 27.1 (m4pro classes)."),
    ("27.0.0", "The macOS image with Xcode 27.0 (m4pro classes)."),
    ("26.6.0", "The macOS image with Xcode 26.6 (m4pro classes)."),
    ("26.5.0", "The macOS image with Xcode 26.5 (m4pro classes)."),
    (
        "26.4.1",
        "The macOS image with Xcode 26.4.1 (m4pro classes).",
    ),
    ("16.4.0", "The macOS image with Xcode 16.4 (m4pro classes)."),
    ("15.4.0", "The macOS image with Xcode 15.4."),
];

/// Xcode versions CircleCI once offered and has retired, from the same page's earlier
/// editions (2024 to 2026-02) and CircleCI's changelog of Xcode deprecations, as of
/// 2026-10-15. A config naming one fails to start; the replacement is the newest offered
/// version of the same major, or the newest overall.
pub static RETIRED_XCODE_VERSIONS: &[&str] = &[
    "26.4.0", "26.3.0", "26.2.0", "26.1.1", "26.1.0", "26.0.1", "26.0.0", "16.3.0", "16.2.0",
    "16.1.0", "16.0.0", "15.3.0", "15.2.0", "15.1.0", "15.0.0", "14.3.1", "14.3.0", "14.2.0",
    "14.1.0", "14.0.1", "14.0.0", "13.4.1", "13.3.1", "13.2.1", "13.1.0", "13.0.0", "12.5.1",
    "12.4.0", "12.3.0", "12.2.0", "12.1.1", "12.0.1", "11.7.0", "11.6.0", "11.5.0", "11.4.1",
    "11.3.1", "11.2.1", "11.1.0", "11.0.0", "10.3.0", "10.2.1", "10.1.0", "10.0.0", "9.4.1",
    "9.3.1", "9.2.0", "9.1.0", "9.0.1", "8.3.3",
];

/// Machine images offered on completion. Validation does not restrict images: the list
/// changes often and server installations have their own. Source: CircleCI's "Machine
/// images" pages on its Developer Hub, as of 2025, not rechecked since.
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

/// Remote Docker versions offered on completion. Source: CircleCI's "Remote Docker" page:
/// `default` is the one value it recommends, as of 2025.
pub static DOCKER_VERSIONS: &[(&str, &str)] = &[(
    "default",
    "The Docker version CircleCI currently recommends for remote Docker.",
)];

/// Values always available as `<< pipeline.name >>`. Source: CircleCI's "Pipeline values and
/// parameters" page, as of 2025, not rechecked since.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 19: retired macOS classes say so and name their replacement; the lists hold no
    /// value twice and no retired Xcode version is also offered.
    #[test]
    fn retired_values_name_their_replacement() {
        for name in [
            "m2pro.medium",
            "macos.m1.medium.gen1",
            "macos.x86.medium.gen2",
        ] {
            let class = RESOURCE_CLASSES.iter().find(|c| c.name == name);
            let why = class.and_then(|c| c.deprecated).unwrap_or_default();
            assert!(
                why.contains("retired") && why.contains("m4pro."),
                "{name}: {why}"
            );
        }
        for (v, _) in XCODE_VERSIONS {
            assert!(
                !RETIRED_XCODE_VERSIONS.contains(v),
                "{v} is offered and retired"
            );
        }
        let mut seen = std::collections::HashSet::new();
        assert!(RETIRED_XCODE_VERSIONS.iter().all(|v| seen.insert(*v)));
    }
}
