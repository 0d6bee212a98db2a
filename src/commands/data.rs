//! `tebiki data install [--dictionary-source DIR] [--voice FILE…]`: builds the
//! Japanese dictionary and installs HTS voices into the data folder. The setup script
//! fetches the sources; this never downloads.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::Context;
use crate::error::Error;
use crate::l10n::arg;
use crate::speech::data::SpeechData;

pub fn install(ctx: &Context, dictionary_source: Option<&Path>) -> Result<(), Error> {
    let data = SpeechData::new(&ctx.paths.data_dir);
    let say = |id: &str, args: &[crate::l10n::Arg<'_>]| {
        println!(
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
    if dictionary_source.is_none() && ctx.global.voice.is_empty() {
        say("data-nothing", &[]);
    }
    Ok(())
}
