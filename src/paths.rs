//! Where tebiki keeps things. One override on every platform: with `TEBIKI_HOME` set,
//! everything is under it (`config.toml`, `state/`, `data/`, `cache/`); tests and a
//! teacher's USB stick use it. Otherwise:
//! - Linux: settings under `$XDG_CONFIG_HOME/tebiki`, progress under
//!   `$XDG_STATE_HOME/tebiki`, speech data and the user's guides under
//!   `$XDG_DATA_HOME/tebiki`, rendered speech under `$XDG_CACHE_HOME/tebiki`.
//! - Windows: portable when the folder of `tebiki.exe` is writable (everything
//!   beside the exe, laid out as under `TEBIKI_HOME`), else in the user's `AppData`.
//!
//! Speech data installed for everyone is found when the user has none of their own:
//! `tebiki/` in each of `$XDG_DATA_DIRS` (a Debian package's `/usr/share/tebiki`), and
//! on Windows the `data` folder beside the exe.

use std::path::{Path, PathBuf};

/// The environment variable that puts everything in one folder.
pub const HOME_VAR: &str = "TEBIKI_HOME";

#[derive(Clone, Debug)]
pub struct Paths {
    pub config_file: PathBuf,
    pub state_dir: PathBuf,
    pub data_dir: PathBuf,
    pub cache_dir: PathBuf,
    /// Folders with speech data installed for everyone (read only), searched after
    /// `data_dir`.
    pub shared_data_dirs: Vec<PathBuf>,
}

impl Paths {
    pub fn from_env() -> Option<Paths> {
        let shared = shared_data_dirs();
        if let Some(home) = std::env::var_os(HOME_VAR).filter(|h| !h.is_empty()) {
            return Some(Paths::under(Path::new(&home), shared));
        }
        if let Some(home) = portable_home() {
            return Some(Paths::under(&home, shared));
        }
        let dirs = directories::ProjectDirs::from("", "", "tebiki")?;
        let data_dir = dirs.data_dir().to_path_buf();
        Some(Paths {
            config_file: dirs.config_dir().join("config.toml"),
            state_dir: dirs
                .state_dir()
                .map_or_else(|| data_dir.join("state"), std::path::Path::to_path_buf),
            cache_dir: dirs.cache_dir().to_path_buf(),
            data_dir,
            shared_data_dirs: shared,
        })
    }

    /// Everything under one folder (`TEBIKI_HOME`, or beside the exe).
    pub fn under(home: &Path, shared_data_dirs: Vec<PathBuf>) -> Paths {
        let data_dir = home.join("data");
        Paths {
            config_file: home.join("config.toml"),
            state_dir: home.join("state"),
            cache_dir: home.join("cache"),
            shared_data_dirs: shared_data_dirs
                .into_iter()
                .filter(|d| *d != data_dir)
                .collect(),
            data_dir,
        }
    }

    /// The user's own guides: `<data>/guides`.
    pub fn guides_dir(&self) -> PathBuf {
        self.data_dir.join("guides")
    }

    pub fn progress_dir(&self) -> PathBuf {
        self.state_dir.join("progress")
    }
}

/// `tebiki/` in each of `$XDG_DATA_DIRS` (default `/usr/local/share:/usr/share`).
#[cfg(not(windows))]
fn shared_data_dirs() -> Vec<PathBuf> {
    let dirs = std::env::var_os("XDG_DATA_DIRS")
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    std::env::split_paths(&dirs)
        .filter(|d| d.is_absolute())
        .map(|d| d.join("tebiki"))
        .collect()
}

/// The `data` folder beside `tebiki.exe` (what the Windows zip carries).
#[cfg(windows)]
fn shared_data_dirs() -> Vec<PathBuf> {
    exe_dir().map(|d| d.join("data")).into_iter().collect()
}

#[cfg(windows)]
fn exe_dir() -> Option<PathBuf> {
    std::env::current_exe()
        .ok()?
        .parent()
        .map(Path::to_path_buf)
}

/// On Windows, the exe's folder when a file can be made there (a USB stick, a folder
/// on the desktop); not in `Program Files`.
#[cfg(windows)]
fn portable_home() -> Option<PathBuf> {
    let dir = exe_dir()?;
    writable(&dir).then_some(dir)
}

#[cfg(not(windows))]
fn portable_home() -> Option<PathBuf> {
    None
}

/// Whether a file can be created (and removed) in `dir`.
#[cfg_attr(not(windows), allow(dead_code))]
fn writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".tebiki-write-test-{}", std::process::id()));
    let made = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .is_ok();
    if made {
        let _ = std::fs::remove_file(&probe);
    }
    made
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn one_folder_holds_everything() {
        let home = Path::new("/x/home");
        let p = Paths::under(
            home,
            vec![home.join("data"), PathBuf::from("/usr/share/tebiki")],
        );
        assert_eq!(p.config_file, home.join("config.toml"));
        assert_eq!(p.progress_dir(), home.join("state").join("progress"));
        assert_eq!(p.guides_dir(), home.join("data").join("guides"));
        assert_eq!(p.cache_dir, home.join("cache"));
        // The home's own data folder is not searched twice.
        assert_eq!(p.shared_data_dirs, [PathBuf::from("/usr/share/tebiki")]);
    }

    #[test]
    fn a_folder_is_writable_or_not() {
        let t = tempfile::tempdir().unwrap();
        assert!(writable(t.path()));
        assert!(!writable(&t.path().join("missing")));
        assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 0);
    }
}
