//! Speech: the façade the session and the commands use. They ask for a `Speech` and
//! tell it what to say; they never name an engine. Saying never blocks: `say` queues,
//! `stop` cuts off at once, and a notice reports when all that was queued has been
//! heard.
//!
//! Inside: `backend.rs` is the trait every engine implements, `registry.rs` lists the
//! engines (one file each: `jtalk.rs`, `espeak/`, `system.rs`, `text.rs`), `worker.rs`
//! holds the synthesis threads, `render.rs` turns text into sound for the device and
//! for files, `sentences.rs` splits text. The audio thread (`crate::audio`) plays and
//! reports back.

pub mod backend;
mod background;
pub mod cache;
pub mod data;
pub mod disk;
mod espeak;
mod jtalk;
pub mod kokoro;
pub mod pace;

/// The neural voice's model files, for `tebiki data install --model-source`: the
/// commands install them through this name and never name the engine.
pub mod model {
    pub use super::kokoro::install::{install, needs_optimizing, optimize, InstallError, Reading};
    pub use super::kokoro::KokoroData as ModelData;
    pub use super::kokoro::{MODEL_FILE, RUNTIME_FILE};
}
pub mod pcm;
pub mod reading;
pub mod registry;
pub mod render;
pub mod sentences;
mod state;
mod system;
mod text;
mod worker;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::audio::Output;
use crate::events::{EventLog, LogEvent};
use crate::l10n::{Lang, Localizer};
use crate::player::{Chime, Utterance};
use backend::{Env, Missing, Opened, Output as Sounds, OwnVoice};
use pcm::ChimeKind;
use state::State;
use worker::{Job, Saying, Sound, Speakers};

pub use backend::{Features, SpeakError, Speaker};
pub use registry::{Engine, EngineRequest};
pub use render::{render_file, FileRenderer, Pause, Settings};
pub use sentences::sentences;
pub use state::{Notice, NoticeSink};

/// Why speech cannot be used as asked.
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    /// An engine asked for by name cannot be loaded (exit 3).
    #[error("engine `{}` is not available: {reason}", engine.name())]
    Unavailable { engine: Engine, reason: Missing },
    /// The engine loaded but could not render a text.
    #[error("engine `{}` failed: {reason}", engine.name())]
    Failed { engine: Engine, reason: String },
}

impl SpeechError {
    pub fn engine(&self) -> Engine {
        match self {
            SpeechError::Unavailable { engine, .. } | SpeechError::Failed { engine, .. } => *engine,
        }
    }

    /// Why, in the listener's language (an engine's own words only when it failed
    /// while working).
    pub fn reason(&self, l10n: &Localizer, lang: &Lang) -> String {
        match self {
            SpeechError::Unavailable { reason, .. } => reason.message(l10n, lang),
            SpeechError::Failed { reason, .. } => reason.clone(),
        }
    }
}

/// The speech output of one session.
pub struct Speech {
    engines: BTreeMap<Lang, Engine>,
    state: Arc<State>,
    sound: Option<Sound>,
    /// Engines that play by themselves, per language.
    own: HashMap<Lang, Box<dyn OwnVoice>>,
    rate: f32,
    chime: bool,
    /// The engine of the last utterance.
    last_engine: Engine,
    next_tag: u64,
    /// The generation whose first utterance has been queued.
    opened: u64,
    /// Why there is no sound, when there is none.
    text_reason: Option<crate::audio::OpenError>,
    /// Per language, the engines `auto` would try next if the one chosen proves too
    /// slow here (`switch`).
    spares: HashMap<Lang, Vec<Engine>>,
    /// What was queued in the current generation, to say again after a `switch`.
    said: Vec<Said>,
    /// The last list to render ahead, to render again by the new engine after a
    /// `switch` (the old engine's renders are not wanted any more).
    ahead: Vec<Utterance>,
    env: Env,
}

/// One thing queued in a generation.
#[derive(Clone)]
enum Said {
    Utterance(Utterance),
    Chime(Chime),
}

/// Why `auto` passes over `engine`: it was too slow here lately.
fn passed_over_reason(engine: Engine, slow: &pace::TooSlow) -> String {
    let (ago, left) = slow.days();
    let when = match ago {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        n => format!("{n} days ago"),
    };
    format!(
        "{} rendered at {:.2} s per second of speech on this computer {when}, too slow to be heard without gaps: passed over for {left} more days (`--engine {}` uses it anyway)",
        engine.name(),
        slow.ratio,
        engine.name(),
    )
}

/// The first of `order` that works for `lang` and renders sound quickly enough to
/// stand in for a slow engine, with its voice.
fn spare(probes: &mut Probes<'_>, order: &[Engine], lang: &Lang) -> Option<(Engine, String)> {
    order.iter().find_map(|&e| {
        let quick = e.features().output == Sounds::Pcm
            && e.features().opening != backend::Opening::ClauseFirst;
        quick
            .then(|| probes.probe(e, lang).ok().map(|v| (e, v)))
            .flatten()
    })
}

/// Probes engines once each per language.
struct Probes<'a> {
    env: &'a Env,
    done: HashMap<(Engine, Lang), Result<String, Missing>>,
}

impl Probes<'_> {
    fn probe(&mut self, engine: Engine, lang: &Lang) -> Result<String, Missing> {
        let env = self.env;
        self.done
            .entry((engine, lang.clone()))
            .or_insert_with(|| {
                if engine.speaks(lang) {
                    engine.backend().probe(env, lang, env.preferred(lang))
                } else {
                    Err(Missing::Language { lang: lang.clone() })
                }
            })
            .clone()
    }
}

impl Speech {
    /// Picks an engine per language (the registry's `auto` order, or the one asked
    /// for) and starts it. Only an engine asked for by name that cannot be loaded is
    /// an error; no sound device means text, and a `fallback` event written here
    /// (later failures come as a `Notice::Fallback` for the session to log).
    pub fn open(
        request: EngineRequest,
        langs: &[Lang],
        settings: &Settings,
        log: EventLog,
        notify: NoticeSink,
    ) -> Result<Speech, SpeechError> {
        let env = Env::here(&settings.voices);
        let mut probes = Probes {
            env: &env,
            done: HashMap::new(),
        };
        let mut chosen: BTreeMap<Lang, (Engine, String)> = BTreeMap::new();
        let mut spares = HashMap::new();
        // Engines `auto` passed over because their files are damaged or they were too
        // slow here lately: a `fallback` event each (one merely not installed is
        // passed over quietly).
        let mut passed_over: Vec<(Engine, String)> = Vec::new();
        let state_dir = crate::paths::Paths::from_env().map(|p| p.state_dir);
        for lang in langs {
            let pick = match request {
                EngineRequest::Named(e) if e.speaks(lang) => {
                    let voice = probes
                        .probe(e, lang)
                        .map_err(|reason| SpeechError::Unavailable { engine: e, reason })?;
                    (e, voice)
                }
                _ => {
                    let mut pick = None;
                    let order = registry::auto_order_for(
                        lang,
                        settings.voices.get(lang).map(String::as_str),
                    );
                    for (i, &e) in order.iter().enumerate() {
                        match probes.probe(e, lang) {
                            Ok(v) => {
                                if e.features().opening == backend::Opening::ClauseFirst {
                                    let rest = &order[i + 1..];
                                    let slow =
                                        state_dir.as_deref().and_then(|d| pace::passed_over(d, e));
                                    match slow {
                                        // Passed over only for an engine that speaks.
                                        Some(slow) if spare(&mut probes, rest, lang).is_some() => {
                                            passed_over.push((e, passed_over_reason(e, &slow)));
                                            continue;
                                        }
                                        // Probed when needed: the first sound must not
                                        // wait for another engine to start.
                                        _ => {
                                            spares.insert(lang.clone(), rest.to_vec());
                                        }
                                    }
                                }
                                pick = Some((e, v));
                                break;
                            }
                            Err(reason @ Missing::Damaged { .. }) => {
                                passed_over.push((e, reason.to_string()));
                            }
                            Err(_) => {}
                        }
                    }
                    pick.unwrap_or((Engine::silent(), String::new()))
                }
            };
            for (from, reason) in passed_over.drain(..) {
                log.write(&LogEvent::Fallback {
                    from: from.name().to_string(),
                    to: pick.0.name().to_string(),
                    reason,
                    step: None,
                });
            }
            chosen.insert(lang.clone(), pick);
        }
        if let EngineRequest::Named(e) = request {
            // Asked for an engine that reads none of these languages: it must still
            // be there (exit 3 if not), for one language it reads.
            if !langs.iter().any(|l| e.speaks(l)) {
                if let Some(lang) = [Lang::ja(), Lang::en()].into_iter().find(|l| e.speaks(l)) {
                    probes
                        .probe(e, &lang)
                        .map_err(|reason| SpeechError::Unavailable { engine: e, reason })?;
                }
            }
        }
        let generation = Arc::new(AtomicU64::new(0));
        let state = Arc::new(State::new(generation.clone(), notify, log));
        let mut speech = Speech {
            engines: chosen.iter().map(|(l, (e, _))| (l.clone(), *e)).collect(),
            state,
            sound: None,
            own: HashMap::new(),
            rate: settings.rate,
            chime: settings.chime,
            last_engine: Engine::silent(),
            next_tag: 0,
            opened: u64::MAX,
            text_reason: None,
            spares,
            said: Vec::new(),
            ahead: Vec::new(),
            env: env.clone(),
        };
        // Engines that play by themselves start now.
        for (lang, (engine, voice)) in &chosen {
            if engine.features().output != Sounds::ItSelf {
                continue;
            }
            match engine.backend().open(&env, lang, voice) {
                Ok(Opened::ItSelf(own)) => {
                    speech.own.insert(lang.clone(), own);
                }
                Ok(_) => {}
                Err(reason) => {
                    speech.state.log.write(&LogEvent::Fallback {
                        from: engine.name().into(),
                        to: Engine::silent().name().into(),
                        reason: reason.to_string(),
                        step: None,
                    });
                    speech.engines.insert(lang.clone(), Engine::silent());
                }
            }
        }
        let pcm: Vec<(&Lang, Engine, &str)> = chosen
            .iter()
            .filter(|(l, (e, _))| {
                e.features().output == Sounds::Pcm && speech.engines.get(*l) == Some(e)
            })
            .map(|(l, (e, v))| (l, *e, v.as_str()))
            .collect();
        if let Some(&(_, device_engine, _)) = pcm.first() {
            let report_state = speech.state.clone();
            let report = Box::new(move |r| report_state.report(r, device_engine));
            // The engines load while the device opens: both take a while.
            let speakers = Speakers::default();
            for (lang, engine, voice) in &pcm {
                speakers.load(*engine, lang, voice, &env);
            }
            match Output::open(generation, report) {
                Ok(output) => {
                    speech.sound = Some(worker::start_threads(
                        Arc::new(output),
                        speakers,
                        &speech.state,
                        settings.volume,
                        settings.pause,
                    ));
                }
                Err(reason) => {
                    for (lang, _, _) in &pcm {
                        speech.engines.insert((*lang).clone(), Engine::silent());
                    }
                    // Logged here, not sent as a notice: the session may not read
                    // its channel again before it ends (piped keys).
                    speech.state.log.write(&LogEvent::Fallback {
                        from: device_engine.name().into(),
                        to: Engine::silent().name().into(),
                        reason: reason.to_string(),
                        step: None,
                    });
                    speech.text_reason = Some(reason);
                }
            }
        }
        if speech.engines.values().all(|e| e.is_silent()) {
            speech.state.text_only.store(true, Ordering::Release);
        }
        Ok(speech)
    }

    pub fn engine(&self, lang: &Lang) -> Engine {
        if self.state.is_text_only() {
            return Engine::silent();
        }
        self.engines
            .get(lang)
            .copied()
            .unwrap_or_else(Engine::silent)
    }

    /// Whether `lang` is shown only, without sound.
    pub fn is_silent(&self, lang: &Lang) -> bool {
        self.engine(lang).is_silent()
    }

    /// Why there is no sound (no device, …), if there is none: for the screen.
    pub fn text_reason(&self) -> Option<&crate::audio::OpenError> {
        self.text_reason.as_ref()
    }

    /// The generation that `Done` notices must carry to count.
    pub fn generation(&self) -> u64 {
        self.state.current()
    }

    /// Queues an utterance after what is already queued.
    pub fn say(&mut self, utterance: &Utterance) {
        self.said.push(Said::Utterance(utterance.clone()));
        let generation = self.generation();
        let engine = self.engine(&utterance.lang);
        self.last_engine = engine;
        if self.state.is_text_only() {
            (self.state.notify)(Notice::Done { generation });
            return;
        }
        if let Some(own) = self.own.get(&utterance.lang) {
            if engine.features().output == Sounds::ItSelf {
                self.state.begin_item(generation);
                let state = self.state.clone();
                own.say(
                    &utterance.text,
                    utterance.rate,
                    Box::new(move || state.item_done(generation)),
                );
                return;
            }
        }
        let Some(sound) = &self.sound else {
            (self.state.notify)(Notice::Done { generation });
            return;
        };
        self.state.begin_item(generation);
        self.next_tag += 1;
        let tag = self.next_tag;
        if !engine.is_silent() {
            if let Ok(mut tags) = self.state.tags.lock() {
                tags.insert(tag, utterance.step.clone());
            }
        }
        let first = self.opened != generation;
        self.opened = generation;
        sound.say(
            Saying {
                generation,
                tag,
                engine,
                lang: utterance.lang.clone(),
                text: utterance.text.clone(),
                rate: utterance.rate.clamp(0.5, 2.0),
            },
            first,
        );
    }

    /// Queues a "your turn" chime (not with `--chime off`, nor without sound).
    pub fn chime(&mut self, chime: Chime) {
        self.said.push(Said::Chime(chime));
        // An engine that plays by itself: a chime would sound over it.
        if !self.chime
            || self.last_engine.features().output == Sounds::ItSelf
            || self.state.is_text_only()
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
        self.ahead = utterances.to_vec();
        let Some(sound) = &self.sound else {
            return;
        };
        let texts: Vec<_> = utterances
            .iter()
            .filter_map(|u| {
                let engine = self.engine(&u.lang);
                (engine.features().output == Sounds::Pcm)
                    .then(|| (engine, u.lang.clone(), u.text.clone()))
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
        self.said.clear();
        let generation = self.state.generation.fetch_add(1, Ordering::AcqRel) + 1;
        if let Ok(mut o) = self.state.outstanding.lock() {
            *o = (generation, 0);
        }
        if let Ok(mut tags) = self.state.tags.lock() {
            tags.clear();
        }
        for own in self.own.values() {
            own.stop();
        }
        // What is being rendered for the older generation is not wanted now.
        if let Some(sound) = &self.sound {
            background::stop_renders(sound.group);
        }
    }

    /// Hands `lang` to the engine `auto` would try next, because the one speaking it
    /// renders slower than it speaks here (`Notice::Slow`); what was being said in
    /// `lang` and not yet heard is said again, from its start, in the new voice.
    /// Returns the new engine; `None` when there is none to hand it to (an engine
    /// asked for by name is kept, however slow). `ratio`, the engine's measured
    /// seconds of rendering per second of speech, is kept for the next sessions'
    /// `auto` (`pace`).
    pub fn switch(&mut self, lang: &Lang, ratio: f64) -> Option<Engine> {
        let rest = self.spares.remove(lang)?;
        let mut probes = Probes {
            env: &self.env,
            done: HashMap::new(),
        };
        let (to, voice) = spare(&mut probes, &rest, lang)?;
        let sound = self.sound.as_ref()?;
        let from = self.engine(lang);
        sound.speakers().load(to, lang, &voice, &self.env);
        self.engines.insert(lang.clone(), to);
        // The next sessions start with the new engine, for a while.
        if let Some(paths) = crate::paths::Paths::from_env() {
            let _ = pace::remember(&paths.state_dir, from, ratio);
        }
        let generation = self.generation();
        let unheard = self
            .state
            .outstanding
            .lock()
            .is_ok_and(|o| o.0 == generation && o.1 > 0);
        let in_lang = self
            .said
            .iter()
            .any(|s| matches!(s, Said::Utterance(u) if u.lang == *lang));
        if unheard && in_lang {
            let again = std::mem::take(&mut self.said);
            self.stop();
            for said in again {
                match said {
                    Said::Utterance(u) => self.say(&u),
                    Said::Chime(c) => self.chime(c),
                }
            }
        }
        let ahead = std::mem::take(&mut self.ahead);
        self.prefetch(&ahead);
        Some(to)
    }

    pub fn set_rate(&mut self, rate: f32) {
        self.rate = crate::config::RATE.fit(rate);
    }

    /// The sound device's latency, once it has played (for `doctor` and benchmarks).
    pub fn latency(&self) -> Option<std::time::Duration> {
        self.sound.as_ref().map(|s| s.output.latency())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{mpsc, Mutex};

    #[test]
    fn text_engine_reports_done_at_once() {
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        let settings = Settings {
            rate: 1.0,
            volume: 1.0,
            chime: true,
            voices: BTreeMap::new(),
            pause: Pause::Normal,
        };
        let text = EngineRequest::parse("text").unwrap();
        let mut speech = Speech::open(
            text,
            &[Lang::ja(), Lang::en()],
            &settings,
            EventLog::none(),
            Box::new(move |n| {
                let _ = tx.lock().unwrap().send(n);
            }),
        )
        .unwrap();
        assert!(speech.is_silent(&Lang::ja()));
        speech.say(&Utterance {
            step: "a".into(),
            lang: Lang::en(),
            text: "Hello.".into(),
            rate: 1.0,
        });
        assert_eq!(rx.try_recv().unwrap(), Notice::Done { generation: 0 });
        speech.stop();
        assert_eq!(speech.generation(), 1);
    }
}
