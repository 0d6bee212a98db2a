//! End to end: `tebiki import` on the fixtures in `tests/fixtures/import/`, then
//! `tebiki check` on the result, then `tebiki run` with piped keys, reading the
//! `--events` log to see which steps were shown and what was spoken.

// A failed unwrap here is a failed test; the helpers are not `#[test]` functions, so
// clippy's allow-unwrap-in-tests does not reach them.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A private home for one test: settings, progress and the guide folder in temp dirs.
struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("tebiki").unwrap();
        let root = self.dir.path();
        cmd.env("XDG_CONFIG_HOME", root.join("config"))
            .env("XDG_STATE_HOME", root.join("state"))
            .env("XDG_DATA_HOME", root.join("data"))
            .env("HOME", root)
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        cmd
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn user_guides(&self) -> PathBuf {
        self.dir.path().join("data/tebiki/guides")
    }

    /// Imports a fixture into `out/ID` and returns the command's output.
    fn import(&self, fixture: &str, id: &str, extra: &[&str]) -> std::process::Output {
        self.cmd()
            .arg("import")
            .arg(fixture_path(fixture))
            .args(["--id", id, "--out"])
            .arg(self.out())
            .args(extra)
            .output()
            .unwrap()
    }

    /// Runs a guide with `next` for every step (and one more), in text mode, and
    /// returns the events.
    fn run(&self, guide: &Path, nexts: usize) -> Vec<Value> {
        let events = self.dir.path().join("events.jsonl");
        let _ = std::fs::remove_file(&events);
        self.cmd()
            .arg("run")
            .arg(guide)
            .args(["--engine", "text", "--restart", "--events"])
            .arg(&events)
            .write_stdin("next\n".repeat(nexts))
            .assert()
            .success();
        std::fs::read_to_string(&events)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What the listener got at each step: the step id and the first thing spoken for it.
fn heard(events: &[Value]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for e in events {
        match e["event"].as_str() {
            Some("step") => current = e["step"].as_str().map(String::from),
            Some("speak") => {
                if let Some(step) = current.take() {
                    out.push((step, e["text"].as_str().unwrap_or("").to_string()));
                }
            }
            _ => {}
        }
    }
    out
}

/// Imports, checks and runs a fixture; returns (step id, spoken text) per step.
fn import_check_run(fixture: &str) -> Vec<(String, String)> {
    let home = Home::new();
    let id = "imported";
    let o = home.import(fixture, id, &[]);
    assert!(o.status.success(), "{fixture}: {}", stderr(&o));
    let guide = home.out().join(id);
    home.cmd().arg("check").arg(&guide).assert().success();
    let steps = std::fs::read_to_string(guide.join("guide.toml"))
        .unwrap()
        .matches("[[steps]]")
        .count();
    let events = home.run(&guide, steps + 1);
    let finish = events.last().unwrap();
    assert_eq!(finish["event"], "finish");
    assert_eq!(
        finish["completed"], true,
        "{fixture}: running past the last step ends it"
    );
    let heard = heard(&events);
    assert_eq!(heard.len(), steps, "{fixture}: every step is reached once");
    for (i, (id, _)) in heard.iter().enumerate() {
        assert_eq!(id, &format!("step-{}", i + 1));
    }
    heard
}

fn spoken(heard: &[(String, String)]) -> Vec<&str> {
    heard.iter().map(|(_, t)| t.as_str()).collect()
}

#[test]
fn howto_steps_in_order() {
    let h = import_check_run("howto-basic.json");
    assert_eq!(
        spoken(&h),
        [
            "Take the clock off the wall.",
            "Open the cover on the back.",
            "Put in a new AA battery, flat end to the spring."
        ]
    );
}

#[test]
fn graph_sections_are_spoken_before_their_first_step_and_tips_after() {
    let h = import_check_run("howto-graph.json");
    assert_eq!(
        spoken(&h),
        [
            "Getting ready\nFill a small pan with water.\nEggs from the fridge crack less if you warm them in your hand.\nEnough to cover the egg.",
            "Bring the water to the boil.",
            "Cooking\nLower the egg in with a spoon.",
            "Wait six minutes, then lift it out.\nCool it under the tap before you peel it.",
        ]
    );
}

#[test]
fn odd_types_iris_arrays_and_single_objects() {
    let h = import_check_run("howto-odd-types.json");
    assert_eq!(
        spoken(&h),
        [
            "Find the small hole marked RESET.",
            "Press it with a pen tip for ten seconds.",
            "Afterwards\nWait until the lights stop blinking.",
            "Connect again.",
        ]
    );
}

#[test]
fn recipe_instructions_as_one_string_become_one_step_per_line() {
    let h = import_check_run("recipe-single-string.json");
    assert_eq!(
        spoken(&h),
        [
            "Warm the dashi in a pot.",
            "Cut the tofu into cubes & add them.",
            "Turn off the heat.",
            "Stir in the miso until it melts.",
        ]
    );
}

#[test]
fn recipe_strings_lose_tags_and_entities() {
    let h = import_check_run("recipe-strings.json");
    assert_eq!(
        spoken(&h),
        [
            "Put the bread in the toaster.",
            "Press the lever down.",
            "Spread the jam when the toast pops up — careful, it is hot.",
        ]
    );
}

#[test]
fn fluent_syntax_in_texts_is_spoken_as_written() {
    let h = import_check_run("escape-syntax.json");
    assert_eq!(
        spoken(&h),
        [
            "Type { $name } exactly as shown.",
            "[Enter] is the big key on the right.",
            "*Star first, then the number.",
            ".bashrc is a hidden file.",
            "First line.\n[second] line\n*third",
        ]
    );
}

#[test]
fn page_recipe_in_japanese() {
    let home = Home::new();
    let o = home.import("page-recipe.html", "onigiri", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let guide = home.out().join("onigiri");
    assert!(guide.join("ja.ftl").is_file(), "language from <html lang>");
    let ftl = std::fs::read_to_string(guide.join("ja.ftl")).unwrap();
    assert!(ftl.contains("title =\n    おにぎり\n"));
    assert!(ftl.contains("description =\n    塩むすびの作り方です。\n"));
    let h = heard(&home.run(&guide, 4));
    assert_eq!(
        spoken(&h),
        [
            "手を水でぬらします。",
            "手に塩を少しつけます。",
            "ごはんをのせて、三角ににぎります。"
        ]
    );
}

/// Pages write JSON-LD with a tab or a line break typed into a string; browsers and
/// search engines read it, and so does tebiki.
#[test]
fn json_ld_with_raw_control_characters_in_strings() {
    let h = import_check_run("page-json-ld-control-chars.html");
    assert_eq!(
        spoken(&h),
        [
            "Take the clock\noff the wall.",
            "Put in a new battery. Done."
        ]
    );
}

#[test]
fn microdata_recipe_one_element_per_step() {
    let home = Home::new();
    let o = home.import("page-microdata-recipe.html", "onigiri", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let guide = home.out().join("onigiri");
    let ftl = std::fs::read_to_string(guide.join("ja.ftl")).unwrap();
    assert!(ftl.contains("title =\n    塩おにぎり\n"), "{ftl}");
    assert!(
        !ftl.contains("ごはん 1 杯"),
        "an ingredient is not a step:\n{ftl}"
    );
    let h = heard(&home.run(&guide, 4));
    assert_eq!(
        spoken(&h),
        [
            "手を水でぬらします。",
            "手に塩を少しつけます。",
            "ごはんをのせて、三角ににぎります。"
        ]
    );
}

#[test]
fn microdata_howto_sections_steps_directions_and_tips() {
    let h = import_check_run("page-microdata-howto.html");
    assert_eq!(
        spoken(&h),
        [
            "Left over right\nCross the left end over the right and tuck it under.",
            "Right over left\nCross the right end over the left and tuck it under.\nBoth ends should come out on the same side.",
            "Pull both ends tight."
        ]
    );
}

#[test]
fn the_numbered_list_under_a_steps_heading() {
    let home = Home::new();
    let o = home.import("page-steps-heading.html", "screenshot", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let guide = home.out().join("screenshot");
    let ftl = std::fs::read_to_string(guide.join("ja.ftl")).unwrap();
    assert!(ftl.contains("title =\n    画面を写真にする\n"), "{ftl}");
    assert!(
        ftl.contains("パソコンの画面を写真にする方法です。"),
        "{ftl}"
    );
    for not_a_step in ["ホーム", "Windows のパソコン", "再起動", "できました"] {
        assert!(
            !ftl.contains(not_a_step),
            "{not_a_step} is not a step:\n{ftl}"
        );
    }
    let h = heard(&home.run(&guide, 4));
    assert_eq!(
        spoken(&h),
        [
            "写したい画面を出します。",
            "Windows キーと Shift キーを押したまま、S を押します。",
            "写したいところを、マウスで囲みます。\n画面ぜんぶなら、いちばん右の四角を選びます。"
        ]
    );
}

#[test]
fn page_with_only_ingredients_and_comments_is_refused() {
    let home = Home::new();
    let o = home.import("page-no-steps.html", "x", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("no steps that tebiki can find"), "{err}");
    assert!(err.contains("Instructions"), "{err}");
    assert!(!home.out().join("x").exists());
}

#[test]
fn page_with_two_howtos_takes_the_first_and_says_so() {
    let home = Home::new();
    let o = home.import("page-two-howtos.html", "tv", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let note = stderr(&o);
    assert!(note.contains("has 2 how-to guides"), "{note}");
    assert!(note.contains("--pick"), "{note}");
    assert!(note.contains("2: Change the channel"), "{note}");
    let h = heard(&home.run(&home.out().join("tv"), 3));
    assert_eq!(spoken(&h)[0], "Press the red button on the remote.");

    let o = home.import("page-two-howtos.html", "channel", &["--pick", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let h = heard(&home.run(&home.out().join("channel"), 2));
    assert_eq!(spoken(&h), ["Press a number on the remote."]);

    let o = home.import("page-two-howtos.html", "none", &["--pick", "3"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("from 1 to 2"), "{}", stderr(&o));
}

#[test]
fn markdown_headings_are_sections() {
    let home = Home::new();
    let o = home.import("list-basic.md", "photo", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("5 steps"), "{out}");
    assert!(out.contains("tebiki run "), "{out}");
    let events = home.run(&home.out().join("photo"), 6);
    assert_eq!(events[1]["text"], "Send a photo by email", "title first");
    let h = heard(&events);
    assert_eq!(
        spoken(&h),
        [
            "Writing the email\nOpen the mail program.",
            "Click \"New message\".",
            "Adding the photo\nClick the paper clip.",
            "Choose the photo and click \"Open\".",
            "Click \"Send\".",
        ]
    );
}

#[test]
fn markdown_lazy_lines_all_ones_nesting_and_comments() {
    assert_eq!(
        spoken(&import_check_run("list-lazy.md")),
        [
            "This step goes on on the next line without indentation.",
            "This one is indented as usual."
        ]
    );
    assert_eq!(
        spoken(&import_check_run("list-all-ones.md")),
        ["First.", "Second.", "Third."]
    );
    assert_eq!(
        spoken(&import_check_run("list-nested.md")),
        [
            "Open a terminal and type:\nsudo apt update\n  && echo done",
            "Check these:\nthe power cable is in\nthe network light is on",
            "Then, in order:\n1. type your password\n2. press Enter\nIt does not show the letters while you type.",
        ]
    );
    assert_eq!(
        spoken(&import_check_run("list-comments.md")),
        ["Fill the watering can.", "Water each pot slowly."]
    );
}

#[test]
fn unknown_extensions_are_sniffed() {
    assert_eq!(spoken(&import_check_run("sniff-json.data")), ["Only step."]);
    assert_eq!(
        spoken(&import_check_run("steps.txt")),
        ["First.", "Second.", "Third."]
    );
}

#[test]
fn default_folder_is_the_users_and_the_id_runs() {
    let home = Home::new();
    let o = home
        .cmd()
        .args(["import"])
        .arg(fixture_path("list-japanese.md"))
        .args(["--id", "gomi"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("tebiki run gomi"), "{}", stdout(&o));
    assert!(
        home.user_guides().join("gomi/ja.ftl").is_file(),
        "language by script"
    );
    let events = home.cmd_run_by_id("gomi");
    let h = heard(&events);
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].1, "燃えるゴミは、月曜と木曜に出します。");
}

impl Home {
    fn cmd_run_by_id(&self, id: &str) -> Vec<Value> {
        let events = self.dir.path().join("by-id.jsonl");
        self.cmd()
            .args(["run", id, "--engine", "text", "--events"])
            .arg(&events)
            .write_stdin("next\nnext\nnext\n")
            .assert()
            .success();
        std::fs::read_to_string(&events)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

#[test]
fn lang_option_wins_and_messages_follow_it() {
    let home = Home::new();
    let o = home.import("howto-basic.json", "clock", &["--lang", "ja"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(home.out().join("clock/ja.ftl").is_file());
    assert!(stdout(&o).contains("取り込みました"), "{}", stdout(&o));
}

#[test]
fn existing_guides_are_kept_unless_forced() {
    let home = Home::new();
    assert!(home
        .import("list-all-ones.md", "same", &[])
        .status
        .success());
    let o = home.import("howto-basic.json", "same", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    let ftl = std::fs::read_to_string(home.out().join("same/en.ftl")).unwrap();
    assert!(ftl.contains("First."), "left as it was");
    assert!(home
        .import("howto-basic.json", "same", &["--force"])
        .status
        .success());
    let ftl = std::fs::read_to_string(home.out().join("same/en.ftl")).unwrap();
    assert!(ftl.contains("clock"));
    let names: Vec<_> = std::fs::read_dir(home.out())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["same"], "no temporary folders left");
}

/// Bad input: exit 1, a sentence that names the file and says what to do, and no
/// folder written.
#[test]
fn bad_input_is_refused_with_a_clear_message() {
    let home = Home::new();
    let big = home.dir.path().join("big.md");
    std::fs::write(&big, "1. x\n".repeat(2_200_000)).unwrap();
    let bad_json = home.dir.path().join("bad.json");
    std::fs::write(&bad_json, "{\n  \"@type\": \"HowTo\",\n  \"step\": [,]\n}").unwrap();
    let cases: [(PathBuf, &str); 10] = [
        (
            fixture_path("article.json"),
            "no schema.org HowTo or Recipe",
        ),
        (fixture_path("page-no-json-ld.html"), "application/ld+json"),
        (fixture_path("no-list.md"), "no numbered list"),
        (
            fixture_path("howto-no-steps.json"),
            "has a Recipe, but it has no steps",
        ),
        (fixture_path("empty.json"), "is empty"),
        (fixture_path("not-utf8.md"), "not UTF-8 text (line 4)"),
        (fixture_path("too-deep.json"), "nested too deeply"),
        (big, "larger than 10 MiB"),
        (bad_json, "bad.json:3:"),
        (home.dir.path().join("missing.md"), "cannot read"),
    ];
    for (file, expected) in cases {
        let o = home
            .cmd()
            .arg("import")
            .arg(&file)
            .args(["--id", "x", "--out"])
            .arg(home.out())
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{}: {err}", file.display());
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(expected), "{}: {err}", file.display());
        assert!(!err.contains("panicked"), "{err}");
        assert!(!home.out().join("x").exists());
    }
    let leftovers = std::fs::read_dir(home.out())
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(leftovers, 0);
}

#[test]
fn errors_are_localized() {
    let home = Home::new();
    let o = home
        .cmd()
        .arg("import")
        .arg(fixture_path("no-list.md"))
        .args(["--id", "x", "--lang", "ja"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("番号付きリストがありません"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn command_line_mistakes_exit_2() {
    let home = Home::new();
    for args in [
        &["import", "a.md"][..],
        &["import", "a.md", "--id", "../escape"],
        &["import", "a.md", "--id", "ok", "--pick", "0"],
    ] {
        home.cmd().args(args).assert().code(2);
    }
}
