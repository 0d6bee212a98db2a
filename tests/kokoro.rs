//! The `kokoro` engine through the real binary: a damaged model is passed over with a
//! `fallback` event (never a crash), and it speaks with no network at all.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{named, Tebiki};

fn required() -> bool {
    std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// A data folder whose Kokoro model is cut short (as a failed copy leaves it).
fn damaged_data(t: &Tebiki) -> PathBuf {
    let data = t.dir("data").join("tebiki");
    let kokoro = data.join("kokoro");
    std::fs::create_dir_all(kokoro.join("voices")).unwrap();
    std::fs::write(kokoro.join("kokoro-v1.0.int8.onnx"), b"not the whole model").unwrap();
    std::fs::write(kokoro.join("libonnxruntime.so"), b"").unwrap();
    std::fs::write(kokoro.join("en-us.tsv"), "hello\thəlˈO\n").unwrap();
    std::fs::write(kokoro.join("voices/af_heart.bin"), vec![0u8; 510 * 256 * 4]).unwrap();
    data
}

/// The first line of `doctor`'s report that contains `containing`.
fn doctor_line(t: &Tebiki, containing: &str) -> String {
    let out = t.cmd().arg("doctor").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find(|l| l.contains(containing))
        .unwrap_or_else(|| panic!("no line with {containing:?}: {text}"))
        .to_string()
}

#[test]
fn a_damaged_model_falls_back_to_the_next_engine_with_an_event() {
    let t = Tebiki::new();
    damaged_data(&t);
    t.cmd()
        // `auto` tries Kokoro first for English (a Kokoro voice would too).
        .args([
            "run",
            "turn-off-wifi",
            "--lang",
            "en",
            "--voice",
            "am_michael",
        ])
        .arg("--events")
        .arg(t.events_path())
        .write_stdin("quit\ny\n")
        .assert()
        .success();
    let events = t.events();
    let fallbacks = named(&events, "fallback");
    let from_kokoro = fallbacks
        .iter()
        .find(|e| e["from"] == "kokoro")
        .unwrap_or_else(|| panic!("no fallback from kokoro: {events:?}"));
    assert_ne!(from_kokoro["to"], "kokoro");
    let reason = from_kokoro["reason"].as_str().unwrap();
    assert!(reason.contains("kokoro-v1.0.int8.onnx"), "{reason}");
    // The guide went on.
    assert!(!named(&events, "step").is_empty(), "{events:?}");
}

#[test]
fn a_damaged_model_is_a_clear_doctor_line_and_exit_3_when_asked_for() {
    let t = Tebiki::new();
    damaged_data(&t);
    let line = doctor_line(&t, "kokoro (English)");
    assert!(line.contains("kokoro-v1.0.int8.onnx"), "{line}");
    assert!(line.contains("setup.sh"), "{line}");
    let out = t
        .cmd()
        .args(["say", "--engine", "kokoro", "--lang", "en", "--out"])
        .arg(t.dir("x.wav"))
        .arg("Hello.")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!t.dir("x.wav").exists());
}

/// The installed data's home (`$XDG_DATA_HOME`), if Kokoro is installed there.
fn kokoro_home() -> Option<PathBuf> {
    let paths = tebiki::paths::Paths::from_env()?;
    let data = tebiki::speech::data::SpeechData::new(&paths.data_dir);
    if tebiki::speech::model::ModelData::new(data.dir())
        .installed_voices()
        .len()
        < 4
        || !data.has_dictionary()
    {
        assert!(!required(), "Kokoro is not installed: run scripts/setup.sh");
        eprintln!("skipped: Kokoro is not installed; run scripts/setup.sh");
        return None;
    }
    paths.data_dir.parent().map(Path::to_path_buf)
}

/// With no network namespace (`unshare -rn`: no interface but a down loopback),
/// Kokoro still speaks both languages: nothing is fetched at run time.
#[test]
fn kokoro_speaks_without_a_network() {
    let Some(home) = kokoro_home() else { return };
    let probe = Command::new("unshare").args(["-rn", "true"]).status();
    if !probe.is_ok_and(|s| s.success()) {
        assert!(!required(), "unshare -rn is not available");
        eprintln!("skipped: unshare -rn is not available here");
        return;
    }
    let t = Tebiki::new();
    for (lang, voice, text) in [
        ("ja", "jm_kumo", "電源を切ってください。"),
        ("en", "af_heart", "Turn off the phone."),
    ] {
        let wav = t.dir(&format!("{lang}.wav"));
        let out = Command::new("unshare")
            .args(["-rn", env!("CARGO_BIN_EXE_tebiki")])
            .env("XDG_DATA_HOME", &home)
            .env("XDG_CONFIG_HOME", t.dir("config"))
            .env("XDG_CACHE_HOME", t.dir("cache"))
            .env("XDG_STATE_HOME", t.dir("state"))
            .args([
                "say", "--engine", "kokoro", "--voice", voice, "--lang", lang, "--out",
            ])
            .arg(&wav)
            .arg(text)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (samples, rate) = common::wav_samples(&wav);
        let rms = (samples.iter().map(|s| s * s).sum::<f32>() / samples.len() as f32).sqrt();
        let seconds = samples.len() as f32 / rate as f32;
        assert!(rms > 0.01, "{lang}: silent");
        assert!((0.8..6.0).contains(&seconds), "{lang}: {seconds} s");
    }
}

/// Kokoro speaks Japanese to listeners, one `--voice` away: `voices` lists both
/// Japanese voices after jtalk's, and without a voice `auto` keeps jtalk (Kokoro's
/// first sound after a cold start takes seconds; README, "Kokoro").
#[test]
fn kokoro_speaks_japanese_one_voice_away() {
    let Some(home) = kokoro_home() else { return };
    let t = Tebiki::new();
    let voices = t
        .cmd()
        .env("XDG_DATA_HOME", &home)
        .arg("voices")
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&voices.stdout);
    let japanese = listed
        .split("Japanese (ja)")
        .nth(1)
        .unwrap_or_else(|| panic!("{listed}"));
    let at = |name: &str| {
        japanese
            .find(name)
            .unwrap_or_else(|| panic!("{name}: {listed}"))
    };
    assert!(
        at("m001") < at("jm_kumo") && at("jm_kumo") < at("jf_alpha"),
        "{listed}"
    );
    // The voice is kept for its language: a new home for the run without one.
    for (voice, engine) in [(Some("jf_alpha"), "kokoro"), (None, "jtalk")] {
        let t = Tebiki::new();
        let out = t
            .cmd()
            .env("XDG_DATA_HOME", &home)
            .args(["say", "--lang", "ja"])
            .args(voice.map(|v| ["--voice", v]).into_iter().flatten())
            .arg("--out")
            .arg(t.dir("said.wav"))
            .arg("電源を切ってください。")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        // "Wrote … (2.5 s, kokoro)."
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains(engine), "{voice:?}: {said}");
    }
}

/// An engine found too slow here lately is a `doctor` note saying for how long `auto`
/// passes it over, and how to use it anyway.
#[test]
fn doctor_says_when_auto_passes_kokoro_over_for_being_slow() {
    let t = Tebiki::new();
    let state = t.dir("state").join("tebiki");
    std::fs::create_dir_all(&state).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    std::fs::write(
        state.join("too-slow-kokoro"),
        format!("1.62 {}\n", now - 3 * 86_400),
    )
    .unwrap();
    let line = doctor_line(&t, "too slow");
    assert!(line.contains("kokoro (English)"), "{line}");
    assert!(
        line.contains("3 days ago") && line.contains("1.6 s"),
        "{line}"
    );
    assert!(line.contains("4 more days"), "{line}");
    assert!(line.contains("--engine kokoro"), "{line}");
}
