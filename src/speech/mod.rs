//! Speech: the only module that knows the list of engines. The session asks for a
//! `Speech` and tells it what to say; it never names an engine. Saying never blocks:
//! `say` queues, `stop` cuts off at once, and a notice reports when all that was
//! queued has been said.

use std::collections::BTreeMap;

use crate::events::EventLog;
use crate::l10n::Lang;
use crate::player::{Chime, Utterance};

/// The engines of SPEC.md, as `--engine` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Engine {
    System,
    Jtalk,
    Espeak,
    Text,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::System => "system",
            Engine::Jtalk => "jtalk",
            Engine::Espeak => "espeak",
            Engine::Text => "text",
        }
    }
}

/// What `--engine` asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineRequest {
    Auto,
    Named(Engine),
}

impl EngineRequest {
    pub fn parse(name: &str) -> Option<EngineRequest> {
        Some(match name {
            "auto" => EngineRequest::Auto,
            "system" => EngineRequest::Named(Engine::System),
            "jtalk" => EngineRequest::Named(Engine::Jtalk),
            "espeak" => EngineRequest::Named(Engine::Espeak),
            "text" => EngineRequest::Named(Engine::Text),
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// A multiple of tebiki's normal rate, 0.5–2.0.
    pub rate: f32,
    pub volume: f32,
    pub chime: bool,
    /// The chosen voice per language.
    pub voices: BTreeMap<Lang, String>,
}

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
}

/// Why an engine asked for by name cannot be used (exit 3).
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error("engine `{engine}` is not available: {reason}")]
    Unavailable {
        engine: &'static str,
        reason: String,
    },
}

pub type NoticeSink = Box<dyn Fn(Notice) + Send + Sync>;

/// The speech output of one session.
pub struct Speech {
    engines: BTreeMap<Lang, Engine>,
    generation: u64,
    notify: NoticeSink,
}

impl Speech {
    /// Picks an engine per language (SPEC.md's fallback order) and starts it.
    pub fn open(
        request: EngineRequest,
        langs: &[Lang],
        _settings: &Settings,
        _log: EventLog,
        notify: NoticeSink,
    ) -> Result<Speech, SpeechError> {
        let engine = match request {
            EngineRequest::Auto | EngineRequest::Named(Engine::Text) => Engine::Text,
            EngineRequest::Named(other) => {
                return Err(SpeechError::Unavailable {
                    engine: other.name(),
                    reason: "not built into this version".into(),
                })
            }
        };
        Ok(Speech {
            engines: langs.iter().map(|l| (l.clone(), engine)).collect(),
            generation: 0,
            notify,
        })
    }

    pub fn engine(&self, lang: &Lang) -> Engine {
        self.engines.get(lang).copied().unwrap_or(Engine::Text)
    }

    /// The generation that `Done` notices must carry to count.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Queues an utterance after what is already queued.
    pub fn say(&mut self, _utterance: &Utterance) {
        (self.notify)(Notice::Done {
            generation: self.generation,
        });
    }

    pub fn chime(&mut self, _chime: Chime) {}

    /// Cuts off what is playing and drops what is queued.
    pub fn stop(&mut self) {
        self.generation += 1;
    }

    pub fn set_rate(&mut self, _rate: f32) {}
}
