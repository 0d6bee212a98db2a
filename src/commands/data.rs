//! `tebiki data install [--dictionary-source DIR] [--voice FILE…] [--model-source DIR]`:
//! builds the Japanese dictionary, installs HTS voices and the neural voice's files into the
//! data folder. The setup script fetches the sources; this never downloads.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::Context;
use crate::error::Error;
use crate::l10n::arg;
use crate::speech::data::SpeechData;
use crate::speech::model::{self, ModelData, MODEL_FILE, RUNTIME_FILE};

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
    if let Some(source) = dictionary_source {
        say("data-building", &[arg("dir", source.display().to_string())]);
        let started = Instant::now();
        data.build_dictionary(source)?;
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
        let done = model::install(source, &files)?;
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
    }
    if dictionary_source.is_none() && ctx.global.voice.is_empty() && model_source.is_none() {
        say("data-nothing", &[]);
    }
    Ok(())
}
