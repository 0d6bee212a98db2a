//! Progress on long work (`export`, `data install`): what the teacher sees while a
//! neural voice renders a guide for minutes, or the model is joined and checked. On a
//! terminal, a bar (indicatif) with how much is done of how much and about how long is
//! left; anywhere else (a pipe, a log, `--plain`) plain lines without escape codes.
//! Always on standard error: standard output keeps what the command prints as its
//! result. The wording comes from the locales and is made here, on the thread that owns
//! the `Localizer`; the work itself only counts (`Tally` is pure: no clock, no I/O).

use std::fs::File;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

use crate::l10n::{arg, Arg, Lang, Localizer};

/// A long piece of work that the teacher watches.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Job {
    /// `export`: one unit a track.
    Tracks,
    /// `data install`: the Kokoro model's parts joined and checked, in bytes.
    ModelJoin,
    /// `data install`: the installed model read and checked again, in bytes.
    ModelCheck,
    /// `data install`: the dictionary built, of unknown length: a spinner and the
    /// time so far on a terminal; plain output has the command's own line.
    Dictionary,
    /// `data install`: the model's optimized copy made (a second or two), shown like
    /// the dictionary.
    ModelOptimize,
}

impl Job {
    fn in_bytes(self) -> bool {
        matches!(self, Job::ModelJoin | Job::ModelCheck)
    }
}

/// How far a job has come.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Status {
    /// Tracks, or bytes.
    pub done: u64,
    pub total: u64,
    /// About how long is left; `None` until something is done.
    pub left: Option<Duration>,
}

/// Counts the work done and estimates the time left, from the moments the caller
/// gives it. Items may weigh differently (a long step takes longer to render than a
/// short one): the time left follows the weight, the count follows the items.
#[derive(Clone, Debug)]
pub struct Tally {
    weights: Vec<u64>,
    total_weight: u64,
    done_weight: u64,
    count: u64,
    /// When the last piece of work was done (since the start).
    last: Option<Duration>,
    in_bytes: bool,
}

impl Tally {
    /// Work in items of these weights (for a track: the length of its text).
    pub fn items(weights: Vec<u64>) -> Tally {
        let total_weight = weights.iter().map(|w| (*w).max(1)).sum();
        Tally {
            weights,
            total_weight,
            done_weight: 0,
            count: 0,
            last: None,
            in_bytes: false,
        }
    }

    /// Work in bytes.
    pub fn bytes(total: u64) -> Tally {
        Tally {
            weights: Vec::new(),
            total_weight: total.max(1),
            done_weight: 0,
            count: 0,
            last: None,
            in_bytes: true,
        }
    }

    /// Item `index` was done `at` (since the start).
    pub fn finish(&mut self, index: usize, at: Duration) {
        let weight = self.weights.get(index).map_or(1, |w| (*w).max(1));
        self.done_weight = (self.done_weight + weight).min(self.total_weight);
        self.count += 1;
        self.last = Some(at);
    }

    /// `bytes` more were done `at`.
    pub fn add(&mut self, bytes: u64, at: Duration) {
        self.done_weight = (self.done_weight + bytes).min(self.total_weight);
        self.last = Some(at);
    }

    /// How far it has come `now`. The end is projected from the pace up to the last
    /// piece done, so between pieces the time left counts down instead of growing.
    pub fn status(&self, now: Duration) -> Status {
        let left = self.last.filter(|_| self.done_weight > 0).map(|last| {
            let end = last.mul_f64(self.total_weight as f64 / self.done_weight as f64);
            end.saturating_sub(now)
        });
        let (done, total) = if self.in_bytes {
            (self.done_weight, self.total_weight)
        } else {
            (self.count, self.weights.len() as u64)
        };
        Status { done, total, left }
    }
}

/// The time left in words: "about 3 minutes left", "あと 3 分ほど".
pub fn left_text(l10n: &Localizer, lang: &Lang, left: Option<Duration>) -> String {
    let Some(left) = left else {
        return l10n.text(lang, "progress-left-unknown");
    };
    let secs = left.as_secs();
    // Whole minutes from a minute on; below that, tens of seconds (rounded up, so
    // the last ten seconds still say "about 10 seconds").
    let (minutes, seconds) = if secs >= 60 {
        ((secs + 30) / 60, 0)
    } else {
        (0, secs.div_ceil(10) * 10)
    };
    l10n.text_args(
        lang,
        "progress-left",
        &[arg("minutes", minutes), arg("seconds", seconds)],
    )
}

/// "8 of 23 tracks", "12 of 92 MB".
pub fn amount_text(l10n: &Localizer, lang: &Lang, job: Job, status: &Status) -> String {
    if job.in_bytes() {
        let mb = |b: u64| (b + 500_000) / 1_000_000;
        l10n.text_args(
            lang,
            "progress-megabytes",
            &[arg("done", mb(status.done)), arg("total", mb(status.total))],
        )
    } else {
        l10n.text_args(
            lang,
            "progress-tracks",
            &[arg("done", status.done), arg("total", status.total)],
        )
    }
}

/// What the bar says beside it: the amount and the time left.
pub fn bar_text(l10n: &Localizer, lang: &Lang, job: Job, status: &Status) -> String {
    l10n.text_args(
        lang,
        "progress-bar",
        &[
            arg("amount", amount_text(l10n, lang, job, status)),
            arg("left", left_text(l10n, lang, status.left)),
        ],
    )
}

/// The plain line for a finished track (`track`: its number, 1-based).
pub fn track_line(l10n: &Localizer, lang: &Lang, track: usize, status: &Status) -> String {
    l10n.text_args(
        lang,
        "progress-track-done",
        &[
            arg("track", track),
            arg("amount", amount_text(l10n, lang, Job::Tracks, status)),
            arg("left", left_text(l10n, lang, status.left)),
        ],
    )
}

/// The line that names a job as it begins.
pub fn begin_text(l10n: &Localizer, lang: &Lang, job: Job, args: &[Arg<'_>]) -> String {
    let id = match job {
        Job::Tracks => "progress-tracks-begin",
        Job::ModelJoin => "progress-model-join",
        Job::ModelCheck => "progress-model-check",
        Job::Dictionary => "progress-dictionary",
        Job::ModelOptimize => "progress-model-optimize",
    };
    l10n.text_args(lang, id, args)
}

/// Where progress goes.
enum Output {
    Bar(ProgressBar),
    Lines(Box<dyn Write>),
}

/// Shows a job's progress on standard error, as a bar or as plain lines.
pub struct Meter<'a> {
    l10n: &'a Localizer,
    lang: &'a Lang,
    output: Output,
    job: Job,
    /// Lines for work in bytes: the last quarter printed.
    quarter: u64,
}

impl<'a> Meter<'a> {
    /// A bar when standard error is a terminal and `--plain` was not given, else plain
    /// lines. `stderr`: the real standard error while it is sent to a log
    /// (`QuietStderr::original`), so that the bar is not swallowed with the noise.
    pub fn here(
        l10n: &'a Localizer,
        lang: &'a Lang,
        plain: bool,
        stderr: Option<File>,
    ) -> Meter<'a> {
        let terminal = stderr.as_ref().map_or_else(
            || std::io::stderr().is_terminal(),
            std::io::IsTerminal::is_terminal,
        );
        let output = if terminal && !plain {
            let target = match stderr {
                Some(file) => ProgressDrawTarget::term_like(Box::new(Stderr(Mutex::new(file)))),
                None => ProgressDrawTarget::stderr(),
            };
            Output::Bar(ProgressBar::with_draw_target(None, target))
        } else {
            match stderr {
                Some(file) => Output::Lines(Box::new(file)),
                None => Output::Lines(Box::new(std::io::stderr())),
            }
        };
        Meter::new(l10n, lang, output)
    }

    /// Plain lines into `out` (for tests).
    pub fn lines(l10n: &'a Localizer, lang: &'a Lang, out: Box<dyn Write>) -> Meter<'a> {
        Meter::new(l10n, lang, Output::Lines(out))
    }

    fn new(l10n: &'a Localizer, lang: &'a Lang, output: Output) -> Meter<'a> {
        Meter {
            l10n,
            lang,
            output,
            job: Job::Tracks,
            quarter: 0,
        }
    }

    fn say(&mut self, line: &str) {
        let line = crate::text::clean(line);
        match &mut self.output {
            Output::Bar(bar) => bar.println(line),
            Output::Lines(out) => {
                let _ = writeln!(out, "{line}");
                let _ = out.flush();
            }
        }
    }

    /// A job of `total` begins; `args` for the line that names it.
    pub fn begin(&mut self, job: Job, total: u64, args: &[Arg<'_>]) {
        self.job = job;
        self.quarter = 0;
        let line = begin_text(self.l10n, self.lang, job, args);
        if matches!(job, Job::Dictionary | Job::ModelOptimize) {
            if let Output::Bar(bar) = &self.output {
                bar.reset();
                let style = ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner())
                    .tick_chars("|/-\\ ");
                bar.set_style(style);
                bar.set_message(line);
                bar.enable_steady_tick(Duration::from_millis(200));
            }
            return;
        }
        if let Output::Bar(bar) = &self.output {
            bar.disable_steady_tick();
            bar.reset();
            // ASCII only: block characters are double width in many Japanese terminals.
            let style = ProgressStyle::with_template("{bar:30} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("#>-");
            bar.set_style(style);
            bar.set_length(total);
            bar.set_position(0);
            let status = Status {
                done: 0,
                total,
                left: None,
            };
            bar.set_message(bar_text(self.l10n, self.lang, job, &status));
        }
        self.say(&line);
    }

    /// The job has come to `status`; `track`: the track just finished (1-based).
    pub fn update(&mut self, status: &Status, track: Option<usize>) {
        match &self.output {
            Output::Bar(bar) => {
                bar.set_position(status.done);
                bar.set_message(bar_text(self.l10n, self.lang, self.job, status));
            }
            Output::Lines(_) => {
                if let Some(track) = track {
                    let line = track_line(self.l10n, self.lang, track, status);
                    self.say(&line);
                } else if self.job.in_bytes() {
                    // A line at each quarter: enough to see it move, few enough to read.
                    let quarter = status.done * 4 / status.total.max(1);
                    if quarter > self.quarter {
                        self.quarter = quarter;
                        let line = bar_text(self.l10n, self.lang, self.job, status);
                        self.say(&line);
                    }
                }
            }
        }
    }

    /// Time passed with nothing finished: the bar's time left counts down.
    pub fn tick(&mut self, status: &Status) {
        if let Output::Bar(bar) = &self.output {
            bar.set_message(bar_text(self.l10n, self.lang, self.job, status));
        }
    }

    /// The job is over: the bar goes away (the command says what was done).
    pub fn end(&mut self) {
        if let Output::Bar(bar) = &self.output {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Meter<'_> {
    fn drop(&mut self) {
        self.end();
    }
}

/// The real standard error as indicatif's terminal, while file descriptor 2 goes to
/// the log.
#[derive(Debug)]
struct Stderr(Mutex<File>);

impl Stderr {
    fn write(&self, text: &str) -> std::io::Result<()> {
        let mut file = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("standard error is poisoned"))?;
        file.write_all(text.as_bytes())
    }
}

impl TermLike for Stderr {
    fn width(&self) -> u16 {
        crossterm::terminal::size().map_or(80, |(w, _)| w)
    }

    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.write(&format!("\x1b[{n}A"))
    }

    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.write(&format!("\x1b[{n}B"))
    }

    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.write(&format!("\x1b[{n}C"))
    }

    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.write(&format!("\x1b[{n}D"))
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.write(&format!("{s}\n"))
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.write(s)
    }

    fn clear_line(&self) -> std::io::Result<()> {
        self.write("\r\x1b[2K")
    }

    fn flush(&self) -> std::io::Result<()> {
        let mut file = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("standard error is poisoned"))?;
        file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn time_left_follows_the_weight_and_counts_down_between_pieces() {
        let mut tally = Tally::items(vec![10, 30, 60]);
        assert_eq!(
            tally.status(secs(5.0)),
            Status {
                done: 0,
                total: 3,
                left: None
            }
        );
        // A tenth of the work in 10 s: the whole takes 100 s.
        tally.finish(0, secs(10.0));
        assert_eq!(tally.status(secs(10.0)).left, Some(secs(90.0)));
        assert_eq!(tally.status(secs(30.0)).left, Some(secs(70.0)));
        // Out of order, as parallel rendering finishes them.
        tally.finish(2, secs(35.0));
        let s = tally.status(secs(35.0));
        assert_eq!((s.done, s.total), (2, 3));
        assert_eq!(s.left, Some(secs(15.0)));
        // Late: never below nothing.
        assert_eq!(tally.status(secs(99.0)).left, Some(Duration::ZERO));
        tally.finish(1, secs(50.0));
        assert_eq!(tally.status(secs(50.0)).left, Some(Duration::ZERO));
    }

    #[test]
    fn bytes_count_as_bytes() {
        let mut tally = Tally::bytes(1000);
        tally.add(250, secs(1.0));
        assert_eq!(
            tally.status(secs(1.0)),
            Status {
                done: 250,
                total: 1000,
                left: Some(secs(3.0))
            }
        );
        tally.add(5000, secs(2.0));
        assert_eq!(tally.status(secs(2.0)).done, 1000);
    }

    /// What the teacher reads, in both languages: the bar's text, the plain lines.
    #[test]
    fn progress_texts() {
        let l10n = Localizer::builtin();
        let mut out = String::new();
        for lang in [Lang::en(), Lang::ja()] {
            let (l10n, lang) = (&l10n, &lang);
            out.push_str(&format!("[{lang}]\n"));
            out.push_str(&begin_text(
                l10n,
                lang,
                Job::Tracks,
                &[arg("total", 23), arg("engine", "kokoro")],
            ));
            out.push('\n');
            for (done, left) in [
                (0, None),
                (1, Some(3.0)),
                (2, Some(42.0)),
                (8, Some(61.0)),
                (12, Some(150.0)),
                (22, Some(0.0)),
            ] {
                let status = Status {
                    done,
                    total: 23,
                    left: left.map(secs),
                };
                out.push_str(&bar_text(l10n, lang, Job::Tracks, &status));
                out.push_str("  |  ");
                out.push_str(&track_line(l10n, lang, 5, &status));
                out.push('\n');
            }
            for job in [Job::ModelJoin, Job::ModelCheck] {
                out.push_str(&begin_text(l10n, lang, job, &[]));
                out.push_str(": ");
                let status = Status {
                    done: 46_180_635,
                    total: 92_361_271,
                    left: Some(secs(1.0)),
                };
                out.push_str(&bar_text(l10n, lang, job, &status));
                out.push('\n');
            }
        }
        insta::assert_snapshot!(out);
    }

    #[test]
    fn plain_lines_have_no_escape_codes() {
        #[derive(Clone, Default)]
        struct Shared(std::sync::Arc<Mutex<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let l10n = Localizer::builtin();
        let lang = Lang::en();
        let shared = Shared::default();
        let mut meter = Meter::lines(&l10n, &lang, Box::new(shared.clone()));
        meter.begin(Job::Tracks, 2, &[arg("total", 2), arg("engine", "espeak")]);
        let mut tally = Tally::items(vec![5, 5]);
        tally.finish(1, secs(2.0));
        meter.tick(&tally.status(secs(3.0)));
        meter.update(&tally.status(secs(2.0)), Some(2));
        tally.finish(0, secs(4.0));
        meter.update(&tally.status(secs(4.0)), Some(1));
        meter.begin(Job::ModelJoin, 2_400_000, &[]);
        let mut bytes = Tally::bytes(2_400_000);
        for _ in 0..10 {
            bytes.add(240_000, secs(1.0));
            meter.update(&bytes.status(secs(1.0)), None);
        }
        meter.end();
        drop(meter);
        let text = String::from_utf8(shared.0.lock().unwrap().clone()).unwrap();
        assert!(!text.contains('\x1b'), "{text:?}");
        let lines: Vec<&str> = text.lines().collect();
        // The beginning, one line a track, the model's beginning and its quarters.
        assert_eq!(lines.len(), 1 + 2 + 1 + 4, "{text}");
        assert!(lines[1].starts_with("Track 2 is ready"), "{text}");
        assert!(lines[4..].iter().all(|l| l.contains("of 2 MB")), "{text}");
    }
}
