//! Every real config of the shared corpus goes through the whole analysis: no error-level
//! finding of this module's rules may appear (CircleCI accepts all of these configs).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::analysis::analyze;
use crate::diagnostics::Severity;
use crate::settings::Settings;
use crate::test_support::{corpus, is_known_true_error, line_of};

#[test]
fn corpus_has_no_model_errors() {
    let Some(files) = corpus() else { return };
    let codes: Vec<&str> = crate::model::RULES.iter().map(|r| r.code).collect();
    let mut counts: BTreeMap<&str, usize> = codes.iter().map(|c| (*c, 0)).collect();
    let mut errors = Vec::new();
    let verbose = std::env::var("CORPUS_VERBOSE").is_ok();
    for file in &files {
        let (name, text) = (&file.name, &file.text);
        let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
        for f in analysis.findings.iter().filter(|f| codes.contains(&f.code)) {
            *counts.entry(f.code).or_default() += 1;
            let line = super::line_col(text, f.span.start);
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

/// Renaming a job, command, executor, parameter or anchor of a real config leaves its
/// findings unchanged: every use was renamed with it.
#[test]
fn corpus_renames_keep_configs_equivalent() {
    use crate::features::{navigation, FeatureContext};
    use crate::model::index::DefKind;
    use crate::model::Model;

    let Some(files) = corpus() else { return };
    let codes_of = |text: &str| -> Vec<&'static str> {
        let mut codes: Vec<&str> = analyze(Arc::from(text), &Settings::default())
            .findings
            .iter()
            .map(|f| f.code)
            // This hint reads the job's name itself, so a rename may change it.
            .filter(|c| *c != "missing-test-results")
            .collect();
        codes.sort_unstable();
        codes
    };
    let (mut renamed, mut refused) = (0, 0);
    for file in &files {
        let (path, text) = (&file.name, &file.text);
        let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
        if !analysis.yaml.is_complete() {
            continue;
        }
        let before = codes_of(text);
        let model = Model::build(text, &analysis.yaml);
        // The first definition of each kind.
        let mut picked = Vec::new();
        for kind in [
            DefKind::Job,
            DefKind::Command,
            DefKind::Executor,
            DefKind::Parameter,
            DefKind::PipelineParameter,
            DefKind::Anchor,
            DefKind::Orb,
        ] {
            if let Some(d) = model.defs.iter().find(|d| d.kind == kind && !d.copied) {
                picked.push((d.name_span.start, d.name.clone()));
            }
        }
        for (offset, name) in picked {
            let ctx = FeatureContext {
                analysis: &analysis,
                last_good: None,
                offset,
            };
            let new_name = format!("renamed-{}", name.len());
            let edits = match navigation::rename(&ctx, &new_name) {
                Ok(edits) => edits,
                Err(why) => {
                    println!("refused `{name}` in {}: {why}", path);
                    refused += 1;
                    continue;
                }
            };
            let mut after = text.clone();
            let mut sorted = edits.clone();
            sorted.sort_by_key(|e| std::cmp::Reverse(e.span.start));
            for e in sorted {
                after.replace_range(e.span.start..e.span.end, &e.new_text);
            }
            renamed += 1;
            assert_eq!(
                before,
                codes_of(&after),
                "renaming `{name}` in {} changed its findings",
                path
            );
        }
    }
    println!("corpus renames: {renamed} applied, {refused} refused");
    assert!(renamed > 0, "no rename was applied to the corpus");
}
