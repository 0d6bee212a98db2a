//! Nothing lost: tebiki is killed with SIGKILL at many moments while it saves progress
//! and settings; every time, the files left load and hold a whole state.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::Tebiki;
use tebiki::config::{SettingsFile, RATE};
use tebiki::guide::{Library, Source};
use tebiki::player::Resume;
use tebiki::progress::Saved;

#[test]
fn sigkill_at_any_moment_leaves_loadable_progress_and_settings() {
    let t = Tebiki::new();
    let guide = Library::new(None, None)
        .load(&Source::Builtin("my-au-login".into()))
        .guide
        .unwrap();
    let progress = t.dir("state/tebiki/progress/my-au-login.json");
    let config = t.dir("config/tebiki/config.toml");
    // Moves, rate and language changes: every line saves progress or settings.
    let mut keys = String::new();
    for _ in 0..400 {
        keys.push_str("next\n+\nl\nback\n-\nnext\n");
    }
    let runs = std::env::var("TEBIKI_KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300u64);
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut saw_progress = 0;
    for _ in 0..runs {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("tebiki"))
            .args(["run", "my-au-login", "--engine", "text", "--lang", "en"])
            .env("XDG_CONFIG_HOME", t.dir("config"))
            .env("XDG_STATE_HOME", t.dir("state"))
            .env("XDG_DATA_HOME", t.dir("data"))
            .env("HOME", t.home.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // "yes" answers the offer to continue when there is one; otherwise it is a hint.
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(b"yes\n");
        let _ = stdin.write_all(keys.as_bytes());
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 25_000));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        drop(stdin);

        if let Ok(text) = std::fs::read_to_string(&progress) {
            let saved: Saved = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("progress is broken after SIGKILL ({e}): {text:?}"));
            assert!(
                matches!(saved.to_resume(&guide), Resume::Saved(_)),
                "{text}"
            );
            saw_progress += 1;
        }
        if config.exists() {
            let text = std::fs::read_to_string(&config).unwrap();
            text.parse::<toml::Table>()
                .unwrap_or_else(|e| panic!("settings are broken after SIGKILL ({e}): {text:?}"));
            let (settings, problem) = SettingsFile::new(config.clone()).load();
            assert!(problem.is_none(), "{text}");
            if let Some(rate) = settings.rate {
                assert!(RATE.contains(rate));
            }
        }
        #[cfg(unix)]
        for file in [&progress, &config] {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(file) {
                assert_eq!(meta.permissions().mode() & 0o077, 0, "{}", file.display());
            }
        }
    }
    assert!(
        saw_progress > runs / 2,
        "progress was saved in only {saw_progress} of {runs} runs"
    );
}
