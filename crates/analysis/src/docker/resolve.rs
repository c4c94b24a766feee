//! Collects every image the config pulls: docker executor entries (in jobs, reusable
//! executors and inline orbs), the images of registry orb executors jobs run on, the Docker
//! orb's pull steps and `docker` commands in `run` steps, together with what authenticates
//! them. What registry orbs hold comes from the orb data, through `OrbInterfaces`.
//!
//! Aliases and `<<` merges are already resolved by the YAML layer, so an entry reached through
//! several jobs shows up once per job with the same written spans; the rules report each
//! written span once.

use std::collections::{BTreeMap, HashSet};

use super::image_ref::{self, ImageRef, Registry};
use super::orb_interfaces::{DockerOrbSteps, OrbInterfaces};
use super::shell::{self, DockerCommand, DockerVerb};
use crate::model::index::Step;
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
    pub job: String,
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
    /// The shell command (for `Shell` pulls).
    pub command: Option<DockerCommand>,
    /// A `docker run|create` of an image that is local by then: built or tagged earlier in
    /// the job, loaded with `docker load`, or run with `--pull never`. Nothing is pulled.
    pub local: bool,
}

/// A `docker login` in a run step.
#[derive(Debug)]
pub struct ShellLogin<'a> {
    pub job: String,
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

/// Where jobs, executors and commands are defined: the config itself or an inline orb.
struct Scope {
    /// `""` for the config, `alias/` for an inline orb.
    prefix: String,
    /// The inline orb's definition; `None` for the config.
    orb: Option<DefId>,
}

/// The model's definitions, seen by scope.
struct Scopes<'m, 'a> {
    model: &'m Model<'a>,
    all: Vec<Scope>,
}

impl<'a> Scopes<'_, 'a> {
    /// The definition of `kind` a name means in `scope`: a local one, or `orb/name` of an
    /// inline orb. Orb members from the registry are not visible.
    fn find(&self, kind: DefKind, name: &str, scope: &Scope) -> Option<(String, &'a Node)> {
        let node = |id: DefId| self.model.def(id).and_then(|d| d.node);
        if let Some(found) = self.model.lookup(kind, scope.orb, name).and_then(node) {
            return Some((format!("{}{name}", scope.prefix), found));
        }
        let (orb, rest) = name.split_once('/')?;
        let orb_scope = self.all.iter().find(|s| s.prefix == format!("{orb}/"))?;
        let found = self
            .model
            .lookup(kind, orb_scope.orb, rest)
            .and_then(node)?;
        Some((name.to_string(), found))
    }

    /// The scope a qualified command name lives in.
    fn of<'s>(&'s self, qualified: &str, current: &'s Scope) -> &'s Scope {
        if current.prefix.is_empty() && !qualified.contains('/') {
            return current;
        }
        self.all
            .iter()
            .find(|s| !s.prefix.is_empty() && qualified.starts_with(&s.prefix))
            .unwrap_or(current)
    }
}

const MAX_COMMAND_DEPTH: usize = 8;

/// Reads the images of the config whose definitions `index` holds: the model says where
/// jobs, executors, commands, inline orbs and workflow entries are; `orbs` what the registry
/// orbs it declares hold.
pub fn collect<'a>(index: &Model<'a>, orbs: &OrbInterfaces) -> DockerModel<'a> {
    let mut model = DockerModel {
        docker_orbs: orbs.docker_orbs.clone(),
        ..DockerModel::default()
    };
    let mut all = vec![Scope {
        prefix: String::new(),
        orb: None,
    }];
    for (id, orb) in index.defs_of(DefKind::Orb, None) {
        if let Some(NodeKind::Mapping(_)) = orb.node.map(|n| &n.kind) {
            all.push(Scope {
                prefix: format!("{}/", orb.name),
                orb: Some(id),
            });
        }
    }
    let scopes = Scopes { model: index, all };
    let workflows = collect_workflows(index);
    model.job_contexts = workflows.contexts;

    let mut entry_index: BTreeMap<(Span, Span), usize> = BTreeMap::new();
    let mut add_entries = |model: &mut DockerModel<'a>,
                           docker: Option<&'a Node>,
                           job: Option<&str>,
                           executor: Option<&str>| {
        let Some(items) = docker.and_then(Node::as_sequence) else {
            return;
        };
        for item in &items.items {
            let Some(entry) = image_entry(item) else {
                continue;
            };
            // One entry per written mapping and image; a merge makes a new mapping.
            let key = (item.span, entry.image_value.span);
            let idx = *entry_index.entry(key).or_insert_with(|| {
                model.entries.push(entry);
                model.entries.len() - 1
            });
            if let Some(e) = model.entries.get_mut(idx) {
                if let Some(job) = job {
                    if !e.jobs.iter().any(|j| j == job) {
                        e.jobs.push(job.to_string());
                    }
                }
                if let Some(ex) = executor {
                    if !e.executors.iter().any(|x| x == ex) {
                        e.executors.push(ex.to_string());
                    }
                }
            }
        }
    };

    for scope in &scopes.all {
        for (_, executor) in index.defs_of(DefKind::Executor, scope.orb) {
            let name = format!("{}{}", scope.prefix, executor.name);
            let docker = executor.node.and_then(|n| n.get("docker"));
            add_entries(&mut model, docker, None, Some(&name));
        }
    }
    for scope in &scopes.all {
        for (_, def) in index.defs_of(DefKind::Job, scope.orb) {
            let Some(job) = def.node else {
                continue;
            };
            let job_name = format!("{}{}", scope.prefix, def.name);
            add_entries(&mut model, job.get("docker"), Some(&job_name), None);
            if let Some((executor_name, executor)) = job_executor(job, scope, &scopes) {
                add_entries(
                    &mut model,
                    executor.get("docker"),
                    Some(&job_name),
                    Some(&executor_name),
                );
            } else {
                add_orb_images(&mut model, job, &job_name, orbs);
            }
            let logged_in_by_pre_steps = workflows.pre_steps.get(&job_name).is_some_and(|pre| {
                pre.iter().any(|steps| {
                    let mut probe = StepWalk::new(&job_name, &model.docker_orbs);
                    probe.walk(steps, scope, &scopes, 0, &mut Vec::new());
                    probe.logged_in
                })
            });
            let mut walk = StepWalk::new(&job_name, &model.docker_orbs);
            walk.logged_in = logged_in_by_pre_steps;
            if let Some(steps) = job.get("steps") {
                walk.walk(steps, scope, &scopes, 0, &mut Vec::new());
            }
            model.pulls.extend(walk.pulls);
            model.logins.extend(walk.logins);
        }
    }
    super::orb_jobs::add_images(&mut model, index, orbs);
    model
}

/// The images of the registry orb executor a job names, if any.
fn add_orb_images<'a>(
    model: &mut DockerModel<'a>,
    job: &'a Node,
    job_name: &str,
    orbs: &OrbInterfaces,
) {
    let Some(executor) = job.get("executor") else {
        return;
    };
    let (name_node, args) = match executor.as_str() {
        Some(_) => (executor, None),
        None => match executor.get("name") {
            Some(name) => (name, Some(executor)),
            None => return,
        },
    };
    let Some(name) = name_node.as_str() else {
        return;
    };
    let Some(orb_executor) = orbs.executors.get(name) else {
        return;
    };
    for expanded in orb_executor.expand(args) {
        let existing = model
            .orb_images
            .iter_mut()
            .find(|o| o.name_node.span == name_node.span && o.text == expanded.text);
        if let Some(existing) = existing {
            if !existing.jobs.iter().any(|j| j == job_name) {
                existing.jobs.push(job_name.to_string());
            }
            continue;
        }
        model.orb_images.push(OrbImage {
            text: expanded.text,
            image: expanded.image,
            auth: expanded.auth,
            executor: name.to_string(),
            release: orb_executor.release.clone(),
            name_node,
            args: expanded.args,
            jobs: vec![job_name.to_string()],
            run_by: None,
        });
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

/// The reusable executor a job names (`executor: name` or `executor: {name: …}`), when it is
/// defined in the config or an inline orb. Orb executors from the registry are not visible.
fn job_executor<'a>(
    job: &'a Node,
    scope: &Scope,
    scopes: &Scopes<'_, 'a>,
) -> Option<(String, &'a Node)> {
    let executor = job.get("executor")?;
    let name = match executor.as_str() {
        Some(n) => n,
        None => executor.get("name")?.as_str()?,
    };
    scopes.find(DefKind::Executor, name, scope)
}

struct Workflows<'a> {
    contexts: BTreeMap<String, Vec<String>>,
    /// `pre-steps` given to each job by workflow invocations.
    pre_steps: BTreeMap<String, Vec<&'a Node>>,
}

/// The contexts and `pre-steps` workflows give each job, from the model's workflow entries.
fn collect_workflows<'a>(index: &Model<'a>) -> Workflows<'a> {
    let mut contexts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut pre_steps: BTreeMap<String, Vec<&'a Node>> = BTreeMap::new();
    let in_workflow =
        |container: DefId| index.def(container).map(|d| d.kind) == Some(DefKind::Workflow);
    for entry in index.entries.iter().filter(|e| in_workflow(e.container)) {
        let name = entry.job;
        let args = entry.args;
        let list = contexts.entry(name.to_string()).or_default();
        if let Some(ctx) = args.and_then(|a| a.get("context")) {
            let names: Vec<&str> = match &ctx.kind {
                NodeKind::Scalar(s) => vec![s.value.as_str()],
                NodeKind::Sequence(s) => s.items.iter().filter_map(Node::as_str).collect(),
                _ => Vec::new(),
            };
            for n in names {
                if !list.iter().any(|c| c == n) {
                    list.push(n.to_string());
                }
            }
        }
        if let Some(pre) = args.and_then(|a| a.get("pre-steps")) {
            pre_steps.entry(name.to_string()).or_default().push(pre);
        }
    }
    Workflows {
        contexts,
        pre_steps,
    }
}

/// Walks a job's steps in order, expanding reusable commands, and records pulls and logins.
struct StepWalk<'a, 't> {
    job: String,
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
            job: job.to_string(),
            local_images: HashSet::new(),
            loaded: false,
            docker_orbs,
            logged_in: false,
            pulls: Vec::new(),
            logins: Vec::new(),
        }
    }

    fn walk(
        &mut self,
        steps: &'a Node,
        scope: &Scope,
        scopes: &Scopes<'_, 'a>,
        depth: usize,
        calling: &mut Vec<String>,
    ) {
        if depth > MAX_COMMAND_DEPTH {
            return;
        }
        let Some(items) = steps.as_sequence() else {
            return;
        };
        for item in &items.items {
            let Some(Step { name, args, .. }) = Step::read(item) else {
                continue;
            };
            match name {
                "run" => {
                    if let Some(args) = args {
                        let command = match args.as_str() {
                            Some(_) => Some(args),
                            None => args.get("command"),
                        };
                        if let Some(command) = command {
                            self.shell(command);
                        }
                    }
                }
                "when" | "unless" => {
                    if let Some(inner) = args.and_then(|a| a.get("steps")) {
                        self.walk(inner, scope, scopes, depth + 1, calling);
                    }
                }
                _ => {
                    if let Some((orb, step)) = name.split_once('/') {
                        if let Some(steps) = self.docker_orbs.get(orb) {
                            self.docker_orb_step(orb, steps, step, item, args);
                            continue;
                        }
                    }
                    if let Some((command_name, command)) =
                        scopes.find(DefKind::Command, name, scope)
                    {
                        if calling.contains(&command_name) {
                            continue;
                        }
                        let command_scope = scopes.of(&command_name, scope);
                        if let Some(inner) = command.get("steps") {
                            calling.push(command_name);
                            self.walk(inner, command_scope, scopes, depth + 1, calling);
                            calling.pop();
                        }
                    }
                }
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
                DockerVerb::Login => {
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
                DockerVerb::Build | DockerVerb::Tag => {
                    for tag in &cmd.local_tags {
                        if let Some(image) = ImageRef::parse(tag) {
                            self.local_images.insert(image.full_name());
                        }
                    }
                }
                DockerVerb::Load => self.loaded = true,
                verb => {
                    let Some(word) = cmd.image.as_ref() else {
                        continue;
                    };
                    let Some(image) = ImageRef::parse(&word.text) else {
                        continue;
                    };
                    let local = verb != DockerVerb::Pull
                        && (cmd.pull_never
                            || self.loaded
                            || self.local_images.contains(&image.full_name()));
                    // A word whose text is not written as is (escapes) keeps its raw span.
                    let value_span = word.text_span().unwrap_or(word.span);
                    self.pulls.push(StepPull {
                        kind: PullKind::Shell(verb),
                        job: self.job.clone(),
                        node,
                        image,
                        value_span,
                        logged_in: self.logged_in,
                        step_item: None,
                        login_step: None,
                        command: Some(cmd),
                        local,
                    });
                }
            }
        }
    }
}
