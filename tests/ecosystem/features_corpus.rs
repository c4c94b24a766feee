//! Every editor feature on every corpus config: renames keep configs equivalent, outlines nest,
//! folds, tokens, links and selection chains are well formed, hovers fit a hover window.

use std::collections::BTreeMap;
use std::sync::Arc;

use analysis::settings::Settings;
use analysis::{analyze, Analysis};
use ide::FeatureContext;
use syntax::text::lines::LineIndex;

use ide::folding::folding_ranges;
use ide::hover::layout::{hover_problem, shown_lines};
use ide::invariants::{check_nesting, check_order};
use ide::links::document_links;
use ide::selection::selection_ranges;
use ide::semantic_tokens::tokens;
use ide::symbols::document_symbols;

use crate::data::{self, CorpusFile};

fn analysis(text: &str) -> Analysis {
    analyze(Arc::from(text), &Settings::default())
}

/// Renaming a job, command, executor, parameter or anchor of a real config leaves its
/// findings unchanged: every use was renamed with it.
#[test]
fn corpus_renames_keep_configs_equivalent() {
    use analysis::model::index::DefKind;
    use analysis::model::Model;
    use ide::{navigation, FeatureContext};

    let files = data::corpus();
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

#[test]
fn corpus_folds_are_sorted_and_multi_line() {
    let files = data::corpus();
    for CorpusFile { name, text, .. } in files {
        let folds = folding_ranges(&analysis(&text));
        let lines = LineIndex::new(&text);
        let starts: Vec<usize> = folds.iter().map(|f| lines.line_of(f.span.start)).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "{name}");
        assert!(
            folds
                .iter()
                .all(|f| lines.line_of(f.span.end) > lines.line_of(f.span.start)),
            "{name}"
        );
    }
}

#[test]
fn corpus_tokens_are_ordered_single_line_and_apart() {
    let files = data::corpus();
    let mut count = 0;
    for CorpusFile { name, text, .. } in files {
        let tokens = tokens(&analysis(&text));
        assert_eq!(check_order(&text, &tokens), Ok(()), "{name}");
        count += tokens.len();
    }
    assert!(count > 0);
}

#[test]
fn corpus_outlines_nest() {
    let files = data::corpus();
    for CorpusFile { name, text, .. } in files {
        let symbols = document_symbols(&analysis(&text));
        assert_eq!(check_nesting(&symbols, None), Ok(()), "{name}");
    }
}

#[test]
fn corpus_links_are_inside_the_text() {
    let files = data::corpus();
    let mut count = 0;
    for CorpusFile { name, text, .. } in files {
        for link in document_links(&analysis(&text)) {
            assert!(!link.span.text(&text).is_empty(), "{name}");
            assert!(link.target.starts_with("https://"), "{name}");
            count += 1;
        }
    }
    assert!(count > 0);
}

#[test]
fn corpus_chains_nest_everywhere() {
    let files = data::corpus();
    for CorpusFile { name, text, .. } in files {
        let analysis = analysis(&text);
        // Every 7th byte keeps the test quick while reaching all kinds of places.
        for offset in (0..=text.len()).step_by(7) {
            let spans = selection_ranges(&analysis, offset);
            assert!(!spans.is_empty(), "{name}@{offset}");
            for pair in spans.windows(2) {
                assert!(
                    pair[1].contains_span(pair[0]) && pair[0] != pair[1],
                    "{name}@{offset}"
                );
            }
            assert!(spans.iter().all(|s| s.touches(offset)), "{name}@{offset}");
        }
    }
}

#[test]
fn hovers_put_the_essentials_first() {
    let mut all = BTreeMap::new();
    let files = data::corpus();
    for crate::data::CorpusFile { text, .. } in &files {
        hovers(text, &mut all);
    }
    hovers(
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20\n      - image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1\n        auth:\n          username: AWS\n          password: $ECR\n      - image: quay.io/a/b:1\n        aws_auth:\n          oidc_role_arn: $ROLE\n          aws_access_key_id: $K\n          aws_secret_access_key: $S\n    steps:\n      - run: docker pull redis:7\n",
        &mut all,
    );
    let mut problems = Vec::new();
    for (title, md) in &all {
        let first = shown_lines(essentials(md));
        if first > ESSENTIAL_LINES {
            problems.push(format!("{first} lines above the rule: {title}"));
        }
        if let Some(problem) = hover_problem(md) {
            problems.push(format!("{problem}: {title}"));
        }
    }
    assert!(all.len() > 50, "only {} hovers", all.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every structure feature on every corpus file: no panic, tokens in order, and the time
/// each feature takes (printed; run with `--nocapture` to see it).
#[test]
fn all_structure_features_on_the_corpus() {
    use std::time::{Duration, Instant};

    use ide::{folding, links, selection, semantic_tokens, symbols};

    let files = data::corpus();
    let mut spent = [Duration::ZERO; 5];
    let mut slowest = (Duration::ZERO, String::new());
    for crate::data::CorpusFile { name, text, .. } in &files {
        let analysis = analysis::test_support::analysis(text);
        let started = Instant::now();
        let _ = symbols::document_symbols(&analysis);
        let t1 = Instant::now();
        let tokens = semantic_tokens::tokens(&analysis);
        let t2 = Instant::now();
        let _ = folding::folding_ranges(&analysis);
        let t3 = Instant::now();
        let _ = selection::selection_ranges(&analysis, text.len() / 2);
        let t4 = Instant::now();
        let _ = links::document_links(&analysis);
        let t5 = Instant::now();
        let steps = [t1 - started, t2 - t1, t3 - t2, t4 - t3, t5 - t4];
        for (total, step) in spent.iter_mut().zip(steps) {
            *total += step;
        }
        if t5 - started > slowest.0 {
            slowest = (t5 - started, name.clone());
        }
        let ordered = tokens.windows(2).all(|w| w[0].span.end <= w[1].span.start);
        assert!(ordered, "{name}");
    }
    eprintln!(
        "{} files; symbols {:?}, tokens {:?}, folding {:?}, selection {:?}, links {:?}; slowest file {} in {:?}",
        files.len(),
        spent[0],
        spent[1],
        spent[2],
        spent[3],
        spent[4],
        slowest.1,
        slowest.0
    );
}

/// The part above the first `---` rule.
fn essentials(markdown: &str) -> &str {
    markdown.split("\n---\n").next().unwrap_or(markdown)
}

/// The most lines above the first rule: a flagged span's finding and explanation, or what the
/// thing under the cursor is and the one thing to do.
const ESSENTIAL_LINES: usize = 9;

/// Every distinct hover of `text`, by its first line, for the first token of every line.
fn hovers(text: &str, out: &mut BTreeMap<String, String>) {
    let analysis = analyze(Arc::from(text), &Settings::default());
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '-']);
        // The value when the line has one, else the key or item: one hover per line.
        let key_at = offset + line.len() - body.len();
        let ctx = FeatureContext {
            analysis: &analysis,
            last_good: Some(&analysis),
            offset: key_at + body.find(": ").map_or(0, |i| i + 2),
        };
        if let Some(h) = ide::hover::hover(&ctx) {
            let title = h.markdown.lines().next().unwrap_or("").to_string();
            out.entry(title).or_insert(h.markdown);
        }
        offset += line.len();
    }
}
