//! Tables of events in, effects out, over a small guide with every kind of step.

use super::*;
use crate::guide::{Library, Source};

const TOML: &str = r#"
id = "t"
languages = ["en", "ja"]
[[steps]]
id = "a"
[[steps]]
id = "q"
kind = "question"
yes = "w"
no = "fix"
[[steps]]
id = "fix"
next = "q"
[[steps]]
id = "w"
kind = "timer"
minutes = 15
remind_at = [10, 5, 1]
expired = "a"
[[steps]]
id = "c"
[[steps]]
id = "e"
kind = "end"
"#;
const EN: &str = "title = Test\ndescription = D\na = Step A.\n    .section = First\nq = Is it on?\nfix = Turn it on.\nw = Fifteen minutes.\nc = Step C.\ne = The end.\n";
const JA: &str = "title = テスト\ndescription = D\na = 手順A。\nq = ついていますか?\nfix = つけてください。\nw = 15分です。\nc = 手順C。\ne = おわり。\n";

pub(crate) fn guide() -> Guide {
    load(TOML, EN, JA)
}

/// A guide from its three files, which must load without an error.
pub(super) fn load(toml: &str, en: &str, ja: &str) -> Guide {
    let files = [("guide.toml", toml), ("en.ftl", en), ("ja.ftl", ja)]
        .into_iter()
        .map(|(f, t)| (f.to_string(), t.as_bytes().to_vec()))
        .collect();
    let source = Source::Memory {
        name: "t".into(),
        files,
    };
    let loaded = Library::new(None, None).load(&source);
    assert!(
        loaded.problems.iter().all(|p| !p.is_error()),
        "{:?}",
        loaded.problems
    );
    loaded.guide.unwrap()
}

pub(super) fn options() -> Options {
    Options {
        lang: Lang::en(),
        missing_lang: None,
        rate: 1.0,
        remind: true,
        confirm_quit: true,
        helper: Helper::default(),
    }
}

pub(super) fn steps(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Log(Log::Step { step, .. }) => Some(step.clone()),
            _ => None,
        })
        .collect()
}

pub(super) fn said(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Say(u) => Some(u.text.clone()),
            _ => None,
        })
        .collect()
}

fn key(p: &mut Player<'_>, action: Action) -> Vec<Effect> {
    p.handle(0, Event::Key(action))
}

#[test]
fn start_says_title_then_first_step_with_its_section_and_prompt() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    let fx = p.handle(0, Event::Start);
    assert_eq!(steps(&fx), ["a"]);
    let s = said(&fx);
    assert_eq!(s[0], "Test");
    assert_eq!(s[1], "First\nStep A.");
    assert_eq!(s[2], "Press Enter to go on.");
    // The step event comes before saving, saving before anything is said.
    let log = fx
        .iter()
        .position(|e| matches!(e, Effect::Log(Log::Step { .. })));
    let save = fx.iter().position(|e| *e == Effect::Save);
    assert!(log < save);
}

#[test]
fn what_is_said_before_the_first_step_is_not_cut_off() {
    // Story: with real sound the title was queued, then cut by the first step.
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    let fx = p.handle(0, Event::Start);
    let first_say = fx.iter().position(|e| matches!(e, Effect::Say(_))).unwrap();
    assert!(!fx[first_say..].contains(&Effect::StopSpeech), "{fx:?}");
    // A resumed run whose timer ran out: the note comes before the step, uncut.
    let saved = Position {
        step: 4,
        history: vec![0, 1, 3],
        lang: Lang::en(),
        timers: vec![Timer {
            step: 3,
            deadline_ms: 1,
            reminded: vec![],
            expired: false,
            closed: false,
        }],
    };
    let mut p = Player::new(&g, &l, options(), Resume::Saved(saved));
    p.handle(5, Event::Start);
    let fx = p.handle(5, Event::Key(Action::Yes));
    assert_eq!(fx[0], Effect::StopSpeech);
    assert_eq!(
        fx.iter().filter(|e| **e == Effect::StopSpeech).count(),
        1,
        "{fx:?}"
    );
}

#[test]
fn questions_wait_for_yes_or_no_and_no_comes_back() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    assert_eq!(steps(&key(&mut p, Action::Next)), ["q"]);
    // Next on a question does not move, it reminds of y / n.
    let fx = key(&mut p, Action::Next);
    assert!(steps(&fx).is_empty());
    assert_eq!(
        said(&fx),
        ["This is a question. Press y for yes, or n for no."]
    );
    assert_eq!(steps(&key(&mut p, Action::No)), ["fix"]);
    // Yes on a step that is not a question does not move either.
    assert!(steps(&key(&mut p, Action::Yes)).is_empty());
    assert_eq!(steps(&key(&mut p, Action::Next)), ["q"]);
    assert_eq!(steps(&key(&mut p, Action::Yes)), ["w"]);
}

#[test]
fn prefetch_offers_both_answers_the_way_back_and_the_other_language() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    let fx = key(&mut p, Action::Next);
    let Some(Effect::Prefetch(list)) = fx.iter().find(|e| matches!(e, Effect::Prefetch(_))) else {
        panic!("no prefetch: {fx:?}");
    };
    let texts: Vec<&str> = list.iter().map(|u| u.text.as_str()).collect();
    for expected in [
        "Fifteen minutes.",
        "Turn it on.",
        "First\nStep A.",
        "ついていますか?",
    ] {
        assert!(texts.contains(&expected), "{expected} not in {texts:?}");
    }
}

#[test]
fn back_follows_history_not_file_order() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    key(&mut p, Action::Next);
    key(&mut p, Action::Yes); // q -> w, skipping fix
    assert_eq!(steps(&key(&mut p, Action::Back)), ["q"]);
    assert_eq!(steps(&key(&mut p, Action::Back)), ["a"]);
    let fx = key(&mut p, Action::Back);
    assert!(steps(&fx).is_empty());
    assert!(said(&fx)[0].contains("first step"));
}

#[test]
fn repeat_rereads_without_moving_and_lang_switches_and_rereads() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    let fx = key(&mut p, Action::Repeat);
    assert!(steps(&fx).is_empty());
    assert_eq!(fx[0], Effect::StopSpeech);
    assert_eq!(said(&fx)[0], "First\nStep A.");
    let fx = key(&mut p, Action::SwitchLanguage(None));
    assert!(fx.contains(&Effect::Log(Log::Lang(Lang::ja()))));
    assert!(fx.contains(&Effect::SetLang(Lang::ja())));
    assert_eq!(said(&fx)[0], "手順A。");
    let fx = key(&mut p, Action::SwitchLanguage(Some(Lang::en())));
    assert_eq!(said(&fx)[0], "First\nStep A.");
}

#[test]
fn rate_changes_in_tenths_and_stops_at_the_limits() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    let fx = key(&mut p, Action::Faster);
    assert!(fx.contains(&Effect::SetRate(1.1)));
    assert_eq!(said(&fx), ["Speed 1.1."]);
    for _ in 0..20 {
        key(&mut p, Action::Slower);
    }
    assert!((p.rate() - RATE.min).abs() < 1e-6);
}

#[test]
fn quit_asks_first_in_a_terminal_and_any_other_key_carries_on() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    let fx = key(&mut p, Action::Quit);
    assert!(!fx.iter().any(|e| matches!(e, Effect::Finish { .. })));
    key(&mut p, Action::Next);
    assert!(!p.is_finished());
    key(&mut p, Action::Quit);
    let fx = key(&mut p, Action::Yes);
    assert!(fx.contains(&Effect::Finish { completed: false }));
    assert!(p.is_finished());
}

#[test]
fn ctrl_c_and_piped_quit_stop_without_asking() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    assert!(key(&mut p, Action::Interrupt).contains(&Effect::Finish { completed: false }));
    let mut p = Player::new(
        &g,
        &l,
        Options {
            confirm_quit: false,
            ..options()
        },
        Resume::Fresh,
    );
    p.handle(0, Event::Start);
    assert!(key(&mut p, Action::Quit).contains(&Effect::Finish { completed: false }));
}

#[test]
fn an_end_step_is_spoken_to_the_end_then_finishes() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    key(&mut p, Action::Next);
    key(&mut p, Action::Yes);
    key(&mut p, Action::Next);
    let fx = key(&mut p, Action::Next);
    assert_eq!(steps(&fx), ["e"]);
    assert_eq!(said(&fx), ["The end."]);
    assert!(!fx.iter().any(|e| matches!(e, Effect::Finish { .. })));
    // Keys while the end is spoken change nothing.
    assert!(key(&mut p, Action::Back).is_empty());
    let fx = p.handle(0, Event::SpeechDone);
    assert_eq!(fx, [Effect::Finish { completed: true }]);
}

#[test]
fn idle_reminders_come_at_30_60_120_then_every_5_minutes() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    p.handle(1_000, Event::SpeechDone);
    let mut at = Vec::new();
    for s in 1..=800u64 {
        let now = 1_000 + s * 1000;
        let fx = p.handle(now, Event::Tick);
        if let Some(Effect::Log(Log::IdleReminder { idle_s, .. })) = fx
            .iter()
            .find(|e| matches!(e, Effect::Log(Log::IdleReminder { .. })))
        {
            at.push((s, *idle_s));
            let first = said(&fx)[0].clone();
            assert!(first.contains("Enter"), "{first}");
            p.handle(now, Event::SpeechDone);
        }
    }
    assert_eq!(at, [(30, 30), (60, 60), (120, 120), (420, 420), (720, 720)]);
    // A key starts the count again.
    key(&mut p, Action::Repeat);
    assert!(!p
        .handle(900_000, Event::Tick)
        .iter()
        .any(|e| matches!(e, Effect::Log(_))));
}

#[test]
fn no_reminders_with_remind_off() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(
        &g,
        &l,
        Options {
            remind: false,
            ..options()
        },
        Resume::Fresh,
    );
    p.handle(0, Event::Start);
    p.handle(0, Event::SpeechDone);
    assert!(p.handle(3_600_000, Event::Tick).is_empty());
}

#[test]
fn timer_reminds_then_expires_and_next_goes_to_expired_step() {
    let (g, l) = (guide(), Localizer::builtin());
    let quiet = Options {
        remind: false,
        ..options()
    };
    let mut p = Player::new(&g, &l, quiet, Resume::Fresh);
    p.handle(0, Event::Start);
    p.handle(0, Event::Key(Action::Next));
    p.handle(0, Event::Key(Action::Yes)); // timer starts at t=0
    p.handle(0, Event::SpeechDone);
    p.handle(0, Event::Key(Action::Next)); // the listener moves on to c
    p.handle(0, Event::SpeechDone);
    let remind = |fx: &[Effect]| {
        fx.iter().find_map(|e| match e {
            Effect::Log(Log::TimerReminder { minutes_left, .. }) => Some(*minutes_left),
            _ => None,
        })
    };
    assert_eq!(remind(&p.handle(4 * 60_000, Event::Tick)), None);
    let fx = p.handle(5 * 60_000, Event::Tick);
    assert_eq!(remind(&fx), Some(10));
    assert_eq!(said(&fx), ["10 minutes left."]);
    // While speaking, the next reminder waits.
    assert_eq!(remind(&p.handle(10 * 60_000, Event::Tick)), None);
    assert_eq!(remind(&p.handle(10 * 60_000, Event::SpeechDone)), Some(5));
    p.handle(10 * 60_000, Event::SpeechDone);
    assert_eq!(remind(&p.handle(14 * 60_000, Event::Tick)), Some(1));
    p.handle(14 * 60_000, Event::SpeechDone);
    let fx = p.handle(15 * 60_000, Event::Tick);
    assert_eq!(remind(&fx), Some(0));
    assert!(said(&fx)[0].starts_with("The 15 minutes are up."));
    p.handle(15 * 60_000, Event::SpeechDone);
    // It never jumps by itself; the next `next` goes to the expired step.
    assert!(steps(&p.handle(20 * 60_000, Event::Tick)).is_empty());
    assert_eq!(steps(&key(&mut p, Action::Next)), ["a"]);
    assert!(p.position().timers.is_empty());
}

#[test]
fn resume_offers_the_saved_step_and_yes_continues_there() {
    let (g, l) = (guide(), Localizer::builtin());
    let saved = Position {
        step: 2,
        history: vec![0, 1],
        lang: Lang::en(),
        timers: vec![],
    };
    let mut p = Player::new(&g, &l, options(), Resume::Saved(saved.clone()));
    let fx = p.handle(0, Event::Start);
    assert!(steps(&fx).is_empty());
    assert!(said(&fx)[0].contains("Turn it on."), "{:?}", said(&fx));
    assert!(said(&fx)[0].contains("step 2"), "{:?}", said(&fx));
    assert_eq!(steps(&key(&mut p, Action::Yes)), ["fix"]);
    assert_eq!(p.position(), &saved);
    let mut p = Player::new(&g, &l, options(), Resume::Saved(saved));
    p.handle(0, Event::Start);
    assert_eq!(steps(&key(&mut p, Action::No)), ["a"]);
    assert!(p.position().history.is_empty());
}

#[test]
fn resume_after_the_deadline_says_so_first() {
    let (g, l) = (guide(), Localizer::builtin());
    let saved = Position {
        step: 4,
        history: vec![0, 1, 3],
        lang: Lang::en(),
        timers: vec![Timer {
            step: 3,
            deadline_ms: 1_000,
            reminded: vec![10, 5],
            expired: false,
            closed: false,
        }],
    };
    let mut p = Player::new(&g, &l, options(), Resume::Saved(saved));
    p.handle(5_000, Event::Start);
    let fx = p.handle(5_000, Event::Key(Action::Yes));
    let s = said(&fx);
    assert!(s[0].starts_with("The 15 minutes are up."), "{s:?}");
    assert_eq!(s[1], "Step C.");
}

#[test]
fn stale_progress_offers_to_start_over() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Stale);
    let fx = p.handle(0, Event::Start);
    assert!(said(&fx)[0].contains("has changed"));
    assert_eq!(steps(&key(&mut p, Action::Yes)), ["a"]);
    let mut p = Player::new(&g, &l, options(), Resume::Stale);
    p.handle(0, Event::Start);
    assert!(key(&mut p, Action::No).contains(&Effect::Finish { completed: false }));
}

#[test]
fn counter_follows_the_main_path() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    let counter = |fx: &[Effect]| {
        fx.iter()
            .find_map(|e| match e {
                Effect::Show(v) => Some(v.counter.clone()),
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(counter(&p.handle(0, Event::Start)), "Step 1 of 5");
    key(&mut p, Action::Next);
    assert_eq!(counter(&key(&mut p, Action::No)), "Part of step 2 of 5");
}

#[test]
fn missing_language_is_said_and_the_first_language_read() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(
        &g,
        &l,
        Options {
            lang: Lang::parse("fr").unwrap(),
            missing_lang: Lang::parse("fr"),
            ..options()
        },
        Resume::Fresh,
    );
    let fx = p.handle(0, Event::Start);
    assert!(said(&fx)[1].contains("no fr"), "{:?}", said(&fx));
    assert_eq!(p.lang(), &Lang::en());
}

mod properties {
    use super::*;
    use crate::progress::Saved;
    use proptest::prelude::*;

    fn action() -> impl Strategy<Value = Event> {
        prop_oneof![
            Just(Event::Key(Action::Next)),
            Just(Event::Key(Action::Repeat)),
            Just(Event::Key(Action::Back)),
            Just(Event::Key(Action::Yes)),
            Just(Event::Key(Action::No)),
            Just(Event::Key(Action::SwitchLanguage(None))),
            Just(Event::Key(Action::Faster)),
            Just(Event::Key(Action::Slower)),
            Just(Event::Key(Action::Help)),
            Just(Event::Key(Action::Where)),
            Just(Event::Key(Action::Quit)),
            Just(Event::Key(Action::Unknown)),
            Just(Event::SpeechDone),
            Just(Event::Tick),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// No sequence of keys and ticks panics or loses the place: the position is
        /// always a real step, and saving then loading gives the same position.
        #[test]
        fn never_loses_the_place(events in proptest::collection::vec((action(), 0u64..120_000), 0..80)) {
            let (g, l) = (guide(), Localizer::builtin());
            let mut p = Player::new(&g, &l, Options { confirm_quit: true, ..options() }, Resume::Fresh);
            let mut now = 0;
            p.handle(now, Event::Start);
            for (event, dt) in events {
                now += dt;
                let before = p.position().step;
                let was_question = matches!(g.steps[before].kind, StepKind::Question { .. });
                let fx = p.handle(now, event.clone());
                let pos = p.position().clone();
                prop_assert!(pos.step < g.steps.len());
                prop_assert!(pos.history.iter().all(|&h| h < g.steps.len()));
                // A question is left only by yes, no or back.
                if was_question && pos.step != before {
                    prop_assert!(matches!(event, Event::Key(Action::Yes | Action::No | Action::Back)), "{event:?}");
                }
                if fx.contains(&Effect::Save) {
                    let saved = Saved::from_position(&g, &pos, now);
                    let text = serde_json::to_string(&saved).unwrap();
                    let back: Saved = serde_json::from_str(&text).unwrap();
                    prop_assert_eq!(back.to_resume(&g), Resume::Saved(pos.clone()));
                }
                if p.is_finished() {
                    break;
                }
            }
        }

        /// Back after next returns to where the listener was.
        #[test]
        fn back_undoes_next(nexts in 0usize..6) {
            let (g, l) = (guide(), Localizer::builtin());
            let mut p = Player::new(&g, &l, options(), Resume::Fresh);
            p.handle(0, Event::Start);
            for _ in 0..nexts {
                p.handle(0, Event::Key(Action::Next));
                p.handle(0, Event::Key(Action::Yes));
            }
            if p.is_ending() {
                return Ok(());
            }
            let here = p.position().step;
            let fx = p.handle(0, Event::Key(Action::Next));
            if !steps(&fx).is_empty() && !p.is_ending() {
                p.handle(0, Event::Key(Action::Back));
                prop_assert_eq!(p.position().step, here);
            }
        }
    }
}

/// What is said, with the rate it is said at.
fn said_at(fx: &[Effect]) -> Vec<(String, f32)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Say(u) => Some((u.text.clone(), u.rate)),
            _ => None,
        })
        .collect()
}

fn notice(fx: &[Effect]) -> Option<String> {
    fx.iter().rev().find_map(|e| match e {
        Effect::Show(v) => Some(v.notice.clone()),
        _ => None,
    })?
}

#[test]
fn help_escalates_when_the_same_step_is_repeated() {
    let (g, l) = (guide(), Localizer::builtin());
    const STEP_C: &str = "Step C.";
    const PROMPT: &str = "Press Enter to go on.";
    const SLOWER: &str = "A little slower now.";
    const SLOWEST: &str = "This is already the slowest speed. Here it is again at this speed.";
    // (what, rate, helper, keys before the repeats, what each repeat says in order:
    //  (note before the step, the rate it is all said at))
    type Case<'a> = (
        &'a str,
        f32,
        Helper,
        Vec<Action>,
        Vec<(Option<&'a str>, f32)>,
    );
    let helper = |name: Option<&str>, phone: Option<&str>| Helper {
        name: name.map(str::to_string),
        phone: phone.map(str::to_string),
    };
    let cases: Vec<Case> = vec![
        (
            "no helper: one notch slower, then back or h",
            1.0,
            Helper::default(),
            vec![],
            vec![
                (None, 1.0),
                (Some(SLOWER), 0.9),
                (Some("If you are stuck, press b to go back a step and hear it again. Press h to hear what each key does."), 0.9),
                (Some("If you are stuck, press b to go back a step and hear it again. Press h to hear what each key does."), 0.9),
            ],
        ),
        (
            "a helper with a number: named, the number digit by digit",
            1.2,
            helper(Some("Aiko"), Some("+81 90-1234")),
            vec![],
            vec![
                (None, 1.2),
                (Some(SLOWER), 1.1),
                (Some("If you are stuck, ask Aiko. The number is plus eight one, nine zero, one two three four."), 1.1),
            ],
        ),
        (
            "a name only: no number is made up",
            1.0,
            helper(Some("Aiko"), None),
            vec![],
            vec![(None, 1.0), (Some(SLOWER), 0.9), (Some("If you are stuck, ask Aiko."), 0.9)],
        ),
        (
            "a number only",
            1.0,
            helper(None, Some("110")),
            vec![],
            vec![
                (None, 1.0),
                (Some(SLOWER), 0.9),
                (Some("If you are stuck, call this number and ask: one one zero."), 0.9),
            ],
        ),
        (
            "at the slowest rate the reading stays there and says so",
            0.5,
            Helper::default(),
            vec![],
            vec![(None, 0.5), (Some(SLOWEST), 0.5)],
        ),
        (
            "help and where in between do not reset the count",
            1.0,
            Helper::default(),
            vec![Action::Repeat, Action::Help, Action::Where, Action::Unknown],
            vec![(Some(SLOWER), 0.9)],
        ),
        (
            "a step entered again counts from nothing",
            1.0,
            Helper::default(),
            vec![Action::Repeat, Action::Repeat, Action::Back, Action::Next],
            vec![(None, 1.0), (Some(SLOWER), 0.9)],
        ),
    ];
    for (what, rate, helper, before, repeats) in cases {
        let mut p = Player::new(
            &g,
            &l,
            Options {
                rate,
                helper,
                ..options()
            },
            Resume::Saved(Position {
                step: 4,
                history: vec![0, 1, 3],
                lang: Lang::en(),
                timers: vec![],
            }),
        );
        p.handle(0, Event::Start);
        p.handle(0, Event::Key(Action::Yes));
        assert_eq!(p.position_step_id(), "c", "{what}");
        for action in before {
            key(&mut p, action);
        }
        for (n, (note, at)) in repeats.into_iter().enumerate() {
            let fx = key(&mut p, Action::Repeat);
            let mut expected: Vec<(String, f32)> = Vec::new();
            expected.extend(note.map(|t| (t.to_string(), at)));
            expected.push((STEP_C.into(), at));
            expected.push((PROMPT.into(), at));
            assert_eq!(said_at(&fx), expected, "{what}, repeat {}", n + 1);
            // Slowing down is for this step only: the setting is not changed.
            assert!(
                !fx.iter().any(|e| matches!(e, Effect::SetRate(_))),
                "{what}"
            );
        }
    }
}

#[test]
fn the_number_is_shown_as_written_and_spoken_in_the_listeners_language() {
    let (g, l) = (guide(), Localizer::builtin());
    let options = Options {
        lang: Lang::ja(),
        helper: Helper {
            name: Some("娘の花子".into()),
            phone: Some("090-12".into()),
        },
        ..options()
    };
    let mut p = Player::new(&g, &l, options, Resume::Fresh);
    p.handle(0, Event::Start);
    key(&mut p, Action::Repeat);
    key(&mut p, Action::Repeat);
    let fx = key(&mut p, Action::Repeat);
    assert_eq!(
        notice(&fx).as_deref(),
        Some("わからないときは、娘の花子 に聞いてみてください。電話番号は、090-12。")
    );
    assert_eq!(
        said_at(&fx)[0].0,
        "わからないときは、娘の花子 に聞いてみてください。電話番号は、ゼロ、キュウ、ゼロ。イチ、ニー。"
    );
}

#[test]
fn a_slowed_step_stays_slow_in_the_other_language_and_keys_change_the_rate_from_there() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    key(&mut p, Action::Repeat);
    key(&mut p, Action::Repeat);
    let fx = key(&mut p, Action::SwitchLanguage(None));
    assert!(
        said_at(&fx).iter().all(|(_, r)| (*r - 0.9).abs() < 1e-6),
        "{fx:?}"
    );
    // The next step is read at the setting again.
    let fx = key(&mut p, Action::Next);
    assert!(
        said_at(&fx).iter().all(|(_, r)| (*r - 1.0).abs() < 1e-6),
        "{fx:?}"
    );
    // Slowed, then `-`: one notch below what was heard, and kept.
    key(&mut p, Action::Back);
    key(&mut p, Action::Repeat);
    key(&mut p, Action::Repeat);
    let fx = key(&mut p, Action::Slower);
    assert!(fx.contains(&Effect::SetRate(0.8)), "{fx:?}");
    assert!(
        said_at(&fx).iter().all(|(_, r)| (*r - 0.8).abs() < 1e-6),
        "{fx:?}"
    );
}

#[test]
fn more_pages_the_screen_without_cutting_speech_and_other_keys_come_back() {
    let (g, l) = (guide(), Localizer::builtin());
    let mut p = Player::new(&g, &l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    let pages = |fx: &[Effect]| -> Vec<usize> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Show(v) => Some(v.page),
                _ => None,
            })
            .collect()
    };
    let fx = key(&mut p, Action::More);
    assert_eq!(pages(&fx), [1]);
    assert!(!fx.contains(&Effect::StopSpeech), "{fx:?}");
    assert!(said(&fx).is_empty());
    assert_eq!(pages(&key(&mut p, Action::More)), [2]);
    // A hint comes on the step's own screen, where there is room for it.
    assert_eq!(pages(&key(&mut p, Action::Unknown)), [0]);
    key(&mut p, Action::More);
    let fx = key(&mut p, Action::Next);
    assert_eq!(steps(&fx), ["q"]);
    assert!(pages(&fx).iter().all(|n| *n == 0), "{fx:?}");
}
