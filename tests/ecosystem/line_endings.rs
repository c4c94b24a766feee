//! Every request gives the same answer for the LF, CRLF and CR-only versions of each corpus
//! config: findings, outline, folding, semantic tokens, and selection ranges, hover,
//! definition, highlights and completion at sampled positions. Answers are compared as
//! line/column positions (UTF-16), never as byte offsets, and line breaks inside inserted text
//! are normalised.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use analysis::settings::Settings;
use analysis::{analyze, Analysis};
use ide::{self as features, FeatureContext};
use ropey::Rope;
use syntax::text::positions::{offset, position, Encoding, LineCol};
use syntax::yaml::Span;

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CIRCLECI_LS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// One version of a file and the means to print its spans as positions.
struct Version {
    analysis: Analysis,
    rope: Rope,
}

impl Version {
    fn new(text: &str) -> Version {
        Version {
            analysis: analyze(Arc::from(text), &Settings::default()),
            rope: Rope::from_str(text),
        }
    }

    fn pos(&self, at: usize) -> String {
        let LineCol { line, col } = position(&self.rope, at, Encoding::Utf16);
        format!("{line}:{col}")
    }

    fn span(&self, s: Span) -> String {
        format!("{}-{}", self.pos(s.start), self.pos(s.end))
    }

    fn lines(&self, s: Span) -> String {
        let l = |at| position(&self.rope, at, Encoding::Utf16).line;
        format!("{}-{}", l(s.start), l(s.end))
    }

    fn ctx(&self, at: usize) -> FeatureContext<'_> {
        FeatureContext {
            analysis: &self.analysis,
            last_good: Some(&self.analysis),
            offset: at,
        }
    }
}

/// Inserted or shown text with its line breaks as `\n`.
fn lf(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Every answer for one version, one line each, keyed by the request and position.
fn answers(v: &Version, samples: &[LineCol]) -> Vec<String> {
    let mut out = Vec::new();
    for f in &v.analysis.findings {
        let fixes: Vec<&str> = f.fixes.iter().map(|x| x.title.as_str()).collect();
        out.push(format!(
            "finding {} {} {} {} {:?}",
            f.code,
            f.severity.as_str(),
            v.span(f.span),
            lf(&f.message),
            fixes
        ));
    }
    let mut symbols = Vec::new();
    fn walk(v: &Version, s: &[features::symbols::Symbol], out: &mut Vec<String>) {
        for s in s {
            out.push(format!(
                "symbol {:?} {:?} {:?} {} {}",
                s.kind,
                s.name,
                s.detail,
                v.span(s.span),
                v.span(s.selection_span)
            ));
            walk(v, &s.children, out);
        }
    }
    walk(
        v,
        &features::symbols::document_symbols(&v.analysis),
        &mut symbols,
    );
    out.extend(symbols);
    for f in features::folding::folding_ranges(&v.analysis) {
        out.push(format!("fold {:?} {}", f.kind, v.lines(f.span)));
    }
    for t in features::semantic_tokens::tokens(&v.analysis) {
        out.push(format!(
            "token {} {:?} {}",
            v.span(t.span),
            t.token_type,
            t.modifiers
        ));
    }
    for l in features::links::document_links(&v.analysis) {
        out.push(format!(
            "link {} {} {:?}",
            v.span(l.span),
            l.target,
            l.tooltip
        ));
    }
    for &p in samples {
        let at = offset(&v.rope, p, Encoding::Utf16);
        let here = format!("{}:{}", p.line, p.col);
        let sel: Vec<String> = features::selection::selection_ranges(&v.analysis, at)
            .into_iter()
            .map(|s| v.span(s))
            .collect();
        out.push(format!("selection {here} {sel:?}"));
        let ctx = v.ctx(at);
        if let Some(h) = features::hover::hover(&ctx) {
            out.push(format!(
                "hover {here} {} {:?}",
                v.span(h.span),
                lf(&h.markdown)
            ));
        }
        let defs: Vec<String> = features::navigation::definition(&ctx)
            .into_iter()
            .map(|s| v.span(s))
            .collect();
        out.push(format!("definition {here} {defs:?}"));
        let hl: Vec<String> = features::navigation::highlights(&ctx)
            .into_iter()
            .map(|(s, k)| format!("{} {k:?}", v.span(s)))
            .collect();
        out.push(format!("highlight {here} {hl:?}"));
        for c in features::completion::complete(&ctx) {
            out.push(format!(
                "completion {here} {:?} {} {:?}",
                c.label,
                v.span(c.replace),
                lf(&c.insert_text)
            ));
        }
    }
    out
}

/// The answers only `a` gives and those only `b` gives, counting repeats.
fn difference<'s>(a: &'s [String], b: &'s [String]) -> (Vec<&'s String>, Vec<&'s String>) {
    let mut count: BTreeMap<&String, isize> = BTreeMap::new();
    for x in a {
        *count.entry(x).or_default() += 1;
    }
    for x in b {
        *count.entry(x).or_default() -= 1;
    }
    let only_a = count
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(x, _)| *x)
        .collect();
    let only_b = count
        .iter()
        .filter(|(_, n)| **n < 0)
        .map(|(x, _)| *x)
        .collect();
    (only_a, only_b)
}

/// About 40 positions spread over the file, on character boundaries.
fn samples(text: &str, rope: &Rope) -> Vec<LineCol> {
    let step = (text.len() / 40).max(1);
    (0..text.len())
        .step_by(step)
        .filter(|&at| text.is_char_boundary(at))
        .map(|at| position(rope, at, Encoding::Utf16))
        .collect()
}

#[test]
fn lf_crlf_and_cr_only_files_get_the_same_answers() {
    let Some(dir) = corpus_dir() else {
        panic!("../shared/corpus not found (set CIRCLECI_LS_CORPUS)");
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the corpus folder has no configs");
    let mut report = String::new();
    let (mut compared, mut differing) = (0usize, 0usize);
    let mut by_request: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let text = std::fs::read_to_string(path).expect("read corpus file");
        let lf_text = text.replace("\r\n", "\n");
        let lf_version = Version::new(&lf_text);
        let points = samples(&lf_text, &lf_version.rope);
        let expected = answers(&lf_version, &points);
        for (ending, eol) in [("CRLF", "\r\n"), ("CR", "\r")] {
            let other = Version::new(&lf_text.replace('\n', eol));
            let got = answers(&other, &points);
            compared += expected.len();
            let (missing, extra) = difference(&expected, &got);
            if missing.is_empty() && extra.is_empty() {
                continue;
            }
            differing += missing.len().max(extra.len());
            for a in missing.iter().chain(&extra) {
                let kind = a.split(' ').next().unwrap_or("");
                *by_request.entry((ending, kind.to_string())).or_default() += 1;
            }
            let _ = writeln!(report, "{name} ({ending}):");
            for a in missing.iter().take(5) {
                let _ = writeln!(report, "  LF only:   {a}");
            }
            for a in extra.iter().take(5) {
                let _ = writeln!(report, "  {ending} only: {a}");
            }
        }
    }
    eprintln!("{compared} answers compared over {} files", files.len());
    assert!(
        report.is_empty(),
        "{differing} answers differ from LF ({by_request:?}):\n{report}"
    );
}
