//! The one end-to-end harness: the real binary with a private home (config, state,
//! data and cache folders), run with piped keys or with keys typed one by one, in
//! tmux as a person sees it, or playing into the private sound rig; the `--events`
//! log read back as JSON.
//!
//! A test that needs a tool this machine may lack (tmux, the sound rig, the installed
//! speech data, a build with the test hooks) asks for it here and returns when it is
//! missing: a skip, or a failure when `TEBIKI_REQUIRE_TOOLS` is set (CI).
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// `TEBIKI_REQUIRE_TOOLS` is set (and not empty or `0`): a missing tool fails the test.
pub fn tools_required() -> bool {
    std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The one switch for a missing tool: the test is skipped, or fails when
/// `TEBIKI_REQUIRE_TOOLS` is set.
pub fn missing(why: &str) {
    assert!(
        !tools_required(),
        "{why} (TEBIKI_REQUIRE_TOOLS is set, so this is a failure)"
    );
    eprintln!("skipped: {why}");
}

/// Whether the binary has the test hooks (`TEBIKI_TEST_*`), which only a build with
/// `--features test-hooks` has (`scripts/test.sh` turns it on).
pub fn test_hooks() -> bool {
    if cfg!(feature = "test-hooks") {
        true
    } else {
        missing("this test needs the test hooks: run `cargo test --features test-hooks`");
        false
    }
}

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tebiki"))
}

/// A private home for one test; removed when dropped.
pub struct Tebiki {
    pub home: tempfile::TempDir,
    /// Where the speech data is (`$XDG_DATA_HOME`): the home's own, empty, unless a
    /// test asks for the installed data.
    data_home: PathBuf,
}

impl Tebiki {
    pub fn new() -> Tebiki {
        let home = tempfile::tempdir().unwrap();
        let data_home = home.path().join("data");
        Tebiki { home, data_home }
    }

    /// With the installed speech data (dictionary and voices), or `None` when it is
    /// missing (see `missing`).
    pub fn with_speech_data() -> Option<Tebiki> {
        let paths = tebiki::paths::Paths::from_env()?;
        let data = tebiki::speech::data::SpeechData::new(&paths.data_dir);
        if !data.has_dictionary() || data.installed_ja_voices().is_empty() {
            missing(&format!(
                "no dictionary or Japanese voice in {}: run scripts/setup.sh",
                paths.data_dir.display()
            ));
            return None;
        }
        let mut t = Tebiki::new();
        t.data_home = paths.data_dir.parent()?.to_path_buf();
        Some(t)
    }

    pub fn dir(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    pub fn events_path(&self) -> PathBuf {
        self.dir("events.jsonl")
    }

    /// The environment every run gets: private folders and an English locale.
    pub fn env(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("HOME", self.home.path().to_path_buf()),
            ("XDG_CONFIG_HOME", self.dir("config")),
            ("XDG_STATE_HOME", self.dir("state")),
            ("XDG_DATA_HOME", self.data_home.clone()),
            ("XDG_CACHE_HOME", self.dir("cache")),
            ("LANG", PathBuf::from("en_US.UTF-8")),
        ]
    }

    /// The binary in this home, as a process to spawn.
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(bin());
        cmd.envs(self.env())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        cmd
    }

    /// The binary in this home, to run to its end and check (one minute at most).
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::from_std(self.process());
        cmd.timeout(Duration::from_mins(1));
        cmd
    }

    /// `tebiki run GUIDE --engine text --events FILE` with these lines as keys.
    pub fn run(&self, guide: &str, keys: &[&str], extra: &[&str]) -> assert_cmd::assert::Assert {
        let mut input = keys.join("\n");
        if !keys.is_empty() {
            input.push('\n');
        }
        self.cmd()
            .args(["run", guide, "--engine", "text", "--events"])
            .arg(self.events_path())
            .args(extra)
            .write_stdin(input)
            .assert()
    }

    pub fn events(&self) -> Vec<Value> {
        read_events(&self.events_path())
    }

    /// `tebiki run --chime off --events FILE ARGS…` started, with its keys to be typed
    /// one by one (`Running::key`) and this extra environment.
    pub fn start_run(&self, args: &[&str], env: &[(&str, String)]) -> Running {
        let events = self.events_path();
        let child = self
            .process()
            .args(["run", "--chime", "off", "--events"])
            .arg(&events)
            .args(args)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        Running { child, events }
    }
}

/// A `tebiki run` whose keys are typed one by one.
pub struct Running {
    child: Child,
    events: PathBuf,
}

impl Running {
    pub fn key(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// The events written so far: whole lines only, as the log may be mid-line.
    pub fn events(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(&self.events).unwrap_or_default();
        let whole = text.rfind('\n').map_or("", |end| &text[..end]);
        whole.lines().map(parse_event).collect()
    }

    /// Waits for the first `audio_start` event of `step`.
    pub fn wait_audio_start(&self, step: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(e) = named(&self.events(), "audio_start")
                .into_iter()
                .find(|e| e["step"] == step)
            {
                return e.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no audio_start of {step}: {:?}",
                self.events()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Ends the input (the guide stops, keeping its place), waits for a successful
    /// exit, and returns the events and what was written on stderr.
    pub fn finish(mut self) -> (Vec<Value>, String) {
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "tebiki did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
        let mut stderr = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
        }
        assert!(self.child.wait().unwrap().success(), "{stderr}");
        (self.events(), stderr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse_event(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("bad event line {line}: {e}"))
}

pub fn read_events(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(parse_event)
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

/// A guide folder in `tests/fixtures/guides/`.
pub fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/guides/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A file in `tests/fixtures/import/`.
pub fn import_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Output as text, with this checkout's path written `[repo]` and the test's home
/// `[home]`, so that a snapshot is the same on every machine.
pub fn shown(t: &Tebiki, bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .replace(&t.home.path().display().to_string(), "[home]")
        .replace(env!("CARGO_MANIFEST_DIR"), "[repo]")
}

/// A tmux server of its own with one window running `sh`; killed when dropped.
pub struct Tmux {
    socket: String,
    pub t: Tebiki,
}

impl Tmux {
    /// A new server with a 100×30 pane, or `None` when tmux is missing (see `missing`).
    pub fn start() -> Option<Tmux> {
        Tmux::start_sized(100, 30)
    }

    /// A new server with a pane of `columns` × `rows`, or `None` when tmux is missing.
    pub fn start_sized(columns: u16, rows: u16) -> Option<Tmux> {
        let installed = std::process::Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !installed {
            missing("tmux is not installed: scripts/setup.sh --deps installs it");
            return None;
        }
        let t = Tebiki::new();
        let socket = t.dir("tmux.sock").display().to_string();
        let tmux = Tmux { socket, t };
        let (x, y) = (columns.to_string(), rows.to_string());
        tmux.tmux(&["new-session", "-d", "-x", &x, "-y", &y, "-s", "t", "sh"]);
        Some(tmux)
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("tmux")
            .args(["-S", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends keys one at a time, as a person types them.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "t", k]);
            std::thread::sleep(Duration::from_millis(400));
        }
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    pub fn wait_for(&self, what: impl Fn(&str) -> bool, label: &str) -> String {
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

    /// Runs `tebiki ARGS --engine text --events FILE` in the pane, in the home's
    /// environment, between two `stty -g`, with its pid in a file; waits for step 1.
    pub fn run_tebiki(&self, args: &str) {
        let home = self.t.home.path().display();
        let env: Vec<String> = self
            .t
            .env()
            .iter()
            .map(|(k, v)| format!("{k}='{}'", v.display()))
            .collect();
        let line = format!(
            "cd {home} && stty -g > before && {} sh -c 'echo $$ > pid; exec {} {args} --engine text --events {home}/events.jsonl'; \
             echo \"exit=$?\" > status; stty -g > after; clear",
            env.join(" "),
            bin().display()
        );
        self.tmux(&["send-keys", "-t", "t", &line, "Enter"]);
        self.wait_for(
            |s| s.contains("Step 1 of") || s.contains("手順 1"),
            "the first step",
        );
    }

    /// Waits for tebiki to exit; returns `exit=CODE`.
    pub fn wait_exit(&self) -> String {
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

    pub fn assert_terminal_restored(&self) {
        let (before, after) = (self.file("before"), self.file("after"));
        assert!(!before.is_empty());
        assert_eq!(before, after, "stty settings differ after tebiki exited");
    }

    pub fn pid(&self) -> String {
        self.file("pid").trim().to_string()
    }

    pub fn events(&self) -> Vec<Value> {
        self.t.events()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

/// One sound test at a time: parallel runs starve each other of CPU on a small
/// machine, and an underrun loses samples that a test would count as not heard.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A private `PulseAudio` whose only sink is a pipe read into a file
/// (`scripts/rig.sh`); stopped when dropped.
pub struct Rig {
    dir: PathBuf,
    stopped: bool,
    _turn: std::sync::MutexGuard<'static, ()>,
}

fn rig_script() -> String {
    format!("{}/scripts/rig.sh", env!("CARGO_MANIFEST_DIR"))
}

impl Rig {
    /// A started rig, or `None` when it cannot start here (see `missing`).
    pub fn start() -> Option<Rig> {
        let turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let out = std::process::Command::new(rig_script())
            .arg("start")
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Rig {
                dir: PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()),
                stopped: false,
                _turn: turn,
            }),
            Ok(o) => {
                missing(&format!(
                    "the sound rig did not start: {}",
                    String::from_utf8_lossy(&o.stderr)
                ));
                None
            }
            Err(e) => {
                missing(&format!("the sound rig did not start: {e}"));
                None
            }
        }
    }

    /// What a process needs to play into the rig.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let runtime = self.dir.join("runtime");
        vec![
            (
                "PULSE_SERVER",
                format!("unix:{}/pulse/native", runtime.display()),
            ),
            ("XDG_RUNTIME_DIR", runtime.display().to_string()),
        ]
    }

    /// Stops the server and returns what it played.
    pub fn stop(mut self) -> Capture {
        let _ = std::process::Command::new(rig_script())
            .arg("stop")
            .arg(&self.dir)
            .status();
        self.stopped = true;
        Capture::read(&self.dir.join("capture.raw"))
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        if !self.stopped {
            let _ = std::process::Command::new(rig_script())
                .arg("stop")
                .arg(&self.dir)
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What the rig played: raw s16le stereo 48 kHz, folded to mono.
pub struct Capture {
    mono: Vec<f32>,
}

const RATE: usize = 48000;

impl Capture {
    fn read(path: &Path) -> Capture {
        let bytes = std::fs::read(path).unwrap_or_default();
        let mono = bytes
            .chunks_exact(4)
            .map(|f| {
                let l = f32::from(i16::from_le_bytes([f[0], f[1]]));
                let r = f32::from(i16::from_le_bytes([f[2], f[3]]));
                f32::midpoint(l, r) / 32768.0
            })
            .collect();
        Capture { mono }
    }

    /// Seconds of 20 ms windows that are not silence.
    pub fn voiced_seconds(&self) -> f32 {
        voiced_seconds(&self.mono, RATE)
    }

    pub fn peak(&self) -> f32 {
        self.mono.iter().fold(0.0, |m, s| m.max(s.abs()))
    }
}

/// Seconds of 20 ms windows of `samples` (at `rate`) that are not silence.
/// A 16-bit WAV file's samples as floats, and its rate.
pub fn wav_samples(path: &Path) -> (Vec<f32>, usize) {
    let mut reader = hound::WavReader::open(path).unwrap();
    let rate = reader.spec().sample_rate as usize;
    let samples = reader
        .samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32768.0)
        .collect();
    (samples, rate)
}

pub fn voiced_seconds(samples: &[f32], rate: usize) -> f32 {
    let voiced = samples
        .chunks(rate / 50)
        .filter(|w| (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt() > 0.005)
        .count();
    voiced as f32 / 50.0
}
