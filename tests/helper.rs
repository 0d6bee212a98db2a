//! End to end: `tebiki helper` sets, shows and clears whom to ask; a piped run that
//! repeats one step again and again hears it slower, then hears whom to ask.

#![allow(clippy::unwrap_used)]

mod common;

use common::{named, Tebiki};
use predicates::prelude::*;
use serde_json::Value;

/// The `speak` events after the n-th `key` event, up to the next key.
fn spoken_after_key(ev: &[Value], n: usize) -> Vec<(String, f64)> {
    let start = ev
        .iter()
        .enumerate()
        .filter(|(_, e)| e["event"] == "key")
        .nth(n)
        .map(|(i, _)| i)
        .unwrap();
    ev[start + 1..]
        .iter()
        .take_while(|e| e["event"] != "key")
        .filter(|e| e["event"] == "speak")
        .map(|e| {
            (
                e["text"].as_str().unwrap().to_string(),
                e["rate"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_helper_is_named_after_repeats_and_the_third_reading_is_slower() {
    let t = Tebiki::new();
    t.cmd()
        .args(["helper", "--name", "Aiko", "--phone", "+81 90-1234"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Aiko"));
    t.cmd().args(["helper"]).assert().success().stdout(
        predicate::str::contains("+81 90-1234")
            .and(predicate::str::contains("plus eight one, nine zero")),
    );
    let keys = ["next", "r", "r", "r", "next", "r"];
    t.run("my-au-login", &keys, &["--lang", "en", "--rate", "1.2"])
        .success();
    let ev = t.events();
    // Every speak event says the rate it was spoken at.
    assert!(named(&ev, "speak").iter().all(|e| e["rate"].is_f64()));
    let first = spoken_after_key(&ev, 1);
    assert!(
        first.iter().all(|(_, r)| (r - 1.2).abs() < 1e-3),
        "{first:?}"
    );
    let second = spoken_after_key(&ev, 2);
    assert_eq!(second[0].0, "A little slower now.");
    assert!(
        second.iter().all(|(_, r)| (r - 1.1).abs() < 1e-3),
        "{second:?}"
    );
    let third = spoken_after_key(&ev, 3);
    assert_eq!(
        third[0].0,
        "If you are stuck, ask Aiko. The number is plus eight one, nine zero, one two three four."
    );
    // A new step: the setting's rate, and the count starts again.
    let next_step = spoken_after_key(&ev, 5);
    assert!(
        next_step.iter().all(|(_, r)| (r - 1.2).abs() < 1e-3),
        "{next_step:?}"
    );
    assert!(!next_step[0].0.contains("slower"), "{next_step:?}");
}

#[test]
fn without_a_helper_no_number_is_made_up_and_the_slowest_rate_says_so() {
    let t = Tebiki::new();
    t.cmd()
        .args(["helper", "--name", "Aiko", "--phone", "110"])
        .assert()
        .success();
    t.cmd().args(["helper", "--clear"]).assert().success();
    t.cmd()
        .args(["helper"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No helper is set"));
    let keys = ["next", "r", "r", "r"];
    t.run("my-au-login", &keys, &["--lang", "ja", "--rate", "0.5"])
        .success();
    let ev = t.events();
    let second = spoken_after_key(&ev, 2);
    assert!(second[0].0.contains("いちばんゆっくり"), "{second:?}");
    assert!(
        second.iter().all(|(_, r)| (r - 0.5).abs() < 1e-3),
        "{second:?}"
    );
    let third = spoken_after_key(&ev, 3);
    assert!(third[0].0.contains("b で一つ前の手順"), "{third:?}");
    assert!(
        named(&ev, "speak")
            .iter()
            .all(|e| !e["text"].as_str().unwrap().contains("イチ、イチ")),
        "a number that was cleared is never said"
    );
}

#[test]
fn a_bad_number_is_refused_in_the_listeners_language_and_nothing_is_written() {
    let t = Tebiki::new();
    t.cmd()
        .args([
            "--lang",
            "ja",
            "helper",
            "--name",
            "Aiko",
            "--phone",
            "090(1234)",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("電話番号「090(1234)」に、「(」"));
    t.cmd()
        .args(["helper", "--phone", "- -"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no digits"));
    assert!(!t.dir("config/tebiki/config.toml").exists());
    // A settings file that does not parse is left as it is.
    std::fs::create_dir_all(t.dir("config/tebiki")).unwrap();
    std::fs::write(t.dir("config/tebiki/config.toml"), "rate = = 1\n").unwrap();
    t.cmd()
        .args(["helper", "--name", "Aiko"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("config.toml:1"));
    assert_eq!(
        std::fs::read_to_string(t.dir("config/tebiki/config.toml")).unwrap(),
        "rate = = 1\n"
    );
}
