//! `system`: the operating system's voices through the `tts` crate (speech-dispatcher
//! on Linux). `Tts` is `Rc`-based, so it lives on a thread of its own, fed by a
//! channel. It plays by itself (no PCM comes back), and its "finished" callback may
//! never come (speech-dispatcher without a sound server): every wait has a time-out.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use tts::Tts;

use super::backend::{
    Backend, Env, Features, Missing, Opened, Opening, Output, OwnVoice, Renderers, VoiceInfo, Want,
};
use crate::l10n::Lang;

/// The `system` engine: the operating system's voices, which play by themselves.
pub struct System;

impl System {
    /// Japanese needs a Japanese voice (speech-dispatcher's eSpeak reads it as "Chinese
    /// letter", which is no use); other languages take the default voice.
    fn open_for(lang: &Lang) -> Result<SystemSpeaker, Missing> {
        let japanese = *lang == Lang::ja();
        SystemSpeaker::open(japanese.then_some(lang)).map_err(|detail| {
            if detail == NO_VOICE {
                Missing::SystemLanguage { lang: lang.clone() }
            } else {
                Missing::Service { detail }
            }
        })
    }
}

impl Backend for System {
    fn name(&self) -> &'static str {
        "system"
    }

    fn speaks(&self, _lang: &Lang) -> bool {
        true
    }

    fn auto_rank(&self, _lang: &Lang) -> Option<u8> {
        Some(50)
    }

    fn features(&self) -> Features {
        Features {
            output: Output::ItSelf,
            stop: true,
            rate: true,
            volume: false,
            renderers: Renderers::One,
            opening: Opening::Sentence,
        }
    }

    fn voices(&self, _lang: &Lang) -> Vec<VoiceInfo> {
        // The system's voices are listed by `voices` (they are many, and slow to list),
        // and chosen by the system: none is a `--voice` name.
        Vec::new()
    }

    fn own_voices(&self, lang: &Lang) -> Option<Result<Vec<String>, Missing>> {
        Some(voices(lang).map_err(|detail| Missing::Service { detail }))
    }

    fn probe(&self, _env: &Env, lang: &Lang, _want: Want<'_>) -> Result<String, Missing> {
        System::open_for(lang).map(|_| String::new())
    }

    fn open(&self, _env: &Env, lang: &Lang, _voice: &str) -> Result<Opened, Missing> {
        System::open_for(lang).map(|s| Opened::ItSelf(Box::new(s)))
    }
}

impl OwnVoice for SystemSpeaker {
    fn say(&self, text: &str, rate: f32, done: Box<dyn FnOnce() + Send>) {
        SystemSpeaker::say(self, text, rate, done);
    }

    fn stop(&self) {
        SystemSpeaker::stop(self);
    }
}

/// What `start` says when the system has no voice for the language.
const NO_VOICE: &str = "the system has no voice for this language";

/// How long speech-dispatcher may take to start (it is spawned on first use).
const OPEN_TIMEOUT: Duration = Duration::from_secs(6);

enum Command {
    Say {
        text: String,
        rate: f32,
        done: Box<dyn FnOnce() + Send>,
    },
    Stop,
    Ended,
}

/// A running system voice.
pub struct SystemSpeaker {
    tx: mpsc::Sender<Command>,
}

impl SystemSpeaker {
    /// Starts the system voice on its own thread. With `need_lang`, it must have a
    /// voice for that language (speech-dispatcher's eSpeak reads Japanese as
    /// "Chinese letter", which is no use).
    pub fn open(need_lang: Option<&Lang>) -> Result<SystemSpeaker, String> {
        let (tx, rx) = mpsc::channel();
        let (ready_tx, ready_rx) = mpsc::channel();
        let need = need_lang.map(|l| l.as_str().to_string());
        let own_tx = tx.clone();
        thread::Builder::new()
            .name("tebiki-system-voice".into())
            .spawn(move || {
                let tts = match start(need.as_deref(), own_tx) {
                    Ok(tts) => {
                        let _ = ready_tx.send(Ok(()));
                        tts
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                run(tts, &rx);
            })
            .map_err(|e| e.to_string())?;
        match ready_rx.recv_timeout(OPEN_TIMEOUT) {
            Ok(Ok(())) => Ok(SystemSpeaker { tx }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err("the system voice did not answer in time".into()),
        }
    }

    /// Says `text`; `done` runs when it has been said, or when it surely should have.
    pub fn say(&self, text: &str, rate: f32, done: Box<dyn FnOnce() + Send>) {
        let _ = self.tx.send(Command::Say {
            text: text.to_string(),
            rate,
            done,
        });
    }

    pub fn stop(&self) {
        let _ = self.tx.send(Command::Stop);
    }
}

/// The system's voice names for `lang` (may take a couple of seconds: the backend
/// lists thousands of variants). On its own thread, with a time-out.
pub fn voices(lang: &Lang) -> Result<Vec<String>, String> {
    let (tx, rx) = mpsc::channel();
    let lang = lang.as_str().to_string();
    thread::Builder::new()
        .name("tebiki-system-voices".into())
        .spawn(move || {
            let result = Tts::default().map_err(|e| e.to_string()).and_then(|tts| {
                tts.voices().map_err(|e| e.to_string()).map(|voices| {
                    let mut names: Vec<String> = voices
                        .iter()
                        .filter(|v| v.language().primary_language() == lang)
                        .map(tts::Voice::name)
                        .collect();
                    names.sort();
                    names.dedup();
                    names
                })
            });
            let _ = tx.send(result);
        })
        .map_err(|e| e.to_string())?;
    rx.recv_timeout(OPEN_TIMEOUT * 2)
        .map_err(|_| "the system voice did not answer in time".to_string())?
}

fn start(need: Option<&str>, tx: mpsc::Sender<Command>) -> Result<Tts, String> {
    let mut tts = Tts::default().map_err(|e| e.to_string())?;
    if let Some(lang) = need {
        let voices = tts.voices().map_err(|e| e.to_string())?;
        let voice = voices
            .iter()
            .find(|v| v.language().primary_language() == lang)
            .ok_or_else(|| NO_VOICE.to_string())?;
        tts.set_voice(voice).map_err(|e| e.to_string())?;
    }
    let end_tx = std::sync::Mutex::new(tx);
    let _ = tts.on_utterance_end(Some(Box::new(move |_| {
        if let Ok(tx) = end_tx.lock() {
            let _ = tx.send(Command::Ended);
        }
    })));
    Ok(tts)
}

/// A generous guess of how long `text` takes to say, for the time-out.
fn expected(text: &str, rate: f32) -> Duration {
    let chars = text.chars().count() as f32;
    Duration::from_secs_f32(3.0 + chars / (8.0 * rate.max(0.5)))
}

fn run(mut tts: Tts, rx: &mpsc::Receiver<Command>) {
    let mut waiting: Option<(Instant, Box<dyn FnOnce() + Send>)> = None;
    loop {
        let msg = match &waiting {
            Some((deadline, _)) => {
                match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                    Ok(m) => m,
                    Err(mpsc::RecvTimeoutError::Timeout) => Command::Ended,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            None => match rx.recv() {
                Ok(m) => m,
                Err(_) => return,
            },
        };
        match msg {
            Command::Say { text, rate, done } => {
                if let Some((_, previous)) = waiting.take() {
                    previous();
                }
                let _ = tts.set_rate(tts_rate(&tts, rate));
                if tts.speak(text.as_str(), false).is_ok() {
                    waiting = Some((Instant::now() + expected(&text, rate), done));
                } else {
                    done();
                }
            }
            Command::Stop => {
                // What was cut off will never be "done": its generation is over.
                waiting = None;
                let _ = tts.stop();
            }
            Command::Ended => {
                if let Some((_, done)) = waiting.take() {
                    done();
                }
            }
        }
    }
}

/// tebiki's rate (1.0 ≈ 145 words a minute) on the backend's scale, where the normal
/// rate is about 175 words a minute.
fn tts_rate(tts: &Tts, rate: f32) -> f32 {
    let factor = rate * 145.0 / 175.0;
    let (min, normal, max) = (tts.min_rate(), tts.normal_rate(), tts.max_rate());
    if factor >= 1.0 {
        normal + (factor - 1.0) / 2.0 * (max - normal)
    } else {
        normal - (1.0 - factor) / 0.6 * (normal - min)
    }
    .clamp(min, max)
}

// The smoke test of this engine is end to end, in the sound rig: tests/sound.rs,
// `the_system_voice_speaks_into_the_rig`.
