//! The terminal as a person uses it: tebiki in tmux, real keys sent, the screen read,
//! and `stty -g` compared before and after every way out.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{read_events, step_ids, Tebiki};

fn tmux_available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_none(),
            "tmux is missing but TEBIKI_REQUIRE_TOOLS is set: install tmux (scripts/setup.sh --deps)"
        );
        eprintln!("skipped: tmux is not installed");
    }
    ok
}

struct Tmux {
    socket: String,
    t: Tebiki,
}

impl Tmux {
    fn start() -> Tmux {
        Tmux::start_sized(100, 30)
    }

    /// A pane of `columns` × `rows`.
    fn start_sized(columns: u16, rows: u16) -> Tmux {
        let t = Tebiki::new();
        let socket = t.dir("tmux.sock").display().to_string();
        let tmux = Tmux { socket, t };
        let (x, y) = (columns.to_string(), rows.to_string());
        tmux.tmux(&["new-session", "-d", "-x", &x, "-y", &y, "-s", "t", "sh"]);
        tmux
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-S", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "t", k]);
            std::thread::sleep(Duration::from_millis(400));
        }
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    fn wait_for(&self, what: impl Fn(&str) -> bool, label: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if what(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {label}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.t.dir(name)).unwrap_or_default()
    }

    /// Runs tebiki in the pane between two `stty -g`, with its pid in a file.
    fn run_tebiki(&self, args: &str) {
        let bin = assert_cmd::cargo::cargo_bin("tebiki");
        let home = self.t.home.path().display();
        let line = format!(
            "cd {home} && stty -g > before && XDG_CONFIG_HOME={home}/config XDG_STATE_HOME={home}/state \
             XDG_DATA_HOME={home}/data LANG=en_US.UTF-8 sh -c 'echo $$ > pid; exec {} {args} --engine text --events {home}/events.jsonl'; \
             echo \"exit=$?\" > status; stty -g > after; clear",
            bin.display()
        );
        self.tmux(&["send-keys", "-t", "t", &line, "Enter"]);
        self.wait_for(
            |s| s.contains("Step 1 of") || s.contains("手順 1"),
            "the first step",
        );
    }

    fn wait_exit(&self) -> String {
        let start = Instant::now();
        while self.file("after").is_empty() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "tebiki did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(100));
        self.file("status").trim().to_string()
    }

    fn assert_terminal_restored(&self) {
        let (before, after) = (self.file("before"), self.file("after"));
        assert!(!before.is_empty());
        assert_eq!(before, after, "stty settings differ after tebiki exited");
    }

    fn pid(&self) -> String {
        self.file("pid").trim().to_string()
    }

    fn events(&self) -> Vec<serde_json::Value> {
        read_events(Path::new(&self.t.dir("events.jsonl")))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

#[test]
fn q_asks_then_y_stops_and_gives_the_terminal_back() {
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start();
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
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start();
    tmux.run_tebiki("run my-au-login");
    // Two Enters in one write arrive together: the second is a bounce.
    tmux.tmux(&["send-keys", "-t", "t", "Enter", "Enter"]);
    std::thread::sleep(Duration::from_millis(600));
    tmux.keys(&["C-c"]);
    tmux.wait_exit();
    assert_eq!(step_ids(&tmux.events()), ["intro", "need-phone"]);
}

#[test]
fn ctrl_c_stops_at_once_and_gives_the_terminal_back() {
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start();
    tmux.run_tebiki("run call-support");
    tmux.keys(&["C-c"]);
    assert_eq!(tmux.wait_exit(), "exit=0");
    tmux.assert_terminal_restored();
    assert_eq!(tmux.events().last().unwrap()["completed"], false);
}

#[test]
fn sigterm_and_sighup_give_the_terminal_back_and_keep_the_place() {
    if !tmux_available() {
        return;
    }
    for signal in ["TERM", "HUP"] {
        let tmux = Tmux::start();
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
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start();
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
    if !tmux_available() {
        return;
    }
    for (columns, rows) in [(30u16, 10u16), (36, 14), (80, 24)] {
        let tmux = Tmux::start_sized(columns, rows);
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
