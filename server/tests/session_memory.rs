//! A session's memory stays within a small multiple of its open documents: rounds of opening
//! documents, editing them many times and closing them leave the server no bigger than the
//! first round did. Drives the real binary and reads its resident memory from /proc.

#![cfg(target_os = "linux")]
// Test helpers outside #[test] functions may fail loudly too: a failed setup is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use common::{full_capabilities, pos, Client};
use serde_json::{json, Value};

/// Documents open at once in each round.
const OPEN: usize = 8;
/// Rounds of open, edit and close.
const ROUNDS: usize = 6;
/// Edits sent to each document in a round.
const EDITS: i64 = 40;

/// A realistic config of about `jobs * 16` lines: images, scripts, templates, workflows.
fn config(jobs: usize) -> String {
    let mut s = String::from(
        "version: 2.1\nexecutors:\n  base:\n    docker:\n      - image: cimg/base:2024.01\n\
         commands:\n  greet:\n    parameters:\n      to:\n        type: string\n        default: world\n\
         \x20   steps:\n      - run: echo hello << parameters.to >>\njobs:\n",
    );
    for i in 0..jobs {
        let _ = write!(
            s,
            "  job-{i}:\n    docker:\n      - image: cimg/node:20.{}\n      - image: redis:7.{}\n\
             \x20   parallelism: {}\n    steps:\n      - checkout\n      - greet:\n          to: job {i}\n\
             \x20     - run:\n          name: Test {i}\n          command: |\n            docker pull alpine:3.{i}\n\
             \x20           npm test -- --shard=$CIRCLE_NODE_INDEX\n      - store_test_results:\n          path: reports/{i}\n",
            i % 10,
            i % 4,
            1 + i % 4
        );
    }
    s.push_str("workflows:\n  main:\n    jobs:\n");
    for i in 0..jobs {
        let _ = writeln!(s, "      - job-{i}");
    }
    s
}

/// A field of /proc/PID/status, in kB.
fn status_kb(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read status");
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

/// Resident memory once the server has settled: the lowest of a few reads, so a blocking
/// thread that is just ending does not count.
fn settled_rss_kb(client: &mut Client) -> u64 {
    // A request answered means every notification before it was handled.
    client.request("workspace/symbol", json!({"query": "job-1"}));
    let mut lowest = u64::MAX;
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(40));
        lowest = lowest.min(status_kb(client.pid(), "VmRSS:"));
    }
    lowest
}

/// Each round's documents live in their own directory, so per-directory state is met anew.
fn doc_uri(round: usize, i: usize) -> String {
    format!("file:///srv/project-{round}/d{i}/.circleci/config.yml")
}

/// Opens `OPEN` documents, edits each `EDITS` times (typing, then a whole-text replacement,
/// then more typing), waits for the diagnostics of the last version, and returns the resident
/// memory with them open.
fn open_and_edit(client: &mut Client, round: usize, text: &str) -> u64 {
    let (line, col) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("npm test"))
        .map(|(n, l)| (n as u32, l.len() as u32))
        .expect("a script line");
    for i in 0..OPEN {
        client.open(&doc_uri(round, i), text);
    }
    for i in 0..OPEN {
        client.diagnostics(&doc_uri(round, i), Some(1));
    }
    for version in 2..=EDITS + 1 {
        for i in 0..OPEN {
            let change = if version == EDITS / 2 {
                json!({"text": text})
            } else {
                // Typing at the end of a script line, one character per version.
                json!({"range": {"start": pos(line, col), "end": pos(line, col)}, "text": "x"})
            };
            client.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": doc_uri(round, i), "version": version},
                       "contentChanges": [change]}),
            );
        }
    }
    for i in 0..OPEN {
        client.diagnostics(&doc_uri(round, i), Some(EDITS + 1));
    }
    // Intermediate versions may or may not have been published; they are not needed.
    client.notifications.clear();
    settled_rss_kb(client)
}

fn close_all(client: &mut Client, round: usize) {
    for i in 0..OPEN {
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": doc_uri(round, i)}}),
        );
    }
    // Closing clears the document's diagnostics.
    for i in 0..OPEN {
        let cleared = client.diagnostics(&doc_uri(round, i), None);
        assert!(cleared.is_empty(), "{cleared:?}");
    }
    client.notifications.clear();
}

#[test]
fn memory_stays_proportional_to_open_documents_over_open_edit_close_rounds() {
    let text = config(150);
    let doc_kb = (text.len() / 1024) as u64;
    let (mut client, _) = Client::start(full_capabilities(), Value::Null);
    // Warm up: the first analysis loads the compiled-in knowledge once for the session.
    let warm = doc_uri(ROUNDS, 0);
    client.open(&warm, &text);
    client.diagnostics(&warm, Some(1));
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": warm}}),
    );
    client.diagnostics(&warm, None);
    let base = settled_rss_kb(&mut client);
    let started = Instant::now();
    let mut open_rss = Vec::new();
    let mut closed_rss = Vec::new();
    for round in 0..ROUNDS {
        open_rss.push(open_and_edit(&mut client, round, &text));
        close_all(&mut client, round);
        closed_rss.push(settled_rss_kb(&mut client));
    }
    let peak = status_kb(client.pid(), "VmHWM:");
    let threads = status_kb(client.pid(), "Threads:");
    let report = format!(
        "document {doc_kb} kB x {OPEN} open; base {base} kB; open {open_rss:?} kB; \
         closed {closed_rss:?} kB; peak {peak} kB; threads {threads}; {:?}",
        started.elapsed()
    );
    eprintln!("{report}");
    // Measured (debug build, 55 kB documents, 8 open): base 21 MB; open 70 MB in the first
    // round and at most 79 MB later (each round's analyses run on other threads, whose
    // allocator arenas fill once); closed 31-38 MB. Before freed memory was given back on
    // close, closed stayed at the open figure and rose every round (70, 77, 86, 97, 102 MB).
    // The bounds leave about twice the measured room for allocator and CI noise.
    let per_round = open_rss[0].saturating_sub(base);
    for (round, rss) in open_rss.iter().enumerate().skip(1) {
        assert!(
            *rss <= open_rss[0] + per_round / 2 + 4 * 1024,
            "round {round} holds more than the first: {report}"
        );
    }
    for (round, rss) in closed_rss.iter().enumerate() {
        assert!(
            *rss <= base + per_round / 2 + 4 * 1024,
            "round {round}: closed documents leave memory behind: {report}"
        );
    }
    // Everything held while documents are open is a multiple of their text (about 110x
    // measured, in a debug build with the allocator's slack).
    let per_doc_bound = 200 * doc_kb.max(1);
    assert!(
        peak <= base + OPEN as u64 * per_doc_bound + 16 * 1024,
        "peak memory is not proportional to the open documents: {report}"
    );
    // Analyses run on blocking threads that end when idle; they do not pile up with rounds.
    assert!(threads <= 2 + 2 * OPEN as u64, "{report}");
    assert_eq!(client.shutdown(), Some(0));
}
