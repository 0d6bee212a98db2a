//! While a guide is on the screen, whatever writes straight to standard error — the
//! Japanese text analyser's warnings, the sound library's complaints — would tear the
//! screen. `QuietStderr` points standard error at a log file (owner-only) and gives
//! it back when dropped, or when the terminal is restored after a panic, so that error
//! messages always reach the listener. How that is done per platform (file
//! descriptor 2 on Unix, the standard handle on Windows) is in `crate::platform`.

use std::fs::File;
use std::path::Path;
use std::sync::Mutex;

use crate::platform::{self, StderrSlot};

/// The real standard error while it is redirected (for the panic hook).
static SAVED: Mutex<Option<StderrSlot>> = Mutex::new(None);

pub struct QuietStderr {
    _private: (),
}

impl QuietStderr {
    /// Sends standard error to `log` (appended). Returns `None` where that is not
    /// possible; nothing else changes then.
    pub fn redirect_to(log: &Path) -> Option<QuietStderr> {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir).ok()?;
        }
        // Keep the log small: start it again when it has grown past a megabyte.
        if std::fs::metadata(log).is_ok_and(|m| m.len() > 1024 * 1024) {
            let _ = std::fs::remove_file(log);
        }
        let file = platform::open_private_log(log).ok()?;
        let mut slot = SAVED.lock().ok()?;
        if slot.is_some() {
            return None;
        }
        *slot = Some(platform::redirect_stderr(file)?);
        Some(QuietStderr { _private: () })
    }

    /// A handle on the real standard error (for `--events -`).
    pub fn original(&self) -> Option<File> {
        let slot = SAVED.lock().ok()?;
        platform::original_stderr(slot.as_ref()?)
    }
}

/// Gives standard error back; safe to call more than once (and from the panic hook).
pub fn restore() {
    if let Ok(mut slot) = SAVED.try_lock() {
        if let Some(saved) = slot.take() {
            platform::restore_stderr(&saved);
        }
    }
}

impl Drop for QuietStderr {
    fn drop(&mut self) {
        restore();
    }
}
