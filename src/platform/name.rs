//! The platform's name, a leaf: the program's texts select on it, and nothing else
//! of `platform` is needed for that.

/// The platform's name as the locale files select on it (`$platform`): advice that
/// names apt or `PulseAudio` is only given where those exist.
pub const NAME: &str = if cfg!(windows) {
    "windows"
} else if cfg!(target_os = "macos") {
    "macos"
} else {
    "linux"
};
