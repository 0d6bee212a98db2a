//! Settings: defaults < `config.toml` < command-line options. The listener's own
//! changes (language, rate, voice) are written back atomically; keys tebiki does not
//! know are kept as they were.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::atomic_file;
use crate::l10n::Lang;
use crate::text::{self, Pos, Unreadable};

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Voices {
    pub ja: Option<String>,
    pub en: Option<String>,
}

/// What `config.toml` holds. Every field is optional.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Config {
    pub lang: Option<Lang>,
    pub rate: Option<f32>,
    #[serde(default)]
    pub voice: Voices,
    pub engine: Option<String>,
    pub chime: Option<bool>,
    pub remind: Option<bool>,
    pub volume: Option<f32>,
}

/// A config file that could not be read: tebiki goes on with defaults and says so.
#[derive(Debug)]
pub struct ConfigProblem {
    pub path: PathBuf,
    pub line: usize,
    pub detail: String,
}

impl Config {
    /// Reads the settings; a missing file is no settings, a broken one is reported
    /// and ignored (the listener must never be stopped by a settings file).
    pub fn load(path: &Path) -> (Config, Option<ConfigProblem>) {
        let text = match text::read_limited(path) {
            Ok(t) => t,
            Err(e) if e.is_missing() => return (Config::default(), None),
            Err(e) => {
                let (line, detail) = match e {
                    Unreadable::Io(e) => (1, e.to_string()),
                    Unreadable::TooLarge { limit } => (1, (limit / 1024).to_string()),
                    Unreadable::NotUtf8(pos) => (pos.line, String::new()),
                };
                return (
                    Config::default(),
                    Some(ConfigProblem {
                        path: path.to_path_buf(),
                        line,
                        detail,
                    }),
                );
            }
        };
        match toml::from_str::<Config>(&text) {
            Ok(c) => (c, None),
            Err(e) => {
                let line = e.span().map_or(1, |s| Pos::at(&text, s.start).line);
                (
                    Config::default(),
                    Some(ConfigProblem {
                        path: path.to_path_buf(),
                        line,
                        detail: e.message().trim().to_string(),
                    }),
                )
            }
        }
    }

    /// Sets one key (`lang`, `rate`, `voice.ja`, …) in the file, keeping the rest.
    pub fn save_value(path: &Path, key: &str, value: toml::Value) -> std::io::Result<()> {
        let mut table = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
            .unwrap_or_default();
        let mut parts: Vec<&str> = key.split('.').collect();
        let last = parts.pop().unwrap_or(key);
        let mut at = &mut table;
        for part in parts {
            let entry = at
                .entry(part.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if !entry.is_table() {
                *entry = toml::Value::Table(toml::Table::new());
            }
            let toml::Value::Table(t) = entry else {
                return Ok(());
            };
            at = t;
        }
        at.insert(last.to_string(), value);
        let text = toml::to_string(&table).map_err(std::io::Error::other)?;
        atomic_file::write(path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_keeps_other_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "engine = \"text\"\nmine = 3\n").unwrap();
        Config::save_value(&path, "rate", toml::Value::Float(1.2)).unwrap();
        Config::save_value(&path, "voice.ja", toml::Value::String("mei".into())).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("mine = 3"), "{text}");
        let (config, problem) = Config::load(&path);
        assert!(problem.is_none());
        assert_eq!(config.engine.as_deref(), Some("text"));
        assert_eq!(config.rate, Some(1.2));
        assert_eq!(config.voice.ja.as_deref(), Some("mei"));
    }

    #[test]
    fn broken_file_is_reported_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "\nrate = = 1\n").unwrap();
        let (config, problem) = Config::load(&path);
        assert_eq!(config, Config::default());
        assert_eq!(problem.unwrap().line, 2);
    }
}
