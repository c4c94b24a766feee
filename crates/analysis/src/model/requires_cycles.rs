//! `requires` cycles between the jobs of one workflow.

use std::collections::HashSet;

use super::index::Model;
use super::rules::REQUIRES_CYCLE;
use crate::diagnostics::Finding;
use syntax::yaml::Span;

pub(super) fn check(model: &Model<'_>, findings: &mut Vec<Finding>) {
    // Edges between entries of one workflow: entry -> (required entry, requires reference).
    let n = model.entries.len();
    let mut edges: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (i, e) in model.entries.iter().enumerate() {
        for &ri in &e.requires {
            let Some(r) = model.refs.get(ri) else {
                continue;
            };
            if let Some(j) = r.entry {
                if model.entries.get(j).map(|x| x.container) == Some(e.container) {
                    if let Some(list) = edges.get_mut(i) {
                        list.push((j, ri));
                    }
                }
            }
        }
    }
    for component in strongly_connected(&edges) {
        let members: HashSet<usize> = component.iter().copied().collect();
        let cyclic = component.len() > 1
            || component.first().is_some_and(|&c| {
                edges
                    .get(c)
                    .is_some_and(|es| es.iter().any(|(j, _)| *j == c))
            });
        if !cyclic {
            continue;
        }
        // Every requirement inside the cycle; report at the first one written.
        let mut inner: Vec<(usize, usize, usize)> = Vec::new();
        for &u in &component {
            for &(v, ri) in edges.get(u).map(Vec::as_slice).unwrap_or(&[]) {
                if members.contains(&v) {
                    inner.push((u, v, ri));
                }
            }
        }
        let span_of = |ri: usize| model.refs.get(ri).map_or(Span::default(), |r| r.span);
        inner.sort_by_key(|&(_, _, ri)| span_of(ri));
        inner.dedup_by_key(|&mut (_, _, ri)| span_of(ri));
        let Some(&(u, v, ri)) = inner.first() else {
            continue;
        };
        let path = cycle_path(&edges, &members, u, v);
        let names: Vec<String> = path
            .iter()
            .filter_map(|&i| {
                model
                    .entries
                    .get(i)
                    .map(|e| format!("`{}`", e.effective_name()))
            })
            .collect();
        let mut finding = Finding::new(
            &REQUIRES_CYCLE,
            span_of(ri),
            format!(
                "These jobs require each other in a cycle ({}), so none of them can start; remove one of the requirements.",
                names.join(" → ")
            ),
        );
        for &(a, b, other) in inner.iter().skip(1) {
            let (Some(ea), Some(eb)) = (model.entries.get(a), model.entries.get(b)) else {
                continue;
            };
            finding = finding.with_related(
                span_of(other),
                format!(
                    "`{}` requires `{}`",
                    ea.effective_name(),
                    eb.effective_name()
                ),
            );
        }
        findings.push(finding);
    }
}

/// The cycle through the edge `u -> v`: u, v, …, u.
fn cycle_path(
    edges: &[Vec<(usize, usize)>],
    members: &HashSet<usize>,
    u: usize,
    v: usize,
) -> Vec<usize> {
    if u == v {
        return vec![u, u];
    }
    // Breadth-first from v back to u inside the component.
    let mut prev: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut queue = std::collections::VecDeque::from([v]);
    let mut seen = HashSet::from([v]);
    while let Some(x) = queue.pop_front() {
        if x == u {
            break;
        }
        for &(y, _) in edges.get(x).map(Vec::as_slice).unwrap_or(&[]) {
            if members.contains(&y) && seen.insert(y) {
                prev.insert(y, x);
                queue.push_back(y);
            }
        }
    }
    let mut back = vec![u];
    let mut at = u;
    while at != v {
        match prev.get(&at) {
            Some(&p) => {
                back.push(p);
                at = p;
            }
            None => break,
        }
    }
    back.reverse();
    let mut path = vec![u];
    path.extend(back);
    path
}

/// Tarjan's strongly connected components, iteratively (no recursion on user data).
fn strongly_connected(edges: &[Vec<(usize, usize)>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut result = Vec::new();
    let mut next = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            let out = &edges[v];
            if let Some(&(w, _)) = out.get(*ei) {
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                result.push(component);
            }
        }
    }
    result
}
