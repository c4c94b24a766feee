//! Which definitions nothing runs, for rules of other domains that stay quiet about them.

use std::collections::HashSet;

use super::index::{DefKind, Model};

/// Top-level definitions of `kind` (jobs, executors) that nothing references, by name.
///
/// Empty when the config has no `workflows`: such a file is usually a fragment or still being
/// written, and which of its jobs run is not known.
pub fn idle(model: &Model<'_>, kind: DefKind) -> HashSet<String> {
    let mut idle = HashSet::new();
    if model.root.and_then(|r| r.get("workflows")).is_none() {
        return idle;
    }
    for (id, def) in model.defs.iter().enumerate() {
        if def.parent.is_none() && def.kind == kind && model.refs_to(id).next().is_none() {
            idle.insert(def.name.clone());
        }
    }
    idle
}
