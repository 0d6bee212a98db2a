//! End to end: the real binary, keys piped in, the `--events` log read back.

#![allow(clippy::unwrap_used)]

mod common;

use common::{fixture, named, step_ids, Tebiki};
use predicates::prelude::*;

#[test]
fn walks_my_au_login_to_the_end_in_japanese() {
    let t = Tebiki::new();
    // Enter through the preparation, yes to "Wi-Fi off?", on to "what do you see?",
    // 1 (My au's page), then on to the end.
    let mut keys = vec!["next"; 4];
    keys.push("yes");
    keys.extend(["next"; 11]);
    keys.push("1");
    keys.extend(["next"; 2]);
    keys.push("yes");
    keys.extend(["next"; 10]);
    t.run("my-au-login", &keys, &["--lang", "ja"]).success();
    let ev = t.events();
    assert_eq!(ev[0]["event"], "start");
    assert_eq!(ev[0]["guide"], "my-au-login");
    assert_eq!(ev[0]["lang"], "ja");
    assert_eq!(ev[0]["engine"], "text");
    let steps = step_ids(&ev);
    assert_eq!(steps[0], "intro");
    assert!(steps.contains(&"wifi-is-off".to_string()));
    assert!(
        !steps.contains(&"wifi-off-android-swipe".to_string()),
        "{steps:?}"
    );
    let last = ev.last().unwrap();
    assert_eq!(last["event"], "finish");
    assert_eq!(last["completed"], true);
    // Every line has t_ms; the lexicon reaches what is spoken, never the screen.
    assert!(ev.iter().all(|e| e["t_ms"].is_u64()));
    let spoken: Vec<&str> = named(&ev, "speak")
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(
        spoken.iter().any(|s| s.contains("マイエーユー")),
        "{spoken:?}"
    );
    assert!(spoken.iter().all(|s| !s.contains("My au")));
    // Reaching the end removes the saved progress.
    assert!(!t.dir("state/tebiki/progress/my-au-login.json").exists());
}

#[test]
fn no_on_the_wifi_question_explains_and_comes_back() {
    let t = Tebiki::new();
    let keys = [
        "next", "next", "next", "next", "no", "1", "next", "next", "no", "2", "next", "next",
        "next",
    ];
    t.run("my-au-login", &keys, &["--lang", "en"]).success();
    let steps = step_ids(&t.events());
    let q = steps.iter().position(|s| s == "wifi-is-off").unwrap();
    // Android: its two steps, then the question again.
    assert_eq!(
        steps[q + 1..q + 5],
        [
            "which-phone",
            "wifi-off-android-swipe",
            "wifi-off-android-tap",
            "wifi-is-off"
        ]
    );
    // iPhone: its three steps only, then the question again.
    assert_eq!(
        steps[q + 5..],
        [
            "which-phone",
            "wifi-off-iphone-settings",
            "wifi-off-iphone-wifi",
            "wifi-off-iphone-switch",
            "wifi-is-off"
        ],
        "{steps:?}"
    );
}

#[test]
fn a_piped_2_takes_the_second_option_and_other_keys_do_not_move() {
    let t = Tebiki::new();
    // Enter, y and 7 on the choice stay there; full-width ２ chooses the second option.
    let keys = ["next", "next", "y", "7", "\u{ff12}", "next"];
    let out = t.run("turn-off-wifi", &keys, &["--lang", "en"]).success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let ev = t.events();
    assert_eq!(
        step_ids(&ev),
        [
            "intro",
            "which-phone",
            "iphone-open-settings",
            "iphone-tap-wifi"
        ]
    );
    let keys: Vec<_> = named(&ev, "key")
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["option"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("next".to_string(), None),
            ("next".to_string(), None),
            ("yes".to_string(), None),
            ("choice".to_string(), Some(2)),
            ("next".to_string(), None),
        ]
    );
    // The options are said with their keys, on Enter again, and after y and 7.
    let options = "For an Android phone, press 1. For an iPhone, press 2. For help telling them apart, press 3.";
    let spoken: Vec<&str> = named(&ev, "speak")
        .iter()
        .filter(|e| e["step"] == "which-phone")
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        spoken.iter().filter(|s| s.contains(options)).count(),
        4,
        "{spoken:?}"
    );
    assert!(
        stdout.contains("1: an Android phone   2: an iPhone"),
        "{stdout}"
    );
    assert!(!step_ids(&ev).iter().any(|s| s.contains("android")));
}

#[test]
fn every_action_gives_one_key_event_and_moves_log_their_step_first() {
    let t = Tebiki::new();
    let keys = ["next", "r", "b", "l", "+", "-", "h", "w", "y", "x", "q"];
    t.run("my-au-login", &keys, &["--lang", "en"]).success();
    let ev = t.events();
    let actions: Vec<&str> = named(&ev, "key")
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["next", "repeat", "back", "lang", "faster", "slower", "help", "where", "yes", "quit"]
    );
    // next moves: its step event comes before the following key event.
    let kinds: Vec<&str> = ev.iter().map(|e| e["event"].as_str().unwrap()).collect();
    let first_key = kinds.iter().position(|k| *k == "key").unwrap();
    let step_after = kinds[first_key + 1..]
        .iter()
        .position(|k| *k == "step")
        .unwrap();
    let key_after = kinds[first_key + 1..]
        .iter()
        .position(|k| *k == "key")
        .unwrap();
    assert!(step_after < key_after);
    assert_eq!(named(&ev, "lang")[0]["lang"], "ja");
    assert_eq!(ev.last().unwrap()["completed"], false);
}

#[test]
fn quitting_keeps_the_place_and_the_next_run_offers_it() {
    let t = Tebiki::new();
    t.run("my-au-login", &["next", "next", "next"], &["--lang", "en"])
        .success();
    assert_eq!(t.events().last().unwrap()["completed"], false);
    let saved = t.dir("state/tebiki/progress/my-au-login.json");
    assert!(saved.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "progress must be readable by its owner only"
        );
    }
    // A pipe answers "continue?" with a yes line: the first step event is the saved step.
    t.run("my-au-login", &["yes", "next"], &[]).success();
    let ev = t.events();
    let offer = named(&ev, "speak")[0]["text"].as_str().unwrap().to_string();
    assert!(offer.contains("step 4"), "{offer}");
    assert_eq!(step_ids(&ev), ["need-id", "wifi-is-off"]);
    // The language the listener had is kept.
    assert_eq!(ev[0]["lang"], "en");
}

#[test]
fn no_to_the_offer_starts_over_and_restart_skips_it() {
    let t = Tebiki::new();
    t.run("turn-off-wifi", &["next", "next"], &[]).success();
    t.run("turn-off-wifi", &["no"], &[]).success();
    assert_eq!(step_ids(&t.events())[0], step_ids(&t.events())[0]);
    let first = step_ids(&t.events())[0].clone();
    t.run("turn-off-wifi", &["next"], &["--restart"]).success();
    let ev = t.events();
    assert_eq!(step_ids(&ev)[0], first);
    assert_eq!(named(&ev, "key")[0]["action"], "next");
}

#[test]
fn progress_that_no_longer_fits_offers_to_start_over() {
    let t = Tebiki::new();
    let dir = t.dir("state/tebiki/progress");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("call-support.json"),
        r#"{"guide":"call-support","step":"removed-step","history":[],"lang":"en","timers":[]}"#,
    )
    .unwrap();
    t.run("call-support", &["yes"], &[]).success();
    let ev = t.events();
    assert!(named(&ev, "speak")[0]["text"]
        .as_str()
        .unwrap()
        .contains("has changed"));
    assert_eq!(step_ids(&ev).len(), 1);
}

#[test]
fn end_of_input_quits_keeping_progress() {
    let t = Tebiki::new();
    t.run("call-support", &[], &[]).success();
    let ev = t.events();
    assert_eq!(step_ids(&ev).len(), 1);
    assert_eq!(named(&ev, "key").len(), 0);
    assert_eq!(ev.last().unwrap()["event"], "finish");
    assert_eq!(ev.last().unwrap()["completed"], false);
}

#[test]
fn running_past_the_last_step_finishes_even_with_input_left() {
    let t = Tebiki::new();
    let mut keys = vec!["next"; 3];
    keys.extend(["x"; 5]);
    t.run(&fixture("valid"), &keys, &[]).success();
    let ev = t.events();
    assert_eq!(step_ids(&ev), ["first", "second", "done"]);
    assert_eq!(ev.last().unwrap()["completed"], true);
    assert_eq!(named(&ev, "key").len(), 2);
}

#[test]
fn full_width_keys_and_japanese_yes_no_lines_count() {
    let t = Tebiki::new();
    t.run(
        "my-au-login",
        &["ｎｅｘｔ", "ｎ", "next", "next", "はい"],
        &["--lang", "ja"],
    )
    .success();
    let ev = t.events();
    let actions: Vec<&str> = named(&ev, "key")
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["next", "no", "next", "next", "yes"]);
}

#[test]
fn keys_and_rate_changes_are_kept_as_settings() {
    let t = Tebiki::new();
    t.run("call-support", &["+", "+", "l"], &["--lang", "en"])
        .success();
    let config = std::fs::read_to_string(t.dir("config/tebiki/config.toml")).unwrap();
    assert!(config.contains("rate = 1.2"), "{config}");
    assert!(config.contains("lang = \"ja\""), "{config}");
    // The saved language is used next time.
    t.run("call-support", &["no"], &[]).success();
    assert_eq!(t.events()[0]["lang"], "ja");
}

#[test]
fn unknown_guide_exits_1_and_lists_the_known_ones() {
    let t = Tebiki::new();
    t.run("no-such-guide", &["next"], &[]).code(1).stderr(
        predicate::str::contains("my-au-login").and(predicate::str::contains("no-such-guide")),
    );
}

#[test]
fn a_broken_guide_is_refused_before_any_key_is_read() {
    let t = Tebiki::new();
    t.run(&fixture("duplicate-step"), &["next", "next"], &[])
        .code(1)
        .stderr(predicate::str::contains("guide.toml:8:6"));
    assert!(named(&t.events(), "key").is_empty());
}

#[test]
fn an_engine_that_cannot_be_loaded_exits_3() {
    let t = Tebiki::new();
    t.cmd()
        .args(["run", "my-au-login", "--engine", "jtalk"])
        .write_stdin("next\n")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("jtalk"));
}

#[test]
fn bad_command_lines_exit_2() {
    let t = Tebiki::new();
    t.cmd().args(["run"]).assert().code(2);
    t.cmd().args(["list", "--rate", "9"]).assert().code(2);
    t.cmd().args(["frobnicate"]).assert().code(2);
}

#[test]
fn a_missing_language_is_said_and_the_first_one_read() {
    let t = Tebiki::new();
    let dir = t.dir("guides/en-only");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("guide.toml"),
        "id = \"en-only\"\nlanguages = [\"en\"]\n[[steps]]\nid = \"a\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("en.ftl"), "title = T\ndescription = D\na = A.\n").unwrap();
    t.run(dir.to_str().unwrap(), &["next"], &["--lang", "ja"])
        .success();
    let ev = t.events();
    assert_eq!(ev[0]["lang"], "en");
    let texts: Vec<&str> = named(&ev, "speak")
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(texts.iter().any(|s| s.contains("Japanese")), "{texts:?}");
}

#[test]
fn control_sequences_in_guide_text_never_reach_the_screen() {
    let t = Tebiki::new();
    let out = t
        .run(&fixture("control-chars"), &["next"], &["--plain"])
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
    assert!(!stdout.contains('\u{202e}'));
    assert!(stdout.contains("One"));
}

#[test]
fn plain_output_has_step_counter_and_no_escapes() {
    let t = Tebiki::new();
    let out = t.run("my-au-login", &["next"], &["--lang", "en"]).success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("Step 1 of "), "{stdout}");
    assert!(stdout.contains("Step 2 of "));
    assert!(!stdout.contains('\u{1b}'));
}

#[test]
fn the_menu_offers_to_continue_else_lists_guides() {
    let t = Tebiki::new();
    let events = t.events_path();
    // No progress: a numbered menu; "2" chooses the second guide.
    t.cmd()
        .args(["--engine", "text", "--lang", "en", "--events"])
        .arg(&events)
        .write_stdin("2\nnext\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("1: ").and(predicate::str::contains("2: ")));
    let ev = t.events();
    let start = named(&ev, "start");
    assert_eq!(start.len(), 1);
    let guide = start[0]["guide"].as_str().unwrap().to_string();
    // Progress exists now: "continue?" y resumes that guide at its saved step.
    t.cmd()
        .args(["--engine", "text", "--events"])
        .arg(&events)
        .write_stdin("y\n")
        .assert()
        .success();
    let ev = t.events();
    assert_eq!(named(&ev, "start")[0]["guide"], guide.as_str());
    assert_eq!(step_ids(&ev).len(), 1);
}
