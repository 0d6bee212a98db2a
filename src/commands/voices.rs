//! `tebiki voices`: the engines and voices available here, per language, with the
//! credits their licences ask for.

use super::Context;
use crate::error::Error;
use crate::l10n::{arg, Lang};
use crate::speech::data::{SpeechData, EN_VOICES, JA_VOICES};
use crate::speech::{self, EspeakSpeaker};

pub fn run(ctx: &Context) -> Result<(), Error> {
    let chosen = &ctx.settings.voices;
    let data = SpeechData::new(&ctx.paths.data_dir);
    let t = |id: &str| ctx.l10n.text(&ctx.lang, id);
    let mark = |lang: &Lang, name: &str, first: bool| {
        let is_chosen = chosen.get(lang).map_or(first, |c| c == name);
        if is_chosen {
            " *"
        } else {
            ""
        }
    };

    println!("{} (ja)", t("lang-name-ja"));
    let installed = data.installed_ja_voices();
    let ja_default = installed.first().map(|v| v.name);
    for voice in JA_VOICES {
        let state = if installed.contains(voice) {
            t("voices-installed")
        } else {
            t("voices-missing")
        };
        let star = mark(&Lang::ja(), voice.name, ja_default == Some(voice.name));
        println!("  jtalk  {:<8}{star}  {state}", voice.name);
        if let Some(credit) = voice.credit {
            println!("         {}", t(credit));
        }
    }
    if !data.has_dictionary() {
        println!("         {}", t("voices-no-dictionary"));
    }
    system_line(ctx, &Lang::ja());

    println!("{} (en)", t("lang-name-en"));
    let espeak = EspeakSpeaker::open(EN_VOICES[0]);
    for (i, voice) in EN_VOICES.iter().enumerate() {
        let state = if espeak.is_ok() {
            t("voices-installed")
        } else {
            t("voices-missing")
        };
        println!(
            "  espeak {:<8}{}  {state}",
            voice,
            mark(&Lang::en(), voice, i == 0)
        );
    }
    system_line(ctx, &Lang::en());
    println!("{}", t("voices-how-to-choose"));
    Ok(())
}

fn system_line(ctx: &Context, lang: &Lang) {
    let text = match speech::system_voices(lang) {
        Ok(names) if !names.is_empty() => ctx.l10n.text_args(
            &ctx.lang,
            "voices-system",
            &[arg("count", names.len()), arg("names", sample(&names))],
        ),
        Ok(_) => ctx.l10n.text(&ctx.lang, "voices-system-none"),
        Err(reason) => ctx.l10n.text_args(
            &ctx.lang,
            "voices-system-unavailable",
            &[arg("reason", reason)],
        ),
    };
    println!("  system  {}", crate::ui::clean(&text));
}

fn sample(names: &[String]) -> String {
    let mut shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    if names.len() > 3 {
        shown.push("…");
    }
    shown.join(", ")
}
