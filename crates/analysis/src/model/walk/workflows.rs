//! The walk through workflows and job groups: job entries, their arguments, contexts and
//! `requires`.

use crate::model::defs::*;
use crate::model::index::*;
use syntax::yaml::{Entry, Mapping, Node, NodeKind, Span};

impl<'a> Model<'a> {
    pub(super) fn walk_workflow(&mut self, id: DefId, node: &'a Node, site: Site) {
        let Some(m) = node.as_mapping() else {
            return;
        };
        for e in &m.entries {
            let site = site.merged(e).through(&e.value);
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
                job_node: name_node,
                job_ref: job_ref.map(|(i, _)| i),
                name,
                matrix,
                matrix_aliases,
                matrix_pattern,
                args,
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
