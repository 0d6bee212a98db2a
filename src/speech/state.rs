//! Bookkeeping shared by the session's side of speech and its threads: the
//! generation that a stop advances, what is queued and not yet heard, and the notices
//! that go back to the session.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::registry::Engine;
use crate::audio::Report;
use crate::events::{EventLog, LogEvent};
use crate::l10n::Lang;

/// What the speech side reports to the session.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Everything queued in generation `generation` has been said.
    Done { generation: u64 },
    /// Sound failed; from now on the guide goes on as text.
    Fallback {
        from: Engine,
        to: Engine,
        reason: String,
    },
    /// The engine could not say one utterance; it is shown only, and speech goes on
    /// with the next.
    Skipped { from: Engine, reason: String },
    /// `from` renders `lang` slower than it speaks (`ratio` seconds of rendering per
    /// second of sound): the listener would hear gaps. The session may hand the
    /// language to the next engine (`Speech::switch`).
    Slow {
        from: Engine,
        lang: Lang,
        ratio: f64,
    },
}

pub type NoticeSink = Box<dyn Fn(Notice) + Send + Sync>;

pub(crate) struct State {
    pub generation: Arc<AtomicU64>,
    /// Items queued and not yet heard, for one generation.
    pub outstanding: Mutex<(u64, usize)>,
    pub text_only: AtomicBool,
    pub notify: NoticeSink,
    pub log: EventLog,
    /// Utterance tags waiting for their first sample: tag → step id.
    pub tags: Mutex<HashMap<u64, String>>,
}

impl State {
    pub fn new(generation: Arc<AtomicU64>, notify: NoticeSink, log: EventLog) -> State {
        State {
            generation,
            outstanding: Mutex::new((0, 0)),
            text_only: AtomicBool::new(false),
            notify,
            log,
            tags: Mutex::new(HashMap::new()),
        }
    }

    pub fn current(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn is_text_only(&self) -> bool {
        self.text_only.load(Ordering::Acquire)
    }

    pub fn begin_item(&self, generation: u64) {
        if let Ok(mut o) = self.outstanding.lock() {
            if o.0 != generation {
                *o = (generation, 0);
            }
            o.1 += 1;
        }
    }

    pub fn item_done(&self, generation: u64) {
        let done = match self.outstanding.lock() {
            Ok(mut o) if o.0 == generation && o.1 > 0 => {
                o.1 -= 1;
                o.1 == 0
            }
            _ => false,
        };
        if done && generation == self.current() {
            (self.notify)(Notice::Done { generation });
        }
    }

    /// Sound failed: say so once, then behave like text (everything counts as said).
    pub fn fail(&self, from: Engine, reason: String) {
        if self.text_only.swap(true, Ordering::AcqRel) {
            return;
        }
        (self.notify)(Notice::Fallback {
            from,
            to: Engine::silent(),
            reason,
        });
        let generation = self.current();
        let pending = match self.outstanding.lock() {
            Ok(mut o) => std::mem::replace(&mut *o, (generation, 0)),
            Err(_) => (generation, 0),
        };
        if pending.0 == generation && pending.1 > 0 {
            (self.notify)(Notice::Done { generation });
        }
    }

    pub fn report(&self, report: Report, device_engine: Engine) {
        match report {
            Report::Started { tag, at } => {
                let step = self.tags.lock().ok().and_then(|mut t| t.remove(&tag));
                if let Some(step) = step {
                    self.log.write_at(at, &LogEvent::AudioStart { step });
                }
            }
            Report::Stopped {
                at,
                latency,
                period_frames,
            } => {
                let latency_us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
                self.log.write_at(
                    at,
                    &LogEvent::AudioStop {
                        device_latency_us: latency_us,
                        period_frames,
                    },
                );
            }
            Report::Trouble {
                at,
                xruns,
                late,
                errors,
                last_error,
            } => {
                self.log.write_at(
                    at,
                    &LogEvent::AudioTrouble {
                        xruns,
                        late_callbacks: late,
                        errors,
                        last_error,
                    },
                );
            }
            Report::Played { generation } => self.item_done(generation),
            Report::Failed { reason } => self.fail(device_engine, reason),
        }
    }
}
