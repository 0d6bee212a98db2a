//! Real sound, end to end: the real binary plays into a private PulseAudio whose only
//! sink is a pipe read into a file (`scripts/rig.sh`), and the capture is measured.
//! Keys come through a pipe we write to with pauses, as a listener would press them.
//! With `TEBIKI_REQUIRE_TOOLS` set (CI), a missing rig, dictionary or voice fails.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{named, read_events, Tebiki};
use serde_json::Value;

fn required() -> bool {
    std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_some_and(|v| !v.is_empty() && v != "0")
}

fn skip(why: &str) {
    assert!(!required(), "{why}");
    eprintln!("skipped: {why}");
}

/// `$XDG_DATA_HOME` that holds the installed speech data, if it is complete.
fn speech_data_home() -> Option<PathBuf> {
    let paths = tebiki::paths::Paths::from_env()?;
    let data = tebiki::speech::data::SpeechData::new(&paths.data_dir);
    if !data.has_dictionary() || data.installed_ja_voices().is_empty() {
        skip(&format!(
            "no dictionary or Japanese voice in {}: run scripts/setup.sh",
            paths.data_dir.display()
        ));
        return None;
    }
    paths.data_dir.parent().map(Path::to_path_buf)
}

/// One sound test at a time: parallel runs starve each other of CPU on a small
/// machine, and an underrun loses samples that a test would count as not heard.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A private PulseAudio with a pipe sink, stopped when dropped.
struct Rig {
    dir: PathBuf,
    stopped: bool,
    _turn: std::sync::MutexGuard<'static, ()>,
}

fn rig_script() -> String {
    format!("{}/scripts/rig.sh", env!("CARGO_MANIFEST_DIR"))
}

impl Rig {
    fn start() -> Option<Rig> {
        let turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let out = Command::new(rig_script()).arg("start").output();
        match out {
            Ok(o) if o.status.success() => Some(Rig {
                dir: PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()),
                stopped: false,
                _turn: turn,
            }),
            Ok(o) => {
                skip(&format!(
                    "the sound rig did not start: {}",
                    String::from_utf8_lossy(&o.stderr)
                ));
                None
            }
            Err(e) => {
                skip(&format!("the sound rig did not start: {e}"));
                None
            }
        }
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        let runtime = self.dir.join("runtime");
        vec![
            (
                "PULSE_SERVER",
                format!("unix:{}/pulse/native", runtime.display()),
            ),
            ("XDG_RUNTIME_DIR", runtime.display().to_string()),
        ]
    }

    /// Stops the server and returns what it played.
    fn stop(mut self) -> Capture {
        let _ = Command::new(rig_script())
            .arg("stop")
            .arg(&self.dir)
            .status();
        self.stopped = true;
        Capture::read(&self.dir.join("capture.raw"))
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        if !self.stopped {
            let _ = Command::new(rig_script())
                .arg("stop")
                .arg(&self.dir)
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Raw s16le stereo 48 kHz, as the rig writes it, folded to mono.
struct Capture {
    mono: Vec<f32>,
}

const RATE: usize = 48000;
/// 20 ms windows.
const WINDOW: usize = RATE / 50;

impl Capture {
    fn read(path: &Path) -> Capture {
        let bytes = std::fs::read(path).unwrap_or_default();
        let mono = bytes
            .chunks_exact(4)
            .map(|f| {
                let l = f32::from(i16::from_le_bytes([f[0], f[1]]));
                let r = f32::from(i16::from_le_bytes([f[2], f[3]]));
                (l + r) / 2.0 / 32768.0
            })
            .collect();
        Capture { mono }
    }

    /// Seconds of 20 ms windows that are not silence.
    fn voiced_seconds(&self) -> f32 {
        let voiced = self
            .mono
            .chunks(WINDOW)
            .filter(|w| (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt() > 0.005)
            .count();
        voiced as f32 / 50.0
    }

    fn peak(&self) -> f32 {
        self.mono.iter().fold(0.0, |m, s| m.max(s.abs()))
    }
}

/// Seconds of sound (not silence) in what `say --out` renders for `text`, and its
/// whole length with pauses.
fn rendered_seconds(
    t: &Tebiki,
    data_home: &Path,
    lang: &str,
    engine: &[&str],
    text: &str,
) -> (f32, f32) {
    let wav = t.dir("full.wav");
    let out = t
        .cmd()
        .env("XDG_DATA_HOME", data_home)
        .args(["say", "--lang", lang])
        .args(engine)
        .arg("--out")
        .arg(&wav)
        .arg(text)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = hound::WavReader::open(&wav).unwrap();
    let rate = reader.spec().sample_rate as usize;
    let samples: Vec<f32> = reader
        .samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32768.0)
        .collect();
    let window = rate / 50;
    let voiced = samples
        .chunks(window)
        .filter(|w| (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt() > 0.005)
        .count();
    (voiced as f32 / 50.0, samples.len() as f32 / rate as f32)
}

/// A `tebiki run` whose keys we type.
struct Run {
    child: Child,
    events: PathBuf,
}

impl Run {
    fn start(t: &Tebiki, rig: &Rig, data_home: &Path, args: &[&str]) -> Run {
        let events = t.events_path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tebiki"));
        cmd.env("XDG_CONFIG_HOME", t.dir("config"))
            .env("XDG_STATE_HOME", t.dir("state"))
            .env("XDG_DATA_HOME", data_home)
            .env("XDG_CACHE_HOME", t.dir("cache"))
            .env("LANG", "en_US.UTF-8")
            .args(["run", "--chime", "off", "--events"])
            .arg(&events)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in rig.env() {
            cmd.env(k, v);
        }
        Run {
            child: cmd.spawn().unwrap(),
            events,
        }
    }

    fn key(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// The events written so far: whole lines only, as the log may be mid-line.
    fn events(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(&self.events).unwrap_or_default();
        let whole = text.rfind('\n').map_or("", |end| &text[..end]);
        whole
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad event line {l}: {e}")))
            .collect()
    }

    /// Waits for the first `audio_start` event of `step`.
    fn wait_audio_start(&self, step: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(e) = named(&self.events(), "audio_start")
                .into_iter()
                .find(|e| e["step"] == step)
            {
                return e.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no audio_start of {step}: {:?}",
                self.events()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Ends the input (the guide stops, keeping its place) and waits for the exit.
    fn finish(mut self) -> (Vec<Value>, String) {
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "tebiki did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
        let mut stderr = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
        }
        assert!(self.child.wait().unwrap().success(), "{stderr}");
        (self.events(), stderr)
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Seconds of sound in everything said for `step` (text, prompt …), and the whole
/// length with pauses. What is said before the first `step` event (the guide's title,
/// logged for the first step) is heard whole too since the first step no longer cuts
/// it off: it counts.
fn step_seconds(
    t: &Tebiki,
    data_home: &Path,
    lang: &str,
    engine: &[&str],
    events: &[Value],
    step: &str,
) -> (f32, f32) {
    // What is said before the first step event (the title) belongs to the first step.
    let mut inside = true;
    let (mut voiced, mut whole) = (0.0, 0.0);
    for e in events {
        if e["event"] == "step" {
            inside = e["step"] == step;
        } else if inside && e["event"] == "speak" && e["step"] == step {
            let (v, w) = rendered_seconds(t, data_home, lang, engine, e["text"].as_str().unwrap());
            voiced += v;
            whole += w;
        }
    }
    (voiced, whole)
}

/// The first step is heard whole: as long as its rendering, and not clipped.
/// `slack`: seconds an engine that renders slower than real time on a busy machine
/// (a neural voice on a shared core) may take beyond the step's length; the capture is
/// watched until the step has been heard.
fn first_step_is_heard(lang: &str, engine: &[&str], slack: f32) {
    let Some(data_home) = speech_data_home() else {
        return;
    };
    let Some(rig) = Rig::start() else { return };
    let t = Tebiki::new();
    let args = [&["turn-off-wifi", "--lang", lang][..], engine].concat();
    let run = Run::start(&t, &rig, &data_home, &args);
    run.wait_audio_start("intro");
    let (full, whole) = step_seconds(&t, &data_home, lang, engine, &run.events(), "intro");
    if slack > 0.0 {
        let deadline = Instant::now() + Duration::from_secs_f32(whole * 1.1 + 1.5 + slack);
        let file = rig.dir.join("capture.raw");
        while Instant::now() < deadline && Capture::read(&file).voiced_seconds() < full * 0.95 {
            std::thread::sleep(Duration::from_millis(500));
        }
        std::thread::sleep(Duration::from_secs_f32(whole * 0.1 + 1.5));
    } else {
        std::thread::sleep(Duration::from_secs_f32(whole * 1.1 + 1.5));
    }
    let (events, stderr) = run.finish();
    let capture = rig.stop();
    let heard = capture.voiced_seconds();
    eprintln!("{lang}: heard {heard:.2} s of a {full:.2} s step");
    assert!(named(&events, "fallback").is_empty(), "{events:?}");
    assert!(!stderr.contains("ALSA lib"), "{stderr}");
    assert!(full > 2.0, "{full}");
    assert!(
        heard > full * 0.9 && heard < full * 1.1,
        "heard {heard} of {full}"
    );
    assert!(capture.peak() < 0.99, "clipped: {}", capture.peak());
    // The PulseAudio plugin answers EIO until the server has timing (after opening, and
    // whenever the device was kept waiting); the stream's worker used to ask again at
    // once: 2–50 k errors a start, thousands a second. It now polls every 0.5 ms; on a
    // busy machine (a neural voice rendering for a long step) a few such errors a
    // second are passing. A spin is what is caught: errors per second of the run.
    let errors = named(&events, "audio_trouble")
        .last()
        .map_or(0, |e| e["errors"].as_u64().unwrap());
    let seconds = events.last().map_or(0, |e| e["t_ms"].as_u64().unwrap_or(0)) / 1000;
    // An engine that keeps pace (no slack) has a quiet device: under 100 in all.
    let allowed = if slack > 0.0 { 100 + 50 * seconds } else { 100 };
    assert!(
        errors < allowed,
        "{errors} passing audio errors in {seconds} s: a busy loop is back"
    );
}

/// Kokoro plays into the rig in both languages, whole and unclipped. On a busy two-core
/// machine (load 5–15) the sound device starves while Kokoro renders a long step, and
/// the sound sometimes gives up (`snd_pcm_avail_delay` EIO → fallback to text): run it
/// on a quiet machine with `cargo test --test sound -- --ignored kokoro`.
#[test]
#[ignore = "the sound device starves on a busy machine while Kokoro renders (issue 11)"]
fn kokoro_is_heard_in_both_languages() {
    let Some(paths) = tebiki::paths::Paths::from_env() else {
        return;
    };
    let data = tebiki::speech::data::SpeechData::new(&paths.data_dir);
    if data.kokoro().installed_voices().len() < 4 {
        skip("Kokoro is not installed: run scripts/setup.sh");
        return;
    }
    first_step_is_heard("ja", &["--engine", "kokoro"], 120.0);
    first_step_is_heard("en", &["--engine", "kokoro"], 120.0);
}

#[test]
fn japanese_guide_is_heard_whole() {
    first_step_is_heard("ja", &[], 0.0);
}

#[test]
fn english_guide_is_heard_whole() {
    // eSpeak NG by name: `auto` would be Kokoro where it is installed, which has its
    // own test below.
    first_step_is_heard("en", &["--engine", "espeak"], 0.0);
}

/// A key while a long step is spoken cuts it off at once, and the next step follows
/// without overlap.
#[test]
fn a_key_cuts_a_long_step_short() {
    let Some(data_home) = speech_data_home() else {
        return;
    };
    let Some(rig) = Rig::start() else { return };
    let t = Tebiki::new();
    let mut run = Run::start(&t, &rig, &data_home, &["turn-off-wifi", "--lang", "ja"]);
    run.wait_audio_start("intro");
    std::thread::sleep(Duration::from_millis(1500));
    run.key("next");
    run.wait_audio_start("which-phone");
    let events = run.events();
    let (full_first, _) = step_seconds(&t, &data_home, "ja", &[], &events, "intro");
    let (full_second, whole_second) =
        step_seconds(&t, &data_home, "ja", &[], &events, "which-phone");
    std::thread::sleep(Duration::from_secs_f32(whole_second * 1.1 + 1.5));
    let (events, _) = run.finish();
    let capture = rig.stop();
    let heard = capture.voiced_seconds();
    let key_ms = named(&events, "key")[0]["t_ms"].as_u64().unwrap();
    let start_ms = named(&events, "audio_start")
        .into_iter()
        .find(|e| e["step"] == "which-phone")
        .unwrap()["t_ms"]
        .as_u64()
        .unwrap();
    eprintln!(
        "heard {heard:.2} s; first step {full_first:.2} s cut after 1.5 s, second {full_second:.2} s; key → sound {} ms",
        start_ms - key_ms
    );
    assert!(
        full_first > 4.0,
        "the first step should be long: {full_first}"
    );
    assert!(
        heard < 1.5 + 0.5 + full_second * 1.2,
        "not cut: heard {heard}"
    );
    assert!(heard > full_second * 0.9 + 0.5, "too little: heard {heard}");
    assert!(
        capture.peak() < 0.99,
        "overlap or clipping: {}",
        capture.peak()
    );
}

/// No sound server: the guide goes on in text, says so once, and ALSA's noise stays
/// off the screen.
#[test]
fn without_a_sound_server_the_guide_goes_on_as_text() {
    let Some(data_home) = speech_data_home() else {
        return;
    };
    let t = Tebiki::new();
    let runtime = t.dir("runtime");
    std::fs::create_dir_all(&runtime).unwrap();
    let events = t.events_path();
    let out = t
        .cmd()
        .env("XDG_DATA_HOME", &data_home)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("PULSE_SERVER", format!("unix:{}/none", runtime.display()))
        .args([
            "run",
            "turn-off-wifi",
            "--lang",
            "ja",
            "--plain",
            "--events",
        ])
        .arg(&events)
        .write_stdin("next\nno\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("ALSA lib"), "{stderr}");
    let events = read_events(&events);
    let fallback = named(&events, "fallback");
    assert_eq!(fallback.len(), 1, "{events:?}");
    assert_eq!(fallback[0]["to"], "text");
    assert_eq!(named(&events, "finish").len(), 1);
    assert!(named(&events, "audio_start").is_empty());
    assert_eq!(named(&events, "step").len(), 3);
}

/// `doctor` finds everything that `auto` needs when the rig plays.
#[test]
fn doctor_is_happy_with_sound_and_data() {
    let Some(data_home) = speech_data_home() else {
        return;
    };
    let Some(rig) = Rig::start() else { return };
    let t = Tebiki::new();
    let mut cmd = t.cmd();
    cmd.env("XDG_DATA_HOME", &data_home).arg("doctor");
    for (k, v) in rig.env() {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}");
    assert!(out.status.success(), "{stdout}");
    drop(rig);
}

/// The sound server goes away in the middle of a guide: the guide goes on as text,
/// says why once, keeps its place, and finishes.
#[test]
fn sound_that_goes_away_mid_guide_falls_back_to_text() {
    let Some(data_home) = speech_data_home() else {
        return;
    };
    let Some(rig) = Rig::start() else { return };
    let t = Tebiki::new();
    let mut run = Run::start(&t, &rig, &data_home, &["call-support", "--lang", "en"]);
    run.wait_audio_start("intro");
    std::thread::sleep(Duration::from_millis(800));
    drop(rig.stop());
    // Keys go on working; every one of them moves, none is lost.
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(1500));
        run.key("next");
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while named(&run.events(), "fallback").is_empty() {
        assert!(Instant::now() < deadline, "no fallback: {:?}", run.events());
        std::thread::sleep(Duration::from_millis(50));
    }
    run.key("next");
    std::thread::sleep(Duration::from_millis(500));
    let (events, stderr) = run.finish();
    let fallback = named(&events, "fallback");
    assert_eq!(fallback.len(), 1, "{events:?}");
    assert_eq!(fallback[0]["to"], "text");
    assert!(!stderr.contains("ALSA lib"), "{stderr}");
    let steps: Vec<&str> = named(&events, "step")
        .iter()
        .map(|e| e["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps.len(), 5, "{steps:?}");
    let finish = named(&events, "finish");
    assert_eq!(finish.len(), 1);
    assert_eq!(finish[0]["completed"], false);
    // The place is kept: the saved step is the last one reached.
    let saved = std::fs::read_to_string(t.dir("state/tebiki/progress/call-support.json")).unwrap();
    assert!(saved.contains(steps[4]), "{saved}");
}

/// An engine error on one utterance: that step is text only, the place is kept, and
/// the voice goes on with the next step.
#[test]
fn an_engine_error_on_one_step_falls_back_for_that_step_only() {
    let Some(data_home) = speech_data_home() else {
        return;
    };
    let Some(rig) = Rig::start() else { return };
    let t = Tebiki::new();
    let guide = tebiki::guide::Library::new(None, None)
        .load(&tebiki::guide::Source::Builtin("call-support".into()))
        .guide
        .unwrap();
    // A word of the second step's first sentence makes the engine fail there.
    let second = &guide.step_text(&tebiki::l10n::Lang::en(), 1).shown;
    let marker: String = second
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmd_env = rig.env();
    cmd_env.push(("TEBIKI_TEST_FAIL_TEXT", marker));
    let mut run = {
        let events = t.events_path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tebiki"));
        cmd.env("XDG_CONFIG_HOME", t.dir("config"))
            .env("XDG_STATE_HOME", t.dir("state"))
            .env("XDG_DATA_HOME", &data_home)
            .env("XDG_CACHE_HOME", t.dir("cache"))
            .env("LANG", "en_US.UTF-8")
            .args([
                "run",
                "call-support",
                "--lang",
                "en",
                "--chime",
                "off",
                "--events",
            ])
            .arg(&events)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in cmd_env {
            cmd.env(k, v);
        }
        Run {
            child: cmd.spawn().unwrap(),
            events,
        }
    };
    run.wait_audio_start("intro");
    run.key("next");
    std::thread::sleep(Duration::from_millis(1500));
    run.key("next");
    run.wait_audio_start(&guide.steps[2].id);
    let (events, _) = run.finish();
    drop(rig);
    let fallback = named(&events, "fallback");
    assert_eq!(fallback.len(), 1, "{events:?}");
    assert_eq!(fallback[0]["step"], guide.steps[1].id.as_str());
    let steps: Vec<&str> = named(&events, "step")
        .iter()
        .map(|e| e["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps.len(), 3, "{steps:?}");
}
