//! Work done ahead of time (prefetch, writing the disk cache) gives way to what is
//! heard now: the sound device's thread and the current step's synthesis. And what is
//! no longer wanted stops: a render the listener has moved on from is cut short.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

thread_local! {
    static BACKGROUND: Cell<bool> = const { Cell::new(false) };
    static URGENT: Cell<bool> = const { Cell::new(false) };
    static GROUP: Cell<Option<u64>> = const { Cell::new(None) };
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

/// Renders under way that can be cut short: number, group, how.
static UNDER_WAY: Mutex<Vec<(u64, u64, Stop)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

/// A new group of threads whose renders `stop_renders` cuts short together (one
/// session's speech).
pub(crate) fn new_group() -> u64 {
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Puts the calling thread in `group`: its renders from now on can be cut short.
/// A thread in no group (export, `say --out`) is never cut short.
pub(crate) fn join_group(group: u64) {
    GROUP.with(|g| g.set(Some(group)));
}

/// A render under way that `stop_renders` cuts short with `stop`, until this drops.
pub(crate) struct UnderWay(u64);

impl UnderWay {
    /// `None` on a thread in no group: nothing will cut it short.
    pub(crate) fn new(stop: Stop) -> Option<UnderWay> {
        let group = GROUP.with(Cell::get)?;
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        UNDER_WAY
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((id, group, stop));
        Some(UnderWay(id))
    }
}

impl Drop for UnderWay {
    fn drop(&mut self) {
        UNDER_WAY
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|(id, _, _)| *id != self.0);
    }
}

/// Cuts short every render under way in `group`: the listener has moved on (a key), so
/// none of it is wanted now. (Prefetch renders again what is still likely.)
pub(crate) fn stop_renders(group: u64) {
    let stops: Vec<Stop> = UNDER_WAY
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .filter(|(_, g, _)| *g == group)
        .map(|(_, _, stop)| stop.clone())
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
    fn stopping_reaches_the_groups_renders_under_way_and_no_others() {
        let stopped = Arc::new(AtomicBool::new(false));
        let stop = || {
            let flag = stopped.clone();
            Arc::new(move || flag.store(true, Ordering::SeqCst)) as Stop
        };
        // A thread in no group: never cut short.
        assert!(UnderWay::new(stop()).is_none());
        let group = new_group();
        join_group(group);
        let under_way = UnderWay::new(stop());
        stop_renders(new_group());
        assert!(
            !stopped.load(Ordering::SeqCst),
            "another group's stop reached it"
        );
        stop_renders(group);
        assert!(stopped.swap(false, Ordering::SeqCst));
        drop(under_way);
        stop_renders(group);
        assert!(!stopped.load(Ordering::SeqCst));
    }
}
