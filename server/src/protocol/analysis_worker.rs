//! One analysis worker per open document, off the request loop.
//!
//! A worker takes the workspace as it is, reads the document's analysis from it (made on a
//! blocking thread unless it was made before for the same inputs), and publishes diagnostics
//! if the inputs are still the ones analysed. It then looks again: changes that arrived
//! meanwhile are not queued, only the newest inputs are analysed next.

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use super::capabilities::ClientCaps;
use super::server::{Shared, State};
use super::{convert, limits};
use analysis::workspace::AnalysisKey;

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

/// What a worker analyses: the workspace as it is, and the document's text and settings.
struct Job {
    workspace: analysis::workspace::Snapshot,
    path: analysis::FilePath,
    key: Option<AnalysisKey>,
    rope: ropey::Rope,
    version: i32,
    caps: ClientCaps,
}

/// The next job for the document, or `None` when it closed or its diagnostics are of the
/// current inputs (the worker then stops).
fn next_job(shared: &Shared, uri: &lsp::Uri, doc_id: u64) -> Option<Job> {
    let mut state = shared.state();
    let workspace = state.workspace.snapshot();
    let caps = state.caps.clone();
    // A closed document's worker ends here.
    let open = state.docs.get_mut(uri).filter(|o| o.id == doc_id)?;
    let key = workspace.key(&open.path);
    if key.is_none() || open.published == key {
        open.worker = false;
        return None;
    }
    Some(Job {
        workspace,
        path: open.path.clone(),
        key,
        rope: open.doc.rope.clone(),
        version: open.doc.version,
        caps,
    })
}

/// The diagnostics of the job's analysis, made on a blocking thread. `None` when the
/// runtime is stopping; a panic while converting the findings publishes the one finding of
/// a failed analysis, so the user sees that something went wrong.
async fn diagnostics(job: &Job, uri: &lsp::Uri) -> Option<Vec<lsp::Diagnostic>> {
    let (workspace, path) = (job.workspace.clone(), job.path.clone());
    let (rope, caps, job_uri) = (job.rope.clone(), job.caps.clone(), uri.clone());
    let made = tokio::task::spawn_blocking(move || {
        let found = workspace.file_analysis(&path)?;
        // While the file does not parse, the last good analysis fills in the lines the
        // edits did not touch.
        let diagnostics = found
            .findings()
            .iter()
            .take(limits::MAX_DIAGNOSTICS)
            .map(|f| convert::diagnostic(&rope, &job_uri, f, caps.encoding, &caps))
            .collect();
        Some(diagnostics)
    })
    .await;
    match made {
        Ok(found) => Some(found.unwrap_or_default()),
        Err(e) if e.is_panic() => {
            let failed = analysis::workspace::failed(Arc::from(job.rope.to_string()));
            let diagnostic =
                |f| convert::diagnostic(&job.rope, uri, f, job.caps.encoding, &job.caps);
            Some(failed.findings.iter().map(diagnostic).collect())
        }
        Err(_) => None,
    }
}

/// Analyses the document until its published diagnostics are of the workspace's current
/// inputs.
async fn run_worker(shared: Arc<Shared>, uri: lsp::Uri, doc_id: u64) {
    while let Some(job) = next_job(&shared, &uri, doc_id) {
        let Some(diagnostics) = diagnostics(&job, &uri).await else {
            // The blocking pool is gone (the runtime is stopping); nothing to publish to.
            if let Some(open) = shared.state().docs.get_mut(&uri).filter(|o| o.id == doc_id) {
                open.worker = false;
            }
            return;
        };
        let _order = shared.publish.lock().await;
        let versioned = {
            let mut state = shared.state();
            let workspace = state.workspace.snapshot();
            let versioned = state.caps.versioned_diagnostics;
            let Some(open) = state.docs.get_mut(&uri).filter(|o| o.id == doc_id) else {
                return;
            };
            // Published only while the inputs are still those analysed.
            if workspace.key(&open.path) != job.key {
                continue;
            }
            open.published = job.key.clone();
            versioned
        };
        shared
            .client
            .publish_diagnostics(uri.clone(), diagnostics, versioned.then_some(job.version))
            .await;
    }
}
