//! The walk through steps and invocations: commands and executors used, the arguments
//! passed to them, and values passed to orb members.

use crate::model::defs::*;
use crate::model::index::*;
use knowledge::schema::{first_map, Key, KeyRole};
use syntax::yaml::{Entry, Mapping, Node, NodeKind};

impl<'a> Model<'a> {
    /// `executor: name` or `executor: {name: …, args…}`; returns what the name means.
    pub(super) fn executor_use(&mut self, value: &'a Node, site: Site) -> Option<Target> {
        let used = ExecutorUse::read(value)?;
        let args = used.arguments();
        let (idx, target) = self.named_use(RefKind::Executor, used.name_node, site)?;
        match target {
            Target::Def(d) => {
                self.record_invocation(idx, d, Passed::new(args, Vec::new(), true), site)
            }
            Target::OrbMember { orb } => {
                self.loose_args(&args, site);
                self.record_orb_call(idx, orb, Passed::new(args, Vec::new(), true), site);
            }
            _ => {}
        }
        Some(target)
    }

    pub(super) fn record_orb_call(
        &mut self,
        reference: usize,
        orb: DefId,
        passed: Passed<'a>,
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
            passed,
        });
    }

    /// The steps of a steps list, in order; a list inside the list (`- *common_steps`) is read
    /// as its steps, as the outline shows them (structural validation reports the nesting).
    pub(super) fn walk_steps(
        &mut self,
        node: &'a Node,
        site: Site,
        owner: StepOwner,
    ) -> Vec<StepId> {
        let Some(seq) = node.as_sequence() else {
            return Vec::new();
        };
        let mut ids = Vec::new();
        for item in &seq.items {
            let site = site.through(item);
            if item.as_sequence().is_some() {
                ids.extend(self.walk_steps(item, site, owner));
            } else if let Some(id) = self.walk_step(item, site, owner) {
                ids.push(id);
            }
        }
        ids
    }

    fn walk_step(&mut self, item: &'a Node, site: Site, owner: StepOwner) -> Option<StepId> {
        let mut step = Step::read(item, owner)?;
        step.copied = site.copied;
        step.within = self.current_owner;
        let id = self.steps.len();
        self.steps.push(step);
        let (invokes, nested) = match &item.kind {
            NodeKind::Mapping(m) => self.walk_step_mapping(m, site, owner),
            _ => (
                self.invoke_command(item, Vec::new(), true, site),
                Vec::new(),
            ),
        };
        if let Some(step) = self.steps.get_mut(id) {
            step.invokes = invokes;
            step.nested = nested;
        }
        Some(id)
    }

    /// `- name: value`: a built-in step (with the steps it holds) or a command invocation.
    fn walk_step_mapping(
        &mut self,
        m: &'a Mapping,
        site: Site,
        owner: StepOwner,
    ) -> (Option<DefId>, Vec<StepId>) {
        // A step is a one-key mapping; further keys are mis-indented arguments that
        // structural validation reports.
        let Some(first) = m.entries.first() else {
            return (None, Vec::new());
        };
        // The 2.0 long form (`type: shell`, `command: …`) names no command.
        if m.entries.len() > 1 && m.get("type").is_some() {
            return (None, Vec::new());
        }
        let site = site.merged(first);
        let Some(name) = first.key.as_str() else {
            return (None, Vec::new());
        };
        if let Some(builtin) = knowledge::builtin_step(name) {
            self.named_use(RefKind::Command, &first.key, site);
            return (None, self.nested_steps(builtin, &first.value, site, owner));
        }
        let args: Vec<&'a Entry> = first
            .value
            .as_mapping()
            .map(|m| m.entries.iter().collect())
            .unwrap_or_default();
        let known = first.value.as_mapping().is_some() || first.value.is_null();
        (
            self.invoke_command(&first.key, args, known, site),
            Vec::new(),
        )
    }

    /// The steps a built-in step holds, as the knowledge table says: the `steps` splice
    /// (`- steps: << parameters.extra >>`) is a steps list itself; `when` and `unless` hold
    /// theirs under a key of the steps role.
    fn nested_steps(
        &mut self,
        builtin: &Key,
        value: &'a Node,
        site: Site,
        owner: StepOwner,
    ) -> Vec<StepId> {
        if matches!(builtin.role, KeyRole::Steps(_)) {
            return self.walk_steps(value, site.through(value), owner);
        }
        let mut ids = Vec::new();
        let keys = first_map(&builtin.ty)
            .into_iter()
            .flat_map(|m| m.step_keys());
        for (key, _) in keys {
            if let Some(steps) = value.get(key) {
                ids.extend(self.walk_steps(steps, site.through(steps), owner));
            }
        }
        ids
    }

    /// A step naming a command; returns the command of this config it invokes.
    fn invoke_command(
        &mut self,
        name: &'a Node,
        args: Vec<&'a Entry>,
        args_known: bool,
        site: Site,
    ) -> Option<DefId> {
        match self.named_use(RefKind::Command, name, site) {
            Some((idx, Target::Def(d))) => {
                self.record_invocation(idx, d, Passed::new(args, Vec::new(), true), site);
                Some(d).filter(|d| self.defs.get(*d).map(|x| x.kind) == Some(DefKind::Command))
            }
            Some((idx, Target::OrbMember { orb })) => {
                self.loose_args(&args, site);
                self.record_orb_call(idx, orb, Passed::new(args, Vec::new(), args_known), site);
                None
            }
            _ => None,
        }
    }

    /// Records the arguments passed to a job, command or executor of this file, and follows
    /// executor- and steps-typed values.
    pub(super) fn record_invocation(
        &mut self,
        reference: usize,
        target: DefId,
        passed: Passed<'a>,
        site: Site,
    ) {
        for (arg, values) in passed.values() {
            let Some(name) = arg.key.as_str() else {
                continue;
            };
            let Some(p) = self.argument_ref(arg, name, target, site.merged(arg)) else {
                continue;
            };
            let ty = param_info(self.defs.get(p).and_then(|d| d.node)).ty;
            for v in values.unwrap_or_default() {
                // Values are checked against the parameter's type wherever they are passed.
                let site = Site {
                    strict: true,
                    ..site.through(v).merged(arg)
                };
                match ty {
                    ParamType::Executor => {
                        self.executor_use(v, site);
                    }
                    ParamType::Steps => {
                        self.walk_steps(v, site, StepOwner::Argument(p));
                    }
                    _ => {}
                }
            }
        }
        self.invocations.push(Invocation {
            reference,
            target,
            passed,
            owner: self.current_owner,
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
                NodeKind::Scalar(_) | NodeKind::Mapping(_) => {
                    if let Some(used) = ExecutorUse::read(&arg.value) {
                        self.named_use(RefKind::Executor, used.name_node, site);
                    }
                }
                NodeKind::Sequence(s) => {
                    for item in &s.items {
                        // A list of executor names (a matrix) or of steps.
                        let named = item.as_str().is_some()
                            && self.named_use(RefKind::Executor, item, site).is_some();
                        if !named {
                            self.walk_step(item, site, StepOwner::OrbArgument);
                        }
                    }
                }
                NodeKind::UnresolvedAlias(_) => {}
            }
        }
    }
}
