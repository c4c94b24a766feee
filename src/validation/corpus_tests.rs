//! The real configs of `../shared/corpus` through the whole analysis: the knowledge rules must
//! not report an error CircleCI would not report. Prints the findings per rule.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::analysis::analyze;
use crate::diagnostics::Severity;
use crate::settings::Settings;
use crate::test_support::{corpus, is_known_true_error, line_of};

#[test]
fn corpus_has_no_structural_errors() {
    let Some(files) = corpus() else { return };
    let ours: Vec<&str> = super::RULES.iter().map(|r| r.code).collect();
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
