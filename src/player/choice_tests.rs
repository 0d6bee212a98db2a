//! Tables of events in, effects out, for choice steps and timers that `until` closes.

use super::tests::{load, options, said, steps};
use super::*;
use crate::progress::Saved;

const TOML: &str = r#"
id = "c"
languages = ["en", "ja"]
[[steps]]
id = "start"
[[steps]]
id = "t"
kind = "timer"
minutes = 15
remind_at = [10, 5]
expired = "late"
until = "in"
[[steps]]
id = "pick"
kind = "choice"
options = ["android", "iphone", "err"]
[[steps]]
id = "android"
next = "in"
[[steps]]
id = "iphone"
next = "in"
[[steps]]
id = "err"
next = "t"
[[steps]]
id = "late"
next = "start"
[[steps]]
id = "in"
[[steps]]
id = "e"
kind = "end"
"#;
const EN: &str = "title = Choices\ndescription = D\nstart = Start.\nt = Fifteen minutes.\npick = Which phone?\n    .option1 = Android\n    .option2 = iPhone\n    .option3 = an error\nandroid = Swipe down.\niphone = Open Settings.\nerr = Read the error.\nlate = Too late.\nin = You are in.\ne = The end.\n";
const JA: &str = "title = 選ぶ\ndescription = D\nstart = はじめ。\nt = 15分です。\npick = どちらですか?\n    .option1 = Android\n    .option2 = iPhone\n    .option3 = エラー\nandroid = なぞります。\niphone = 設定を押します。\nerr = エラーを読みます。\nlate = 過ぎました。\nin = 入れました。\ne = おわり。\n";

const MIN: u64 = 60_000;
const PROMPT: &str = "For Android, press 1. For iPhone, press 2. For an error, press 3.";

fn guide() -> Guide {
    load(TOML, EN, JA)
}

fn shown(fx: &[Effect]) -> Option<View> {
    fx.iter().rev().find_map(|e| match e {
        Effect::Show(v) => Some(v.clone()),
        _ => None,
    })
}

/// True when a timer speaks (a reminder or its expiry).
fn timer_spoke(fx: &[Effect]) -> bool {
    fx.iter()
        .any(|e| matches!(e, Effect::Log(Log::TimerReminder { .. })))
}

fn at(p: &mut Player<'_>, now: u64, action: Action) -> Vec<Effect> {
    p.handle(now, Event::Key(action))
}

/// A player on the choice, the timer started at 0.
fn on_choice<'a>(g: &'a Guide, l: &'a Localizer) -> (Player<'a>, Vec<Effect>) {
    let mut p = Player::new(g, l, options(), Resume::Fresh);
    p.handle(0, Event::Start);
    assert_eq!(steps(&at(&mut p, 0, Action::Next)), ["t"]);
    let fx = at(&mut p, 0, Action::Next);
    assert_eq!(steps(&fx), ["pick"]);
    (p, fx)
}

#[test]
fn a_choice_says_its_question_then_each_option_before_its_key() {
    let (g, l) = (guide(), Localizer::builtin());
    let (p, fx) = on_choice(&g, &l);
    assert_eq!(said(&fx), ["Which phone?", PROMPT]);
    assert!(fx.contains(&Effect::Chime(Chime::Question)), "{fx:?}");
    assert!(!fx.contains(&Effect::Chime(Chime::Step)), "{fx:?}");
    let view = shown(&fx).unwrap();
    assert_eq!(view.body, "Which phone?");
    assert!(
        view.keys
            .starts_with("1: Android   2: iPhone   3: an error   r: repeat"),
        "{}",
        view.keys
    );
    assert_eq!(p.choice_count(), 3);
}

#[test]
fn each_key_leads_to_its_option_in_key_order() {
    let (g, l) = (guide(), Localizer::builtin());
    for (n, target) in [(1, "android"), (2, "iphone"), (3, "err")] {
        let (mut p, _) = on_choice(&g, &l);
        assert_eq!(steps(&at(&mut p, 0, Action::Choose(n))), [target], "{n}");
        assert_eq!(p.choice_count(), 0);
    }
}

#[test]
fn enter_repeats_the_options_and_never_takes_the_first() {
    let (g, l) = (guide(), Localizer::builtin());
    let (mut p, _) = on_choice(&g, &l);
    let fx = at(&mut p, 0, Action::Next);
    assert!(steps(&fx).is_empty(), "{fx:?}");
    assert_eq!(said(&fx), [PROMPT]);
    assert_eq!(fx[0], Effect::StopSpeech);
    assert_eq!(p.position_step_id(), "pick");
}

#[test]
fn yes_no_and_other_digits_get_a_short_reminder_of_the_options() {
    let (g, l) = (guide(), Localizer::builtin());
    let (mut p, _) = on_choice(&g, &l);
    for action in [
        Action::Yes,
        Action::No,
        Action::Choose(4),
        Action::Choose(0),
    ] {
        let fx = at(&mut p, 0, action.clone());
        assert!(steps(&fx).is_empty(), "{action:?}: {fx:?}");
        assert_eq!(
            said(&fx),
            [format!("Please answer with a number. {PROMPT}")],
            "{action:?}"
        );
        assert_eq!(p.position_step_id(), "pick");
    }
    // A digit on a step that is no choice means nothing there.
    let mut q = Player::new(&g, &l, options(), Resume::Fresh);
    q.handle(0, Event::Start);
    let fx = at(&mut q, 0, Action::Choose(1));
    assert!(steps(&fx).is_empty());
    assert_eq!(
        said(&fx),
        ["That key does nothing here. Press h to hear the keys."]
    );
}

#[test]
fn back_crosses_a_choice_both_ways() {
    let (g, l) = (guide(), Localizer::builtin());
    let (mut p, _) = on_choice(&g, &l);
    at(&mut p, 0, Action::Choose(2));
    let fx = at(&mut p, 0, Action::Back);
    assert_eq!(steps(&fx), ["pick"]);
    assert_eq!(said(&fx), ["Which phone?", PROMPT]);
    assert_eq!(steps(&at(&mut p, 0, Action::Back)), ["t"]);
    assert_eq!(steps(&at(&mut p, 0, Action::Next)), ["pick"]);
    assert_eq!(steps(&at(&mut p, 0, Action::Choose(3))), ["err"]);
    // err leads back to the timer by next, and on to the choice.
    assert_eq!(steps(&at(&mut p, 0, Action::Next)), ["t"]);
    assert_eq!(steps(&at(&mut p, 0, Action::Next)), ["pick"]);
    assert_eq!(steps(&at(&mut p, 0, Action::Back)), ["t"]);
    assert_eq!(steps(&at(&mut p, 0, Action::Back)), ["err"]);
}

#[test]
fn language_repeat_help_and_where_work_on_a_choice() {
    let (g, l) = (guide(), Localizer::builtin());
    let (mut p, _) = on_choice(&g, &l);
    let fx = at(&mut p, 0, Action::SwitchLanguage(None));
    assert_eq!(
        said(&fx),
        [
            "どちらですか?",
            "アンドロイド なら 1、アイフォーン なら 2、エラー なら 3 を押してください。"
        ]
    );
    assert!(shown(&fx)
        .unwrap()
        .keys
        .starts_with("1: Android   2: iPhone   3: エラー"));
    at(&mut p, 0, Action::SwitchLanguage(Some(Lang::en())));
    let fx = at(&mut p, 0, Action::Repeat);
    assert_eq!(said(&fx), ["Which phone?", PROMPT]);
    let help = said(&at(&mut p, 0, Action::Help)).join(" ");
    for part in [
        "press the number of your answer",
        "For Android (key 1), next: Swipe down.",
        "For iPhone (key 2), next: Open Settings.",
        "For an error (key 3), next: Read the error.",
        "Enter says the options again",
    ] {
        assert!(help.contains(part), "{part} not in {help}");
    }
    let place = said(&at(&mut p, 0, Action::Where)).join(" ");
    assert!(
        place.starts_with("Choices. Step 3 of 6. For Android (key 1), next: Swipe down."),
        "{place}"
    );
    assert!(
        place.contains("For iPhone (key 2), next: Open Settings."),
        "{place}"
    );
    assert_eq!(p.position_step_id(), "pick");
}

#[test]
fn option_one_is_the_main_path_and_the_others_belong_to_its_steps() {
    let g = guide();
    let ids: Vec<&str> = g
        .main_path()
        .iter()
        .map(|&i| g.steps[i].id.as_str())
        .collect();
    assert_eq!(ids, ["start", "t", "pick", "android", "in", "e"]);
}

#[test]
fn an_idle_listener_on_a_choice_hears_the_options() {
    let (g, l) = (guide(), Localizer::builtin());
    let (mut p, _) = on_choice(&g, &l);
    p.handle(0, Event::SpeechDone);
    let fx = p.handle(31_000, Event::Tick);
    assert_eq!(
        said(&fx),
        [format!("I am waiting for your answer. {PROMPT}")]
    );
}

#[test]
fn a_timer_reminds_until_its_until_step_is_reached_then_never_again() {
    let (g, l) = (guide(), Localizer::builtin());
    let (mut p, _) = on_choice(&g, &l);
    p.handle(0, Event::SpeechDone);
    // The window is open: 10 minutes left is said.
    let fx = p.handle(6 * MIN, Event::Tick);
    assert!(fx.contains(&Effect::Log(Log::TimerReminder {
        step: "t".into(),
        minutes_left: 10
    })));
    p.handle(6 * MIN, Event::SpeechDone);
    at(&mut p, 6 * MIN, Action::Choose(1));
    assert_eq!(steps(&at(&mut p, 6 * MIN, Action::Next)), ["in"]);
    assert!(p.position().timers.iter().all(|t| t.closed));
    p.handle(6 * MIN, Event::SpeechDone);
    // 5 minutes left, then past the deadline: nothing is said, next is the usual next.
    for now in [11 * MIN, 16 * MIN, 30 * MIN] {
        let fx = p.handle(now, Event::Tick);
        assert!(!timer_spoke(&fx), "{now}: {fx:?}");
    }
    assert_eq!(steps(&at(&mut p, 30 * MIN, Action::Next)), ["e"]);
}

#[test]
fn a_closed_window_stays_closed_after_going_back_past_its_end_and_its_timer() {
    let (g, l) = (guide(), Localizer::builtin());
    let (mut p, _) = on_choice(&g, &l);
    at(&mut p, MIN, Action::Choose(2));
    assert_eq!(steps(&at(&mut p, MIN, Action::Next)), ["in"]);
    for expected in ["iphone", "pick", "t"] {
        assert_eq!(steps(&at(&mut p, 2 * MIN, Action::Back)), [expected]);
    }
    // Back on the timer step: it does not start again.
    assert_eq!(p.position().timers.len(), 1);
    p.handle(2 * MIN, Event::SpeechDone);
    for now in [8 * MIN, 13 * MIN, 20 * MIN] {
        let fx = p.handle(now, Event::Tick);
        assert!(!timer_spoke(&fx), "{now}: {fx:?}");
        p.handle(now, Event::SpeechDone);
    }
    // Past the deadline, next from the timer goes on as usual, not to `late`.
    assert_eq!(steps(&at(&mut p, 20 * MIN, Action::Next)), ["pick"]);
}

#[test]
fn an_open_window_still_expires_and_next_goes_to_its_expired_step() {
    // The control for the two tests above: without reaching `until`, the timer acts.
    let (g, l) = (guide(), Localizer::builtin());
    let (mut p, _) = on_choice(&g, &l);
    p.handle(0, Event::SpeechDone);
    p.handle(6 * MIN, Event::Tick);
    p.handle(6 * MIN, Event::SpeechDone);
    p.handle(11 * MIN, Event::Tick);
    p.handle(11 * MIN, Event::SpeechDone);
    let fx = p.handle(16 * MIN, Event::Tick);
    assert!(said(&fx)[0].starts_with("The 15 minutes are up"), "{fx:?}");
    assert_eq!(steps(&at(&mut p, 16 * MIN, Action::Choose(1))), ["android"]);
    assert_eq!(steps(&at(&mut p, 16 * MIN, Action::Next)), ["late"]);
}

#[test]
fn a_closed_window_stays_closed_after_resuming_from_saved_progress() {
    let (g, l) = (guide(), Localizer::builtin());
    let (mut p, _) = on_choice(&g, &l);
    at(&mut p, MIN, Action::Choose(1));
    at(&mut p, MIN, Action::Next);
    let json = serde_json::to_string(&Saved::from_position(&g, p.position(), MIN)).unwrap();
    assert!(json.contains("\"closed\":true"), "{json}");
    let saved: Saved = serde_json::from_str(&json).unwrap();
    let mut q = Player::new(&g, &l, options(), saved.to_resume(&g));
    q.handle(20 * MIN, Event::Start);
    let fx = at(&mut q, 20 * MIN, Action::Yes);
    assert_eq!(steps(&fx), ["in"]);
    assert!(
        !said(&fx).iter().any(|s| s.contains("minutes are up")),
        "{fx:?}"
    );
    q.handle(20 * MIN, Event::SpeechDone);
    assert!(!timer_spoke(&q.handle(21 * MIN, Event::Tick)));
    assert_eq!(steps(&at(&mut q, 21 * MIN, Action::Next)), ["e"]);
}

#[test]
fn progress_saved_before_until_existed_still_loads_with_its_window_open() {
    let g = guide();
    let old = r#"{"guide":"c","step":"pick","history":["start","t"],"lang":"en",
        "timers":[{"step":"t","deadline_unix_ms":900000,"reminded":[],"expired":false}],
        "saved_unix_ms":1}"#;
    let saved: Saved = serde_json::from_str(old).unwrap();
    let Resume::Saved(pos) = saved.to_resume(&g) else {
        panic!("old progress did not load");
    };
    assert_eq!(pos.timers.len(), 1);
    assert!(!pos.timers[0].closed);
}

#[test]
fn a_timer_reached_again_from_the_steps_after_it_starts_a_new_window() {
    // As when the 2-step screen comes back: the listener approves again, a new window.
    let (g, l) = (guide(), Localizer::builtin());
    let (mut p, _) = on_choice(&g, &l);
    let deadline = |p: &Player<'_>| p.position().timers[0].deadline_ms;
    // Back to the timer, and back before it and on again: the same window.
    at(&mut p, MIN, Action::Back);
    assert_eq!(deadline(&p), 15 * MIN);
    at(&mut p, MIN, Action::Back);
    assert_eq!(steps(&at(&mut p, 2 * MIN, Action::Next)), ["t"]);
    assert_eq!(deadline(&p), 15 * MIN);
    // On to the choice, option 3, and round to the timer: a new window.
    at(&mut p, 5 * MIN, Action::Next);
    assert_eq!(steps(&at(&mut p, 5 * MIN, Action::Choose(3))), ["err"]);
    assert_eq!(steps(&at(&mut p, 5 * MIN, Action::Next)), ["t"]);
    assert_eq!(p.position().timers.len(), 1);
    assert_eq!(deadline(&p), 20 * MIN);
    // Once `until` closed it, round again changes nothing.
    at(&mut p, 6 * MIN, Action::Next);
    at(&mut p, 6 * MIN, Action::Choose(1));
    assert_eq!(steps(&at(&mut p, 6 * MIN, Action::Next)), ["in"]);
    at(&mut p, 7 * MIN, Action::Back);
    at(&mut p, 7 * MIN, Action::Back);
    at(&mut p, 7 * MIN, Action::Choose(3));
    assert_eq!(steps(&at(&mut p, 7 * MIN, Action::Next)), ["t"]);
    assert!(p.position().timers[0].closed);
    assert_eq!(deadline(&p), 20 * MIN);
}

#[test]
fn a_digit_typed_is_an_option_full_width_too() {
    let (g, l) = (guide(), Localizer::builtin());
    let (mut p, _) = on_choice(&g, &l);
    assert_eq!(
        steps(&p.handle(0, Event::Other('７'))),
        Vec::<String>::new()
    );
    assert_eq!(steps(&p.handle(0, Event::Other('x'))), Vec::<String>::new());
    assert_eq!(steps(&p.handle(0, Event::Other('２'))), ["iphone"]);
    let (mut p, _) = on_choice(&g, &l);
    assert_eq!(steps(&p.handle(0, Event::Other('3'))), ["err"]);
}
