//! Work done ahead of time (prefetch, writing the disk cache) gives way to what is
//! heard now: the sound device's thread and the current step's synthesis.

/// How much lower than the rest of tebiki background work runs (a nice value).
#[cfg(target_os = "linux")]
const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's priority, and that of the threads it starts. On a
/// two-core machine the device's thread was late for its buffer while both cores
/// rendered the next steps. Any user may lower their own priority; Linux keeps it per
/// thread.
pub(crate) fn in_background() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), BACKGROUND_NICE);
}
