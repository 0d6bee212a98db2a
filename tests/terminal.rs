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
        let t = Tebiki::new();
        let socket = t.dir("tmux.sock").display().to_string();
        let tmux = Tmux { socket, t };
        tmux.tmux(&[
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "-s",
            "t",
            "sh",
        ]);
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
