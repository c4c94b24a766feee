//! Every corpus config through the whole analysis: no error-level finding that is not a known
//! true one, every fix applied and re-checked, short messages and fix titles.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use analysis::diagnostics::presentation::{fix_title_problem, message_problem};
use analysis::diagnostics::{Finding, Severity, TextEdit};
use analysis::settings::Settings;
use analysis::{analyze, Analysis};

use ide::code_actions::code_actions;
use syntax::text::lines::LineIndex;
use syntax::yaml;

use crate::data::{self, is_known_true_error, line_of};

#[test]
fn corpus_has_no_model_errors() {
    let files = data::corpus();
    let codes: Vec<&str> = analysis::model::RULES.iter().map(|r| r.code).collect();
    let mut counts: BTreeMap<&str, usize> = codes.iter().map(|c| (*c, 0)).collect();
    let mut errors = Vec::new();
    let verbose = std::env::var("CORPUS_VERBOSE").is_ok();
    for file in &files {
        let (name, text) = (&file.name, &file.text);
        let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
        for f in analysis.findings.iter().filter(|f| codes.contains(&f.code)) {
            *counts.entry(f.code).or_default() += 1;
            let (line, col) = LineIndex::new(text).human_position(text, f.span.start);
            let line = format!("{line}:{col}");
            if verbose {
                println!(
                    "{name}:{line} {} {:?}: {}",
                    f.code,
                    f.span.text(text),
                    f.message
                );
            }
            let known = is_known_true_error(name, line_of(text, f.span.start), f.code);
            if f.severity == Severity::Error && !known {
                errors.push(format!("{name}:{line} {}: {}", f.code, f.message));
            }
        }
    }
    println!("corpus: {} files", files.len());
    for (code, n) in &counts {
        println!("  {code}: {n}");
    }
    assert!(
        errors.is_empty(),
        "error-level findings in the corpus:\n{}",
        errors.join("\n")
    );
}

#[test]
fn corpus_has_no_structural_errors() {
    let files = data::corpus();
    let ours: Vec<&str> = analysis::validation::RULES.iter().map(|r| r.code).collect();
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut errors = Vec::new();
    let verbose = std::env::var_os("KNOWLEDGE_CORPUS_VERBOSE").is_some();
    for file in &files {
        let (name, text) = (&file.name, &file.text);
        let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
        for f in analysis.findings.iter().filter(|f| ours.contains(&f.code)) {
            *counts.entry((f.code, f.severity.as_str())).or_default() += 1;
            let line = line_of(text, f.span.start);
            let entry = format!(
                "{name}:{line}: {} {}: {} [{}]",
                f.code,
                f.severity.as_str(),
                f.message,
                f.span.text(text)
            );
            if verbose {
                println!("{entry}");
            }
            if f.severity == Severity::Error && !is_known_true_error(name, line, f.code) {
                errors.push(entry);
            }
        }
    }
    println!("knowledge rules on {} corpus files:", files.len());
    for ((code, severity), n) in &counts {
        println!("  {code} ({severity}): {n}");
    }
    assert!(
        errors.is_empty(),
        "error-level findings on real configs:\n{}",
        errors.join("\n")
    );
}

/// Runs every corpus config through the analysis, applies and re-checks every fix, fails on
/// error-level findings that are not known true errors, and prints the docker findings per
/// rule (`--nocapture`; `CORPUS_SHOW=code` lists them).
#[test]
fn corpus_docker_fixes_apply_and_recheck() {
    let files = data::corpus();
    let mut errors = Vec::new();
    let show = std::env::var("CORPUS_SHOW").ok();
    let mut fixes_checked = 0;
    let mut counts: std::collections::BTreeMap<&str, usize> = analysis::docker::RULES
        .iter()
        .map(|r| (r.code, 0))
        .collect();
    for file in &files {
        let (path, text) = (&file.name, &file.text);
        let findings = docker_findings(text);
        for f in &findings {
            *counts.entry(f.code).or_default() += 1;
            let line = line_of(text, f.span.start);
            if f.severity == analysis::diagnostics::Severity::Error
                && !is_known_true_error(path, line, f.code)
            {
                errors.push(format!("{path}:{line}: [{}] {}", f.code, f.message));
            }
            // Every fix on real configs gives valid YAML and removes a finding of its code.
            for fix in &f.fixes {
                let fixed = TextEdit::apply_all(text, &fix.edits);
                assert!(
                    yaml::parse(&fixed).errors.is_empty(),
                    "{}: fix {:?} breaks the YAML",
                    path,
                    fix.title
                );
                let before = findings.iter().filter(|g| g.code == f.code).count();
                let after = docker_findings(&fixed)
                    .iter()
                    .filter(|g| g.code == f.code)
                    .count();
                assert!(
                    after < before,
                    "{}: fix {:?} leaves the finding",
                    path,
                    fix.title
                );
                fixes_checked += 1;
            }
            if show.as_deref() == Some(f.code)
                && (std::env::var("CORPUS_NOFIX").is_err() || f.fixes.is_empty())
            {
                let (line, col) = LineIndex::new(text).human_position(text, f.span.start);
                println!("{path}:{line}:{col} {:?} {}", f.span.text(text), f.message);
            }
        }
    }
    println!(
        "corpus: {} files, {fixes_checked} fixes applied and re-checked",
        files.len()
    );
    for (code, n) in &counts {
        println!("corpus: {code}: {n}");
    }
    assert!(fixes_checked > 0, "no docker fix was checked on the corpus");
    assert!(
        errors.is_empty(),
        "error-level docker findings in the corpus:\n{}",
        errors.join("\n")
    );
}

#[test]
fn corpus_has_short_messages_and_titles() {
    let files = data::corpus();
    let mut out = BTreeSet::new();
    for data::CorpusFile { name, text, .. } in &files {
        let a = analyze(Arc::from(text.as_str()), &Settings::default());
        problems(name, &a, &mut out);
    }
    // One line per distinct problem; the file names show where to look.
    let mut seen = BTreeSet::new();
    let distinct: Vec<String> = out
        .into_iter()
        .filter(|l| seen.insert(l.split_once(": ").map_or(l.clone(), |(_, r)| r.to_string())))
        .collect();
    assert!(distinct.is_empty(), "{}", distinct.join("\n"));
}

/// The Docker rules' findings of `text`.
fn docker_findings(text: &str) -> Vec<Finding> {
    analyze(Arc::from(text), &Settings::default())
        .findings
        .into_iter()
        .filter(|f| analysis::docker::RULES.iter().any(|r| r.code == f.code))
        .collect()
}

/// Every message and every action title of an analysis that breaks the limits.
fn problems(name: &str, analysis: &Analysis, out: &mut BTreeSet<String>) {
    for f in &analysis.findings {
        if let Some(p) = message_problem(&f.message) {
            out.insert(format!("{name}: {} {p}", f.code));
        }
        for a in code_actions(analysis, f.span) {
            if let Some(p) = fix_title_problem(&a.fix.title) {
                out.insert(format!("{name}: {} {p}", a.finding.code));
            }
        }
    }
}
