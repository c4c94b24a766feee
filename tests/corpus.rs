//! Every real config in ../shared/corpus goes through the whole analysis and the editor
//! features: no panic, no syntax error in a file that is valid YAML, no error-level finding.
//! Prints the number of findings per rule (run with `--nocapture` to see it).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use circleci_ls::analysis::{analyze, Analysis};
use circleci_ls::diagnostics::Severity;
use circleci_ls::features::{self, FeatureContext};
use circleci_ls::settings::Settings;

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CIRCLECI_LS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// File names SOURCES.tsv marks as not parsing with a strict YAML loader.
fn not_parsing(dir: &std::path::Path) -> Vec<String> {
    let Ok(tsv) = std::fs::read_to_string(dir.join("SOURCES.tsv")) else {
        return Vec::new();
    };
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let Some(col) = header.iter().position(|h| *h == "parses") else {
        return Vec::new();
    };
    lines
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            (cells.get(col) == Some(&"no")).then(|| cells.first().unwrap_or(&"").to_string())
        })
        .collect()
}

/// Error-level findings in the corpus that are real mistakes CircleCI reports too:
/// (file, rule, why it is right).
const TRUE_ERRORS: &[(&str, &str, &str)] = &[(
    "036-ministryofjustice-cfe-civil.yml",
    "undefined-job",
    "a `requires` names a job that is not in that workflow; CircleCI rejects such a workflow",
)];

fn exercise_features(analysis: &Analysis) {
    let text = analysis.text.clone();
    let step = (text.len() / 150).max(1);
    let mut offset = 0;
    while offset <= text.len() {
        let ctx = FeatureContext {
            analysis,
            last_good: Some(analysis),
            offset,
        };
        let _ = features::completion::complete(&ctx);
        let _ = features::hover::hover(&ctx);
        let _ = features::navigation::definition(&ctx);
        let _ = features::navigation::references(&ctx, true);
        let _ = features::navigation::highlights(&ctx);
        let _ = features::navigation::prepare_rename(&ctx);
        offset += step;
    }
    let _ = features::symbols::document_symbols(analysis);
    let _ = features::semantic_tokens::tokens(analysis);
    let _ = features::folding::folding_ranges(analysis);
    let _ = features::links::document_links(analysis);
}

#[test]
fn corpus_has_no_crash_and_no_false_errors() {
    let Some(dir) = corpus_dir() else {
        eprintln!("corpus test did not run: ../shared/corpus not found (set CIRCLECI_LS_CORPUS)");
        return;
    };
    let skip_syntax = not_parsing(&dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the corpus folder has no configs");
    let mut counts: BTreeMap<(&'static str, Severity), usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let text = std::fs::read_to_string(path).expect("read corpus file");
        let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
        for f in &analysis.findings {
            *counts.entry((f.code, f.severity)).or_default() += 1;
            let syntax_ok = f.code == "yaml-syntax" && skip_syntax.contains(&name);
            let known = TRUE_ERRORS
                .iter()
                .any(|(file, code, _)| *file == name && *code == f.code);
            if f.severity == Severity::Error && !syntax_ok && !known {
                let line = text[..f.span.start.min(text.len())].matches('\n').count() + 1;
                errors.push(format!("{name}:{line}: [{}] {}", f.code, f.message));
            }
        }
        exercise_features(&analysis);
    }
    eprintln!("corpus: {} files", files.len());
    for ((code, sev), n) in &counts {
        eprintln!("  {code:<28} {:<8} {n}", sev.as_str());
    }
    assert!(
        errors.is_empty(),
        "error-level findings in the corpus:\n{}",
        errors.join("\n")
    );
}
