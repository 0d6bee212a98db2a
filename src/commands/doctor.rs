//! `tebiki doctor`: checks sound output and each engine, and says in the listener's
//! language what to install or run. Exit 0 when what `auto` needs for both languages
//! works (a sound device, jtalk with a voice, espeak); other findings are notes.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::Context;
use crate::audio::Output;
use crate::error::Error;
use crate::l10n::{arg, Arg, Lang};
use crate::speech::data::JA_VOICES;
use crate::speech::{EspeakSpeaker, JtalkSpeaker, Speaker, SystemSpeaker};

struct Report<'a> {
    ctx: &'a Context,
    ok: bool,
}

impl Report<'_> {
    fn line(&self, label: &str, id: &str, args: &[Arg<'_>]) {
        let label = self.ctx.l10n.text(&self.ctx.lang, label);
        // The advice names what exists on this platform (apt, PulseAudio, the zip…).
        let mut args = args.to_vec();
        args.push(arg("platform", crate::platform::NAME));
        let text = self.ctx.l10n.text_args(&self.ctx.lang, id, &args);
        println!("{label}: {}", crate::ui::clean(&text));
    }
    fn good(&self, id: &str, args: &[Arg<'_>]) {
        self.line("doctor-ok", id, args);
    }
    fn bad(&mut self, id: &str, args: &[Arg<'_>]) {
        self.ok = false;
        self.line("doctor-problem", id, args);
    }
    fn note(&self, id: &str, args: &[Arg<'_>]) {
        self.line("doctor-note", id, args);
    }
}

fn ms(since: Instant) -> String {
    since.elapsed().as_millis().to_string()
}

pub fn run(ctx: &Context) -> Result<(), Error> {
    let mut r = Report { ctx, ok: true };
    // Sound device.
    match Output::open(Arc::new(AtomicU64::new(0)), Box::new(|_| {})) {
        Ok(output) => {
            std::thread::sleep(Duration::from_millis(150));
            r.good(
                "doctor-sound-ok",
                &[
                    arg("rate", output.rate),
                    arg("latency", output.latency().as_millis().to_string()),
                ],
            );
        }
        Err(reason) => r.bad("doctor-sound-missing", &[arg("reason", reason)]),
    }
    // Japanese: dictionary and voices.
    let data = ctx.paths.speech_data();
    let dictionary = data.dictionary_dir().display().to_string();
    if data.has_dictionary() {
        r.good("doctor-dictionary-ok", &[arg("dir", dictionary)]);
    } else {
        r.bad("doctor-dictionary-missing", &[arg("dir", dictionary)]);
    }
    let mut ja_works = false;
    for voice in JA_VOICES {
        let path = data.voice_path(voice);
        if !path.is_file() {
            let args = [
                arg("name", voice.name),
                arg("path", path.display().to_string()),
            ];
            r.note("doctor-voice-missing", &args);
            continue;
        }
        if !data.has_dictionary() {
            continue;
        }
        let started = Instant::now();
        let result = JtalkSpeaker::load(&data.dictionary_dir(), &path, voice)
            .and_then(|s| s.synthesize("こんにちは。", 1.0).map_err(|e| e.0));
        match result {
            Ok(pcm) if pcm.rms() > 0.001 => {
                ja_works = true;
                r.good(
                    "doctor-voice-ok",
                    &[arg("name", voice.name), arg("ms", ms(started))],
                );
            }
            Ok(_) => r.note(
                "doctor-voice-broken",
                &[arg("name", voice.name), arg("reason", "silent")],
            ),
            Err(e) => r.note(
                "doctor-voice-broken",
                &[arg("name", voice.name), arg("reason", e)],
            ),
        }
    }
    if !ja_works {
        r.bad("doctor-no-japanese", &[]);
    }
    // English: eSpeak NG.
    let started = Instant::now();
    match EspeakSpeaker::open("en-us").and_then(|s| s.synthesize("Hello.", 1.0).map_err(|e| e.0)) {
        Ok(_) => r.good("doctor-espeak-ok", &[arg("ms", ms(started))]),
        Err(e) => r.bad("doctor-espeak-missing", &[arg("reason", e)]),
    }
    // speech-dispatcher: a note only.
    match SystemSpeaker::open(None) {
        Ok(_) => r.good("doctor-system-ok", &[]),
        Err(e) => r.note("doctor-system-missing", &[arg("reason", e)]),
    }
    match SystemSpeaker::open(Some(&Lang::ja())) {
        Ok(_) => r.note("doctor-system-japanese", &[]),
        Err(_) => r.note("doctor-system-no-japanese", &[]),
    }
    if r.ok {
        println!("{}", ctx.text("doctor-all-good"));
        Ok(())
    } else {
        println!("{}", ctx.text("doctor-fix"));
        Err(Error::DoctorFailed)
    }
}
