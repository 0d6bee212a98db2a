//! Windows: the console's control events through `SetConsoleCtrlHandler` (in
//! `ffi.rs`, the only unsafe code here), thread priority through `thread-priority`,
//! file replacement with retries, standard error through `SetStdHandle`.

mod ffi;

use std::fs::File;
use std::io;
use std::os::windows::io::{AsHandle, AsRawHandle, OwnedHandle};

use super::Ending;

/// Below normal: the sound device's thread and the current step's synthesis come
/// first.
pub fn lower_thread_priority() {
    use thread_priority::{ThreadPriority, WinAPIThreadPriority};
    let _ = thread_priority::set_current_thread_priority(ThreadPriority::Os(
        WinAPIThreadPriority::BelowNormal.into(),
    ));
}

/// Ends the process with `code`: `ExitProcess` ends the other threads before any
/// library is told to unload, so a voice still loading cannot crash it.
pub fn end_process(code: i32) -> ! {
    std::process::exit(code)
}

/// Ctrl-C and Ctrl-Break (outside raw mode; in raw mode Ctrl-C is a key), closing the
/// console window, logging off and shutting down go to the session. `ctrlc` is not
/// used here: its handler returns at once, and on a close Windows ends the process
/// as soon as the handler returns, before the session could save and log `finish`.
pub fn install_termination_handler() -> io::Result<()> {
    static INSTALLED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    INSTALLED
        .get_or_init(|| ffi::set_console_handler().map_err(|e| e.to_string()))
        .clone()
        .map_err(io::Error::other)
}

/// What the console handler does with an event; true when it was handled (the
/// process goes on, or ends only after the session has).
fn console_event(event: ffi::ConsoleEvent) -> bool {
    let code = i32::try_from(event.code()).unwrap_or(-1);
    match event {
        ffi::ConsoleEvent::Interrupt(_) => super::ending_requested(Ending::Interrupt, code),
        ffi::ConsoleEvent::Close(_) => {
            // Whether or not a session took it, the process ends after this returns.
            super::ending_requested(Ending::Close, code);
            super::give_terminal_back();
            true
        }
    }
}

/// WASAPI in shared mode calls back once per engine period (10 ms on Windows 10 and
/// 11) whatever buffer is asked for; cpal would take a fixed size as the buffer's
/// whole length, and a buffer barely one period long risks gaps. So the engine's
/// default is asked for. (Under Wine callbacks came every 30 ms whatever was asked;
/// not measured on real Windows.)
pub fn sound_buffer(_rate: u32) -> cpal::BufferSize {
    cpal::BufferSize::Default
}

/// WASAPI does not print: nothing to quiet.
pub fn quiet_sound_library() -> impl Sized {}

/// The real standard error while it is redirected, and the log file that stands in
/// for it (kept open while it is set).
pub struct StderrSlot {
    saved: OwnedHandle,
    _log: File,
}

pub fn redirect_stderr(file: File) -> Option<StderrSlot> {
    let saved = std::io::stderr().as_handle().try_clone_to_owned().ok()?;
    ffi::set_stderr(file.as_raw_handle()).ok()?;
    Some(StderrSlot { saved, _log: file })
}

pub fn restore_stderr(slot: &StderrSlot) {
    let _ = ffi::set_stderr(slot.saved.as_raw_handle());
}

pub fn original_stderr(slot: &StderrSlot) -> Option<File> {
    slot.saved.try_clone().ok().map(File::from)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write;

    #[test]
    fn background_threads_run_below_normal() {
        use thread_priority::{ThreadPriority, WinAPIThreadPriority};
        let p = std::thread::spawn(|| {
            lower_thread_priority();
            thread_priority::get_current_thread_priority().unwrap()
        })
        .join()
        .unwrap();
        assert_eq!(
            p,
            ThreadPriority::Os(WinAPIThreadPriority::BelowNormal.into())
        );
    }

    #[test]
    fn stderr_goes_to_the_log_and_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log.txt");
        let file = crate::platform::open_private_log(&log).unwrap();
        let slot = redirect_stderr(file).unwrap();
        // Not `eprintln!`: the test harness captures that.
        writeln!(std::io::stderr(), "noise").unwrap();
        restore_stderr(&slot);
        assert_eq!(std::fs::read_to_string(&log).unwrap().trim(), "noise");
        assert!(original_stderr(&slot).is_some());
    }
}
