//! The `--events` log: one JSON object a line, each with `t_ms` and `event`, written
//! and flushed as it happens so a killed run leaves a readable log. Shared by the
//! session and the audio thread (which logs `audio_start` from its callback).
//!
//! SPEC.md's table of events is the type `LogEvent`: a name or a field cannot be
//! misspelled, and every writer goes through it.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::Serialize;

/// One line of the log, without its times.
/// A rate as the `speak` event gives it: `0.9`, never `0.8999999761581421`.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn shown_rate<S: serde::Serializer>(rate: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*rate) * 100.0).round() / 100.0)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum LogEvent {
    Start {
        guide: String,
        lang: String,
        /// The engine for `lang`.
        engine: String,
        /// The engine for each of the guide's languages.
        engines: BTreeMap<String, String>,
    },
    Step {
        step: String,
        /// 1-based position in the file.
        index: usize,
        total: usize,
    },
    /// What was sent to the engine, after the lexicon.
    Speak {
        step: String,
        lang: String,
        text: String,
        /// The rate it was spoken at (a step heard again and again is slower).
        #[serde(serialize_with = "shown_rate")]
        rate: f32,
    },
    /// The first sample of that utterance reached the sound device.
    AudioStart {
        step: String,
    },
    Key {
        action: &'static str,
        /// The option chosen (`action` is `choice`).
        #[serde(skip_serializing_if = "Option::is_none")]
        option: Option<u8>,
    },
    Lang {
        lang: String,
    },
    /// A timer step's reminder (`minutes_left`) or a reminder after silence (`idle_s`).
    Reminder {
        step: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        minutes_left: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        idle_s: Option<u64>,
    },
    Fallback {
        from: String,
        to: String,
        reason: String,
        /// The step whose utterance could not be said, when only that one was lost.
        #[serde(skip_serializing_if = "Option::is_none")]
        step: Option<String>,
    },
    Finish {
        completed: bool,
    },
    /// The first silent callback after speech was cut off.
    AudioStop {
        device_latency_us: u64,
        period_frames: u64,
    },
    /// Running totals of the sound device's troubles.
    AudioTrouble {
        xruns: u64,
        late_callbacks: u64,
        errors: u64,
        last_error: Option<String>,
    },
}

impl LogEvent {
    /// The events that benchmarks time against each other also carry `t_us`.
    fn precise(&self) -> bool {
        matches!(
            self,
            LogEvent::Key { .. }
                | LogEvent::AudioStart { .. }
                | LogEvent::AudioStop { .. }
                | LogEvent::AudioTrouble { .. }
        )
    }
}

/// A line as written: the times, then the event.
#[derive(Serialize)]
struct Line<'a> {
    t_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    t_us: Option<u64>,
    #[serde(flatten)]
    event: &'a LogEvent,
}

#[derive(Clone)]
pub struct EventLog {
    inner: Option<Arc<Mutex<Box<dyn Write + Send>>>>,
    start: Instant,
}

impl EventLog {
    /// No log.
    pub fn none() -> EventLog {
        EventLog {
            inner: None,
            start: Instant::now(),
        }
    }

    /// `-` for standard error, else a file (created or truncated).
    pub fn open(target: &str, start: Instant) -> std::io::Result<EventLog> {
        let out: Box<dyn Write + Send> = if target == "-" {
            Box::new(std::io::stderr())
        } else {
            Box::new(File::create(target)?)
        };
        Ok(EventLog {
            inner: Some(Arc::new(Mutex::new(out))),
            start,
        })
    }

    /// A log written to `out` (`--events -` while standard error is redirected).
    pub fn to_writer(out: Box<dyn Write + Send>, start: Instant) -> EventLog {
        EventLog {
            inner: Some(Arc::new(Mutex::new(out))),
            start,
        }
    }

    pub fn start(&self) -> Instant {
        self.start
    }

    /// Writes `{"t_ms": …, "event": name, …fields}` for a moment `at`, with `t_us`
    /// (microseconds since start) for the events that time sound.
    pub fn write_at(&self, at: Instant, event: &LogEvent) {
        let Some(inner) = &self.inner else {
            return;
        };
        let since = at.saturating_duration_since(self.start);
        let line = Line {
            t_ms: u64::try_from(since.as_millis()).unwrap_or(0),
            t_us: event
                .precise()
                .then(|| u64::try_from(since.as_micros()).unwrap_or(0)),
            event,
        };
        let Ok(text) = serde_json::to_string(&line) else {
            return;
        };
        if let Ok(mut out) = inner.lock() {
            let _ = writeln!(out, "{text}");
            let _ = out.flush();
        }
    }

    /// Writes an event that happens now.
    pub fn write(&self, event: &LogEvent) {
        self.write_at(Instant::now(), event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn lines(events: &[(u64, LogEvent)]) -> Vec<serde_json::Value> {
        let buffer = Buffer::default();
        let start = Instant::now();
        let log = EventLog::to_writer(Box::new(buffer.clone()), start);
        for (us, event) in events {
            log.write_at(start + std::time::Duration::from_micros(*us), event);
        }
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn lines_follow_the_spec_table() {
        let ev = lines(&[
            (
                1_500,
                LogEvent::Step {
                    step: "a".into(),
                    index: 1,
                    total: 5,
                },
            ),
            (
                2_345_678,
                LogEvent::Key {
                    action: "next",
                    option: None,
                },
            ),
            (
                3_000_000,
                LogEvent::Reminder {
                    step: "w".into(),
                    minutes_left: Some(10),
                    idle_s: None,
                },
            ),
            (
                4_000_000,
                LogEvent::AudioStop {
                    device_latency_us: 20_000,
                    period_frames: 480,
                },
            ),
        ]);
        assert_eq!(
            ev[0],
            serde_json::json!({"t_ms": 1, "event": "step", "step": "a", "index": 1, "total": 5})
        );
        assert_eq!(
            ev[1],
            serde_json::json!({"t_ms": 2345, "t_us": 2_345_678, "event": "key", "action": "next"})
        );
        assert_eq!(
            ev[2],
            serde_json::json!({"t_ms": 3000, "event": "reminder", "step": "w", "minutes_left": 10})
        );
        assert_eq!(ev[3]["event"], "audio_stop");
        assert_eq!(ev[3]["t_us"], 4_000_000);
        assert_eq!(ev[3]["device_latency_us"], 20_000);
        assert_eq!(ev[3]["period_frames"], 480);
    }

    #[test]
    fn audio_trouble_keeps_an_empty_last_error() {
        let ev = lines(&[(
            0,
            LogEvent::AudioTrouble {
                xruns: 1,
                late_callbacks: 2,
                errors: 0,
                last_error: None,
            },
        )]);
        assert_eq!(ev[0]["event"], "audio_trouble");
        assert_eq!(ev[0]["late_callbacks"], 2);
        assert!(ev[0]
            .get("last_error")
            .is_some_and(serde_json::Value::is_null));
    }
}
