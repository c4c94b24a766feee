//! Matrix entries in completion: the parameters `<< matrix.x >>` names, and the names a
//! matrix entry's instances run under, which `requires` names.
//! <https://circleci.com/docs/guides/orchestrate/using-matrix-jobs/>

use analysis::model::index::WorkflowEntry;
use syntax::yaml::{Mapping, Node};

/// At most this many instance names of one entry are offered.
const MAX_INSTANCES: usize = 64;

/// The `matrix.parameters` of an entry's body, each with its values when they are scalars.
pub(crate) fn parameters(body: &Mapping) -> Vec<(&str, Vec<&str>)> {
    let Some(params) = body
        .get("matrix")
        .and_then(|m| m.get("parameters"))
        .and_then(Node::as_mapping)
    else {
        return Vec::new();
    };
    params
        .entries
        .iter()
        .filter_map(|e| {
            let values = match e.value.as_sequence() {
                Some(list) => list.items.iter().map(Node::as_str).collect(),
                None => e.value.as_str().map(|v| vec![v]),
            };
            Some((e.key.as_str()?, values.unwrap_or_default()))
        })
        .collect()
}

/// The names the instances of a matrix entry run under: its `name:` with each combination's
/// values in place of `<< matrix.x >>`, or, without a `name:`, the job's name followed by the
/// values, joined with `-`. Combinations `matrix.exclude` lists are left out.
pub(crate) fn instance_names(entry: &WorkflowEntry<'_>) -> Vec<String> {
    let Some(body) = entry.args.filter(|_| entry.matrix) else {
        return Vec::new();
    };
    let params = parameters(body);
    if params.is_empty() || params.iter().any(|(_, values)| values.is_empty()) {
        return Vec::new();
    }
    let excluded = exclusions(body);
    let mut names = Vec::new();
    for combination in combinations(&params) {
        if excluded
            .iter()
            .any(|ex| ex.iter().all(|(k, v)| combination.contains(&(*k, *v))))
        {
            continue;
        }
        let name = match entry.name {
            Some((template, _)) => fill(template, &combination),
            None => Some(
                std::iter::once(entry.job)
                    .chain(combination.iter().map(|(_, v)| *v))
                    .collect::<Vec<_>>()
                    .join("-"),
            ),
        };
        names.extend(name);
        if names.len() >= MAX_INSTANCES {
            break;
        }
    }
    names
}

/// Every combination of the parameters' values, in the order they are written, the last
/// parameter varying fastest; at most [`MAX_INSTANCES`] times a few.
fn combinations<'a>(params: &[(&'a str, Vec<&'a str>)]) -> Vec<Vec<(&'a str, &'a str)>> {
    let mut out: Vec<Vec<(&str, &str)>> = vec![Vec::new()];
    for (name, values) in params {
        let mut next = Vec::new();
        for prefix in &out {
            for v in values {
                let mut c = prefix.clone();
                c.push((*name, *v));
                next.push(c);
            }
        }
        next.truncate(MAX_INSTANCES * 4);
        out = next;
    }
    out
}

/// The `matrix.exclude` entries: each a combination of parameter values.
fn exclusions(body: &Mapping) -> Vec<Vec<(&str, &str)>> {
    let Some(list) = body
        .get("matrix")
        .and_then(|m| m.get("exclude"))
        .and_then(Node::as_sequence)
    else {
        return Vec::new();
    };
    list.items
        .iter()
        .filter_map(Node::as_mapping)
        .map(|m| {
            m.entries
                .iter()
                .filter_map(|e| Some((e.key.as_str()?, e.value.as_str()?)))
                .collect()
        })
        .collect()
}

/// `template` with `<< matrix.x >>` replaced by the combination's value of `x`; `None` when
/// another template is left (a condition such as `<<#matrix.x>>`).
fn fill(template: &str, combination: &[(&str, &str)]) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find("<<") {
        out.push_str(rest.get(..open)?);
        let after = rest.get(open + 2..)?;
        let close = after.find(">>")?;
        let name = after.get(..close)?.trim().strip_prefix("matrix.")?;
        let (_, value) = combination.iter().find(|(k, _)| *k == name)?;
        out.push_str(value);
        rest = after.get(close + 2..)?;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_filled_from_templates() {
        assert_eq!(
            fill(
                "test-<< matrix.os >>-<<matrix.v>>",
                &[("os", "linux"), ("v", "3")]
            )
            .as_deref(),
            Some("test-linux-3")
        );
        assert_eq!(fill("a-<<#matrix.x>>y<</matrix.x>>", &[("x", "1")]), None);
    }
}
