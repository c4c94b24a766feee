//! Scaling cases: hostile inputs that once took quadratic time. Each is timed at n and 2n; a
//! linear (or n log n) cost roughly doubles, so a ratio well above 2 marks a regression.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use crate::configs::pulls_in_one_script;
use analysis::analyze;
use analysis::settings::Settings;
use ide as features;
use ropey::Rope;
use syntax::text::positions::{position, Encoding};
use syntax::yaml::Span;

/// The ratio above which doubling the input is reported as not linear; timing noise on a
/// shared machine stays well below it, a quadratic path gives about 4.
const MAX_RATIO: f64 = 3.0;

/// `docker pull a; ` repeated on one line.
fn pulls_on_one_line(n: usize) -> String {
    format!(
        "version: 2.1\njobs:\n  build:\n    machine: true\n    steps:\n      - run: {}\n",
        "docker pull a; ".repeat(n)
    )
}

/// Unterminated `<< parameters.` repeated on one line.
fn unterminated_templates(n: usize) -> String {
    format!(
        "version: 2.1\njobs:\n  build:\n    machine: true\n    steps:\n      - run: echo {}\n",
        "<< parameters. ".repeat(n)
    )
}

/// `docker pull << parameters.` repeated on one line: each `<<` is unclosed, in a docker script.
fn unclosed_templates_in_docker_script(n: usize) -> String {
    format!(
        "version: 2.1\njobs:\n  build:\n    machine: true\n    steps:\n      - run: {}\n",
        "docker pull << parameters. ".repeat(n)
    )
}

/// `n` unknown keys in one job mapping.
fn unknown_keys(n: usize) -> String {
    let mut s = String::from("version: 2.1\njobs:\n  build:\n    machine: true\n");
    for i in 0..n {
        let _ = writeln!(s, "    unknown_key_{i}: 1");
    }
    s.push_str("    steps: [checkout]\n");
    s
}

/// A mapping of `n` keys merged into another (an alias copy, then `<<` against written keys).
fn large_merge(n: usize) -> String {
    let mut s = String::from("version: 2.1\nx-base: &base\n");
    for i in 0..n {
        let _ = writeln!(s, "  key_{i}: {i}");
    }
    s.push_str("x-copy:\n  key_0: own\n  <<: *base\n");
    s
}

/// `n` anchors, each aliased once (an alias looked for its anchor among all of them).
fn anchors_each_aliased(n: usize) -> String {
    let mut s = String::from("version: 2.1\nx-images:\n");
    for i in 0..n {
        let _ = writeln!(s, "  - &a{i} {{image: cimg/base:2024.01}}");
    }
    s.push_str("jobs:\n  build:\n    docker:\n");
    for i in 0..n {
        let _ = writeln!(s, "      - *a{i}");
    }
    s.push_str("    steps: [checkout]\n");
    s
}

/// `n` unknown keys in one flow mapping: `n` findings on one long line.
fn findings_on_one_line(n: usize) -> String {
    let mut s = String::from("version: 2.1\njobs:\n  build:\n    docker: [{image: cimg/base:2024.01}]\n    steps: [checkout]\n    x: {");
    for i in 0..n {
        let _ = write!(s, "u{i}: 1, ");
    }
    s.push_str("}\n");
    s
}

/// The same config with old Mac line ends.
fn cr_only(text: String) -> String {
    text.replace('\n', "\r")
}

/// Best-of-`runs` time of `f` on each input, the inputs alternating so that a noisy moment
/// hits both alike.
fn best_pair(runs: usize, inputs: [&str; 2], f: &dyn Fn(&str)) -> [Duration; 2] {
    let mut best = [Duration::MAX; 2];
    for _ in 0..runs {
        for (i, input) in inputs.iter().enumerate() {
            let t = std::time::Instant::now();
            f(input);
            best[i] = best[i].min(t.elapsed());
        }
    }
    best
}

fn tree(text: &str) {
    std::hint::black_box(syntax::yaml::parse(text));
}

fn analyse(text: &str) {
    std::hint::black_box(analyze(Arc::from(text), &Settings::default()));
}

/// Analysis, then every finding's range as the server sends it (line and UTF-16 column).
fn analyse_and_position(text: &str) {
    let analysis = analyze(Arc::from(text), &Settings::default());
    let rope = Rope::from_str(text);
    for f in &analysis.findings {
        std::hint::black_box(position(&rope, f.span.start, Encoding::Utf16));
        std::hint::black_box(position(&rope, f.span.end, Encoding::Utf16));
    }
}

fn analyse_and_tokens(text: &str) {
    let analysis = analyze(Arc::from(text), &Settings::default());
    std::hint::black_box(features::semantic_tokens::tokens(&analysis));
}

/// A code action request over the whole document.
fn whole_document_actions(text: &str) {
    let analysis = analyze(Arc::from(text), &Settings::default());
    let all = Span::new(0, text.len());
    std::hint::black_box(features::code_actions::code_actions(&analysis, all));
}

/// Analysis, then the findings written in `format` as `check` writes them.
fn analyse_and_write(text: &str, format: circleci_ls::cli::Format) {
    let analysis = analyze(Arc::from(text), &Settings::default());
    let findings = analysis.findings.clone();
    let mut out = std::io::sink();
    let path = std::path::PathBuf::from("config.yml");
    let _ = circleci_ls::cli::write_findings(&mut out, format, path, Arc::from(text), findings);
}

type Case = (&'static str, fn(usize) -> String, usize, fn(&str));

/// Runs the case numbered `index` (from 0, in report order) once at `n`, for valgrind.
pub fn run_one(index: usize, n: usize) {
    if let Some((_, generate, _, run)) = cases().get(index) {
        run(&generate(n));
    }
}

fn cases() -> [Case; 15] {
    [
        (
            "docker pull lines in one run block",
            pulls_in_one_script,
            4_000,
            analyse,
        ),
        (
            "`docker pull a; ` on one line",
            pulls_on_one_line,
            8_000,
            analyse,
        ),
        (
            "unterminated `<< parameters.`",
            unterminated_templates,
            50_000,
            analyse_and_tokens,
        ),
        (
            "`docker pull << parameters.` unclosed",
            unclosed_templates_in_docker_script,
            25_000,
            analyse,
        ),
        ("unknown keys in one mapping", unknown_keys, 25_000, analyse),
        (
            "unknown keys, CR-only line ends",
            |n| cr_only(unknown_keys(n)),
            25_000,
            analyse_and_position,
        ),
        (
            "unknown keys, LF line ends",
            unknown_keys,
            25_000,
            analyse_and_position,
        ),
        (
            "docker pulls, CR-only line ends",
            |n| cr_only(pulls_in_one_script(n)),
            4_000,
            analyse,
        ),
        (
            "`<<` merge of a large mapping (tree)",
            large_merge,
            50_000,
            tree,
        ),
        (
            "whole-document code actions",
            unknown_keys,
            8_000,
            whole_document_actions,
        ),
        (
            "anchors, each aliased once",
            anchors_each_aliased,
            10_000,
            analyse,
        ),
        (
            "findings on one line, concise output",
            findings_on_one_line,
            20_000,
            |t| analyse_and_write(t, circleci_ls::cli::Format::Concise),
        ),
        (
            "findings on one line, full output",
            findings_on_one_line,
            20_000,
            |t| analyse_and_write(t, circleci_ls::cli::Format::Full),
        ),
        (
            "findings on one line, JSON output",
            findings_on_one_line,
            20_000,
            |t| analyse_and_write(t, circleci_ls::cli::Format::Json),
        ),
        (
            "findings on one line, SARIF output",
            findings_on_one_line,
            20_000,
            |t| analyse_and_write(t, circleci_ls::cli::Format::Sarif),
        ),
    ]
}

/// Times every case at n and 2n; returns the report and whether every ratio stayed linear.
pub fn report(quick: bool) -> (String, bool) {
    let mut out = String::new();
    let mut linear = true;
    for (name, generate, n, run) in cases() {
        let n = if quick { n / 20 } else { n };
        let small = generate(n);
        let large = generate(2 * n);
        let [t1, t2] = best_pair(if quick { 1 } else { 3 }, [&small, &large], &run);
        let ratio = t2.as_secs_f64() / t1.as_secs_f64().max(1e-9);
        let verdict = if ratio <= MAX_RATIO {
            "ok"
        } else {
            "NOT LINEAR"
        };
        if ratio > MAX_RATIO {
            linear = false;
        }
        let _ = writeln!(
            out,
            "scaling {name:<38} n={n:>6} {:>9.2} ms | 2n {:>9.2} ms | ratio {ratio:.2} {verdict}",
            t1.as_secs_f64() * 1000.0,
            t2.as_secs_f64() * 1000.0,
        );
    }
    (out, linear)
}
