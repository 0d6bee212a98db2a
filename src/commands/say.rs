//! `tebiki say TEXT [--out FILE.wav]`: speaks one text with the current settings (to
//! try a voice or a rate), or writes it to a WAV file with no sound device.

use std::path::Path;
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use super::run::{engine_request, speech_settings};
use super::Context;
use crate::error::Error;
use crate::events::{EventLog, LogEvent};
use crate::l10n::{arg, Lang};
use crate::player::Utterance;
use crate::speech::{self, Notice, Speech};

pub fn run(ctx: &Context, text: &str, out: Option<&Path>) -> Result<(), Error> {
    let lang = ctx
        .global
        .lang
        .and_then(|l| Lang::parse(l.tag()))
        .unwrap_or_else(|| Lang::of_text(text));
    let lexicons = crate::guide::load::builtin_lexicons();
    let spoken = lexicons
        .get(&lang)
        .map_or_else(|| text.to_string(), |l| l.apply(text));
    let settings = speech_settings(ctx);
    if let Some(out) = out {
        let (engine, pcm) = speech::render_file(engine_request(ctx), &lang, &spoken, &settings)?;
        write_wav(out, &pcm)?;
        let message = ctx.l10n.text_args(
            &ctx.lang,
            "say-written",
            &[
                arg("path", out.display().to_string()),
                arg("seconds", format!("{:.1}", pcm.seconds())),
                arg("engine", engine.name()),
            ],
        );
        outln!("{}", crate::ui::clean(&message));
        return Ok(());
    }
    let log = match &ctx.global.events {
        Some(target) => {
            EventLog::open(target, ctx.started).map_err(|source| Error::EventsFile {
                path: target.into(),
                source,
            })?
        }
        None => EventLog::none(),
    };
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let notify: speech::NoticeSink = Box::new(move |n| {
        if let Ok(tx) = tx.lock() {
            let _ = tx.send(n);
        }
    });
    let mut speech = Speech::open(
        engine_request(ctx),
        std::slice::from_ref(&lang),
        &settings,
        log.clone(),
        notify,
    )?;
    outln!("{}", crate::ui::clean(text));
    if speech.is_silent(&lang) {
        let message = super::text_only_message(ctx, &ctx.lang, &speech);
        eprintln!("{}", crate::ui::clean(&message));
    }
    log.write(&LogEvent::Speak {
        step: String::new(),
        lang: lang.to_string(),
        text: spoken.clone(),
        rate: settings.rate,
    });
    let mut generation = speech.generation();
    speech.say(&Utterance {
        step: String::new(),
        lang,
        text: spoken.clone(),
        rate: settings.rate,
    });
    // Generous: a slow rate reads about 2.5 characters a second.
    let time_to_say = Duration::from_secs(10 + spoken.chars().count() as u64);
    let mut deadline = Instant::now() + time_to_say;
    while let Ok(notice) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        match notice {
            Notice::Done { generation: g } if g == generation => break,
            Notice::Fallback { from, to, reason } => {
                log.write(&LogEvent::Fallback {
                    from: from.name().into(),
                    to: to.name().into(),
                    reason,
                    step: None,
                });
            }
            Notice::Skipped { from, reason } => {
                log.write(&LogEvent::Fallback {
                    from: from.name().into(),
                    to: speech::Engine::silent().name().into(),
                    reason,
                    step: None,
                });
            }
            Notice::Slow { from, lang, ratio } => {
                if let Some(to) = speech.switch(&lang, ratio) {
                    log.write(&LogEvent::Fallback {
                        from: from.name().into(),
                        to: to.name().into(),
                        reason: crate::speech::pace::too_slow_reason(from, &lang, ratio),
                        step: None,
                    });
                    let message = ctx.l10n.text_args(
                        &ctx.lang,
                        "voice-too-slow",
                        &[arg("from", from.name()), arg("to", to.name())],
                    );
                    eprintln!("{}", crate::ui::clean(&message));
                    // Said again from its start, in a new generation.
                    generation = speech.generation();
                    deadline = Instant::now() + time_to_say;
                }
            }
            Notice::Done { .. } => {}
        }
    }
    Ok(())
}

fn write_wav(path: &Path, pcm: &speech::pcm::Pcm) -> Result<(), Error> {
    pcm.write_wav(path).map_err(|e| Error::WriteAudio {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}
