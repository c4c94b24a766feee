//! The project view: which config file is what. A setup config (`setup: true`, in
//! `.circleci/config.yml`), the configs it continues with (alone, or merged from several
//! files), the files of a packed config tree (`@config.yml` and its folders, as
//! `circleci config pack` reads them), files whose role a generator program decides (and so
//! cannot be known here), and configs on their own.
//!
//! Roles are derived from the workspace's files every time they are asked for; what is
//! costly (reading a setup config's plan) is made once per text by the caller.

use std::sync::Arc;

use super::plan::{ConfigSource, MappingSource, ParametersSource, SetupPlan, Via};
use crate::file_path::FilePath;
use syntax::yaml::Span;

/// What the project view needs from the workspace.
pub trait Files {
    /// Whether the workspace has a text for `path`.
    fn has(&self, path: &FilePath) -> bool;
    /// The plan of `path`, when it is a setup config.
    fn plan(&self, path: &FilePath) -> Option<Arc<SetupPlan>>;
    /// The files inside `dir`, at any depth, in path order.
    fn under(&self, dir: &FilePath) -> Vec<FilePath>;
}

/// What a file is in its project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// A config on its own: no setup config names it, it is no part of a tree.
    Alone,
    /// A setup config.
    Setup,
    /// A config the setup config `setup` continues with. `group` holds every file merged
    /// into that config (this one included); one file is a config of its own.
    Continuation {
        setup: FilePath,
        group: Vec<FilePath>,
    },
    /// A file of the packed config tree in `tree` (the folder holding `@config.yml`).
    Packed { tree: FilePath },
    /// A config file of a project whose setup config continues with a config a program
    /// makes: what that program reads is unknown.
    Undecided { setup: FilePath },
}

/// The folder a setup config's paths are read from: the one holding `.circleci/`.
pub fn root_of(setup: &FilePath) -> Option<FilePath> {
    setup.parent()?.parent()
}

/// Whether `path` is a project's config: `.circleci/config.yml`.
pub fn is_entry_config(path: &FilePath) -> bool {
    path.file_name() == Some("config.yml")
        && path
            .parent()
            .and_then(|p| p.file_name().map(str::to_string))
            .as_deref()
            == Some(".circleci")
}

/// The entry configs that may govern `path`: `A/.circleci/config.yml` for each folder `A`
/// holding it, nearest first.
fn entry_configs(path: &FilePath) -> impl Iterator<Item = FilePath> + '_ {
    path.ancestors()
        .map(|a| a.join(".circleci/config.yml"))
        .filter(move |e| e != path)
}

/// The setup config that governs `path`, with its plan: the nearest entry config above it
/// that is one.
pub fn governing(files: &dyn Files, path: &FilePath) -> Option<(FilePath, Arc<SetupPlan>)> {
    entry_configs(path).find_map(|e| Some((e.clone(), files.plan(&e)?)))
}

/// The folder of the packed config tree holding `path`, at most two levels up: a folder
/// holding `@config.yml`, or a folder of `.circleci` holding other `@…` files (which
/// `circleci config pack` merges at the top). An orb's `src` (`@orb.yml`) is no config.
pub fn packed_tree(files: &dyn Files, path: &FilePath) -> Option<FilePath> {
    path.ancestors().take(2).find(|dir| {
        let has = |name: &str| files.has(&dir.join(name));
        if has("@orb.yml") || has("@orb.yaml") {
            return false;
        }
        if has("@config.yml") || has("@config.yaml") {
            return true;
        }
        let in_circleci = dir.parent().and_then(|p| p.file_name().map(str::to_string))
            == Some(".circleci".to_string());
        in_circleci && files.under(dir).iter().any(|f| is_root_part(dir, f))
    })
}

/// A file `@….yml` directly in `dir`.
fn is_root_part(dir: &FilePath, file: &FilePath) -> bool {
    file.strip_prefix(dir).is_some_and(|rest| {
        !rest.contains('/')
            && rest.starts_with('@')
            && (rest.ends_with(".yml") || rest.ends_with(".yaml"))
    })
}

/// The role of `path`.
pub fn role(files: &dyn Files, path: &FilePath) -> Role {
    if let Some(tree) = packed_tree(files, path) {
        return Role::Packed { tree };
    }
    if is_entry_config(path) && files.plan(path).is_some() {
        return Role::Setup;
    }
    let Some((setup, plan)) = governing(files, path) else {
        return Role::Alone;
    };
    let Some(root) = root_of(&setup) else {
        return Role::Alone;
    };
    let resolved = resolve(files, &plan, &root, &setup);
    let mut group: Vec<FilePath> = Vec::new();
    for target in resolved.iter().filter(|t| t.files.contains(path)) {
        for f in &target.files {
            if !group.contains(f) {
                group.push(f.clone());
            }
        }
    }
    if !group.is_empty() {
        return Role::Continuation { setup, group };
    }
    let in_circleci = path
        .strip_prefix(&root)
        .is_some_and(|rest| rest.split('/').any(|part| part == ".circleci"));
    if in_circleci && resolved.iter().any(|t| t.opaque) {
        return Role::Undecided { setup };
    }
    Role::Alone
}

/// One config a setup config may continue with, resolved against the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The continuation's index in the plan.
    pub continuation: usize,
    /// Every file merged into the config (one for a plain file), that exists.
    pub files: Vec<FilePath>,
    /// Paths named that do not exist, as written and where.
    pub missing: Vec<(String, Option<Span>)>,
    /// The config is made by something whose inputs are unknown here.
    pub opaque: bool,
}

/// The configs `plan` may continue with. path-filtering gives two: the files its mapping
/// names, merged, and `config-path`, used when no line naming a file matches.
pub fn resolve(
    files: &dyn Files,
    plan: &SetupPlan,
    root: &FilePath,
    setup: &FilePath,
) -> Vec<Target> {
    let mut targets = Vec::new();
    for (i, c) in plan.continuations.iter().enumerate() {
        if c.via == Via::PathFiltering {
            if let ParametersSource::Mapping(MappingSource::Written(m)) = &c.parameters {
                let configs = m.configs();
                if !configs.is_empty() {
                    let named = configs
                        .iter()
                        .map(|f| (f.text.clone(), Some(f.span)))
                        .collect();
                    targets.push(existing(files, i, root, named));
                }
            }
        }
        targets.push(match &c.config {
            ConfigSource::Path(given) => {
                existing(files, i, root, vec![(given.text.clone(), given.span)])
            }
            ConfigSource::Generated(_) | ConfigSource::Unknown => {
                fragments(files, i, plan, root, setup)
            }
        });
    }
    targets
}

fn existing(
    files: &dyn Files,
    continuation: usize,
    root: &FilePath,
    named: Vec<(String, Option<Span>)>,
) -> Target {
    let mut target = Target {
        continuation,
        files: Vec::new(),
        missing: Vec::new(),
        opaque: false,
    };
    for (text, span) in named {
        let path = root.join(&text);
        if files.has(&path) {
            if !target.files.contains(&path) {
                target.files.push(path);
            }
        } else {
            target.missing.push((text, span));
        }
    }
    target
}

/// A config made while the setup job runs: the YAML files its scripts read, merged, when
/// they name any; else unknown.
fn fragments(
    files: &dyn Files,
    continuation: usize,
    plan: &SetupPlan,
    root: &FilePath,
    setup: &FilePath,
) -> Target {
    let mut found: Vec<FilePath> = Vec::new();
    for pattern in &plan.scripts.reads {
        for path in matching(files, root, pattern) {
            if path != *setup && !found.contains(&path) {
                found.push(path);
            }
        }
    }
    Target {
        continuation,
        opaque: found.is_empty(),
        files: found,
        missing: Vec::new(),
    }
}

/// The workspace's files matching `pattern` (relative to `root`, `*` within one folder).
fn matching(files: &dyn Files, root: &FilePath, pattern: &str) -> Vec<FilePath> {
    let whole = root.join(pattern);
    if !pattern.contains(['*', '?', '[']) {
        return if files.has(&whole) {
            vec![whole]
        } else {
            Vec::new()
        };
    }
    let Ok(glob) = globset::GlobBuilder::new(whole.as_str())
        .literal_separator(true)
        .build()
    else {
        return Vec::new();
    };
    let matcher = glob.compile_matcher();
    // The fixed folder the pattern starts with bounds the search.
    let fixed = pattern
        .split('/')
        .take_while(|part| !part.contains(['*', '?', '[']))
        .collect::<Vec<_>>()
        .join("/");
    let dir = if fixed.is_empty() {
        root.clone()
    } else {
        root.join(&fixed)
    };
    files
        .under(&dir)
        .into_iter()
        .filter(|p| matcher.is_match(p.as_str()))
        .collect()
}
