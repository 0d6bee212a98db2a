//! The synthesis threads: one says what the session queues, one renders ahead what
//! the listener may ask for next. Both put rendered sentences into the same caches
//! (memory, then disk) and hand them to the audio thread.

use std::collections::{HashMap, HashSet};
use std::sync::{mpsc, Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use super::backend::{Opening, Speaker};
use super::background::{in_background, set_urgent};
use super::cache::{Cache, SpeechKey};
use super::disk::{self, DiskCache};
use super::pcm::{self, ChimeKind, Resamplers};
use super::registry::Engine;
use super::render::Ending;
use super::render::{self, Pause};
use super::sentences::{opening, sentences, Cut};
use super::state::{Notice, State};
use crate::audio::{Clip, Output};
use crate::l10n::Lang;

/// Rendered speech kept in memory: 6 M samples, 24 MB.
const CACHE_SAMPLES: usize = 6_000_000;

/// A speaker that another thread is still loading.
type Loading = Arc<OnceLock<Result<Arc<dyn Speaker>, String>>>;

/// The PCM engines chosen for a session, per language: the voice's name (known at
/// once, for the cache key) and its speaker (loading on a thread of its own).
/// One may be added while the session runs (`Speech::switch`).
#[derive(Default)]
pub(crate) struct Speakers {
    voices: Mutex<HashMap<(Engine, Lang), (String, Loading)>>,
}

impl Speakers {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(Engine, Lang), (String, Loading)>> {
        self.voices.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts loading `engine`'s `voice` for `lang` on a thread; one load per engine
    /// and voice, however many languages share it.
    pub fn load(&self, engine: Engine, lang: &Lang, voice: &str, env: &super::backend::Env) {
        let mut voices = self.lock();
        let shared = voices
            .iter()
            .find(|((e, _), (v, _))| *e == engine && v == voice)
            .map(|(_, (_, loading))| loading.clone());
        let loading = shared.unwrap_or_else(|| {
            let loading: Loading = Arc::new(OnceLock::new());
            let fill = loading.clone();
            let (env, lang, voice) = (env.clone(), lang.clone(), voice.to_string());
            let spawned = thread::Builder::new()
                .name(format!("tebiki-load-{}", engine.name()))
                .spawn(move || {
                    let opened = match engine.backend().open(&env, &lang, &voice) {
                        Ok(super::backend::Opened::Pcm(s)) => Ok(Arc::from(s)),
                        Ok(_) => Err(format!("{} renders no sound", engine.name())),
                        Err(missing) => Err(missing.to_string()),
                    };
                    let _ = fill.set(opened);
                });
            if spawned.is_err() {
                let _ = loading.set(Err("cannot start a thread".into()));
            }
            loading
        });
        voices.insert((engine, lang.clone()), (voice.to_string(), loading));
    }

    /// The voice name of `engine` for `lang`, known before its speaker has loaded.
    fn voice(&self, engine: Engine, lang: &Lang) -> Option<String> {
        self.lock()
            .get(&(engine, lang.clone()))
            .map(|(v, _)| v.clone())
    }

    /// The speaker for `engine` and `lang`; waits for it if it is still loading.
    fn speaker(&self, engine: Engine, lang: &Lang) -> Result<Arc<dyn Speaker>, String> {
        let loading = self
            .lock()
            .get(&(engine, lang.clone()))
            .map(|(_, l)| l.clone());
        match loading {
            Some(loading) => loading.wait().clone(),
            None => Err(format!("{} is not loaded", engine.name())),
        }
    }
}

/// Why a sentence could not be rendered.
enum Failure {
    /// The engine itself is gone or never loaded: the rest of the guide is text.
    Engine(String),
    /// This text could not be synthesised: only this utterance is text.
    Utterance(String),
}

pub(crate) enum Job {
    Say {
        saying: Saying,
        /// Its pieces, cut once (`parts`).
        parts: Parts,
        /// The first piece to render: 1 when the opening was played from the cache
        /// already (`Sound::say`).
        from: usize,
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

/// One utterance to say: in which generation, its tag for `audio_start`, by which
/// engine, in which language, at which rate.
pub(crate) struct Saying {
    pub generation: u64,
    pub tag: u64,
    pub engine: Engine,
    pub lang: Lang,
    pub text: String,
    pub rate: f32,
}

/// What the caller's thread and both synthesis threads share to find rendered speech:
/// the voices chosen (for the cache's key), the memory cache, and the volume and
/// pauses every piece is rendered with.
struct Kept {
    speakers: Speakers,
    cache: Mutex<Cache>,
    volume: f32,
    pause: Pause,
}

impl Kept {
    /// The cache's key for `sentence`: only the voice's name is needed, so a sentence
    /// heard in an earlier run plays from disk without waiting for the engine to load.
    /// `None` when the engine was not chosen for `lang`.
    fn key(
        &self,
        engine: Engine,
        lang: &Lang,
        sentence: &str,
        rate: f32,
        ending: Ending,
    ) -> Option<SpeechKey> {
        let voice = self.speakers.voice(engine, lang)?;
        Some(SpeechKey {
            engine: engine.name(),
            voice,
            lang: lang.as_str().to_string(),
            rate: rate.to_bits(),
            volume: self.volume.to_bits(),
            pause: self.pause.factor().to_bits(),
            text: format!(
                "{sentence}{}",
                match ending {
                    Ending::Sentence => "",
                    Ending::Utterance => "\u{1}",
                    Ending::Clause => "\u{2}",
                    Ending::Phrase => "\u{3}",
                }
            ),
        })
    }

    fn cached(&self, key: &SpeechKey) -> Option<Arc<[f32]>> {
        self.cache.lock().ok().and_then(|mut c| c.get(key))
    }

    fn keep(&self, key: SpeechKey, samples: Arc<[f32]>) {
        if let Ok(mut c) = self.cache.lock() {
            c.put(key, samples);
        }
    }
}

/// The sound side of a session: the device and the two synthesis threads' queues.
pub(crate) struct Sound {
    pub output: Arc<Output>,
    pub jobs: mpsc::Sender<Job>,
    pub prefetch: mpsc::Sender<Job>,
    pub turns: Arc<Turns>,
    /// The speech thread's group: a key cuts its render short (`background`).
    pub group: u64,
    /// What the caller's thread needs to play an opening from the cache itself.
    kept: Arc<Kept>,
}

impl Sound {
    /// Queues `saying`; from now until it is said, prefetch starts nothing. `first`:
    /// the first utterance of its generation (after a key), whose opening plays at once
    /// from the memory cache when prefetch rendered it, on the caller's thread: the
    /// speech thread may be busy with a render the listener has just moved on from,
    /// which takes a moment to stop. (What follows it in a generation waits its turn
    /// behind the speech thread.)
    pub fn say(&self, saying: Saying, first: bool) {
        let parts = parts(saying.engine, &saying.text);
        let from = usize::from(first && self.play_opening(&saying, &parts));
        if from == 1 && parts.len() == 1 {
            return;
        }
        self.turns.queued();
        let job = Job::Say {
            saying,
            parts,
            from,
        };
        if self.jobs.send(job).is_err() {
            self.turns.said();
        }
    }

    /// The voices chosen, to which `Speech::switch` adds one.
    pub fn speakers(&self) -> &Speakers {
        &self.kept.speakers
    }

    /// Plays the first of `parts` if it is in the memory cache.
    fn play_opening(&self, saying: &Saying, parts: &Parts) -> bool {
        let Some((opening, ending)) = parts.first() else {
            return false;
        };
        let samples = self
            .kept
            .key(saying.engine, &saying.lang, opening, saying.rate, *ending)
            .and_then(|key| self.kept.cached(&key));
        let Some(samples) = samples else {
            return false;
        };
        self.output.push(Clip {
            generation: saying.generation,
            samples,
            tag: Some(saying.tag),
            ends_item: parts.len() == 1,
        });
        true
    }
}

/// How the two synthesis threads take turns. What the listener waits for goes first:
/// while the speech thread has anything queued, prefetch starts no new sentence (a
/// slow engine has one model for both threads, and a guess must not keep the listener
/// waiting), and a sentence that one thread is rendering is waited for by the other,
/// never rendered twice.
#[derive(Default)]
pub(crate) struct Turns {
    inner: Mutex<TurnsNow>,
    changed: Condvar,
}

#[derive(Default)]
struct TurnsNow {
    /// Say jobs queued or being said.
    says: usize,
    /// Sentences being rendered now, by either thread.
    rendering: HashSet<SpeechKey>,
    /// The speech thread waits with plenty of sound queued: prefetch may render a
    /// short piece meanwhile.
    resting: bool,
}

/// Which thread asks for a turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    /// The speech thread: the listener is waiting.
    Say,
    /// The prefetch thread: a guess at what comes next.
    Prefetch,
}

/// A sentence this thread is rendering; the others may wait for it until it drops.
struct Claim<'a> {
    turns: &'a Turns,
    key: SpeechKey,
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        self.turns.lock().rendering.remove(&self.key);
        self.turns.changed.notify_all();
    }
}

impl Turns {
    fn lock(&self) -> std::sync::MutexGuard<'_, TurnsNow> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn queued(&self) {
        self.lock().says += 1;
    }

    fn said(&self) {
        let mut now = self.lock();
        now.says = now.says.saturating_sub(1);
        drop(now);
        self.changed.notify_all();
    }

    /// The speech thread has plenty queued and waits (`true`), or goes on (`false`).
    fn rest(&self, resting: bool) {
        let mut now = self.lock();
        if now.resting != resting {
            now.resting = resting;
            drop(now);
            self.changed.notify_all();
        }
    }

    /// Waits for `side`'s turn to render `key`; `short`: a piece quick to render,
    /// which prefetch may render while the speech thread rests. `None` when the other
    /// thread was rendering it (look in the cache again).
    fn claim(&self, side: Side, key: &SpeechKey, short: bool) -> Option<Claim<'_>> {
        let mut now = self.lock();
        let mut waited = false;
        loop {
            let says_first = now.says > 0 && !(now.resting && short);
            let busy = now.rendering.contains(key) || (side == Side::Prefetch && says_first);
            if !busy {
                break;
            }
            waited |= now.rendering.contains(key);
            // A timeout as well: a wake-up lost to a poisoned lock must not hang a thread.
            now = self
                .changed
                .wait_timeout(now, Duration::from_millis(100))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        if waited {
            return None;
        }
        now.rendering.insert(key.clone());
        Some(Claim {
            turns: self,
            key: key.clone(),
        })
    }
}

pub(crate) fn start_threads(
    output: Arc<Output>,
    speakers: Speakers,
    state: &Arc<State>,
    volume: f32,
    pause: Pause,
) -> Sound {
    let kept = Arc::new(Kept {
        speakers,
        cache: Mutex::new(Cache::new(CACHE_SAMPLES)),
        volume,
        pause,
    });
    let disk = crate::paths::Paths::from_env().map(|p| {
        Arc::new(DiskCache::open(
            p.cache_dir.join("speech"),
            disk::LIMIT_BYTES,
        ))
    });
    let (jobs, jobs_rx) = mpsc::channel();
    let (prefetch, prefetch_rx) = mpsc::channel();
    let turns = Arc::new(Turns::default());
    let worker = |side| Worker {
        side,
        turns: turns.clone(),
        output: output.clone(),
        kept: kept.clone(),
        disk: disk.clone(),
        state: state.clone(),
        resamplers: Resamplers::default(),
        chimes: HashMap::new(),
        pace: HashMap::new(),
    };
    let speaker = worker(Side::Say);
    let group = super::background::new_group();
    let _ = thread::Builder::new()
        .name("tebiki-speech".into())
        .spawn(move || {
            super::background::join_group(group);
            speaker.run(&jobs_rx);
        });
    let prefetcher = worker(Side::Prefetch);
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
        turns,
        group,
        kept,
    }
}

/// How much sound the speech thread renders ahead of what the listener hears. Beyond
/// it, the speech thread rests and lets prefetch render the openings of what the
/// listener may ask for next: a slow engine renders a long step for longer than a
/// listener takes to press Enter. Longer than any short piece takes to render, so
/// the sound never runs dry meanwhile.
const LEAD: Duration = Duration::from_secs(8);

/// Less sound than this queued before a piece: the listener will hear a gap unless it
/// comes soon, so it goes before anything rendered ahead of time.
const URGENT_BELOW: Duration = Duration::from_millis(1500);

/// Sound rendered for the listener (after the first piece) before an engine's pace
/// is judged: enough for one slow piece not to decide.
const PACE_AFTER: Duration = Duration::from_secs(6);

/// Slower than this (seconds of rendering per second of sound) and an engine cannot
/// keep up with its own voice: the listener would hear gaps inside a step. A little
/// slower than real time only lengthens the pauses between sentences (a sentence is
/// rendered while the one before it plays), which a clearer voice is worth; this
/// much slower leaves seconds of silence that sound like the end.
const TOO_SLOW: f64 = 1.3;

/// How fast a slow engine renders what the listener waits for, measured on the
/// speech thread (wall time: a busy computer counts). The first piece is left out:
/// it pays for warming up.
#[derive(Debug, Default)]
struct Pace {
    pieces: usize,
    rendering: Duration,
    sound: Duration,
    told: bool,
}

impl Pace {
    /// Counts one piece; returns its seconds of rendering per second of sound the
    /// first time enough is known and that is too slow.
    fn add(&mut self, rendering: Duration, sound: Duration) -> Option<f64> {
        self.pieces += 1;
        if self.pieces == 1 || self.told {
            return None;
        }
        self.rendering += rendering;
        self.sound += sound;
        if self.sound < PACE_AFTER {
            return None;
        }
        let ratio = self.rendering.as_secs_f64() / self.sound.as_secs_f64();
        self.told = ratio > TOO_SLOW;
        self.told.then_some(ratio)
    }
}

/// The most words of a piece that prefetch renders while the speech thread rests.
const SHORT_WORDS: usize = 6;

/// Whether `piece` is quick to render (a few words, or a few Japanese characters).
fn short(piece: &str) -> bool {
    let words = piece.split_whitespace().count();
    words <= SHORT_WORDS && piece.chars().count() <= SHORT_WORDS * 8
}

/// Pieces of an utterance, each with what follows it.
type Parts = Vec<(String, Ending)>;

/// The pieces `text` is rendered and played in, each with what follows it: its
/// sentences, and for an engine that renders slowly the first sentence's opening
/// alone (a short first clause or a few words: heard while the rest renders). `say`
/// and prefetch cut alike, so that what prefetch rendered is found.
fn parts(engine: Engine, text: &str) -> Parts {
    let sentences = sentences(text);
    let last = sentences.len().saturating_sub(1);
    let mut out = Vec::with_capacity(sentences.len() + 1);
    for (i, sentence) in sentences.into_iter().enumerate() {
        let ending = if i == last {
            Ending::Utterance
        } else {
            Ending::Sentence
        };
        match opening(&sentence)
            .filter(|_| i == 0 && engine.features().opening == Opening::ClauseFirst)
        {
            Some((head, tail, cut)) => {
                let between = match cut {
                    Cut::Clause => Ending::Clause,
                    Cut::Phrase => Ending::Phrase,
                };
                out.push((head, between));
                out.push((tail, ending));
            }
            None => out.push((sentence, ending)),
        }
    }
    out
}

/// A synthesis thread: says (or prefetches) one job at a time.
struct Worker {
    /// Which of the two threads this is.
    side: Side,
    turns: Arc<Turns>,
    output: Arc<Output>,
    kept: Arc<Kept>,
    /// Rendered speech from earlier runs; none without a cache folder.
    disk: Option<Arc<DiskCache>>,
    state: Arc<State>,
    resamplers: Resamplers,
    chimes: HashMap<ChimeKind, Arc<[f32]>>,
    /// How fast each slow engine renders (speech thread only).
    pace: HashMap<(Engine, Lang), Pace>,
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
            if self.state.is_text_only() {
                continue;
            }
            match job {
                Job::Say {
                    saying,
                    parts,
                    from,
                } => {
                    self.say(&saying, &parts, from);
                    self.turns.said();
                }
                Job::Chime { generation, kind } => {
                    let rate = self.output.rate;
                    let volume = self.kept.volume;
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
        let work: Vec<(Engine, Lang, Parts)> = texts
            .into_iter()
            .map(|(engine, lang, text)| (engine, lang, parts(engine, &text)))
            .collect();
        let longest = work.iter().map(|w| w.2.len()).max().unwrap_or(0);
        for i in 0..longest {
            for (engine, lang, parts) in &work {
                if let Ok(job) = jobs.try_recv() {
                    // A new list: what the listener may ask for now comes first.
                    return Some(job);
                }
                if let Some((sentence, ending)) = parts.get(i) {
                    let quick = i == 0 && short(sentence);
                    let _ = self.rendered(*engine, lang, sentence, rate, *ending, quick);
                }
            }
        }
        None
    }

    fn empty_clip(&self, generation: u64) {
        self.output.push(Clip {
            generation,
            samples: Arc::from(Vec::new()),
            tag: None,
            ends_item: true,
        });
    }

    /// Says `parts` of `saying` from the piece `from` on.
    fn say(&mut self, saying: &Saying, parts: &Parts, from: usize) {
        let Saying {
            generation,
            tag,
            engine,
            ref lang,
            rate,
            ..
        } = *saying;
        if generation != self.state.current() {
            return;
        }
        if parts.is_empty() || engine.is_silent() {
            self.empty_clip(generation);
            return;
        }
        let last = parts.len() - 1;
        // An engine that renders in milliseconds renders the whole utterance at once.
        let slow = engine.features().opening == Opening::ClauseFirst;
        for (i, (sentence, ending)) in parts.iter().enumerate().skip(from) {
            if slow {
                self.rest_while_ahead(generation);
            }
            if generation != self.state.current() {
                return;
            }
            // Silence until this piece is done: what runs ahead of time stops for it.
            set_urgent(self.output.queued(generation) < URGENT_BELOW);
            match self.rendered(engine, lang, sentence, rate, *ending, false) {
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
                // Cut short because the listener moved on: nothing to tell.
                Err(_) if generation != self.state.current() => return,
                Err(Failure::Utterance(reason)) => {
                    (self.state.notify)(Notice::Skipped {
                        from: engine,
                        reason,
                    });
                    // Nothing to play, but the item ends, so `Done` still comes.
                    self.empty_clip(generation);
                    return;
                }
            }
        }
    }

    /// Waits while more than `LEAD` of `generation`'s sound is queued (prefetch may
    /// render meanwhile), or until the listener moves on.
    fn rest_while_ahead(&self, generation: u64) {
        while generation == self.state.current() && self.output.queued(generation) > LEAD {
            self.turns.rest(true);
            thread::sleep(Duration::from_millis(50));
        }
        self.turns.rest(false);
    }

    /// Counts a piece rendered for the listener; says once when `engine` is too slow
    /// for `lang` here (the session hands the language to the next engine).
    fn judge_pace(&mut self, engine: Engine, lang: &Lang, rendering: Duration, sound: Duration) {
        #[cfg(feature = "test-hooks")]
        let rendering = match std::env::var("TEBIKI_TEST_SLOWER")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
        {
            Some(factor) => rendering.mul_f64(factor),
            None => rendering,
        };
        let pace = self.pace.entry((engine, lang.clone())).or_default();
        if let Some(ratio) = pace.add(rendering, sound) {
            (self.state.notify)(Notice::Slow {
                from: engine,
                lang: lang.clone(),
                ratio,
            });
        }
    }

    /// One sentence at the device's rate, from the cache or rendered now (and kept);
    /// `short`: quick to render (see `Turns::claim`).
    fn rendered(
        &mut self,
        engine: Engine,
        lang: &Lang,
        sentence: &str,
        rate: f32,
        ending: Ending,
        short: bool,
    ) -> Result<Arc<[f32]>, Failure> {
        // A hook for the test that one failing utterance does not end speech: only in
        // a build with `--features test-hooks`, never in what users run.
        #[cfg(feature = "test-hooks")]
        if std::env::var("TEBIKI_TEST_FAIL_TEXT")
            .is_ok_and(|marker| !marker.is_empty() && sentence.contains(marker.as_str()))
        {
            return Err(Failure::Utterance("TEBIKI_TEST_FAIL_TEXT".into()));
        }
        let key = self
            .kept
            .key(engine, lang, sentence, rate, ending)
            .ok_or_else(|| Failure::Engine(format!("{} is not loaded", engine.name())))?;
        let device_rate = self.output.rate;
        let claim = loop {
            if let Some(samples) = self.kept.cached(&key) {
                return Ok(samples);
            }
            if let Some(samples) = self.disk.as_ref().and_then(|d| d.get(&key, device_rate)) {
                self.kept.keep(key, samples.clone());
                return Ok(samples);
            }
            // The other thread was rendering it: it is in the cache now, unless that
            // failed (then this thread tries).
            if let Some(claim) = self.turns.claim(self.side, &key, short) {
                break claim;
            }
        };
        let speaker = self
            .kept
            .speakers
            .speaker(engine, lang)
            .map_err(Failure::Engine)?;
        let started = Instant::now();
        let pcm = render::for_device(
            speaker.as_ref(),
            sentence,
            rate,
            self.kept.volume,
            self.kept.pause,
            ending,
            self.output.rate,
            &mut self.resamplers,
        )
        .map_err(|e| Failure::Utterance(e.0))?;
        let rendering = started.elapsed();
        let samples: Arc<[f32]> = pcm.samples.into();
        if let Some(d) = &self.disk {
            d.put(&key, device_rate, samples.clone());
        }
        self.kept.keep(key, samples.clone());
        drop(claim);
        if self.side == Side::Say && engine.features().opening == Opening::ClauseFirst {
            let sound = Duration::from_secs_f64(samples.len() as f64 / f64::from(device_rate));
            self.judge_pace(engine, lang, rendering, sound);
        }
        Ok(samples)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;
    use crate::speech::cache::tests::key;

    #[test]
    fn prefetch_starts_nothing_while_something_waits_to_be_said() {
        let turns = Arc::new(Turns::default());
        turns.queued();
        let started = Arc::new(AtomicBool::new(false));
        let prefetch = {
            let (turns, started) = (turns.clone(), started.clone());
            thread::spawn(move || {
                let claim = turns.claim(Side::Prefetch, &key("next step"), true);
                started.store(true, Ordering::SeqCst);
                claim.is_some()
            })
        };
        // The speech thread renders meanwhile; prefetch waits.
        let said = turns.claim(Side::Say, &key("this step"), false);
        assert!(said.is_some());
        thread::sleep(Duration::from_millis(150));
        assert!(
            !started.load(Ordering::SeqCst),
            "prefetch began before the say"
        );
        drop(said);
        turns.said();
        assert!(
            prefetch.join().unwrap(),
            "prefetch got its turn after the say"
        );
    }

    #[test]
    fn while_the_speech_thread_rests_prefetch_renders_short_pieces_only() {
        let turns = Turns::default();
        turns.queued();
        turns.rest(true);
        assert!(turns
            .claim(Side::Prefetch, &key("Press Enter"), true)
            .is_some());
        let long = {
            let turns = &turns;
            thread::scope(|scope| {
                let waiting = scope.spawn(move || {
                    turns
                        .claim(
                            Side::Prefetch,
                            &key("A long sentence of many words."),
                            false,
                        )
                        .is_some()
                });
                thread::sleep(Duration::from_millis(150));
                assert!(
                    !waiting.is_finished(),
                    "a long piece began while a say waits"
                );
                turns.said();
                waiting.join().unwrap()
            })
        };
        assert!(long);
        assert!(short("Press Enter"));
        assert!(!short(
            "The program for looking at internet pages is called a web browser."
        ));
    }

    #[test]
    fn a_sentence_being_rendered_is_waited_for_not_rendered_again() {
        let turns = Arc::new(Turns::default());
        let prefetching = turns
            .claim(Side::Prefetch, &key("next step"), false)
            .unwrap();
        let say = {
            let turns = turns.clone();
            thread::spawn(move || turns.claim(Side::Say, &key("next step"), false).is_some())
        };
        thread::sleep(Duration::from_millis(50));
        drop(prefetching);
        // The say was told to look in the cache again, where prefetch put it.
        assert!(!say.join().unwrap());
        // Another sentence is the say's to render at once.
        assert!(turns.claim(Side::Say, &key("other"), false).is_some());
    }

    #[test]
    fn a_slow_engine_says_a_few_words_first_and_a_quick_one_whole_sentences() {
        let cut = |engine: &str, text: &str| {
            let engine = Engine::find(engine).unwrap();
            parts(engine, text)
                .into_iter()
                .map(|(s, e)| format!("{s}[{e:?}]"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            cut("kokoro", "Press Enter to go on. Then wait."),
            "Press Enter[Phrase] to go on.[Sentence] Then wait.[Utterance]"
        );
        assert_eq!(
            cut("jtalk", "Press Enter to go on. Then wait."),
            "Press Enter to go on.[Sentence] Then wait.[Utterance]"
        );
    }

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn pace_leaves_the_first_piece_out_and_judges_after_six_seconds_of_sound() {
        let mut pace = Pace::default();
        // Warming up: however slow, the first piece does not count.
        assert_eq!(pace.add(secs(9.0), secs(1.0)), None);
        assert_eq!(
            pace.add(secs(4.0), secs(3.0)),
            None,
            "3 s of sound: too early"
        );
        let ratio = pace
            .add(secs(4.0), secs(3.0))
            .expect("8 s for 6 s of sound");
        assert!((ratio - 8.0 / 6.0).abs() < 1e-9, "{ratio}");
        // Said once.
        assert_eq!(pace.add(secs(9.0), secs(3.0)), None);
    }

    #[test]
    fn pace_faster_than_speech_is_never_told() {
        let mut pace = Pace::default();
        for _ in 0..20 {
            assert_eq!(pace.add(secs(0.7), secs(1.0)), None);
        }
        // A slow moment among many quick pieces does not tip it.
        assert_eq!(pace.add(secs(3.0), secs(1.0)), None);
    }

    #[test]
    fn pace_that_falls_behind_later_is_told_then() {
        let mut pace = Pace::default();
        pace.add(secs(1.0), secs(1.0));
        for _ in 0..6 {
            assert_eq!(pace.add(secs(1.2), secs(1.0)), None);
        }
        let told = (0..20).find_map(|_| pace.add(secs(2.0), secs(1.0)));
        assert!(told.is_some_and(|r| r > TOO_SLOW), "{told:?}");
    }
}
