//! While a guide is on the screen, whatever writes straight to standard error — the
//! Japanese text analyser's warnings, the sound library's complaints — would tear the
//! screen. `QuietStderr` points file descriptor 2 at a log file (owner-only) and gives
//! it back when dropped, or when the terminal is restored after a panic, so that error
//! messages always reach the listener.

use std::fs::File;
use std::path::Path;
use std::sync::Mutex;

/// The real standard error while it is redirected (for the panic hook).
#[cfg(unix)]
static SAVED: Mutex<Option<std::os::fd::OwnedFd>> = Mutex::new(None);

pub struct QuietStderr {
    _private: (),
}

impl QuietStderr {
    /// Sends standard error to `log` (appended). Returns `None` where that is not
    /// possible; nothing else changes then.
    #[cfg(unix)]
    pub fn redirect_to(log: &Path) -> Option<QuietStderr> {
        use std::os::unix::fs::OpenOptionsExt;
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir).ok()?;
        }
        // Keep the log small: start it again when it has grown past a megabyte.
        if std::fs::metadata(log).is_ok_and(|m| m.len() > 1024 * 1024) {
            let _ = std::fs::remove_file(log);
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(log)
            .ok()?;
        let saved = rustix::io::dup(std::io::stderr()).ok()?;
        let mut slot = SAVED.lock().ok()?;
        if slot.is_some() {
            return None;
        }
        rustix::stdio::dup2_stderr(&file).ok()?;
        *slot = Some(saved);
        Some(QuietStderr { _private: () })
    }

    #[cfg(not(unix))]
    pub fn redirect_to(_log: &Path) -> Option<QuietStderr> {
        None
    }

    /// A handle on the real standard error (for `--events -`).
    #[cfg(unix)]
    pub fn original(&self) -> Option<File> {
        let slot = SAVED.lock().ok()?;
        let fd = slot.as_ref()?;
        rustix::io::dup(fd).ok().map(File::from)
    }

    #[cfg(not(unix))]
    pub fn original(&self) -> Option<File> {
        None
    }
}

/// Gives standard error back; safe to call more than once (and from the panic hook).
pub fn restore() {
    #[cfg(unix)]
    if let Ok(mut slot) = SAVED.try_lock() {
        if let Some(saved) = slot.take() {
            let _ = rustix::stdio::dup2_stderr(&saved);
        }
    }
}

impl Drop for QuietStderr {
    fn drop(&mut self) {
        restore();
    }
}
