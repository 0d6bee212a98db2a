//! `--pause short|normal|long`: the silences between sentences, apart from the rate,
//! in what is written (`say --out`), and kept in the settings.

#![allow(clippy::unwrap_used)]

mod common;

use common::Tebiki;

fn seconds(path: &std::path::Path) -> f32 {
    let reader = hound::WavReader::open(path).unwrap();
    reader.duration() as f32 / reader.spec().sample_rate as f32
}

#[test]
fn pauses_are_shorter_or_longer_and_the_choice_is_kept() {
    let t = Tebiki::new();
    let text = "Press the button. Wait a moment. Then look at the screen.";
    let mut lengths = Vec::new();
    for pause in ["short", "normal", "long"] {
        let out = t.dir(&format!("{pause}.wav"));
        t.cmd()
            .args(["say", text, "--engine", "espeak", "--pause", pause, "--out"])
            .arg(&out)
            .assert()
            .success();
        lengths.push(seconds(&out));
        let config = std::fs::read_to_string(t.dir("config/tebiki/config.toml")).unwrap();
        assert!(config.contains(&format!("pause = \"{pause}\"")), "{config}");
    }
    // Two pauses between sentences and one after: 0.8 s each at normal (the last
    // 0.35 s), 0.6× and 1.6× of that; the words the same.
    let (short, normal, long) = (lengths[0], lengths[1], lengths[2]);
    let between = 2.0 * 0.8 + 0.35;
    assert!(
        ((normal - short) - 0.4 * between).abs() < 0.1,
        "{lengths:?}"
    );
    assert!(((long - normal) - 0.6 * between).abs() < 0.1, "{lengths:?}");
    // Kept: without the option, the saved pause is used.
    let out = t.dir("again.wav");
    t.cmd()
        .args(["say", text, "--engine", "espeak", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        (seconds(&out) - long).abs() < 0.02,
        "{} {long}",
        seconds(&out)
    );
}

#[test]
fn an_unknown_pause_is_a_bad_command_line() {
    Tebiki::new()
        .cmd()
        .args(["--pause", "medium", "list"])
        .assert()
        .code(2);
}
