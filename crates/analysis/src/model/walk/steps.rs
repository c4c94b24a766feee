//! The walk through steps and invocations: commands and executors used, the arguments
//! passed to them, and values passed to orb members.

use crate::model::defs::*;
use crate::model::index::*;
use syntax::yaml::{Entry, Node, NodeKind};

impl<'a> Model<'a> {
    /// `executor: name` or `executor: {name: …, args…}`.
    pub(super) fn executor_use(&mut self, value: &'a Node, site: Site) {
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

    pub(super) fn record_orb_call(
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
        });
    }

    pub(super) fn walk_steps(&mut self, node: &'a Node, site: Site) {
        let Some(seq) = node.as_sequence() else {
            return;
        };
        for item in &seq.items {
            self.walk_step(item, site.through(item));
        }
    }

    fn walk_step(&mut self, item: &'a Node, site: Site) {
        self.record_step(item);
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
                let site = site.merged(first);
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

    fn record_step(&mut self, item: &'a Node) {
        if let Some(step) = Step::read(item) {
            self.steps.push(step);
        }
    }

    /// Records the arguments passed to a job, command or executor of this file, and follows
    /// executor- and steps-typed values.
    pub(super) fn record_invocation(
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
            let param = self.argument_ref(arg, name, target, site.merged(arg));
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
                    ..site.through(v).merged(arg)
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

    /// Records `name: value` passed to `owner`'s parameter `name`; returns the parameter.
    pub(super) fn argument_ref(
        &mut self,
        arg: &Entry,
        name: &str,
        owner: DefId,
        site: Site,
    ) -> Option<DefId> {
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

    /// Values passed to an orb's job, command or executor: their parameter types are unknown,
    /// so executors and commands of this file found in them count as used, and nothing in them
    /// is reported.
    pub(super) fn loose_args(&mut self, args: &[&'a Entry], site: Site) {
        for arg in args {
            let site = site.loose().merged(arg).through(&arg.value);
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
}
