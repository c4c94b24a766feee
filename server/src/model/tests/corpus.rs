//! Every real config of the shared corpus goes through the whole analysis: no error-level
//! finding of this module's rules may appear (CircleCI accepts all of these configs).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::analysis::analyze;
use crate::diagnostics::Severity;
use crate::settings::Settings;

const CORPUS: &str = "/work/shared/corpus";

/// Errors CircleCI reports too, checked by hand: `file:line code`, with why.
const TRUE_POSITIVES: &[(&str, &str)] = &[(
    "036-ministryofjustice-cfe-civil.yml:365:15 undefined-job",
    // `end2end_tests` requires `build_and_push_uat`, which no entry of `deploy_branch` runs
    // (the job is in no workflow at this historical commit). CircleCI rejects it: "requires
    // job \"x\" but \"x\" is not part of this workflow" (influxdata/platform#1985).
    "a requirement outside the workflow",
)];

#[test]
fn corpus_has_no_model_errors() {
    let dir = Path::new(CORPUS);
    let Ok(read) = std::fs::read_dir(dir) else {
        println!("corpus test did not run: {CORPUS} is absent");
        return;
    };
    let mut files: Vec<_> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    let codes: Vec<&str> = crate::model::RULES.iter().map(|r| r.code).collect();
    let mut counts: BTreeMap<&str, usize> = codes.iter().map(|c| (*c, 0)).collect();
    let mut errors = Vec::new();
    let verbose = std::env::var("CORPUS_VERBOSE").is_ok();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
        for f in analysis.findings.iter().filter(|f| codes.contains(&f.code)) {
            *counts.entry(f.code).or_default() += 1;
            let line = super::line_col(&text, f.span.start);
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if verbose {
                println!(
                    "{name}:{line} {} {:?}: {}",
                    f.code,
                    f.span.text(&text),
                    f.message
                );
            }
            let key = format!("{name}:{line} {}", f.code);
            if f.severity == Severity::Error && !TRUE_POSITIVES.iter().any(|(k, _)| *k == key) {
                errors.push(format!("{key}: {}", f.message));
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
    use crate::model::{DefKind, Model};

    let Ok(read) = std::fs::read_dir(Path::new(CORPUS)) else {
        println!("corpus rename test did not run: {CORPUS} is absent");
        return;
    };
    let mut files: Vec<_> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    files.sort();
    let codes_of = |text: &str| -> Vec<&'static str> {
        let mut codes: Vec<&str> = analyze(Arc::from(text), &Settings::default())
            .findings
            .iter()
            .map(|f| f.code)
            .collect();
        codes.sort_unstable();
        codes
    };
    let (mut renamed, mut refused) = (0, 0);
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let analysis = analyze(Arc::from(text.as_str()), &Settings::default());
        if !analysis.yaml.is_complete() {
            continue;
        }
        let before = codes_of(&text);
        let model = Model::build(&text, &analysis.yaml);
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
                    println!("refused `{name}` in {}: {why}", path.display());
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
                path.display()
            );
        }
    }
    println!("corpus renames: {renamed} applied, {refused} refused");
}
