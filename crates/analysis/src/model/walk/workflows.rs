//! The walk through workflows and job groups: job entries, their arguments, contexts and
//! `requires`.

use crate::model::defs::*;
use crate::model::index::*;
use crate::model::sections::{body_schema_in, invocations_key};
use knowledge::schema::StepOrder;
use syntax::yaml::{Entry, Mapping, Node, NodeKind, Span};

/// Whether every argument of an entry is known here: `matrix.parameters` is a mapping and no
/// `<<` merge is left unresolved.
fn entry_args_known(a: &Mapping) -> bool {
    let matrix_known = a.get("matrix").is_none_or(|m| {
        m.get("parameters")
            .is_some_and(|p| p.as_mapping().is_some())
    });
    let merges_known = !a.entries.iter().any(|e| {
        matches!(e.value.kind, NodeKind::UnresolvedAlias(_)) && e.key.as_str() == Some("<<")
    });
    matrix_known && merges_known
}

impl<'a> Model<'a> {
    pub(super) fn walk_workflow(&mut self, id: DefId, node: &'a Node, site: Site) {
        let Some(m) = node.as_mapping() else {
            return;
        };
        let kind = self.defs.get(id).map(|d| d.kind);
        let jobs = kind
            .and_then(|k| body_schema_in(self.table, k))
            .and_then(invocations_key);
        for e in &m.entries {
            let site = site.merged(e).through(&e.value);
            if e.key.as_str().is_some_and(|k| Some(k) == jobs) {
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
            if let Some(entry) = self.walk_entry(container, item, site.through(item)) {
                self.entries.push(entry);
            }
        }
        for idx in first_entry..self.entries.len() {
            self.walk_requires(container, first_entry, idx);
        }
    }

    /// One entry: `- build` or `- build: {settings and arguments}`.
    fn walk_entry(
        &mut self,
        container: DefId,
        item: &'a Node,
        site: Site,
    ) -> Option<WorkflowEntry<'a>> {
        let (name_node, args) = match &item.kind {
            NodeKind::Scalar(_) => (item, None),
            NodeKind::Mapping(m) => {
                let f = m.entries.first()?;
                (&f.key, f.value.as_mapping())
            }
            _ => return None,
        };
        let job = name_node.as_str()?;
        let (job_span, _) = value_span(name_node, self.text);
        let job_ref = self.entry_job_ref(name_node, job, job_span, args, site);
        let target = job_ref.as_ref().map(|(_, t)| t.clone());
        let job_def = match target {
            Some(Target::Def(d)) if self.defs.get(d).map(|d| d.kind) == Some(DefKind::Job) => {
                Some(d)
            }
            _ => None,
        };
        let mut entry = WorkflowEntry {
            container,
            job,
            job_span,
            job_node: name_node,
            job_ref: job_ref.as_ref().map(|(i, _)| *i),
            name: None,
            matrix: false,
            matrix_aliases: Vec::new(),
            matrix_pattern: None,
            args,
            copied: site.copied,
            requires: Vec::new(),
            before: Vec::new(),
            after: Vec::new(),
        };
        match args {
            Some(a) => {
                self.entry_names(&mut entry, a);
                self.walk_entry_args(&mut entry, a, job_ref.as_ref(), job_def, site);
            }
            None => match (job_ref.as_ref(), job_def) {
                (Some((idx, _)), Some(d)) => {
                    self.record_invocation(*idx, d, Passed::default().known(), site)
                }
                (Some((idx, Target::OrbMember { orb })), _) => {
                    self.record_orb_call(*idx, *orb, Passed::default().known(), site)
                }
                _ => {}
            },
        }
        if self.is_reusable_config() {
            let scope = match target {
                Some(Target::Def(_)) => ParamScope::Entry(job_def),
                Some(Target::OrbMember { .. }) | Some(Target::Implicit) => ParamScope::Entry(None),
                _ => ParamScope::Outside,
            };
            self.scan_templates(item, scope, site);
        }
        Some(entry)
    }

    /// The reference naming an entry's job: a job, job group or orb job, or an approval (or
    /// other non-build) entry that needs no job of that name.
    fn entry_job_ref(
        &mut self,
        name_node: &'a Node,
        job: &str,
        job_span: Span,
        args: Option<&'a Mapping>,
        site: Site,
    ) -> Option<(usize, Target)> {
        let implicit = args
            .and_then(|a| a.get("type"))
            .and_then(Node::as_str)
            .is_some_and(|t| t != "build");
        if implicit && self.lookup(DefKind::Job, None, job).is_none() {
            let mut r = Reference::new(RefKind::Job, job, job_span, Target::Implicit);
            r.copied = site.copied;
            return Some((self.push_ref(r), Target::Implicit));
        }
        self.named_use(RefKind::Job, name_node, site)
    }

    /// The names an entry runs under: its `name:`, and for a matrix the aliases and the
    /// pattern of the instances' names.
    fn entry_names(&self, entry: &mut WorkflowEntry<'a>, a: &'a Mapping) {
        entry.name = a.get("name").and_then(|n| {
            let s = n.as_str()?;
            Some((s, value_span(n, self.text).0))
        });
        let Some(mx) = a.get("matrix") else {
            return;
        };
        entry.matrix = true;
        entry.matrix_aliases.push(entry.job.to_string());
        if let Some(alias) = mx.get("alias").and_then(Node::as_str) {
            entry.matrix_aliases.push(alias.to_string());
        }
        entry.matrix_pattern = Some(match entry.name {
            Some((n, _)) if syntax::text::template::has_double_open(n) => template_pattern(n),
            Some((n, _)) => {
                entry.matrix_aliases.push(n.to_string());
                format!("{n}-*")
            }
            None => format!("{}-*", entry.job),
        });
    }

    /// The `requires` of entry `idx`, resolved among the entries from `first_entry` on.
    fn walk_requires(&mut self, container: DefId, first_entry: usize, idx: usize) {
        let Some(entry) = self.entries.get(idx) else {
            return;
        };
        let (args, copied) = (entry.args, entry.copied);
        let Some(req) = args.and_then(|a| a.get("requires")) else {
            return;
        };
        let Some(seq) = req.as_sequence() else {
            return;
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

    fn walk_entry_args(
        &mut self,
        entry: &mut WorkflowEntry<'a>,
        a: &'a Mapping,
        job_ref: Option<&(usize, Target)>,
        job_def: Option<DefId>,
        site: Site,
    ) {
        self.contexts(a, site);
        self.entry_steps(entry, a, site);
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
        let passed = Passed::new(given, matrix, entry_args_known(a));
        match (job_ref, job_def) {
            (Some((idx, _)), Some(d)) => self.record_invocation(*idx, d, passed, site),
            (Some((idx, Target::OrbMember { orb })), _) => {
                self.loose_args(&passed.args, site);
                self.loose_args(&passed.matrix, site);
                self.record_orb_call(*idx, *orb, passed, site);
            }
            _ => {}
        }
    }

    fn contexts(&mut self, a: &'a Mapping, site: Site) {
        match a.get("context").map(|c| (c, &c.kind)) {
            Some((c, NodeKind::Scalar(_))) => self.context_use(c, site),
            Some((_, NodeKind::Sequence(s))) => {
                for item in &s.items {
                    self.context_use(item, site);
                }
            }
            _ => {}
        }
    }

    /// The steps an entry adds around the job's own: every key the knowledge table gives the
    /// steps role in an entry's settings (`pre-steps`, `post-steps`).
    fn entry_steps(&mut self, entry: &mut WorkflowEntry<'a>, a: &'a Mapping, site: Site) {
        let owner = StepOwner::Entry(self.entries.len());
        for (key, order) in knowledge::table::JOB_INVOCATION.step_keys() {
            let Some(steps) = a.get(key) else {
                continue;
            };
            let ids = self.walk_steps(steps, site.through(steps), owner);
            match order {
                StepOrder::After => entry.after.extend(ids),
                StepOrder::Before | StepOrder::Own => entry.before.extend(ids),
            }
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
                self.argument_ref(e, name, job, site.merged(e));
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
}
