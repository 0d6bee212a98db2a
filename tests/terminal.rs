//! The terminal as a person uses it: tebiki in tmux, real keys sent, the screen read,
//! and `stty -g` compared before and after every way out.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;
use std::time::Duration;

use common::{step_ids, Tmux};

#[test]
fn q_asks_then_y_stops_and_gives_the_terminal_back() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.run_tebiki("run my-au-login");
    tmux.keys(&["Enter"]);
    tmux.wait_for(|s| s.contains("Step 2 of"), "step 2");
    tmux.keys(&["q"]);
    tmux.wait_for(|s| s.contains("Stop the guide?"), "the stop question");
    // Any other key carries on.
    tmux.keys(&["r"]);
    tmux.wait_for(|s| s.contains("Carrying on"), "carrying on");
    tmux.keys(&["q", "y"]);
    assert_eq!(tmux.wait_exit(), "exit=0");
    tmux.assert_terminal_restored();
    let ev = tmux.events();
    assert_eq!(step_ids(&ev), ["intro", "need-phone"]);
    assert_eq!(ev.last().unwrap()["completed"], false);
}

#[test]
fn a_doubled_enter_never_skips_a_step() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.run_tebiki("run my-au-login");
    // Two Enters in one write arrive together: the second is a bounce.
    tmux.tmux(&["send-keys", "-t", "t", "Enter", "Enter"]);
    std::thread::sleep(Duration::from_millis(600));
    tmux.keys(&["C-c"]);
    tmux.wait_exit();
    assert_eq!(step_ids(&tmux.events()), ["intro", "need-phone"]);
}

/// The line under the screen that says which voice speaks (here: why there is none)
/// wraps at words on a narrow terminal; the terminal itself would break it mid-word.
#[test]
fn the_footer_wraps_at_words() {
    let Some(tmux) = Tmux::start_sized(40, 24) else {
        return;
    };
    tmux.run_tebiki("run call-support --lang en");
    let screen = tmux.screen();
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    let footer = "(Text only, as chosen (engine: text): nothing is spoken.)";
    assert!(words.contains(footer), "cut mid-word:\n{screen}");
    assert!(screen.lines().all(|l| l.trim_end().chars().count() <= 40));
    tmux.keys(&["C-c"]);
    assert_eq!(tmux.wait_exit(), "exit=0");
}

#[test]
fn ctrl_c_stops_at_once_and_gives_the_terminal_back() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.run_tebiki("run call-support");
    tmux.keys(&["C-c"]);
    assert_eq!(tmux.wait_exit(), "exit=0");
    tmux.assert_terminal_restored();
    assert_eq!(tmux.events().last().unwrap()["completed"], false);
}

#[test]
fn sigterm_and_sighup_give_the_terminal_back_and_keep_the_place() {
    for signal in ["TERM", "HUP"] {
        let Some(tmux) = Tmux::start() else {
            return;
        };
        tmux.run_tebiki("run turn-off-wifi");
        tmux.keys(&["Enter"]);
        Command::new("kill")
            .args([&format!("-{signal}"), &tmux.pid()])
            .status()
            .unwrap();
        tmux.wait_exit();
        tmux.assert_terminal_restored();
        let ev = tmux.events();
        assert_eq!(ev.last().unwrap()["event"], "finish", "{signal}");
        assert!(tmux
            .t
            .dir("state/tebiki/progress/turn-off-wifi.json")
            .exists());
    }
}

#[test]
fn a_panic_gives_the_terminal_back_before_its_message() {
    if !common::test_hooks() {
        return;
    }
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.tmux(&[
        "set-environment",
        "-t",
        "t",
        "TEBIKI_TEST_PANIC_ON_KEY",
        "1",
    ]);
    tmux.tmux(&[
        "send-keys",
        "-t",
        "t",
        "export TEBIKI_TEST_PANIC_ON_KEY=1",
        "Enter",
    ]);
    tmux.run_tebiki("run call-support");
    tmux.keys(&["Enter"]);
    let status = tmux.wait_exit();
    assert_ne!(status, "exit=0");
    tmux.assert_terminal_restored();
}

/// A step with a long explanation, as large print leaves 30–40 columns and 10–15 rows.
const LONG_STEP_TOML: &str = r#"
id = "long"
languages = ["ja", "en"]
[[steps]]
id = "one"
[[steps]]
id = "two"
[[steps]]
id = "end"
kind = "end"
"#;
const LONG_STEP_JA: &str = "title = パソコンから My au にログインする
description = 長い説明の手順
one = はじめの手順です。
two = 指紋認証を設定したスマートフォンを用意します。
    .section = じゅんび
    .detail = スマートフォンは、Wi-Fi ではなく、au の携帯電話の回線でつなぎます。指紋で画面のロックを外せるなら、指紋の設定は済んでいます。最後のことばです。
end = おわりです。
";
const LONG_STEP_EN: &str = "title = Log in to My au from a computer
description = A long explanation
one = The first step.
two = Have your smartphone ready, with fingerprint unlock set up.
    .detail = The phone must connect through the au mobile line, not Wi-Fi. If you can unlock it with your finger, the fingerprint is set up. The last words.
end = The end.
";

#[test]
fn large_print_keeps_the_step_and_its_number_and_shortens_the_explanation() {
    for (columns, rows) in [(30u16, 10u16), (36, 14), (80, 24)] {
        let Some(tmux) = Tmux::start_sized(columns, rows) else {
            return;
        };
        let dir = tmux.t.dir("long");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("guide.toml"), LONG_STEP_TOML).unwrap();
        std::fs::write(dir.join("ja.ftl"), LONG_STEP_JA).unwrap();
        std::fs::write(dir.join("en.ftl"), LONG_STEP_EN).unwrap();
        tmux.run_tebiki(&format!("run {} --lang ja", dir.display()));
        tmux.keys(&["Enter"]);
        let screen = tmux.wait_for(|s| s.contains("手順 2 /"), "step 2");
        let at = format!("{columns}x{rows}:\n{screen}");
        let lines: Vec<&str> = screen.lines().collect();
        let joined: String = lines.iter().map(|l| l.trim()).collect();
        // The step's number and its whole instruction are on screen.
        assert!(
            lines.iter().any(|l| l.trim().starts_with("手順 2 /")),
            "{at}"
        );
        assert!(
            joined.contains("指紋認証を設定したスマートフォンを用意します。"),
            "{at}"
        );
        // Key hints whole, each on one line.
        for hint in [
            "Enter: 次へ",
            "r: もう一度",
            "b: 戻る",
            "h: ヘルプ",
            "q: やめる",
        ] {
            assert!(lines.iter().any(|l| l.contains(hint)), "{hint}: {at}");
        }
        let cut = !joined.contains("最後のことばです。");
        assert_eq!(cut, joined.contains("▼ m: つづき"), "{at}");
        // 30×10 has no room for it all; 80×24 has.
        assert!(cut || columns > 30, "{at}");
        assert!(!cut || columns < 80, "{at}");
        // Nothing scrolled away: the screen's first line is tebiki's.
        assert!(
            lines[0].contains("My au") || lines[0].starts_with("手順 2 /"),
            "{at}"
        );
        if cut {
            // m shows the rest, a screenful at a time, and comes round.
            let mut seen = joined.clone();
            for _ in 0..12 {
                tmux.keys(&["m"]);
                let screen = tmux.screen();
                let joined: String = screen.lines().map(str::trim).collect();
                assert!(joined.contains("手順 2 /"), "after m: {screen}");
                seen.push_str(&joined);
            }
            assert!(seen.contains("最後のことばです。"), "{at}");
        }
        tmux.keys(&["C-c"]);
        assert_eq!(tmux.wait_exit(), "exit=0");
    }
}
