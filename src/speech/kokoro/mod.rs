//! `kokoro`: Kokoro-82M (Apache-2.0), a small neural voice for English and Japanese,
//! in-process through ONNX Runtime. Text → phonemes (Japanese: jpreprocess's readings,
//! as `jtalk` has them; English: misaki's word lists, else eSpeak NG) → tokens → one
//! inference per sentence → 24 kHz mono. Everything it needs is in the data folder's
//! `kokoro/`, put there by `tebiki data install --model-source DIR`.

mod en;
pub mod install;
mod ja;
mod model;
mod vocab;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jpreprocess::{DefaultTokenizer, JPreprocess};

use super::backend::{
    library, Backend, Env, Features, Missing, Opened, Opening, Output, Renderers, SpeakError,
    Speaker, VoiceInfo, Want,
};
use super::espeak::EspeakLibrary as Espeak;
use super::pcm::Pcm;
use crate::l10n::Lang;
use model::{Model, Voice};

/// The model file as installed, its size and SHA-256.
pub const MODEL_FILE: &str = "kokoro-v1.0.int8.onnx";
pub const MODEL_BYTES: u64 = 92_361_271;
pub const MODEL_SHA256: &str = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb";
/// The ONNX Runtime library as installed (`onnxruntime.dll` on Windows).
pub const RUNTIME_FILE: &str = crate::platform::name::ONNX_RUNTIME_LIBRARY;
/// misaki's American word lists, as one sorted table.
pub const LEXICON_FILE: &str = "en-us.tsv";

/// A Kokoro voice tebiki offers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KokoroVoice {
    /// The name `--voice` takes (Kokoro's own).
    pub name: &'static str,
    /// "ja" or "en".
    pub lang: &'static str,
    /// Loudness correction, to sound as loud as the other engines (measured as RMS
    /// over the same sentences; see the tests).
    pub gain: f32,
    /// Kokoro's speed for `--rate 1.0`: the pace of jtalk's m001 in Japanese (a little
    /// slower at most) and 145 words a minute in English, measured (see the tests).
    pub speed: f32,
}

/// The voices, the default of each language first: a warm female and a calm male
/// voice per language. In Japanese the calm male voice comes first: an offline
/// recogniser understood it best (README, "Kokoro").
pub const VOICES: &[KokoroVoice] = &[
    KokoroVoice {
        name: "jm_kumo",
        lang: "ja",
        gain: 0.81,
        speed: 0.72,
    },
    KokoroVoice {
        name: "jf_alpha",
        lang: "ja",
        gain: 0.69,
        // Slowed less than jm_kumo: at 0.635 its consonants blurred and Whisper heard
        // an extra syllable at most sentence starts (9.7 % of its kana wrong, 5.5 % at
        // 0.75). At 0.75 it keeps m001's pace as played (see the tests).
        speed: 0.75,
    },
    KokoroVoice {
        name: "af_heart",
        lang: "en",
        gain: 1.35,
        speed: 0.645,
    },
    KokoroVoice {
        name: "am_michael",
        lang: "en",
        gain: 1.5,
        speed: 0.725,
    },
];

impl KokoroVoice {
    pub fn by_name(name: &str) -> Option<KokoroVoice> {
        VOICES.iter().find(|v| v.name == name).copied()
    }

    pub fn language(&self) -> Lang {
        if self.lang == "ja" {
            Lang::ja()
        } else {
            Lang::en()
        }
    }

    /// The voice for `lang`: `wanted` if it is a Kokoro voice of that language, else
    /// the language's first.
    pub fn for_language(lang: &Lang, wanted: Option<&str>) -> Option<KokoroVoice> {
        let of_lang = |v: &&KokoroVoice| v.language() == *lang;
        wanted
            .and_then(|w| VOICES.iter().filter(of_lang).find(|v| v.name == w))
            .or_else(|| VOICES.iter().find(of_lang))
            .copied()
    }
}

/// Why Kokoro cannot speak here.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KokoroMissing {
    #[error("no Kokoro model at {0}")]
    Model(PathBuf),
    #[error("the Kokoro model at {0} is damaged (wrong size)")]
    ModelDamaged(PathBuf),
    #[error("no ONNX Runtime library at {0}")]
    Runtime(PathBuf),
    #[error("ONNX Runtime does not load: {0}")]
    RuntimeDamaged(String),
    #[error("no Kokoro voice file {0}")]
    Voice(PathBuf),
    #[error("no English word list at {0}")]
    Lexicon(PathBuf),
    #[error("no Japanese dictionary")]
    Dictionary,
    #[error("Kokoro could not start: {0}")]
    Load(String),
}

/// Where Kokoro's files live: the data folder's `kokoro/`.
#[derive(Clone, Debug)]
pub struct KokoroData {
    dir: PathBuf,
}

impl KokoroData {
    pub fn new(data_dir: &Path) -> KokoroData {
        KokoroData {
            dir: data_dir.join("kokoro"),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn model_file(&self) -> PathBuf {
        self.dir.join(MODEL_FILE)
    }

    pub fn runtime_file(&self) -> PathBuf {
        self.dir.join(RUNTIME_FILE)
    }

    pub fn lexicon_file(&self) -> PathBuf {
        self.dir.join(LEXICON_FILE)
    }

    pub fn vocab_file(&self) -> PathBuf {
        self.dir.join("vocab.json")
    }

    pub fn voice_file(&self, name: &str) -> PathBuf {
        self.dir.join("voices").join(format!("{name}.bin"))
    }

    /// Whether `voice` can speak: model (of the right size), runtime, voice file and
    /// (for English) the word list are there. Cheap: no file is read. (A model of the
    /// right size but wrong content is found when it loads.)
    pub fn check(&self, voice: &KokoroVoice) -> Result<(), KokoroMissing> {
        let model = self.model_file();
        match std::fs::metadata(&model) {
            Err(_) => return Err(KokoroMissing::Model(model)),
            Ok(m) if m.len() != MODEL_BYTES => return Err(KokoroMissing::ModelDamaged(model)),
            Ok(_) => {}
        }
        let runtime = self.runtime_file();
        if !runtime.is_file() {
            return Err(KokoroMissing::Runtime(runtime));
        }
        let file = self.voice_file(voice.name);
        if std::fs::metadata(&file).map(|m| m.len()).ok() != Some(model::VOICE_BYTES) {
            return Err(KokoroMissing::Voice(file));
        }
        if voice.lang == "en" && !self.lexicon_file().is_file() {
            return Err(KokoroMissing::Lexicon(self.lexicon_file()));
        }
        Ok(())
    }

    /// The installed voices.
    pub fn installed_voices(&self) -> Vec<KokoroVoice> {
        VOICES
            .iter()
            .filter(|v| self.check(v).is_ok())
            .copied()
            .collect()
    }
}

/// The `kokoro` engine: English and Japanese through Kokoro-82M. `auto` takes it first
/// for English; for Japanese after `jtalk` (measured no clearer: see README).
pub struct Kokoro;

impl Kokoro {
    /// The voice for `lang` that `want` asks for, if Kokoro has it.
    fn voice(lang: &Lang, want: Want<'_>) -> Result<KokoroVoice, Missing> {
        match want {
            Want::Exactly(name) => KokoroVoice::by_name(name)
                .filter(|v| v.language() == *lang)
                .ok_or_else(|| Missing::Voice {
                    name: name.to_string(),
                    dir: PathBuf::from("kokoro"),
                }),
            Want::Preferred(wanted) => KokoroVoice::for_language(lang, wanted)
                .ok_or_else(|| Missing::Language { lang: lang.clone() }),
        }
    }

    fn ready(env: &Env, lang: &Lang, want: Want<'_>) -> Result<(KokoroVoice, KokoroData), Missing> {
        if !Kokoro.speaks(lang) {
            return Err(Missing::Language { lang: lang.clone() });
        }
        let data = env.data()?;
        let kokoro = KokoroData::new(data.dir());
        let voice = Kokoro::voice(lang, want)?;
        if voice.lang == "ja" && !data.has_dictionary() {
            return Err(Missing::Dictionary {
                dir: data.dictionary_dir(),
            });
        }
        kokoro.check(&voice).map_err(|m| m.into_missing(&kokoro))?;
        Ok((voice, kokoro))
    }
}

impl Backend for Kokoro {
    fn name(&self) -> &'static str {
        "kokoro"
    }

    /// The languages it has voices for (both).
    fn speaks(&self, lang: &Lang) -> bool {
        VOICES.iter().any(|v| v.lang == lang.as_str())
    }

    /// First for English, before eSpeak NG: an offline recogniser got 34 % of its words
    /// wrong over the English my-au-login export against eSpeak NG's 84 % (README,
    /// "Kokoro"). After jtalk for Japanese: as well understood as m001 (4.2 % of
    /// `jm_kumo`'s kana wrong against 4.6 %), but its first sound after a cold start
    /// takes about 2 s against jtalk's 0.25 s. On a computer too slow for it, the
    /// session hands the language on to the next engine (`Speech::switch`).
    fn auto_rank(&self, _lang: &Lang) -> Option<u8> {
        Some(15)
    }

    fn features(&self) -> Features {
        Features {
            output: Output::Pcm,
            stop: true,
            rate: true,
            volume: true,
            // One model, one session on one thread: more renderers would only wait.
            renderers: Renderers::One,
            // Seconds for a long sentence: the first clause alone starts sooner.
            opening: Opening::ClauseFirst,
        }
    }

    fn voices(&self, lang: &Lang) -> Vec<VoiceInfo> {
        if !self.speaks(lang) {
            return Vec::new();
        }
        VOICES
            .iter()
            .filter(|v| v.language() == *lang)
            .map(|v| VoiceInfo {
                name: v.name,
                credit: Some("voices-credit-kokoro"),
            })
            .collect()
    }

    fn probe(&self, env: &Env, lang: &Lang, want: Want<'_>) -> Result<String, Missing> {
        Kokoro::ready(env, lang, want).map(|(v, _)| v.name.to_string())
    }

    fn open(&self, env: &Env, lang: &Lang, voice: &str) -> Result<Opened, Missing> {
        let (voice, kokoro) = Kokoro::ready(env, lang, Want::Exactly(voice))?;
        let dictionary = env.data()?.dictionary_dir();
        let threads = if env.all_cores {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(MOST_THREADS))
        } else {
            1
        };
        KokoroSpeaker::load(&kokoro, voice, &dictionary, threads)
            .map(|s| Opened::Pcm(Box::new(s)))
            .map_err(|m| m.into_missing(&kokoro))
    }
}

impl KokoroMissing {
    /// As the registry's reason (people get it in their language).
    fn into_missing(self, data: &KokoroData) -> Missing {
        match self {
            KokoroMissing::Model(path) | KokoroMissing::Lexicon(path) => Missing::Model { path },
            KokoroMissing::ModelDamaged(path) => Missing::Damaged {
                detail: format!("not {MODEL_BYTES} bytes"),
                path,
            },
            KokoroMissing::Runtime(path) => {
                library("kokoro")(format!("{} is missing", path.display()))
            }
            KokoroMissing::RuntimeDamaged(detail) => library("kokoro")(detail),
            KokoroMissing::Voice(path) => Missing::Voice {
                name: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            },
            KokoroMissing::Dictionary => Missing::Dictionary {
                dir: PathBuf::from("naist-jdic"),
            },
            KokoroMissing::Load(detail) => Missing::Damaged {
                path: data.model_file(),
                detail,
            },
        }
    }
}

/// The most inference threads a process that plays nothing uses (`export`): beyond
/// four, ONNX Runtime gained little on this model.
const MOST_THREADS: usize = 4;

/// How a language's text becomes phonemes.
enum Frontend {
    Japanese(Box<JPreprocess<DefaultTokenizer>>),
    English {
        lexicon: en::Lexicon,
        /// For words not in the word lists; none where eSpeak NG is not (Windows):
        /// such a word is left out.
        espeak: Option<Espeak>,
    },
}

impl en::Reader for Option<Espeak> {
    fn ipa(&self, word: &str) -> Option<String> {
        Espeak::ipa(self.as_ref()?, word, "en-us").ok()
    }
}

pub struct KokoroSpeaker {
    model: Arc<Model>,
    voice: KokoroVoice,
    styles: Voice,
    frontend: Frontend,
}

impl KokoroSpeaker {
    /// Loads `voice`: the model (shared with any other Kokoro speaker of the
    /// process), the voice's styles, and its language's frontend (Japanese: the
    /// dictionary in `dictionary`). The model runs on `threads` threads: one while
    /// sound plays.
    pub fn load(
        data: &KokoroData,
        voice: KokoroVoice,
        dictionary: &Path,
        threads: usize,
    ) -> Result<KokoroSpeaker, KokoroMissing> {
        data.check(&voice)?;
        let frontend = if voice.lang == "ja" {
            let dictionary =
                super::jtalk::load_dictionary(dictionary).map_err(|_| KokoroMissing::Dictionary)?;
            Frontend::Japanese(Box::new(JPreprocess::with_dictionaries(dictionary, None)))
        } else {
            let lexicon = en::Lexicon::load(&data.lexicon_file()).map_err(KokoroMissing::Load)?;
            let espeak = Espeak::open().ok();
            Frontend::English { lexicon, espeak }
        };
        let styles = Voice::load(&data.voice_file(voice.name)).map_err(KokoroMissing::Load)?;
        let model = Model::load(&data.runtime_file(), &data.model_file(), threads).map_err(
            |e| match e {
                model::LoadError::Runtime(detail) => KokoroMissing::RuntimeDamaged(detail),
                model::LoadError::Model(detail) => KokoroMissing::Load(detail),
            },
        )?;
        Ok(KokoroSpeaker {
            model,
            voice,
            styles,
            frontend,
        })
    }

    pub fn voice(&self) -> &KokoroVoice {
        &self.voice
    }

    /// The phonemes Kokoro is given for `text`.
    pub fn phonemes(&self, text: &str) -> Result<String, SpeakError> {
        match &self.frontend {
            Frontend::Japanese(frontend) => {
                let words = japanese_words(frontend, text)?;
                Ok(ja::phonemes(&words))
            }
            Frontend::English { lexicon, espeak } => Ok(en::phonemes(text, lexicon, espeak)),
        }
    }

    /// The morae of a Japanese `text` as the frontend reads it (for the rate).
    #[cfg(test)]
    fn morae(&self, text: &str) -> usize {
        match &self.frontend {
            Frontend::Japanese(frontend) => japanese_words(frontend, text)
                .map_or(0, |words| words.iter().map(|w| ja::morae(&w.kana)).sum()),
            Frontend::English { .. } => 0,
        }
    }
}

/// The words of `text` with their readings, from the same analysis `jtalk` makes
/// (number readings, the dictionary's pronunciations with ー).
fn japanese_words(
    frontend: &JPreprocess<DefaultTokenizer>,
    text: &str,
) -> Result<Vec<ja::Word>, SpeakError> {
    let text = super::jtalk::japanese_spacing(text);
    let mut njd = frontend
        .text_to_njd(&text)
        .map_err(|e| SpeakError(e.to_string()))?;
    njd.preprocess();
    Ok(njd
        .nodes
        .iter()
        .map(|node| {
            let kana: String = node
                .get_pron()
                .to_string()
                .chars()
                .filter(|c| *c != '’' && *c != '\'')
                .collect();
            let symbol = ja::morae(&kana) == 0;
            ja::Word {
                surface: node.get_string().to_string(),
                kana,
                symbol,
            }
        })
        .collect())
}

/// A short pause between the pieces of a sentence too long for one inference.
const PIECE_PAUSE: f32 = 0.2;

impl Speaker for KokoroSpeaker {
    fn synthesize(&self, text: &str, rate: f32) -> Result<Pcm, SpeakError> {
        let phonemes = self.phonemes(text)?;
        let speed = (self.voice.speed * rate).clamp(0.3, 3.0);
        let mut out = Pcm::new(Vec::new(), model::SAMPLE_RATE);
        for piece in vocab::pieces(&phonemes, vocab::PIECE_TOKENS, vocab::PIECE_MAX_TOKENS) {
            let tokens = vocab::tokenize(&piece);
            if tokens.is_empty() {
                continue;
            }
            let samples = self
                .model
                .infer(&tokens, self.styles.style(tokens.len()), speed)
                .map_err(SpeakError)?;
            out.append(&Pcm::new(samples, model::SAMPLE_RATE), PIECE_PAUSE / rate);
        }
        // Matched to the other engines' loudness; lowered as a whole where a peak
        // would clip (jm_kumo reaches full scale).
        Ok(out.scaled(self.voice.gain))
    }
}

#[cfg(test)]
mod tests;
