//! Completion wherever a user edits, over every real config: with the cursor at the start,
//! two characters into and at the end of every built-in key and every reference of
//! ../shared/corpus, completion offers the token that is there, replacing all of it, with no
//! second `: ` (the property of `ide::completion::property`). Prints the coverage by kind and
//! fails under 100% of the positions tested.
//!
//! Not tested, because they are not a choice among known names:
//! - names being defined: a job's, command's, executor's, workflow's or job group's own name
//!   under its section, a parameter's declaration, an orb's alias under `orbs:`, an anchor's
//!   `&name`, an environment variable's name: what goes there is new text;
//! - keys in places the knowledge table gives no type (free keys where anchors are parked;
//!   their references are tested, since the model knows them where they are merged);
//! - values (`resource_class: large`), which are not keys or references.
//!
//! Exempt, each printed with its count and reason (see `property::tokens`): an approval (or
//! other non-build) workflow entry, whose name is defined there; a name built from a template
//! (`win/<< parameters.executor >>`); a `requires` naming no entry of its workflow (a true
//! error in the corpus that CircleCI rejects too).

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
