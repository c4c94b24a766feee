//! `requires` cycles between the jobs of one workflow.

use std::collections::HashSet;

use super::index::Model;
use super::rules::REQUIRES_CYCLE;
use crate::diagnostics::Finding;
use syntax::yaml::Span;

/// Edges between entries of one workflow: entry -> (required entry, requires reference).
type Edges = Vec<Vec<(usize, usize)>>;

pub(super) fn check(model: &Model<'_>, findings: &mut Vec<Finding>) {
    let edges = requires_edges(model);
    for component in strongly_connected(&edges) {
        let cyclic = component.len() > 1
            || component.first().is_some_and(|&c| {
                edges
                    .get(c)
                    .is_some_and(|es| es.iter().any(|(j, _)| *j == c))
            });
        if cyclic {
            findings.extend(cycle_finding(model, &edges, &component));
        }
    }
}

/// The `requires` of each entry that name an entry of the same workflow.
fn requires_edges(model: &Model<'_>) -> Edges {
    let mut edges: Edges = vec![Vec::new(); model.entries.len()];
    for (i, e) in model.entries.iter().enumerate() {
        let required = e.requires.iter().filter_map(|&ri| {
            let j = model.refs.get(ri)?.entry?;
            let same = model.entries.get(j).map(|x| x.container) == Some(e.container);
            same.then_some((j, ri))
        });
        if let Some(list) = edges.get_mut(i) {
            list.extend(required);
        }
    }
    edges
}

/// A cycle's finding, at the first requirement written inside it, with the others related.
fn cycle_finding(model: &Model<'_>, edges: &Edges, component: &[usize]) -> Option<Finding> {
    let members: HashSet<usize> = component.iter().copied().collect();
    // Every requirement inside the cycle; report at the first one written.
    let mut inner: Vec<(usize, usize, usize)> = component
        .iter()
        .flat_map(|&u| {
            let out = edges.get(u).map(Vec::as_slice).unwrap_or(&[]);
            out.iter().map(move |&(v, ri)| (u, v, ri))
        })
        .filter(|(_, v, _)| members.contains(v))
        .collect();
    let span_of = |ri: usize| model.refs.get(ri).map_or(Span::default(), |r| r.span);
    inner.sort_by_key(|&(_, _, ri)| span_of(ri));
    inner.dedup_by_key(|&mut (_, _, ri)| span_of(ri));
    let &(u, v, ri) = inner.first()?;
    let name = |i: usize| model.entries.get(i).map(|e| e.effective_name());
    let names: Vec<String> = cycle_path(edges, &members, u, v)
        .iter()
        .filter_map(|&i| name(i).map(|n| format!("`{n}`")))
        .collect();
    let mut finding = Finding::new(
        &REQUIRES_CYCLE,
        span_of(ri),
        format!(
            "Remove one of these requirements: the jobs require each other in a cycle ({}), so none starts.",
            names.join(" → ")
        ),
    );
    for &(a, b, other) in inner.iter().skip(1) {
        if let (Some(a), Some(b)) = (name(a), name(b)) {
            finding = finding.with_related(span_of(other), format!("`{a}` requires `{b}`"));
        }
    }
    Some(finding)
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
    let mut tarjan = Tarjan {
        edges,
        index: vec![usize::MAX; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        result: Vec::new(),
        next: 0,
    };
    for start in 0..n {
        if tarjan.index[start] == usize::MAX {
            tarjan.visit(start);
        }
    }
    tarjan.result
}

struct Tarjan<'e> {
    edges: &'e [Vec<(usize, usize)>],
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    result: Vec<Vec<usize>>,
    next: usize,
}

impl Tarjan<'_> {
    /// Every node reachable from `start`, depth first with an explicit work list of
    /// (node, next edge to follow).
    fn visit(&mut self, start: usize) {
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && self.index[v] == usize::MAX {
                self.index[v] = self.next;
                self.low[v] = self.next;
                self.next += 1;
                self.stack.push(v);
                self.on_stack[v] = true;
            }
            if let Some(&(w, _)) = self.edges[v].get(*ei) {
                *ei += 1;
                if self.index[w] == usize::MAX {
                    work.push((w, 0));
                } else if self.on_stack[w] {
                    self.low[v] = self.low[v].min(self.index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                self.low[parent] = self.low[parent].min(self.low[v]);
            }
            if self.low[v] == self.index[v] {
                self.close(v);
            }
        }
    }

    /// The component `v` roots: the stack down to `v`.
    fn close(&mut self, v: usize) {
        let mut component = Vec::new();
        while let Some(w) = self.stack.pop() {
            self.on_stack[w] = false;
            component.push(w);
            if w == v {
                break;
            }
        }
        self.result.push(component);
    }
}
