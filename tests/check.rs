//! `tebiki check` and `tebiki list` on fixtures: every problem with file and line.

#![allow(clippy::unwrap_used)]

mod common;

use common::{fixture, Tebiki};
use predicates::prelude::*;

fn check(name: &str) -> assert_cmd::assert::Assert {
    Tebiki::new()
        .cmd()
        .args(["check", &fixture(name), "--lang", "en"])
        .assert()
}

#[test]
fn builtin_guides_pass() {
    Tebiki::new()
        .cmd()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("builtin:my-au-login: ok"));
}

#[test]
fn each_broken_guide_is_reported_with_file_and_line() {
    let cases = [
        ("toml-syntax-error", "guide.toml:8:13: TOML error"),
        (
            "unknown-key",
            "guide.toml:9:1: TOML error: unknown field `colour`",
        ),
        (
            "duplicate-step",
            "guide.toml:8:6: the step id `first` is used twice",
        ),
        ("unknown-step", "guide.toml:9:8: there is no step `nowhere`"),
        (
            "unreachable-step",
            "guide.toml:9:6: the step `second` cannot be reached",
        ),
        (
            "no-end",
            "guide.toml:5:6: from the step `first` no end can be reached",
        ),
        (
            "missing-en-step",
            "guide.toml:8:6: the step `second` has no text in en.ftl",
        ),
        ("ftl-syntax-error", "ja.ftl:4:12: Fluent error"),
        (
            "ftl-variable",
            "en.ftl:3: the message `first` uses the variable `$name`",
        ),
        ("lexicon-broken", "lexicon.ja.toml:1:11: lexicon error"),
        ("missing-ftl", "ja.ftl:1: there is no ja.ftl"),
        ("bad-kind", "guide.toml:9:8: unknown kind `quiz`"),
        (
            "question-keys-on-info",
            "guide.toml:8:6: `yes` does not apply",
        ),
        (
            "timer-without-minutes",
            "guide.toml:8:6: a timer step needs `minutes`",
        ),
    ];
    for (name, expected) in cases {
        check(name)
            .code(1)
            .stdout(predicate::str::contains(expected))
            .stderr(predicate::str::contains("error"));
    }
}

/// An unclosed `{` on the last line was reported on line 6 of a file of 5 lines: the
/// parser puts the error past the last newline.
#[test]
fn a_fluent_error_at_the_very_end_is_on_the_last_line() {
    let out = check("ftl-error-at-end").code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let line = stdout
        .lines()
        .find(|l| l.contains("ja.ftl:"))
        .unwrap_or_else(|| panic!("no ja.ftl problem in {stdout}"));
    assert!(line.contains("ja.ftl:5:"), "{line}");
}

#[test]
fn advice_is_a_note_and_does_not_fail() {
    check("long-sentence")
        .success()
        .stdout(predicate::str::contains("en.ftl:3: note: a long sentence"));
}

#[test]
fn files_that_are_not_utf8_or_too_large_are_errors() {
    let t = Tebiki::new();
    let dir = t.dir("g");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        format!("{}/guide.toml", fixture("valid")),
        dir.join("guide.toml"),
    )
    .unwrap();
    std::fs::write(dir.join("en.ftl"), b"title = T\n\xff\xfe\n").unwrap();
    std::fs::write(dir.join("ja.ftl"), vec![b'#'; 2 * 1024 * 1024]).unwrap();
    t.cmd()
        .args(["check", dir.to_str().unwrap(), "--lang", "en"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "en.ftl:2:1: this file is not UTF-8",
        ))
        .stdout(predicate::str::contains(
            "ja.ftl:1: this file is larger than 1024 KiB",
        ));
}

#[test]
fn an_empty_folder_says_what_a_guide_is() {
    let t = Tebiki::new();
    let dir = t.dir("empty");
    std::fs::create_dir_all(&dir).unwrap();
    t.cmd()
        .args(["check", dir.to_str().unwrap(), "--lang", "en"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "guide.toml:1: there is no guide.toml here",
        ));
}

#[test]
fn messages_follow_the_language() {
    Tebiki::new()
        .cmd()
        .args(["check", &fixture("duplicate-step"), "--lang", "ja"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "手順の id `first` が2回使われています",
        ));
}

#[test]
fn list_json_describes_every_guide() {
    let out = Tebiki::new()
        .cmd()
        .args(["list", "--json", "--lang", "ja"])
        .assert()
        .success();
    let list: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let guides = list.as_array().unwrap();
    let au = guides.iter().find(|g| g["id"] == "my-au-login").unwrap();
    assert!(au["title"].as_str().unwrap().contains("ログイン"));
    assert_eq!(au["languages"], serde_json::json!(["ja", "en"]));
    assert!(au["steps"].as_u64().unwrap() > 10);
    assert!(au["path"].is_string());
    for id in ["turn-off-wifi", "call-support"] {
        assert!(guides.iter().any(|g| g["id"] == id), "{id} missing");
    }
}

/// `list` once said 29 where the screen said 手順 1 / 21: its text gives the steps on
/// the main path, as the screen and where-am-I do; `--json` keeps `steps` (the file)
/// and adds `main_steps`.
#[test]
fn list_counts_the_main_path_like_the_screen() {
    let t = Tebiki::new();
    let out = t.cmd().args(["list", "--json"]).assert().success();
    let list: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let au = list
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "my-au-login")
        .unwrap();
    let (steps, main) = (
        au["steps"].as_u64().unwrap(),
        au["main_steps"].as_u64().unwrap(),
    );
    assert!(
        main < steps,
        "the guide has steps off the main path: {main} / {steps}"
    );
    let text = t.cmd().args(["list", "--lang", "en"]).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    let line = text.lines().find(|l| l.starts_with("my-au-login")).unwrap();
    assert!(line.contains(&format!("{main} steps")), "{line}");
    // The screen's counter says the same M.
    let events = t.dir("events.jsonl");
    let run = t
        .cmd()
        .args([
            "run",
            "my-au-login",
            "--engine",
            "text",
            "--plain",
            "--lang",
            "en",
        ])
        .arg("--events")
        .arg(&events)
        .write_stdin("next\n")
        .assert()
        .success();
    let screen = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    assert!(screen.contains(&format!("Step 1 of {main}")), "{screen}");
    let first = common::named(&common::read_events(&events), "step")[0].clone();
    assert_eq!(
        first["total"].as_u64().unwrap(),
        steps,
        "events keep the file's count"
    );
}

#[test]
fn user_guides_are_found_by_id() {
    let t = Tebiki::new();
    let dir = t.dir("data/tebiki/guides/valid");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["guide.toml", "en.ftl", "ja.ftl"] {
        std::fs::copy(format!("{}/{f}", fixture("valid")), dir.join(f)).unwrap();
    }
    t.cmd()
        .args(["list", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"id\":\"valid\""));
}

#[cfg(unix)]
#[test]
fn links_out_of_the_folder_and_link_loops_are_refused() {
    let t = Tebiki::new();
    let dir = t.dir("linked");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        format!("{}/guide.toml", fixture("valid")),
        dir.join("guide.toml"),
    )
    .unwrap();
    std::fs::copy(format!("{}/ja.ftl", fixture("valid")), dir.join("ja.ftl")).unwrap();
    std::fs::write(t.dir("secret.txt"), "title = stolen\n").unwrap();
    std::os::unix::fs::symlink(t.dir("secret.txt"), dir.join("en.ftl")).unwrap();
    t.cmd()
        .args(["check", dir.to_str().unwrap(), "--lang", "en"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("en.ftl:1: this file is a link to"));
    let looped = t.dir("loop");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    t.cmd()
        .args(["check", looped.to_str().unwrap(), "--lang", "en"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "guide.toml:1: cannot read this file",
        ));
    t.cmd()
        .args(["run", looped.to_str().unwrap(), "--engine", "text"])
        .write_stdin("next\n")
        .timeout(std::time::Duration::from_secs(10))
        .assert()
        .code(1);
}

#[test]
fn empty_files_are_errors_with_a_line() {
    let t = Tebiki::new();
    let dir = t.dir("empty-files");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("guide.toml"), "").unwrap();
    t.cmd()
        .args(["check", dir.to_str().unwrap(), "--lang", "en"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "guide.toml:1:1: TOML error: missing field `id`",
        ));
    std::fs::copy(
        format!("{}/guide.toml", fixture("valid")),
        dir.join("guide.toml"),
    )
    .unwrap();
    std::fs::write(dir.join("en.ftl"), "").unwrap();
    std::fs::write(dir.join("ja.ftl"), "").unwrap();
    t.cmd()
        .args(["check", dir.to_str().unwrap(), "--lang", "en"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "en.ftl:1: the message `title` is missing",
        ))
        .stdout(predicate::str::contains(
            "guide.toml:5:6: the step `first` has no text in en.ftl",
        ));
}
