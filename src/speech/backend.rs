//! The one trait every speech engine implements, after tts-rs: its name, the languages
//! it reads, a probe that says whether it can run here (and if not, what is missing, as
//! a typed reason the program's texts put into the listener's language), its voices,
//! what it can do (`Features`), and how to open it. Nothing here knows an engine by
//! name: the engines live one to a file, and `registry.rs` lists them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::data::SpeechData;
use super::pcm::Pcm;
use crate::l10n::{arg, Lang, Localizer};

/// An engine that renders text to PCM. `Sync`: one speaker may serve several threads.
pub trait Speaker: Send + Sync {
    /// `rate` is tebiki's rate: 1.0 is its own normal for older listeners.
    fn synthesize(&self, text: &str, rate: f32) -> Result<Pcm, SpeakError>;
}

/// Why one text could not be rendered (the engine's own words, for the log).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SpeakError(pub String);

/// How an engine makes itself heard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// It renders PCM, which tebiki plays, caches and writes to files.
    Pcm,
    /// It plays by itself (the operating system's voice); nothing comes back.
    ItSelf,
    /// It makes no sound: the text is shown only.
    Silent,
}

/// What an engine supports. A missing ability is a value here, never a special case
/// elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Features {
    pub output: Output,
    /// It can be cut off at once.
    pub stop: bool,
    pub rate: bool,
    pub volume: bool,
    /// How many texts it may render at once for a file (`say --out`, `export`): a
    /// light engine one per core, an engine with a heavy model one at a time.
    pub renderers: Renderers,
    pub opening: Opening,
}

/// How an utterance's first sentence is rendered for the device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    /// Whole, like the others.
    Sentence,
    /// Its first clause alone, heard while the rest renders: for an engine that
    /// renders slower than a listener waits.
    ClauseFirst,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renderers {
    PerCore,
    One,
}

/// A voice an engine offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoiceInfo {
    /// The name `--voice` takes; a name belongs to one engine.
    pub name: &'static str,
    /// The text id that credits its makers, when its licence asks for it.
    pub credit: Option<&'static str>,
}

/// Which voice a probe or an open is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want<'a> {
    /// The listener's choice for the language if it is there, else the engine's default.
    Preferred(Option<&'a str>),
    /// Exactly this voice (`doctor` tries each one).
    Exactly(&'a str),
}

/// What an engine may look at to decide whether it can run: the data folder and the
/// voices the listener chose.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// None when there is no home folder.
    pub data: Option<SpeechData>,
    pub chosen: BTreeMap<Lang, String>,
    /// Nothing plays in this process (`export`, `say --out`): an engine may render on
    /// every core. Never while sound plays, whose thread must get its turn in time.
    pub all_cores: bool,
}

impl Env {
    /// The data folder of this user (`TEBIKI_HOME` or the platform's place), or the
    /// one installed for everyone when the user has none (`Paths::speech_data`).
    pub fn here(chosen: &BTreeMap<Lang, String>) -> Env {
        Env {
            data: crate::paths::Paths::from_env().map(|p| SpeechData::for_paths(&p)),
            chosen: chosen.clone(),
            all_cores: false,
        }
    }

    pub fn data(&self) -> Result<&SpeechData, Missing> {
        self.data.as_ref().ok_or(Missing::NoHome)
    }

    /// The voice wanted for `lang`: chosen in settings, if any.
    pub fn preferred(&self, lang: &Lang) -> Want<'_> {
        Want::Preferred(self.chosen.get(lang).map(String::as_str))
    }
}

/// Why an engine cannot run here. `Display` is for logs (the `fallback` event's
/// `reason`); people get `message`, in their language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Missing {
    #[error("not available on this platform")]
    NotOnThisPlatform,
    #[error("it cannot speak {lang}")]
    Language { lang: Lang },
    #[error("there is no home folder")]
    NoHome,
    #[error("the Japanese dictionary is not installed in {}", dir.display())]
    Dictionary { dir: PathBuf },
    #[error("no {lang} voice is installed in {}", dir.display())]
    NoVoice { lang: Lang, dir: PathBuf },
    #[error("the voice {name} is not installed in {}", dir.display())]
    Voice { name: String, dir: PathBuf },
    #[error("{} is not installed", path.display())]
    Model { path: PathBuf },
    #[error("{} cannot be loaded: {detail}", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("its library does not work: {detail}")]
    Library {
        /// The engine, whose texts say what to install (`missing-library-<engine>`).
        engine: &'static str,
        detail: String,
    },
    #[error("the system voice does not work: {detail}")]
    Service { detail: String },
    #[error("the system has no {lang} voice")]
    SystemLanguage { lang: Lang },
    #[error("it cannot write sound to a file")]
    NoFile,
}

impl Missing {
    /// What is missing and what to do, in the listener's language. Library messages
    /// (English) stay out of it: they go to the log.
    pub fn message(&self, l10n: &Localizer, lang: &Lang) -> String {
        let name = |l: &Lang| l10n.text(lang, &format!("lang-name-{}", l.as_str()));
        match self {
            Missing::NotOnThisPlatform => l10n.text(lang, "missing-platform"),
            Missing::Language { lang: l } => {
                l10n.text_args(lang, "missing-language", &[arg("lang", name(l))])
            }
            Missing::NoHome => l10n.text(lang, "missing-home"),
            Missing::Dictionary { dir } => l10n.text_args(
                lang,
                "missing-dictionary",
                &[arg("dir", dir.display().to_string())],
            ),
            Missing::NoVoice { lang: l, dir } => l10n.text_args(
                lang,
                "missing-no-voice",
                &[arg("lang", name(l)), arg("dir", dir.display().to_string())],
            ),
            Missing::Voice { name: v, dir } => l10n.text_args(
                lang,
                "missing-voice",
                &[
                    arg("name", v.as_str()),
                    arg("dir", dir.display().to_string()),
                ],
            ),
            Missing::Model { path } => l10n.text_args(
                lang,
                "missing-model",
                &[arg("path", path.display().to_string())],
            ),
            Missing::Damaged { path, .. } => l10n.text_args(
                lang,
                "missing-damaged",
                &[arg("path", path.display().to_string())],
            ),
            Missing::Library { engine, .. } => {
                let id = format!("missing-library-{engine}");
                if l10n.has(lang, &id) {
                    l10n.text(lang, &id)
                } else {
                    l10n.text(lang, "missing-library")
                }
            }
            Missing::Service { .. } => l10n.text(lang, "missing-service"),
            Missing::SystemLanguage { lang: l } => {
                l10n.text_args(lang, "missing-system-language", &[arg("lang", name(l))])
            }
            Missing::NoFile => l10n.text(lang, "missing-no-file"),
        }
    }
}

/// An engine that plays by itself: told what to say, it reports when it has been said.
pub trait OwnVoice: Send {
    /// Says `text`; `done` runs when it has been said, or when it surely should have.
    fn say(&self, text: &str, rate: f32, done: Box<dyn FnOnce() + Send>);
    fn stop(&self);
}

/// An engine, opened for one language and voice.
pub enum Opened {
    Pcm(Box<dyn Speaker>),
    ItSelf(Box<dyn OwnVoice>),
    Silent,
}

/// A speech engine. One type per engine, one file each under `src/speech/`.
pub trait Backend: Send + Sync {
    /// The name `--engine` takes, the same on every platform.
    fn name(&self) -> &'static str;
    /// Whether it can read `lang` at all (never send a language to an engine that
    /// cannot read it).
    fn speaks(&self, lang: &Lang) -> bool;
    /// Its place in `auto`'s order for `lang` (lower first); None: `auto` never picks it.
    fn auto_rank(&self, lang: &Lang) -> Option<u8>;
    fn features(&self) -> Features;
    /// The voices it offers for `lang`, the default first (installed or not).
    fn voices(&self, lang: &Lang) -> Vec<VoiceInfo>;
    /// Voices it chooses among by itself (the system's), for `voices` to show; None
    /// when all its voices are in `voices`.
    fn own_voices(&self, _lang: &Lang) -> Option<Result<Vec<String>, Missing>> {
        None
    }
    /// Whether it can run here for `lang`, and with which voice: cheap enough to call
    /// for every engine when a guide starts.
    fn probe(&self, env: &Env, lang: &Lang, want: Want<'_>) -> Result<String, Missing>;
    /// Opens it for `lang` with `voice` (from `probe`). May take a while (a dictionary,
    /// a model): the session calls it off its own thread.
    fn open(&self, env: &Env, lang: &Lang, voice: &str) -> Result<Opened, Missing>;
}

/// A PCM engine's open, for engines whose speaker is all they have.
pub(crate) fn pcm<S: Speaker + 'static>(speaker: Result<S, Missing>) -> Result<Opened, Missing> {
    speaker.map(|s| Opened::Pcm(Box::new(s)))
}

/// A library error string as a `Missing` (for the log; people are told what to
/// install, in their language).
pub(crate) fn library(engine: &'static str) -> impl Fn(String) -> Missing {
    move |detail| Missing::Library { engine, detail }
}

impl From<Missing> for SpeakError {
    fn from(m: Missing) -> SpeakError {
        SpeakError(m.to_string())
    }
}
