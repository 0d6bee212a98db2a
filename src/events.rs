//! The `--events` log: one JSON object a line, each with `t_ms` and `event`, written
//! and flushed as it happens so a killed run leaves a readable log. Shared by the
//! session and the audio thread (which logs `audio_start` from its callback).

use std::fs::File;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::{Map, Value};

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

    /// Writes `{"t_ms": …, "event": name, …fields}` for a moment `at`.
    pub fn write_at(&self, at: Instant, event: &str, fields: Value) {
        let Some(inner) = &self.inner else {
            return;
        };
        let mut line = Map::new();
        let t_ms = u64::try_from(at.saturating_duration_since(self.start).as_millis()).unwrap_or(0);
        line.insert("t_ms".into(), t_ms.into());
        line.insert("event".into(), event.into());
        if let Value::Object(map) = fields {
            line.extend(map);
        }
        if let Ok(mut out) = inner.lock() {
            let _ = writeln!(out, "{}", Value::Object(line));
            let _ = out.flush();
        }
    }

    /// Like `write_at`, with `t_us` (microseconds since start) beside `t_ms`: for the
    /// events that benchmarks time against each other (`key`, `audio_start`,
    /// `audio_stop`).
    pub fn write_precise(&self, at: Instant, event: &str, fields: Value) {
        let t_us = u64::try_from(at.saturating_duration_since(self.start).as_micros()).unwrap_or(0);
        let mut fields = fields;
        if let Value::Object(map) = &mut fields {
            map.insert("t_us".into(), t_us.into());
        }
        self.write_at(at, event, fields);
    }

    pub fn write(&self, event: &str, fields: Value) {
        self.write_at(Instant::now(), event, fields);
    }
}
