//! Dropping large values off the critical path. Freeing an analysis of a large config (its
//! tree, model and indexes: a hundred thousand allocations) takes a good part of a
//! millisecond per thousand lines; after an edit, the previous analysis is given to one
//! long-lived thread that frees it while the new one is made on another core.

use std::sync::mpsc::{channel, Sender};
use std::sync::OnceLock;

type Garbage = Box<dyn Send>;

/// The dropping thread's inbox; `None` when the thread could not be started.
static DROPPER: OnceLock<Option<Sender<Garbage>>> = OnceLock::new();

/// Drops `value` on the dropping thread, or here when there is none.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    if let Some(inbox) = DROPPER.get_or_init(start) {
        // A send fails only when the thread is gone; the value comes back and drops here.
        let _ = inbox.send(Box::new(value));
    }
}

fn start() -> Option<Sender<Garbage>> {
    let (inbox, garbage) = channel::<Garbage>();
    std::thread::Builder::new()
        .name("circleci-ls drop".to_string())
        .spawn(move || garbage.into_iter().for_each(drop))
        .ok()?;
    Some(inbox)
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::{channel, Sender};
    use std::thread::ThreadId;
    use std::time::Duration;

    /// Reports the thread it is dropped on.
    struct Reporter(Sender<ThreadId>);

    impl Drop for Reporter {
        fn drop(&mut self) {
            let _ = self.0.send(std::thread::current().id());
        }
    }

    #[test]
    fn values_are_dropped_on_another_thread() {
        let (tx, rx) = channel();
        super::drop_later(Reporter(tx));
        let dropped_on = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_ne!(dropped_on, std::thread::current().id());
    }
}
