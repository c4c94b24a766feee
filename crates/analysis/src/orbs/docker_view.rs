//! What the Docker index needs from the orb data: how the Docker orb's steps log in and pull,
//! and the images of the executors of every declared orb.
//!
//! Which of the Docker orb's members logs in and which pulls is a small table; whether the
//! resolved release has them, how it spells their parameters and what it defaults to come
//! from the data. A Docker orb reference that does not resolve (an unknown major, `dev:`) is
//! read with the newest known release: every known major has the same login and pull members,
//! and reading them keeps a login from looking absent.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::data::{Catalog, Member, MemberKind, Release, RunsOn};
use super::declared::declared_orbs;
use crate::docker::orb_interfaces::{
    DockerOrbSteps, LoginStep, OrbExecutor, OrbInterfaces, OrbJob, OrbJobRuns, PullStep,
};
use crate::model::index::Model;

/// The Docker orb.
const DOCKER_ORB: &str = "circleci/docker";
/// Its member that logs in, and the parameter naming the registry.
const LOGIN: (&str, &str) = ("check", "registry");
/// Its member that pulls, and the parameter listing the images.
const PULL: (&str, &str) = ("pull", "images");

/// The orb knowledge of the config's declared registry orbs, for the Docker index.
pub fn interfaces(model: &Model<'_>, catalog: &Catalog) -> OrbInterfaces {
    let mut out = OrbInterfaces::default();
    for declared in declared_orbs(model, catalog) {
        let Some(alias) = model.def(declared.def).map(|d| d.name.clone()) else {
            continue;
        };
        // A major newer than the data resolves to no release of its own.
        let resolved = declared
            .resolved
            .as_ref()
            .filter(|r| !r.releases.is_empty())
            .map(|r| r.release.clone());
        if declared.orb == DOCKER_ORB {
            let release = resolved
                .clone()
                .or_else(|| catalog.releases(DOCKER_ORB).first().cloned());
            if let Some(release) = release {
                out.docker_orbs
                    .insert(alias.clone(), docker_steps(&release));
            }
        }
        let Some(release) = resolved else {
            continue;
        };
        for executor in release.members(MemberKind::Executor) {
            if let Some(e) = orb_executor(&release, executor) {
                out.executors
                    .insert(format!("{alias}/{}", executor.name), e);
            }
        }
        for job in release.members(MemberKind::Job) {
            if let Some(j) = orb_job(&release, job) {
                out.jobs.insert(format!("{alias}/{}", job.name), j);
            }
        }
    }
    out
}

/// The login and pull members of a Docker orb release.
pub fn docker_steps(release: &Release) -> DockerOrbSteps {
    let login = release.member(MemberKind::Command, LOGIN.0).map(|member| {
        let param = find_param(member, LOGIN.1);
        LoginStep {
            member: member.name.clone(),
            registry_param: param.map(|p| p.name.clone()),
            default_registry: param.and_then(|p| p.default.clone()),
        }
    });
    let pull = release
        .member(MemberKind::Command, PULL.0)
        .and_then(|member| {
            Some(PullStep {
                member: member.name.clone(),
                images_param: find_param(member, PULL.1)?.name.clone(),
            })
        });
    DockerOrbSteps { login, pull }
}

/// A parameter by name, whichever of `-` and `_` the release separates words with (the
/// Docker orb moved from `docker-username` to `docker_username` in 3.0).
fn find_param<'m>(member: &'m Member, name: &str) -> Option<&'m super::data::Param> {
    let norm = |s: &str| s.replace('-', "_");
    member.params.iter().find(|p| norm(&p.name) == norm(name))
}

fn defaults(member: &Member) -> BTreeMap<String, Option<String>> {
    member
        .params
        .iter()
        .map(|p| (p.name.clone(), p.default.clone()))
        .collect()
}

/// The Docker images a member runs in, with whether the orb gives them credentials.
fn images_of(runs: &RunsOn) -> Vec<(String, bool)> {
    runs.images
        .iter()
        .map(|i| (i.image.clone(), i.auth))
        .collect()
}

fn release_name(release: &Release) -> String {
    format!("{}@{}", release.orb, release.version)
}

fn orb_executor(release: &Arc<Release>, executor: &Member) -> Option<OrbExecutor> {
    let runs = executor.runs_on.as_ref()?;
    if runs.kind != "docker" || runs.images.is_empty() {
        return None;
    }
    Some(OrbExecutor {
        release: release_name(release),
        images: images_of(runs),
        defaults: defaults(executor),
    })
}

/// Where a job runs, when that may be Docker images: its own `docker:` images or an executor.
fn orb_job(release: &Arc<Release>, job: &Member) -> Option<OrbJob> {
    let runs = job.runs_on.as_ref()?;
    let runs = match (runs.kind.as_str(), &runs.executor) {
        ("docker", _) if !runs.images.is_empty() => OrbJobRuns::Images(images_of(runs)),
        ("executor", Some(name)) => OrbJobRuns::Executor {
            name: name.clone(),
            args: runs.args.clone(),
        },
        _ => return None,
    };
    Some(OrbJob {
        release: release_name(release),
        defaults: defaults(job),
        runs,
    })
}
