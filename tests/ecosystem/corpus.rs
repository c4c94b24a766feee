//! Every real config in ../shared/corpus goes through the whole analysis and the editor
//! features: no panic, no syntax error in a file that is valid YAML, no error-level finding.
//! Prints the number of findings per rule (run with `--nocapture` to see it).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::data::{self, is_known_true_error, line_of, KNOWN_TRUE_ERRORS};
use analysis::diagnostics::Severity;
use analysis::settings::Settings;
use analysis::{analyze, Analysis};
use ide::{self as features, FeatureContext};

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
    let files = data::corpus();
    let mut counts: BTreeMap<(&'static str, Severity), usize> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut known_found = Vec::new();
    for file in &files {
        let (name, text) = (&file.name, &file.text);
        let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
        for f in &analysis.findings {
            *counts.entry((f.code, f.severity)).or_default() += 1;
            if f.severity != Severity::Error {
                continue;
            }
            let line = line_of(text, f.span.start);
            if is_known_true_error(name, line, f.code) {
                known_found.push((name.as_str(), line, f.code));
            } else if f.code != "yaml-syntax" || file.parses {
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
    // A known true error that is no longer reported is either fixed in the corpus or missed
    // by a rule now; either way the list must follow.
    for known in KNOWN_TRUE_ERRORS {
        assert!(
            known_found
                .iter()
                .any(|(file, line, code)| *file == known.file
                    && *line == known.line
                    && *code == known.code),
            "known true error no longer reported: {}:{} [{}] ({})",
            known.file,
            known.line,
            known.code,
            known.why
        );
    }
}
