//! Hover on what a config uses from registry orbs, read from the orb data: a member's
//! signature and parameters, an argument's parameter, an orb reference's known releases.

use std::fmt::Write;

use super::layout;
use crate::hover::HoverResult;
use crate::FeatureContext;
use analysis::model::index::value_span;
use analysis::model::index::{Model, Target};
use analysis::orbs::data::{Catalog, Member, MemberKind, Param, Release, RunsOn};
use analysis::orbs::declared::{self, DeclaredOrb};
use analysis::orbs::resolve::{Reading, Resolved};

pub fn hover(ctx: &FeatureContext<'_>) -> Option<HoverResult> {
    let analysis = ctx.analysis;
    let model = analysis.model();
    let catalog = analysis.orbs.catalog();
    if !model
        .defs
        .iter()
        .any(|d| d.kind == analysis::model::index::DefKind::Orb)
    {
        return None;
    }
    let orbs = declared::declared_orbs(model, catalog);
    let offset = ctx.offset;
    if let Some(h) = reference_hover(catalog, &orbs, offset) {
        return Some(h);
    }
    if let Some(h) = argument_hover(model, &orbs, offset) {
        return Some(h);
    }
    let (_, r) = model.ref_at(offset)?;
    let Target::OrbMember { orb } = r.target else {
        return None;
    };
    let (declared, member) = declared::member(&orbs, orb, r.kind, &r.name)?;
    let kind = declared::member_kind(r.kind)?;
    // The images this use of the executor or job runs in, its arguments filled in.
    let images: Vec<_> = analysis
        .docker()
        .map(|d| {
            d.orb_images
                .iter()
                .filter(|i| i.name_node.span.touches(offset))
                .collect()
        })
        .unwrap_or_default();
    let runs = (!images.is_empty()).then(|| super::docker::orb_images_runs(&images));
    let mut markdown = member_sections(declared, kind, &r.name, member, runs);
    if let Some(advice) = super::docker::orb_images_advice(&images) {
        let _ = write!(markdown, "\n\n---\n\n{advice}");
    }
    Some(HoverResult {
        span: r.full_span,
        markdown,
    })
}

/// Which release the data about a member comes from, for the headline:
/// `` `circleci/node@5.3.0` (for `@5`) ``.
fn provenance(declared: &DeclaredOrb) -> String {
    let Some(resolved) = &declared.resolved else {
        return String::new();
    };
    let release = &resolved.release;
    let mut s = format!(" · `{}@{}`", release.orb, release.version);
    let note = match resolved.reading {
        Reading::Exact => return s,
        Reading::NearestOfMinor => "; that release is not in the data",
        Reading::Range if resolved.releases.len() > 1 => {
            "; what holds in every release it can mean"
        }
        Reading::Range => "",
        Reading::NewerThanData => "; newer than the data, not checked",
    };
    let _ = write!(s, " (for `@{}`{note})", declared.version);
    s
}

/// How the releases read stand for the version written, as a sentence.
fn reading_text(declared: &DeclaredOrb, resolved: &Resolved) -> String {
    let newest = &resolved.release.version;
    match resolved.reading {
        Reading::Exact => format!("release {newest} is known to circleci-ls."),
        Reading::NearestOfMinor => format!(
            "read as {newest}, the nearest release of its minor known to circleci-ls ({} is not in its data).",
            declared.version
        ),
        Reading::Range if resolved.releases.len() > 1 => format!(
            "read as every known release it can mean, {} ({} releases); what holds in all of them is checked.",
            resolved.versions(),
            resolved.releases.len()
        ),
        Reading::Range => format!(
            "read as {newest}, the known release it can mean{}.",
            if declared.version.split('.').count() == 3 {
                " (its minor is not in circleci-ls's data)"
            } else {
                ""
            }
        ),
        Reading::NewerThanData => format!(
            "newer than circleci-ls's data (its newest known release is {newest}), so what the config uses from it is not checked."
        ),
    }
}

/// The public registry page, for releases from the compiled-in data.
fn registry_link(release: &Release) -> Option<String> {
    let public = Catalog::compiled_in()
        .versions(&release.orb)
        .contains(&release.version.as_str());
    public.then(|| format!("https://circleci.com/developer/orbs/orb/{}", release.orb))
}

/// A member's section of its registry page, where every parameter is described.
fn member_link(declared: &DeclaredOrb, kind: MemberKind, member: &Member) -> Option<String> {
    let page = registry_link(&declared.resolved.as_ref()?.release)?;
    let section = match kind {
        MemberKind::Command => "commands",
        MemberKind::Job => "jobs",
        MemberKind::Executor => "executors",
    };
    Some(format!("{page}#{section}-{}", member.name))
}

/// `**orb command** `node/install``: the release it was read from, what it does, where it
/// runs, its required parameters and how many others it takes (the registry page lists them).
pub fn member_markdown(
    declared: &DeclaredOrb,
    kind: MemberKind,
    written: &str,
    member: &Member,
) -> String {
    member_sections(declared, kind, written, member, None)
}

/// [`member_markdown`], with where this use of the member runs when it is known (the images
/// with their arguments filled in) in place of what the orb writes.
fn member_sections(
    declared: &DeclaredOrb,
    kind: MemberKind,
    written: &str,
    member: &Member,
    runs: Option<String>,
) -> String {
    let mut md = format!(
        "**orb {}** `{written}`{}",
        kind.noun(),
        provenance(declared)
    );
    if let Some(d) = member
        .description
        .as_deref()
        .and_then(layout::short_description)
    {
        let _ = write!(md, "\n\n{d}");
    }
    if let Some(runs) = runs.or_else(|| member.runs_on.as_ref().and_then(runs_on_line)) {
        let _ = write!(md, "\n\n{runs}");
    }
    md.push_str(&params_summary(
        &member.params,
        member_link(declared, kind, member),
    ));
    md
}

/// Where an orb job or executor runs, in one line.
fn runs_on_line(runs: &RunsOn) -> Option<String> {
    Some(match runs.kind.as_str() {
        "docker" => {
            let images: Vec<String> = runs
                .images
                .iter()
                .map(|i| {
                    let auth = if i.auth { "with" } else { "without" };
                    format!("`{}` (pulled {auth} credentials)", i.image)
                })
                .collect();
            format!("Runs in Docker: {}.", layout::name_list(&images, 3))
        }
        "executor" => format!(
            "Runs on the orb's executor `{}`.",
            runs.executor.as_deref()?
        ),
        other => format!("Runs on `{other}`."),
    })
}

/// The required parameters as a list, then how many optional ones there are and where they
/// are described.
fn params_summary(params: &[Param], link: Option<String>) -> String {
    if params.is_empty() {
        return "\n\nNo parameters.".to_string();
    }
    let required: Vec<&Param> = params.iter().filter(|p| p.required()).collect();
    let optional = params.len() - required.len();
    let rest = match (optional, link) {
        (0, _) => String::new(),
        (n, Some(link)) => format!("{n} optional, described on the [orb page]({link})."),
        (n, None) => format!("{n} optional, offered by completion."),
    };
    if required.is_empty() {
        return format!("\n\nNo required parameters; {rest}");
    }
    let mut md = String::from("\n\nRequired parameters:");
    for p in &required {
        let _ = write!(md, "\n- `{}`: {}", p.name, type_label(p));
    }
    if !rest.is_empty() {
        let _ = write!(md, "\n\nAnd {rest}");
    }
    md
}

fn type_label(p: &Param) -> String {
    if p.values.is_empty() {
        p.ty.clone()
    } else {
        format!("enum: {}", p.values.join(", "))
    }
}

fn default_label(p: &Param) -> String {
    match &p.default {
        None => "**required**".to_string(),
        Some(d) if d.is_empty() => "`\"\"`".to_string(),
        Some(d) if d.contains('\n') => "(multi-line text)".to_string(),
        Some(d) => format!("`{}`", layout::cut_words(&d.replace('`', "'"), 60)),
    }
}

/// One parameter: its type, default and allowed values.
pub fn param_markdown(written_member: &str, p: &Param) -> String {
    let mut md = format!(
        "**parameter** `{}` of orb member `{written_member}`\n\nType: {}",
        p.name,
        type_label(p)
    );
    let _ = write!(md, "\n\nDefault: {}", default_label(p));
    if let Some(d) = p.description.as_deref().and_then(layout::short_description) {
        let _ = write!(md, "\n\n{d}");
    }
    md
}

/// An argument's value when its parameter takes a fixed set of values: an enum's values, a
/// boolean's two, with the default and the value written marked.
pub fn value_markdown(
    written_member: &str,
    p: &Param,
    node: &syntax::yaml::Node,
) -> Option<String> {
    let value = node.as_str()?;
    let (kind, values): (&str, Vec<&str>) = match p.ty.as_str() {
        "enum" => ("enum", p.values.iter().map(String::as_str).collect()),
        "boolean" => ("boolean", vec!["true", "false"]),
        _ => return None,
    };
    let written = match kind {
        // YAML 1.1 reads `yes`/`on` as true and `no`/`off` as false, and CircleCI does too.
        "boolean" => match node.as_bool() {
            Some(true) => "true",
            Some(false) => "false",
            None => value,
        },
        _ => value,
    };
    let mut md = format!(
        "**`{value}`** · value of {kind} parameter `{}` of orb member `{written_member}`\n",
        p.name
    );
    for v in &values {
        let mut notes = Vec::new();
        if *v == written {
            notes.push("this value");
        }
        if p.default.as_deref() == Some(*v) {
            notes.push("default");
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join(", "))
        };
        let _ = write!(md, "\n- `{v}`{notes}");
    }
    if !values.contains(&written) {
        let _ = write!(md, "\n\n`{value}` is not one of these.");
    } else if p.default.as_deref() == Some(written) {
        md.push_str("\n\nThis is the default: the argument can be left out.");
    }
    Some(md)
}

/// The argument value under the cursor (a matrix list's item included) and its span.
fn value_at(value: &syntax::yaml::Node, offset: usize) -> Option<&syntax::yaml::Node> {
    if !value.span.touches(offset) || !value.is_written_here() {
        return None;
    }
    match value.as_sequence() {
        Some(seq) => seq
            .items
            .iter()
            .find(|i| i.span.touches(offset) && i.as_str().is_some()),
        None => value.as_str().map(|_| value),
    }
}

fn argument_hover(model: &Model<'_>, orbs: &[DeclaredOrb], offset: usize) -> Option<HoverResult> {
    for call in &model.orb_calls {
        if let Some((arg, value)) = call
            .passed
            .entries()
            .find_map(|a| Some((a, value_at(&a.value, offset)?)))
        {
            let reference = model.refs.get(call.reference)?;
            let (_, member) = declared::member(orbs, call.orb, reference.kind, &reference.name)?;
            let param = member.param(arg.key.as_str()?)?;
            let text = value.as_str()?;
            if syntax::text::template::has_template(text) {
                return None;
            }
            return Some(HoverResult {
                span: value_span(value, model.text).0,
                markdown: value_markdown(&reference.name, param, value)?,
            });
        }
        let Some(arg) = call
            .passed
            .entries()
            .find(|a| a.key.span.touches(offset) && a.key.is_written_here())
        else {
            continue;
        };
        let reference = model.refs.get(call.reference)?;
        let (_, member) = declared::member(orbs, call.orb, reference.kind, &reference.name)?;
        let param = member.param(arg.key.as_str()?)?;
        return Some(HoverResult {
            span: value_span(&arg.key, model.text).0,
            markdown: param_markdown(&reference.name, param),
        });
    }
    None
}

/// Hover on `circleci/node@5.1.0` under `orbs:`.
fn reference_hover(catalog: &Catalog, orbs: &[DeclaredOrb], offset: usize) -> Option<HoverResult> {
    let declared = orbs
        .iter()
        .find(|o| o.reference_span.is_some_and(|s| s.touches(offset)))?;
    let span = declared.reference_span?;
    let releases = catalog.releases(&declared.orb);
    if releases.is_empty() {
        return None;
    }
    let mut md = format!("**orb** `{}`", declared.reference());
    if let Some(d) = releases.first().and_then(|r| r.description.as_deref()) {
        let _ = write!(md, "\n\n{d}");
    }
    match &declared.resolved {
        Some(r) => {
            let text = reading_text(declared, r);
            let mut chars = text.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            let _ = write!(md, "\n\n{}{}", first.unwrap_or(' '), chars.as_str());
        }
        None => md.push_str(
            "\n\nThis major is not in circleci-ls's data, so what the config uses from it is not checked.",
        ),
    }
    let _ = write!(
        md,
        "\n\n{}",
        known_releases(releases, &declared.version, &catalog.date)
    );
    if let Some(link) = releases.first().and_then(|r| registry_link(r)) {
        let _ = write!(md, " [Orb page]({link})");
    }
    Some(HoverResult { span, markdown: md })
}

/// The known releases of the pinned major (all of them, newest first) and the newest of each
/// other major: "Known releases of major 7 (newest first, as of 2026-07-01): `7.2.1`, `7.1.1`.
/// Other majors: `6.3.0`, `5.3.0`."
fn known_releases(releases: &[std::sync::Arc<Release>], version: &str, date: &str) -> String {
    let major_of = |v: &str| v.split('.').next().map(str::to_string);
    let pinned = major_of(version);
    let mut same = Vec::new();
    let mut others: Vec<String> = Vec::new();
    let mut seen_majors: Vec<Option<String>> = Vec::new();
    for r in releases {
        let major = major_of(&r.version);
        if major == pinned {
            same.push(format!("`{}`", r.version));
        } else if !seen_majors.contains(&major) {
            seen_majors.push(major);
            others.push(format!("`{}`", r.version));
        }
    }
    let mut md = match (&pinned, same.is_empty()) {
        (Some(m), false) => format!(
            "Known releases of major {m} (newest first, as of {date}): {}.",
            layout::name_list(&same, 8)
        ),
        _ => format!("Known releases (as of {date}): none of this major."),
    };
    if !others.is_empty() {
        let _ = write!(
            md,
            " Newest of other majors: {}.",
            layout::name_list(&others, 4)
        );
    }
    md
}
