//! Consistency over the real built-in guides and locales: every guide loads in every
//! language, yes and option 1 lead to the end, every "no" comes back to its question
//! (or ends), every answer and every option of every guide is walked by the real
//! binary with piped lines and `--events`, and no guide asks for a password.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeSet, VecDeque};

use common::{named, step_ids, Tebiki};
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
                let action = match g.steps[p.position().step].kind {
                    StepKind::Question { .. } => Action::Yes,
                    StepKind::Choice { .. } => Action::Choose(1),
                    _ => Action::Next,
                };
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

/// The piped line that moves from step `i` to its `k`-th successor (`successors` order).
fn line_for(g: &Guide, i: usize, k: usize) -> String {
    match g.steps[i].kind {
        StepKind::Question { .. } => ["yes", "no"][k].to_string(),
        StepKind::Choice { .. } => (k + 1).to_string(),
        _ => "next".to_string(),
    }
}

/// Where each line leads from step `i`, as the listener moves by keys (a timer's
/// `expired` step needs the clock, not a key: it is left to the player's tests).
fn moves(g: &Guide, i: usize) -> Vec<(String, Target)> {
    match &g.steps[i].kind {
        StepKind::Question { .. } => vec![
            ("yes".into(), g.answer(i, true)),
            ("no".into(), g.answer(i, false)),
        ],
        StepKind::Choice { options } => (0..options.len())
            .map(|k| (line_for(g, i, k), Target::Step(options[k])))
            .collect(),
        StepKind::End => vec![],
        _ => vec![("next".into(), g.next_of(i))],
    }
}

/// The shortest lines from the first step to every step, and the steps they pass.
fn shortest_paths(g: &Guide) -> Vec<Option<(Vec<String>, Vec<usize>)>> {
    let mut paths = vec![None; g.steps.len()];
    paths[0] = Some((Vec::new(), vec![0]));
    let mut todo = VecDeque::from([0]);
    while let Some(i) = todo.pop_front() {
        let (lines, steps) = paths[i].clone().unwrap();
        for (line, target) in moves(g, i) {
            if let Target::Step(j) = target {
                if paths[j].is_none() {
                    let mut l = lines.clone();
                    l.push(line);
                    let mut s = steps.clone();
                    s.push(j);
                    paths[j] = Some((l, s));
                    todo.push_back(j);
                }
            }
        }
    }
    paths
}

/// From step `at`, the main way on (yes, option 1, next) to an end: lines and steps.
fn main_way_on(g: &Guide, mut at: usize) -> (Vec<String>, Vec<usize>) {
    let (mut lines, mut steps) = (Vec::new(), Vec::new());
    for _ in 0..200 {
        let Some((line, target)) = moves(g, at).into_iter().next() else {
            return (lines, steps);
        };
        lines.push(line);
        match target {
            Target::Step(j) => {
                steps.push(j);
                at = j;
            }
            Target::PastEnd => return (lines, steps),
        }
    }
    panic!("{}: no end on the main way from {}", g.id, g.steps[at].id);
}

#[test]
fn every_answer_and_every_option_is_walked_to_an_end_by_piped_lines() {
    let mut walked = 0;
    for g in builtin() {
        let paths = shortest_paths(&g);
        // Every branch: the way to it, one of its answers, then the main way on.
        let mut runs: BTreeSet<(Vec<String>, Vec<usize>)> = BTreeSet::new();
        for (i, path) in paths.iter().enumerate() {
            let Some((lines, steps)) = path else { continue };
            for (line, target) in moves(&g, i) {
                if matches!(g.steps[i].kind, StepKind::Info | StepKind::Timer { .. }) {
                    continue;
                }
                let (mut l, mut s) = (lines.clone(), steps.clone());
                l.push(line);
                if let Target::Step(j) = target {
                    s.push(j);
                    let (more_l, more_s) = main_way_on(&g, j);
                    l.extend(more_l);
                    s.extend(more_s);
                }
                runs.insert((l, s));
            }
        }
        assert!(runs.len() >= 2, "{}: no branch walked", g.id);
        for lang in g.languages.clone() {
            for (lines, expected) in &runs {
                let t = Tebiki::new();
                let keys: Vec<&str> = lines.iter().map(String::as_str).collect();
                t.run(&g.id, &keys, &["--lang", lang.as_str()]).success();
                let ev = t.events();
                let ids: Vec<&str> = expected.iter().map(|&i| g.steps[i].id.as_str()).collect();
                assert_eq!(step_ids(&ev), ids, "{} {lang}: {lines:?}", g.id);
                let last = ev.last().unwrap();
                assert_eq!(last["event"], "finish", "{} {lang}: {lines:?}", g.id);
                assert_eq!(last["completed"], true, "{} {lang}: {lines:?}", g.id);
                // Each piped option gives a `choice` key event with its number.
                let chosen: Vec<u64> = named(&ev, "key")
                    .iter()
                    .filter(|e| e["action"] == "choice")
                    .map(|e| e["option"].as_u64().unwrap())
                    .collect();
                let piped: Vec<u64> = lines.iter().filter_map(|l| l.parse().ok()).collect();
                assert_eq!(chosen, piped, "{} {lang}: {lines:?}", g.id);
                // Every step heard was spoken in the language asked for.
                assert!(named(&ev, "speak")
                    .iter()
                    .all(|e| e["lang"] == lang.as_str()));
                // An iPhone owner never hears an Android step, and the other way round.
                let said = |kind: &str| ids.iter().any(|id| id.contains(kind));
                let chose = |name: &str| {
                    expected.windows(2).any(|w| {
                        let (from, to) = (w[0], w[1]);
                        g.option_count(from) > 0
                            && g.step_text(&Lang::en(), from)
                                .options
                                .iter()
                                .zip(&match &g.steps[from].kind {
                                    StepKind::Choice { options } => options.clone(),
                                    _ => vec![],
                                })
                                .any(|(text, &o)| o == to && text.contains(name))
                    })
                };
                if chose("iPhone") && !chose("Android") {
                    assert!(!said("android"), "{} {lang}: {ids:?}", g.id);
                }
                if chose("Android") && !chose("iPhone") {
                    assert!(!said("iphone"), "{} {lang}: {ids:?}", g.id);
                }
                walked += 1;
            }
        }
    }
    assert!(walked >= 20, "only {walked} walks");
}

#[test]
fn every_step_but_a_timer_s_expired_step_is_walked_by_some_line() {
    for g in builtin() {
        let paths = shortest_paths(&g);
        let expired: Vec<usize> = g
            .steps
            .iter()
            .filter_map(|s| match s.kind {
                StepKind::Timer { expired, .. } => expired,
                _ => None,
            })
            .collect();
        for (i, path) in paths.iter().enumerate() {
            assert!(
                path.is_some() || expired.contains(&i),
                "{}: `{}` cannot be reached by keys",
                g.id,
                g.steps[i].id
            );
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
    // The window closes when the listener is logged in.
    let logged_in = g.step_index("logged-in").unwrap();
    assert!(g.steps.iter().any(|s| matches!(
        s.kind,
        StepKind::Timer { until: Some(u), .. } if u == logged_in
    )));
    // Android or iPhone, and what the computer shows after logging in.
    let which = g.step_index("which-phone").unwrap();
    assert_eq!(g.answer(q, false), Target::Step(which));
    assert_eq!(g.option_count(which), 2);
    let see = g.step_index("what-do-you-see").unwrap();
    assert_eq!(g.choose(see, 1), Some(Target::Step(logged_in)));
    assert_eq!(g.option_count(see), 3);
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
