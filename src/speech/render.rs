//! Rendering text to sound: one sentence for the device (trimmed, at the volume, with
//! its pause, at the device's rate), and whole texts for files (`say --out`, `export`),
//! several at once in order on a `rayon` pool sized by the engine's `Features`.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use rayon::prelude::*;

use super::backend::{Env, Missing, Opened, Output, Renderers, SpeakError, Speaker};
use super::pcm::{self, Pcm, Resamplers};
use super::registry::{auto_order_for, Engine, EngineRequest};
use super::sentences::sentences;
use super::SpeechError;
use crate::l10n::Lang;

/// How a session or a file is to sound.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// A multiple of tebiki's normal rate, 0.5–2.0.
    pub rate: f32,
    pub volume: f32,
    pub chime: bool,
    /// The chosen voice per language.
    pub voices: BTreeMap<Lang, String>,
    /// How long the pauses are.
    pub pause: Pause,
}

pub use crate::config::Pause;

/// How long a pause is, in seconds: the setting's multiple of tebiki's normal pauses.
impl Pause {
    /// The pause after a sentence (`last`: after the whole utterance), in seconds,
    /// at `rate`.
    pub(crate) fn after(self, last: bool, rate: f32) -> f32 {
        let normal = if last {
            UTTERANCE_PAUSE
        } else {
            SENTENCE_PAUSE
        };
        normal * self.factor() / rate.max(0.1)
    }

    /// The longest pause inside a sentence (at a comma), in seconds, at `rate`.
    pub(crate) fn inside(self, rate: f32) -> f32 {
        PHRASE_PAUSE * self.factor() / rate.max(0.1)
    }
}

// The pauses of `normal` at `--rate 1.0`, chosen by measurement (README, "Pacing"):
// the Japanese voice's own pause at a comma was 1.6–2.0 s, longer than the 0.45 s
// between sentences, which broke sentences apart and brought a whole step down to
// ≈ 3.3 morae a second against ≈ 5 inside words.

/// The pause after a sentence.
pub(crate) const SENTENCE_PAUSE: f32 = 0.8;
/// The longest pause inside a sentence: a longer one of the engine's (at a comma) is
/// shortened to it, a shorter one stays.
pub(crate) const PHRASE_PAUSE: f32 = 0.5;
/// The pause after an utterance (before a chime or the next utterance).
pub(crate) const UTTERANCE_PAUSE: f32 = 0.35;

/// Below this (about −46 dBFS over 10 ms) a stretch counts as a pause.
const PAUSE_LEVEL: f32 = 0.005;

/// Shortens every pause inside `pcm` longer than `longest` seconds to `longest`,
/// cutting from its middle so that the sound on either side keeps its fade.
pub(crate) fn shorten_pauses(mut pcm: Pcm, longest: f32) -> Pcm {
    let window = (pcm.rate as usize / 100).max(1);
    let keep = (longest.max(0.0) * pcm.rate as f32) as usize;
    let quiet: Vec<bool> = pcm
        .samples
        .chunks(window)
        .map(|w| w.iter().all(|s| s.abs() < PAUSE_LEVEL))
        .collect();
    let mut out = Vec::with_capacity(pcm.samples.len());
    let mut i = 0;
    while i < quiet.len() {
        let start = i;
        while i < quiet.len() && quiet[i] == quiet[start] {
            i += 1;
        }
        let from = start * window;
        let to = (i * window).min(pcm.samples.len());
        let inside = start > 0 && i < quiet.len();
        if quiet[start] && inside && to - from > keep {
            let half = keep / 2;
            out.extend_from_slice(&pcm.samples[from..from + half]);
            out.extend_from_slice(&pcm.samples[to - (keep - half)..to]);
        } else {
            out.extend_from_slice(&pcm.samples[from..to]);
        }
    }
    pcm.samples = out;
    pcm
}

/// One sentence as it is heard: synthesis, trimmed silence, the pauses inside it
/// no longer than `pause` allows.
pub(crate) fn sentence(
    speaker: &dyn Speaker,
    text: &str,
    rate: f32,
    pause: Pause,
) -> Result<Pcm, SpeakError> {
    let pcm = speaker.synthesize(text, rate)?.trimmed(0.03);
    Ok(shorten_pauses(pcm, pause.inside(rate)))
}

/// What follows a rendered piece of an utterance, which decides the pause after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ending {
    /// More of the same sentence (its first clause was rendered alone).
    Clause,
    /// More of the same clause (its first words were rendered alone).
    Phrase,
    Sentence,
    /// The end of the utterance.
    Utterance,
}

impl Ending {
    /// The pause after it, in seconds.
    pub(crate) fn pause(self, pause: Pause, rate: f32) -> f32 {
        match self {
            Ending::Clause => CLAUSE_PAUSE * pause.factor() / rate.max(0.1),
            Ending::Phrase => BREATH_PAUSE * pause.factor() / rate.max(0.1),
            Ending::Sentence => pause.after(false, rate),
            Ending::Utterance => pause.after(true, rate),
        }
    }
}

/// The pause after a first clause rendered alone: about an engine's own pause at a
/// comma.
pub(crate) const CLAUSE_PAUSE: f32 = 0.25;

/// The pause after a sentence's first words rendered alone: a breath between phrases.
pub(crate) const BREATH_PAUSE: f32 = 0.1;

/// Renders one sentence for the device: synthesis, trimmed silence, pauses inside
/// it shortened, volume without clipping, the pause after it (`last`: after the
/// utterance, or a shorter one after a first clause), the device's rate.
#[allow(clippy::too_many_arguments)]
pub(crate) fn for_device(
    speaker: &dyn Speaker,
    text: &str,
    rate: f32,
    volume: f32,
    pause: Pause,
    ending: Ending,
    device_rate: u32,
    resamplers: &mut Resamplers,
) -> Result<Pcm, SpeakError> {
    let mut pcm = sentence(speaker, text, rate, pause)?.scaled(volume);
    let after = pcm::Pcm::silence(pcm.rate, ending.pause(pause, rate));
    pcm.samples.extend_from_slice(&after.samples);
    Ok(pcm.resampled(device_rate, resamplers))
}

/// Hears that one item of `ordered_reporting`'s work is done, by its index, from
/// whichever thread did it: how `export` shows its progress while the rendering knows
/// nothing of screens.
pub trait Report: Sync {
    fn done(&self, index: usize);
}

/// Nobody listens.
impl Report for () {
    fn done(&self, _index: usize) {}
}

/// The index goes to the thread that shows progress.
impl Report for std::sync::mpsc::Sender<usize> {
    fn done(&self, index: usize) {
        // Nobody listening any more is no reason to stop the work.
        let _ = self.send(index);
    }
}

/// Runs `f` over `items` on `renderers` threads and returns the results in order. A
/// worker that panics is an error for the whole, never a success with parts missing.
pub fn ordered<T, R, F>(items: &[T], renderers: Renderers, f: F) -> Result<Vec<R>, SpeakError>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    ordered_reporting(items, renderers, &(), f)
}

/// `ordered`, telling `report` of each item as soon as it is done (in any order).
pub fn ordered_reporting<T, R, F>(
    items: &[T],
    renderers: Renderers,
    report: &dyn Report,
    f: F,
) -> Result<Vec<R>, SpeakError>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    let f = |(i, item): (usize, &T)| {
        let result = f(item);
        report.done(i);
        result
    };
    let threads = match renderers {
        Renderers::One => 1,
        Renderers::PerCore => std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .min(4),
    };
    let failed = || SpeakError("a rendering thread failed".into());
    // Already on a rendering thread (export renders tracks at once): one at a time here.
    if threads <= 1 || items.len() <= 1 || rayon::current_thread_index().is_some() {
        return catch_unwind(AssertUnwindSafe(|| {
            items.iter().enumerate().map(&f).collect()
        }))
        .map_err(|_| failed());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("tebiki-render-{i}"))
        .build()
        .map_err(|e| SpeakError(e.to_string()))?;
    catch_unwind(AssertUnwindSafe(|| {
        pool.install(|| items.par_iter().enumerate().map(&f).collect())
    }))
    .map_err(|_| failed())
}

/// An engine loaded here and now to render text to PCM, for `say --out` and `export`:
/// no sound device, no threads of its own.
pub struct FileRenderer {
    engine: Engine,
    speaker: Box<dyn Speaker>,
}

impl FileRenderer {
    /// The engine asked for, or with auto the first that loads for `lang` and renders
    /// PCM.
    pub fn open(
        request: EngineRequest,
        lang: &Lang,
        settings: &Settings,
    ) -> Result<FileRenderer, SpeechError> {
        let order: Vec<Engine> = match request {
            EngineRequest::Named(e) => vec![e],
            EngineRequest::Auto => {
                auto_order_for(lang, settings.voices.get(lang).map(String::as_str))
                    .into_iter()
                    .filter(|e| e.features().output == Output::Pcm)
                    .collect()
            }
        };
        let env = Env {
            all_cores: true,
            ..Env::here(&settings.voices)
        };
        let mut last = None;
        for engine in order {
            match open_pcm(engine, &env, lang) {
                Ok(speaker) => return Ok(FileRenderer { engine, speaker }),
                Err(reason) => last = Some(SpeechError::Unavailable { engine, reason }),
            }
        }
        Err(last.unwrap_or(SpeechError::Unavailable {
            engine: Engine::silent(),
            reason: Missing::Language { lang: lang.clone() },
        }))
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// `text` (already after the lexicon) as PCM, with the sentence pauses of `run`:
    /// its sentences rendered at once on as many threads as the engine allows.
    pub fn render(&self, text: &str, settings: &Settings) -> Result<Pcm, SpeechError> {
        let failed = |e: SpeakError| SpeechError::Failed {
            engine: self.engine,
            reason: e.0,
        };
        let parts = ordered(
            &sentences(text),
            self.engine.features().renderers,
            |s: &String| sentence(self.speaker.as_ref(), s, settings.rate, settings.pause),
        )
        .map_err(failed)?;
        let mut out = Pcm::default();
        for pcm in parts {
            let pcm = pcm.map_err(failed)?;
            if out.rate == 0 {
                out.rate = pcm.rate;
            }
            out.append(&pcm, settings.pause.after(false, settings.rate));
        }
        let tail = (out.rate as f32 * settings.pause.after(true, settings.rate)) as usize;
        out.samples.extend(std::iter::repeat_n(0.0, tail));
        Ok(out.scaled(settings.volume))
    }
}

/// Opens `engine` for `lang` as a PCM speaker, or says what is missing.
fn open_pcm(engine: Engine, env: &Env, lang: &Lang) -> Result<Box<dyn Speaker>, Missing> {
    if !engine.speaks(lang) {
        return Err(Missing::Language { lang: lang.clone() });
    }
    if engine.features().output != Output::Pcm {
        return Err(Missing::NoFile);
    }
    let backend = engine.backend();
    let voice = backend.probe(env, lang, env.preferred(lang))?;
    match backend.open(env, lang, &voice)? {
        Opened::Pcm(speaker) => Ok(speaker),
        Opened::ItSelf(_) | Opened::Silent => Err(Missing::NoFile),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_pauses_inside_are_shortened_and_the_rest_kept() {
        let rate = 1000;
        let tone = |s: f32| vec![0.3f32; (s * rate as f32) as usize];
        let quiet = |s: f32| vec![0.001f32; (s * rate as f32) as usize];
        // (pauses inside, longest allowed, length after)
        let cases = [
            (vec![1.8], 0.5, 0.3 + 0.5 + 0.3),
            (vec![0.2], 0.5, 0.3 + 0.2 + 0.3),
            (vec![1.8, 0.1], 0.3, 0.3 + 0.3 + 0.3 + 0.1 + 0.3),
            (vec![1.0], 0.8, 0.3 + 0.8 + 0.3),
        ];
        for (pauses, longest, expected) in cases {
            let mut samples = tone(0.3);
            for p in &pauses {
                samples.extend(quiet(*p));
                samples.extend(tone(0.3));
            }
            let pcm = shorten_pauses(Pcm::new(samples, rate), longest);
            assert!(
                (pcm.seconds() - expected).abs() < 0.021,
                "{pauses:?} at most {longest}: {} s, not {expected}",
                pcm.seconds()
            );
            // The sound itself is all there.
            let loud = pcm.samples.iter().filter(|s| **s > 0.1).count();
            assert_eq!(loud, 300 * (pauses.len() + 1), "{pauses:?}");
        }
        // Silence at either end is not a pause inside.
        let mut samples = quiet(1.0);
        samples.extend(tone(0.3));
        samples.extend(quiet(1.0));
        let pcm = shorten_pauses(Pcm::new(samples, rate), 0.2);
        assert!((pcm.seconds() - 2.3).abs() < 0.011, "{}", pcm.seconds());
    }

    #[test]
    fn pauses_scale_with_the_setting_and_the_rate() {
        let normal = Pause::Normal.after(false, 1.0);
        assert!((Pause::Short.after(false, 1.0) / normal - 0.6).abs() < 1e-6);
        assert!((Pause::Long.inside(1.0) / Pause::Normal.inside(1.0) - 1.6).abs() < 1e-6);
        assert!(Pause::Normal.after(false, 0.5) > normal);
        assert!(Pause::Normal.after(true, 1.0) < normal);
        for name in Pause::NAMES {
            assert_eq!(Pause::parse(name).map(Pause::name), Some(name));
        }
        assert_eq!(Pause::parse("medium"), None);
    }

    #[test]
    fn ordered_keeps_order_and_turns_a_panic_into_an_error() {
        let items: Vec<u32> = (0..50).collect();
        let doubled = ordered(&items, Renderers::PerCore, |i| i * 2).unwrap();
        assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        let one = ordered(&items, Renderers::One, |i| i + 1).unwrap();
        assert_eq!(one[49], 50);
        // Every item is reported done once, whatever the order.
        for renderers in [Renderers::One, Renderers::PerCore] {
            let (tx, rx) = std::sync::mpsc::channel();
            let squares = ordered_reporting(&items, renderers, &tx, |i| i * i).unwrap();
            assert_eq!(squares[7], 49);
            drop(tx);
            let mut reported: Vec<usize> = rx.iter().collect();
            reported.sort_unstable();
            assert_eq!(reported, (0..50).collect::<Vec<_>>(), "{renderers:?}");
        }
        for renderers in [Renderers::One, Renderers::PerCore] {
            let result = ordered(&items, renderers, |i| {
                assert!(*i != 17, "a worker fails");
                *i
            });
            assert!(result.is_err(), "{renderers:?}");
        }
    }
}
