//! What the Docker index needs to know about the registry orbs a config declares: how the
//! Docker orb's steps log in and pull, and which images orb executors run in. The orbs layer,
//! which sits above this one, fills it from the orb data (`orbs::docker_view`).

use std::collections::BTreeMap;

use super::image_ref::ImageRef;
use crate::text::template::{templates, Reach};
use crate::yaml::Node;

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

/// The orb knowledge the Docker index reads, by the names a config uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrbInterfaces {
    /// By orb alias (`docker`): the Docker orb's steps.
    pub docker_orbs: BTreeMap<String, DockerOrbSteps>,
    /// By `alias/executor` (`node/default`).
    pub executors: BTreeMap<String, OrbExecutor>,
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
        let mut out = Vec::new();
        for (written, auth) in &self.images {
            let mut text = String::new();
            let mut used = Vec::new();
            let mut last = 0;
            let mut known = true;
            for t in templates(written, Reach::OneLine) {
                let Some(inner) = written.get(t.inner.clone()) else {
                    known = false;
                    break;
                };
                let Some(name) = inner.trim().strip_prefix("parameters.") else {
                    known = false;
                    break;
                };
                let arg = args.and_then(|a| a.get(name));
                let value = match arg {
                    Some(node) => {
                        used.push(node);
                        node.as_str().map(str::to_string)
                    }
                    None => self.defaults.get(name).cloned().flatten(),
                };
                let Some(value) = value else {
                    known = false;
                    break;
                };
                text.push_str(written.get(last..t.whole.start).unwrap_or(""));
                text.push_str(&value);
                last = t.whole.end;
            }
            text.push_str(written.get(last..).unwrap_or(""));
            if !known || text.contains("<<") {
                continue;
            }
            let Some(image) = ImageRef::parse(&text) else {
                continue;
            };
            out.push(ExpandedImage {
                text,
                image,
                auth: *auth,
                args: used,
            });
        }
        out
    }
}
