//! What the Docker index needs to know about the registry orbs a config declares: how the
//! Docker orb's steps log in and pull, and which images orb executors run in. The orbs layer,
//! which sits above this one, fills it from the orb data (`orbs::docker_view`).

use std::collections::BTreeMap;

use super::image_ref::ImageRef;
use syntax::text::template::{templates, Reach};
use syntax::yaml::Node;

/// The Docker orb's members that touch Docker Hub, as the resolved release has them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DockerOrbSteps {
    /// The member that logs in (`check`).
    pub login: Option<LoginStep>,
    /// The member that pulls images (`pull`).
    pub pull: Option<PullStep>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginStep {
    pub member: String,
    /// The parameter that names the registry, as the release spells it.
    pub registry_param: Option<String>,
    /// The registry logged in to when the argument is not given (the parameter's default).
    pub default_registry: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullStep {
    pub member: String,
    /// The parameter that lists the images (comma-separated), as the release spells it.
    pub images_param: String,
}

/// An executor of a registry orb: the images it runs in and the defaults of its parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrbExecutor {
    /// The release the data was read from: `circleci/node@7.2.1`.
    pub release: String,
    /// Images as the orb writes them (`cimg/node:<<parameters.tag>>`), with whether the orb
    /// gives them credentials.
    pub images: Vec<(String, bool)>,
    /// Parameter defaults by name; `None` for a required parameter.
    pub defaults: BTreeMap<String, Option<String>>,
}

/// A job of a registry orb, as far as where it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrbJob {
    /// The release the data was read from.
    pub release: String,
    /// The job's parameter defaults by name; `None` for a required parameter.
    pub defaults: BTreeMap<String, Option<String>>,
    pub runs: OrbJobRuns,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrbJobRuns {
    /// `docker:` images written in the job; their templates name the job's parameters.
    Images(Vec<(String, bool)>),
    /// `executor:` as written in the job: the name (an executor of the orb, or a template
    /// naming a job parameter of type `executor`) and the arguments (templates name the job's
    /// parameters).
    Executor {
        name: String,
        args: BTreeMap<String, String>,
    },
}

/// The orb knowledge the Docker index reads, by the names a config uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrbInterfaces {
    /// By orb alias (`docker`): the Docker orb's steps.
    pub docker_orbs: BTreeMap<String, DockerOrbSteps>,
    /// By `alias/executor` (`node/default`).
    pub executors: BTreeMap<String, OrbExecutor>,
    /// By `alias/job` (`node/test`): the jobs a workflow can run.
    pub jobs: BTreeMap<String, OrbJob>,
}

/// What a parameter is, where an image names it.
#[derive(Clone, Debug)]
pub enum Filled<'a> {
    /// A value: the text and the arguments of the config it came from.
    Given(String, Vec<&'a Node>),
    /// Not passed: the parameter's default applies.
    Default,
    /// Not known before CircleCI compiles the config (templated, matrix, required and absent).
    Unknown,
}

/// `written` with every `<< parameters.x >>` replaced as `fill` says (`Default` through
/// `defaults`), and the arguments used; `None` when a value is not known.
pub fn substitute<'a>(
    written: &str,
    defaults: &BTreeMap<String, Option<String>>,
    fill: &dyn Fn(&str) -> Filled<'a>,
) -> Option<(String, Vec<&'a Node>)> {
    let mut text = String::new();
    let mut used = Vec::new();
    let mut last = 0;
    for t in templates(written, Reach::OneLine) {
        let inner = written.get(t.inner.clone())?;
        let name = inner.trim().strip_prefix("parameters.")?;
        let value = match fill(name) {
            Filled::Given(value, nodes) => {
                used.extend(nodes);
                value
            }
            Filled::Default => defaults.get(name).cloned().flatten()?,
            Filled::Unknown => return None,
        };
        text.push_str(written.get(last..t.whole.start).unwrap_or(""));
        text.push_str(&value);
        last = t.whole.end;
    }
    text.push_str(written.get(last..).unwrap_or(""));
    (!text.contains("<<")).then_some((text, used))
}

/// How an argument of a use (`executor: {name: …, tag: "20.11"}`) fills a parameter.
pub fn filled_from<'a>(args: Option<&'a Node>, name: &str) -> Filled<'a> {
    filled_by(args.and_then(|a| a.get(name)))
}

/// How a written argument fills a parameter: its text, the default when it is absent, or
/// unknown when it is not text.
pub fn filled_by(arg: Option<&Node>) -> Filled<'_> {
    match arg {
        Some(node) => match node.as_str() {
            Some(value) => Filled::Given(value.to_string(), vec![node]),
            None => Filled::Unknown,
        },
        None => Filled::Default,
    }
}

/// One image an orb executor runs in, with the parameters filled in.
#[derive(Clone, Debug)]
pub struct ExpandedImage<'a> {
    /// The image text after substitution (`cimg/node:20.11`).
    pub text: String,
    pub image: ImageRef,
    /// The orb gives the image credentials.
    pub auth: bool,
    /// The arguments of the executor use the image text took values from.
    pub args: Vec<&'a Node>,
}

impl OrbExecutor {
    /// The images with `<< parameters.x >>` replaced by the arguments of the use (`args`, the
    /// `executor:` mapping) or the defaults. An image whose text still holds a template (an
    /// argument that is itself templated, mustache sections) is left out: its name is not
    /// known before CircleCI compiles the config.
    pub fn expand<'a>(&self, args: Option<&'a Node>) -> Vec<ExpandedImage<'a>> {
        self.expand_with(&|name| filled_from(args, name))
    }

    /// The images with each parameter filled as `fill` says.
    pub fn expand_with<'a>(&self, fill: &dyn Fn(&str) -> Filled<'a>) -> Vec<ExpandedImage<'a>> {
        let mut out = Vec::new();
        for (written, auth) in &self.images {
            let Some((text, args)) = substitute(written, &self.defaults, fill) else {
                continue;
            };
            let Some(image) = ImageRef::parse(&text) else {
                continue;
            };
            out.push(ExpandedImage {
                text,
                image,
                auth: *auth,
                args,
            });
        }
        out
    }
}
