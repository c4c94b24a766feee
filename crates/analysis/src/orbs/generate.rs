//! Reads packed orb sources (`NAMESPACE/NAME/X.Y.Z.yml`, as `circleci orb source` writes them)
//! into [`Release`]s, and writes the compiled-in data file from them. The front end reads the
//! folders; this reads texts.
//!
//! The same reader loads the user's orb directories at run time, keeping descriptions there;
//! the compiled-in file keeps none (they are the orb authors' prose).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Deserialize;

use super::data::{Image, Member, OrbFile, Param, Release, RunsOn};
use super::packed::{DataFile, PackedRelease};
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
    let members = |key: &str, runs: bool| -> Vec<Arc<Member>> {
        let Some(m) = root.get(key).and_then(Node::as_mapping) else {
            return Vec::new();
        };
        m.entries
            .iter()
            .filter_map(|e| {
                let name = e.key.as_str()?.to_string();
                Some(Arc::new(Member {
                    name,
                    params: params(&e.value, descriptions),
                    runs_on: if runs { runs_on(&e.value) } else { None },
                    description: describe(&e.value),
                }))
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

/// A release written out whole, as small test catalogs and hand-made files do.
#[derive(Deserialize)]
struct InlineRelease {
    orb: String,
    version: String,
    #[serde(default)]
    commands: Vec<Member>,
    #[serde(default)]
    jobs: Vec<Member>,
    #[serde(default)]
    executors: Vec<Member>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
struct InlineFile {
    date: String,
    releases: Vec<InlineRelease>,
}

/// The members of every release, each distinct interface once, in the order they first
/// appear; and for each release, the indexes of its members.
struct Interfaces {
    members: Vec<String>,
    index: HashMap<String, usize>,
}

impl Interfaces {
    fn indexes(&mut self, members: &[Arc<Member>]) -> Result<Vec<usize>, String> {
        members
            .iter()
            .map(|m| {
                let json = serde_json::to_string(&**m).map_err(|e| e.to_string())?;
                if let Some(&i) = self.index.get(&json) {
                    return Ok(i);
                }
                let i = self.members.len();
                self.index.insert(json.clone(), i);
                self.members.push(json);
                Ok(i)
            })
            .collect()
    }
}

/// The data file for `releases` (sorted by orb, newest version first), whose sources' newest
/// tagged commit is from `date`. Releases share the interfaces that did not change between
/// them, so every release of every minor fits in the binary: one interface and one release
/// per line, so a regenerated file diffs by member and release.
pub fn data_file(date: &str, releases: &[Release]) -> Result<String, String> {
    let mut interfaces = Interfaces {
        members: Vec::new(),
        index: HashMap::new(),
    };
    let mut packed = Vec::new();
    for r in releases {
        packed.push(PackedRelease {
            orb: Cow::Borrowed(&r.orb),
            version: Cow::Borrowed(&r.version),
            commands: interfaces.indexes(&r.commands)?,
            jobs: interfaces.indexes(&r.jobs)?,
            executors: interfaces.indexes(&r.executors)?,
        });
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "{{\"date\":{},\n\"members\":[",
        serde_json::to_string(date).map_err(|e| e.to_string())?
    );
    for (i, m) in interfaces.members.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(m);
    }
    out.push_str("\n],\n\"releases\":[");
    for (i, r) in packed.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::to_string(r).map_err(|e| e.to_string())?);
    }
    out.push_str("\n]}\n");
    Ok(out)
}

/// Parses a data file: the generated one (members listed once, releases referring to them)
/// or one whose releases list their members whole.
pub fn parse_file(text: &str) -> Result<OrbFile, String> {
    match DataFile::index(text) {
        Ok(packed) => Ok(OrbFile {
            releases: packed.releases()?,
            date: packed.date,
        }),
        Err(packed_error) => match serde_json::from_str::<InlineFile>(text) {
            Ok(inline) => Ok(OrbFile {
                date: inline.date,
                releases: inline.releases.into_iter().map(inline_release).collect(),
            }),
            Err(_) => Err(packed_error),
        },
    }
}

fn inline_release(r: InlineRelease) -> Release {
    let shared = |members: Vec<Member>| members.into_iter().map(Arc::new).collect();
    Release {
        orb: r.orb,
        version: r.version,
        commands: shared(r.commands),
        jobs: shared(r.jobs),
        executors: shared(r.executors),
        description: r.description,
    }
}
