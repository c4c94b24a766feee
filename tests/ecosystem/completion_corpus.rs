//! Completion wherever a user edits, over every real config: with the cursor at the start,
//! inside and at the end of every built-in key and every reference of ../shared/corpus,
//! completion offers the token that is there, replacing all of it, with no second `: `
//! (the property of `ide::completion::property`). Names being defined (a job's own name
//! under `jobs:`, a parameter's declaration) are not references and are not tested: what
//! goes there is new text, not a choice among known names. The few references exempt are
//! listed with their reason. Prints the coverage; fails under 100% of the tested positions.

use std::collections::BTreeMap;
use std::sync::Arc;

use analysis::analyze;
use analysis::settings::Settings;
use ide::completion::property;

use crate::data::{self, line_of};

#[test]
fn completion_offers_every_written_key_and_reference() {
    let files = data::corpus();
    let (mut positions, mut tokens) = (0usize, 0usize);
    let mut failures = Vec::new();
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut exempt: BTreeMap<&str, usize> = BTreeMap::new();
    for file in files.iter().filter(|f| f.parses) {
        let analysis = analyze(Arc::from(file.text.as_str()), &Settings::default());
        let (found, skipped) = property::tokens(&analysis);
        for e in &skipped {
            *exempt.entry(e.reason).or_default() += 1;
        }
        for token in &found {
            tokens += 1;
            for offset in property::offsets(token) {
                positions += 1;
                let counts = by_kind.entry(token.what).or_default();
                counts.0 += 1;
                if let Err(why) = property::check(&analysis, token, offset) {
                    counts.1 += 1;
                    failures.push(format!(
                        "{}:{} {} `{}` at +{}: {why}",
                        file.name,
                        line_of(&file.text, token.span.start),
                        token.what,
                        token.label,
                        offset - token.span.start
                    ));
                }
            }
        }
    }
    let passed = positions - failures.len();
    eprintln!(
        "completion property: {passed} of {positions} positions ({tokens} tokens) offer the written token"
    );
    for (kind, (n, failed)) in &by_kind {
        eprintln!("  {kind:<20} {:>6} of {n:>6}", n - failed);
    }
    for (reason, n) in &exempt {
        eprintln!("  exempt: {n:>5} {reason}");
    }
    assert!(positions > 10_000, "only {positions} positions tested");
    assert!(
        failures.is_empty(),
        "{} positions fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
