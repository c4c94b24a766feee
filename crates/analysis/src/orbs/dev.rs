//! Orb development files: the unpacked layout (`src/@orb.yml`, `src/commands/*.yml`,
//! `src/jobs/*.yml`, `src/executors/*.yml`, `src/examples/*.yml`) that `circleci orb pack`
//! turns into one orb.
//!
//! A file is checked as part of its orb: the orb's files are packed in memory the way the
//! CLI packs them (each file under its section, keyed by its name), the packed text is
//! analysed like any config, and the findings inside the edited file are mapped back to it.
//! So a command file is checked as a command definition, `<< parameters.x >>` resolves in the
//! member's scope, and commands and executors resolve across the orb's files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{FixSafety, Rule, Severity};
use syntax::yaml::Span;

pub const MISSING_INCLUDE: Rule = Rule {
    code: "missing-include",
    default_severity: Severity::Error,
    fix: FixSafety::None,
    summary: "An orb source file includes a script that does not exist.",
    explanation: "In an orb's unpacked source, `<<include(scripts/x.sh)>>` is replaced by the file's text when the orb is packed (`circleci orb pack`). The path is relative to the orb's `src/` folder; packing fails when the file is missing. Create the file or fix the path.",
    bad: "version: 2.1\ndescription: Greets.\ncommands:\n  greet:\n    steps:\n      - run: <<include(scripts/greet.sh)>>\n",
    good: "version: 2.1\ndescription: Greets.\ncommands:\n  greet:\n    steps:\n      - run: <<include(scripts/greet.sh)>>  # with src/scripts/greet.sh present\n",
};

/// Which part of an orb a file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrbFileKind {
    /// `src/@orb.yml`: the orb's top-level keys.
    Root,
    /// A member file: section (`commands`, `jobs`, `executors`, `examples`) and name.
    Member { section: &'static str, name: String },
}

/// An orb development file: its kind and the orb's `src/` folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrbFile {
    pub kind: OrbFileKind,
    pub src: PathBuf,
}

const SECTIONS: &[&str] = &["commands", "jobs", "executors", "examples"];

/// Recognises an orb source file by its path.
pub fn orb_file(path: &Path) -> Option<OrbFile> {
    let file_name = path.file_name()?.to_str()?;
    let stem = file_name
        .strip_suffix(".yml")
        .or_else(|| file_name.strip_suffix(".yaml"))?;
    let parent = path.parent()?;
    let parent_name = parent.file_name()?.to_str()?;
    if parent_name == "src" && stem == "@orb" {
        return Some(OrbFile {
            kind: OrbFileKind::Root,
            src: parent.to_path_buf(),
        });
    }
    let section = SECTIONS.iter().find(|s| **s == parent_name)?;
    let src = parent.parent()?;
    if src.file_name()?.to_str()? != "src" || stem.is_empty() {
        return None;
    }
    Some(OrbFile {
        kind: OrbFileKind::Member {
            section,
            name: stem.to_string(),
        },
        src: src.to_path_buf(),
    })
}

/// Where one file's text sits in the packed text: per line, the packed line's start, the
/// file line's start and the indentation added.
#[derive(Clone, Debug, Default)]
pub(crate) struct Placement {
    lines: Vec<(usize, usize, usize)>,
    packed: Span,
    /// The file's length.
    len: usize,
}

impl Placement {
    /// The packed offset of a file offset.
    pub(crate) fn to_packed(&self, file: usize) -> Option<usize> {
        if file > self.len {
            return None;
        }
        let i = self
            .lines
            .partition_point(|(_, file_start, _)| *file_start <= file)
            .checked_sub(1)?;
        let (start, file_start, indent) = *self.lines.get(i)?;
        let packed = start + indent + (file - file_start);
        // An offset past the file's end does not fall in the next file.
        (packed <= self.packed.end).then_some(packed)
    }

    /// The file offset of a packed offset, when it falls inside this file.
    fn to_file(&self, packed: usize) -> Option<usize> {
        if packed < self.packed.start || packed > self.packed.end {
            return None;
        }
        let i = self
            .lines
            .partition_point(|(start, _, _)| *start <= packed)
            .checked_sub(1)?;
        let (start, file_start, indent) = *self.lines.get(i)?;
        Some(file_start + (packed - start).saturating_sub(indent))
    }

    pub(crate) fn span_to_file(&self, span: Span) -> Option<Span> {
        Some(Span::new(
            self.to_file(span.start)?,
            self.to_file(span.end)?,
        ))
    }
}

/// Appends `text` to `out`, every line indented by `indent` spaces.
fn place(out: &mut String, text: &str, indent: usize) -> Placement {
    let mut placement = Placement::default();
    let start = out.len();
    let mut file_offset = 0;
    for line in text.split_inclusive('\n') {
        placement.lines.push((out.len(), file_offset, indent));
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(line);
        file_offset += line.len();
    }
    if !text.ends_with('\n') {
        placement.lines.push((out.len(), file_offset, 0));
        out.push('\n');
    }
    placement.packed = Span::new(start, out.len());
    placement.len = text.len();
    placement
}

/// YAML files directly in `dir`, sorted by name, as (name without extension, path).
fn yaml_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| {
                    let path = e.path();
                    let name = path.file_name()?.to_str()?.to_string();
                    let stem = name
                        .strip_suffix(".yml")
                        .or_else(|| name.strip_suffix(".yaml"))?;
                    (!stem.starts_with('.') && path.is_file()).then(|| (stem.to_string(), path))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Another file of the orb, as packed beside the edited one.
#[derive(Clone, Debug)]
pub struct OtherFile {
    pub path: PathBuf,
    /// Its text as read when the orb was packed.
    pub text: Arc<str>,
    pub(crate) placement: Placement,
    /// The member key the packing wrote for it (`"greet":`), which stands for the file.
    pub(crate) key: Option<Span>,
}

/// The orb packed in memory: the packed text, where the edited text sits in it, and where
/// every other file does.
pub(crate) struct Packed {
    pub(crate) text: String,
    pub(crate) mine: Placement,
    pub(crate) mine_key: Option<Span>,
    pub(crate) others: Vec<OtherFile>,
}

/// The orb packed in memory with `text` standing for `file`'s (unsaved) contents. The
/// edited file is packed last (its section after the others, it after its section's other
/// files, the root file after the sections): a syntax error while it is being edited cuts
/// short only the rest of it, and every other file of the orb stays known.
pub(crate) fn pack(file: &OrbFile, text: &str) -> Packed {
    let mut out = String::new();
    let mut mine = Placement::default();
    let mut mine_key = None;
    let mut others = Vec::new();
    let root_path = file.src.join("@orb.yml");
    if file.kind != OrbFileKind::Root {
        match std::fs::read_to_string(&root_path) {
            Ok(root) => {
                let placement = place(&mut out, &root, 0);
                others.push(OtherFile {
                    path: root_path,
                    text: Arc::from(root),
                    placement,
                    key: None,
                });
            }
            Err(_) => out.push_str("version: 2.1\n"),
        }
    }
    let mine_section = match &file.kind {
        OrbFileKind::Member { section, .. } => Some(*section),
        _ => None,
    };
    let sections = SECTIONS
        .iter()
        .filter(|s| Some(**s) != mine_section)
        .chain(SECTIONS.iter().filter(|s| Some(**s) == mine_section));
    for section in sections {
        let mut files = yaml_files(&file.src.join(section));
        let is_mine = |n: &str| matches!(&file.kind, OrbFileKind::Member { section: s, name } if s == section && name == n);
        files.retain(|(n, _)| !is_mine(n));
        if let OrbFileKind::Member { section: s, name } = &file.kind {
            if s == section {
                files.push((name.clone(), PathBuf::new()));
            }
        }
        if files.is_empty() {
            continue;
        }
        out.push_str(section);
        out.push_str(":\n");
        for (name, path) in files {
            out.push_str("  ");
            // Names are file names: quote them so any character stays a plain key.
            let key_start = out.len();
            out.push_str(&serde_json::to_string(&name).unwrap_or_default());
            let key = Some(Span::new(key_start, out.len()));
            out.push_str(":\n");
            if is_mine(&name) {
                mine = place(&mut out, text, 4);
                mine_key = key;
            } else if let Ok(body) = std::fs::read_to_string(&path) {
                let placement = place(&mut out, &body, 4);
                others.push(OtherFile {
                    path,
                    text: Arc::from(body),
                    placement,
                    key,
                });
            }
        }
    }
    if file.kind == OrbFileKind::Root {
        mine = place(&mut out, text, 0);
    }
    Packed {
        text: out,
        mine,
        mine_key,
        others,
    }
}

/// `<<include(path)>>` in an orb source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Include {
    pub path: String,
    /// The path inside the parentheses.
    pub path_span: Span,
}

pub fn includes(text: &str) -> Vec<Include> {
    const OPEN: &str = "<<include(";
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(OPEN)) {
        let start = from + i + OPEN.len();
        let Some(close) = text.get(start..).and_then(|t| t.find(")>>")) else {
            break;
        };
        let path = text.get(start..start + close).unwrap_or("").trim();
        if !path.is_empty() && !path.contains('\n') {
            let lead = text
                .get(start..start + close)
                .map_or(0, |p| p.len() - p.trim_start().len());
            found.push(Include {
                path: path.to_string(),
                path_span: Span::new(start + lead, start + lead + path.len()),
            });
        }
        from = start + close + 3;
    }
    found
}

/// Links from each `<<include(…)>>` to its file, for files that exist.
pub fn include_links(file: &OrbFile, text: &str) -> Vec<(Span, PathBuf)> {
    includes(text)
        .into_iter()
        .filter_map(|i| {
            let path = file.src.join(&i.path);
            path.is_file().then_some((i.path_span, path))
        })
        .collect()
}
