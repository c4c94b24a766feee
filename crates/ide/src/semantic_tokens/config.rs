//! The config's structure: CircleCI keys are keywords; definitions and invocations of jobs,
//! commands, executors, workflows, orbs and parameters are named by what they are.

use super::{
    written, written_items, NameKind, TokenType, Walk, MODIFIER_DECLARATION, MODIFIER_DEPRECATED,
};
use crate::outline_config::{inner_span, is_workflow_job_key};
use analysis::model::sections::{section_kind, Place};
use analysis::model::DefKind;
use knowledge::schema::{
    child_of, item_of, maps_of, Key, KeyRole, MapRole, MapSchema, NameKind as SchemaNames, Other,
    Ty,
};
use knowledge::table;
use syntax::yaml::{Node, NodeKind, Span};

/// The table of a config's or an inline orb's top-level keys.
fn place_schema(place: Place) -> &'static MapSchema {
    match place {
        Place::Config => &table::CONFIG,
        Place::InlineOrb => &table::INLINE_ORB,
    }
}

/// The kind of user-chosen names a type's mapping takes.
fn names_of(ty: &Ty) -> Option<SchemaNames> {
    maps_of(ty).iter().find_map(|m| match m.other {
        Other::Names(names) => Some(names.kind),
        _ => None,
    })
}

/// Whether `ty` is a list of job invocations.
fn lists_invocations(ty: &Ty) -> bool {
    item_of(ty).is_some_and(|item| {
        maps_of(&item)
            .first()
            .is_some_and(|m| m.role == MapRole::JobInvocation)
    })
}

impl Walk<'_> {
    /// A config, or an inline orb's body; the model's sections say what each
    /// top-level key defines.
    pub(super) fn root(&mut self, root: &Node, place: Place) {
        if root.as_mapping().is_none() {
            self.values(root);
            return;
        }
        for (key, value) in written(root) {
            let section = key.as_str().and_then(|k| section_kind(k, place));
            let known = section.is_some() || matches!(key.as_str(), Some("version" | "setup"));
            if known {
                self.key(key, TokenType::Keyword, 0);
            } else if key.as_str() == Some("<<") {
                self.key(key, TokenType::Macro, 0);
            }
            let Some(value) = value else { continue };
            // What the section's names hold, as the knowledge table says.
            let body = key
                .as_str()
                .and_then(|k| place_schema(place).key(k))
                .and_then(|k| maps_of(&k.ty).first().and_then(|m| m.names_map()));
            match section {
                Some(DefKind::Orb) => self.orbs(value),
                Some(DefKind::Command) => self.definitions(value, NameKind::Command, body),
                Some(DefKind::Executor) => self.definitions(value, NameKind::Executor, body),
                Some(DefKind::Job) => self.definitions(value, NameKind::Job, body),
                Some(DefKind::JobGroup) => self.workflows(value, NameKind::Job, body),
                Some(DefKind::Workflow) => self.workflows(value, NameKind::Workflow, body),
                Some(DefKind::PipelineParameter) => self.parameter_declarations(value),
                _ => self.values(value),
            }
        }
    }

    pub(super) fn orbs(&mut self, orbs: &Node) {
        for (key, value) in written(orbs) {
            self.key(key, TokenType::Namespace, MODIFIER_DECLARATION);
            match value {
                // An inline orb is written like a config of its own.
                Some(v) if v.as_mapping().is_some() => self.root(v, Place::InlineOrb),
                Some(v) => self.values(v),
                None => {}
            }
        }
    }

    pub(super) fn definitions(
        &mut self,
        section: &Node,
        kind: NameKind,
        body: Option<&'static MapSchema>,
    ) {
        for (key, value) in written(section) {
            self.key(key, kind.token_type(), MODIFIER_DECLARATION);
            match value {
                Some(v) if v.as_mapping().is_some() => self.keywords(v, body.map(Ty::Map)),
                Some(v) => self.values(v),
                None => {}
            }
        }
    }

    /// CircleCI keys (keywords) of a value of type `ty`, and their values by the knowledge
    /// table's types and roles: steps lists, executors, images, environments, parameter
    /// declarations. Keys the table does not know are keywords with untyped values.
    pub(super) fn keywords(&mut self, node: &Node, ty: Option<Ty>) {
        match &node.kind {
            NodeKind::Mapping(_) => {
                for (key, value) in written(node) {
                    self.key(key, TokenType::Keyword, 0);
                    let child = ty.zip(key.as_str()).and_then(|(t, k)| child_of(&t, k));
                    if let Some(value) = value {
                        self.typed(value, child);
                    }
                }
            }
            NodeKind::Sequence(_) => {
                let item = ty.as_ref().and_then(item_of);
                written_items(node).for_each(|i| self.keywords(i, item));
            }
            _ => self.scalar(node),
        }
    }

    /// The value of a key, by the key's role and type.
    fn typed(&mut self, value: &Node, child: Option<(Ty, Option<&'static Key>)>) {
        let (ty, key) = match child {
            Some((ty, key)) => (Some(ty), key),
            None => (None, None),
        };
        if let Some(key) = key {
            match key.role {
                KeyRole::Steps(_) => return self.steps(value),
                KeyRole::Executor => return self.executor_ref(value),
                KeyRole::Image => return self.image(value),
                _ if key.deprecated_true.is_some() && value.as_bool() == Some(true) => {
                    return self.push(value.span, TokenType::Keyword, MODIFIER_DEPRECATED);
                }
                _ => {}
            }
        }
        match ty {
            Some(Ty::Env) => self.environment(value),
            Some(t) if names_of(&t) == Some(SchemaNames::ParameterDeclaration) => {
                self.parameter_declarations(value)
            }
            _ => self.keywords(value, ty),
        }
    }

    /// Values without CircleCI meaning (parameter arguments, unknown sections): only
    /// templates, variables and anchors inside them.
    pub(super) fn values(&mut self, node: &Node) {
        match &node.kind {
            NodeKind::Mapping(_) => {
                for (key, value) in written(node) {
                    if key.as_str() == Some("<<") {
                        self.key(key, TokenType::Macro, 0);
                    }
                    if let Some(value) = value {
                        self.values(value);
                    }
                }
            }
            NodeKind::Sequence(_) => written_items(node).for_each(|i| self.values(i)),
            _ => self.scalar(node),
        }
    }

    pub(super) fn parameter_declarations(&mut self, params: &Node) {
        for (key, value) in written(params) {
            self.key(key, TokenType::Parameter, MODIFIER_DECLARATION);
            let Some(decl) = value else { continue };
            for (key, value) in written(decl) {
                self.key(key, TokenType::Keyword, 0);
                if let Some(value) = value {
                    self.values(value);
                }
            }
        }
    }

    /// Arguments passed to a job, command or executor: `name: value`.
    pub(super) fn arguments(&mut self, args: &Node, is_keyword: fn(&str) -> bool) {
        for (key, value) in written(args) {
            let keyword = key.as_str().is_some_and(is_keyword);
            self.key(
                key,
                if keyword {
                    TokenType::Keyword
                } else {
                    TokenType::Parameter
                },
                0,
            );
            let Some(value) = value else { continue };
            let settings = key
                .as_str()
                .and_then(|k| child_of(&Ty::Map(&table::JOB_INVOCATION), k));
            match key.as_str() {
                _ if !keyword => self.values(value),
                Some("requires") => self.requires(value),
                Some("name") => self.reference(value, Some(NameKind::Job), MODIFIER_DECLARATION),
                Some("matrix") => self.matrix(value),
                _ => self.typed(value, settings),
            }
        }
    }

    pub(super) fn environment(&mut self, env: &Node) {
        if env.as_mapping().is_none() {
            self.values(env);
            return;
        }
        for (key, value) in written(env) {
            self.key(key, TokenType::Variable, MODIFIER_DECLARATION);
            if let Some(value) = value {
                self.values(value);
            }
        }
    }

    /// Marks the deprecated `circleci/` image namespace (`cimg/` replaces it).
    pub(super) fn image(&mut self, image: &Node) {
        if let Some(inner) = inner_span(image, self.text) {
            let raw = inner.text(self.text);
            if raw.starts_with("circleci/") {
                let repo_len = raw.find([':', '@', '<', '$']).unwrap_or(raw.len());
                self.push(
                    Span::new(inner.start, inner.start + repo_len),
                    TokenType::String,
                    MODIFIER_DEPRECATED,
                );
            }
        }
        self.scalar(image);
    }

    pub(super) fn executor_ref(&mut self, executor: &Node) {
        if executor.as_mapping().is_none() {
            self.reference(executor, Some(NameKind::Executor), 0);
            return;
        }
        for (key, value) in written(executor) {
            let is_name = key.as_str() == Some("name");
            self.key(
                key,
                if is_name {
                    TokenType::Keyword
                } else {
                    TokenType::Parameter
                },
                0,
            );
            match value {
                Some(v) if is_name => self.reference(v, Some(NameKind::Executor), 0),
                Some(v) => self.values(v),
                None => {}
            }
        }
    }

    pub(super) fn steps(&mut self, steps: &Node) {
        if steps.as_sequence().is_none() {
            self.values(steps);
            return;
        }
        for item in written_items(steps) {
            if item.as_sequence().is_some() {
                self.steps(item);
                continue;
            }
            if item.as_scalar().is_some() {
                self.reference(item, Some(NameKind::Command), 0);
                continue;
            }
            let mut entries = written(item);
            let Some((name, args)) = entries.next() else {
                self.values(item);
                continue;
            };
            self.reference(name, Some(NameKind::Command), 0);
            if let Some(args) = args {
                match name.as_str().and_then(knowledge::builtin_step) {
                    Some(step) => self.keywords(args, Some(step.ty)),
                    None => self.arguments(args, |_| false),
                }
            }
            // Anything after the step's own key is a mistake other features report.
            for (key, value) in entries {
                self.key(key, TokenType::Keyword, 0);
                if let Some(value) = value {
                    self.values(value);
                }
            }
        }
    }

    /// Workflows, or job groups (`kind` Job: they are invoked like jobs); both list job
    /// invocations under `jobs`.
    pub(super) fn workflows(
        &mut self,
        workflows: &Node,
        kind: NameKind,
        schema: Option<&'static MapSchema>,
    ) {
        let body_ty = schema.map(Ty::Map);
        for (key, value) in written(workflows) {
            if kind == NameKind::Workflow && key.as_str() == Some("version") {
                self.key(key, TokenType::Keyword, 0);
                if let Some(value) = value {
                    self.values(value);
                }
                continue;
            }
            self.key(key, kind.token_type(), MODIFIER_DECLARATION);
            let Some(body) = value else { continue };
            for (key, value) in written(body) {
                self.key(key, TokenType::Keyword, 0);
                let Some(value) = value else { continue };
                let child = key.as_str().zip(body_ty).and_then(|(k, t)| child_of(&t, k));
                match child {
                    // A list of job invocations: the `jobs` of a workflow or job group.
                    Some((ty, _)) if lists_invocations(&ty) => self.workflow_jobs(value),
                    _ => self.typed(value, child),
                }
            }
        }
    }

    pub(super) fn workflow_jobs(&mut self, jobs: &Node) {
        for item in written_items(jobs) {
            if item.as_scalar().is_some() {
                self.reference(item, Some(NameKind::Job), 0);
                continue;
            }
            for (key, value) in written(item) {
                self.reference(key, Some(NameKind::Job), 0);
                if let Some(args) = value {
                    self.arguments(args, is_workflow_job_key);
                }
            }
        }
    }

    /// `requires: [build, test]`, or with statuses: `requires: [{build: failed}]`.
    pub(super) fn requires(&mut self, requires: &Node) {
        if requires.as_sequence().is_none() {
            self.reference(requires, Some(NameKind::Job), 0);
            return;
        }
        for item in written_items(requires) {
            if item.as_scalar().is_some() {
                self.reference(item, Some(NameKind::Job), 0);
                continue;
            }
            for (key, value) in written(item) {
                self.reference(key, Some(NameKind::Job), 0);
                if let Some(value) = value {
                    self.values(value);
                }
            }
        }
    }

    pub(super) fn matrix(&mut self, matrix: &Node) {
        for (key, value) in written(matrix) {
            self.key(key, TokenType::Keyword, 0);
            let Some(value) = value else { continue };
            match key.as_str() {
                Some("parameters") => {
                    for (key, value) in written(value) {
                        self.key(key, TokenType::Parameter, 0);
                        if let Some(value) = value {
                            self.values(value);
                        }
                    }
                }
                Some("exclude") => {
                    for item in written_items(value) {
                        self.arguments(item, |_| false);
                    }
                }
                _ => self.values(value),
            }
        }
    }
}
