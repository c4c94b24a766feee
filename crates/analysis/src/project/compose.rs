//! Configs made of several files, put together in memory so they are analysed as the one
//! config they form:
//!
//! - fragments merged by a script or by the path-filtering orb (`yq` deep-merges them): the
//!   entries of each section (`jobs`, `commands`, …) of every file under one key;
//! - a packed config tree, as `circleci config pack` reads it: `@config.yml` (and any other
//!   `@…` file) at the top, `jobs/build.yml` as the job `build`, `commands/@x.yml` merged
//!   into `commands`;
//! - an orb's test config (orb-tools' `test-deploy.yml`) declaring the orb under test as
//!   `name: {}`: the orb's source tree in the workspace is put in its place, as orb-tools
//!   injects it before continuing.
//!
//! The edited file goes last (its entries last in each section), so that a syntax error
//! while it is being edited cuts short only the rest of it. Every part placed records where
//! it came from; findings and spans are mapped back to the file they are written in.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use crate::file_path::FilePath;
use crate::orb_source::{findings_in, OrbSource};
use crate::orbs::dev::{place_range, OtherFile, Placement};
use crate::settings::Settings;
use crate::{analyze, Analysis};
use syntax::text::lines::{line_start, next_line_start};
use syntax::yaml::{Mapping, Node, Span};

/// One file of a composed config.
#[derive(Clone, Debug)]
pub struct Source {
    pub path: FilePath,
    pub text: Arc<str>,
}

/// A config put together from several files: its text, and where each file's parts are.
#[derive(Default)]
pub struct Composed {
    text: String,
    /// Each part placed: the file's index and where its lines went.
    parts: Vec<(usize, Placement)>,
    /// Keys written for files named by their file name (`jobs/build.yml` is `build`).
    keys: Vec<(usize, Span)>,
}

impl Composed {
    fn write(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn place(&mut self, file: usize, text: &str, range: Range<usize>, indent: usize) {
        let placement = place_range(&mut self.text, text, range, indent);
        self.parts.push((file, placement));
    }

    /// Writes `name:` at `indent` as the key a file's name gives, and records it.
    fn key(&mut self, file: usize, indent: usize, name: &str) {
        self.text.extend(std::iter::repeat_n(' ', indent));
        let start = self.text.len();
        // Quoted, so any file name stays a plain key.
        self.text
            .push_str(&serde_json::to_string(name).unwrap_or_default());
        self.keys.push((file, Span::new(start, self.text.len())));
        self.text.push_str(":\n");
    }

    /// The analysis of the file `mine` (whose current text is `text`) inside the config:
    /// its own tree, the config's findings in its parts, and the whole config for the
    /// editor features. `None` when the config does not parse up to the file's parts: the
    /// file is then best analysed alone.
    pub fn analyze_member(
        self,
        sources: &[Source],
        mine: usize,
        text: Arc<str>,
        settings: &Settings,
    ) -> Option<Analysis> {
        let packed = analyze(Arc::from(self.text.as_str()), settings);
        let my_parts: Vec<Placement> = self
            .parts
            .iter()
            .filter(|(i, _)| *i == mine)
            .map(|(_, p)| p.clone())
            .collect();
        let first_error = packed.yaml.errors.first().map(|e| e.span.start);
        let before_mine = my_parts.first().map(|p| p.packed_start());
        if let (Some(error), Some(start)) = (first_error, before_mine) {
            if error < start {
                return None;
            }
        }
        let findings = findings_in(&packed, &my_parts, &[]);
        let mine_key = self.keys.iter().find(|(i, _)| *i == mine).map(|(_, k)| *k);
        let others = self.others(sources, mine);
        let mut analysis = analyze(text, settings);
        analysis.findings = findings;
        analysis.orb_source = Some(Arc::new(OrbSource::composed(
            packed, my_parts, mine_key, others,
        )));
        Some(analysis)
    }

    /// The parts of the files other than `mine`, each with the key naming its file once.
    fn others(&self, sources: &[Source], mine: usize) -> Vec<OtherFile> {
        let mut keyed = HashSet::new();
        self.parts
            .iter()
            .filter(|(i, _)| *i != mine)
            .filter_map(|(i, placement)| {
                let source = sources.get(*i)?;
                let key = self
                    .keys
                    .iter()
                    .find(|(k, _)| k == i)
                    .map(|(_, span)| *span)
                    .filter(|_| keyed.insert(*i));
                Some(OtherFile {
                    path: source.path.clone(),
                    text: source.text.clone(),
                    placement: placement.clone(),
                    key,
                })
            })
            .collect()
    }
}

/// The top-level keys whose values are mappings of names that several files fill.
const SECTIONS: &[&str] = &[
    "parameters",
    "orbs",
    "executors",
    "commands",
    "jobs",
    "workflows",
];
/// The top-level keys holding one value: the first file's stands.
const SCALARS: &[&str] = &["version", "setup"];

/// One top-level entry of a file, and where its lines are.
struct TopEntry<'t> {
    key: String,
    key_span: Span,
    lines: Range<usize>,
    value: &'t Node,
}

/// A file's top-level entries, each from the end of the one before (comments between them
/// go with the next), or `None` when its top level is not a block mapping.
fn top_entries<'t>(text: &str, root: &'t Node) -> Option<Vec<TopEntry<'t>>> {
    let mapping = root.as_mapping().filter(|m| !m.flow)?;
    let mut out = Vec::new();
    let mut from = 0;
    for entry in mapping.own_entries() {
        let key = entry.key.as_str()?.to_string();
        let end = next_line_start(text, entry.value.span.end.max(entry.key.span.end));
        out.push(TopEntry {
            key,
            key_span: entry.key.span,
            lines: from..end,
            value: &entry.value,
        });
        from = end;
    }
    Some(out)
}

/// The entries of a section's block mapping: name, lines, and the indentation they are
/// written at; `None` when the value is something else than a block mapping or nothing.
fn children(
    text: &str,
    key_line_end: usize,
    value: &Node,
) -> Option<Vec<(String, Range<usize>, usize)>> {
    if value.is_null() {
        return Some(Vec::new());
    }
    let mapping: &Mapping = value.as_mapping().filter(|m| !m.flow)?;
    // An anchor on the section or a section copied from one cannot be split.
    if value.via_alias.is_some() || value.anchor.is_some() {
        return None;
    }
    let mut out = Vec::new();
    let mut from = key_line_end;
    for entry in mapping.own_entries() {
        let name = entry.key.as_str()?.to_string();
        let start = entry.key.span.start;
        let indent = start - line_start(text, start);
        let end = next_line_start(text, entry.value.span.end.max(entry.key.span.end));
        out.push((name, from..end, indent));
        from = end;
    }
    Some(out)
}

/// What one file gives a section.
enum Part {
    /// Entries written in the file's own section, at their indentation.
    Entries(usize, Vec<(String, Range<usize>, usize)>),
    /// A file standing for one entry (`jobs/build.yml` for the job `build`).
    Named(usize, String),
}

/// Sections being filled, in order of first appearance after the known ones.
#[derive(Default)]
struct Sections {
    order: Vec<String>,
    parts: Vec<(String, Part)>,
}

impl Sections {
    fn add(&mut self, section: &str, part: Part) {
        if !self.order.iter().any(|s| s == section) {
            self.order.push(section.to_string());
        }
        self.parts.push((section.to_string(), part));
    }

    /// Writes every section: its key, then each file's entries at one indentation, a name
    /// given by an earlier file not written again (a deep merge keeps one).
    fn write(&self, out: &mut Composed, sources: &[Source]) {
        let mut order: Vec<&String> = SECTIONS
            .iter()
            .filter_map(|s| self.order.iter().find(|o| o == s))
            .collect();
        order.extend(
            self.order
                .iter()
                .filter(|o| !SECTIONS.contains(&o.as_str())),
        );
        for section in order {
            let parts: Vec<&Part> = self
                .parts
                .iter()
                .filter(|(s, _)| s == section)
                .map(|(_, p)| p)
                .collect();
            let indent = parts
                .iter()
                .flat_map(|p| match p {
                    Part::Entries(_, e) => e.iter().map(|(_, _, i)| *i).collect(),
                    Part::Named(..) => Vec::new(),
                })
                .max()
                .unwrap_or(2)
                .max(2);
            out.write(section);
            out.write(":\n");
            let mut seen = HashSet::new();
            for part in parts {
                write_part(out, sources, part, indent, &mut seen);
            }
        }
    }
}

fn write_part(
    out: &mut Composed,
    sources: &[Source],
    part: &Part,
    indent: usize,
    seen: &mut HashSet<String>,
) {
    match part {
        Part::Entries(file, entries) => {
            let Some(source) = sources.get(*file) else {
                return;
            };
            for (name, lines, own) in entries {
                if seen.insert(name.clone()) {
                    out.place(*file, &source.text, lines.clone(), indent - own);
                }
            }
        }
        Part::Named(file, name) => {
            let Some(source) = sources.get(*file) else {
                return;
            };
            if seen.insert(name.clone()) {
                out.key(*file, indent, name);
                out.place(*file, &source.text, 0..source.text.len(), indent + 2);
            }
        }
    }
}

/// Adds a file's top level: its sections' entries to `sections`, its other keys placed now
/// (the first file's scalars; any other key once, again ones under a key of their own so
/// their anchors stay defined). `under` nests the file in a section (a packed tree's
/// `commands/@x.yml`). `None` when its top level cannot be merged.
fn add_top_level(
    out: &mut Composed,
    sections: &mut Sections,
    written: &mut HashSet<String>,
    (file, source): (usize, &Source),
    under: Option<&str>,
) -> Option<()> {
    let parsed = syntax::yaml::parse(&source.text);
    let Some(root) = parsed.root() else {
        return Some(());
    };
    let entries = top_entries(&source.text, root)?;
    if let Some(section) = under {
        let children = entries
            .iter()
            .map(|e| (e.key.clone(), e.lines.clone(), 0))
            .collect();
        sections.add(section, Part::Entries(file, children));
        return Some(());
    }
    for entry in entries {
        if SECTIONS.contains(&entry.key.as_str()) {
            let key_line_end = next_line_start(&source.text, entry.key_span.start);
            let children = children(&source.text, key_line_end, entry.value)?;
            sections.add(&entry.key, Part::Entries(file, children));
        } else if written.insert(entry.key.clone()) {
            out.place(file, &source.text, entry.lines, 0);
        } else if !SCALARS.contains(&entry.key.as_str()) {
            let wrapper = format!("x-circleci-ls-{file}-{}", entry.key);
            if written.insert(wrapper.clone()) {
                out.write(&format!("{wrapper}:\n"));
                out.place(file, &source.text, entry.lines, 2);
            }
        }
    }
    Some(())
}

/// The files of `sources` merged as fragments (`mine` last), or `None` when one of them
/// cannot be merged (a top level or section written in flow style or through an alias).
pub fn fragments(sources: &[Source], mine: usize) -> Option<Composed> {
    let mut out = Composed::default();
    let mut sections = Sections::default();
    let mut written = HashSet::new();
    for (i, source) in ordered(sources, mine) {
        add_top_level(&mut out, &mut sections, &mut written, (i, source), None)?;
    }
    sections.write(&mut out, sources);
    Some(out)
}

/// The sources in order, `mine` last.
fn ordered(sources: &[Source], mine: usize) -> impl Iterator<Item = (usize, &Source)> {
    let first = sources.iter().enumerate().filter(move |(i, _)| *i != mine);
    first.chain(sources.get(mine).map(|s| (mine, s)))
}

/// A packed config tree's files (`sources`, inside `tree`) as `circleci config pack` puts
/// them together, `mine` last: `@…` files at the top merge into the config, a folder is a
/// section, `folder/name.yml` its entry `name`, `folder/@….yml` entries merged into it.
/// Files deeper down are left out.
pub fn packed_tree(tree: &FilePath, sources: &[Source], mine: usize) -> Option<Composed> {
    let mut out = Composed::default();
    let mut sections = Sections::default();
    let mut written = HashSet::new();
    for (i, source) in ordered(sources, mine) {
        let Some(rest) = source.path.strip_prefix(tree) else {
            continue;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        let stem = |name: &str| {
            name.strip_suffix(".yml")
                .or_else(|| name.strip_suffix(".yaml"))
                .map(str::to_string)
        };
        match parts.as_slice() {
            [name] if name.starts_with('@') => {
                add_top_level(&mut out, &mut sections, &mut written, (i, source), None)?;
            }
            [dir, name] if name.starts_with('@') => {
                add_top_level(
                    &mut out,
                    &mut sections,
                    &mut written,
                    (i, source),
                    Some(dir),
                )?;
            }
            [dir, name] => {
                if let Some(stem) = stem(name) {
                    sections.add(dir, Part::Named(i, stem));
                }
            }
            _ => {}
        }
    }
    sections.write(&mut out, sources);
    Some(out)
}

/// The sections of an orb a test config gets: what orb-tools packs.
const ORB_SECTIONS: &[&str] = &["commands", "jobs", "executors"];

/// The config `sources[mine]` with the orb whose source files are `orb` (inside the orb's
/// `src` folder) put in place of the empty inline orb whose `{}` is at `empty`.
pub fn injected(sources: &[Source], mine: usize, src: &FilePath, empty: Span) -> Option<Composed> {
    let me = sources.get(mine)?;
    let text = &me.text;
    let key_indent = empty.start - line_start(text, empty.start);
    let line_begin = line_start(text, empty.start);
    let key_column = text
        .get(line_begin..empty.start)?
        .find(|c: char| c != ' ')
        .unwrap_or(key_indent);
    let body = key_column + 2;
    let mut out = Composed::default();
    out.place(mine, text, 0..empty.start, 0);
    for (i, source) in sources.iter().enumerate() {
        let Some(rest) = source.path.strip_prefix(src) else {
            continue;
        };
        if rest == "@orb.yml" || rest == "@orb.yaml" {
            out.place(i, &source.text, 0..source.text.len(), body);
        }
    }
    for section in ORB_SECTIONS {
        let members: Vec<(usize, String)> = sources
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let rest = s.path.strip_prefix(&src.join(section))?;
                let stem = rest
                    .strip_suffix(".yml")
                    .or_else(|| rest.strip_suffix(".yaml"))?;
                (!stem.contains('/') && !stem.starts_with('.')).then(|| (i, stem.to_string()))
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        out.write(&format!("{}{section}:\n", " ".repeat(body)));
        for (i, name) in members {
            let Some(source) = sources.get(i) else {
                continue;
            };
            out.key(i, body + 2, &name);
            out.place(i, &source.text, 0..source.text.len(), body + 4);
        }
    }
    out.place(mine, text, next_line_start(text, empty.end)..text.len(), 0);
    Some(out)
}
