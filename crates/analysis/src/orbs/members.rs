//! Checks of orb members against the release an orb reference resolves to: the member
//! exists, its arguments are parameters it declares, required ones are passed, values fit
//! their types. Same codes as for local definitions.

use std::collections::HashSet;

use super::data::{Catalog, Member, MemberKind};
use super::declared::{self, DeclaredOrb};
use super::resolve::{Fit, Version};
use crate::diagnostics::presentation::{fit_message, fit_title, short_name};
use crate::diagnostics::Finding;
use crate::model::index::{value_span, ParamType};
use crate::model::index::{Model, Reference, Target};
use crate::model::parameter_values::check_value;
use crate::model::rules::{
    MISSING_PARAMETER, UNDEFINED_COMMAND, UNDEFINED_EXECUTOR, UNDEFINED_JOB, UNDEFINED_PARAMETER,
};
use crate::model::suggestions::replace_fix;
use crate::model::Extent;
use syntax::text::suggest::suggest_name as suggest;
use syntax::yaml::{Entry, Node, Span};

/// Reports undefined members (only when the tree is complete) and checks every orb call.
pub fn check(
    model: &Model<'_>,
    catalog: &Catalog,
    orbs: &[DeclaredOrb],
    extent: Extent,
    findings: &mut Vec<Finding>,
) {
    if extent == Extent::Whole {
        undefined_members(model, catalog, orbs, findings);
    }
    calls(model, orbs, extent, findings);
}

/// " (read from 5.3.0, the newest release of major 5 known to circleci-ls)" when the release
/// is not the version written.
fn read_from(orb: &DeclaredOrb) -> String {
    match &orb.resolved {
        Some(r) if !r.exact => {
            let major = Version::parse(&r.release.version).map_or(0, |v| v.major);
            format!(
                " (read from {}, the newest release of major {major} known to circleci-ls)",
                r.release.version
            )
        }
        _ => String::new(),
    }
}

fn undefined_members(
    model: &Model<'_>,
    catalog: &Catalog,
    orbs: &[DeclaredOrb],
    findings: &mut Vec<Finding>,
) {
    for r in &model.refs {
        let Target::OrbMember { orb } = r.target else {
            continue;
        };
        if !r.strict || r.name.contains("<<") {
            continue;
        }
        let (Some(kind), Some(declared)) =
            (declared::member_kind(r.kind), declared::find(orbs, orb))
        else {
            continue;
        };
        let Some(resolved) = declared.resolved.as_ref().filter(|r| r.reports_absence()) else {
            continue;
        };
        let Some((_, member)) = r.name.split_once('/') else {
            continue;
        };
        if resolved.release.member(kind, member).is_none() {
            findings.push(undefined_member(model, catalog, declared, r, kind));
        }
    }
}

/// An orb member the resolved release does not have: what it is instead, which release has
/// it, and the nearest name.
fn undefined_member(
    model: &Model<'_>,
    catalog: &Catalog,
    declared: &DeclaredOrb,
    r: &Reference,
    kind: MemberKind,
) -> Finding {
    let (local, member) = r.name.split_once('/').unwrap_or(("", &r.name));
    let release = declared.resolved.as_ref().map(|r| &r.release);
    let rule = match kind {
        MemberKind::Command => &UNDEFINED_COMMAND,
        MemberKind::Job => &UNDEFINED_JOB,
        MemberKind::Executor => &UNDEFINED_EXECUTOR,
    };
    let base = format!(
        "Fix the name: {} has no {} `{member}`.",
        declared.reference(),
        kind.noun()
    );
    let mut message = fit_message(
        format!(
            "Fix the name: {} has no {} `{member}`{}.",
            declared.reference(),
            kind.noun(),
            read_from(declared)
        ),
        &base,
    );
    // The name may be another kind of member of the same orb.
    let other_kind = [MemberKind::Job, MemberKind::Command, MemberKind::Executor]
        .into_iter()
        .find(|other| {
            *other != kind && release.is_some_and(|r| r.member(*other, member).is_some())
        });
    if let Some(other) = other_kind {
        message = fit_message(
            format!("{message} `{local}/{member}` is {}.", article(other)),
            &message,
        );
    }
    // Members renamed across majors (aws-ecr 9 renamed `build-and-push-image` to
    // `build_and_push_image`): say which releases have the name.
    if let Some(other) = catalog.releases(&declared.orb).iter().find(|o| {
        Some(&o.version) != release.map(|r| &r.version) && o.member(kind, member).is_some()
    }) {
        message = fit_message(
            format!("{message} Release {} has it.", other.version),
            &message,
        );
    }
    let names: Vec<&str> = release
        .map(|r| r.members(kind).iter().map(|m| m.name.as_str()).collect())
        .unwrap_or_default();
    let mut finding = Finding::new(rule, r.full_span, message);
    if let Some(s) = suggest(member, names) {
        let change = format!("Change `{member}` to `{s}`");
        finding.message = fit_message(
            finding.message.replacen("Fix the name", &change, 1),
            &base.replacen("Fix the name", &change, 1),
        );
        if r.span.text(model.text) == member {
            let title = fit_title(format!("Change to {s}"), "Use the suggested name");
            finding = finding.with_fix(replace_fix(title, r.span, s));
        }
    }
    finding
}

fn article(kind: MemberKind) -> &'static str {
    match kind {
        MemberKind::Command => "a command",
        MemberKind::Job => "a job",
        MemberKind::Executor => "an executor",
    }
}

fn calls(model: &Model<'_>, orbs: &[DeclaredOrb], extent: Extent, findings: &mut Vec<Finding>) {
    for call in &model.orb_calls {
        let Some(reference) = model.refs.get(call.reference) else {
            continue;
        };
        let Some((declared, member)) =
            declared::member(orbs, call.orb, reference.kind, &reference.name)
        else {
            continue;
        };
        let Some(resolved) = declared.resolved.as_ref() else {
            continue;
        };
        let what_member = format!("`{}`", short_name(&reference.name, 40));
        let given: HashSet<&str> = call.passed.names().collect();
        // A required parameter of the release read may have been added after an older
        // release the config pins: only the exact release is held to it.
        if extent == Extent::Whole && call.passed.known && resolved.exact {
            missing(reference.full_span, member, &what_member, &given, findings);
        }
        let called = Called {
            model,
            declared,
            member,
            what_member: &what_member,
        };
        for (arg, values) in call.passed.values() {
            called.argument(arg, values, findings);
        }
    }
}

/// An orb member invoked with arguments, for the checks of each argument.
struct Called<'c> {
    model: &'c Model<'c>,
    declared: &'c DeclaredOrb,
    member: &'c Member,
    what_member: &'c str,
}

impl Called<'_> {
    /// One argument: a parameter the member declares, with values its type allows.
    fn argument(&self, arg: &Entry, values: Option<Vec<&Node>>, findings: &mut Vec<Finding>) {
        let Some(name) = arg.key.as_str().filter(|n| !n.contains("<<")) else {
            return;
        };
        let Some(resolved) = self.declared.resolved.as_ref() else {
            return;
        };
        let Some(param) = self.member.param(name) else {
            if resolved.reports_absence() {
                findings.push(undefined_parameter(
                    self.model,
                    &arg.key,
                    name,
                    self.member,
                    self.what_member,
                    self.declared,
                ));
            }
            return;
        };
        let ty = param.param_type();
        // Newer releases may accept more enum values than the data lists.
        if matches!(ty, ParamType::Enum(_)) && resolved.fit == Fit::NewerThanKnown {
            return;
        }
        let what = format!(
            "parameter `{}` of {}",
            short_name(name, 30),
            self.what_member
        );
        for v in values.unwrap_or_default() {
            if let Some(f) = check_value(self.model, &ty, v, &what) {
                findings.push(self.reworded(f, &ty, name));
            }
        }
    }

    /// An environment variable name's finding said shortly: the member's name makes the
    /// general wording too long.
    fn reworded(&self, mut f: Finding, ty: &ParamType, name: &str) -> Finding {
        if *ty == ParamType::EnvVarName {
            let action = if f.fixes.is_empty() {
                "Write a variable's name"
            } else {
                "Drop the `$`"
            };
            f.message = fit_message(
                format!(
                    "{action}: parameter `{name}` of {} takes a variable's name, not a value.",
                    self.what_member
                ),
                &format!("{action}: this parameter takes a variable's name, not a value."),
            );
        }
        f
    }
}

fn missing(
    span: Span,
    member: &Member,
    what_member: &str,
    given: &HashSet<&str>,
    findings: &mut Vec<Finding>,
) {
    let missing: Vec<&str> = member
        .params
        .iter()
        .filter(|p| p.required() && !given.contains(p.name.as_str()))
        .map(|p| p.name.as_str())
        .collect();
    if missing.is_empty() {
        return;
    }
    let list = missing
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let noun = if missing.len() == 1 {
        "this parameter"
    } else {
        "these parameters"
    };
    findings.push(Finding::new(
        &MISSING_PARAMETER,
        span,
        fit_message(
            format!("Pass {list} here: {what_member} requires {noun} without a default."),
            &format!("Pass {list} here: required without a default."),
        ),
    ));
}

fn undefined_parameter(
    model: &Model<'_>,
    key: &Node,
    name: &str,
    member: &Member,
    what_member: &str,
    declared: &DeclaredOrb,
) -> Finding {
    let (span, exact) = value_span(key, model.text);
    let base = format!(
        "Remove `{}` or fix the name: {what_member} has no such parameter.",
        short_name(name, 30)
    );
    let mut finding = Finding::new(
        &UNDEFINED_PARAMETER,
        span,
        fit_message(
            format!(
                "Remove `{name}` or fix the name: {what_member} ({}) has no such parameter.",
                declared.reference()
            ),
            &base,
        ),
    );
    let names = member.params.iter().map(|p| p.name.as_str());
    if let Some(s) = suggest(name, names) {
        finding.message = fit_message(
            format!("Change `{name}` to `{s}`: {what_member} has no parameter `{name}`."),
            &base,
        );
        if exact {
            let title = fit_title(format!("Change to {s}"), "Use the suggested name");
            finding = finding.with_fix(replace_fix(title, span, s));
        }
    }
    finding
}
