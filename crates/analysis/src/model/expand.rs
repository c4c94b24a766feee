//! The steps a job runs, as CircleCI expands them: its own steps in order, each `when` or
//! `unless` block's steps in place, and the steps of every command of this config it invokes;
//! a workflow entry's `pre-steps` before them and `post-steps` after.

use super::defs::{DefId, DefKind, StepId, WorkflowEntry};
use super::index::{Model, Target};

/// How deep commands and blocks are followed; deeper nesting is a mistake or a cycle.
const MAX_DEPTH: usize = 8;

impl Model<'_> {
    /// The steps `ids` stand for, each followed by the steps it holds or invokes, in the
    /// order they run. A command already being expanded is not expanded again.
    pub fn expanded_steps(&self, ids: &[StepId]) -> Vec<StepId> {
        let mut out = Vec::new();
        self.expand_into(ids, 0, &mut Vec::new(), &mut out);
        out
    }

    fn expand_into(
        &self,
        ids: &[StepId],
        depth: usize,
        calling: &mut Vec<DefId>,
        out: &mut Vec<StepId>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        for &id in ids {
            let Some(step) = self.steps.get(id) else {
                continue;
            };
            out.push(id);
            self.expand_into(&step.nested, depth + 1, calling, out);
            let Some(command) = step.invokes.filter(|c| !calling.contains(c)) else {
                continue;
            };
            let Some(def) = self.def(command) else {
                continue;
            };
            calling.push(command);
            self.expand_into(&def.steps, depth + 1, calling, out);
            calling.pop();
        }
    }

    /// A job's (or command's) own steps, expanded.
    pub fn body_steps(&self, id: DefId) -> Vec<StepId> {
        self.def(id)
            .map(|d| self.expanded_steps(&d.steps))
            .unwrap_or_default()
    }

    /// The steps one workflow or job group entry runs: its `pre-steps`, the job's own steps,
    /// its `post-steps`, each expanded. Empty for an entry that runs no job of this config.
    pub fn entry_run(&self, entry: &WorkflowEntry<'_>) -> Vec<StepId> {
        let target = entry
            .job_ref
            .and_then(|r| self.refs.get(r))
            .map(|r| &r.target);
        let Some(Target::Def(job)) = target else {
            return Vec::new();
        };
        let mut steps = self.expanded_steps(&entry.before);
        steps.extend(self.body_steps(*job));
        steps.extend(self.expanded_steps(&entry.after));
        steps
    }

    /// The entries of workflows and job groups alike that run job `job`.
    pub fn entries_running(&self, job: DefId) -> impl Iterator<Item = &WorkflowEntry<'_>> {
        self.entries.iter().filter(move |e| self.runs_job(e, job))
    }

    /// Whether a workflow or job group entry runs job `job`.
    pub fn runs_job(&self, entry: &WorkflowEntry<'_>, job: DefId) -> bool {
        let target = entry
            .job_ref
            .and_then(|r| self.refs.get(r))
            .map(|r| &r.target);
        target == Some(&Target::Def(job))
    }

    /// Definitions of `kind` at the top level first, then those of each inline orb in the
    /// order the orbs are declared.
    pub fn defs_by_scope(&self, kind: DefKind) -> Vec<DefId> {
        let mut ids: Vec<DefId> = self.defs_of(kind, None).map(|(id, _)| id).collect();
        for (orb, _) in self.defs_of(DefKind::Orb, None) {
            ids.extend(self.defs_of(kind, Some(orb)).map(|(id, _)| id));
        }
        ids
    }
}
