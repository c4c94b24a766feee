//! The images a registry orb job runs in when a workflow runs it (`- node/test`): the job's
//! own `docker:` images or its executor's. The workflow entry's arguments fill the job's
//! parameters, and the job's arguments to its executor (`tag: << parameters.version >>`)
//! fill the executor's; an image whose text is not known before CircleCI compiles the config
//! (a templated or matrix argument, an executor of another orb) is left out.

use super::orb_interfaces::{
    filled_by, substitute, ExpandedImage, Filled, OrbExecutor, OrbInterfaces, OrbJob, OrbJobRuns,
};
use super::resolve::{DockerModel, OrbImage};
use crate::model::index::ExecutorUse;
use crate::model::Model;
use syntax::text::template::whole_parameter_template;
use syntax::yaml::{Mapping, Node};

/// Adds the images of every registry orb job that workflows and job groups run.
pub(super) fn add_images<'a>(model: &mut DockerModel<'a>, index: &Model<'a>, orbs: &OrbInterfaces) {
    for entry in &index.entries {
        let Some(job) = orbs.jobs.get(entry.job) else {
            continue;
        };
        let Some((alias, _)) = entry.job.split_once('/') else {
            continue;
        };
        for (executor, release, expanded) in job_images(job, alias, entry.job, entry.args, orbs) {
            model.add_orb_image(OrbImage {
                text: expanded.text,
                image: expanded.image,
                auth: expanded.auth,
                executor,
                release,
                name_node: entry.job_node,
                args: expanded.args,
                jobs: vec![entry.job.to_string()],
                run_by: Some(entry.job.to_string()),
            });
        }
    }
}

/// How the workflow entry fills a parameter of the job it runs.
fn entry_fill<'a>(args: Option<&'a Mapping>, name: &str) -> Filled<'a> {
    let Some(args) = args else {
        return Filled::Default;
    };
    let in_matrix = args
        .get("matrix")
        .and_then(|m| m.get("parameters"))
        .and_then(|p| p.get(name))
        .is_some();
    if in_matrix {
        return Filled::Unknown;
    }
    filled_by(args.get(name))
}

/// The images of one run of `job` (`alias/name`), with the executor they belong to (as the
/// config would name it) and its release.
fn job_images<'a>(
    job: &OrbJob,
    alias: &str,
    job_name: &str,
    args: Option<&'a Mapping>,
    orbs: &OrbInterfaces,
) -> Vec<(String, String, ExpandedImage<'a>)> {
    let fill = |name: &str| entry_fill(args, name);
    let (name, executor_args) = match &job.runs {
        OrbJobRuns::Images(images) => {
            let own = OrbExecutor {
                release: job.release.clone(),
                images: images.clone(),
                defaults: job.defaults.clone(),
            };
            return own
                .expand_with(&fill)
                .into_iter()
                .map(|e| (job_name.to_string(), job.release.clone(), e))
                .collect();
        }
        OrbJobRuns::Executor { name, args } => (name, args),
    };
    let with = |executor: String, images: Vec<ExpandedImage<'a>>, release: &str| {
        images
            .into_iter()
            .map(|e| (executor.clone(), release.to_string(), e))
            .collect()
    };
    let job_param =
        whole_parameter_template(name).and_then(|(pipeline, q)| (!pipeline).then_some(q));
    match job_param {
        // `executor: << parameters.executor >>`: the entry passes an executor as the config
        // names it, or the job's default names one of the orb's.
        Some(param) => match (fill(param), args.and_then(|a| a.get(param))) {
            // A name is text; `{name: node/default, tag: …}` is a mapping, not a value.
            (filled, Some(node))
                if !matches!(filled, Filled::Unknown) || node.as_mapping().is_some() =>
            {
                passed_executor(node, orbs).map_or_else(Vec::new, |(n, e, a)| {
                    with(n.to_string(), e.expand(a), &e.release)
                })
            }
            (Filled::Default, _) => {
                let Some(Some(default)) = job.defaults.get(param) else {
                    return Vec::new();
                };
                orb_executor(alias, default, orbs)
                    .map(|(full, e)| with(full, e.expand(None), &e.release))
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        },
        None => {
            let Some((full, executor)) = orb_executor(alias, name, orbs) else {
                return Vec::new();
            };
            // The job's argument to each executor parameter, its own parameters filled in.
            let images = executor.expand_with(&|param| match executor_args.get(param) {
                None => Filled::Default,
                Some(written) => match substitute(written, &job.defaults, &fill) {
                    Some((value, nodes)) => Filled::Given(value, nodes),
                    None => Filled::Unknown,
                },
            });
            with(full, images, &executor.release)
        }
    }
}

/// The registry orb executor a workflow entry passes to a job (`executor: node/default` or
/// `executor: {name: node/default, tag: …}`), with the mapping its arguments are in.
fn passed_executor<'a, 'o>(
    node: &'a Node,
    orbs: &'o OrbInterfaces,
) -> Option<(&'a str, &'o OrbExecutor, Option<&'a Node>)> {
    let used = ExecutorUse::read(node)?;
    let name = used.name()?;
    Some((name, orbs.executors.get(name)?, used.args))
}

/// An executor of the orb by the name the orb's own files use (`default`); an executor of
/// another orb the orb imports (`cli/default`) is not known here.
fn orb_executor<'o>(
    alias: &str,
    name: &str,
    orbs: &'o OrbInterfaces,
) -> Option<(String, &'o OrbExecutor)> {
    if name.contains('/') || name.contains("<<") {
        return None;
    }
    let full = format!("{alias}/{name}");
    let executor = orbs.executors.get(&full)?;
    Some((full, executor))
}
