//! Consistency over the real built-in guides and locales: every guide loads in every
//! language, yes leads to the end, every "no" comes back to its question (or ends), and
//! no guide asks for a password.

#![allow(clippy::unwrap_used)]

use tebiki::guide::{Guide, Library, Source, StepKind, Target};
use tebiki::l10n::{Lang, Localizer};
use tebiki::player::{Action, Effect, Event, Options, Player, Resume};

fn builtin() -> Vec<Guide> {
    let library = Library::new(None, None);
    Library::builtin_ids()
        .into_iter()
        .map(|id| {
            let loaded = library.load(&Source::Builtin(id.clone()));
            let errors: Vec<_> = loaded.problems.iter().filter(|p| p.is_error()).collect();
            assert!(errors.is_empty(), "{id}: {errors:?}");
            loaded.guide.unwrap()
        })
        .collect()
}

#[test]
fn the_three_guides_exist_in_japanese_and_english() {
    let ids: Vec<String> = builtin().into_iter().map(|g| g.id).collect();
    for id in ["my-au-login", "turn-off-wifi", "call-support"] {
        assert!(ids.contains(&id.to_string()), "{id} is missing");
    }
    for g in builtin() {
        for lang in [Lang::ja(), Lang::en()] {
            assert!(g.languages.contains(&lang), "{} lacks {lang}", g.id);
            let texts = &g.texts[&lang];
            assert!(!texts.title.is_empty() && !texts.description.is_empty());
            for (i, t) in texts.steps.iter().enumerate() {
                assert!(
                    !t.shown.is_empty(),
                    "{} {lang} step {} is empty",
                    g.id,
                    g.steps[i].id
                );
            }
        }
    }
}

#[test]
fn next_and_yes_lead_every_guide_to_its_end_in_every_language() {
    let l10n = Localizer::builtin();
    for g in builtin() {
        for lang in g.languages.clone() {
            let options = Options {
                lang: lang.clone(),
                missing_lang: None,
                rate: 1.0,
                remind: false,
                confirm_quit: true,
                helper: tebiki::helper::Helper::default(),
            };
            let mut p = Player::new(&g, &l10n, options, Resume::Fresh);
            p.handle(0, Event::Start);
            let mut finished = false;
            for _ in 0..200 {
                let question = matches!(g.steps[p.position().step].kind, StepKind::Question { .. });
                let action = if question { Action::Yes } else { Action::Next };
                let mut fx = p.handle(0, Event::Key(action));
                fx.extend(p.handle(0, Event::SpeechDone));
                if fx.contains(&Effect::Finish { completed: true }) {
                    finished = true;
                    break;
                }
            }
            assert!(finished, "{} in {lang} never reaches its end", g.id);
        }
    }
}

#[test]
fn every_no_explains_then_comes_back_or_ends() {
    for g in builtin() {
        for (q, step) in g.steps.iter().enumerate() {
            let StepKind::Question { .. } = step.kind else {
                continue;
            };
            let mut at = g.answer(q, false);
            let mut hops = 0;
            loop {
                match at {
                    Target::Step(i) if i == q => break,
                    Target::Step(i) if matches!(g.steps[i].kind, StepKind::End) => break,
                    Target::Step(i) => at = g.next_of(i),
                    Target::PastEnd => break,
                }
                hops += 1;
                assert!(hops < 20, "{}: no from `{}` never returns", g.id, step.id);
            }
        }
    }
}

#[test]
fn no_guide_asks_for_or_says_a_password() {
    for g in builtin() {
        for texts in g.texts.values() {
            for t in &texts.steps {
                let all = format!("{} {:?} {:?}", t.shown, t.detail, t.speak).to_lowercase();
                for bad in [
                    "password:",
                    "パスワードを教えて",
                    "your password is",
                    "パスワードは「",
                ] {
                    assert!(!all.contains(bad), "{}: {all}", g.id);
                }
            }
        }
    }
}

#[test]
fn my_au_login_has_the_wifi_question_and_the_15_minute_timer() {
    let g = builtin()
        .into_iter()
        .find(|g| g.id == "my-au-login")
        .unwrap();
    let q = g.step_index("wifi-is-off").unwrap();
    assert!(matches!(g.steps[q].kind, StepKind::Question { .. }));
    let timer = g
        .steps
        .iter()
        .find_map(|s| match &s.kind {
            StepKind::Timer {
                minutes, expired, ..
            } => Some((*minutes, *expired)),
            _ => None,
        })
        .unwrap();
    assert_eq!(timer.0, 15);
    assert!(timer.1.is_some());
    // The precondition comes before the login page.
    let login = g.step_index("open-login-page").unwrap();
    assert!(q < login);
    // The lexicon makes "My au" speakable in both languages.
    assert_eq!(
        g.lexicon(&Lang::ja()).unwrap().apply("My au"),
        "マイエーユー"
    );
    assert!(!g
        .lexicon(&Lang::en())
        .unwrap()
        .apply("My au")
        .contains("au"));
}
