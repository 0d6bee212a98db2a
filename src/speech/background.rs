//! Work done ahead of time (prefetch, writing the disk cache) gives way to what is
//! heard now: the sound device's thread and the current step's synthesis.

/// Lowers the calling thread's priority, and that of the threads it starts. On a
/// two-core machine the device's thread was late for its buffer while both cores
/// rendered the next steps. How, per platform: `crate::platform`.
pub(crate) fn in_background() {
    crate::platform::lower_thread_priority();
}
