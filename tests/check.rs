//! `tebiki check` and `tebiki list` on fixtures: every problem with file and line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{fixture, shown, Tebiki};
use predicates::prelude::*;

#[test]
fn builtin_guides_pass() {
    Tebiki::new()
        .cmd()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("builtin:my-au-login: ok"));
}

/// The fixtures with one mistake each.
const BROKEN: [&str; 15] = [
    "toml-syntax-error",
    "unknown-key",
    "duplicate-step",
    "unknown-step",
    "unreachable-step",
    "no-end",
    "missing-en-step",
    "ftl-syntax-error",
    "ftl-error-at-end",
    "ftl-variable",
    "lexicon-broken",
    "missing-ftl",
    "bad-kind",
    "question-keys-on-info",
    "timer-without-minutes",
];

/// Everything `check` says about a fixture, with its exit code.
fn check_report(name: &str, lang: &str) -> (Option<i32>, String) {
    let t = Tebiki::new();
    let out = t
        .cmd()
        .args(["check", &fixture(name), "--lang", lang])
        .output()
        .unwrap();
    let report = format!(
        "$ tebiki check {name} --lang {lang}\nexit: {}\n{}{}",
        out.status.code().unwrap_or(-1),
        shown(&t, &out.stdout),
        shown(&t, &out.stderr)
    );
    (out.status.code(), report)
}

/// Every broken guide fails, with its file and line first; the words are in the
/// snapshot.
fn broken_guides_report(lang: &str) -> String {
    let mut all = Vec::new();
    for name in BROKEN {
        let (code, report) = check_report(name, lang);
        assert_eq!(code, Some(1), "{report}");
        let place = format!("[repo]/tests/fixtures/guides/{name}/");
        let located = report.lines().any(|l| {
            l.strip_prefix(&place)
                .and_then(|rest| rest.split(':').nth(1))
                .is_some_and(|line| line.parse::<usize>().is_ok())
        });
        assert!(located, "no FILE:LINE: {report}");
        all.push(report);
    }
    all.join("\n")
}

#[test]
fn each_broken_guide_is_reported_with_file_and_line() {
    insta::assert_snapshot!("check-broken-en", broken_guides_report("en"));
}

#[test]
fn messages_follow_the_language() {
    insta::assert_snapshot!("check-broken-ja", broken_guides_report("ja"));
}

/// An unclosed `{` on the last line was reported on line 6 of a file of 5 lines: the
/// parser puts the error past the last newline.
#[test]
fn a_fluent_error_at_the_very_end_is_on_the_last_line() {
    let (code, report) = check_report("ftl-error-at-end", "en");
    assert_eq!(code, Some(1), "{report}");
    let line = report
        .lines()
        .find(|l| l.contains("ja.ftl:"))
        .unwrap_or_else(|| panic!("no ja.ftl problem in {report}"));
    assert!(line.contains("ja.ftl:5:"), "{line}");
}

#[test]
fn advice_is_a_note_and_does_not_fail() {
    let (code, report) = check_report("long-sentence", "en");
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("en.ftl:3: note: "), "{report}");
    insta::assert_snapshot!("check-note", report);
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

/// `tebiki list | head -1`, `tebiki voices | head`: a reader that goes away early ends
/// the command quietly (exit 0), never with a panic about a broken pipe.
#[test]
fn a_closed_pipe_ends_a_listing_quietly() {
    let t = Tebiki::new();
    for args in [&["list"][..], &["voices"], &["doctor"], &["check"]] {
        let mut child = t
            .process()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before anything is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}
