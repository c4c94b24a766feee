//! The walk through scalars: `<< … >>` templates, orb names written where the structure
//! does not expect them, and names built from templates.

use crate::model::defs::*;
use crate::model::index::*;
use crate::model::template::{self, TemplateKind};
use syntax::yaml::{Node, NodeKind, Span};

impl<'a> Model<'a> {
    /// Records templates (`<< parameters.x >>` …) and loosely written orb names in every
    /// scalar under `node`.
    pub(super) fn scan_templates(&mut self, node: &'a Node, scope: ParamScope, site: Site) {
        match &node.kind {
            NodeKind::Scalar(s) => {
                if syntax::text::template::has_double_open(&s.value) {
                    for t in template::scalar_templates(node, self.text) {
                        self.template_use(t, scope, site);
                    }
                } else if s.value.contains('/') {
                    self.loose_orb_use(node, site);
                }
            }
            NodeKind::Mapping(m) => {
                for e in &m.entries {
                    let site = site.merged(e);
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
    pub(in crate::model) fn resolve_dynamic_names(&mut self) {
        for d in std::mem::take(&mut self.dynamic) {
            let def_kind = super::def_kind(d.kind);
            let patterns = self.expand_name(&d.name, d.owner, 0);
            let orbs: Vec<String> = patterns.iter().filter_map(|p| orb_pattern(p)).collect();
            let reached: Vec<(DefId, RefKind)> = self
                .defs
                .iter()
                .enumerate()
                .filter_map(|(id, def)| {
                    let local = def.kind == def_kind
                        && (def.parent == d.scope || def.parent.is_none())
                        && patterns.iter().any(|p| glob_match(p, &def.name));
                    // `win/<< parameters.e >>` uses orb `win` whatever member it names.
                    let orb = def.kind == DefKind::Orb
                        && def.parent.is_none()
                        && orbs.iter().any(|p| glob_match(p, &def.name));
                    match (local, orb) {
                        (true, _) => Some((id, d.kind)),
                        (_, true) => Some((id, RefKind::Orb)),
                        _ => None,
                    }
                })
                .collect();
            for (id, kind) in reached {
                let mut r = Reference::new(kind, &d.name, d.span, Target::Def(id));
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
                template::Piece::Template(TemplateKind::PipelineParameter, p) => self
                    .pipeline_parameter_values(p)
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

    /// The values pipeline parameter `param` can take: those of an enum. A pipeline may be
    /// triggered with any other value, so other types are not known here.
    fn pipeline_parameter_values(&self, param: &str) -> Option<Vec<String>> {
        let p = self.lookup(DefKind::PipelineParameter, None, param)?;
        match param_info(self.defs.get(p).and_then(|d| d.node)).ty {
            ParamType::Enum(values) if !values.is_empty() => Some(values),
            _ => None,
        }
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
                Some(v) if syntax::text::template::has_double_open(v) => {
                    values.extend(self.expand_name(v, site, depth + 1))
                }
                Some(v) => values.push(v.to_string()),
                // An executor given as a mapping names it with `name`.
                None => {
                    if let Some(v) = ExecutorUse::read(node).and_then(|u| u.name()) {
                        values.push(v.to_string());
                    }
                }
            }
        };
        if let Some(default) = param_info(self.defs.get(p).and_then(|d| d.node)).default {
            add(default, None, &mut values);
        }
        for inv in self.invocations.iter().filter(|i| i.target == owner) {
            for arg in inv
                .passed
                .args
                .iter()
                .filter(|a| a.key.as_str() == Some(param))
            {
                add(&arg.value, inv.owner, &mut values);
            }
            for m in inv
                .passed
                .matrix
                .iter()
                .filter(|a| a.key.as_str() == Some(param))
            {
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

/// The orbs a name pattern may use, as a pattern of orb names: the part before `/`, or, when a
/// wildcard comes first, anything starting with the text before it (the wildcard may hold the
/// `/`). `None` for a plain local name.
fn orb_pattern(pattern: &str) -> Option<String> {
    if let Some((orb, _)) = pattern.split_once('/') {
        return Some(orb.to_string());
    }
    let star = pattern.find('*')?;
    pattern.get(..star).map(|head| format!("{head}*"))
}
