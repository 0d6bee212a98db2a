//! Readings for review: `tebiki say TEXT --reading` and `tebiki check --readings
//! [PATH…]` print how the Japanese voice will read a text (katakana per word), without
//! speaking. They need the Japanese dictionary and nothing else.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::Context;
use crate::error::Error;
use crate::guide::load::FileRead;
use crate::guide::spoken::{self, Spoken};
use crate::l10n::{arg, Lang};
use crate::quiet_stderr::QuietStderr;
use crate::speech::data::SpeechData;
use crate::speech::reading::Reader;

/// The Japanese frontend, or what to install (exit 3).
fn reader(ctx: &Context) -> Result<Reader, Error> {
    let data = SpeechData::new(&ctx.paths.data_dir);
    let dir = data.dictionary_dir();
    if !data.has_dictionary() {
        return Err(Error::NoDictionary { dir });
    }
    Reader::load(&dir).map_err(|reason| Error::DictionaryBroken { dir, reason })
}

/// The dictionary's warnings about unknown words are noise on a terminal: they go to
/// the log file while readings are made.
fn quiet(ctx: &Context) -> Option<QuietStderr> {
    std::io::stderr()
        .is_terminal()
        .then(|| QuietStderr::redirect_to(&ctx.paths.state_dir.join("stderr.log")))
        .flatten()
}

/// `say TEXT --reading`: one line of katakana, after the Japanese lexicon.
pub fn say(ctx: &Context, text: &str) -> Result<(), Error> {
    let reader = reader(ctx)?;
    let lexicons = crate::guide::load::builtin_lexicons();
    let spoken = lexicons
        .get(&Lang::ja())
        .map_or_else(|| text.to_string(), |l| l.apply(text));
    let quieted = quiet(ctx);
    let reading = reader.reading(&spoken);
    drop(quieted);
    outln!("{}", crate::ui::clean(&reading));
    Ok(())
}

/// `check --readings [PATH…]`: every spoken Japanese text of each guide, then the
/// program's own, each sentence followed by its reading. A guide that does not load
/// is reported as `check` reports it (exit 1).
pub fn check(ctx: &Context, paths: &[PathBuf]) -> Result<(), Error> {
    let reader = reader(ctx)?;
    let ja = Lang::ja();
    let mut failed = false;
    let mut out = String::new();
    let quiet = quiet(ctx);
    for source in super::sources(ctx, paths) {
        let loaded = ctx.library.load(&source);
        for problem in &loaded.problems {
            outln!("{}", problem.render(&ctx.l10n, &ctx.lang));
        }
        let Some(guide) = loaded.guide else {
            failed = true;
            continue;
        };
        let name = guide.origin.display(&guide.id);
        if !guide.languages.contains(&ja) {
            let text = ctx
                .l10n
                .text_args(&ctx.lang, "readings-no-japanese", &[arg("path", name)]);
            out.push_str(&format!("{}\n\n", crate::ui::clean(&text)));
            continue;
        }
        let file = source.display("ja.ftl");
        let ftl = match source.read("ja.ftl") {
            FileRead::Text(t) => t,
            FileRead::Missing | FileRead::Unreadable(_) => String::new(),
        };
        out.push_str(&format!("== {name} ==\n"));
        for text in spoken::guide_texts(&guide, &ja, &file, &ftl) {
            write_entry(&mut out, &reader, &text);
        }
    }
    out.push_str("== locales/ja/tebiki.ftl ==\n");
    let lexicons = crate::guide::load::builtin_lexicons();
    for text in spoken::program_texts(&ctx.l10n, &ja, lexicons.get(&ja)) {
        write_entry(&mut out, &reader, &text);
    }
    drop(quiet);
    out!("{out}");
    if failed {
        Err(Error::CheckFailed)
    } else {
        Ok(())
    }
}

/// `PLACE LABEL`, then each sentence as the engine gets it and, under it, `= ` and
/// its reading.
fn write_entry(out: &mut String, reader: &Reader, text: &Spoken) {
    out.push_str(&format!("{} {}\n", text.place, text.label));
    for sentence in crate::speech::sentences(&text.spoken) {
        out.push_str(&format!(
            "  {}\n  = {}\n",
            crate::ui::clean(&sentence),
            crate::ui::clean(&reader.reading(&sentence))
        ));
    }
    out.push('\n');
}
