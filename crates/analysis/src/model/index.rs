//! The index of one config: every definition (orbs, commands, executors, jobs, job groups,
//! workflows, parameters, anchors) and every reference to one, with exact spans.
//!
//! Built in one walk over the alias-resolved tree. A node copied in through an alias is
//! visited at every place it is copied to (CircleCI sees each copy), so the same written span
//! can appear in several references; `copied` marks those that were not written at their place.

use rustc_hash::{FxHashMap, FxHashSet};

use super::sections::{sections_in, Place};
use knowledge::schema::MapSchema;
use syntax::yaml::{Entry, Node, ParsedYaml, Span};

pub use super::defs::*;

/// Where the walk is: what every reference it records inherits.
#[derive(Clone, Copy, Debug)]
pub(super) struct Site {
    /// The inline orb whose body holds the walk; `None` at the top level.
    pub(super) scope: Option<DefId>,
    /// The part was copied in through an alias or `<<` merge rather than written here.
    pub(super) copied: bool,
    /// References are reported when undefined; false inside values passed to orb members,
    /// where only names that resolve are kept.
    pub(super) strict: bool,
}

impl Site {
    /// The top level of the config, as written.
    pub(super) fn top_level() -> Site {
        Site {
            scope: None,
            copied: false,
            strict: true,
        }
    }

    /// The body of a definition in `scope`: copied when the definition was, or when its body
    /// came in through an alias.
    pub(super) fn definition_body(scope: Option<DefId>, def: &Definition<'_>) -> Site {
        let site = Site {
            scope,
            copied: def.copied,
            strict: true,
        };
        match def.node {
            Some(node) => site.through(node),
            None => site,
        }
    }

    /// The same place, copied when `node` was brought in through an alias.
    pub(super) fn through(self, node: &Node) -> Site {
        Site {
            copied: self.copied || node.via_alias.is_some(),
            ..self
        }
    }

    /// The same place, copied when `entry` was brought in by a `<<` merge.
    pub(super) fn merged(self, entry: &Entry) -> Site {
        Site {
            copied: self.copied || entry.merged_from.is_some(),
            ..self
        }
    }

    /// Values passed to an orb member: their meaning is unknown.
    pub(super) fn loose(self) -> Site {
        Site {
            strict: false,
            ..self
        }
    }

    pub(super) fn mark(self, r: &mut Reference) {
        r.copied = self.copied;
        r.orb_scope = self.scope;
        r.strict = self.strict;
    }
}

pub struct Model<'a> {
    pub text: &'a str,
    pub root: Option<&'a Node>,
    /// The `version` as written (`2.1`, `2`).
    pub version: Option<&'a str>,
    /// `setup: true`: a setup configuration for dynamic config.
    pub setup: bool,
    pub defs: Vec<Definition<'a>>,
    pub refs: Vec<Reference>,
    pub invocations: Vec<Invocation<'a>>,
    /// Invocations of registry orb members, in the same order as their references.
    pub orb_calls: Vec<OrbCall<'a>>,
    pub entries: Vec<WorkflowEntry<'a>>,
    /// Every step, in the order the walk meets them.
    pub steps: Vec<Step<'a>>,
    pub(super) lookup: FxHashMap<(DefKind, Option<DefId>), FxHashMap<String, DefId>>,
    /// For each definition, the references naming it.
    pub(super) by_target: Vec<Vec<usize>>,
    pub(super) orb_ref_spans: FxHashSet<Span>,
    /// The job, command or executor whose body is being walked.
    pub(super) current_owner: Option<DefId>,
    pub(super) dynamic: Vec<DynamicName>,
    /// The knowledge table the walk reads the config's structure from.
    pub(super) table: &'static MapSchema,
}

impl<'a> Model<'a> {
    /// Indexes the first document of `yaml`, whose text is `text`.
    pub fn build(text: &'a str, yaml: &'a ParsedYaml) -> Model<'a> {
        Model::build_with(text, yaml, &knowledge::table::CONFIG)
    }

    /// Indexes the document with the config structure `table` describes (the knowledge
    /// table's; tests pass a fixture table to show the walk follows it).
    pub fn build_with(text: &'a str, yaml: &'a ParsedYaml, table: &'static MapSchema) -> Model<'a> {
        let root = yaml.root();
        let mut model = Model {
            text,
            root,
            version: None,
            setup: false,
            defs: Vec::new(),
            refs: Vec::new(),
            invocations: Vec::new(),
            orb_calls: Vec::new(),
            entries: Vec::new(),
            steps: Vec::new(),
            lookup: FxHashMap::default(),
            by_target: Vec::new(),
            orb_ref_spans: FxHashSet::default(),
            current_owner: None,
            dynamic: Vec::new(),
            table,
        };
        if let Some(doc) = yaml.documents.first() {
            model.index_anchors(doc);
        }
        if let Some(body) = root.and_then(Node::as_mapping) {
            model.version = body.get("version").and_then(Node::as_str);
            model.setup = body.get("setup").and_then(Node::as_bool) == Some(true);
            model.collect_scope(body, Site::top_level());
            model.walk_definitions();
            model.resolve_dynamic_names();
        }
        model.by_target = vec![Vec::new(); model.defs.len()];
        for (i, r) in model.refs.iter().enumerate() {
            if let Target::Def(d) = r.target {
                if let Some(list) = model.by_target.get_mut(d) {
                    list.push(i);
                }
            }
        }
        model
    }

    /// True for 2.1 (and unknown) versions, where parameters, orbs and commands exist.
    pub fn is_reusable_config(&self) -> bool {
        !matches!(self.version, Some("2" | "2.0"))
    }

    pub fn def(&self, id: DefId) -> Option<&Definition<'a>> {
        self.defs.get(id)
    }

    /// The definition of `kind` named `name` in `container` (an inline orb for members, the
    /// owner for parameters, `None` for the top level). The first of duplicates wins.
    pub fn lookup(&self, kind: DefKind, container: Option<DefId>, name: &str) -> Option<DefId> {
        self.lookup.get(&(kind, container))?.get(name).copied()
    }

    /// Definitions of `kind` directly in `container`.
    pub fn defs_of(
        &self,
        kind: DefKind,
        container: Option<DefId>,
    ) -> impl Iterator<Item = (DefId, &Definition<'a>)> {
        self.defs
            .iter()
            .enumerate()
            .filter(move |(_, d)| d.kind == kind && d.parent == container)
    }

    /// The inline orb a definition lives in (`None` at the top level).
    pub fn scope_of(&self, id: DefId) -> Option<DefId> {
        let def = self.defs.get(id)?;
        match def.kind {
            DefKind::Parameter => def.parent.and_then(|p| self.scope_of(p)),
            DefKind::Command | DefKind::Executor | DefKind::Job | DefKind::Orb => def.parent,
            _ => None,
        }
    }

    /// Whether a declared orb's members are unknown here: an orb from the registry, or an
    /// inline orb with no `jobs`, `commands` or `executors` (orb development fills those in).
    pub fn orb_is_opaque(&self, orb: DefId) -> bool {
        let Some(m) = self
            .defs
            .get(orb)
            .and_then(|d| d.node)
            .and_then(Node::as_mapping)
        else {
            return true;
        };
        !sections_in(self.table, Place::InlineOrb)
            .iter()
            .any(|(section, kind)| *kind != DefKind::Orb && m.get(section).is_some())
    }

    /// A declared orb by its local name, seen from `scope` (falling back to the top level).
    pub fn find_orb(&self, name: &str, scope: Option<DefId>) -> Option<DefId> {
        self.lookup(DefKind::Orb, scope, name).or_else(|| {
            scope
                .is_some()
                .then(|| self.lookup(DefKind::Orb, None, name))
                .flatten()
        })
    }

    /// The references to a definition.
    pub fn refs_to(&self, id: DefId) -> impl Iterator<Item = &Reference> {
        self.by_target
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter_map(|i| self.refs.get(*i))
    }

    /// The innermost reference whose span touches `offset`.
    ///
    /// Names are matched by their own span first (in `node/test`, `node` is the orb and
    /// `test` the member), then by the whole written name; the smallest span wins, and a
    /// reference written at its place wins over a copy.
    pub fn ref_at(&self, offset: usize) -> Option<(usize, &Reference)> {
        let innermost = |span: fn(&Reference) -> Span| {
            self.refs
                .iter()
                .enumerate()
                .filter(|(_, r)| span(r).touches(offset))
                .min_by_key(|(_, r)| (span(r).len(), r.copied, !r.strict))
        };
        innermost(|r| r.span).or_else(|| innermost(|r| r.full_span))
    }

    /// The definition whose name touches `offset`.
    pub fn def_at(&self, offset: usize) -> Option<(DefId, &Definition<'a>)> {
        self.defs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.name_span.touches(offset))
            .min_by_key(|(_, d)| (d.name_span.len(), d.copied))
    }

    /// The innermost job, command or executor whose definition contains `offset`.
    pub fn owner_at(&self, offset: usize) -> Option<DefId> {
        self.defs
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                matches!(d.kind, DefKind::Job | DefKind::Command | DefKind::Executor)
                    && !d.copied
                    && d.span.start <= offset
                    && offset <= d.span.end
            })
            .min_by_key(|(_, d)| d.span.len())
            .map(|(id, _)| id)
    }

    /// A readable name for a definition in messages: `job build`, `orb my-orb's job build`.
    pub fn describe(&self, id: DefId) -> String {
        let Some(def) = self.defs.get(id) else {
            return String::new();
        };
        format!("{} `{}`", def.kind.noun(), self.qualified_name(id))
    }

    /// The name as it is invoked from the top level: `orb/job` for inline orb members.
    pub fn qualified_name(&self, id: DefId) -> String {
        let Some(def) = self.defs.get(id) else {
            return String::new();
        };
        match (def.kind, def.parent.and_then(|p| self.defs.get(p))) {
            (DefKind::Job | DefKind::Command | DefKind::Executor, Some(orb))
                if orb.kind == DefKind::Orb =>
            {
                format!("{}/{}", orb.name, def.name)
            }
            _ => def.name.clone(),
        }
    }
}
