//! `tebiki doctor`: checks sound output and each engine of the registry, and says in
//! the listener's language what to install or run. Exit 0 when what `auto` needs for
//! both languages works (a sound device, and an engine that renders each language);
//! other findings are notes.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::Context;
use crate::audio::Output;
use crate::error::Error;
use crate::l10n::{arg, Arg, Lang};
use crate::speech::backend::{Env, Opened, Want};
use crate::speech::pace;
use crate::speech::registry::{self, Engine};

struct Findings<'a> {
    ctx: &'a Context,
    ok: bool,
}

impl Findings<'_> {
    fn line(&self, label: &str, id: &str, args: &[Arg<'_>]) {
        let label = self.ctx.l10n.text(&self.ctx.lang, label);
        let text = self.ctx.l10n.text_args(&self.ctx.lang, id, args);
        outln!("{label}: {}", crate::ui::clean(&text));
    }
    fn good(&self, id: &str, args: &[Arg<'_>]) {
        self.line("doctor-ok", id, args);
    }
    fn bad(&mut self, id: &str, args: &[Arg<'_>]) {
        self.ok = false;
        self.line("doctor-problem", id, args);
    }
    fn note(&self, id: &str, args: &[Arg<'_>]) {
        self.line("doctor-note", id, args);
    }
}

/// A short text to try each voice with.
fn sample(lang: &Lang) -> &'static str {
    if *lang == Lang::ja() {
        "こんにちは。"
    } else {
        "Hello."
    }
}

pub fn run(ctx: &Context) -> Result<(), Error> {
    let mut r = Findings { ctx, ok: true };
    match Output::open(Arc::new(AtomicU64::new(0)), Box::new(|_| {})) {
        Ok(output) => {
            std::thread::sleep(Duration::from_millis(150));
            r.good(
                "doctor-sound-ok",
                &[
                    arg("rate", output.rate),
                    arg("latency", output.latency().as_millis().to_string()),
                ],
            );
        }
        Err(reason) => r.bad("doctor-sound-missing", &[arg("reason", reason.to_string())]),
    }
    let env = Env::here(&std::collections::BTreeMap::new());
    // The listener's language first.
    let mut langs = ctx.l10n.languages();
    langs.sort_by_key(|l| *l != ctx.lang);
    for lang in langs {
        let mut renders = false;
        for engine in registry::auto_order(&lang) {
            if engine.is_silent() {
                continue;
            }
            renders |= check_engine(&r, &env, engine, &lang);
            if let Some(slow) = pace::passed_over(&ctx.paths.state_dir, engine) {
                let (ago, left) = slow.days();
                r.note(
                    "doctor-engine-too-slow",
                    &[
                        arg("engine", engine.name()),
                        arg("lang", ctx.text(&format!("lang-name-{}", lang.as_str()))),
                        arg("ratio", format!("{:.1}", slow.ratio)),
                        arg("ago", ago),
                        arg("left", left),
                    ],
                );
            }
        }
        if !renders {
            let name = ctx.text(&format!("lang-name-{}", lang.as_str()));
            r.bad("doctor-lang-none", &[arg("lang", name)]);
        }
    }
    if r.ok {
        outln!("{}", ctx.text("doctor-all-good"));
        Ok(())
    } else {
        outln!("{}", ctx.text("doctor-fix"));
        Err(Error::DoctorFailed)
    }
}

/// Tries every voice of `engine` for `lang`; true when one renders sound.
fn check_engine(r: &Findings<'_>, env: &Env, engine: Engine, lang: &Lang) -> bool {
    let ctx = r.ctx;
    let lang_name = ctx.text(&format!("lang-name-{}", lang.as_str()));
    let backend = engine.backend();
    let voices = backend.voices(lang);
    let wants: Vec<Want<'_>> = if voices.is_empty() {
        vec![Want::Preferred(None)]
    } else {
        voices.iter().map(|v| Want::Exactly(v.name)).collect()
    };
    let mut renders = false;
    for want in wants {
        let started = Instant::now();
        let missing = |reason: &crate::speech::backend::Missing| {
            r.note(
                "doctor-engine-missing",
                &[
                    arg("engine", engine.name()),
                    arg("lang", lang_name.as_str()),
                    arg("reason", reason.message(&ctx.l10n, &ctx.lang)),
                ],
            );
        };
        let voice = match backend.probe(env, lang, want) {
            Ok(v) => v,
            Err(reason) => {
                missing(&reason);
                continue;
            }
        };
        match backend.open(env, lang, &voice) {
            Ok(Opened::Pcm(speaker)) => match speaker.synthesize(sample(lang), 1.0) {
                Ok(pcm) if pcm.rms() > 0.001 => {
                    renders = true;
                    r.good(
                        "doctor-engine-ok",
                        &[
                            arg("engine", engine.name()),
                            arg("voice", voice.as_str()),
                            arg("lang", lang_name.as_str()),
                            arg("ms", started.elapsed().as_millis().to_string()),
                        ],
                    );
                }
                _ => r.note(
                    "doctor-engine-silent",
                    &[
                        arg("engine", engine.name()),
                        arg("voice", voice.as_str()),
                        arg("lang", lang_name.as_str()),
                    ],
                ),
            },
            Ok(Opened::ItSelf(_)) => r.good(
                "doctor-engine-plays",
                &[
                    arg("engine", engine.name()),
                    arg("lang", lang_name.as_str()),
                ],
            ),
            Ok(Opened::Silent) => {}
            Err(reason) => missing(&reason),
        }
    }
    renders
}
