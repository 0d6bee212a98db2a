//! Readings: `tebiki check --readings` and `tebiki say TEXT --reading` print how the
//! Japanese voice reads a text. The readings of every built-in spoken text are kept as
//! a snapshot, so a change in a text, a lexicon or the dictionary that changes how
//! something is read shows up in review.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use common::Tebiki;
use predicates::prelude::*;
use tebiki::speech::data::SpeechData;

/// The installed dictionary, or a skip (a failure when `TEBIKI_REQUIRE_TOOLS` is set).
/// (Only the Unix tests below link it into a home.)
#[cfg_attr(not(unix), allow(dead_code))]
fn dictionary() -> Option<PathBuf> {
    let paths = tebiki::paths::Paths::from_env()?;
    let data = SpeechData::new(&paths.data_dir);
    if !data.has_dictionary() {
        let why = format!(
            "no Japanese dictionary in {}",
            data.dictionary_dir().display()
        );
        assert!(std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_none(), "{why}");
        eprintln!("skipped: {why}; run scripts/setup.sh");
        return None;
    }
    Some(data.dictionary_dir())
}

/// A private home whose data folder has the installed dictionary (a link to it).
#[cfg(unix)]
fn home_with_dictionary() -> Option<Tebiki> {
    let dir = dictionary()?;
    let t = Tebiki::new();
    let data = t.dir("data/tebiki");
    std::fs::create_dir_all(&data).unwrap();
    std::os::unix::fs::symlink(dir, data.join("naist-jdic")).unwrap();
    Some(t)
}

#[cfg(unix)]
#[test]
fn readings_of_every_builtin_spoken_text() {
    let Some(t) = home_with_dictionary() else {
        return;
    };
    let out = t.cmd().args(["check", "--readings"]).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for guide in ["my-au-login", "turn-off-wifi", "call-support"] {
        assert!(
            stdout.contains(&format!("== builtin:{guide} ==")),
            "{guide}"
        );
    }
    assert!(stdout.contains("== locales/ja/tebiki.ftl =="));
    insta::assert_snapshot!("builtin_readings", stdout);
}

#[cfg(unix)]
#[test]
fn say_reading_prints_katakana_and_speaks_nothing() {
    let Some(t) = home_with_dictionary() else {
        return;
    };
    // `--engine jtalk` would need a voice and a sound device: a reading needs neither.
    t.cmd()
        .args([
            "say",
            "画面の右上を見ます。",
            "--reading",
            "--engine",
            "jtalk",
        ])
        .env("PULSE_SERVER", "unix:/nonexistent")
        .assert()
        .success()
        .stdout(predicate::str::contains("ガメン"))
        .stdout(predicate::str::contains("ミギウエ"));
    // The lexicon the voice uses applies.
    t.cmd()
        .args(["say", "My au にログイン", "--reading"])
        .assert()
        .success()
        .stdout(predicate::str::contains("マイ エーユー"));
}

#[cfg(unix)]
#[test]
fn readings_of_a_guide_folder_and_a_broken_one() {
    let Some(t) = home_with_dictionary() else {
        return;
    };
    t.cmd()
        .args(["check", "--readings", &common::fixture("valid")])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "valid/ja.ftl:3 first\n  一。\n  = イチ",
        ));
    // A guide that does not pass `check` is reported as `check` reports it.
    t.cmd()
        .args([
            "check",
            "--readings",
            &common::fixture("no-end"),
            "--lang",
            "en",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no end can be reached"));
}

#[test]
fn without_the_dictionary_readings_say_what_to_install_and_exit_3() {
    let t = Tebiki::new();
    t.cmd()
        .args(["check", "--readings"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no Japanese dictionary"))
        .stderr(predicate::str::contains("scripts/setup.sh"));
    t.cmd()
        .args(["say", "右上", "--reading", "--lang", "ja"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("日本語の辞書"));
    // Plain `check` never needs speech data.
    t.cmd().arg("check").assert().success();
}
