//! One analysis worker per open document, off the request loop.
//!
//! A worker analyses the document's newest text on a blocking thread, stores the analysis if
//! the text and settings are still the ones it analysed, wakes requests waiting for it, and
//! publishes diagnostics for it. It then looks again: versions that arrived meanwhile are not
//! queued, only the newest is analysed next.

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use super::server::{Shared, State};
use super::{contain, convert, limits};

/// Starts a worker for the document unless one is running. Called with the state locked, so a
/// worker that finds nothing left to do and stops cannot miss a change.
pub(super) fn schedule(shared: &Arc<Shared>, state: &mut State, uri: &lsp::Uri) {
    let Some(open) = state.docs.get_mut(uri) else {
        return;
    };
    if open.worker || open.current().is_some() {
        return;
    }
    open.worker = true;
    tokio::spawn(run_worker(shared.clone(), uri.clone(), open.id));
}

/// Analyses the document's newest text until its analysis is current, publishing diagnostics
/// for each analysis that is still current when it is done.
async fn run_worker(shared: Arc<Shared>, uri: lsp::Uri, doc_id: u64) {
    loop {
        let (rope, version, stamp, settings, caps, good_text, good) = {
            let mut state = shared.state();
            // A closed document's worker ends here, before its settings are looked up again.
            if state.docs.get(&uri).is_none_or(|o| o.id != doc_id) {
                return;
            }
            let settings = state.doc_settings(&uri, &shared.client);
            let caps = state.caps.clone();
            let Some(open) = state.docs.get_mut(&uri).filter(|o| o.id == doc_id) else {
                return;
            };
            if open.current().is_some() {
                open.worker = false;
                return;
            }
            (
                open.doc.rope.clone(),
                open.doc.version,
                open.stamp,
                settings,
                caps,
                open.last_good_text.clone(),
                open.last_good.clone(),
            )
        };
        let job_uri = uri.clone();
        let job_rope = rope.clone();
        let job_caps = caps.clone();
        let orb_file = super::orb_file(&uri);
        let job = tokio::task::spawn_blocking(move || {
            let (rope, caps) = (job_rope, job_caps);
            let text: Arc<str> = Arc::from(rope.to_string());
            let analysis = Arc::new(contain::analyze(orb_file.as_ref(), text, &settings));
            // While the file does not parse, the last good analysis fills in the lines the
            // edits did not touch.
            let (findings, good) =
                analysis::carry_over::while_broken(&analysis, good_text, good, |t| {
                    Arc::new(contain::analyze(orb_file.as_ref(), t, &settings))
                });
            let diagnostics: Vec<lsp::Diagnostic> = findings
                .iter()
                .take(limits::MAX_DIAGNOSTICS)
                .map(|f| convert::diagnostic(&rope, &job_uri, f, caps.encoding, &caps))
                .collect();
            (analysis, diagnostics, good)
        });
        let (analysis, diagnostics, good) = match job.await {
            Ok(done) => done,
            Err(e) if e.is_panic() => {
                // Converting the findings panicked: store a failed analysis so requests
                // waiting for this version are answered.
                let failed = Arc::new(contain::failed(Arc::from(rope.to_string())));
                let diagnostics = failed
                    .findings
                    .iter()
                    .map(|f| convert::diagnostic(&rope, &uri, f, caps.encoding, &caps))
                    .collect();
                (failed, diagnostics, None)
            }
            Err(_) => {
                // The blocking pool is gone (the runtime is stopping); nothing to publish to.
                let mut state = shared.state();
                if let Some(open) = state.docs.get_mut(&uri).filter(|o| o.id == doc_id) {
                    open.worker = false;
                }
                return;
            }
        };
        {
            let mut state = shared.state();
            if let Some(open) = state.docs.get_mut(&uri).filter(|o| o.id == doc_id) {
                if open.stamp == stamp {
                    open.analysis = Some((stamp, analysis.clone()));
                    if analysis.yaml.is_complete() {
                        open.last_good_text = Some(analysis.text.clone());
                        open.last_good = None;
                    } else if let Some(good) = good {
                        // Kept for requests and the next keystroke while the file is broken.
                        if open
                            .last_good_text
                            .as_ref()
                            .is_some_and(|t| Arc::ptr_eq(t, &good.text))
                        {
                            open.last_good = Some(good);
                        }
                    }
                }
            }
        }
        shared.analysed.notify_waiters();
        let _order = shared.publish.lock().await;
        let (current, versioned) = {
            let state = shared.state();
            let current = state
                .docs
                .get(&uri)
                .is_some_and(|o| o.id == doc_id && o.stamp == stamp);
            (current, state.caps.versioned_diagnostics)
        };
        if current {
            shared
                .client
                .publish_diagnostics(uri.clone(), diagnostics, versioned.then_some(version))
                .await;
        }
    }
}
