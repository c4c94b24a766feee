//! One analysis worker per open document, off the request loop.
//!
//! A worker takes the workspace as it is, reads the document's analysis from it (made on a
//! blocking thread unless it was made before for the same inputs), and publishes diagnostics
//! if the inputs are still the ones analysed. It then looks again: changes that arrived
//! meanwhile are not queued, only the newest inputs are analysed next.

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use super::server::{Shared, State};
use super::{convert, limits};

/// Starts a worker for every open document whose inputs changed since its diagnostics were
/// published. Called with the state locked, so a worker that finds nothing left to do and
/// stops cannot miss a change.
pub(super) fn schedule_all(shared: &Arc<Shared>, state: &mut State) {
    let snapshot = state.workspace.snapshot();
    for (uri, open) in state.docs.iter_mut() {
        let key = snapshot.key(&open.path);
        if open.worker || key.is_none() || open.published == key {
            continue;
        }
        open.worker = true;
        tokio::spawn(run_worker(shared.clone(), uri.clone(), open.id));
    }
}

/// Analyses the document until its published diagnostics are of the workspace's current
/// inputs.
async fn run_worker(shared: Arc<Shared>, uri: lsp::Uri, doc_id: u64) {
    loop {
        let (workspace, path, key, rope, version, caps) = {
            let mut state = shared.state();
            let snapshot = state.workspace.snapshot();
            // A closed document's worker ends here.
            let Some(open) = state.docs.get_mut(&uri).filter(|o| o.id == doc_id) else {
                return;
            };
            let key = snapshot.key(&open.path);
            if key.is_none() || open.published == key {
                open.worker = false;
                return;
            }
            let found = (open.path.clone(), open.doc.rope.clone(), open.doc.version);
            let caps = state.caps.clone();
            (snapshot, found.0, key, found.1, found.2, caps)
        };
        let job_uri = uri.clone();
        let job_rope = rope.clone();
        let job_caps = caps.clone();
        let job = tokio::task::spawn_blocking(move || {
            let found = workspace.file_analysis(&path)?;
            // While the file does not parse, the last good analysis fills in the lines the
            // edits did not touch.
            let diagnostics: Vec<lsp::Diagnostic> = found
                .findings()
                .iter()
                .take(limits::MAX_DIAGNOSTICS)
                .map(|f| convert::diagnostic(&job_rope, &job_uri, f, job_caps.encoding, &job_caps))
                .collect();
            Some(diagnostics)
        });
        let diagnostics = match job.await {
            Ok(Some(done)) => done,
            // The workspace has no text for it: the document closed meanwhile.
            Ok(None) => continue,
            Err(e) if e.is_panic() => {
                // Converting the findings panicked: publish the one finding of a failed
                // analysis, so the user sees that something went wrong.
                let failed = analysis::workspace::failed(Arc::from(rope.to_string()));
                failed
                    .findings
                    .iter()
                    .map(|f| convert::diagnostic(&rope, &uri, f, caps.encoding, &caps))
                    .collect()
            }
            Err(_) => {
                // The blocking pool is gone (the runtime is stopping); nothing to publish to.
                if let Some(open) = shared.state().docs.get_mut(&uri).filter(|o| o.id == doc_id) {
                    open.worker = false;
                }
                return;
            }
        };
        let _order = shared.publish.lock().await;
        let versioned = {
            let mut state = shared.state();
            let snapshot = state.workspace.snapshot();
            let versioned = state.caps.versioned_diagnostics;
            let Some(open) = state.docs.get_mut(&uri).filter(|o| o.id == doc_id) else {
                return;
            };
            // Published only while the inputs are still those analysed.
            if snapshot.key(&open.path) != key {
                continue;
            }
            open.published = key.clone();
            versioned
        };
        shared
            .client
            .publish_diagnostics(uri.clone(), diagnostics, versioned.then_some(version))
            .await;
    }
}
