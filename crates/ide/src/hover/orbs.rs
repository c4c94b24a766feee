//! Hover on what a config uses from registry orbs, read from the orb data: a member's
//! signature and parameters, an argument's parameter, an orb reference's known releases.

use std::fmt::Write;

use crate::hover::HoverResult;
use crate::FeatureContext;
use analysis::model::index::value_span;
use analysis::model::index::{Model, Target};
use analysis::orbs::data::{Catalog, Member, MemberKind, Param, Release};
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
    let mut markdown = member_markdown(declared, kind, &r.name, member);
    if let Some(docker) = analysis.docker() {
        // The images this use of the executor runs in, its arguments filled in.
        for image in docker
            .orb_images
            .iter()
            .filter(|i| i.name_node.span.touches(offset))
        {
            let _ = write!(
                markdown,
                "\n\n---\n\n{}",
                super::docker::orb_image_markdown(image, docker)
            );
        }
    }
    Some(HoverResult {
        span: r.full_span,
        markdown,
    })
}

/// Where the data about a member comes from, and what that means for this reference.
fn provenance(declared: &DeclaredOrb) -> String {
    let Some(resolved) = &declared.resolved else {
        return String::new();
    };
    let release = &resolved.release;
    let mut s = match resolved.reading {
        Reading::Exact => format!("From `{}@{}`.", release.orb, release.version),
        _ => format!(
            "From `{}` for `@{}`: {}",
            release.orb,
            declared.version,
            reading_text(declared, resolved)
        ),
    };
    if let Some(link) = registry_link(release) {
        let _ = write!(s, " [Orb page]({link})");
    }
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
        .releases(&release.orb)
        .iter()
        .any(|r| r.version == release.version);
    public.then(|| format!("https://circleci.com/developer/orbs/orb/{}", release.orb))
}

/// `**orb command** `node/install`` with its parameters as a table.
pub fn member_markdown(
    declared: &DeclaredOrb,
    kind: MemberKind,
    written: &str,
    member: &Member,
) -> String {
    let mut md = format!("**orb {}** `{written}`", kind.noun());
    if let Some(d) = &member.description {
        let _ = write!(md, "\n\n{d}");
    }
    let _ = write!(md, "\n\n{}", provenance(declared));
    if let Some(runs) = &member.runs_on {
        match runs.kind.as_str() {
            "docker" => {
                md.push_str("\n\nRuns in Docker:");
                for image in &runs.images {
                    let auth = if image.auth {
                        "pulled with credentials"
                    } else {
                        "pulled without credentials"
                    };
                    let _ = write!(md, "\n- `{}` ({auth})", image.image);
                }
            }
            "executor" => {
                let _ = write!(
                    md,
                    "\n\nRuns on the orb's executor `{}`.",
                    runs.executor.as_deref().unwrap_or("")
                );
            }
            other => {
                let _ = write!(md, "\n\nRuns on `{other}`.");
            }
        }
    }
    md.push_str(&params_table(&member.params));
    md
}

fn params_table(params: &[Param]) -> String {
    if params.is_empty() {
        return "\n\nNo parameters.".to_string();
    }
    let mut md = String::from("\n\n| parameter | type | default |\n|---|---|---|");
    let mut sorted: Vec<&Param> = params.iter().collect();
    sorted.sort_by_key(|p| !p.required());
    for p in sorted {
        let _ = write!(
            md,
            "\n| `{}` | {} | {} |",
            p.name,
            type_label(p),
            default_label(p)
        );
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
        Some(d) => format!("`{}`", d.replace('|', "\\|")),
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
    if let Some(d) = &p.description {
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
            same.join(", ")
        ),
        _ => format!("Known releases (as of {date}): none of this major."),
    };
    if !others.is_empty() {
        let _ = write!(md, " Newest of other majors: {}.", others.join(", "));
    }
    md
}
