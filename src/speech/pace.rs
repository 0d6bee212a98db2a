//! What this computer showed of a slow engine's pace: when an engine rendered slower
//! than it speaks and the session handed its language on (`Speech::switch`), the
//! next sessions' `auto` passes it over for a while instead of making the listener
//! hear the same gaps again, then tries it again (the computer may have been busy).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::registry::Engine;
use crate::l10n::Lang;

/// How long `auto` passes over an engine found too slow here.
pub const PASSED_OVER: Duration = Duration::from_hours(7 * 24);

/// An engine found too slow here: its seconds of rendering per second of speech, and
/// when.
#[derive(Clone, Debug, PartialEq)]
pub struct TooSlow {
    pub ratio: f64,
    pub at: SystemTime,
}

impl TooSlow {
    /// Whether `auto` still passes the engine over at `now`.
    pub fn holds_at(&self, now: SystemTime) -> bool {
        now.duration_since(self.at)
            .is_ok_and(|age| age < PASSED_OVER)
    }

    /// Whole days since it was noted, and days (begun) that `auto` still passes it over.
    pub fn days(&self) -> (u64, u64) {
        const DAY: u64 = 24 * 3600;
        let ago = SystemTime::now()
            .duration_since(self.at)
            .unwrap_or_default();
        let left = PASSED_OVER.saturating_sub(ago).as_secs().div_ceil(DAY);
        (ago.as_secs() / DAY, left)
    }
}

/// The `fallback` event's reason when a session hands `lang` on from `engine`, which
/// renders it at `ratio` seconds per second of speech.
pub fn too_slow_reason(engine: Engine, lang: &Lang, ratio: f64) -> String {
    format!(
        "{} renders {lang} at {ratio:.2} s per second of speech on this computer: too slow to be heard without gaps",
        engine.name()
    )
}

fn file(state_dir: &Path, engine: Engine) -> PathBuf {
    state_dir.join(format!("too-slow-{}", engine.name()))
}

/// Notes that `engine` rendered at `ratio` here, now.
pub fn remember(state_dir: &Path, engine: Engine, ratio: f64) -> std::io::Result<()> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    std::fs::create_dir_all(state_dir)?;
    crate::atomic_file::write(
        &file(state_dir, engine),
        format!("{ratio:.3} {secs}\n").as_bytes(),
    )
}

/// What was noted of `engine` here, if anything (a file that cannot be read counts as
/// nothing: the engine is tried).
pub fn noted(state_dir: &Path, engine: Engine) -> Option<TooSlow> {
    let text = std::fs::read_to_string(file(state_dir, engine)).ok()?;
    let mut fields = text.split_whitespace();
    let ratio = fields.next()?.parse().ok()?;
    let secs = fields.next()?.parse().ok()?;
    Some(TooSlow {
        ratio,
        at: UNIX_EPOCH + Duration::from_secs(secs),
    })
}

/// `engine`'s note if `auto` passes it over now.
pub fn passed_over(state_dir: &Path, engine: Engine) -> Option<TooSlow> {
    noted(state_dir, engine).filter(|n| n.holds_at(SystemTime::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_kept_for_a_week_then_the_engine_is_tried_again() {
        let dir = tempfile::tempdir().unwrap();
        let kokoro = Engine::find("kokoro").unwrap();
        assert_eq!(passed_over(dir.path(), kokoro), None);
        remember(&dir.path().join("state"), kokoro, 1.75).unwrap();
        let note = passed_over(&dir.path().join("state"), kokoro).unwrap();
        assert!((note.ratio - 1.75).abs() < 1e-9);
        assert!(note.holds_at(note.at + Duration::from_hours(6 * 24)));
        assert!(!note.holds_at(note.at + PASSED_OVER));
        // Other engines are not touched.
        assert_eq!(
            passed_over(dir.path(), Engine::find("espeak").unwrap()),
            None
        );
    }

    #[test]
    fn a_damaged_note_counts_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let kokoro = Engine::find("kokoro").unwrap();
        std::fs::write(file(dir.path(), kokoro), "fast").unwrap();
        assert_eq!(noted(dir.path(), kokoro), None);
    }
}
