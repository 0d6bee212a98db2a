//! `tebiki run GUIDE` and `tebiki` alone (offer to continue, else a spoken menu).
//! Sets up the terminal, speech and the log, then hands over to the session.

use std::io::IsTerminal;
use std::sync::atomic::Ordering;

use serde_json::json;

use super::Context;
use crate::error::Error;
use crate::events::EventLog;
use crate::guide::{Guide, Source};
use crate::input::terminal::RawGuard;
use crate::input::Input;
use crate::l10n::{arg, Lang};
use crate::player::{self, Resume, Utterance, View};
use crate::progress::Store;
use crate::quiet_stderr::QuietStderr;
use crate::session::{self, Channel, KeySource, Msg, Screen, Setup};
use crate::speech::{self, EngineRequest, Speech};
use crate::ui::Style;

/// Terminal, input, speech and log for one process.
struct Runtime {
    log: EventLog,
    channel: Channel,
    screen: Screen,
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
    let width = crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w));
    Style {
        plain,
        color: !plain && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        width,
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
            screen: Screen::new(style(ctx), terminal),
            terminal,
            _raw: raw,
            _quiet: quiet,
            stop_keys,
        })
    }
}

pub(crate) fn engine_request(ctx: &Context) -> EngineRequest {
    // clap accepts only the registry's names; a setting that names no engine is
    // ignored, not fatal.
    ctx.global
        .engine
        .as_deref()
        .and_then(EngineRequest::parse)
        .or_else(|| ctx.config.engine.as_deref().and_then(EngineRequest::parse))
        .unwrap_or(EngineRequest::Auto)
}

pub(crate) fn speech_settings(ctx: &Context, rate: f32) -> Result<speech::Settings, Error> {
    Ok(speech::Settings {
        rate,
        volume: ctx
            .global
            .volume
            .or(ctx.config.volume)
            .unwrap_or(1.0)
            .clamp(0.1, 1.0),
        chime: chime_on(ctx),
        voices: super::voices::chosen(ctx)?,
    })
}

fn chime_on(ctx: &Context) -> bool {
    ctx.global
        .chime
        .map(crate::cli::OnOff::is_on)
        .or(ctx.config.chime)
        .unwrap_or(true)
}

pub(crate) fn rate(ctx: &Context) -> f32 {
    ctx.global
        .rate
        .or(ctx.config.rate)
        .unwrap_or(1.0)
        .clamp(player::RATE_MIN, player::RATE_MAX)
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
        &speech_settings(ctx, rate(ctx))?,
        rt.log.clone(),
        rt.channel.notice_sink(),
    )?)
}

fn footer(ctx: &Context, speech: &Speech, lang: &Lang) -> String {
    let engine = speech.engine(lang);
    if engine.is_silent() {
        match speech.text_reason() {
            Some(reason) => ctx.l10n.text_args(
                lang,
                "engine-text-only-because",
                &[arg("reason", crate::ui::clean(reason))],
            ),
            None => ctx.l10n.text(lang, "engine-text-only"),
        }
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
    rt.log.write(
        "start",
        json!({
            "guide": guide.id,
            "lang": lang.as_str(),
            "engine": speech.engine(&lang).name(),
            "engines": guide.languages.iter()
                .map(|l| (l.as_str().to_string(), json!(speech.engine(l).name())))
                .collect::<serde_json::Map<_, _>>(),
        }),
    );
    let setup = Setup {
        l10n: &ctx.l10n,
        options: player::Options {
            lang: wanted,
            missing_lang,
            rate: rate(ctx),
            remind: ctx
                .global
                .remind
                .map(crate::cli::OnOff::is_on)
                .or(ctx.config.remind)
                .unwrap_or(true),
            confirm_quit: rt.terminal,
        },
        resume,
        store,
        config_path: ctx.paths.config_file.clone(),
        log: rt.log.clone(),
        style: rt.screen.style,
        chime: chime_on(ctx),
        footers: guide
            .languages
            .iter()
            .map(|l| (l.clone(), footer(ctx, speech, l)))
            .collect(),
    };
    let completed = session::run(
        guide,
        &setup,
        &rt.channel,
        speech,
        &mut rt.screen,
        rt.terminal,
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
    if let Some((guide, pos)) = latest {
        let title = guide.title(&guide.reading_lang(&pos.lang)).to_string();
        let question = ctx
            .l10n
            .text_args(&lang, "menu-continue", &[arg("title", title)]);
        let keys = ctx.l10n.text(&lang, "keys-yes-no");
        match ask(
            ctx,
            &mut rt,
            &mut speech,
            &lang,
            &question,
            &keys,
            |i| match i {
                Input::Action(player::Action::Yes) => Some(Some(true)),
                Input::Action(player::Action::No) => Some(Some(false)),
                i if stops(i) => Some(None),
                _ => None,
            },
        ) {
            Some(true) => {
                play(
                    ctx,
                    &mut rt,
                    &mut speech,
                    &guide,
                    &store,
                    Resume::Continue(pos),
                );
                return Ok(());
            }
            Some(false) => {}
            None => return Ok(()),
        }
    }
    let mut lines = Vec::new();
    for (i, g) in guides.iter().enumerate().take(9) {
        let title = g.title(&g.reading_lang(&lang)).to_string();
        lines.push(
            ctx.l10n
                .text_args(&lang, "menu-item", &[arg("n", i + 1), arg("title", title)]),
        );
    }
    let question = format!(
        "{}\n{}",
        ctx.l10n.text(&lang, "menu-intro"),
        lines.join("\n")
    );
    let keys = ctx.l10n.text(&lang, "keys-menu");
    let count = lines.len();
    let choice = ask(
        ctx,
        &mut rt,
        &mut speech,
        &lang,
        &question,
        &keys,
        |i| match i {
            Input::Action(player::Action::Next) => Some(Some(0)),
            Input::Other(c) => c
                .to_digit(10)
                .map(|d| d as usize)
                .filter(|d| (1..=count).contains(d))
                .map(|d| Some(d - 1)),
            i if stops(i) => Some(None),
            _ => None,
        },
    );
    if let Some(i) = choice {
        let guide = &guides[i];
        let resume = match store.load(&guide.id) {
            Some(saved) => saved.to_resume(guide),
            None => Resume::Fresh,
        };
        play(ctx, &mut rt, &mut speech, guide, &store, resume);
    }
    Ok(())
}

/// q, Ctrl-C, the end of input or a signal: the menu is left without a choice.
fn stops(input: &Input) -> bool {
    matches!(
        input,
        Input::Action(player::Action::Quit | player::Action::Interrupt)
            | Input::End
            | Input::Signal(_)
    )
}

/// Shows and speaks a question of the menu's own and waits until `decide` accepts
/// an input (`Some(answer)`); other inputs get a short hint.
#[allow(clippy::too_many_arguments)]
fn ask<T>(
    ctx: &Context,
    rt: &mut Runtime,
    speech: &mut Speech,
    lang: &Lang,
    question: &str,
    keys: &str,
    decide: impl Fn(&Input) -> Option<Option<T>>,
) -> Option<T> {
    let footer = footer(ctx, speech, lang);
    let view = View {
        title: "tebiki".into(),
        notice: Some(question.to_string()),
        keys: keys.to_string(),
        ..View::default()
    };
    rt.screen.show(&view, &footer);
    let say = |speech: &mut Speech, rt: &Runtime, text: &str| {
        rt.log.write(
            "speak",
            json!({ "step": "", "lang": lang.as_str(), "text": text }),
        );
        speech.say(&Utterance {
            step: String::new(),
            lang: lang.clone(),
            text: text.to_string(),
        });
    };
    say(speech, rt, question);
    loop {
        let Ok(msg) = rt.channel_recv() else {
            return None;
        };
        let Msg::Input(input) = msg else { continue };
        if let Input::Resize(columns) = input {
            rt.screen.resize(columns, &footer);
            continue;
        }
        if let Input::Action(a) = &input {
            if let Some(name) = a.name() {
                rt.log.write("key", json!({ "action": name }));
            }
        }
        match decide(&input) {
            Some(answer) => {
                speech.stop();
                return answer;
            }
            None => {
                speech.stop();
                let hint = ctx.l10n.text(lang, "hint-menu");
                rt.screen.show(
                    &View {
                        notice: Some(format!("{question}\n\n{hint}")),
                        ..view.clone()
                    },
                    &footer,
                );
                say(speech, rt, &hint);
            }
        }
    }
}

impl Runtime {
    fn channel_recv(&self) -> Result<Msg, std::sync::mpsc::RecvError> {
        self.channel.recv()
    }
}
