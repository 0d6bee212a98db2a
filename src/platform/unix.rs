//! Linux (and other Unix): signals through `ctrlc`, nice values and standard error
//! through `rustix`, ALSA's error handler, and the end of the process through libc's
//! `_exit` (the only unsafe code here).

use std::fs::File;
use std::io;
use std::os::fd::OwnedFd;

use super::Ending;

/// How much lower than the rest of tebiki background work runs (a nice value).
const BACKGROUND_NICE: i32 = 10;

/// Any user may lower their own priority; Linux keeps it per thread, and threads
/// started later inherit it. A thread already lower (tebiki run under `nice`) stays
/// as it is.
pub fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    {
        let me = Some(rustix::thread::gettid());
        if rustix::process::getpriority_process(me).is_ok_and(|n| n < BACKGROUND_NICE) {
            let _ = rustix::process::setpriority_process(me, BACKGROUND_NICE);
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP (ctrlc's `termination` feature) go to the session;
/// with none running, the process ends as it would have.
pub fn install_termination_handler() -> io::Result<()> {
    static INSTALLED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            ctrlc::set_handler(|| {
                if !super::ending_requested(Ending::Interrupt, 0) {
                    // No session: end as an interrupted program does (128 + SIGINT),
                    // with the terminal given back.
                    super::give_terminal_back();
                    super::end_process(130);
                }
            })
            .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(io::Error::other)
}

/// Ends every thread of the process at once (`_exit`), running no library's exit
/// handlers: ONNX Runtime's static destructors, run by `exit` while a thread of ours is
/// still inside the library (a voice loading, a sentence rendering), crash the process
/// (seen: SIGSEGV when a text-only run ended while Kokoro was still loading).
#[allow(unsafe_code)]
pub fn end_process(code: i32) -> ! {
    // SAFETY: `_exit` takes no pointer, runs no code of ours or of any library, and
    // does not return.
    unsafe { libc::_exit(code) }
}

/// cpal asks ALSA for a buffer of twice what is given here; `PulseAudio`'s plugin
/// splits it into three periods of 2/3 of it (341 frames at 48 kHz, 7.1 ms) where the
/// device's default is 512-frame periods.
pub fn sound_buffer(rate: u32) -> cpal::BufferSize {
    cpal::BufferSize::Fixed(preferred_period(rate))
}

/// The size asked of cpal: 10.7 ms (512 frames at 48 kHz).
fn preferred_period(rate: u32) -> u32 {
    (u64::from(rate) * 32 / 3000).clamp(64, 4096) as u32
}

/// ALSA's complaints (no server, no card) go to a buffer on this thread while the
/// returned value lives.
pub fn quiet_sound_library() -> impl Sized {
    #[cfg(target_os = "linux")]
    {
        alsa::Output::local_error_handler().ok()
    }
}

/// The real standard error while it is redirected.
pub struct StderrSlot {
    saved: OwnedFd,
}

pub fn redirect_stderr(file: File) -> Option<StderrSlot> {
    let saved = rustix::io::dup(std::io::stderr()).ok()?;
    rustix::stdio::dup2_stderr(&file).ok()?;
    // Descriptor 2 is now a copy of it: this one is no longer needed.
    drop(file);
    Some(StderrSlot { saved })
}

pub fn restore_stderr(slot: &StderrSlot) {
    let _ = rustix::stdio::dup2_stderr(&slot.saved);
}

pub fn original_stderr(slot: &StderrSlot) -> Option<File> {
    rustix::io::dup(&slot.saved).ok().map(File::from)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    #[test]
    fn the_period_asked_for_is_about_eleven_milliseconds() {
        assert_eq!(super::preferred_period(48_000), 512);
        assert_eq!(super::preferred_period(44_100), 470);
        assert_eq!(super::preferred_period(8_000), 85);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn background_threads_run_at_a_higher_nice_value() {
        let before = rustix::process::getpriority_process(None).unwrap();
        let after = std::thread::spawn(|| {
            super::lower_thread_priority();
            rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap()
        })
        .join()
        .unwrap();
        assert_eq!(after, before.max(super::BACKGROUND_NICE));
    }
}
