//! `tebiki run GUIDE` and `tebiki` alone (offer to continue, else a spoken menu).
//! Sets up the terminal, speech and the log, then hands over to the session.

use std::io::IsTerminal;
use std::sync::atomic::Ordering;

use super::Context;
use crate::error::Error;
use crate::events::{EventLog, LogEvent};
use crate::guide::{Guide, Source};
use crate::input::terminal::RawGuard;
use crate::l10n::{arg, Lang};
use crate::player::{self, Choice, Menu, Resume};
use crate::progress::Store;
use crate::quiet_stderr::QuietStderr;
use crate::session::{self, Channel, ChannelSource, Io, KeySource, Setup, SystemClock};
use crate::speech::{self, EngineRequest, Speech};
use crate::ui::{StdoutScreen, Style};

/// Terminal, input, speech and log for one process.
struct Runtime {
    log: EventLog,
    channel: Channel,
    screen: StdoutScreen,
    terminal: bool,
    _raw: Option<RawGuard>,
    _quiet: Option<QuietStderr>,
    stop_keys: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Drop for Runtime {
    fn drop(&mut self) {
        self.stop_keys.store(true, Ordering::SeqCst);
    }
}

fn style(ctx: &Context) -> Style {
    let tty = std::io::stdout().is_terminal();
    let plain = ctx.global.plain || !tty;
    let (width, height) =
        crossterm::terminal::size().map_or((80, 0), |(w, h)| (usize::from(w), usize::from(h)));
    Style {
        plain,
        color: !plain && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        width,
        height,
    }
}

impl Runtime {
    fn new(ctx: &Context) -> Result<Runtime, Error> {
        // Libraries' own warnings must not tear the screen: they go to a log file.
        let quiet = if std::io::stderr().is_terminal() {
            QuietStderr::redirect_to(&ctx.paths.state_dir.join("stderr.log"))
        } else {
            None
        };
        let log = match (&ctx.global.events, &quiet) {
            (Some(target), Some(quiet)) if target == "-" => match quiet.original() {
                Some(file) => EventLog::to_writer(Box::new(file), ctx.started),
                None => EventLog::none(),
            },
            (Some(target), _) => {
                EventLog::open(target, ctx.started).map_err(|source| Error::EventsFile {
                    path: target.into(),
                    source,
                })?
            }
            (None, _) => EventLog::none(),
        };
        let terminal = std::io::stdin().is_terminal();
        let raw = if terminal {
            Some(RawGuard::enable().map_err(Error::Terminal)?)
        } else {
            None
        };
        let channel = Channel::new();
        let source = if terminal {
            KeySource::Terminal
        } else {
            KeySource::Lines
        };
        let stop_keys = session::start_input(&source, &channel).map_err(Error::Terminal)?;
        Ok(Runtime {
            log,
            channel,
            screen: StdoutScreen::new(style(ctx), terminal),
            terminal,
            _raw: raw,
            _quiet: quiet,
            stop_keys,
        })
    }
}

/// The engine asked for; a name that speech does not know is ignored, not fatal.
pub(crate) fn engine_request(ctx: &Context) -> EngineRequest {
    ctx.settings
        .engine
        .as_deref()
        .and_then(EngineRequest::parse)
        .unwrap_or(EngineRequest::Auto)
}

/// What speech is handed: the resolved settings' share of them.
pub(crate) fn speech_settings(ctx: &Context) -> speech::Settings {
    let s = &ctx.settings;
    speech::Settings {
        rate: s.rate,
        volume: s.volume,
        chime: s.chime,
        voices: s.voices.clone(),
        pause: s.pause,
    }
}

fn open_speech(ctx: &Context, rt: &Runtime, langs: &[Lang]) -> Result<Speech, Error> {
    let mut all: Vec<Lang> = ctx.l10n.languages();
    for l in langs {
        if !all.contains(l) {
            all.push(l.clone());
        }
    }
    Ok(Speech::open(
        engine_request(ctx),
        &all,
        &speech_settings(ctx),
        rt.log.clone(),
        rt.channel.notice_sink(),
    )?)
}

fn footer(ctx: &Context, speech: &Speech, lang: &Lang) -> String {
    let engine = speech.engine(lang);
    if engine.is_silent() {
        super::text_only_message(ctx, lang, speech)
    } else {
        ctx.l10n
            .text_args(lang, "engine-in-use", &[arg("engine", engine.name())])
    }
}

/// Finds and loads a guide; a guide that does not pass `check` is refused.
pub(crate) fn load_guide(ctx: &Context, name: &str) -> Result<Guide, Error> {
    let Some(source) = ctx.library.find(name) else {
        return Err(Error::GuideNotFound {
            name: name.to_string(),
            known: ctx.library.all().into_iter().map(|(id, _)| id).collect(),
        });
    };
    load_source(ctx, name, &source)
}

fn load_source(ctx: &Context, name: &str, source: &Source) -> Result<Guide, Error> {
    let loaded = ctx.library.load(source);
    match loaded.guide {
        Some(guide) => Ok(guide),
        None => Err(Error::GuideInvalid {
            name: name.to_string(),
            problems: loaded.problems,
        }),
    }
}

/// `tebiki run GUIDE`.
pub fn run(ctx: &Context, name: &str) -> Result<(), Error> {
    let guide = load_guide(ctx, name)?;
    let store = Store::new(ctx.paths.progress_dir());
    let resume = if ctx.global.restart {
        Resume::Fresh
    } else {
        match store.load(&guide.id) {
            Some(saved) => saved.to_resume(&guide),
            None => Resume::Fresh,
        }
    };
    let mut rt = Runtime::new(ctx)?;
    let mut speech = open_speech(ctx, &rt, &guide.languages)?;
    play(ctx, &mut rt, &mut speech, &guide, &store, resume);
    Ok(())
}

/// The language to read a guide in (asked for, else the system's, else the guide's
/// first), and the language asked for when the guide does not have it.
pub(crate) fn guide_lang(ctx: &Context, guide: &Guide) -> (Lang, Option<Lang>) {
    let asked = ctx.asked_lang();
    let wanted = asked
        .clone()
        .or_else(crate::l10n::system_lang)
        .filter(|l| guide.languages.contains(l))
        .unwrap_or_else(|| guide.languages[0].clone());
    (wanted, asked.filter(|l| !guide.languages.contains(l)))
}

/// The guide and the language to write it in, for `print` and `export` (no
/// listener to ask): when it has no version in the asked language, says so on
/// standard error and takes the one it has.
pub(crate) fn guide_for_file(ctx: &Context, name: &str) -> Result<(Guide, Lang), Error> {
    let guide = load_guide(ctx, name)?;
    let (lang, missing) = guide_lang(ctx, &guide);
    if let Some(missing) = missing {
        let text = ctx.l10n.text_args(
            &ctx.lang,
            "export-lang-missing",
            &[
                crate::l10n::arg("asked", missing.as_str()),
                crate::l10n::arg("lang", lang.as_str()),
            ],
        );
        eprintln!("{}", crate::ui::clean(&text));
    }
    Ok((guide, lang))
}

fn play(
    ctx: &Context,
    rt: &mut Runtime,
    speech: &mut Speech,
    guide: &Guide,
    store: &Store,
    resume: Resume,
) -> bool {
    let (wanted, missing_lang) = guide_lang(ctx, guide);
    // An explicit --lang wins over the language the listener had when they stopped.
    let resume = match (resume, ctx.global.lang) {
        (Resume::Saved(mut pos), Some(_)) => {
            pos.lang.clone_from(&wanted);
            Resume::Saved(pos)
        }
        (r, _) => r,
    };
    let lang = match &resume {
        Resume::Saved(p) | Resume::Continue(p) => guide.reading_lang(&p.lang),
        _ => wanted.clone(),
    };
    rt.log.write(&LogEvent::Start {
        guide: guide.id.clone(),
        lang: lang.to_string(),
        engine: speech.engine(&lang).name().into(),
        engines: guide
            .languages
            .iter()
            .map(|l| (l.to_string(), speech.engine(l).name().into()))
            .collect(),
    });
    let setup = Setup {
        l10n: &ctx.l10n,
        options: player::Options {
            lang: wanted,
            missing_lang,
            rate: ctx.settings.rate,
            remind: ctx.settings.remind,
            confirm_quit: rt.terminal,
            helper: crate::helper::load(&ctx.paths.config_file),
        },
        resume,
        store,
        settings_file: &ctx.settings_file,
        log: rt.log.clone(),
        chime: ctx.settings.chime,
        footers: std::cell::RefCell::new(
            guide
                .languages
                .iter()
                .map(|l| (l.clone(), footer(ctx, speech, l)))
                .collect(),
        ),
    };
    let completed = session::run(
        guide,
        &setup,
        Io {
            source: &mut ChannelSource::new(&rt.channel, rt.terminal),
            voice: speech,
            screen: &mut rt.screen,
            clock: &SystemClock,
        },
    );
    speech.stop();
    completed
}

/// `tebiki` alone: offer to continue the latest unfinished guide, else a menu.
pub fn menu(ctx: &Context) -> Result<(), Error> {
    let store = Store::new(ctx.paths.progress_dir());
    let latest = store.latest().and_then(|saved| {
        let source = ctx.library.find(&saved.guide)?;
        let guide = ctx.library.load(&source).guide?;
        match saved.to_resume(&guide) {
            Resume::Saved(pos) => Some((guide, pos)),
            _ => None,
        }
    });
    let guides: Vec<Guide> = ctx
        .library
        .all()
        .into_iter()
        .filter_map(|(_, s)| ctx.library.load(&s).guide)
        .collect();
    let mut rt = Runtime::new(ctx)?;
    let mut speech = open_speech(ctx, &rt, &[])?;
    let lang = ctx.lang.clone();
    let unfinished = latest
        .as_ref()
        .map(|(guide, pos)| guide.title(&guide.reading_lang(&pos.lang)).to_string());
    let titles = guides
        .iter()
        .map(|g| g.title(&g.reading_lang(&lang)).to_string())
        .collect();
    let mut menu =
        Menu::new(&ctx.l10n, lang.clone(), unfinished, titles).at_rate(ctx.settings.rate);
    let footer = footer(ctx, &speech, &lang);
    let choice = session::choose(
        &mut menu,
        &rt.log,
        &footer,
        Io {
            source: &mut ChannelSource::new(&rt.channel, rt.terminal),
            voice: &mut speech,
            screen: &mut rt.screen,
            clock: &SystemClock,
        },
    );
    match (choice, latest) {
        (Choice::Continue, Some((guide, pos))) => {
            let resume = Resume::Continue(pos);
            play(ctx, &mut rt, &mut speech, &guide, &store, resume);
        }
        (Choice::Guide(i), _) => {
            if let Some(guide) = guides.get(i) {
                let resume = match store.load(&guide.id) {
                    Some(saved) => saved.to_resume(guide),
                    None => Resume::Fresh,
                };
                play(ctx, &mut rt, &mut speech, guide, &store, resume);
            }
        }
        _ => {}
    }
    Ok(())
}
