//! Every corpus config as a project's `.circleci/config.yml`: the project view adds no
//! finding but the cross-file checks that hold in that layout (the config a setup config
//! continues with is not there), and takes away only names other files may define or use.

use std::collections::BTreeSet;
use std::sync::Arc;

use analysis::settings::Settings;
use analysis::workspace::{Change, Workspace};
use analysis::{analyze, FilePath};

use crate::data;

/// What the project view may take away from a setup config's findings: names the config it
/// continues with, or a generated one, may define or use.
fn is_cross_file_name(code: &str) -> bool {
    code.starts_with("unused-") || code.starts_with("undefined-")
}

/// A finding as its code and where it is.
fn keys(findings: &[analysis::diagnostics::Finding]) -> BTreeSet<(&'static str, usize, usize)> {
    findings
        .iter()
        .map(|f| (f.code, f.span.start, f.span.end))
        .collect()
}

#[test]
fn corpus_configs_in_a_project_gain_no_false_finding() {
    let path = FilePath::new("/repo/.circleci/config.yml");
    let mut setups = 0;
    let mut problems = Vec::new();
    for file in data::corpus() {
        let alone = analyze(Arc::from(file.text.as_str()), &Settings::default());
        let mut workspace = Workspace::new();
        let mut change = Change::new();
        change.set_disk_text(path.clone(), Some(Arc::from(file.text.as_str())));
        workspace.apply_change(change);
        let Some(project) = workspace.snapshot().analysis(&path) else {
            problems.push(format!("{}: no analysis", file.name));
            continue;
        };
        let is_setup = alone.model().setup;
        setups += usize::from(is_setup);
        let (before, after) = (keys(&alone.findings), keys(&project.findings));
        for (code, start, _) in after.difference(&before) {
            if !(is_setup && *code == "missing-continuation-config") {
                problems.push(format!("{}: added {code} at byte {start}", file.name));
            }
        }
        for (code, start, _) in before.difference(&after) {
            if !(is_setup && is_cross_file_name(code)) {
                problems.push(format!("{}: took away {code} at byte {start}", file.name));
            }
        }
    }
    assert!(setups > 0, "the corpus holds no setup config to check");
    assert!(problems.is_empty(), "{problems:#?}");
}
