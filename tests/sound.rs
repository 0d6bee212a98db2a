//! Real sound, end to end: the real binary plays into a private `PulseAudio` whose only
//! sink is a pipe read into a file (`scripts/rig.sh`), and the capture is measured.
//! Keys come through a pipe we write to with pauses, as a listener would press them.
//! With `TEBIKI_REQUIRE_TOOLS` set (CI), a missing rig, dictionary or voice fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{named, read_events, voiced_seconds, Rig, Tebiki};
use serde_json::Value;

/// A test that makes Kokoro speak runs alone: beside another one on a two-core machine
/// (`say --out` renders on every core) Kokoro's pace would look slow and a run would
/// rightly hand English to eSpeak NG, and beside a test that measures what it hears the
/// device's thread would come late. The other sound tests share their turns.
static KOKORO: std::sync::RwLock<()> = std::sync::RwLock::new(());

/// The whole machine, for a test that makes Kokoro speak.
fn kokoro_turn() -> std::sync::RwLockWriteGuard<'static, ()> {
    KOKORO
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A turn beside the other tests that do not make Kokoro speak.
fn shared_turn() -> std::sync::RwLockReadGuard<'static, ()> {
    KOKORO
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Seconds of sound (not silence) in what `say --out` renders for `text`, and its
/// whole length with pauses.
fn rendered_seconds(t: &Tebiki, lang: &str, text: &str) -> (f32, f32) {
    let wav = t.dir("full.wav");
    let out = t
        .cmd()
        .args(["say", "--lang", lang, "--out"])
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
    (
        voiced_seconds(&samples, rate),
        samples.len() as f32 / rate as f32,
    )
}

/// Seconds of sound in everything said for the first step of `guide` (title, text,
/// prompt …), and the whole length with pauses: rendered by `say --out` before the run
/// it is compared with, so that the two never share the processor (Kokoro's pace would
/// judge itself slow).
fn first_step_seconds(t: &Tebiki, lang: &str, guide: &str) -> (f32, f32) {
    // A run with text only, ended at once, logs what the first step says (in a home of
    // its own: the place it keeps must not change how the real run starts).
    let other = Tebiki::new();
    let events = other.dir("first-step.jsonl");
    other
        .cmd()
        .args(["run", guide, "--engine", "text", "--lang", lang, "--events"])
        .arg(&events)
        .write_stdin("")
        .assert()
        .success();
    let events = read_events(&events);
    let first = named(&events, "step")[0]["step"]
        .as_str()
        .unwrap()
        .to_string();
    step_seconds(t, lang, &events, &first)
}

/// Seconds of sound in everything said for `step` (text, prompt …), and the whole
/// length with pauses. What is said before the first `step` event (the guide's title,
/// logged for the first step) is heard whole too since the first step no longer cuts
/// it off: it counts.
fn step_seconds(t: &Tebiki, lang: &str, events: &[Value], step: &str) -> (f32, f32) {
    // What is said before the first step event (the title) belongs to the first step.
    let mut inside = true;
    let (mut voiced, mut whole) = (0.0, 0.0);
    for e in events {
        if e["event"] == "step" {
            inside = e["step"] == step;
        } else if inside && e["event"] == "speak" && e["step"] == step {
            let (v, w) = rendered_seconds(t, lang, e["text"].as_str().unwrap());
            voiced += v;
            whole += w;
        }
    }
    (voiced, whole)
}

/// The first step is heard whole: as long as its rendering, and not clipped.
fn first_step_is_heard(lang: &str) {
    let Some(t) = Tebiki::with_speech_data() else {
        return;
    };
    // English is Kokoro's when it is installed.
    let (_alone, _shared) = if lang == "en" {
        (Some(kokoro_turn()), None)
    } else {
        (None, Some(shared_turn()))
    };
    let (full, whole) = first_step_seconds(&t, lang, "turn-off-wifi");
    let Some(rig) = Rig::start() else { return };
    let run = t.start_run(&["turn-off-wifi", "--lang", lang], &rig.env());
    run.wait_audio_start("intro");
    // Generous: on a busy machine the sound may come late, never short.
    std::thread::sleep(Duration::from_secs_f32(whole * 1.25 + 3.0));
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
    // The PulseAudio plugin answers EIO until the server has timing; the stream's
    // worker used to ask again thousands of times a second (2–50 k errors a start).
    let errors = named(&events, "audio_trouble")
        .last()
        .map_or(0, |e| e["errors"].as_u64().unwrap());
    assert!(
        errors < 100,
        "{errors} passing audio errors: a busy loop is back"
    );
}

#[test]
fn japanese_guide_is_heard_whole() {
    first_step_is_heard("ja");
}

#[test]
fn english_guide_is_heard_whole() {
    first_step_is_heard("en");
}

/// A key while a long step is spoken cuts it off at once, and the next step follows
/// without overlap.
#[test]
fn a_key_cuts_a_long_step_short() {
    let _turn = shared_turn();
    let Some(t) = Tebiki::with_speech_data() else {
        return;
    };
    let Some(rig) = Rig::start() else { return };
    let mut run = t.start_run(&["turn-off-wifi", "--lang", "ja"], &rig.env());
    run.wait_audio_start("intro");
    std::thread::sleep(Duration::from_millis(1500));
    run.key("next");
    run.wait_audio_start("which-phone");
    let events = run.events();
    let (full_first, _) = step_seconds(&t, "ja", &events, "intro");
    let (full_second, whole_second) = step_seconds(&t, "ja", &events, "which-phone");
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

/// `t`'s command with no sound server to reach (a socket that is not there).
fn without_sound_server(t: &Tebiki) -> assert_cmd::Command {
    let runtime = t.dir("runtime");
    std::fs::create_dir_all(&runtime).unwrap();
    let mut cmd = t.cmd();
    cmd.env("XDG_RUNTIME_DIR", &runtime)
        .env("PULSE_SERVER", format!("unix:{}/none", runtime.display()));
    cmd
}

/// No sound server: the guide goes on in text, says so once, and ALSA's noise stays
/// off the screen.
#[test]
fn without_a_sound_server_the_guide_goes_on_as_text() {
    let _turn = shared_turn();
    let Some(t) = Tebiki::with_speech_data() else {
        return;
    };
    let events = t.events_path();
    let out = without_sound_server(&t)
        .args([
            "run",
            "turn-off-wifi",
            "--lang",
            "ja",
            "--plain",
            "--events",
        ])
        .arg(&events)
        // Intro, then the choice of phone, then the first Android step.
        .write_stdin("next\n1\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{:?}\n{}\n{stderr}",
        out.status,
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!stderr.contains("ALSA lib"), "{stderr}");
    // Why, in the listener's words; the sound library's own are for the log.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("音を出す装置が見つかりません"), "{stdout}");
    assert!(!stdout.contains("no sound device"), "{stdout}");
    let events = read_events(&events);
    let fallback = named(&events, "fallback");
    assert_eq!(fallback.len(), 1, "{events:?}");
    assert_eq!(fallback[0]["to"], "text");
    assert!(
        fallback[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("no sound device"),
        "{events:?}"
    );
    assert_eq!(named(&events, "finish").len(), 1);
    assert!(named(&events, "audio_start").is_empty());
    assert_eq!(named(&events, "step").len(), 3);
}

/// A run that ends while its voices are still loading (no sound server: the guide is
/// over in a few milliseconds, Kokoro and jtalk load on threads of their own) exits
/// with 0. The speech libraries' exit handlers, run while a load was inside ONNX
/// Runtime, crashed it about one time in five at the right moment (SIGSEGV), and one in
/// 500 of these runs in CI: ending is timed across that moment here.
#[test]
fn a_run_that_ends_while_voices_load_exits_cleanly() {
    let _turn = shared_turn();
    if !common::test_hooks() {
        return;
    }
    let Some(t) = Tebiki::with_speech_data() else {
        return;
    };
    for delay_ms in (4..=60).step_by(2) {
        let out = without_sound_server(&t)
            .env("TEBIKI_TEST_END_DELAY_MS", delay_ms.to_string())
            .args([
                "run",
                "turn-off-wifi",
                "--lang",
                "ja",
                "--plain",
                "--restart",
            ])
            .write_stdin("next\n")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "ended {delay_ms} ms late: {:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `doctor` finds everything that `auto` needs when the rig plays.
#[test]
fn doctor_is_happy_with_sound_and_data() {
    let _turn = kokoro_turn();
    let Some(t) = Tebiki::with_speech_data() else {
        return;
    };
    let Some(rig) = Rig::start() else { return };
    let out = t.cmd().envs(rig.env()).arg("doctor").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}");
    assert!(out.status.success(), "{stdout}");
    drop(rig);
}

/// The sound server goes away in the middle of a guide: the guide goes on as text,
/// says why once, keeps its place, and finishes.
#[test]
fn sound_that_goes_away_mid_guide_falls_back_to_text() {
    let _turn = shared_turn();
    let Some(t) = Tebiki::with_speech_data() else {
        return;
    };
    let Some(rig) = Rig::start() else { return };
    // eSpeak NG: the sound is what goes away here, not the engine under test.
    let mut run = t.start_run(
        &["call-support", "--lang", "en", "--engine", "espeak"],
        &rig.env(),
    );
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
    let _turn = shared_turn();
    if !common::test_hooks() {
        return;
    }
    let Some(t) = Tebiki::with_speech_data() else {
        return;
    };
    let Some(rig) = Rig::start() else { return };
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
    let mut env = rig.env();
    env.push(("TEBIKI_TEST_FAIL_TEXT", marker));
    // eSpeak NG renders the whole sentence as one piece (Kokoro would cut its opening
    // off, and the marker with it).
    let mut run = t.start_run(
        &["call-support", "--lang", "en", "--engine", "espeak"],
        &env,
    );
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

/// Smoke test of the `system` engine: the system's own voice (speech-dispatcher, which
/// `say` starts on demand, in the rig's runtime folder) is heard, within time-outs.
#[test]
fn the_system_voice_speaks_into_the_rig() {
    let _turn = shared_turn();
    let Some(rig) = Rig::start() else { return };
    let t = Tebiki::new();
    let started = Instant::now();
    let out = t
        .cmd()
        .envs(rig.env())
        // speech-dispatcher, started by `say`, stops at once if LANG names a locale
        // the machine has not generated (the harness's en_US.UTF-8 may be one).
        .env("LANG", "C.UTF-8")
        .args(["say", "--engine", "system", "--lang", "en"])
        .arg("Hello, this is the voice of the system.")
        .output()
        .unwrap();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    std::thread::sleep(Duration::from_millis(500));
    let heard = rig.stop().voiced_seconds();
    eprintln!("system: heard {heard:.2} s; say took {took:?}");
    assert!(took < Duration::from_secs(30), "{took:?}");
    if !out.status.success() || heard == 0.0 {
        return common::missing(&format!(
            "the system voice said nothing (exit {:?}): install speech-dispatcher and \
             speech-dispatcher-espeak-ng (scripts/setup.sh --deps); {stderr}",
            out.status.code()
        ));
    }
    assert!(heard > 0.8, "heard {heard} s");
}

/// Kokoro plays into the rig in both languages: heard, for about as long as it
/// renders, through its own engine (no `fallback`). What is measured is whether the
/// sound arrives, not how late the device's callbacks were: on a busy machine a
/// callback may be late without the listener missing a word.
#[test]
fn kokoro_speaks_into_the_rig_in_both_languages() {
    let _turn = kokoro_turn();
    let Some(t) = Tebiki::with_speech_data() else {
        return;
    };
    if !kokoro_installed() {
        return common::missing("Kokoro is not installed: run scripts/setup.sh");
    }
    for (lang, voice, text) in [
        (
            "ja",
            "jm_kumo",
            "まず、設定を開きます。次に、Wi-Fiをオフにします。",
        ),
        (
            "en",
            "am_michael",
            "First, open Settings. Then turn off Wi-Fi.",
        ),
    ] {
        let (rendered, _) = {
            let wav = t.dir(&format!("kokoro-{lang}.wav"));
            let out = t
                .cmd()
                .args([
                    "say", "--engine", "kokoro", "--voice", voice, "--lang", lang,
                ])
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
            let (samples, rate) = common::wav_samples(&wav);
            (voiced_seconds(&samples, rate), samples.len())
        };
        let Some(rig) = Rig::start() else { return };
        let events = t.dir(&format!("kokoro-{lang}.jsonl"));
        let out = t
            .cmd()
            .envs(rig.env())
            .args([
                "say", "--engine", "kokoro", "--voice", voice, "--lang", lang,
            ])
            .arg("--events")
            .arg(&events)
            .arg(text)
            .output()
            .unwrap();
        std::thread::sleep(Duration::from_millis(500));
        let capture = rig.stop();
        let heard = capture.voiced_seconds();
        eprintln!("kokoro {lang} ({voice}): heard {heard:.2} s of {rendered:.2} s rendered");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let events = read_events(&events);
        assert!(named(&events, "fallback").is_empty(), "{events:?}");
        assert!(rendered > 1.5, "{lang}: rendered only {rendered} s");
        // Played, the first clause is rendered alone: a little more sound than the
        // file's (measured 1.09–1.13×); less than 0.8 of it means sound was lost.
        assert!(
            heard > rendered * 0.8 && heard < rendered * 1.35,
            "{lang}: heard {heard} s of {rendered} s"
        );
        assert!(capture.peak() < 0.99, "clipped: {}", capture.peak());
    }
}

/// Whether the Kokoro model and its voices are installed for this user.
fn kokoro_installed() -> bool {
    let paths = tebiki::paths::Paths::from_env().unwrap();
    let data = tebiki::speech::data::SpeechData::new(&paths.data_dir);
    tebiki::speech::model::ModelData::new(data.dir())
        .installed_voices()
        .len()
        >= 4
}

/// On a computer too slow for Kokoro (made so by a test hook that counts its rendering
/// four times over), `auto` hands English to eSpeak NG in the middle of the first step:
/// a `fallback` event naming the step, the step said again from its start in the new
/// voice at once, and the guide goes on with sound. The next session starts with eSpeak
/// NG (for a week: `speech::pace`).
#[test]
fn english_goes_on_with_espeak_when_kokoro_is_too_slow_here() {
    let _turn = kokoro_turn();
    if !common::test_hooks() {
        return;
    }
    let Some(t) = Tebiki::with_speech_data() else {
        return;
    };
    if !kokoro_installed() {
        return common::missing("Kokoro is not installed: run scripts/setup.sh");
    }
    let Some(rig) = Rig::start() else { return };
    let mut env = rig.env();
    env.push(("TEBIKI_TEST_SLOWER", "4".into()));
    let mut run = t.start_run(&["my-au-login", "--lang", "en"], &env);
    let deadline = Instant::now() + Duration::from_mins(1);
    let fallback = loop {
        if let Some(f) = named(&run.events(), "fallback").first() {
            break (*f).clone();
        }
        assert!(Instant::now() < deadline, "no fallback: {:?}", run.events());
        std::thread::sleep(Duration::from_millis(50));
    };
    // The step again, in eSpeak NG's voice.
    let said_again = |events: &[Value]| {
        let fell_back = events.iter().position(|e| e["event"] == "fallback");
        fell_back.is_some_and(|i| {
            events[i..]
                .iter()
                .any(|e| e["event"] == "audio_start" && e["step"] == "intro")
        })
    };
    while !said_again(&run.events()) {
        assert!(
            Instant::now() < deadline,
            "the step was not said again: {:?}",
            run.events()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_secs(2));
    run.key("next");
    run.wait_audio_start("need-phone");
    let (events, _) = run.finish();
    let capture = rig.stop();
    assert_eq!(events[0]["engines"]["en"], "kokoro", "{:?}", events[0]);
    assert_eq!(fallback["from"], "kokoro");
    assert_eq!(fallback["to"], "espeak");
    assert_eq!(fallback["step"], "intro");
    assert!(
        fallback["reason"].as_str().unwrap().contains("too slow"),
        "{fallback}"
    );
    assert_eq!(named(&events, "fallback").len(), 1, "{events:?}");
    let heard = capture.voiced_seconds();
    assert!(heard > 4.0, "heard only {heard} s");
    // The next session starts with eSpeak NG and says why.
    let Some(rig) = Rig::start() else { return };
    let run = t.start_run(&["my-au-login", "--lang", "en"], &rig.env());
    run.wait_audio_start("intro");
    let (events, _) = run.finish();
    drop(rig);
    let start = named(&events, "start")[0].clone();
    assert_eq!(start["engines"]["en"], "espeak", "{start}");
    let fallback = named(&events, "fallback");
    assert_eq!(fallback.len(), 1, "{events:?}");
    assert_eq!(fallback[0]["from"], "kokoro");
    assert!(
        fallback[0]["reason"]
            .as_str()
            .unwrap()
            .contains("passed over"),
        "{}",
        fallback[0]
    );
}

/// `say` hands a long text to eSpeak NG when Kokoro is too slow (the test hook), says it
/// again from its start, and ends when that is heard (not at its time-out).
#[test]
fn say_goes_on_with_espeak_when_kokoro_is_too_slow_here() {
    if !common::test_hooks() {
        return;
    }
    let _turn = kokoro_turn();
    let Some(t) = Tebiki::with_speech_data() else {
        return;
    };
    if !kokoro_installed() {
        return common::missing("Kokoro is not installed: run scripts/setup.sh");
    }
    let Some(rig) = Rig::start() else { return };
    let events = t.dir("say.jsonl");
    let out = t
        .cmd()
        .envs(rig.env())
        .env("TEBIKI_TEST_SLOWER", "4")
        .args(["say", "--lang", "en", "--events"])
        .arg(&events)
        .arg(
            "This is not an official guide. The screens may look different from what I \
             describe. I will never ask for your password or read it out. You type it \
             yourself. The most important thing first: Wi-Fi must be off on your phone.",
        )
        .output()
        .unwrap();
    let capture = rig.stop();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("too slow"), "{stderr}");
    let events = read_events(&events);
    let fallback = named(&events, "fallback");
    assert_eq!(fallback.len(), 1, "{events:?}");
    assert_eq!(fallback[0]["to"], "espeak");
    assert_eq!(named(&events, "audio_start").len(), 2, "{events:?}");
    // eSpeak NG's whole text (about 15 s) was heard after the switch.
    let heard = capture.voiced_seconds();
    assert!(heard > 10.0, "heard only {heard} s");
}
