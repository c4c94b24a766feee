//! The one walk that builds a [`Model`]: definitions first, then every use of a name, in the
//! alias-resolved tree (a copied node is visited at every place it is copied to).

use super::defs::*;
use super::index::*;

use super::sections::Place;
use super::template::{self, TemplateKind};
use crate::yaml::{Entry, Mapping, Node, NodeKind, Span};

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
        let orb = site.scope;
        let place = match orb {
            None => Place::Config,
            Some(_) => Place::InlineOrb,
        };
        for &(section, kind) in super::sections::sections(place) {
            let Some(section_entry) = body.entry(section) else {
                continue;
            };
            let site = site
                .copied_if(section_entry.merged_from.is_some())
                .through(&section_entry.value);
            let Some(m) = section_entry.value.as_mapping() else {
                continue;
            };
            for e in &m.entries {
                if kind == DefKind::Workflow && e.key.as_str() == Some("version") {
                    continue;
                }
                let Some(id) = self.add_def(kind, e, orb, site) else {
                    continue;
                };
                let inner = site.copied_if(e.merged_from.is_some()).through(&e.value);
                match kind {
                    DefKind::Command | DefKind::Executor | DefKind::Job => {
                        self.collect_params(id, &e.value, inner);
                    }
                    DefKind::Orb => {
                        if let Some(orb_body) = e.value.as_mapping() {
                            self.collect_scope(
                                orb_body,
                                Site {
                                    scope: Some(id),
                                    ..inner
                                },
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    fn collect_params(&mut self, owner: DefId, node: &'a Node, site: Site) {
        let Some(entry) = node.as_mapping().and_then(|m| m.entry("parameters")) else {
            return;
        };
        let site = site
            .copied_if(entry.merged_from.is_some())
            .through(&entry.value);
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

    pub(super) fn index_anchors(&mut self, doc: &'a crate::yaml::Document) {
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
                copied: false,
            });
        }
        for alias in &doc.aliases {
            // An alias refers to the latest anchor of its name written before it.
            let target = self.defs[first..]
                .iter()
                .enumerate()
                .rfind(|(_, d)| d.name == alias.name && d.name_span.start < alias.span.start)
                .map_or(Target::Undefined, |(i, _)| Target::Def(first + i));
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
        for id in 0..self.defs.len() {
            let Some(def) = self.defs.get(id) else {
                continue;
            };
            let (kind, copied, scope) = (def.kind, def.copied, self.scope_of(id));
            let Some(node) = def.node else {
                continue;
            };
            let copied = copied || node.via_alias.is_some();
            let site = Site::new(scope, copied);
            self.current_owner =
                matches!(kind, DefKind::Job | DefKind::Command | DefKind::Executor).then_some(id);
            match kind {
                DefKind::Job => {
                    if let Some(ex) = node.get("executor") {
                        self.executor_use(ex, site.through(ex));
                    }
                    if let Some(steps) = node.get("steps") {
                        self.walk_steps(steps, site.through(steps));
                    }
                    self.walk_param_defaults(id, site);
                }
                DefKind::Command => {
                    if let Some(steps) = node.get("steps") {
                        self.walk_steps(steps, site.through(steps));
                    }
                    self.walk_param_defaults(id, site);
                }
                DefKind::Executor => self.walk_param_defaults(id, site),
                DefKind::Workflow | DefKind::JobGroup => self.walk_workflow(id, node, site),
                _ => {}
            }
        }
        self.current_owner = None;
        // Templates last, so that orb references found by the structure are known.
        if self.is_reusable_config() {
            for id in 0..self.defs.len() {
                let Some(def) = self.defs.get(id) else {
                    continue;
                };
                let (kind, copied, scope) = (def.kind, def.copied, self.scope_of(id));
                let Some(node) = def.node else {
                    continue;
                };
                if matches!(kind, DefKind::Job | DefKind::Command | DefKind::Executor) {
                    let copied = copied || node.via_alias.is_some();
                    self.scan_templates(node, ParamScope::Def(id), Site::new(scope, copied));
                }
            }
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
                ParamType::Executor => self.executor_use(default, site),
                ParamType::Steps => self.walk_steps(default, site),
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
        let Site {
            scope,
            copied,
            strict,
        } = site;
        let name = name_node.as_str()?;
        if name.is_empty() {
            return None;
        }
        let (full_span, exact) = value_span(name_node, self.text);
        if name.contains("<<") {
            if template::has_template(name) {
                self.dynamic.push(DynamicName {
                    kind,
                    name: name.to_string(),
                    span: full_span,
                    owner: self.current_owner,
                    scope,
                    copied,
                });
            }
            return None;
        }
        let def_kind = match kind {
            RefKind::Job => DefKind::Job,
            RefKind::Command => DefKind::Command,
            _ => DefKind::Executor,
        };
        if kind == RefKind::Command && is_builtin_step(name) {
            let mut r = Reference::new(kind, name, full_span, Target::BuiltIn);
            site.mark(&mut r);
            return Some((self.push_ref(r), Target::BuiltIn));
        }
        let (span, target) = if let Some((orb_name, member)) = name.split_once('/') {
            let (orb_span, member_span) = if exact {
                let cut = full_span.start + orb_name.len();
                (
                    Span::new(full_span.start, cut),
                    Span::new(cut + 1, full_span.end),
                )
            } else {
                (full_span, full_span)
            };
            let orb = self.find_orb(orb_name, scope);
            if !strict && orb.is_none() {
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
                    .lookup(def_kind, Some(o), member)
                    .map_or(Target::Undefined, Target::Def),
            };
            (member_span, target)
        } else {
            let mut found = self.lookup(def_kind, scope, name);
            if found.is_none() && scope.is_some() {
                found = self.lookup(def_kind, None, name);
            }
            if found.is_none() && kind == RefKind::Job && scope.is_none() {
                found = self.lookup(DefKind::JobGroup, None, name);
            }
            (full_span, found.map_or(Target::Undefined, Target::Def))
        };
        if !strict && target == Target::Undefined {
            return None;
        }
        let mut r = Reference::new(kind, name, span, target.clone());
        r.full_span = full_span;
        site.mark(&mut r);
        Some((self.push_ref(r), target))
    }

    /// `executor: name` or `executor: {name: …, args…}`.
    fn executor_use(&mut self, value: &'a Node, site: Site) {
        let (name_node, args): (&'a Node, Vec<&'a Entry>) = match &value.kind {
            NodeKind::Scalar(_) => (value, Vec::new()),
            NodeKind::Mapping(m) => {
                let Some(name) = m.get("name") else {
                    return;
                };
                let args = m
                    .entries
                    .iter()
                    .filter(|e| e.key.as_str() != Some("name"))
                    .collect();
                (name, args)
            }
            _ => return,
        };
        match self.named_use(RefKind::Executor, name_node, site) {
            Some((idx, Target::Def(d))) => self.record_invocation(idx, d, args, Vec::new(), site),
            Some((idx, Target::OrbMember { orb })) => {
                self.loose_args(&args, site);
                self.record_orb_call(idx, orb, args, Vec::new(), true, site);
            }
            _ => {}
        }
    }

    fn record_orb_call(
        &mut self,
        reference: usize,
        orb: DefId,
        args: Vec<&'a Entry>,
        matrix: Vec<&'a Entry>,
        args_known: bool,
        site: Site,
    ) {
        // Values passed to orb members are walked loosely; an orb member named there is not
        // checked either.
        if !site.strict {
            return;
        }
        self.orb_calls.push(OrbCall {
            reference,
            orb,
            args,
            matrix,
            args_known,
            copied: site.copied,
        });
    }

    fn walk_steps(&mut self, node: &'a Node, site: Site) {
        let Some(seq) = node.as_sequence() else {
            return;
        };
        for item in &seq.items {
            self.walk_step(item, site.through(item));
        }
    }

    fn walk_step(&mut self, item: &'a Node, site: Site) {
        match &item.kind {
            NodeKind::Scalar(_) => match self.named_use(RefKind::Command, item, site) {
                Some((idx, Target::Def(d))) => {
                    self.record_invocation(idx, d, Vec::new(), Vec::new(), site)
                }
                Some((idx, Target::OrbMember { orb })) => {
                    self.record_orb_call(idx, orb, Vec::new(), Vec::new(), true, site)
                }
                _ => {}
            },
            NodeKind::Mapping(m) => {
                // A step is a one-key mapping; further keys are mis-indented arguments that
                // structural validation reports.
                let Some(first) = m.entries.first() else {
                    return;
                };
                // The 2.0 long form (`type: shell`, `command: …`) names no command.
                if m.entries.len() > 1 && m.get("type").is_some() {
                    return;
                }
                let site = site.copied_if(first.merged_from.is_some());
                let Some(name) = first.key.as_str() else {
                    return;
                };
                if name == "when" || name == "unless" {
                    if let Some(steps) = first.value.get("steps") {
                        self.walk_steps(steps, site.through(steps));
                    }
                    self.named_use(RefKind::Command, &first.key, site);
                    return;
                }
                // `- steps: << parameters.extra >>` splices a steps parameter in.
                if name == "steps" {
                    let mut r = Reference::new(
                        RefKind::Command,
                        name,
                        value_span(&first.key, self.text).0,
                        Target::BuiltIn,
                    );
                    r.copied = site.copied;
                    r.orb_scope = site.scope;
                    self.push_ref(r);
                    self.walk_steps(&first.value, site);
                    return;
                }
                let args: Vec<&'a Entry> = first
                    .value
                    .as_mapping()
                    .map(|m| m.entries.iter().collect())
                    .unwrap_or_default();
                match self.named_use(RefKind::Command, &first.key, site) {
                    Some((idx, Target::Def(d))) => {
                        self.record_invocation(idx, d, args, Vec::new(), site)
                    }
                    Some((idx, Target::OrbMember { orb })) => {
                        self.loose_args(&args, site);
                        let known = first.value.as_mapping().is_some() || first.value.is_null();
                        self.record_orb_call(idx, orb, args, Vec::new(), known, site);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// Records the arguments passed to a job, command or executor of this file, and follows
    /// executor- and steps-typed values.
    fn record_invocation(
        &mut self,
        reference: usize,
        target: DefId,
        args: Vec<&'a Entry>,
        matrix: Vec<&'a Entry>,
        site: Site,
    ) {
        for (arg, in_matrix) in args
            .iter()
            .map(|a| (*a, false))
            .chain(matrix.iter().map(|a| (*a, true)))
        {
            let Some(name) = arg.key.as_str() else {
                continue;
            };
            let param =
                self.argument_ref(arg, name, target, site.copied_if(arg.merged_from.is_some()));
            let Some(p) = param else {
                continue;
            };
            let ty = param_info(self.defs.get(p).and_then(|d| d.node)).ty;
            let values: Vec<&'a Node> = if in_matrix {
                arg.value
                    .as_sequence()
                    .map(|s| s.items.iter().collect())
                    .unwrap_or_default()
            } else {
                vec![&arg.value]
            };
            for v in values {
                // Values are checked against the parameter's type wherever they are passed.
                let site = Site {
                    strict: true,
                    ..site.through(v).copied_if(arg.merged_from.is_some())
                };
                match ty {
                    ParamType::Executor => self.executor_use(v, site),
                    ParamType::Steps => self.walk_steps(v, site),
                    _ => {}
                }
            }
        }
        self.invocations.push(Invocation {
            reference,
            target,
            args,
            matrix,
            owner: self.current_owner,
            args_known: true,
            copied: site.copied,
        });
    }

    /// Values passed to an orb's job, command or executor: their parameter types are unknown,
    /// so executors and commands of this file found in them count as used, and nothing in them
    /// is reported.
    fn loose_args(&mut self, args: &[&'a Entry], site: Site) {
        for arg in args {
            let site = site
                .loose()
                .copied_if(arg.merged_from.is_some())
                .through(&arg.value);
            match &arg.value.kind {
                NodeKind::Scalar(_) => {
                    self.named_use(RefKind::Executor, &arg.value, site);
                }
                NodeKind::Mapping(m) => {
                    if let Some(name) = m.get("name") {
                        self.named_use(RefKind::Executor, name, site);
                    }
                }
                NodeKind::Sequence(s) => {
                    for item in &s.items {
                        if item.as_str().is_some() {
                            // A list of executor names (a matrix) or of steps.
                            if self.named_use(RefKind::Executor, item, site).is_none() {
                                self.walk_step(item, site);
                            }
                        } else {
                            self.walk_step(item, site);
                        }
                    }
                }
                NodeKind::UnresolvedAlias(_) => {}
            }
        }
    }

    fn walk_workflow(&mut self, id: DefId, node: &'a Node, site: Site) {
        let Some(m) = node.as_mapping() else {
            return;
        };
        for e in &m.entries {
            let site = site.copied_if(e.merged_from.is_some()).through(&e.value);
            if e.key.as_str() == Some("jobs") {
                self.walk_workflow_jobs(id, &e.value, site);
            } else if self.is_reusable_config() {
                self.scan_templates(&e.value, ParamScope::Outside, site);
            }
        }
    }

    /// The entries of a workflow's or job group's `jobs`; they are at the top level (`site`
    /// has no orb scope).
    fn walk_workflow_jobs(&mut self, container: DefId, list: &'a Node, site: Site) {
        let Some(seq) = list.as_sequence() else {
            return;
        };
        let first_entry = self.entries.len();
        for item in &seq.items {
            let site = site.through(item);
            let copied = site.copied;
            let (name_node, args) = match &item.kind {
                NodeKind::Scalar(_) => (item, None),
                NodeKind::Mapping(m) => match m.entries.first() {
                    Some(f) => (&f.key, f.value.as_mapping()),
                    None => continue,
                },
                _ => continue,
            };
            let Some(job) = name_node.as_str() else {
                continue;
            };
            let (job_span, _) = value_span(name_node, self.text);
            let implicit = args
                .and_then(|a| a.get("type"))
                .and_then(Node::as_str)
                .is_some_and(|t| t != "build");
            let job_ref = if implicit && self.lookup(DefKind::Job, None, job).is_none() {
                let mut r = Reference::new(RefKind::Job, job, job_span, Target::Implicit);
                r.copied = copied;
                Some((self.push_ref(r), Target::Implicit))
            } else {
                self.named_use(RefKind::Job, name_node, site)
            };
            let target = job_ref.as_ref().map(|(_, t)| t.clone());
            let job_def = match target {
                Some(Target::Def(d)) if self.defs.get(d).map(|d| d.kind) == Some(DefKind::Job) => {
                    Some(d)
                }
                _ => None,
            };
            let mut name = None;
            let mut matrix = false;
            let mut matrix_aliases = Vec::new();
            let mut matrix_pattern = None;
            if let Some(a) = args {
                name = a.get("name").and_then(|n| {
                    let s = n.as_str()?;
                    Some((s, value_span(n, self.text).0))
                });
                if let Some(mx) = a.get("matrix") {
                    matrix = true;
                    matrix_aliases.push(job.to_string());
                    if let Some(alias) = mx.get("alias").and_then(Node::as_str) {
                        matrix_aliases.push(alias.to_string());
                    }
                    matrix_pattern = Some(match name {
                        Some((n, _)) if n.contains("<<") => template_pattern(n),
                        Some((n, _)) => {
                            matrix_aliases.push(n.to_string());
                            format!("{n}-*")
                        }
                        None => format!("{job}-*"),
                    });
                }
                self.walk_entry_args(a, job_ref.as_ref(), job_def, site);
            } else if let (Some((idx, _)), Some(d)) = (job_ref.as_ref(), job_def) {
                self.record_invocation(*idx, d, Vec::new(), Vec::new(), site);
            } else if let Some((idx, Target::OrbMember { orb })) = job_ref.as_ref() {
                self.record_orb_call(*idx, *orb, Vec::new(), Vec::new(), true, site);
            }
            if self.is_reusable_config() {
                let scope = match target {
                    Some(Target::Def(_)) => ParamScope::Entry(job_def),
                    Some(Target::OrbMember { .. }) | Some(Target::Implicit) => {
                        ParamScope::Entry(None)
                    }
                    _ => ParamScope::Outside,
                };
                self.scan_templates(item, scope, site);
            }
            self.entries.push(WorkflowEntry {
                container,
                job,
                job_span,
                job_ref: job_ref.map(|(i, _)| i),
                name,
                matrix,
                matrix_aliases,
                matrix_pattern,
                args,
                item,
                copied,
                requires: Vec::new(),
            });
        }
        for idx in first_entry..self.entries.len() {
            let Some(entry) = self.entries.get(idx) else {
                continue;
            };
            let (args, copied) = (entry.args, entry.copied);
            let Some(req) = args.and_then(|a| a.get("requires")) else {
                continue;
            };
            let Some(seq) = req.as_sequence() else {
                continue;
            };
            let copied = copied || req.via_alias.is_some();
            for item in &seq.items {
                let name_node = match &item.kind {
                    NodeKind::Scalar(_) => item,
                    NodeKind::Mapping(m) => match m.entries.first() {
                        Some(f) => &f.key,
                        None => continue,
                    },
                    _ => continue,
                };
                let Some(name) = name_node.as_str() else {
                    continue;
                };
                let (full_span, exact) = value_span(name_node, self.text);
                let (target, entry, prefix) = self.resolve_requires(first_entry, name);
                let span = match prefix {
                    Some(len) if exact => Span::new(full_span.start, full_span.start + len),
                    _ => full_span,
                };
                let mut r = Reference::new(RefKind::Requires, name, span, target);
                r.full_span = full_span;
                r.owner = Some(container);
                r.entry = entry;
                r.copied = copied || item.via_alias.is_some();
                let ri = self.push_ref(r);
                if let Some(e) = self.entries.get_mut(idx) {
                    e.requires.push(ri);
                }
            }
        }
    }

    fn walk_entry_args(
        &mut self,
        a: &'a Mapping,
        job_ref: Option<&(usize, Target)>,
        job_def: Option<DefId>,
        site: Site,
    ) {
        match a.get("context") {
            Some(
                c @ Node {
                    kind: NodeKind::Scalar(_),
                    ..
                },
            ) => self.context_use(c, site),
            Some(Node {
                kind: NodeKind::Sequence(s),
                ..
            }) => {
                for item in &s.items {
                    self.context_use(item, site);
                }
            }
            _ => {}
        }
        for key in ["pre-steps", "post-steps"] {
            if let Some(steps) = a.get(key) {
                self.walk_steps(steps, site.through(steps));
            }
        }
        let given: Vec<&'a Entry> = a
            .entries
            .iter()
            .filter(|e| e.key.as_str().is_some_and(|k| !is_workflow_job_key(k)))
            .collect();
        let matrix: Vec<&'a Entry> = a
            .get("matrix")
            .and_then(|m| m.get("parameters"))
            .and_then(Node::as_mapping)
            .map(|m| m.entries.iter().collect())
            .unwrap_or_default();
        if let Some(d) = job_def {
            self.matrix_exclusions(a, d, site);
        }
        let matrix_known = a.get("matrix").is_none_or(|m| {
            m.get("parameters")
                .is_some_and(|p| p.as_mapping().is_some())
        });
        let merges_known = !a.entries.iter().any(|e| {
            matches!(e.value.kind, NodeKind::UnresolvedAlias(_)) && e.key.as_str() == Some("<<")
        });
        match (job_ref, job_def) {
            (Some((idx, _)), Some(d)) => {
                self.record_invocation(*idx, d, given, matrix, site);
                if !(matrix_known && merges_known) {
                    if let Some(inv) = self.invocations.last_mut() {
                        inv.args_known = false;
                    }
                }
            }
            (Some((idx, Target::OrbMember { orb })), _) => {
                self.loose_args(&given, site);
                self.loose_args(&matrix, site);
                let known = matrix_known && merges_known;
                self.record_orb_call(*idx, *orb, given, matrix, known, site);
            }
            _ => {}
        }
    }

    /// Keys of `matrix.exclude` entries name the job's parameters too.
    fn matrix_exclusions(&mut self, args: &'a Mapping, job: DefId, site: Site) {
        let Some(excluded) = args
            .get("matrix")
            .and_then(|m| m.get("exclude"))
            .and_then(Node::as_sequence)
        else {
            return;
        };
        for combination in excluded.items.iter().filter_map(Node::as_mapping) {
            for e in &combination.entries {
                let Some(name) = e.key.as_str() else {
                    continue;
                };
                self.argument_ref(e, name, job, site.copied_if(e.merged_from.is_some()));
            }
        }
    }

    fn context_use(&mut self, node: &'a Node, site: Site) {
        let Some(name) = node.as_str() else {
            return;
        };
        if name.is_empty() || name.contains("<<") {
            return;
        }
        let (span, _) = value_span(node, self.text);
        let mut r = Reference::new(RefKind::Context, name, span, Target::Implicit);
        r.copied = site.copied;
        self.push_ref(r);
    }

    /// Which entry of the workflow (entries from `first` on) a `requires` name means.
    ///
    /// The third value is set when `name` is a matrix instance (`build-linux`) of a job
    /// entry without `name:`: the length of its leading job name, which is what refers to the
    /// job.
    fn resolve_requires(&self, first: usize, name: &str) -> (Target, Option<usize>, Option<usize>) {
        if name.contains("<<") {
            return (Target::Implicit, None, None);
        }
        let entries = self.entries.get(first..).unwrap_or(&[]);
        for (i, e) in entries.iter().enumerate() {
            if !e.matrix && e.effective_name() == name {
                let target = match (e.name, e.job_ref.and_then(|r| self.refs.get(r))) {
                    (None, Some(r)) if r.target != Target::Undefined => r.target.clone(),
                    _ => Target::Implicit,
                };
                return (target, Some(first + i), None);
            }
        }
        for (i, e) in entries.iter().enumerate() {
            if !e.matrix {
                continue;
            }
            // A matrix is required by its job's name (the default alias) even when its
            // instances run under a templated `name:`.
            let job_target = match e.job_ref.and_then(|r| self.refs.get(r)) {
                Some(r) if r.target != Target::Undefined => Some(r.target.clone()),
                _ => None,
            };
            let instance = e.name.is_none()
                && name.len() > e.job.len() + 1
                && name.starts_with(e.job)
                && name.as_bytes().get(e.job.len()) == Some(&b'-');
            match job_target {
                // The job's own name requires every instance.
                Some(t) if name == e.job => return (t, Some(first + i), None),
                Some(t) if instance => return (t, Some(first + i), Some(e.job.len())),
                _ => {}
            }
            let pattern_match = e
                .matrix_pattern
                .as_deref()
                .is_some_and(|p| glob_match(p, name));
            if e.matrix_aliases.iter().any(|a| a == name) || pattern_match {
                return (Target::Implicit, Some(first + i), None);
            }
        }
        // Jobs inside a job group used by this workflow.
        for e in entries {
            let Some(Target::Def(g)) = e.job_ref.and_then(|r| self.refs.get(r)).map(|r| &r.target)
            else {
                continue;
            };
            if self.defs.get(*g).map(|d| d.kind) != Some(DefKind::JobGroup) {
                continue;
            }
            if let Some(i) = self
                .entries
                .iter()
                .position(|x| x.container == *g && x.effective_name() == name)
            {
                return (Target::Implicit, Some(i), None);
            }
        }
        (Target::Undefined, None, None)
    }

    /// Records templates (`<< parameters.x >>` …) and loosely written orb names in every
    /// scalar under `node`.
    /// Records `name: value` passed to `owner`'s parameter `name`; returns the parameter.
    fn argument_ref(&mut self, arg: &Entry, name: &str, owner: DefId, site: Site) -> Option<DefId> {
        let param = self.lookup(DefKind::Parameter, Some(owner), name);
        let (span, _) = value_span(&arg.key, self.text);
        let mut r = Reference::new(
            RefKind::Argument,
            name,
            span,
            param.map_or(Target::Undefined, Target::Def),
        );
        r.owner = Some(owner);
        r.orb_scope = site.scope;
        r.copied = site.copied;
        self.push_ref(r);
        param
    }

    fn scan_templates(&mut self, node: &'a Node, scope: ParamScope, site: Site) {
        match &node.kind {
            NodeKind::Scalar(s) => {
                if s.value.contains("<<") {
                    for t in template::scalar_templates(node, self.text) {
                        self.template_use(t, scope, site);
                    }
                } else if s.value.contains('/') {
                    self.loose_orb_use(node, site);
                }
            }
            NodeKind::Mapping(m) => {
                for e in &m.entries {
                    let site = site.copied_if(e.merged_from.is_some());
                    self.scan_templates(&e.key, scope, site);
                    self.scan_templates(&e.value, scope, site.through(&e.value));
                }
            }
            NodeKind::Sequence(s) => {
                for item in &s.items {
                    self.scan_templates(item, scope, site.through(item));
                }
            }
            NodeKind::UnresolvedAlias(_) => {}
        }
    }

    fn template_use(&mut self, t: template::TemplateRef, scope: ParamScope, site: Site) {
        let (kind, target, owner) = match t.kind {
            TemplateKind::Parameter => {
                let owner = match scope {
                    ParamScope::Def(d) => Some(d),
                    ParamScope::Entry(d) => d,
                    ParamScope::Outside => None,
                };
                let target = match (scope, owner) {
                    (_, Some(o)) => self
                        .lookup(DefKind::Parameter, Some(o), &t.name)
                        .map_or(Target::Undefined, Target::Def),
                    // An orb job's parameters are unknown here.
                    (ParamScope::Entry(None), None) => Target::Implicit,
                    _ => Target::Undefined,
                };
                (RefKind::Parameter, target, owner)
            }
            TemplateKind::PipelineParameter => (
                RefKind::PipelineParameter,
                self.lookup(DefKind::PipelineParameter, None, &t.name)
                    .map_or(Target::Undefined, Target::Def),
                None,
            ),
            TemplateKind::PipelineValue => (RefKind::PipelineValue, Target::Implicit, None),
            TemplateKind::Matrix => (RefKind::Matrix, Target::Implicit, None),
        };
        let mut r = Reference::new(kind, &t.name, t.span, target);
        r.owner = owner;
        r.copied = site.copied;
        self.push_ref(r);
    }

    /// `orb/member` written where the structure does not say it is a reference (an argument
    /// to an orb's job): it still counts as a use of the orb.
    fn loose_orb_use(&mut self, node: &'a Node, site: Site) {
        let Some(value) = node.as_str() else {
            return;
        };
        let Some((orb_name, member)) = value.split_once('/') else {
            return;
        };
        let ident = |s: &str| {
            !s.is_empty()
                && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        };
        if !ident(orb_name) || !ident(member) {
            return;
        }
        let (span, exact) = value_span(node, self.text);
        if !exact {
            return;
        }
        let orb_span = Span::new(span.start, span.start + orb_name.len());
        if self.orb_ref_spans.contains(&orb_span) {
            return;
        }
        let Some(orb) = self.find_orb(orb_name, site.scope) else {
            return;
        };
        let mut r = Reference::new(RefKind::Orb, orb_name, orb_span, Target::Def(orb));
        r.copied = site.copied;
        r.strict = false;
        self.orb_ref_spans.insert(orb_span);
        self.push_ref(r);
    }

    /// Resolves names built from templates by following the values their parameters can take
    /// (defaults, arguments, matrix values); each definition such a name can reach counts as
    /// used. Nothing is reported about them.
    pub(super) fn resolve_dynamic_names(&mut self) {
        for d in std::mem::take(&mut self.dynamic) {
            let def_kind = match d.kind {
                RefKind::Job => DefKind::Job,
                RefKind::Command => DefKind::Command,
                _ => DefKind::Executor,
            };
            let patterns = self.expand_name(&d.name, d.owner, 0);
            let reached: Vec<DefId> = self
                .defs
                .iter()
                .enumerate()
                .filter(|(_, def)| {
                    def.kind == def_kind && (def.parent == d.scope || def.parent.is_none())
                })
                .filter(|(_, def)| patterns.iter().any(|p| glob_match(p, &def.name)))
                .map(|(id, _)| id)
                .collect();
            for id in reached {
                let mut r = Reference::new(d.kind, &d.name, d.span, Target::Def(id));
                r.copied = d.copied;
                r.orb_scope = d.scope;
                r.strict = false;
                self.push_ref(r);
            }
        }
    }

    /// The names a templated name can expand to, as glob patterns (`*` where a value is not
    /// known here).
    fn expand_name(&self, name: &str, owner: Option<DefId>, depth: usize) -> Vec<String> {
        const MAX_NAMES: usize = 64;
        let mut names = vec![String::new()];
        for piece in template::pieces(name) {
            let values = match piece {
                template::Piece::Text(t) => vec![t.to_string()],
                template::Piece::Template(TemplateKind::Parameter, p) => self
                    .parameter_values(owner, p, depth)
                    .unwrap_or_else(|| vec!["*".to_string()]),
                _ => vec!["*".to_string()],
            };
            if names.len() * values.len() > MAX_NAMES {
                names = names.into_iter().map(|n| n + "*").collect();
                continue;
            }
            names = names
                .iter()
                .flat_map(|n| values.iter().map(move |v| format!("{n}{v}")))
                .collect();
        }
        names
    }

    /// The values parameter `param` of `owner` can take, as patterns; `None` when they are not
    /// all known.
    fn parameter_values(
        &self,
        owner: Option<DefId>,
        param: &str,
        depth: usize,
    ) -> Option<Vec<String>> {
        if depth > 4 {
            return None;
        }
        let owner = owner?;
        let p = self.lookup(DefKind::Parameter, Some(owner), param)?;
        let mut values = Vec::new();
        let add = |node: &Node, site: Option<DefId>, values: &mut Vec<String>| {
            match node.as_str() {
                Some(v) if v.contains("<<") => values.extend(self.expand_name(v, site, depth + 1)),
                Some(v) => values.push(v.to_string()),
                // An executor given as a mapping names it with `name`.
                None => {
                    if let Some(v) = node.get("name").and_then(Node::as_str) {
                        values.push(v.to_string());
                    }
                }
            }
        };
        if let Some(default) = param_info(self.defs.get(p).and_then(|d| d.node)).default {
            add(default, None, &mut values);
        }
        for inv in self.invocations.iter().filter(|i| i.target == owner) {
            for arg in inv.args.iter().filter(|a| a.key.as_str() == Some(param)) {
                add(&arg.value, inv.owner, &mut values);
            }
            for m in inv.matrix.iter().filter(|a| a.key.as_str() == Some(param)) {
                match m.value.as_sequence() {
                    Some(seq) => {
                        for item in &seq.items {
                            add(item, inv.owner, &mut values);
                        }
                    }
                    None => values.push("*".to_string()),
                }
            }
        }
        (!values.is_empty()).then_some(values)
    }
}
