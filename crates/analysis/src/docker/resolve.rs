//! Collects every image the config pulls: docker executor entries (in jobs, reusable
//! executors and inline orbs), the images of registry orb executors jobs run on, the Docker
//! orb's pull steps and `docker` commands in `run` steps, together with what authenticates
//! them. What registry orbs hold comes from the orb data, through `OrbInterfaces`.
//!
//! Aliases and `<<` merges are already resolved by the YAML layer, so an entry reached through
//! several jobs shows up once per job with the same written spans; the rules report each
//! written span once.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::command::Stdin;
use super::image_ref::{self, ImageRef, Registry};
use super::orb_interfaces::{DockerOrbSteps, OrbInterfaces};
use super::shell::{self, DockerCommand, DockerVerb};
use crate::model::index::{ExecutorUse, Runs, StepId, Target, WorkflowEntry};
use crate::model::{DefId, DefKind, Model};
use syntax::yaml::source_map::ScalarMap;
use syntax::yaml::{Entry, Node, NodeKind, Span};

/// A docker executor image entry (`- image: …` with its `auth`/`aws_auth`).
#[derive(Debug)]
pub struct ImageEntry<'a> {
    /// The entry mapping.
    pub mapping: &'a Node,
    pub image_key: &'a Node,
    pub image_value: &'a Node,
    /// `None` when `image` is not a string.
    pub image: Option<ImageRef>,
    pub auth: Option<&'a Entry>,
    pub aws_auth: Option<&'a Entry>,
    /// Jobs that run in this image (names as in `jobs:`; inline orb jobs as `orb/job`).
    pub jobs: Vec<String>,
    /// Reusable executors this entry belongs to.
    pub executors: Vec<String>,
}

impl ImageEntry<'_> {
    /// The source span of the image text (inside quotes), or the scalar's span.
    pub fn image_span(&self, text: &str) -> Span {
        value_span(text, self.image_value)
    }
}

/// An image a job runs in because it names an executor of a registry orb
/// (`executor: node/default`). The config cannot give it `auth`: only the orb can.
#[derive(Debug)]
pub struct OrbImage<'a> {
    /// The image text with the executor's parameters filled in.
    pub text: String,
    pub image: ImageRef,
    /// The orb gives the image credentials.
    pub auth: bool,
    /// The executor as written: `node/default`.
    pub executor: String,
    /// The release its images were read from: `circleci/node@7.2.1`.
    pub release: String,
    /// The executor name as written in the job (the `executor:` value or its `name:`).
    pub name_node: &'a Node,
    /// Arguments of the use the image took values from (`tag: "20.11"`).
    pub args: Vec<&'a Node>,
    /// Jobs that run in it.
    pub jobs: Vec<String>,
    /// The registry orb job a workflow runs (`node/test`) when the image is the job's: then
    /// `name_node` names that job in the workflow, and `executor` is the executor the job
    /// runs in, or the job itself when it writes its images.
    pub run_by: Option<String>,
}

impl OrbImage<'_> {
    /// What the config names that runs in the image: the orb job run, or the executor.
    pub fn user(&self) -> &str {
        self.run_by.as_deref().unwrap_or(&self.executor)
    }
}

/// How an image is pulled outside the executor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PullKind {
    /// The Docker orb's `docker/pull` step (`images:` parameter).
    OrbPull,
    /// `docker pull|run|create` in a `run` step.
    Shell(DockerVerb),
}

/// An image pulled by a step.
#[derive(Debug)]
pub struct StepPull<'a> {
    pub kind: PullKind,
    /// Shared by the job's pulls.
    pub job: Arc<str>,
    /// The scalar the image is written in (`images:` value or `run` command).
    pub node: &'a Node,
    pub image: ImageRef,
    /// The image's span inside the scalar's value.
    pub value_span: Span,
    /// True when an earlier step of the job (or a workflow `pre-steps`) logged in to a
    /// registry that may be Docker Hub.
    pub logged_in: bool,
    /// The `- <orb>/pull` step item, for inserting a login step before it.
    pub step_item: Option<&'a Node>,
    /// For an orb pull: the orb's login step (`docker/check`), when its release has one.
    pub login_step: Option<String>,
    /// Where the shell command is and what feeds it (for `Shell` pulls).
    pub command: Option<PullCommand>,
    /// A `docker run|create` of an image that is local by then: built or tagged earlier in
    /// the job, loaded with `docker load`, or run with `--pull never`. Nothing is pulled.
    pub local: bool,
}

/// What the login fix needs of a `docker pull|run|create` command; the rest of the parsed
/// command (its words, each with the script offset of every byte) is not kept per pull.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PullCommand {
    /// From the command's first word to its last, as in [`DockerCommand::span`].
    pub span: Span,
    pub stdin: Stdin,
}

/// A `docker login` in a run step.
#[derive(Debug)]
pub struct ShellLogin<'a> {
    pub job: Arc<str>,
    pub node: &'a Node,
    pub command: DockerCommand,
    pub registry: Registry,
}

/// Everything the docker rules, hovers and completions need to know about a config.
#[derive(Debug, Default)]
pub struct DockerModel<'a> {
    pub entries: Vec<ImageEntry<'a>>,
    /// Images of registry orb executors, once per written executor use and image.
    pub orb_images: Vec<OrbImage<'a>>,
    pub pulls: Vec<StepPull<'a>>,
    pub logins: Vec<ShellLogin<'a>>,
    /// Orb aliases bound to the Docker orb, with how its steps log in and pull.
    pub docker_orbs: BTreeMap<String, DockerOrbSteps>,
    /// Contexts the workflows give each job, by job name (the key under `jobs:`).
    pub job_contexts: BTreeMap<String, Vec<String>>,
}

/// The source span of a scalar's value text (quotes excluded when the value maps).
pub fn value_span(text: &str, node: &Node) -> Span {
    let Some(value) = node.as_str() else {
        return node.span;
    };
    ScalarMap::new(text, node)
        .and_then(|m| m.span(Span::new(0, value.len())))
        .filter(|s| !s.is_empty())
        .unwrap_or(node.span)
}

/// Reads the images of the config whose definitions `index` holds: the model says where
/// jobs, executors, commands, inline orbs and workflow entries are, where each job runs and
/// which steps it runs; `orbs` what the registry orbs it declares hold.
pub fn collect<'a>(index: &Model<'a>, orbs: &OrbInterfaces) -> DockerModel<'a> {
    let mut model = DockerModel {
        docker_orbs: orbs.docker_orbs.clone(),
        job_contexts: job_contexts(index),
        ..DockerModel::default()
    };
    let mut entries = Entries::default();
    for id in index.defs_by_scope(DefKind::Executor) {
        let docker = index.def(id).and_then(|d| d.node?.get("docker"));
        let name = index.qualified_name(id);
        entries.add(&mut model, docker, None, Some(&name));
    }
    // Entries that add steps before their job's, which may log in for it.
    let with_pre_steps: Vec<&WorkflowEntry<'a>> = index
        .entries
        .iter()
        .filter(|e| !e.before.is_empty())
        .collect();
    for id in index.defs_by_scope(DefKind::Job) {
        job_images(&mut model, &mut entries, index, id, orbs);
        job_steps(&mut model, index, id, &with_pre_steps);
    }
    super::orb_jobs::add_images(&mut model, index, orbs);
    model
}

/// Image entries already recorded, by written mapping and image.
#[derive(Default)]
struct Entries {
    index: BTreeMap<(Span, Span), usize>,
}

impl Entries {
    /// Records the entries of a `docker:` list, run by `job` or part of `executor`.
    fn add<'a>(
        &mut self,
        model: &mut DockerModel<'a>,
        docker: Option<&'a Node>,
        job: Option<&str>,
        executor: Option<&str>,
    ) {
        let Some(items) = docker.and_then(Node::as_sequence) else {
            return;
        };
        for item in &items.items {
            let Some(entry) = image_entry(item) else {
                continue;
            };
            // One entry per written mapping and image; a merge makes a new mapping.
            let key = (item.span, entry.image_value.span);
            let idx = *self.index.entry(key).or_insert_with(|| {
                model.entries.push(entry);
                model.entries.len() - 1
            });
            if let Some(e) = model.entries.get_mut(idx) {
                add_name(&mut e.jobs, job);
                add_name(&mut e.executors, executor);
            }
        }
    }
}

fn add_name(names: &mut Vec<String>, name: Option<&str>) {
    if let Some(name) = name.filter(|n| !names.iter().any(|x| x == n)) {
        names.push(name.to_string());
    }
}

/// The images job `id` runs in, by where the model says it runs: its own `docker:` list, a
/// reusable executor's, or a registry orb executor's.
fn job_images<'a>(
    model: &mut DockerModel<'a>,
    entries: &mut Entries,
    index: &Model<'a>,
    id: DefId,
    orbs: &OrbInterfaces,
) {
    let job_name = index.qualified_name(id);
    match index.def(id).and_then(|d| d.runs.as_ref()) {
        Some(Runs::Docker(list)) => entries.add(model, Some(list), Some(&job_name), None),
        Some(Runs::Executor(_, Some(Target::Def(executor)))) => {
            let docker = index.def(*executor).and_then(|d| d.node?.get("docker"));
            let name = index.qualified_name(*executor);
            entries.add(model, docker, Some(&job_name), Some(&name));
        }
        Some(Runs::Executor(used, Some(Target::OrbMember { .. }))) => {
            add_orb_images(model, *used, &job_name, orbs);
        }
        _ => {}
    }
}

/// The pulls and logins of job `id`'s steps; a workflow entry's `pre-steps` that log in count
/// as a login before them.
fn job_steps<'a>(
    model: &mut DockerModel<'a>,
    index: &Model<'a>,
    id: DefId,
    with_pre_steps: &[&WorkflowEntry<'a>],
) {
    let job_name = index.qualified_name(id);
    let running = with_pre_steps.iter().filter(|e| index.runs_job(e, id));
    let logged_in_by_pre_steps = running.into_iter().any(|entry| {
        let mut probe = StepWalk::new(&job_name, &model.docker_orbs);
        probe.walk(index, &index.expanded_steps(&entry.before));
        probe.logged_in
    });
    let mut walk = StepWalk::new(&job_name, &model.docker_orbs);
    walk.logged_in = logged_in_by_pre_steps;
    walk.walk(index, &index.body_steps(id));
    model.pulls.extend(walk.pulls);
    model.logins.extend(walk.logins);
}

/// The images of the registry orb executor a job names, if any.
fn add_orb_images<'a>(
    model: &mut DockerModel<'a>,
    used: ExecutorUse<'a>,
    job_name: &str,
    orbs: &OrbInterfaces,
) {
    let Some(name) = used.name() else {
        return;
    };
    let Some(orb_executor) = orbs.executors.get(name) else {
        return;
    };
    for expanded in orb_executor.expand(used.args) {
        let image = OrbImage {
            text: expanded.text,
            image: expanded.image,
            auth: expanded.auth,
            executor: name.to_string(),
            release: orb_executor.release.clone(),
            name_node: used.name_node,
            args: expanded.args,
            jobs: vec![job_name.to_string()],
            run_by: None,
        };
        model.add_orb_image(image);
    }
}

impl<'a> DockerModel<'a> {
    /// Records an orb image once per written name and image text; a second job running in
    /// it is added to the first record.
    pub(super) fn add_orb_image(&mut self, image: OrbImage<'a>) {
        let existing = self
            .orb_images
            .iter_mut()
            .find(|o| o.name_node.span == image.name_node.span && o.text == image.text);
        match existing {
            Some(existing) => {
                for job in image.jobs {
                    add_name(&mut existing.jobs, Some(&job));
                }
            }
            None => self.orb_images.push(image),
        }
    }
}

/// The entry's parts when `item` is a mapping with an `image` key.
fn image_entry(item: &Node) -> Option<ImageEntry<'_>> {
    let map = item.as_mapping()?;
    let entry = map.entry("image")?;
    let image = entry.value.as_str().and_then(ImageRef::parse);
    Some(ImageEntry {
        mapping: item,
        image_key: &entry.key,
        image_value: &entry.value,
        image,
        auth: map.entry("auth"),
        aws_auth: map.entry("aws_auth"),
        jobs: Vec::new(),
        executors: Vec::new(),
    })
}

/// The contexts workflows and job groups give each job, by job name as the entries write it.
fn job_contexts(index: &Model<'_>) -> BTreeMap<String, Vec<String>> {
    let mut contexts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in &index.entries {
        let list = contexts.entry(entry.job.to_string()).or_default();
        let Some(ctx) = entry.args.and_then(|a| a.get("context")) else {
            continue;
        };
        let names: Vec<&str> = match &ctx.kind {
            NodeKind::Scalar(s) => vec![s.value.as_str()],
            NodeKind::Sequence(s) => s.items.iter().filter_map(Node::as_str).collect(),
            _ => Vec::new(),
        };
        for n in names {
            add_name(list, Some(n));
        }
    }
    contexts
}

/// Walks a job's steps in order, expanding reusable commands, and records pulls and logins.
struct StepWalk<'a, 't> {
    job: Arc<str>,
    /// Full names of images built or tagged earlier in the job.
    local_images: HashSet<String>,
    /// Whether `docker load` ran earlier in the job (image names unknown).
    loaded: bool,
    docker_orbs: &'t BTreeMap<String, DockerOrbSteps>,
    logged_in: bool,
    pulls: Vec<StepPull<'a>>,
    logins: Vec<ShellLogin<'a>>,
}

impl<'a, 't> StepWalk<'a, 't> {
    fn new(job: &str, docker_orbs: &'t BTreeMap<String, DockerOrbSteps>) -> StepWalk<'a, 't> {
        StepWalk {
            job: Arc::from(job),
            local_images: HashSet::new(),
            loaded: false,
            docker_orbs,
            logged_in: false,
            pulls: Vec::new(),
            logins: Vec::new(),
        }
    }

    /// The steps of a job, expanded by the model, in the order they run.
    fn walk(&mut self, index: &Model<'a>, steps: &[StepId]) {
        for step in steps.iter().filter_map(|id| index.steps.get(*id)) {
            let (name, args) = (step.name, step.args);
            if name == "run" {
                let command = args.and_then(|a| a.as_str().map(|_| a).or_else(|| a.get("command")));
                if let Some(command) = command {
                    self.shell(command);
                }
                continue;
            }
            let Some((orb, member)) = name.split_once('/') else {
                continue;
            };
            if let Some(steps) = self.docker_orbs.get(orb) {
                self.docker_orb_step(orb, steps, member, step.item, args);
            }
        }
    }

    /// A step of the Docker orb: its login member logs in (to the registry its argument or
    /// the parameter's default names), its pull member pulls the listed images.
    fn docker_orb_step(
        &mut self,
        alias: &str,
        steps: &DockerOrbSteps,
        step: &str,
        item: &'a Node,
        args: Option<&'a Node>,
    ) {
        if let Some(login) = steps.login.as_ref().filter(|l| l.member == step) {
            let written = login
                .registry_param
                .as_deref()
                .and_then(|p| args.and_then(|a| a.get(p)))
                .and_then(Node::as_str);
            let registry = written
                .or(login.default_registry.as_deref())
                .map_or(Registry::DockerHub, image_ref::registry_of_server);
            if matches!(registry, Registry::DockerHub | Registry::Unknown) {
                self.logged_in = true;
            }
            return;
        }
        let Some(pull) = steps.pull.as_ref().filter(|p| p.member == step) else {
            return;
        };
        let Some(images) = args.and_then(|a| a.get(&pull.images_param)) else {
            return;
        };
        let Some(value) = images.as_str() else {
            return;
        };
        let login_step = steps
            .login
            .as_ref()
            .map(|l| format!("{alias}/{}", l.member));
        let mut offset = 0;
        for part in value.split(',') {
            let trimmed = part.trim();
            let lead = part.len() - part.trim_start().len();
            let start = offset + lead;
            offset += part.len() + 1;
            let Some(image) = ImageRef::parse(trimmed) else {
                continue;
            };
            self.pulls.push(StepPull {
                kind: PullKind::OrbPull,
                job: self.job.clone(),
                node: images,
                image,
                value_span: Span::new(start, start + trimmed.len()),
                logged_in: self.logged_in,
                step_item: Some(item),
                login_step: login_step.clone(),
                command: None,
                local: false,
            });
        }
    }

    fn shell(&mut self, node: &'a Node) {
        let Some(script) = node.as_str() else {
            return;
        };
        for cmd in shell::find_docker_commands(script) {
            match cmd.verb {
                DockerVerb::Login => self.shell_login(node, cmd),
                DockerVerb::Build | DockerVerb::Tag => {
                    let built = cmd.local_tags.iter().filter_map(|t| ImageRef::parse(t));
                    self.local_images
                        .extend(built.map(|image| image.full_name()));
                }
                DockerVerb::Load => self.loaded = true,
                _ => self.shell_pull(node, cmd),
            }
        }
    }

    /// `docker login`: to Docker Hub (or a registry that may be it), it logs the job in.
    fn shell_login(&mut self, node: &'a Node, cmd: DockerCommand) {
        let registry = cmd
            .login
            .as_ref()
            .and_then(|l| l.server.as_ref())
            .map_or(Registry::DockerHub, |s| {
                image_ref::registry_of_server(&s.text)
            });
        if matches!(registry, Registry::DockerHub | Registry::Unknown) {
            self.logged_in = true;
        }
        self.logins.push(ShellLogin {
            job: self.job.clone(),
            node,
            command: cmd,
            registry,
        });
    }

    /// `docker pull|run|create` of an image, local when built, tagged or loaded before.
    fn shell_pull(&mut self, node: &'a Node, cmd: DockerCommand) {
        let Some(word) = cmd.image.as_ref() else {
            return;
        };
        let Some(image) = ImageRef::parse(&word.text) else {
            return;
        };
        let local = cmd.verb != DockerVerb::Pull
            && (cmd.pull_never || self.loaded || self.local_images.contains(&image.full_name()));
        // A word whose text is not written as is (escapes) keeps its raw span.
        let value_span = word.text_span().unwrap_or(word.span);
        self.pulls.push(StepPull {
            kind: PullKind::Shell(cmd.verb),
            job: self.job.clone(),
            node,
            image,
            value_span,
            logged_in: self.logged_in,
            step_item: None,
            login_step: None,
            command: Some(PullCommand {
                span: cmd.span,
                stdin: cmd.stdin,
            }),
            local,
        });
    }
}
