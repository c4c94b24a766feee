//! Steps written as a bare word (`- run`) that only work with settings.

use crate::diagnostics::Finding;
use knowledge::schema::Ty;
use knowledge::table;
use syntax::yaml::Node;

use super::super::rules::*;
use super::{join_and, Checker};

impl<'a> Checker<'a, '_, '_> {
    /// A step written as a bare word must be one that works without settings.
    pub(super) fn bare_step(&mut self, node: &'a Node) {
        let Some(name) = node.as_str() else {
            return;
        };
        if self.commands.contains(name) || table::BARE_STEPS.contains(&name) {
            return;
        }
        let Some(step) = table::STEP.key(name) else {
            return;
        };
        let needed: Vec<String> = table_required(&step.ty)
            .iter()
            .map(|k| format!("`{k}`"))
            .collect();
        let message = if needed.is_empty() {
            format!("Write `{name}:` with its keys: the `{name}` step needs settings.")
        } else {
            format!(
                "Write `{name}:` with {}: the `{name}` step needs {}.",
                if needed.len() == 1 {
                    "that key"
                } else {
                    "those keys"
                },
                join_and(&needed)
            )
        };
        self.out
            .push(Finding::new(&MISSING_KEY, node.span, message));
    }
}

/// The required keys of the mapping alternative of a step's type.
fn table_required(ty: &Ty) -> Vec<&'static str> {
    knowledge::schema::maps_of(ty)
        .iter()
        .flat_map(|m| m.keys.iter().filter(|k| k.required).map(|k| k.name))
        .collect()
}
