//! Where the memory of an analysis goes: heap bytes held by the YAML tree and by a full
//! analysis of the generated configs, the peak while each is built, and how many allocations
//! that takes. A counting allocator wraps the system one, so this is its own bench binary and
//! the timings of `analysis.rs` stay clean.
//!
//! Then the server's peak RSS on the largest file it analyses with the most findings (issue
//! #20 item 6): one `run: |` block of 120,000 `docker pull` lines, about 4 MB, one finding
//! with a fix per line. A full run fails (exit 1) when it is above 300 MB.
//!
//! Run with `cargo bench -p circleci-ls --bench memory` (`-- --quick` for a short pass, as
//! `cargo test --benches` makes: a smaller script, no verdict).

#[path = "../tests/common/mod.rs"]
mod common;
mod configs;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::time::Instant;

use analysis::analyze;
use analysis::settings::Settings;
use common::{full_capabilities, peak_rss_kb, uri, Client};
use serde_json::Value;
use syntax::yaml::{Node, NodeKind};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Relaxed);
        grew(new_size);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn grew(size: usize) {
    ALLOCATIONS.fetch_add(1, Relaxed);
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Heap bytes still held after `f` returns (its result kept), the peak above the start while
/// it ran, and the allocations it made.
struct Footprint {
    held: usize,
    peak: usize,
    allocations: usize,
}

fn footprint<T>(f: impl FnOnce() -> T) -> (T, Footprint) {
    let start = LIVE.load(Relaxed);
    PEAK.store(start, Relaxed);
    let count = ALLOCATIONS.load(Relaxed);
    let value = f();
    let print = Footprint {
        held: LIVE.load(Relaxed).saturating_sub(start),
        peak: PEAK.load(Relaxed).saturating_sub(start),
        allocations: ALLOCATIONS.load(Relaxed) - count,
    };
    (value, print)
}

/// Nodes in a tree and the bytes their scalar strings hold.
#[derive(Default)]
struct TreeCensus {
    nodes: usize,
    copied: usize,
    scalar_bytes: usize,
    entry_bytes: usize,
    item_bytes: usize,
}

fn census(node: &Node, c: &mut TreeCensus) {
    c.nodes += 1;
    if node.via_alias.is_some() {
        c.copied += 1;
    }
    match &node.kind {
        NodeKind::Scalar(s) => {
            c.scalar_bytes += s.value.len();
        }
        NodeKind::Mapping(m) => {
            c.entry_bytes += m.entries.len() * std::mem::size_of::<syntax::yaml::Entry>();
            for e in &m.entries {
                census(&e.key, c);
                census(&e.value, c);
            }
        }
        NodeKind::Sequence(s) => {
            c.item_bytes += s.items.len() * std::mem::size_of::<Node>();
            s.items.iter().for_each(|n| census(n, c))
        }
        NodeKind::UnresolvedAlias(_) => {}
    }
}

fn mb(bytes: usize) -> String {
    format!("{:.2} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// The compiled-in orb catalog: what reading it holds, and what asking for one orb's releases
/// and then for every orb's adds. Measured first, so the analyses below do not count it.
fn orb_catalog() {
    use analysis::orbs::Catalog;
    let (catalog, read) = footprint(Catalog::compiled_in);
    let (node, one) = footprint(|| catalog.releases("circleci/node").len());
    let (all, every) = footprint(|| {
        let names: Vec<&str> = catalog.orb_names().collect();
        names
            .iter()
            .map(|o| catalog.releases(o).len())
            .sum::<usize>()
    });
    println!(
        "orb catalog: read holds {} (peak {}, {} allocations) | circleci/node ({node} releases) adds {} (peak {}) | all {all} releases add {} (peak {})",
        mb(read.held),
        mb(read.peak),
        read.allocations,
        mb(one.held),
        mb(one.peak),
        mb(every.held),
        mb(every.peak),
    );
}

/// The most the server may hold for any file under the analysis cap (issue #20 item 6).
const SERVER_RSS_TARGET_KB: u64 = 300 * 1024;

/// Opens `pulls_in_one_script(lines)` in the real server and waits for its diagnostics;
/// returns the server's peak RSS in KiB.
fn server_peak_rss(lines: usize) -> Option<u64> {
    let text = configs::pulls_in_one_script(lines);
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    let u = uri("config.yml");
    let started = Instant::now();
    client.open(&u, &text);
    let published = client.diagnostics(&u, Some(1)).len();
    let took = started.elapsed();
    let rss = peak_rss_kb(client.pid());
    drop(client);
    println!(
        "server, {lines} `docker pull` lines in one script ({}): {published} diagnostics published in {:.2} s, peak RSS {}",
        mb(text.len()),
        took.as_secs_f64(),
        rss.map_or("unknown".to_string(), |kb| format!("{:.1} MB", kb as f64 / 1024.0)),
    );
    rss
}

fn main() {
    orb_catalog();
    // `cargo test --benches` runs this too; a quick pass proves it works without the full run.
    let quick =
        std::env::args().any(|a| a == "--quick") || !std::env::args().any(|a| a == "--bench");
    println!(
        "sizes: Node {} B, Entry {} B",
        std::mem::size_of::<Node>(),
        std::mem::size_of::<syntax::yaml::Entry>()
    );
    for target in [5_000usize, 20_000] {
        let text = configs::generate(target);
        let lines = text.lines().count();
        let arc: Arc<str> = Arc::from(text.as_str());
        let (tree, t) = footprint(|| syntax::yaml::parse_shared(&arc));
        let mut c = TreeCensus::default();
        if let Some(root) = tree.root() {
            census(root, &mut c);
        }
        drop(tree);
        let (analysis, a) = footprint(|| analyze(arc.clone(), &Settings::default()));
        println!(
            "{lines:>6} lines, text {}: tree holds {} ({} B/line, peak {}, {} allocations; {} nodes, {} copied through aliases, {} of scalar values; entry arrays {}, item arrays {}) | analysis holds {} (peak {}, {} allocations)",
            mb(text.len()),
            mb(t.held),
            t.held / lines.max(1),
            mb(t.peak),
            t.allocations,
            c.nodes,
            c.copied,
            mb(c.scalar_bytes),
            mb(c.entry_bytes),
            mb(c.item_bytes),
            mb(a.held),
            mb(a.peak),
            a.allocations,
        );
        drop(analysis);
    }
    let pulls = if quick { 6_000 } else { 120_000 };
    let arc: Arc<str> = Arc::from(configs::pulls_in_one_script(pulls));
    let (analysis, a) = footprint(|| analyze(arc.clone(), &Settings::default()));
    println!(
        "{pulls} `docker pull` lines in one script, text {}: analysis holds {} ({} B/finding, peak {}, {} allocations; {} findings)",
        mb(arc.len()),
        mb(a.held),
        a.held / analysis.findings.len().max(1),
        mb(a.peak),
        a.allocations,
        analysis.findings.len(),
    );
    drop(analysis);
    let rss = server_peak_rss(pulls);
    // A quick run is too small to judge; a full run fails loudly.
    if !quick && rss.is_none_or(|kb| kb > SERVER_RSS_TARGET_KB) {
        eprintln!(
            "the server's peak RSS on the 120,000-line script is above {} MB (or unknown)",
            SERVER_RSS_TARGET_KB / 1024
        );
        std::process::exit(1);
    }
}
