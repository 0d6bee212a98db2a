//! Where tebiki keeps things: settings under `$XDG_CONFIG_HOME/tebiki`, progress
//! under `$XDG_STATE_HOME/tebiki`, speech data and the user's guides under
//! `$XDG_DATA_HOME/tebiki`, rendered speech under `$XDG_CACHE_HOME/tebiki`.

use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Paths {
    pub config_file: PathBuf,
    pub state_dir: PathBuf,
    pub data_dir: PathBuf,
    pub cache_dir: PathBuf,
}

impl Paths {
    pub fn from_env() -> Option<Paths> {
        let dirs = directories::ProjectDirs::from("", "", "tebiki")?;
        let data_dir = dirs.data_dir().to_path_buf();
        Some(Paths {
            config_file: dirs.config_dir().join("config.toml"),
            state_dir: dirs
                .state_dir()
                .map_or_else(|| data_dir.join("state"), std::path::Path::to_path_buf),
            cache_dir: dirs.cache_dir().to_path_buf(),
            data_dir,
        })
    }

    /// The user's own guides: `$XDG_DATA_HOME/tebiki/guides`.
    pub fn guides_dir(&self) -> PathBuf {
        self.data_dir.join("guides")
    }

    pub fn progress_dir(&self) -> PathBuf {
        self.state_dir.join("progress")
    }
}
