//! Rendering text to sound: one sentence for the device (trimmed, at the volume, with
//! its pause, at the device's rate), and whole texts for files (`say --out`, `export`),
//! several at once in order on a `rayon` pool sized by the engine's `Features`.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use rayon::prelude::*;

use super::backend::{Env, Missing, Opened, Output, Renderers, SpeakError, Speaker};
use super::pcm::{self, Pcm, Resamplers};
use super::registry::{auto_order, Engine, EngineRequest};
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
}

/// The pause after a sentence, at `--rate 1.0`.
pub(crate) const SENTENCE_PAUSE: f32 = 0.45;
/// The pause after an utterance (before a chime or the next utterance).
pub(crate) const UTTERANCE_PAUSE: f32 = 0.35;

/// Renders one sentence for the device: synthesis, trimmed silence, volume without
/// clipping, the pause after it, the device's rate.
pub(crate) fn for_device(
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

/// Runs `f` over `items` on `renderers` threads and returns the results in order. A
/// worker that panics is an error for the whole, never a success with parts missing.
pub fn ordered<T, R, F>(items: &[T], renderers: Renderers, f: F) -> Result<Vec<R>, SpeakError>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    let threads = match renderers {
        Renderers::One => 1,
        Renderers::PerCore => std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .min(4),
    };
    let failed = || SpeakError("a rendering thread failed".into());
    // Already on a rendering thread (export renders tracks at once): one at a time here.
    if threads <= 1 || items.len() <= 1 || rayon::current_thread_index().is_some() {
        return catch_unwind(AssertUnwindSafe(|| items.iter().map(&f).collect()))
            .map_err(|_| failed());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("tebiki-render-{i}"))
        .build()
        .map_err(|e| SpeakError(e.to_string()))?;
    catch_unwind(AssertUnwindSafe(|| {
        pool.install(|| items.par_iter().map(&f).collect())
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
            EngineRequest::Auto => auto_order(lang)
                .into_iter()
                .filter(|e| e.features().output == Output::Pcm)
                .collect(),
        };
        let env = Env::here(&settings.voices);
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
            |s: &String| {
                self.speaker
                    .synthesize(s, settings.rate)
                    .map(|p| p.trimmed(0.03))
            },
        )
        .map_err(failed)?;
        let mut out = Pcm::default();
        for pcm in parts {
            let pcm = pcm.map_err(failed)?;
            if out.rate == 0 {
                out.rate = pcm.rate;
            }
            out.append(&pcm, SENTENCE_PAUSE / settings.rate.max(0.1));
        }
        let tail = (out.rate as f32 * UTTERANCE_PAUSE) as usize;
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
    fn ordered_keeps_order_and_turns_a_panic_into_an_error() {
        let items: Vec<u32> = (0..50).collect();
        let doubled = ordered(&items, Renderers::PerCore, |i| i * 2).unwrap();
        assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        let one = ordered(&items, Renderers::One, |i| i + 1).unwrap();
        assert_eq!(one[49], 50);
        for renderers in [Renderers::One, Renderers::PerCore] {
            let result = ordered(&items, renderers, |i| {
                assert!(*i != 17, "a worker fails");
                *i
            });
            assert!(result.is_err(), "{renderers:?}");
        }
    }
}
