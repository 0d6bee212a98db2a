//! Everything that differs between Linux and Windows, in one place: how a session
//! hears that it should end (signals, the console's control events), how background
//! threads give way, how a file or a folder is replaced, where the speech libraries'
//! complaints go, and which words the doctor's advice uses. The rest of tebiki calls
//! these functions and never names an operating system. `docs/platforms.md` says
//! what differs and what was tested where.

use std::io;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub mod fs;
pub mod name;

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as os;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as os;

pub(crate) use os::StderrSlot;

pub use name::NAME;

/// The sound host: ALSA on Linux (`PulseAudio` or `PipeWire` behind it), WASAPI on
/// Windows (shared mode).
pub fn sound_host() -> cpal::Host {
    cpal::default_host()
}

/// The buffer size asked of the sound host for a device running at `rate`.
pub fn sound_buffer(rate: u32) -> cpal::BufferSize {
    os::sound_buffer(rate)
}

/// Lowers the calling thread's priority, and that of the threads it starts (on
/// Linux): work done ahead of time gives way to what is heard now.
pub fn lower_thread_priority() {
    os::lower_thread_priority();
}

/// How a request to end arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Ctrl-C or Ctrl-Break outside raw mode, SIGINT, SIGTERM, SIGHUP: the process
    /// may take its time.
    Interrupt,
    /// The console window is being closed, or the user logs off (Windows): the
    /// process is ended by the system as soon as the handler returns, or after
    /// five seconds.
    Close,
}

/// How long a `Close` may wait for the session to save and log `finish` (Windows
/// ends the process after five seconds whatever happens).
pub const CLOSE_GRACE: Duration = Duration::from_secs(4);
const CLOSE_POLL: Duration = Duration::from_millis(20);

/// Where a request to end is handed: given the signal's or console event's code
/// (0 where the signal is not told), it returns whether somebody still listens.
pub type EndingSink = Box<dyn Fn(i32) -> bool + Send>;

/// The running session's input, which hears about signals and console events.
static SESSION: Mutex<Option<EndingSink>> = Mutex::new(None);

/// What gives the terminal back when the process ends with no session to do it.
static GIVE_BACK: Mutex<Option<fn()>> = Mutex::new(None);

/// From now on, a request to end from outside (SIGINT, SIGTERM, SIGHUP; Ctrl-C,
/// Ctrl-Break or closing the window on Windows) reaches `sink`, so the session ends
/// the ordinary way: progress kept, `finish` logged, terminal given back. When no
/// session takes it, `give_back` restores the terminal before the process ends. A
/// later call replaces both (the next session).
pub fn on_termination(sink: EndingSink, give_back: fn()) -> io::Result<()> {
    if let Ok(mut slot) = SESSION.lock() {
        *slot = Some(sink);
    }
    if let Ok(mut slot) = GIVE_BACK.lock() {
        *slot = Some(give_back);
    }
    os::install_termination_handler()
}

/// Ends the process with `code` once what it printed is written out. Everything of
/// tebiki's own is done by then (the terminal given back, progress and the events log
/// written); the speech threads still running (a voice loading, a render ahead) are
/// ended with it, and no speech library's exit handlers run (see `os::end_process`).
pub fn end_process(code: i32) -> ! {
    use std::io::Write;
    // For a test: end a little later, while a voice is still loading.
    #[cfg(feature = "test-hooks")]
    if let Some(ms) = std::env::var("TEBIKI_TEST_END_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    os::end_process(code)
}

/// Gives the terminal back (what the session registered); for the handlers when the
/// process ends without a session.
pub(crate) fn give_terminal_back() {
    let hook = GIVE_BACK.try_lock().ok().and_then(|slot| *slot);
    if let Some(hook) = hook {
        hook();
    }
}

/// What the operating system's handler calls (on a thread of its own). Returns
/// whether a session took the request; if not, the caller ends the process as the
/// system would. For `Close` it returns only when the session is over (its input
/// is no longer listened to) or after `CLOSE_GRACE`.
pub(crate) fn ending_requested(ending: Ending, code: i32) -> bool {
    if !send(code) {
        return false;
    }
    if ending == Ending::Close {
        let deadline = Instant::now() + CLOSE_GRACE;
        while Instant::now() < deadline {
            std::thread::sleep(CLOSE_POLL);
            // Asking again is harmless (the session is already ending) and tells
            // whether anybody still listens.
            if !send(code) {
                break;
            }
        }
    }
    true
}

/// Hands `code` to the session; false when none listens.
fn send(code: i32) -> bool {
    let Ok(mut slot) = SESSION.lock() else {
        return false;
    };
    match slot.as_ref() {
        Some(sink) if sink(code) => true,
        Some(_) => {
            *slot = None;
            false
        }
        None => false,
    }
}

pub use fs::{replace_dir, replace_file};

/// While alive, the sound library's own complaints (ALSA's, on Linux) are kept off
/// the screen; nothing on Windows, where WASAPI does not print.
#[must_use]
pub fn quiet_sound_library() -> impl Sized {
    os::quiet_sound_library()
}

/// Sets standard error to `file`, returning what it was; `None` where that is not
/// possible.
pub(crate) fn redirect_stderr(file: std::fs::File) -> Option<StderrSlot> {
    os::redirect_stderr(file)
}

/// Gives standard error back.
pub(crate) fn restore_stderr(saved: &StderrSlot) {
    os::restore_stderr(saved);
}

/// A handle on the standard error that `saved` keeps.
pub(crate) fn original_stderr(saved: &StderrSlot) -> Option<std::fs::File> {
    os::original_stderr(saved)
}

/// Opens `path` for appending, readable by its owner only where that can be said.
pub(crate) fn open_private_log(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::sync::mpsc;

    /// One test for the process-wide slot, so no other test races it.
    #[test]
    fn endings_reach_the_session_and_close_waits_for_its_end() {
        // No session: nobody takes it, the process would end as usual.
        *SESSION.lock().unwrap() = None;
        assert!(!ending_requested(Ending::Interrupt, 2));

        // A session: an interrupt is handed over at once.
        let (tx, rx) = mpsc::channel();
        *SESSION.lock().unwrap() = Some(Box::new(move |code| tx.send(code).is_ok()));
        let started = Instant::now();
        assert!(ending_requested(Ending::Interrupt, 2));
        assert!(started.elapsed() < CLOSE_GRACE / 2);
        assert_eq!(rx.recv().unwrap(), 2);

        // Closing the window waits until the session stops listening…
        let ender = std::thread::spawn(move || {
            let first = rx.recv().unwrap();
            std::thread::sleep(Duration::from_millis(300));
            drop(rx);
            first
        });
        let started = Instant::now();
        assert!(ending_requested(Ending::Close, 2));
        let waited = started.elapsed();
        assert_eq!(ender.join().unwrap(), 2);
        assert!(waited >= Duration::from_millis(300), "{waited:?}");
        assert!(waited < CLOSE_GRACE, "{waited:?}");
        // …and then the session is gone.
        assert!(SESSION.lock().unwrap().is_none());

        // A session that never ends is given up on after the grace period.
        let (tx, _rx) = mpsc::channel();
        *SESSION.lock().unwrap() = Some(Box::new(move |code| tx.send(code).is_ok()));
        let started = Instant::now();
        assert!(ending_requested(Ending::Close, 2));
        assert!(started.elapsed() >= CLOSE_GRACE);
        *SESSION.lock().unwrap() = None;
    }

    #[test]
    fn replaces_a_file_and_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "new").unwrap();
        std::fs::write(&b, "old").unwrap();
        replace_file(&a, &b).unwrap();
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new");
        assert!(!a.exists());

        let (new, target, aside) = (
            dir.path().join("new"),
            dir.path().join("dict"),
            dir.path().join("dict.old"),
        );
        for (folder, text) in [(&new, "2"), (&target, "1")] {
            std::fs::create_dir(folder).unwrap();
            std::fs::write(folder.join("f"), text).unwrap();
        }
        replace_dir(&new, &target, &aside).unwrap();
        assert_eq!(std::fs::read_to_string(target.join("f")).unwrap(), "2");
        assert!(!new.exists() && !aside.exists());
    }
}
