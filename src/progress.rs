//! Where each guide was left: saved after every step (atomically, owner-only), offered
//! back on the next run, removed when the guide is finished. Steps are kept by id, so
//! progress that no longer fits an edited guide is recognised, never an error.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atomic_file;
use crate::guide::load::{read_limited, FileRead};
use crate::guide::Guide;
use crate::l10n::Lang;
use crate::player::{Position, Resume, Timer};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedTimer {
    pub step: String,
    pub deadline_unix_ms: u64,
    #[serde(default)]
    pub reminded: Vec<u32>,
    #[serde(default)]
    pub expired: bool,
    /// Its window was closed by its `until` step (absent in older files: open).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
}

/// The file's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub guide: String,
    pub step: String,
    #[serde(default)]
    pub history: Vec<String>,
    pub lang: Lang,
    #[serde(default)]
    pub timers: Vec<SavedTimer>,
    #[serde(default)]
    pub saved_unix_ms: u64,
}

impl Saved {
    pub fn from_position(guide: &Guide, pos: &Position, now_unix_ms: u64) -> Saved {
        let id = |i: usize| guide.steps[i].id.clone();
        Saved {
            guide: guide.id.clone(),
            step: id(pos.step),
            history: pos.history.iter().map(|&i| id(i)).collect(),
            lang: pos.lang.clone(),
            timers: pos
                .timers
                .iter()
                .map(|t| SavedTimer {
                    step: id(t.step),
                    deadline_unix_ms: t.deadline_ms,
                    reminded: t.reminded.clone(),
                    expired: t.expired,
                    closed: t.closed,
                })
                .collect(),
            saved_unix_ms: now_unix_ms,
        }
    }

    /// The position in `guide`, or `Stale` when a step it names is gone.
    pub fn to_resume(&self, guide: &Guide) -> Resume {
        let find = |id: &str| guide.step_index(id);
        let Some(step) = find(&self.step) else {
            return Resume::Stale;
        };
        let history: Option<Vec<usize>> = self.history.iter().map(|h| find(h)).collect();
        let timers: Option<Vec<Timer>> = self
            .timers
            .iter()
            .map(|t| {
                Some(Timer {
                    step: find(&t.step)?,
                    deadline_ms: t.deadline_unix_ms,
                    reminded: t.reminded.clone(),
                    expired: t.expired,
                    closed: t.closed,
                })
            })
            .collect();
        match (history, timers) {
            (Some(history), Some(timers)) => Resume::Saved(Position {
                step,
                history,
                lang: self.lang.clone(),
                timers,
            }),
            _ => Resume::Stale,
        }
    }
}

/// The progress folder.
pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn new(dir: PathBuf) -> Store {
        Store { dir }
    }

    fn file(&self, guide_id: &str) -> PathBuf {
        let safe: String = guide_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.dir.join(format!("{safe}.json"))
    }

    pub fn save(&self, saved: &Saved) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(saved).map_err(std::io::Error::other)?;
        atomic_file::write(&self.file(&saved.guide), text.as_bytes())
    }

    /// The saved progress of a guide; a broken file counts as none.
    pub fn load(&self, guide_id: &str) -> Option<Saved> {
        load_file(&self.file(guide_id))
    }

    pub fn clear(&self, guide_id: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.file(guide_id)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// The most recently saved unfinished guide.
    pub fn latest(&self) -> Option<Saved> {
        let entries = std::fs::read_dir(&self.dir).ok()?;
        entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .filter_map(|e| load_file(&e.path()))
            .max_by_key(|s| s.saved_unix_ms)
    }
}

fn load_file(path: &Path) -> Option<Saved> {
    match read_limited(path, "") {
        FileRead::Text(text) => serde_json::from_str(&text).ok(),
        _ => None,
    }
}
