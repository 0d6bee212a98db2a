//! The terminal as a person uses it: tebiki in tmux, real keys sent, the screen read,
//! and `stty -g` compared before and after every way out.

#![allow(clippy::unwrap_used)]

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
