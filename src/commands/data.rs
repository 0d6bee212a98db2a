//! `tebiki data install [--dictionary-source DIR] [--voice FILE…] [--model-source DIR]`:
//! builds the Japanese dictionary, installs HTS voices and the neural voice's files into the
//! data folder. The setup script fetches the sources; this never downloads. What it
//! did goes to standard output; how the long parts go (the dictionary, the model's
//! 92 MB read and checked) to standard error (`meter`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::Context;
use crate::error::Error;
use crate::l10n::arg;
use crate::meter::{Job, Meter, Tally};
use crate::quiet_stderr::QuietStderr;
use crate::speech::data::SpeechData;
use crate::speech::model::{self, ModelData, Reading, MODEL_FILE, RUNTIME_FILE};

pub fn install(
    ctx: &Context,
    dictionary_source: Option<&Path>,
    model_source: Option<&Path>,
) -> Result<(), Error> {
    let data = SpeechData::new(&ctx.paths.data_dir);
    let say = |id: &str, args: &[crate::l10n::Arg<'_>]| {
        outln!(
            "{}",
            crate::ui::clean(&ctx.l10n.text_args(&ctx.lang, id, args))
        );
    };
    // On a terminal the dictionary builder's warnings about a few entries (skipped, not
    // errors) would tear the progress: they go to the log, the progress to the real
    // standard error.
    let quiet = std::io::stderr()
        .is_terminal()
        .then(|| QuietStderr::redirect_to(&ctx.paths.state_dir.join("stderr.log")))
        .flatten();
    let stderr = quiet.as_ref().and_then(QuietStderr::original);
    let mut meter = Meter::here(&ctx.l10n, &ctx.lang, ctx.global.plain, stderr);
    if let Some(source) = dictionary_source {
        say("data-building", &[arg("dir", source.display().to_string())]);
        let started = Instant::now();
        meter.begin(Job::Dictionary, 0, &[]);
        let built = data.build_dictionary(source);
        meter.end();
        built?;
        say(
            "data-built",
            &[
                arg("dir", data.dictionary_dir().display().to_string()),
                arg("seconds", format!("{:.1}", started.elapsed().as_secs_f32())),
            ],
        );
    }
    for file in &ctx.global.voice {
        let name = data.install_voice(&PathBuf::from(file))?;
        say(
            "data-voice-installed",
            &[
                arg("name", name),
                arg("dir", data.voices_dir().display().to_string()),
            ],
        );
    }
    if let Some(source) = model_source {
        say(
            "data-model-installing",
            &[arg("dir", source.display().to_string())],
        );
        let files = ModelData::new(&ctx.paths.data_dir);
        let mut reading: Option<(Reading, Tally, Instant)> = None;
        let done = model::install(source, &files, &mut |now, bytes, total| {
            if reading.as_ref().map(|(r, _, _)| *r) != Some(now) {
                let job = match now {
                    Reading::Checking => Job::ModelCheck,
                    Reading::Joining => Job::ModelJoin,
                };
                meter.begin(job, total, &[]);
                reading = Some((now, Tally::bytes(total), Instant::now()));
            }
            if let Some((_, tally, started)) = reading.as_mut() {
                tally.add(bytes, started.elapsed());
                meter.update(&tally.status(started.elapsed()), None);
            }
        });
        meter.end();
        let done = done?;
        let kept = ctx.l10n.text(&ctx.lang, "data-model-kept");
        let or_kept = |changed: bool, what: String| if changed { what } else { kept.clone() };
        say(
            "data-model-installed",
            &[
                arg("dir", files.dir().display().to_string()),
                arg("model", or_kept(done.model, MODEL_FILE.to_string())),
                arg(
                    "voices",
                    or_kept(!done.voices.is_empty(), done.voices.join(", ")),
                ),
                arg("runtime", or_kept(done.runtime, RUNTIME_FILE.to_string())),
                arg(
                    "words",
                    or_kept(done.words.is_some(), done.words.unwrap_or(0).to_string()),
                ),
            ],
        );
        if model::needs_optimizing(&files, &done) {
            let started = Instant::now();
            meter.begin(Job::ModelOptimize, 0, &[]);
            let optimized = model::optimize(&files);
            meter.end();
            match optimized {
                Ok(file) => say(
                    "data-model-optimized",
                    &[
                        arg("file", file.display().to_string()),
                        arg("seconds", format!("{:.1}", started.elapsed().as_secs_f32())),
                    ],
                ),
                // Kokoro speaks without it, only starts slower.
                Err(reason) => say("data-model-not-optimized", &[arg("reason", reason)]),
            }
        }
    }
    if dictionary_source.is_none() && ctx.global.voice.is_empty() && model_source.is_none() {
        say("data-nothing", &[]);
    }
    drop(meter);
    drop(quiet);
    Ok(())
}
