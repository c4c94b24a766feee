//! Orb development files: the unpacked layout (`src/@orb.yml`, `src/commands/*.yml`,
//! `src/jobs/*.yml`, `src/executors/*.yml`, `src/examples/*.yml`) that `circleci orb pack`
//! turns into one orb.
//!
//! A file is checked as part of its orb: the orb's files are packed in memory the way the
//! CLI packs them (each file under its section, keyed by its name), the packed text is
//! analysed like any config, and the findings inside the edited file are mapped back to it.
//! So a command file is checked as a command definition, `<< parameters.x >>` resolves in the
//! member's scope, and commands and executors resolve across the orb's files.
//!
//! The orb's files come from the workspace ([`OrbTree`]): unsaved editor buffers stand for
//! their files, and nothing here reads a disk.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{FixSafety, Rule, Severity};
use crate::file_path::FilePath;
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
    pub src: FilePath,
}

const SECTIONS: &[&str] = &["commands", "jobs", "executors", "examples"];

/// The name of a YAML file without its extension.
fn yaml_stem(file_name: &str) -> Option<&str> {
    file_name
        .strip_suffix(".yml")
        .or_else(|| file_name.strip_suffix(".yaml"))
}

/// Recognises an orb source file by its path.
pub fn orb_file(path: &FilePath) -> Option<OrbFile> {
    let stem = yaml_stem(path.file_name()?)?;
    let parent = path.parent()?;
    let parent_name = parent.file_name()?;
    if parent_name == "src" && stem == "@orb" {
        return Some(OrbFile {
            kind: OrbFileKind::Root,
            src: parent,
        });
    }
    let section = SECTIONS.iter().find(|s| **s == parent_name)?;
    let src = parent.parent()?;
    if src.file_name()? != "src" || stem.is_empty() {
        return None;
    }
    Some(OrbFile {
        kind: OrbFileKind::Member {
            section,
            name: stem.to_string(),
        },
        src,
    })
}

/// The files of an orb's `src/` folder as the workspace holds them: an open editor buffer
/// stands for its file, saved or not.
#[derive(Clone, Debug, Default)]
pub struct OrbTree {
    files: BTreeMap<FilePath, Arc<str>>,
}

impl OrbTree {
    pub fn new(files: impl IntoIterator<Item = (FilePath, Arc<str>)>) -> OrbTree {
        OrbTree {
            files: files.into_iter().collect(),
        }
    }

    /// Whether the orb has a file at `path`.
    pub fn contains(&self, path: &FilePath) -> bool {
        self.files.contains_key(path)
    }

    /// The root file's path and text: `@orb.yml`, else `@orb.yaml`.
    fn root(&self, src: &FilePath) -> Option<(FilePath, Arc<str>)> {
        ["@orb.yml", "@orb.yaml"].iter().find_map(|name| {
            let path = src.join(name);
            let text = self.files.get(&path)?.clone();
            Some((path, text))
        })
    }

    /// The YAML files directly in `dir`, sorted by name, as (name without extension, path,
    /// text). Hidden files are not members.
    fn yaml_files(&self, dir: &FilePath) -> Vec<(String, FilePath, Arc<str>)> {
        let prefix = dir.folder_prefix();
        let mut found: Vec<(String, FilePath, Arc<str>)> = self
            .files
            .iter()
            .filter_map(|(path, text)| {
                let rest = path.as_str().strip_prefix(&prefix)?;
                let stem = yaml_stem(rest).filter(|s| !s.contains('/'))?;
                (!stem.starts_with('.')).then(|| (stem.to_string(), path.clone(), text.clone()))
            })
            .collect();
        found.sort();
        found
    }
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
    /// Where the placed text starts in the packed text.
    pub(crate) fn packed_start(&self) -> usize {
        self.packed.start
    }

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

/// Appends `text` to `out`, every line indented by `indent` spaces. Lines end at `\n`,
/// `\r\n` or a lone `\r`, as the YAML parser reads them.
fn place(out: &mut String, text: &str, indent: usize) -> Placement {
    let mut placement = place_range(out, text, 0..text.len(), indent);
    placement.len = text.len();
    placement
}

/// Appends the part of `text` in `range` (which starts a line) to `out`, every line
/// indented by `indent` more spaces, ending with a line break. Configs made of several
/// files place the parts of one file in several places.
pub(crate) fn place_range(
    out: &mut String,
    text: &str,
    range: std::ops::Range<usize>,
    indent: usize,
) -> Placement {
    let mut placement = Placement::default();
    let start = out.len();
    let end = range.end.min(text.len());
    let mut from = range.start.min(end);
    while from < end {
        let next = syntax::text::lines::next_line_start(text, from).min(end);
        placement.lines.push((out.len(), from, indent));
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(text.get(from..next).unwrap_or(""));
        if next <= from {
            break;
        }
        from = next;
    }
    let piece = text.get(range.start.min(end)..end).unwrap_or("");
    if !piece.ends_with(['\n', '\r']) {
        placement.lines.push((out.len(), end, 0));
        out.push('\n');
    }
    placement.packed = Span::new(start, out.len());
    placement.len = end;
    placement
}

/// Another file of the orb, as packed beside the edited one.
#[derive(Clone, Debug)]
pub struct OtherFile {
    pub path: FilePath,
    /// Its text as the workspace held it when the orb was packed.
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

/// The orb packed in memory with `text` standing for `file`'s contents. The edited file is
/// packed last (its section after the others, it after its section's other files, the root
/// file after the sections): a syntax error while it is being edited cuts short only the
/// rest of it, and every other file of the orb stays known.
pub(crate) fn pack(file: &OrbFile, text: &str, tree: &OrbTree) -> Packed {
    let mut packed = Packed {
        text: String::new(),
        mine: Placement::default(),
        mine_key: None,
        others: Vec::new(),
    };
    if file.kind != OrbFileKind::Root {
        match tree.root(&file.src) {
            Some((path, root)) => {
                let placement = place(&mut packed.text, &root, 0);
                packed.others.push(OtherFile {
                    path,
                    text: root,
                    placement,
                    key: None,
                });
            }
            None => packed.text.push_str("version: 2.1\n"),
        }
    }
    let mine_section = match &file.kind {
        OrbFileKind::Member { section, .. } => Some(*section),
        OrbFileKind::Root => None,
    };
    let sections = SECTIONS
        .iter()
        .filter(|s| Some(**s) != mine_section)
        .chain(SECTIONS.iter().filter(|s| Some(**s) == mine_section));
    for section in sections {
        pack_section(&mut packed, file, section, text, tree);
    }
    if file.kind == OrbFileKind::Root {
        packed.mine = place(&mut packed.text, text, 0);
    }
    packed
}

/// A member file to pack: the edited one, or another with its path and text.
enum Slot {
    Edited,
    Other(FilePath, Arc<str>),
}

/// Packs one section's files under its key, the edited file (when it is one of them) last.
fn pack_section(packed: &mut Packed, file: &OrbFile, section: &str, text: &str, tree: &OrbTree) {
    let mine = match &file.kind {
        OrbFileKind::Member { section: s, name } if *s == section => Some(name.as_str()),
        _ => None,
    };
    let mut files: Vec<(String, Slot)> = tree
        .yaml_files(&file.src.join(section))
        .into_iter()
        .filter(|(name, _, _)| Some(name.as_str()) != mine)
        .map(|(name, path, body)| (name, Slot::Other(path, body)))
        .collect();
    files.extend(mine.map(|name| (name.to_string(), Slot::Edited)));
    if files.is_empty() {
        return;
    }
    packed.text.push_str(section);
    packed.text.push_str(":\n");
    for (name, other) in files {
        packed.text.push_str("  ");
        // Names are file names: quote them so any character stays a plain key.
        let key_start = packed.text.len();
        packed
            .text
            .push_str(&serde_json::to_string(&name).unwrap_or_default());
        let key = Some(Span::new(key_start, packed.text.len()));
        packed.text.push_str(":\n");
        match other {
            Slot::Edited => {
                packed.mine = place(&mut packed.text, text, 4);
                packed.mine_key = key;
            }
            Slot::Other(path, body) => {
                let placement = place(&mut packed.text, &body, 4);
                packed.others.push(OtherFile {
                    path,
                    text: body,
                    placement,
                    key,
                });
            }
        }
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
        if !path.is_empty() && !path.contains(['\n', '\r']) {
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
