//! Speech: the only module that knows the list of engines. The session asks for a
//! `Speech` and tells it what to say; it never names an engine. Saying never blocks:
//! `say` queues, `stop` cuts off at once, and a notice reports when all that was
//! queued has been heard.
//!
//! Threads: `say` hands work to a synthesis thread (engine → PCM → cache → device
//! queue); a second thread renders prefetched text into the same cache; the audio
//! thread (`crate::audio`) plays and reports back. The `system` engine plays by itself
//! on a thread of its own.

pub mod cache;
pub mod data;
pub mod disk;
mod espeak;
mod jtalk;
pub mod kokoro;
pub mod pcm;
mod system;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::thread;

use serde_json::json;

use crate::audio::{Clip, Output, Report};
use crate::events::EventLog;
use crate::l10n::Lang;
use crate::player::{Chime, Utterance};
use cache::{Cache, Key};
use data::SpeechData;
use disk::DiskCache;
use pcm::{ChimeKind, Pcm, Resamplers};

pub use espeak::EspeakSpeaker;
pub use jtalk::JtalkSpeaker;
pub use system::{voices as system_voices, SystemSpeaker};

/// The engines of SPEC.md, as `--engine` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Engine {
    System,
    Jtalk,
    Espeak,
    Text,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::System => "system",
            Engine::Jtalk => "jtalk",
            Engine::Espeak => "espeak",
            Engine::Text => "text",
        }
    }

    /// Whether the engine can speak `lang` at all. eSpeak NG never gets Japanese;
    /// Open JTalk speaks only Japanese.
    pub fn speaks(self, lang: &Lang) -> bool {
        let ja = *lang == Lang::ja();
        match self {
            Engine::Jtalk => ja,
            Engine::Espeak => !ja,
            Engine::System | Engine::Text => true,
        }
    }

    /// SPEC.md's fallback order for `auto`.
    pub fn auto_order(lang: &Lang) -> [Engine; 3] {
        if *lang == Lang::ja() {
            [Engine::Jtalk, Engine::System, Engine::Text]
        } else {
            [Engine::Espeak, Engine::System, Engine::Text]
        }
    }
}

/// What `--engine` asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineRequest {
    Auto,
    Named(Engine),
}

impl EngineRequest {
    pub fn parse(name: &str) -> Option<EngineRequest> {
        Some(match name {
            "auto" => EngineRequest::Auto,
            "system" => EngineRequest::Named(Engine::System),
            "jtalk" => EngineRequest::Named(Engine::Jtalk),
            "espeak" => EngineRequest::Named(Engine::Espeak),
            "text" => EngineRequest::Named(Engine::Text),
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// A multiple of tebiki's normal rate, 0.5–2.0.
    pub rate: f32,
    pub volume: f32,
    pub chime: bool,
    /// The chosen voice per language.
    pub voices: BTreeMap<Lang, String>,
}

/// What the speech side reports to the session.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Everything queued in generation `generation` has been said.
    Done { generation: u64 },
    /// Sound failed; from now on the guide goes on as text.
    Fallback {
        from: Engine,
        to: Engine,
        reason: String,
    },
    /// The engine could not say one utterance; it is shown only, and speech goes on
    /// with the next.
    Skipped { from: Engine, reason: String },
}

/// Why a sentence could not be rendered.
enum Failure {
    /// The engine itself is gone or never loaded: the rest of the guide is text.
    Engine(String),
    /// This text could not be synthesised: only this utterance is text.
    Utterance(String),
}

/// Why an engine asked for by name cannot be used (exit 3).
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error("engine `{engine}` is not available: {reason}")]
    Unavailable {
        engine: &'static str,
        reason: String,
    },
}

pub type NoticeSink = Box<dyn Fn(Notice) + Send + Sync>;

/// An engine that renders text to PCM.
pub trait Speaker: Send + Sync {
    /// `rate` is tebiki's rate: 1.0 is its own normal for older listeners.
    fn synthesize(&self, text: &str, rate: f32) -> Result<Pcm, SpeakError>;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SpeakError(pub String);

/// The pause after a sentence, at `--rate 1.0`.
const SENTENCE_PAUSE: f32 = 0.45;
/// The pause after an utterance (before a chime or the next utterance).
const UTTERANCE_PAUSE: f32 = 0.35;
/// Rendered speech kept in memory: 6 M samples, 24 MB.
const CACHE_SAMPLES: usize = 6_000_000;

/// The sentences of `text`, each with its closing punctuation: they are rendered one
/// by one (the first sounds sooner) with a clear pause between them.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            push_sentence(&mut out, &mut current);
            continue;
        }
        current.push(c);
        let ends = match c {
            '。' | '！' | '？' | '!' | '?' => true,
            // A full stop ends an English sentence only before a space: not in "1.5".
            '.' => chars.peek().is_none_or(|n| n.is_whitespace()),
            _ => false,
        };
        if ends {
            while let Some(&n) = chars.peek() {
                if matches!(n, '」' | '』' | '）' | ')' | '"' | '”' | '’') {
                    current.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            push_sentence(&mut out, &mut current);
        }
    }
    push_sentence(&mut out, &mut current);
    out
}

fn push_sentence(out: &mut Vec<String>, current: &mut String) {
    let s = current.trim();
    if s.chars().any(char::is_alphanumeric) {
        out.push(s.to_string());
    }
    current.clear();
}

/// The engines that have been loaded, shared by the synthesis and prefetch threads.
/// A speaker that another thread is still loading.
type Loading<T> = Arc<OnceLock<Result<Arc<T>, String>>>;

struct Loaded {
    jtalk: Option<(Loading<JtalkSpeaker>, String)>,
    espeak: Option<(Arc<EspeakSpeaker>, String)>,
}

impl Loaded {
    /// The voice name of `engine`, known before its speaker has loaded.
    fn voice(&self, engine: Engine) -> Option<&str> {
        match engine {
            Engine::Jtalk => self.jtalk.as_ref().map(|(_, v)| v.as_str()),
            Engine::Espeak => self.espeak.as_ref().map(|(_, v)| v.as_str()),
            Engine::System | Engine::Text => None,
        }
    }

    /// The speaker for `engine` and its voice name; waits for the dictionary if it is
    /// still loading.
    fn speaker(&self, engine: Engine) -> Result<(Arc<dyn Speaker>, &str), String> {
        match (engine, &self.jtalk, &self.espeak) {
            (Engine::Jtalk, Some((lazy, voice)), _) => match lazy.wait() {
                Ok(s) => Ok((s.clone(), voice.as_str())),
                Err(e) => Err(e.clone()),
            },
            (Engine::Espeak, _, Some((s, voice))) => Ok((s.clone(), voice.as_str())),
            _ => Err(format!("{} is not loaded", engine.name())),
        }
    }
}

/// Renders one sentence for the device: synthesis, trimmed silence, volume without
/// clipping, the pause after it, the device's rate.
fn render(
    speaker: &dyn Speaker,
    text: &str,
    rate: f32,
    volume: f32,
    pause: f32,
    device_rate: u32,
    resamplers: &mut Resamplers,
) -> Result<Pcm, SpeakError> {
    let mut pcm = speaker.synthesize(text, rate)?.trimmed(0.03).scaled(volume);
    let pause = pcm::Pcm::silence(pcm.rate, pause / rate.max(0.1));
    pcm.samples.extend_from_slice(&pause.samples);
    Ok(pcm.resampled(device_rate, resamplers))
}

/// A whole text rendered at the engine's own rate, with pauses between sentences:
/// what `say --out` writes.
pub fn render_text(
    speaker: &dyn Speaker,
    text: &str,
    settings: &Settings,
) -> Result<Pcm, SpeakError> {
    let mut out = Pcm::default();
    for pcm in synthesize_all(speaker, &sentences(text), settings.rate) {
        let pcm = pcm?;
        if out.rate == 0 {
            out.rate = pcm.rate;
        }
        out.append(&pcm, SENTENCE_PAUSE / settings.rate.max(0.1));
    }
    let tail = frames_of(out.rate, UTTERANCE_PAUSE);
    out.samples.extend(std::iter::repeat_n(0.0, tail));
    Ok(out.scaled(settings.volume))
}

/// Synthesizes and trims `sentences` on as many threads as there are cores (an engine
/// renders one sentence on one core): `say --out` and export; the results in order.
fn synthesize_all(
    speaker: &dyn Speaker,
    sentences: &[String],
    rate: f32,
) -> Vec<Result<Pcm, SpeakError>> {
    let threads = thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(sentences.len());
    if threads <= 1 {
        return sentences
            .iter()
            .map(|s| speaker.synthesize(s, rate).map(|p| p.trimmed(0.03)))
            .collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Result<Pcm, SpeakError>)>> = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(sentence) = sentences.get(i) else {
                    break;
                };
                let pcm = speaker.synthesize(sentence, rate).map(|p| p.trimmed(0.03));
                if let Ok(mut d) = done.lock() {
                    d.push((i, pcm));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_default();
    done.sort_by_key(|(i, _)| *i);
    if done.len() != sentences.len() {
        return vec![Err(SpeakError("a synthesis thread failed".into()))];
    }
    done.into_iter().map(|(_, pcm)| pcm).collect()
}

/// How much lower than the rest of tebiki background work runs (a nice value).
const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's priority, and that of the threads it starts: work done
/// ahead of time (prefetch, writing the disk cache) gives way to what is heard now, the
/// sound device's thread and the current step's synthesis. On a two-core machine the
/// device's thread was late for its buffer while both cores rendered the next steps.
/// Any user may lower their own priority; Linux keeps it per thread.
pub(crate) fn in_background() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), BACKGROUND_NICE);
}

fn frames_of(rate: u32, seconds: f32) -> usize {
    (rate as f32 * seconds) as usize
}

/// Bookkeeping shared by the session's side and the threads.
struct State {
    generation: Arc<AtomicU64>,
    /// Items queued and not yet heard, for one generation.
    outstanding: Mutex<(u64, usize)>,
    text_only: AtomicBool,
    notify: NoticeSink,
    log: EventLog,
    /// Utterance tags waiting for their first sample: tag → step id.
    tags: Mutex<HashMap<u64, String>>,
}

impl State {
    fn current(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn begin_item(&self, generation: u64) {
        if let Ok(mut o) = self.outstanding.lock() {
            if o.0 != generation {
                *o = (generation, 0);
            }
            o.1 += 1;
        }
    }

    fn item_done(&self, generation: u64) {
        let done = match self.outstanding.lock() {
            Ok(mut o) if o.0 == generation && o.1 > 0 => {
                o.1 -= 1;
                o.1 == 0
            }
            _ => false,
        };
        if done && generation == self.current() {
            (self.notify)(Notice::Done { generation });
        }
    }

    /// Sound failed: say so once, then behave like text (everything counts as said).
    fn fail(&self, from: Engine, reason: String) {
        if self.text_only.swap(true, Ordering::AcqRel) {
            return;
        }
        (self.notify)(Notice::Fallback {
            from,
            to: Engine::Text,
            reason,
        });
        let generation = self.current();
        let pending = match self.outstanding.lock() {
            Ok(mut o) => std::mem::replace(&mut *o, (generation, 0)),
            Err(_) => (generation, 0),
        };
        if pending.0 == generation && pending.1 > 0 {
            (self.notify)(Notice::Done { generation });
        }
    }

    fn report(&self, report: Report, device_engine: Engine) {
        match report {
            Report::Started { tag, at } => {
                let step = self.tags.lock().ok().and_then(|mut t| t.remove(&tag));
                if let Some(step) = step {
                    self.log
                        .write_precise(at, "audio_start", json!({ "step": step }));
                }
            }
            Report::Stopped {
                at,
                latency,
                period_frames,
            } => {
                let latency_us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
                self.log.write_precise(
                    at,
                    "audio_stop",
                    json!({ "device_latency_us": latency_us, "period_frames": period_frames }),
                );
            }
            Report::Trouble {
                at,
                xruns,
                late,
                errors,
                last_error,
            } => {
                self.log.write_precise(
                    at,
                    "audio_trouble",
                    json!({
                        "xruns": xruns,
                        "late_callbacks": late,
                        "errors": errors,
                        "last_error": last_error,
                    }),
                );
            }
            Report::Played { generation } => self.item_done(generation),
            Report::Failed { reason } => self.fail(device_engine, reason),
        }
    }
}

enum Job {
    Say {
        generation: u64,
        tag: u64,
        engine: Engine,
        lang: Lang,
        text: String,
        rate: f32,
    },
    Chime {
        generation: u64,
        kind: ChimeKind,
    },
    /// Render ahead: texts the listener may ask for next, most likely first. Of the
    /// lists that wait, only the newest is rendered.
    Prefetch {
        texts: Vec<(Engine, Lang, String)>,
        rate: f32,
    },
}

/// The sound side: engines, cache, device. Absent in text-only mode.
struct Sound {
    output: Arc<Output>,
    jobs: mpsc::Sender<Job>,
    prefetch: mpsc::Sender<Job>,
}

/// The speech output of one session.
pub struct Speech {
    engines: BTreeMap<Lang, Engine>,
    state: Arc<State>,
    sound: Option<Sound>,
    system: Option<SystemSpeaker>,
    rate: f32,
    chime: bool,
    /// The engine of the last utterance.
    last_engine: Engine,
    next_tag: u64,
    /// Why there is no sound, when there is none.
    text_reason: Option<String>,
}

/// What `open` found for each engine.
struct Probe<'a> {
    data: Option<SpeechData>,
    settings: &'a Settings,
    espeak: Option<Result<Arc<EspeakSpeaker>, String>>,
    system: BTreeMap<bool, Result<(), String>>,
    system_speaker: Option<SystemSpeaker>,
}

impl Probe<'_> {
    fn check(&mut self, engine: Engine, lang: &Lang) -> Result<(), String> {
        match engine {
            Engine::Text => Ok(()),
            Engine::Jtalk => {
                let data = self.data.as_ref().ok_or("no home folder")?;
                if !data.has_dictionary() {
                    return Err(format!(
                        "the Japanese dictionary is not installed in {}",
                        data.dictionary_dir().display()
                    ));
                }
                let wanted = self.settings.voices.get(&Lang::ja()).map(String::as_str);
                data.ja_voice(wanted).map(|_| ()).ok_or_else(|| {
                    format!(
                        "no Japanese voice is installed in {}",
                        data.voices_dir().display()
                    )
                })
            }
            Engine::Espeak => {
                let voice = espeak_voice(self.settings, lang);
                self.espeak
                    .get_or_insert_with(|| EspeakSpeaker::open(&voice).map(Arc::new))
                    .as_ref()
                    .map(|_| ())
                    .map_err(Clone::clone)
            }
            Engine::System => {
                let japanese = *lang == Lang::ja();
                if let Some(r) = self.system.get(&japanese) {
                    return r.clone();
                }
                let result = SystemSpeaker::open(japanese.then_some(lang)).map(|s| {
                    self.system_speaker.get_or_insert(s);
                });
                self.system.insert(japanese, result.clone());
                result
            }
        }
    }
}

fn espeak_voice(settings: &Settings, lang: &Lang) -> String {
    settings.voices.get(lang).cloned().unwrap_or_else(|| {
        if *lang == Lang::en() {
            data::EN_VOICES[0].to_string()
        } else {
            lang.as_str().to_string()
        }
    })
}

impl Speech {
    /// Picks an engine per language (SPEC.md's fallback order) and starts it. Only an
    /// engine asked for by name that cannot be loaded is an error; no sound device
    /// means text, and a `fallback` event written here (later failures come as a
    /// `Notice::Fallback` for the session to log).
    pub fn open(
        request: EngineRequest,
        langs: &[Lang],
        settings: &Settings,
        log: EventLog,
        notify: NoticeSink,
    ) -> Result<Speech, SpeechError> {
        let data = crate::paths::Paths::from_env().map(|p| SpeechData::new(&p.data_dir));
        let mut probe = Probe {
            data,
            settings,
            espeak: None,
            system: BTreeMap::new(),
            system_speaker: None,
        };
        let mut engines = BTreeMap::new();
        for lang in langs {
            let chosen = match request {
                EngineRequest::Named(e) if e.speaks(lang) => {
                    probe
                        .check(e, lang)
                        .map_err(|reason| SpeechError::Unavailable {
                            engine: e.name(),
                            reason,
                        })?;
                    e
                }
                _ => Engine::auto_order(lang)
                    .into_iter()
                    .find(|e| probe.check(*e, lang).is_ok())
                    .unwrap_or(Engine::Text),
            };
            engines.insert(lang.clone(), chosen);
        }
        if let EngineRequest::Named(e) = request {
            if !langs.iter().any(|l| e.speaks(l)) {
                let lang = if e == Engine::Jtalk {
                    Lang::ja()
                } else {
                    Lang::en()
                };
                probe
                    .check(e, &lang)
                    .map_err(|reason| SpeechError::Unavailable {
                        engine: e.name(),
                        reason,
                    })?;
            }
        }
        let generation = Arc::new(AtomicU64::new(0));
        let state = Arc::new(State {
            generation: generation.clone(),
            outstanding: Mutex::new((0, 0)),
            text_only: AtomicBool::new(false),
            notify,
            log,
            tags: Mutex::new(HashMap::new()),
        });
        let mut speech = Speech {
            engines,
            state,
            sound: None,
            system: probe.system_speaker.take(),
            rate: settings.rate,
            chime: settings.chime,
            last_engine: Engine::Text,
            next_tag: 0,
            text_reason: None,
        };
        let device_engine = speech
            .engines
            .values()
            .copied()
            .find(|e| matches!(e, Engine::Jtalk | Engine::Espeak));
        if let Some(device_engine) = device_engine {
            let report_state = speech.state.clone();
            let report = Box::new(move |r| report_state.report(r, device_engine));
            // The dictionary loads while the device opens: both take a while.
            let loaded = speech.load(&mut probe);
            match Output::open(generation, report) {
                Ok(output) => {
                    speech.sound = Some(start_threads(
                        Arc::new(output),
                        loaded,
                        &speech.state,
                        settings.volume,
                    ));
                }
                Err(reason) => {
                    for e in speech.engines.values_mut() {
                        if matches!(e, Engine::Jtalk | Engine::Espeak) {
                            *e = Engine::Text;
                        }
                    }
                    // Logged here, not sent as a notice: the session may not read
                    // its channel again before it ends (piped keys).
                    speech.state.log.write(
                        "fallback",
                        json!({ "from": device_engine.name(), "to": "text", "reason": reason }),
                    );
                    speech.text_reason = Some(reason);
                }
            }
        }
        if speech.engines.values().all(|e| *e == Engine::Text) {
            speech.state.text_only.store(true, Ordering::Release);
        }
        Ok(speech)
    }

    /// Starts loading what the chosen engines need: the dictionary on a thread of its
    /// own, so that opening never waits for it.
    fn load(&self, probe: &mut Probe<'_>) -> Loaded {
        let mut loaded = Loaded {
            jtalk: None,
            espeak: None,
        };
        if self.engines.values().any(|e| *e == Engine::Jtalk) {
            if let Some(data) = &probe.data {
                let wanted = probe.settings.voices.get(&Lang::ja()).map(String::as_str);
                if let Some(voice) = data.ja_voice(wanted) {
                    let lazy = Arc::new(OnceLock::new());
                    let fill = lazy.clone();
                    let (dictionary, file) = (data.dictionary_dir(), data.voice_path(&voice));
                    let spawned = thread::Builder::new()
                        .name("tebiki-jtalk-load".into())
                        .spawn(move || {
                            let _ = fill
                                .set(JtalkSpeaker::load(&dictionary, &file, &voice).map(Arc::new));
                        });
                    if spawned.is_err() {
                        let _ = lazy.set(Err("cannot start a thread".into()));
                    }
                    loaded.jtalk = Some((lazy, voice.name.to_string()));
                }
            }
        }
        if let Some((lang, _)) = self.engines.iter().find(|(_, e)| **e == Engine::Espeak) {
            if let Some(Ok(s)) = &probe.espeak {
                loaded.espeak = Some((s.clone(), espeak_voice(probe.settings, lang)));
            }
        }
        loaded
    }

    pub fn engine(&self, lang: &Lang) -> Engine {
        if self.state.text_only.load(Ordering::Acquire) {
            return Engine::Text;
        }
        self.engines.get(lang).copied().unwrap_or(Engine::Text)
    }

    /// Why there is no sound (no device, …), if there is none: for the screen.
    pub fn text_reason(&self) -> Option<&str> {
        self.text_reason.as_deref()
    }

    /// The generation that `Done` notices must carry to count.
    pub fn generation(&self) -> u64 {
        self.state.current()
    }

    /// Queues an utterance after what is already queued.
    pub fn say(&mut self, utterance: &Utterance) {
        let generation = self.generation();
        let engine = self.engine(&utterance.lang);
        self.last_engine = engine;
        if self.state.text_only.load(Ordering::Acquire) {
            (self.state.notify)(Notice::Done { generation });
            return;
        }
        match (engine, &self.sound, &self.system) {
            (Engine::System, _, Some(system)) => {
                self.state.begin_item(generation);
                let state = self.state.clone();
                system.say(
                    &utterance.text,
                    self.rate,
                    Box::new(move || state.item_done(generation)),
                );
            }
            (Engine::Jtalk | Engine::Espeak | Engine::Text, Some(sound), _) => {
                self.state.begin_item(generation);
                self.next_tag += 1;
                let tag = self.next_tag;
                if engine != Engine::Text {
                    if let Ok(mut tags) = self.state.tags.lock() {
                        tags.insert(tag, utterance.step.clone());
                    }
                }
                let _ = sound.jobs.send(Job::Say {
                    generation,
                    tag,
                    engine,
                    lang: utterance.lang.clone(),
                    text: utterance.text.clone(),
                    rate: self.rate,
                });
            }
            _ => (self.state.notify)(Notice::Done { generation }),
        }
    }

    /// Queues a "your turn" chime (not with `--chime off`, nor without sound).
    pub fn chime(&mut self, chime: Chime) {
        // The system voice plays on its own: a chime would sound over it.
        if !self.chime
            || self.last_engine == Engine::System
            || self.state.text_only.load(Ordering::Acquire)
        {
            return;
        }
        let Some(sound) = &self.sound else { return };
        let generation = self.generation();
        self.state.begin_item(generation);
        let kind = match chime {
            Chime::Step => ChimeKind::Step,
            Chime::Question => ChimeKind::Question,
        };
        let _ = sound.jobs.send(Job::Chime { generation, kind });
    }

    /// Renders `utterances` (most likely first) into the cache in the background, so
    /// that saying one later starts at once; replaces a list not yet rendered. Cheap
    /// to call; text already cached costs nothing.
    pub fn prefetch(&mut self, utterances: &[Utterance]) {
        let Some(sound) = &self.sound else {
            return;
        };
        let texts: Vec<_> = utterances
            .iter()
            .filter_map(|u| match self.engine(&u.lang) {
                engine @ (Engine::Jtalk | Engine::Espeak) => {
                    Some((engine, u.lang.clone(), u.text.clone()))
                }
                Engine::System | Engine::Text => None,
            })
            .collect();
        if !texts.is_empty() {
            let _ = sound.prefetch.send(Job::Prefetch {
                texts,
                rate: self.rate,
            });
        }
    }

    /// Cuts off what is playing and drops what is queued.
    pub fn stop(&mut self) {
        // The audio callback reads the generation on its next buffer and drops every
        // clip of an older one.
        let generation = self.state.generation.fetch_add(1, Ordering::AcqRel) + 1;
        if let Ok(mut o) = self.state.outstanding.lock() {
            *o = (generation, 0);
        }
        if let Ok(mut tags) = self.state.tags.lock() {
            tags.clear();
        }
        if let Some(system) = &self.system {
            system.stop();
        }
    }

    pub fn set_rate(&mut self, rate: f32) {
        self.rate = rate.clamp(0.5, 2.0);
    }

    /// The sound device's latency, once it has played (for `doctor` and benchmarks).
    pub fn latency(&self) -> Option<std::time::Duration> {
        self.sound.as_ref().map(|s| s.output.latency())
    }
}

fn start_threads(output: Arc<Output>, loaded: Loaded, state: &Arc<State>, volume: f32) -> Sound {
    let loaded = Arc::new(loaded);
    let cache = Arc::new(Mutex::new(Cache::new(CACHE_SAMPLES)));
    let disk = crate::paths::Paths::from_env().map(|p| {
        Arc::new(DiskCache::open(
            p.cache_dir.join("speech"),
            disk::LIMIT_BYTES,
        ))
    });
    let (jobs, jobs_rx) = mpsc::channel();
    let (prefetch, prefetch_rx) = mpsc::channel();
    let worker = || Worker {
        output: output.clone(),
        loaded: loaded.clone(),
        cache: cache.clone(),
        disk: disk.clone(),
        state: state.clone(),
        volume,
        resamplers: Resamplers::default(),
        chimes: HashMap::new(),
    };
    let speaker = worker();
    let _ = thread::Builder::new()
        .name("tebiki-speech".into())
        .spawn(move || speaker.run(&jobs_rx));
    let prefetcher = worker();
    let _ = thread::Builder::new()
        .name("tebiki-prefetch".into())
        .spawn(move || {
            in_background();
            prefetcher.run(&prefetch_rx);
        });
    Sound {
        output,
        jobs,
        prefetch,
    }
}

/// A synthesis thread: says (or prefetches) one job at a time.
struct Worker {
    output: Arc<Output>,
    loaded: Arc<Loaded>,
    cache: Arc<Mutex<Cache>>,
    /// Rendered speech from earlier runs; none without a cache folder.
    disk: Option<Arc<DiskCache>>,
    state: Arc<State>,
    volume: f32,
    resamplers: Resamplers,
    chimes: HashMap<ChimeKind, Arc<[f32]>>,
}

impl Worker {
    fn run(mut self, jobs: &mpsc::Receiver<Job>) {
        let mut next: Option<Job> = None;
        loop {
            let job = match next.take() {
                Some(job) => job,
                None => match jobs.recv() {
                    Ok(job) => job,
                    Err(_) => break,
                },
            };
            if self.state.text_only.load(Ordering::Acquire) {
                continue;
            }
            match job {
                Job::Say {
                    generation,
                    tag,
                    engine,
                    lang,
                    text,
                    rate,
                } => self.say(generation, tag, engine, &lang, &text, rate),
                Job::Chime { generation, kind } => {
                    let rate = self.output.rate;
                    let volume = self.volume;
                    let samples = self
                        .chimes
                        .entry(kind)
                        .or_insert_with(|| pcm::chime(kind, rate, volume).samples.into())
                        .clone();
                    self.output.push(Clip {
                        generation,
                        samples,
                        tag: None,
                        ends_item: true,
                    });
                }
                Job::Prefetch { .. } => next = self.prefetch(job, jobs),
            }
        }
    }

    /// Renders what the listener may ask for next, first sentences first: a key plays
    /// the first sentence at once and the rest is rendered while it plays, so every
    /// candidate's opening matters more than any candidate's end. Everything asked
    /// for until now is taken together, and only the newest list of it; when a new
    /// list comes, the rest of this one is dropped (on a busy machine the queue would
    /// otherwise fall behind the listener). Returns the job that interrupted it.
    fn prefetch(&mut self, first: Job, jobs: &mpsc::Receiver<Job>) -> Option<Job> {
        // Lists that came while the last one was rendered are already out of date.
        let newest = jobs.try_iter().last().unwrap_or(first);
        let Job::Prefetch { texts, rate } = newest else {
            return Some(newest);
        };
        let work: Vec<(Engine, Lang, Vec<String>)> = texts
            .into_iter()
            .map(|(engine, lang, text)| (engine, lang, sentences(&text)))
            .collect();
        let longest = work.iter().map(|w| w.2.len()).max().unwrap_or(0);
        for i in 0..longest {
            for (engine, lang, parts) in &work {
                if let Ok(job) = jobs.try_recv() {
                    // A new list: what the listener may ask for now comes first.
                    return Some(job);
                }
                if let Some(sentence) = parts.get(i) {
                    let _ = self.rendered(*engine, lang, sentence, rate, i + 1 == parts.len());
                }
            }
        }
        None
    }

    fn say(
        &mut self,
        generation: u64,
        tag: u64,
        engine: Engine,
        lang: &Lang,
        text: &str,
        rate: f32,
    ) {
        if generation != self.state.current() {
            return;
        }
        let parts = if engine == Engine::Text {
            Vec::new()
        } else {
            sentences(text)
        };
        if parts.is_empty() {
            self.output.push(Clip {
                generation,
                samples: Arc::from(Vec::new()),
                tag: None,
                ends_item: true,
            });
            return;
        }
        let last = parts.len() - 1;
        for (i, sentence) in parts.iter().enumerate() {
            if generation != self.state.current() {
                return;
            }
            match self.rendered(engine, lang, sentence, rate, i == last) {
                Ok(samples) => self.output.push(Clip {
                    generation,
                    samples,
                    tag: (i == 0).then_some(tag),
                    ends_item: i == last,
                }),
                Err(Failure::Engine(e)) => {
                    self.state.fail(engine, e);
                    return;
                }
                Err(Failure::Utterance(reason)) => {
                    (self.state.notify)(Notice::Skipped {
                        from: engine,
                        reason,
                    });
                    // Nothing to play, but the item ends, so `Done` still comes.
                    self.output.push(Clip {
                        generation,
                        samples: Arc::from(Vec::new()),
                        tag: None,
                        ends_item: true,
                    });
                    return;
                }
            }
        }
    }

    /// One sentence at the device's rate, from the cache or rendered now (and kept).
    fn rendered(
        &mut self,
        engine: Engine,
        lang: &Lang,
        sentence: &str,
        rate: f32,
        last: bool,
    ) -> Result<Arc<[f32]>, Failure> {
        // The key needs only the voice's name: a sentence heard in an earlier run
        // plays from disk without waiting for the dictionary.
        let voice = self
            .loaded
            .voice(engine)
            .ok_or_else(|| Failure::Engine(format!("{} is not loaded", engine.name())))?;
        // A hidden hook for the test that one failing utterance does not end speech.
        if std::env::var("TEBIKI_TEST_FAIL_TEXT")
            .is_ok_and(|marker| !marker.is_empty() && sentence.contains(marker.as_str()))
        {
            return Err(Failure::Utterance("TEBIKI_TEST_FAIL_TEXT".into()));
        }
        let key = Key {
            engine: engine.name(),
            voice: voice.to_string(),
            lang: lang.as_str().to_string(),
            rate: rate.to_bits(),
            volume: self.volume.to_bits(),
            text: format!("{sentence}{}", if last { "\u{1}" } else { "" }),
        };
        if let Some(samples) = self.cache.lock().ok().and_then(|mut c| c.get(&key)) {
            return Ok(samples);
        }
        let device_rate = self.output.rate;
        if let Some(samples) = self.disk.as_ref().and_then(|d| d.get(&key, device_rate)) {
            if let Ok(mut c) = self.cache.lock() {
                c.put(key, samples.clone());
            }
            return Ok(samples);
        }
        let (speaker, _) = self.loaded.speaker(engine).map_err(Failure::Engine)?;
        let pause = if last {
            UTTERANCE_PAUSE
        } else {
            SENTENCE_PAUSE
        };
        let pcm = render(
            speaker.as_ref(),
            sentence,
            rate,
            self.volume,
            pause,
            self.output.rate,
            &mut self.resamplers,
        )
        .map_err(|e| Failure::Utterance(e.0))?;
        let samples: Arc<[f32]> = pcm.samples.into();
        if let Some(d) = &self.disk {
            d.put(&key, device_rate, samples.clone());
        }
        if let Ok(mut c) = self.cache.lock() {
            c.put(key, samples.clone());
        }
        Ok(samples)
    }
}

/// The language a voice name belongs to (`m001`, `mei` → ja; `en-us`, `en-gb` → en).
pub fn voice_language(name: &str) -> Option<Lang> {
    if data::JA_VOICES.iter().any(|v| v.name == name) {
        Some(Lang::ja())
    } else if data::EN_VOICES.contains(&name) {
        Some(Lang::en())
    } else {
        None
    }
}

/// Every voice name `--voice` takes.
pub fn voice_names() -> Vec<String> {
    data::JA_VOICES
        .iter()
        .map(|v| v.name.to_string())
        .chain(data::EN_VOICES.iter().map(|v| (*v).to_string()))
        .collect()
}

/// An engine loaded here and now to render text to PCM, for `say --out` and `export`:
/// no sound device, no threads of its own. `Speaker`s are `Sync`, so one renderer may
/// serve several threads.
pub struct FileRenderer {
    engine: Engine,
    speaker: Box<dyn Speaker>,
}

impl FileRenderer {
    /// The engine asked for, or with auto the first that loads for `lang`.
    pub fn open(
        request: EngineRequest,
        lang: &Lang,
        settings: &Settings,
    ) -> Result<FileRenderer, SpeechError> {
        let order: Vec<Engine> = match request {
            EngineRequest::Named(e) => vec![e],
            EngineRequest::Auto => Engine::auto_order(lang)
                .into_iter()
                .filter(|e| matches!(e, Engine::Jtalk | Engine::Espeak))
                .collect(),
        };
        let mut last = None;
        for engine in order {
            let loaded: Result<Box<dyn Speaker>, String> = match engine {
                _ if !engine.speaks(lang) => Err(format!("it cannot speak {lang}")),
                Engine::Jtalk => load_jtalk(settings),
                Engine::Espeak => EspeakSpeaker::open(&espeak_voice(settings, lang))
                    .map(|s| Box::new(s) as Box<dyn Speaker>),
                Engine::System | Engine::Text => Err("it cannot write sound to a file".into()),
            };
            match loaded {
                Ok(speaker) => return Ok(FileRenderer { engine, speaker }),
                Err(reason) => {
                    last = Some(SpeechError::Unavailable {
                        engine: engine.name(),
                        reason,
                    });
                }
            }
        }
        Err(last.unwrap_or(SpeechError::Unavailable {
            engine: "auto",
            reason: format!("no engine here can speak {lang}"),
        }))
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// `text` (already after the lexicon) as PCM, with the sentence pauses of `run`.
    pub fn render(&self, text: &str, settings: &Settings) -> Result<Pcm, SpeechError> {
        render_text(self.speaker.as_ref(), text, settings).map_err(|e| SpeechError::Unavailable {
            engine: self.engine.name(),
            reason: e.0,
        })
    }
}

/// Loads the engine for `lang` here and now (auto: the first that works) and renders
/// `text` to PCM: for `say --out`, with no sound device.
pub fn render_file(
    request: EngineRequest,
    lang: &Lang,
    text: &str,
    settings: &Settings,
) -> Result<(Engine, Pcm), SpeechError> {
    let renderer = FileRenderer::open(request, lang, settings)?;
    Ok((renderer.engine(), renderer.render(text, settings)?))
}

fn load_jtalk(settings: &Settings) -> Result<Box<dyn Speaker>, String> {
    let paths = crate::paths::Paths::from_env().ok_or("no home folder")?;
    let data = SpeechData::new(&paths.data_dir);
    if !data.has_dictionary() {
        return Err(format!(
            "the Japanese dictionary is not installed in {}",
            data.dictionary_dir().display()
        ));
    }
    let wanted = settings.voices.get(&Lang::ja()).map(String::as_str);
    let voice = data.ja_voice(wanted).ok_or_else(|| {
        format!(
            "no Japanese voice is installed in {}",
            data.voices_dir().display()
        )
    })?;
    let speaker = JtalkSpeaker::load(&data.dictionary_dir(), &data.voice_path(&voice), &voice)?;
    Ok(Box::new(speaker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_keeping_punctuation() {
        assert_eq!(
            sentences("まず電源を入れます。次に「OK」を押します！\nWi-Fi 1.5 GHz. Done?"),
            [
                "まず電源を入れます。",
                "次に「OK」を押します！",
                "Wi-Fi 1.5 GHz.",
                "Done?"
            ]
        );
        assert!(sentences(" 。 ").is_empty());
    }

    #[test]
    fn japanese_never_goes_to_espeak() {
        assert!(!Engine::Espeak.speaks(&Lang::ja()));
        assert!(!Engine::auto_order(&Lang::ja()).contains(&Engine::Espeak));
        assert!(!Engine::Jtalk.speaks(&Lang::en()));
    }

    #[test]
    fn text_engine_reports_done_at_once() {
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        let settings = Settings {
            rate: 1.0,
            volume: 1.0,
            chime: true,
            voices: BTreeMap::new(),
        };
        let mut speech = Speech::open(
            EngineRequest::Named(Engine::Text),
            &[Lang::ja(), Lang::en()],
            &settings,
            EventLog::none(),
            Box::new(move |n| {
                let _ = tx.lock().unwrap().send(n);
            }),
        )
        .unwrap();
        assert_eq!(speech.engine(&Lang::ja()), Engine::Text);
        speech.say(&Utterance {
            step: "a".into(),
            lang: Lang::en(),
            text: "Hello.".into(),
        });
        assert_eq!(rx.try_recv().unwrap(), Notice::Done { generation: 0 });
        speech.stop();
        assert_eq!(speech.generation(), 1);
    }
}
