//! A small builder for driving the real binary: private XDG folders, piped keys,
//! and the `--events` log read back as JSON.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub struct Tebiki {
    pub home: tempfile::TempDir,
}

impl Tebiki {
    pub fn new() -> Tebiki {
        Tebiki {
            home: tempfile::tempdir().unwrap(),
        }
    }

    pub fn dir(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    pub fn events_path(&self) -> PathBuf {
        self.dir("events.jsonl")
    }

    /// The binary with private config, state and data folders and an English locale.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("tebiki").unwrap();
        cmd.env("XDG_CONFIG_HOME", self.dir("config"))
            .env("XDG_STATE_HOME", self.dir("state"))
            .env("XDG_DATA_HOME", self.dir("data"))
            .env("XDG_CACHE_HOME", self.dir("cache"))
            .env("HOME", self.home.path())
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .timeout(std::time::Duration::from_mins(1));
        cmd
    }

    /// `tebiki run GUIDE --engine text --events FILE` with these lines as keys.
    pub fn run(&self, guide: &str, keys: &[&str], extra: &[&str]) -> assert_cmd::assert::Assert {
        let mut input = keys.join("\n");
        if !keys.is_empty() {
            input.push('\n');
        }
        let events = self.events_path();
        self.cmd()
            .args(["run", guide, "--engine", "text", "--events"])
            .arg(&events)
            .args(extra)
            .write_stdin(input)
            .assert()
    }

    pub fn events(&self) -> Vec<Value> {
        read_events(&self.events_path())
    }
}

pub fn read_events(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad event line {l}: {e}")))
        .collect()
}

/// The events named `name`.
pub fn named<'a>(events: &'a [Value], name: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["event"] == name).collect()
}

/// The ids of the `step` events, in order.
pub fn step_ids(events: &[Value]) -> Vec<String> {
    named(events, "step")
        .iter()
        .map(|e| e["step"].as_str().unwrap().to_string())
        .collect()
}

pub fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/guides/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}
