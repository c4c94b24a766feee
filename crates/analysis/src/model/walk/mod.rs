//! The one walk that builds a [`Model`]: definitions first, then every use of a name, in the
//! alias-resolved tree (a copied node is visited at every place it is copied to).

use super::defs::*;
use super::index::*;

use super::sections::{body_schema_in, place_table, sections_in, Place};
use super::template;
use knowledge::schema::{first_map, KeyRole};
use std::collections::HashMap;

use syntax::yaml::{Entry, Mapping, Node, Span};

mod steps;
mod templates;
mod workflows;

impl<'a> Model<'a> {
    fn add_def(
        &mut self,
        kind: DefKind,
        entry: &'a Entry,
        parent: Option<DefId>,
        site: Site,
    ) -> Option<DefId> {
        let name = entry.key.as_str()?;
        let (name_span, _) = value_span(&entry.key, self.text);
        let value_end = entry.value.via_alias.unwrap_or(entry.value.span);
        let span = if value_end.end >= entry.key.span.end {
            entry.key.span.cover(value_end)
        } else {
            entry.key.span
        };
        let id = self.defs.len();
        self.defs.push(Definition {
            kind,
            name: name.to_string(),
            name_span,
            span,
            node: Some(&entry.value),
            parent,
            params: Vec::new(),
            steps: Vec::new(),
            runs: None,
            copied: site.copied || entry.merged_from.is_some() || entry.key.via_alias.is_some(),
        });
        self.lookup
            .entry((kind, parent))
            .or_default()
            .entry(name.to_string())
            .or_insert(id);
        Some(id)
    }

    /// The definitions of a config, or of an inline orb's body (`site.scope` is the orb).
    pub(super) fn collect_scope(&mut self, body: &'a Mapping, site: Site) {
        let place = match site.scope {
            None => Place::Config,
            Some(_) => Place::InlineOrb,
        };
        let table = place_table(self.table, place);
        for &(section, kind) in sections_in(self.table, place).iter() {
            let Some(section_entry) = body.entry(section) else {
                continue;
            };
            // Keys the table lists for the section are its settings (`workflows: version`),
            // not names.
            let settings = table
                .and_then(|t| t.key(section))
                .and_then(|k| first_map(&k.ty));
            let site = site.merged(section_entry).through(&section_entry.value);
            let Some(m) = section_entry.value.as_mapping() else {
                continue;
            };
            for e in &m.entries {
                let setting = e
                    .key
                    .as_str()
                    .is_some_and(|k| settings.is_some_and(|s| s.key(k).is_some()));
                if !setting {
                    self.collect_definition(kind, e, site);
                }
            }
        }
    }

    /// One definition of a section, with its parameters, or an inline orb's own definitions.
    fn collect_definition(&mut self, kind: DefKind, e: &'a Entry, site: Site) {
        let Some(id) = self.add_def(kind, e, site.scope, site) else {
            return;
        };
        let inner = site.merged(e).through(&e.value);
        match (kind, e.value.as_mapping()) {
            (DefKind::Command | DefKind::Executor | DefKind::Job, _) => {
                self.collect_params(id, &e.value, inner);
            }
            (DefKind::Orb, Some(orb_body)) => {
                let site = Site {
                    scope: Some(id),
                    ..inner
                };
                self.collect_scope(orb_body, site);
            }
            _ => {}
        }
    }

    fn collect_params(&mut self, owner: DefId, node: &'a Node, site: Site) {
        let Some(entry) = node.as_mapping().and_then(|m| m.entry("parameters")) else {
            return;
        };
        let site = site.merged(entry).through(&entry.value);
        let Some(params) = entry.value.as_mapping() else {
            return;
        };
        for e in &params.entries {
            if let Some(id) = self.add_def(DefKind::Parameter, e, Some(owner), site) {
                if let Some(d) = self.defs.get_mut(owner) {
                    d.params.push(id);
                }
            }
        }
    }

    pub(super) fn index_anchors(&mut self, doc: &'a syntax::yaml::Document) {
        let first = self.defs.len();
        for a in &doc.anchors {
            let name_span = Span::new((a.span.start + 1).min(a.span.end), a.span.end);
            self.defs.push(Definition {
                kind: DefKind::Anchor,
                name: a.name.clone(),
                name_span,
                span: a.span.cover(a.node_span),
                node: None,
                parent: None,
                params: Vec::new(),
                steps: Vec::new(),
                runs: None,
                copied: false,
            });
        }
        let anchors = AnchorsByName::new(doc, first);
        for alias in &doc.aliases {
            let target = anchors
                .before(&alias.name, alias.span.start)
                .map_or(Target::Undefined, Target::Def);
            let span = Span::new((alias.span.start + 1).min(alias.span.end), alias.span.end);
            self.refs
                .push(Reference::new(RefKind::Anchor, &alias.name, span, target));
        }
    }

    fn push_ref(&mut self, r: Reference) -> usize {
        self.refs.push(r);
        self.refs.len() - 1
    }

    pub(super) fn walk_definitions(&mut self) {
        for (id, kind, node, site) in self.bodies() {
            self.current_owner = is_owner(kind).then_some(id);
            match kind {
                DefKind::Job | DefKind::Command | DefKind::Executor => {
                    self.walk_body(id, kind, node, site);
                    self.walk_param_defaults(id, site);
                }
                DefKind::Workflow | DefKind::JobGroup => self.walk_workflow(id, node, site),
                _ => {}
            }
        }
        self.current_owner = None;
        // Templates last, so that orb references found by the structure are known.
        if self.is_reusable_config() {
            for (id, kind, node, site) in self.bodies() {
                if is_owner(kind) {
                    self.scan_templates(node, ParamScope::Def(id), site);
                }
            }
        }
    }

    /// Every definition with a value, and the site of its body.
    fn bodies(&self) -> Vec<(DefId, DefKind, &'a Node, Site)> {
        self.defs
            .iter()
            .enumerate()
            .filter_map(|(id, def)| {
                let site = Site::definition_body(self.scope_of(id), def);
                Some((id, def.kind, def.node?, site))
            })
            .collect()
    }

    /// A job's, command's or executor's body: the keys the knowledge table gives the executor
    /// and steps roles, in table order, and where it runs.
    fn walk_body(&mut self, id: DefId, kind: DefKind, node: &'a Node, site: Site) {
        let Some(schema) = body_schema_in(self.table, kind) else {
            return;
        };
        let mut steps = Vec::new();
        let mut executor = None;
        let roles = schema
            .keys
            .iter()
            .filter(|k| matches!(k.role, KeyRole::Executor | KeyRole::Steps(_)));
        for key in roles {
            let Some(value) = node.get(key.name) else {
                continue;
            };
            match key.role {
                KeyRole::Executor => executor = self.executor_use(value, site.through(value)),
                KeyRole::Steps(_) => {
                    let owner = StepOwner::Body(id);
                    steps.extend(self.walk_steps(value, site.through(value), owner));
                }
                _ => {}
            }
        }
        let runs = Runs::read(node).map(|runs| match runs {
            Runs::Executor(used, _) => Runs::Executor(used, executor),
            other => other,
        });
        if let Some(def) = self.defs.get_mut(id) {
            def.steps = steps;
            def.runs = runs;
        }
    }

    /// Executor and steps defaults of parameters hold references too.
    fn walk_param_defaults(&mut self, owner: DefId, site: Site) {
        let params = self
            .defs
            .get(owner)
            .map(|d| d.params.clone())
            .unwrap_or_default();
        for p in params {
            let Some(node) = self.defs.get(p).and_then(|d| d.node) else {
                continue;
            };
            let info = param_info(Some(node));
            let Some(default) = info.default else {
                continue;
            };
            let site = site.through(default);
            match info.ty {
                ParamType::Executor => {
                    self.executor_use(default, site);
                }
                ParamType::Steps => {
                    self.walk_steps(default, site, StepOwner::Default(p));
                }
                _ => {}
            }
        }
    }

    /// Records a reference to a job, command or executor named by a scalar, with the orb
    /// reference of a qualified name. At a loose site, only names that resolve are kept.
    fn named_use(
        &mut self,
        kind: RefKind,
        name_node: &'a Node,
        site: Site,
    ) -> Option<(usize, Target)> {
        let name = name_node.as_str()?;
        if name.is_empty() {
            return None;
        }
        let (full_span, exact) = value_span(name_node, self.text);
        if syntax::text::template::has_double_open(name) {
            if template::has_template(name) {
                self.dynamic.push(DynamicName {
                    kind,
                    name: name.to_string(),
                    span: full_span,
                    owner: self.current_owner,
                    scope: site.scope,
                    copied: site.copied,
                });
            }
            return None;
        }
        if kind == RefKind::Command && is_builtin_step(name) {
            let mut r = Reference::new(kind, name, full_span, Target::BuiltIn);
            site.mark(&mut r);
            return Some((self.push_ref(r), Target::BuiltIn));
        }
        let (span, target) = match name.split_once('/') {
            Some((orb, member)) => {
                let spans = orb_member_spans(full_span, orb.len(), exact);
                self.orb_member_use(kind, orb, member, spans, site)?
            }
            None => (full_span, self.local_target(kind, name, site.scope)),
        };
        if !site.strict && target == Target::Undefined {
            return None;
        }
        let mut r = Reference::new(kind, name, span, target.clone());
        r.full_span = full_span;
        site.mark(&mut r);
        Some((self.push_ref(r), target))
    }

    /// `orb/member`: records the orb's reference; the member's span and what it means. At a
    /// loose site, an orb not declared is not a use.
    fn orb_member_use(
        &mut self,
        kind: RefKind,
        orb_name: &str,
        member: &str,
        (orb_span, member_span): (Span, Span),
        site: Site,
    ) -> Option<(Span, Target)> {
        let orb = self.find_orb(orb_name, site.scope);
        if !site.strict && orb.is_none() {
            return None;
        }
        let mut orb_ref = Reference::new(
            RefKind::Orb,
            orb_name,
            orb_span,
            orb.map_or(Target::Undefined, Target::Def),
        );
        site.mark(&mut orb_ref);
        self.orb_ref_spans.insert(orb_span);
        self.push_ref(orb_ref);
        let target = match orb {
            None => Target::Undefined,
            Some(o) if self.orb_is_opaque(o) => Target::OrbMember { orb: o },
            Some(o) => self
                .lookup(def_kind(kind), Some(o), member)
                .map_or(Target::Undefined, Target::Def),
        };
        Some((member_span, target))
    }

    /// A local name: in `scope`, else at the top level; a workflow entry may name a job group.
    fn local_target(&self, kind: RefKind, name: &str, scope: Option<DefId>) -> Target {
        let found = self
            .lookup(def_kind(kind), scope, name)
            .or_else(|| scope.and_then(|_| self.lookup(def_kind(kind), None, name)))
            .or_else(|| {
                (kind == RefKind::Job && scope.is_none())
                    .then(|| self.lookup(DefKind::JobGroup, None, name))
                    .flatten()
            });
        found.map_or(Target::Undefined, Target::Def)
    }
}

/// Whether definitions of `kind` have parameters and own what their bodies hold.
fn is_owner(kind: DefKind) -> bool {
    matches!(kind, DefKind::Job | DefKind::Command | DefKind::Executor)
}

/// The kind of definition a reference of `kind` names.
pub(super) fn def_kind(kind: RefKind) -> DefKind {
    match kind {
        RefKind::Job => DefKind::Job,
        RefKind::Command => DefKind::Command,
        _ => DefKind::Executor,
    }
}

/// The spans of `orb` and `member` in `orb/member` written at `full` (both the whole name
/// when it is not written as is).
fn orb_member_spans(full: Span, orb_len: usize, exact: bool) -> (Span, Span) {
    if !exact {
        return (full, full);
    }
    let cut = full.start + orb_len;
    (Span::new(full.start, cut), Span::new(cut + 1, full.end))
}

/// The anchors of a document by name, each name's in the order they are written, so that
/// resolving every alias costs a lookup and a binary search, not a scan of all anchors.
struct AnchorsByName<'a> {
    by_name: HashMap<&'a str, Vec<(usize, usize)>>,
}

impl<'a> AnchorsByName<'a> {
    /// `first` is the definition index of the document's first anchor.
    fn new(doc: &'a syntax::yaml::Document, first: usize) -> Self {
        let mut by_name: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for (i, a) in doc.anchors.iter().enumerate() {
            let at = (a.span.start + 1).min(a.span.end);
            by_name.entry(&a.name).or_default().push((at, first + i));
        }
        for written in by_name.values_mut() {
            written.sort_unstable();
        }
        AnchorsByName { by_name }
    }

    /// The anchor an alias at `at` refers to: the latest of its name written before it.
    fn before(&self, name: &str, at: usize) -> Option<usize> {
        let written = self.by_name.get(name)?;
        let after = written.partition_point(|&(start, _)| start < at);
        after
            .checked_sub(1)
            .and_then(|i| written.get(i))
            .map(|&(_, def)| def)
    }
}
