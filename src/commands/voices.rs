//! `tebiki voices`: the engines of the registry and their voices, per language, with
//! the credits their licences ask for.

use super::Context;
use crate::error::Error;
use crate::l10n::arg;
use crate::speech::backend::{Env, Want};
use crate::speech::registry;

pub fn run(ctx: &Context) -> Result<(), Error> {
    let env = Env::here(&ctx.settings.voices);
    let t = |id: &str| ctx.l10n.text(&ctx.lang, id);
    // The listener's language first.
    let mut langs = ctx.l10n.languages();
    langs.sort_by_key(|l| *l != ctx.lang);
    for lang in langs {
        outln!(
            "{} ({})",
            t(&format!("lang-name-{}", lang.as_str())),
            lang.as_str()
        );
        // The voice in use: the chosen one, else what `auto` would take.
        let in_use = registry::auto_order(&lang).into_iter().find_map(|e| {
            e.backend()
                .probe(&env, &lang, env.preferred(&lang))
                .ok()
                .filter(|v| !v.is_empty())
                .map(|v| (e, v))
        });
        for engine in registry::all().filter(|e| e.speaks(&lang) && !e.is_silent()) {
            let backend = engine.backend();
            for voice in backend.voices(&lang) {
                let probe = backend.probe(&env, &lang, Want::Exactly(voice.name));
                let state = match &probe {
                    Ok(_) => t("voices-installed"),
                    Err(_) => t("voices-missing"),
                };
                let star = if in_use
                    .as_ref()
                    .is_some_and(|(e, v)| *e == engine && v == voice.name)
                {
                    " *"
                } else {
                    ""
                };
                outln!("  {:<7}{:<9}{star}  {state}", engine.name(), voice.name);
                if let Some(credit) = voice.credit {
                    outln!("         {}", t(credit));
                }
                if let Err(reason) = probe {
                    outln!(
                        "         {}",
                        crate::ui::clean(&reason.message(&ctx.l10n, &ctx.lang))
                    );
                }
            }
            if let Some(listed) = backend.own_voices(&lang) {
                let text = match listed {
                    Ok(names) if !names.is_empty() => ctx.l10n.text_args(
                        &ctx.lang,
                        "voices-system",
                        &[arg("count", names.len()), arg("names", sample(&names))],
                    ),
                    Ok(_) => t("voices-system-none"),
                    Err(reason) => ctx.l10n.text_args(
                        &ctx.lang,
                        "voices-system-unavailable",
                        &[arg("reason", reason.message(&ctx.l10n, &ctx.lang))],
                    ),
                };
                outln!("  {:<7}{}", engine.name(), crate::ui::clean(&text));
            }
        }
    }
    outln!("{}", t("voices-how-to-choose"));
    Ok(())
}

fn sample(names: &[String]) -> String {
    let mut shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    if names.len() > 3 {
        shown.push("…");
    }
    shown.join(", ")
}
