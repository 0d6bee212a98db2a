//! Languages and the program's own texts. Owns the Fluent bundles built from
//! `locales/<lang>/tebiki.ftl` (compiled in) and the choice of language. It never
//! prints: callers ask for a text and show or speak it.

use std::collections::BTreeMap;
use std::fmt;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

use crate::builtin;

/// A language tag such as `ja` or `en`, always in lower case.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Lang(String);

impl Lang {
    /// Parses a tag (`ja`, `en`, `en-GB`, `ja_JP.UTF-8`) into its language part.
    pub fn parse(tag: &str) -> Option<Lang> {
        let main = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let ok = (2..=3).contains(&main.len()) && main.bytes().all(|b| b.is_ascii_lowercase());
        ok.then_some(Lang(main))
    }

    pub fn ja() -> Lang {
        Lang("ja".into())
    }

    pub fn en() -> Lang {
        Lang("en".into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language a text is written in, judged by its script: kana or kanji make it
    /// Japanese, anything else English.
    pub fn of_text(text: &str) -> Lang {
        let japanese = text.chars().any(|c| {
            matches!(c as u32,
                0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF66..=0xFF9F)
        });
        if japanese {
            Lang::ja()
        } else {
            Lang::en()
        }
    }
}

impl TryFrom<String> for Lang {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Lang::parse(&value).ok_or(value)
    }
}

impl From<Lang> for String {
    fn from(lang: Lang) -> String {
        lang.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Picks the first of `wanted` that `available` has, else the system locale if
/// available has it, else `fallback` (fluent-langneg's lookup).
pub fn negotiate(wanted: &[Option<Lang>], available: &[Lang], fallback: &Lang) -> Lang {
    let requested = wanted.iter().flatten().cloned().chain(system_lang());
    negotiate_among(requested, available).unwrap_or_else(|| fallback.clone())
}

/// The first of `requested` that `available` has.
fn negotiate_among(requested: impl Iterator<Item = Lang>, available: &[Lang]) -> Option<Lang> {
    let id = |l: &Lang| l.as_str().parse::<LanguageIdentifier>().ok();
    let requested: Vec<LanguageIdentifier> = requested.filter_map(|l| id(&l)).collect();
    let available: Vec<LanguageIdentifier> = available.iter().filter_map(id).collect();
    let chosen = fluent_langneg::negotiate_languages(
        &requested,
        &available,
        None,
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    chosen.first().and_then(|c| Lang::parse(&c.to_string()))
}

/// The language of the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, or the OS).
pub fn system_lang() -> Option<Lang> {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(value) = std::env::var(var) {
            if !value.is_empty() {
                // "C" and "POSIX" say nothing about a language.
                return Lang::parse(&value).filter(|l| l.as_str() != "c");
            }
        }
    }
    sys_locale::get_locale().and_then(|l| Lang::parse(&l))
}

/// A text argument for `Localizer::text`.
pub type Arg<'a> = (&'a str, FluentValue<'a>);

/// The program's texts in every language it has, with English as the last resort.
pub struct Localizer {
    bundles: BTreeMap<Lang, FluentBundle<FluentResource>>,
}

impl Localizer {
    /// Builds the bundles from the compiled-in `locales/<lang>/tebiki.ftl`.
    pub fn builtin() -> Localizer {
        let mut bundles = BTreeMap::new();
        for (dir, file, source) in builtin::LOCALE_FILES {
            if *file != "tebiki.ftl" {
                continue;
            }
            let (Some(lang), Ok(id)) = (Lang::parse(dir), dir.parse::<LanguageIdentifier>()) else {
                continue;
            };
            // The locales are checked by tests; a broken entry is left out, not fatal.
            let resource = match FluentResource::try_new((*source).to_string()) {
                Ok(r) | Err((r, _)) => r,
            };
            let mut bundle = FluentBundle::new(vec![id]);
            bundle.set_use_isolating(false);
            let _ = bundle.add_resource(resource);
            bundles.insert(lang, bundle);
        }
        Localizer { bundles }
    }

    /// The languages the program itself speaks.
    pub fn languages(&self) -> Vec<Lang> {
        self.bundles.keys().cloned().collect()
    }

    pub fn has(&self, lang: &Lang, id: &str) -> bool {
        self.bundles.get(lang).is_some_and(|b| b.has_message(id))
    }

    /// The text `id` in `lang` (else English, else the id itself).
    pub fn text(&self, lang: &Lang, id: &str) -> String {
        self.text_args(lang, id, &[])
    }

    /// Every text may also select on `$platform` (`linux`, `linux-package`, `windows`,
    /// `macos`): advice names only what exists there (apt, `PulseAudio`, the Windows
    /// zip, the Debian package…).
    pub fn text_args(&self, lang: &Lang, id: &str, args: &[Arg<'_>]) -> String {
        let mut fargs = FluentArgs::new();
        fargs.set("platform", crate::platform::name::here());
        for (name, value) in args {
            fargs.set(*name, value.clone());
        }
        for candidate in [lang.clone(), Lang::en()] {
            let Some(bundle) = self.bundles.get(&candidate) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            // A missing argument is a programming error caught by the locale tests;
            // the text is still better than nothing.
            return text.into_owned();
        }
        id.to_string()
    }
}

/// Shorthand for a string argument.
pub fn arg<'a>(name: &'a str, value: impl Into<FluentValue<'a>>) -> Arg<'a> {
    (name, value.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_locale_tags() {
        assert_eq!(Lang::parse("ja_JP.UTF-8"), Some(Lang::ja()));
        assert_eq!(Lang::parse("en-GB"), Some(Lang::en()));
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::parse("日本"), None);
    }

    #[test]
    fn negotiation_takes_the_first_wanted_language_there_is() {
        let both = [Lang::ja(), Lang::en()];
        let fr = Lang::parse("fr");
        let wanted = [fr.clone(), Some(Lang::en()), Some(Lang::ja())];
        assert_eq!(
            negotiate_among(wanted.into_iter().flatten(), &both),
            Some(Lang::en())
        );
        assert_eq!(negotiate_among(fr.clone().into_iter(), &both), None);
        assert_eq!(negotiate_among(std::iter::empty(), &both), None);
        let ja_only = [Lang::ja()];
        assert_eq!(negotiate(&[fr, None], &ja_only, &Lang::ja()), Lang::ja());
        assert_eq!(
            negotiate(&[None, Some(Lang::en())], &both, &Lang::ja()),
            Lang::en()
        );
    }

    #[test]
    fn judges_language_by_script() {
        assert_eq!(Lang::of_text("My auにログイン"), Lang::ja());
        assert_eq!(Lang::of_text("Log in to My au"), Lang::en());
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let l10n = Localizer::builtin();
        let langs = l10n.languages();
        assert!(langs.contains(&Lang::ja()) && langs.contains(&Lang::en()));
        for (dir, file, source) in builtin::LOCALE_FILES {
            if *file != "tebiki.ftl" {
                continue;
            }
            let resource = FluentResource::try_new((*source).to_string())
                .unwrap_or_else(|(_, e)| panic!("{dir}/tebiki.ftl does not parse: {e:?}"));
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    for lang in &langs {
                        assert!(l10n.has(lang, m.id.name), "{} lacks {}", lang, m.id.name);
                    }
                }
            }
        }
    }
}
