//! The real configs of `../shared/corpus` through the whole analysis: the knowledge rules must
//! not report an error CircleCI would not report. Prints the findings per rule.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::analysis::analyze;
use crate::diagnostics::Severity;
use crate::settings::Settings;

fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    Some(files)
}

#[test]
fn corpus_has_no_structural_errors() {
    let Some(files) = corpus_files() else {
        println!("corpus test did not run: ../shared/corpus is absent");
        return;
    };
    let ours: Vec<&str> = super::RULES.iter().map(|r| r.code).collect();
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut errors = Vec::new();
    let verbose = std::env::var_os("KNOWLEDGE_CORPUS_VERBOSE").is_some();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        for f in analysis.findings.iter().filter(|f| ours.contains(&f.code)) {
            *counts.entry((f.code, f.severity.as_str())).or_default() += 1;
            let line = text
                .get(..f.span.start)
                .map_or(0, |t| t.matches('\n').count())
                + 1;
            let entry = format!(
                "{name}:{line}: {} {}: {} [{}]",
                f.code,
                f.severity.as_str(),
                f.message,
                f.span.text(&text)
            );
            if verbose {
                println!("{entry}");
            }
            if f.severity == Severity::Error {
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
