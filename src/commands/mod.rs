//! One thin file per command. They orchestrate: find and load guides, open speech and
//! the terminal, run the session, print results.

/// `println!` for what a command prints: when its reader has gone (`tebiki voices |
/// head`), the command ends quietly instead of panicking on the broken pipe.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::commands::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!`, ending the same way as `outln!`.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::commands::write_out(format_args!($($arg)*))
    };
}

pub mod check;
pub mod data;
pub mod doctor;
pub mod export;
pub mod helper;
pub mod import;
pub mod list;
pub mod print;
pub mod readings;
pub mod run;
pub mod say;
pub mod voices;

use std::path::PathBuf;
use std::time::Instant;

use crate::cli::Global;
use crate::config::{Change, Layer, Settings, SettingsFile};
use crate::error::Error;
use crate::guide::{Library, Source};
use crate::l10n::{negotiate, Lang, Localizer};
use crate::paths::Paths;
use crate::speech::registry::{self, Engine, EngineRequest};
use crate::speech::Speech;

/// Writes a command's output. A reader that went away (a closed pipe) ends the
/// process with 0, as if the listener had chosen to stop; any other failure to write
/// is said on standard error and ends it with 1.
pub(crate) fn write_out(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            crate::platform::end_process(0);
        }
        eprintln!("tebiki: {e}");
        crate::platform::end_process(1);
    }
}

/// What the screen says when there is no sound, in `lang`: that text only was chosen,
/// or why there is none, in the listener's words for a missing device (the sound
/// library's own words are in the events log and in `doctor`), and what to run.
pub(crate) fn text_only_message(ctx: &Context, lang: &Lang, speech: &Speech) -> String {
    let l10n = &ctx.l10n;
    let reason = match speech.text_reason() {
        None if run::engine_request(ctx) == EngineRequest::Named(Engine::silent()) => {
            return l10n.text(lang, "engine-text-chosen")
        }
        None => return l10n.text(lang, "engine-text-only"),
        Some(crate::audio::OpenError::NoDevice(_)) => l10n.text(lang, "sound-no-device"),
        Some(crate::audio::OpenError::Failed(reason)) => crate::ui::clean(reason),
    };
    l10n.text_args(
        lang,
        "engine-text-only-because",
        &[crate::l10n::arg("reason", reason)],
    )
}

/// What every command needs: texts, settings, paths, guides.
pub struct Context {
    pub l10n: Localizer,
    pub global: Global,
    /// Defaults < settings file < options, resolved once.
    pub settings: Settings,
    /// Where the listener's changes are kept.
    pub settings_file: SettingsFile,
    pub paths: Paths,
    pub library: Library,
    /// The language the program speaks in (messages, menus).
    pub lang: Lang,
    pub started: Instant,
}

impl Context {
    /// Resolves the settings, says what is wrong with the settings file (on stderr),
    /// and keeps each `--voice` for its language. `voice_names`: whether `--voice`
    /// names voices (for `data install` it names files to install).
    pub fn new(
        global: Global,
        voice_names: bool,
        started: Instant,
    ) -> Result<Context, Box<(Error, Localizer, Lang)>> {
        let l10n = Localizer::builtin();
        let cli_lang = global.lang.and_then(|l| Lang::parse(l.tag()));
        let Some(paths) = Paths::from_env() else {
            let lang = negotiate(&[cli_lang], &l10n.languages(), &Lang::en());
            return Err(Box::new((Error::NoHome, l10n, lang)));
        };
        let settings_file = SettingsFile::new(paths.config_file.clone());
        let (file, problem) = settings_file.load();
        let options = match options(&global, voice_names) {
            Ok(o) => o,
            Err(e) => {
                let lang = negotiate(&[cli_lang, file.lang], &l10n.languages(), &Lang::en());
                return Err(Box::new((e, l10n, lang)));
            }
        };
        let settings = Settings::resolve(&Settings::DEFAULTS, &file, &options);
        let lang = negotiate(
            std::slice::from_ref(&settings.lang),
            &l10n.languages(),
            &Lang::en(),
        );
        let library = Library::new(global.guides.clone(), Some(paths.guides_dir()));
        let ctx = Context {
            l10n,
            global,
            settings,
            settings_file,
            paths,
            library,
            lang,
            started,
        };
        if let Some(p) = problem {
            ctx.warn(
                "warning-config",
                &[
                    crate::l10n::arg("file", p.place()),
                    crate::l10n::arg("detail", p.detail.as_str()),
                ],
            );
        }
        for change in Change::kept_options(&options) {
            if let Some(not_kept) = ctx.settings_file.keep(&change) {
                eprintln!(
                    "{}",
                    crate::ui::clean(&not_kept.message(&ctx.l10n, &ctx.lang))
                );
            }
        }
        Ok(ctx)
    }

    /// The language explicitly asked for: `--lang`, else the saved setting.
    pub fn asked_lang(&self) -> Option<Lang> {
        self.settings.lang.clone()
    }

    pub fn text(&self, id: &str) -> String {
        self.l10n.text(&self.lang, id)
    }

    fn warn(&self, id: &str, args: &[crate::l10n::Arg<'_>]) {
        let text = self.l10n.text_args(&self.lang, id, args);
        eprintln!("{}", crate::ui::clean(&text));
    }
}

/// The settings the command line asks for. A `--voice` that no engine has is an error.
fn options(global: &Global, voice_names: bool) -> Result<Layer, Error> {
    let mut voice = std::collections::BTreeMap::new();
    for name in global.voice.iter().filter(|_| voice_names) {
        let Some((_, lang)) = registry::voice_owner(name) else {
            return Err(Error::UnknownVoice {
                name: name.clone(),
                known: registry::voice_names(),
            });
        };
        voice.insert(lang, name.clone());
    }
    Ok(Layer {
        engine: global.engine.clone(),
        voice,
        rate: global.rate,
        volume: global.volume,
        chime: global.chime.map(crate::cli::OnOff::is_on),
        remind: global.remind.map(crate::cli::OnOff::is_on),
        lang: global.lang.and_then(|l| Lang::parse(l.tag())),
        pause: global.pause.map(crate::cli::PauseArg::pause),
    })
}

/// The guides named by `paths` (folders or their guide.toml), or every guide found.
pub fn sources(ctx: &Context, paths: &[PathBuf]) -> Vec<Source> {
    if paths.is_empty() {
        ctx.library.all().into_iter().map(|(_, s)| s).collect()
    } else {
        paths
            .iter()
            .map(|p| {
                let dir = if p.file_name().is_some_and(|f| f == "guide.toml") {
                    p.parent().map(PathBuf::from).unwrap_or_default()
                } else {
                    p.clone()
                };
                Source::Folder(dir)
            })
            .collect()
    }
}
