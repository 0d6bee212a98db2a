//! Guides: the data model, loading and checking, pronunciation, and finding a guide
//! by id or path among the built-in guides, the user's guide folder and `--guides`.

pub mod import;
pub mod lexicon;
pub mod load;
pub mod model;
pub mod problem;
pub mod spoken;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use lexicon::Lexicon;
pub use load::{Loaded, Source};
pub use model::{Guide, Origin, Step, StepKind, StepText, Target};
pub use problem::{Pos, Problem, Severity};

use crate::builtin;
use crate::l10n::Lang;

/// Every place guides are looked for, in order: `--guides`, the user's folder, built-in.
pub struct Library {
    folders: Vec<PathBuf>,
    lexicons: BTreeMap<Lang, Lexicon>,
}

impl Library {
    pub fn new(extra: Option<PathBuf>, user: Option<PathBuf>) -> Library {
        Library {
            folders: extra.into_iter().chain(user).collect(),
            lexicons: load::builtin_lexicons(),
        }
    }

    pub fn builtin_ids() -> Vec<String> {
        let mut ids: Vec<String> = builtin::GUIDE_FILES
            .iter()
            .map(|(id, _, _)| (*id).to_string())
            .collect();
        ids.dedup();
        ids
    }

    /// Finds `name`: a path to a guide folder (or its guide.toml), else an id.
    pub fn find(&self, name: &str) -> Option<Source> {
        let path = Path::new(name);
        let looks_like_path = name.contains('/') || name.contains('\\') || name.starts_with('.');
        if looks_like_path || path.is_dir() {
            let dir = if path.file_name().is_some_and(|f| f == "guide.toml") {
                path.parent().unwrap_or(Path::new(".")).to_path_buf()
            } else {
                path.to_path_buf()
            };
            return Some(Source::Folder(dir));
        }
        let id = name.strip_prefix("builtin:").unwrap_or(name);
        if name == id {
            for folder in &self.folders {
                let dir = folder.join(id);
                if dir.join("guide.toml").is_file() {
                    return Some(Source::Folder(dir));
                }
            }
        }
        Library::builtin_ids()
            .contains(&id.to_string())
            .then(|| Source::Builtin(id.to_string()))
    }

    /// Every guide that can be found, first of each id only.
    pub fn all(&self) -> Vec<(String, Source)> {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for folder in &self.folders {
            let Ok(entries) = std::fs::read_dir(folder) else {
                continue;
            };
            let mut dirs: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                // Hidden folders are half-written imports, never guides.
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|f| f.to_string_lossy().starts_with('.'))
                })
                .filter(|p| p.join("guide.toml").is_file())
                .collect();
            dirs.sort();
            for dir in dirs {
                let id = dir
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if !seen.contains(&id) {
                    seen.push(id.clone());
                    out.push((id, Source::Folder(dir)));
                }
            }
        }
        for id in Library::builtin_ids() {
            if !seen.contains(&id) {
                seen.push(id.clone());
                out.push((id.clone(), Source::Builtin(id)));
            }
        }
        out
    }

    pub fn load(&self, source: &Source) -> Loaded {
        load::load(source, &self.lexicons)
    }
}
