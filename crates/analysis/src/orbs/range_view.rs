//! What holds in every release a partial pin can mean (`@9`, `@9.0`, or a version whose minor
//! the data lacks): one release-shaped view that the checks, hover and completion read as
//! they read a single release.
//!
//! A member is known when some release of the range has it; a parameter is known when some
//! release having the member declares it, and required only when every release having the
//! member requires it; an enum accepts a value any of them accepts. So the view reports
//! only what would be wrong whichever of the releases CircleCI picks.

use std::sync::Arc;

use super::data::{Member, MemberKind, Param, Release};

/// The view of `releases` (newest first, at least one). A single release is its own view.
pub fn view(releases: &[Arc<Release>]) -> Option<Arc<Release>> {
    let newest = releases.first()?;
    if releases.len() == 1 {
        return Some(newest.clone());
    }
    Some(Arc::new(Release {
        orb: newest.orb.clone(),
        version: newest.version.clone(),
        commands: merged_members(releases, MemberKind::Command),
        jobs: merged_members(releases, MemberKind::Job),
        executors: merged_members(releases, MemberKind::Executor),
        description: newest.description.clone(),
    }))
}

/// Every member name of `kind` in any release, newest release's order first, each merged
/// across the releases that have it.
fn merged_members(releases: &[Arc<Release>], kind: MemberKind) -> Vec<Arc<Member>> {
    let mut names: Vec<&str> = Vec::new();
    for r in releases {
        for m in r.members(kind) {
            if !names.contains(&m.name.as_str()) {
                names.push(&m.name);
            }
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            let having: Vec<&Member> = releases
                .iter()
                .filter_map(|r| r.member(kind, name))
                .collect();
            merged_member(&having)
        })
        .collect()
}

/// One member as the releases that have it (newest first) declare it.
fn merged_member(having: &[&Member]) -> Option<Arc<Member>> {
    let newest = having.first()?;
    // Identical interfaces are the common case: releases share them.
    if having.iter().all(|m| m == newest) {
        return Some(Arc::new((*newest).clone()));
    }
    let mut names: Vec<&str> = Vec::new();
    for m in having {
        for p in &m.params {
            if !names.contains(&p.name.as_str()) {
                names.push(&p.name);
            }
        }
    }
    let params = names
        .into_iter()
        .map(|name| merged_param(having, name))
        .collect();
    Some(Arc::new(Member {
        name: newest.name.clone(),
        params,
        runs_on: newest.runs_on.clone(),
        description: newest.description.clone(),
    }))
}

/// A parameter across the members that have the member: required only when every one of
/// them requires it, typed only when they agree on the type.
fn merged_param(having: &[&Member], name: &str) -> Param {
    let declared: Vec<&Param> = having.iter().filter_map(|m| m.param(name)).collect();
    let required_everywhere =
        declared.len() == having.len() && declared.iter().all(|p| p.required());
    let first = declared.first().copied().cloned().unwrap_or_default();
    let same_type = declared.iter().all(|p| p.ty == first.ty);
    let default = if required_everywhere {
        None
    } else {
        // Not required everywhere: some default (or none, where the parameter is absent).
        Some(
            declared
                .iter()
                .find_map(|p| p.default.clone())
                .unwrap_or_default(),
        )
    };
    let mut values: Vec<String> = Vec::new();
    for p in &declared {
        for v in &p.values {
            if !values.contains(v) {
                values.push(v.clone());
            }
        }
    }
    Param {
        name: name.to_string(),
        ty: if same_type { first.ty } else { String::new() },
        default,
        values: if same_type { values } else { Vec::new() },
        description: first.description,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str, default: Option<&str>, values: &[&str]) -> Param {
        Param {
            name: name.to_string(),
            ty: if values.is_empty() { "string" } else { "enum" }.to_string(),
            default: default.map(str::to_string),
            values: values.iter().map(|v| v.to_string()).collect(),
            description: None,
        }
    }

    fn release(version: &str, params: Vec<Param>) -> Arc<Release> {
        Arc::new(Release {
            orb: "acme/tools".to_string(),
            version: version.to_string(),
            commands: vec![Arc::new(Member {
                name: "deploy".to_string(),
                params,
                ..Member::default()
            })],
            ..Release::default()
        })
    }

    #[test]
    fn a_range_holds_what_every_release_holds() {
        let newer = release(
            "1.2.0",
            vec![
                param("auth", None, &[]),
                param("region", None, &[]),
                param("mode", Some("a"), &["a", "b"]),
            ],
        );
        let older = release(
            "1.1.0",
            vec![
                param("auth", None, &[]),
                param("region", Some("us"), &[]),
                param("mode", Some("a"), &["a", "c"]),
                param("legacy", Some(""), &[]),
            ],
        );
        let Some(v) = view(&[newer, older]) else {
            panic!("no view");
        };
        let Some(deploy) = v.member(MemberKind::Command, "deploy") else {
            panic!("no deploy");
        };
        let required: Vec<&str> = deploy
            .params
            .iter()
            .filter(|p| p.required())
            .map(|p| p.name.as_str())
            .collect();
        // `auth` is required in both; `region` only in the newer one.
        assert_eq!(required, ["auth"]);
        // A parameter any release declares is known; enum values of any release are allowed.
        assert!(deploy.param("legacy").is_some());
        assert_eq!(
            deploy.param("mode").map(|p| p.values.clone()),
            Some(vec!["a".to_string(), "b".to_string(), "c".to_string()])
        );
    }

    #[test]
    fn one_release_is_its_own_view() {
        let only = release("1.0.0", vec![param("auth", None, &[])]);
        let v = view(std::slice::from_ref(&only));
        assert!(v.is_some_and(|v| Arc::ptr_eq(&v, &only)));
    }
}
