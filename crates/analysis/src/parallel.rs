//! Two pieces of one analysis at once, on two threads. Threads here are computation, not
//! I/O: both pieces read the same text and tree, and the analysis waits for both, so its
//! result is the same as if they had run one after the other.

use std::sync::{Mutex, MutexGuard};

/// Runs `a` on a scoped thread while `b` runs on this one, and returns both results. When
/// no thread can be started, `a` runs here after `b`. A panic in `a` resumes here, as if `a`
/// had run here, so the analysis's panic containment sees it.
pub(crate) fn join<RA, RB>(a: impl FnOnce() -> RA + Send, b: impl FnOnce() -> RB) -> (RA, RB)
where
    RA: Send + Default,
{
    let slot = Mutex::new(Some(a));
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("circleci-ls analysis".to_string())
            .spawn_scoped(scope, || take(&slot).map(|a| a()));
        let rb = b();
        let ra = match spawned.map(|thread| thread.join()) {
            Ok(Ok(Some(ra))) => ra,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            // The thread did not start, so `a` is still in its slot.
            Ok(Ok(None)) | Err(_) => take(&slot).map(|a| a()).unwrap_or_default(),
        };
        (ra, rb)
    })
}

fn take<T>(slot: &Mutex<Option<T>>) -> Option<T> {
    lock(slot).take()
}

/// A slot only ever has its value taken, so one left by a panicking thread is still sound.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn both_results_come_back_in_order() {
        let text = "shared";
        let (a, b) = join(|| text.len(), || text.to_uppercase());
        assert_eq!((a, b.as_str()), (6, "SHARED"));
    }

    #[test]
    fn a_panic_on_the_other_thread_resumes_here() {
        let caught = std::panic::catch_unwind(|| {
            join(
                || -> usize { std::panic::panic_any("in the other piece") },
                || 1,
            )
        });
        let payload = caught.err().and_then(|p| p.downcast_ref::<&str>().copied());
        assert_eq!(payload, Some("in the other piece"));
    }
}
