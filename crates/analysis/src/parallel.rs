//! Two pieces of one analysis at once, on a pool of two threads (rayon's `join`). Threads
//! here are computation, not I/O: both pieces read the same text and tree, and the analysis
//! waits for both, so its result is the same as if they had run one after the other.

use std::sync::OnceLock;

/// Two threads that live as long as the process: starting a thread for every piece of every
/// analysis cost more than some pieces (a new stack to fault in, an allocator arena to set
/// up), and added its wait to the slowest keystrokes.
static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();

fn pool() -> Option<&'static rayon::ThreadPool> {
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .thread_name(|i| format!("circleci-ls analysis {i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs `a` and `b` at once and returns both results. When no thread could be started, `a`
/// runs after `b` on this thread. A panic in either resumes here once both are done, so the
/// analysis's panic containment sees it.
pub(crate) fn join<RA, RB>(a: impl FnOnce() -> RA + Send, b: impl FnOnce() -> RB + Send) -> (RA, RB)
where
    RA: Send,
    RB: Send,
{
    match pool() {
        Some(pool) => pool.join(a, b),
        None => {
            let rb = b();
            (a(), rb)
        }
    }
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
