//! One panic containment for every analysis, in the language server and on the command line:
//! a panic while analysing a file becomes that file's one `internal-error` finding, and the
//! session or the run goes on.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use crate::diagnostics::{Finding, INTERNAL_ERROR};
use crate::Analysis;
use syntax::yaml::Span;

/// Called with each text just before it is analysed, inside the containment. The front ends
/// install one only for their test hooks (a marker in the text that makes analysis panic).
pub type AnalysisHook = Arc<dyn Fn(&str) + Send + Sync>;

/// `analyse()`, or the failed analysis of `text` when it (or the hook) panics.
pub(super) fn contained(
    text: &Arc<str>,
    hook: Option<&AnalysisHook>,
    analyse: impl FnOnce() -> Analysis,
) -> Analysis {
    let caught = std::panic::catch_unwind(AssertUnwindSafe(|| {
        if let Some(hook) = hook {
            hook(text);
        }
        analyse()
    }));
    caught.unwrap_or_else(|_| failed(text.clone()))
}

/// The analysis of a text whose check failed: one `internal-error` finding.
pub fn failed(text: Arc<str>) -> Analysis {
    crate::unanalysed(
        text,
        vec![Finding::new(
            &INTERNAL_ERROR,
            Span::new(0, 0),
            "Report this bug, with the file if you can: circleci-ls failed on this file and \
             checks nothing else in it.",
        )],
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_failure_message_fits_a_panel_line() {
        let failed = super::failed(std::sync::Arc::from(""));
        assert_eq!(failed.findings.len(), 1);
        for f in &failed.findings {
            assert_eq!(
                crate::diagnostics::presentation::message_problem(&f.message),
                None
            );
        }
    }
}
