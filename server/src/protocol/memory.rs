//! Giving memory back to the system when documents close.
//!
//! glibc keeps what a thread frees in that thread's arena, and analyses run on many blocking
//! threads, so a session that closed every document stayed at its high-water mark (a test
//! session: 70 MB open, still 70 MB with all closed, and higher each round). `malloc_trim`
//! returns the free pages of every arena.

use std::sync::atomic::{AtomicBool, Ordering};

/// A trim is queued; closing many documents at once queues one.
static PENDING: AtomicBool = AtomicBool::new(false);

/// Returns freed memory to the system soon, on a blocking thread (a trim walks every arena).
pub(super) fn release_soon() {
    if PENDING.swap(true, Ordering::SeqCst) {
        return;
    }
    tokio::task::spawn_blocking(|| {
        PENDING.store(false, Ordering::SeqCst);
        release();
    });
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release() {
    // SAFETY: malloc_trim takes glibc's own arena locks and has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Keeps glibc to one malloc arena. By default it opens one per thread that allocates, and
/// analyses run on many blocking threads, so freed trees sat in several arenas at once: the
/// benchmark's 20,000-line session peaked at 75 MB with the default and 44 MB with one arena,
/// at the same speed (one analysis runs at a time per document). Called before any thread
/// starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) fn use_one_arena() {
    // SAFETY: mallopt only sets an allocator parameter; no thread is allocating concurrently
    // because the runtime has not started yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Other allocators have no arena setting.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn use_one_arena() {}

/// Other allocators give memory back by themselves, or offer no such call.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release() {}
