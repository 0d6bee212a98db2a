//! The list of engines: the one place that names them all. `--engine`'s values, `auto`'s
//! order per language, `doctor`, `voices`, `say` and `export` walk it. A new engine is
//! one file implementing `Backend` and one line here. An engine a platform lacks stays
//! listed (scripts see the same names everywhere); its probe says it is not there.

use std::fmt;

use super::backend::{Backend, Features, Output};
use crate::l10n::Lang;

/// Every engine, in the order `voices` and `doctor` show them.
pub static REGISTRY: &[&dyn Backend] = &[
    &super::jtalk::Jtalk,
    &super::kokoro::Kokoro,
    &super::espeak::Espeak,
    &super::system::System,
    &super::text::Text,
];

/// `--engine auto`: the best engine that works, per language.
pub const AUTO: &str = "auto";

/// One engine of the registry. Cheap to copy; two are equal when their names are.
#[derive(Clone, Copy)]
pub struct Engine(&'static dyn Backend);

impl Engine {
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    pub fn backend(self) -> &'static dyn Backend {
        self.0
    }

    pub fn features(self) -> Features {
        self.0.features()
    }

    pub fn speaks(self, lang: &Lang) -> bool {
        self.0.speaks(lang)
    }

    /// It makes no sound (text only).
    pub fn is_silent(self) -> bool {
        self.features().output == Output::Silent
    }

    /// The engine called `name`, if there is one.
    pub fn find(name: &str) -> Option<Engine> {
        REGISTRY
            .iter()
            .find(|b| b.name() == name)
            .map(|b| Engine(*b))
    }

    /// The engine that shows text only: where every fallback ends.
    pub fn silent() -> Engine {
        all()
            .find(|e| e.is_silent())
            .unwrap_or(Engine(&super::text::Text))
    }
}

impl PartialEq for Engine {
    fn eq(&self, other: &Engine) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Engine {}

impl std::hash::Hash for Engine {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every engine.
pub fn all() -> impl Iterator<Item = Engine> {
    REGISTRY.iter().map(|b| Engine(*b))
}

/// `auto`'s order for `lang`: the engines that rank it, best first.
pub fn auto_order(lang: &Lang) -> Vec<Engine> {
    let mut ranked: Vec<(u8, Engine)> = all()
        .filter(|e| e.speaks(lang))
        .filter_map(|e| e.backend().auto_rank(lang).map(|r| (r, e)))
        .collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked.into_iter().map(|(_, e)| e).collect()
}

/// `auto`'s order for `lang` when the listener chose `voice`: a voice name belongs to
/// one engine, so that engine is tried first (`--voice am_michael` means kokoro).
pub fn auto_order_for(lang: &Lang, voice: Option<&str>) -> Vec<Engine> {
    let mut order = auto_order(lang);
    if let Some((owner, _)) = voice.and_then(voice_owner) {
        if let Some(i) = order.iter().position(|e| *e == owner) {
            let first = order.remove(i);
            order.insert(0, first);
        }
    }
    order
}

/// What `--engine` (or the `engine` setting) asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineRequest {
    Auto,
    Named(Engine),
}

impl EngineRequest {
    pub fn parse(name: &str) -> Option<EngineRequest> {
        if name == AUTO {
            return Some(EngineRequest::Auto);
        }
        Engine::find(name).map(EngineRequest::Named)
    }

    /// Every value `--engine` takes: `auto` and each engine's name.
    pub fn names() -> Vec<&'static str> {
        std::iter::once(AUTO)
            .chain(REGISTRY.iter().map(|b| b.name()))
            .collect()
    }
}

/// The language a voice name belongs to, and its engine (`m001` → jtalk for ja).
pub fn voice_owner(name: &str) -> Option<(Engine, Lang)> {
    all().find_map(|e| {
        [Lang::ja(), Lang::en()]
            .into_iter()
            .find(|l| e.backend().voices(l).iter().any(|v| v.name == name))
            .map(|l| (e, l))
    })
}

/// Every voice name `--voice` takes.
pub fn voice_names() -> Vec<String> {
    let mut names = Vec::new();
    for e in all() {
        for lang in [Lang::ja(), Lang::en()] {
            for v in e.backend().voices(&lang) {
                if !names.iter().any(|n| n == v.name) {
                    names.push(v.name.to_string());
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_include_auto() {
        let names = EngineRequest::names();
        assert_eq!(names[0], "auto");
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "{names:?}");
        for name in &names[1..] {
            assert_eq!(
                EngineRequest::parse(name).map(|r| match r {
                    EngineRequest::Named(e) => e.name(),
                    EngineRequest::Auto => AUTO,
                }),
                Some(*name)
            );
        }
        assert_eq!(EngineRequest::parse("nonsense"), None);
    }

    #[test]
    fn every_language_ends_in_text() {
        for lang in [Lang::ja(), Lang::en()] {
            let order = auto_order(&lang);
            assert!(order.last().is_some_and(|e| e.is_silent()), "{order:?}");
            assert!(order.iter().all(|e| e.speaks(&lang)));
        }
    }

    #[test]
    fn auto_order_is_spec_order() {
        let names = |l: &Lang| auto_order(l).iter().map(|e| e.name()).collect::<Vec<_>>();
        // Japanese is never sent to eSpeak NG.
        assert_eq!(names(&Lang::ja()), ["jtalk", "kokoro", "system", "text"]);
        assert_eq!(names(&Lang::en()), ["kokoro", "espeak", "system", "text"]);
    }

    #[test]
    fn a_chosen_voice_puts_its_engine_first() {
        let names = |lang: Lang, v: Option<&str>| {
            auto_order_for(&lang, v)
                .iter()
                .map(|e| e.name())
                .collect::<Vec<_>>()
        };
        let en = |v| names(Lang::en(), v);
        assert_eq!(en(Some("am_michael"))[0], "kokoro");
        assert_eq!(en(Some("en-gb"))[0], "espeak");
        assert_eq!(en(None), en(Some("m001")));
        assert_eq!(en(None)[0], "kokoro");
        let ja = |v| names(Lang::ja(), v);
        assert_eq!(ja(Some("jm_kumo"))[0], "kokoro");
        assert_eq!(ja(Some("jf_alpha"))[0], "kokoro");
        assert_eq!(ja(None)[0], "jtalk");
    }

    #[test]
    fn a_voice_belongs_to_one_engine() {
        let mut seen = std::collections::BTreeMap::new();
        for e in all() {
            for lang in [Lang::ja(), Lang::en()] {
                for v in e.backend().voices(&lang) {
                    if let Some(other) = seen.insert(v.name, e.name()) {
                        assert_eq!(other, e.name(), "voice {} is in two engines", v.name);
                    }
                }
            }
        }
        assert_eq!(
            voice_owner("m001").map(|(e, l)| (e.name(), l)),
            Some(("jtalk", Lang::ja()))
        );
        assert_eq!(
            voice_owner("en-gb").map(|(e, l)| (e.name(), l)),
            Some(("espeak", Lang::en()))
        );
        assert!(voice_owner("nobody").is_none());
    }
}
