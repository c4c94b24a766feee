//! Reads packed orb sources (`NAMESPACE/NAME/X.Y.Z.yml`, as `circleci orb source` writes them)
//! into [`Release`]s, and writes the compiled-in data file from a folder of them.
//!
//! The same reader loads the user's orb directories at run time, keeping descriptions there;
//! the compiled-in file keeps none (they are the orb authors' prose).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::data::{Image, Member, OrbFile, Param, Release, RunsOn};
use super::resolve::Version;
use syntax::yaml::{self, Node, NodeKind};

/// Whether descriptions are copied from the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Descriptions {
    Keep,
    Drop,
}

/// Reads one packed orb. Fails when the text is not a YAML mapping or does not parse.
pub fn read_release(
    orb: &str,
    version: &str,
    text: &str,
    descriptions: Descriptions,
) -> Result<Release, String> {
    let parsed = yaml::parse(text);
    if let Some(err) = parsed.errors.first() {
        return Err(format!(
            "{orb}@{version}: YAML error at byte {}: {}",
            err.span.start, err.message
        ));
    }
    let root = parsed
        .root()
        .and_then(Node::as_mapping)
        .ok_or_else(|| format!("{orb}@{version}: not a YAML mapping"))?;
    let describe = |node: &Node| match descriptions {
        Descriptions::Keep => node
            .get("description")
            .and_then(Node::as_str)
            .map(|d| d.trim_end().to_string()),
        Descriptions::Drop => None,
    };
    let members = |key: &str, runs: bool| -> Vec<Member> {
        let Some(m) = root.get(key).and_then(Node::as_mapping) else {
            return Vec::new();
        };
        m.entries
            .iter()
            .filter_map(|e| {
                let name = e.key.as_str()?.to_string();
                Some(Member {
                    name,
                    params: params(&e.value, descriptions),
                    runs_on: if runs { runs_on(&e.value) } else { None },
                    description: describe(&e.value),
                })
            })
            .collect()
    };
    Ok(Release {
        orb: orb.to_string(),
        version: version.to_string(),
        commands: members("commands", false),
        jobs: members("jobs", true),
        executors: members("executors", true),
        description: root
            .get("description")
            .filter(|_| descriptions == Descriptions::Keep)
            .and_then(Node::as_str)
            .map(|d| d.trim_end().to_string()),
    })
}

fn params(member: &Node, descriptions: Descriptions) -> Vec<Param> {
    let Some(m) = member.get("parameters").and_then(Node::as_mapping) else {
        return Vec::new();
    };
    m.entries
        .iter()
        .filter_map(|e| {
            let name = e.key.as_str()?.to_string();
            let decl = &e.value;
            Some(Param {
                name,
                ty: decl
                    .get("type")
                    .and_then(Node::as_str)
                    .unwrap_or("")
                    .to_string(),
                default: decl.get("default").map(render),
                values: decl
                    .get("enum")
                    .and_then(Node::as_sequence)
                    .map(|s| s.items.iter().map(render).collect())
                    .unwrap_or_default(),
                description: match descriptions {
                    Descriptions::Keep => decl
                        .get("description")
                        .and_then(Node::as_str)
                        .map(|d| d.trim_end().to_string()),
                    Descriptions::Drop => None,
                },
            })
        })
        .collect()
}

/// A value as short text: scalars as they read, collections in flow style.
fn render(node: &Node) -> String {
    match &node.kind {
        NodeKind::Scalar(_) if node.is_null() => String::new(),
        NodeKind::Scalar(s) => s.value.to_string(),
        NodeKind::Sequence(s) => {
            let items: Vec<String> = s.items.iter().map(render).collect();
            format!("[{}]", items.join(", "))
        }
        NodeKind::Mapping(m) => {
            let entries: Vec<String> = m
                .entries
                .iter()
                .map(|e| format!("{}: {}", render(&e.key), render(&e.value)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        NodeKind::UnresolvedAlias(name) => format!("*{name}"),
    }
}

fn runs_on(member: &Node) -> Option<RunsOn> {
    if let Some(images) = member.get("docker").and_then(Node::as_sequence) {
        return Some(RunsOn {
            kind: "docker".to_string(),
            images: images
                .items
                .iter()
                .filter_map(|i| {
                    Some(Image {
                        image: i.get("image")?.as_str()?.to_string(),
                        auth: i.get("auth").is_some() || i.get("aws_auth").is_some(),
                    })
                })
                .collect(),
            executor: None,
            args: BTreeMap::new(),
        });
    }
    for kind in ["machine", "macos"] {
        if member.get(kind).is_some() {
            return Some(RunsOn {
                kind: kind.to_string(),
                ..RunsOn::default()
            });
        }
    }
    let executor = member.get("executor")?;
    let name = executor
        .as_str()
        .or_else(|| executor.get("name").and_then(Node::as_str))?;
    let args = executor
        .as_mapping()
        .map(|m| {
            m.entries
                .iter()
                .filter_map(|e| Some((e.key.as_str()?.to_string(), render(&e.value))))
                .filter(|(k, _)| k != "name")
                .collect()
        })
        .unwrap_or_default();
    Some(RunsOn {
        kind: "executor".to_string(),
        images: Vec::new(),
        executor: Some(name.to_string()),
        args,
    })
}

/// Every packed orb file under `dir`, laid out as `NAMESPACE/NAME/VERSION.yml`, as
/// (`namespace/name`, version, path), sorted by orb and then newest version first.
pub fn list_orb_files(dir: &Path) -> Vec<(String, String, PathBuf)> {
    let mut found = Vec::new();
    let subdirs = |d: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let file_name = |p: &Path| p.file_name().and_then(|n| n.to_str()).map(str::to_string);
    for ns in subdirs(dir) {
        let Some(ns_name) = file_name(&ns) else {
            continue;
        };
        // `LICENSES/` and other folders without orb folders below them are skipped.
        for orb in subdirs(&ns) {
            let Some(orb_name) = file_name(&orb) else {
                continue;
            };
            let Ok(entries) = std::fs::read_dir(&orb) else {
                continue;
            };
            for e in entries.filter_map(Result::ok) {
                let path = e.path();
                let Some(name) = file_name(&path) else {
                    continue;
                };
                let Some(version) = name
                    .strip_suffix(".yml")
                    .or_else(|| name.strip_suffix(".yaml"))
                else {
                    continue;
                };
                if Version::parse(version).is_none() {
                    continue;
                }
                found.push((format!("{ns_name}/{orb_name}"), version.to_string(), path));
            }
        }
    }
    found.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| Version::parse(&b.1).cmp(&Version::parse(&a.1)))
    });
    found
}

/// Reads every packed orb under `dir`; the problems name the files that could not be read.
pub fn read_dir(dir: &Path, descriptions: Descriptions) -> (Vec<Release>, Vec<String>) {
    let mut releases = Vec::new();
    let mut problems = Vec::new();
    for (orb, version, path) in list_orb_files(dir) {
        match std::fs::read_to_string(&path) {
            Ok(text) => match read_release(&orb, &version, &text, descriptions) {
                Ok(r) => releases.push(r),
                Err(e) => problems.push(e),
            },
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    (releases, problems)
}

/// The date the sources' README gives for the newest tagged commit used.
fn sources_date(dir: &Path) -> Result<String, String> {
    let readme = std::fs::read_to_string(dir.join("README.md"))
        .map_err(|e| format!("{}: {e}", dir.join("README.md").display()))?;
    let re = regex::Regex::new(r"newest tagged commit used is from\s+(\d{4}-\d{2}-\d{2})")
        .map_err(|e| e.to_string())?;
    re.captures(&readme)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
        .ok_or_else(|| "README.md does not say the date of the newest source".to_string())
}

/// The data file for the packed orbs in `dir`: one release per line, so a regenerated file
/// diffs by release.
pub fn generate(dir: &Path) -> Result<String, String> {
    let date = sources_date(dir)?;
    let (releases, problems) = read_dir(dir, Descriptions::Drop);
    if let Some(p) = problems.first() {
        return Err(p.clone());
    }
    if releases.is_empty() {
        return Err(format!("no packed orbs under {}", dir.display()));
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "{{\"date\":{},\"releases\":[",
        serde_json::to_string(&date).map_err(|e| e.to_string())?
    );
    for (i, r) in releases.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::to_string(r).map_err(|e| e.to_string())?);
    }
    out.push_str("\n]}\n");
    Ok(out)
}

/// Parses a generated data file.
pub fn parse_file(text: &str) -> Result<OrbFile, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}
