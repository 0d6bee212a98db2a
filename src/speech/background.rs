//! Work done ahead of time (prefetch, writing the disk cache) gives way to what is
//! heard now: the sound device's thread and the current step's synthesis. And what is
//! no longer wanted stops: a render the listener has moved on from is cut short.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

thread_local! {
    static BACKGROUND: Cell<bool> = const { Cell::new(false) };
    static URGENT: Cell<bool> = const { Cell::new(false) };
}

/// Lowers the calling thread's priority, and that of the threads it starts, and marks
/// it as working ahead (an engine may stop its work there for what is heard now). On a
/// two-core machine the device's thread was late for its buffer while both cores
/// rendered the next steps. How, per platform: `crate::platform`.
pub(crate) fn in_background() {
    crate::platform::lower_thread_priority();
    BACKGROUND.with(|b| b.set(true));
}

/// Whether the calling thread works ahead of time (`in_background`).
pub(crate) fn is_background() -> bool {
    BACKGROUND.with(Cell::get)
}

/// Marks what the calling thread renders next as awaited now (the listener hears
/// silence until it is done) or not (sound is queued before it).
pub(crate) fn set_urgent(urgent: bool) {
    URGENT.with(|u| u.set(urgent));
}

/// Whether the calling thread's render is awaited now (`set_urgent`).
pub(crate) fn is_urgent() -> bool {
    URGENT.with(Cell::get)
}

type Stop = Arc<dyn Fn() + Send + Sync>;

/// Renders under way that can be cut short, by number.
static UNDER_WAY: Mutex<Vec<(u64, Stop)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

/// A render under way that `stop_renders` cuts short with `stop`, until this drops.
pub(crate) struct UnderWay(u64);

impl UnderWay {
    pub(crate) fn new(stop: Stop) -> UnderWay {
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        UNDER_WAY
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((id, stop));
        UnderWay(id)
    }
}

impl Drop for UnderWay {
    fn drop(&mut self) {
        UNDER_WAY
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|(id, _)| *id != self.0);
    }
}

/// Cuts short every render under way: the listener has moved on (a key), so none of it
/// is wanted now. (Prefetch renders again what is still likely.)
pub(crate) fn stop_renders() {
    let stops: Vec<Stop> = UNDER_WAY
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .map(|(_, stop)| stop.clone())
        .collect();
    for stop in stops {
        stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    #[test]
    fn stopping_reaches_renders_under_way_and_no_others() {
        let stopped = Arc::new(AtomicBool::new(false));
        let flag = stopped.clone();
        let under_way = UnderWay::new(Arc::new(move || flag.store(true, Ordering::SeqCst)));
        stop_renders();
        assert!(stopped.swap(false, Ordering::SeqCst));
        drop(under_way);
        stop_renders();
        assert!(!stopped.load(Ordering::SeqCst));
    }
}
