//! `--statistics`: how many findings each rule made, most first, instead of the findings.

use std::collections::HashMap;
use std::io::Write;

use super::FileResult;
use analysis::diagnostics::{FixSafety, Severity};
use analysis::rule_registry::find_rule;

/// One line per rule that found something: count, code, most severe level, what `fix` can
/// do about it, and the rule's summary.
pub fn write(out: &mut dyn Write, results: &[FileResult]) -> std::io::Result<()> {
    let mut by_rule: HashMap<&'static str, (usize, Severity)> = HashMap::new();
    for f in results.iter().flat_map(|r| r.findings()) {
        let entry = by_rule.entry(f.code).or_insert((0, f.severity));
        entry.0 += 1;
        if rank(f.severity) < rank(entry.1) {
            entry.1 = f.severity;
        }
    }
    let mut rows: Vec<(&str, usize, Severity)> =
        by_rule.into_iter().map(|(c, (n, s))| (c, n, s)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (code, count, severity) in rows {
        let rule = find_rule(code);
        let fix = match rule.map(|r| r.fix) {
            Some(FixSafety::Safe) => "safe",
            Some(FixSafety::Unsafe) => "unsafe",
            _ => "",
        };
        writeln!(
            out,
            "{count:>7}  {code:<28} {:<8} {fix:<6} {}",
            severity.as_str(),
            rule.map_or("", |r| r.summary)
        )?;
    }
    Ok(())
}

/// Most severe first.
fn rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
        Severity::Hint => 3,
    }
}
