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

/// The platform as the texts select on it at run time: `linux-package` for a
/// Linux tebiki installed by its Debian package (`/usr/bin/tebiki`), whose data
/// comes with the package and not from `scripts/setup.sh`; else `NAME`.
pub fn here() -> &'static str {
    static HERE: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    HERE.get_or_init(|| {
        let packaged = NAME == "linux"
            && std::env::current_exe()
                .is_ok_and(|exe| exe.starts_with("/usr/bin") || exe.starts_with("/bin"));
        if packaged {
            "linux-package"
        } else {
            NAME
        }
    })
}

/// ONNX Runtime's library as the neural voice's folder keeps it: the name of the
/// library in `PyPI`'s `onnxruntime` wheel for this platform (its version dropped).
pub const ONNX_RUNTIME_LIBRARY: &str = if cfg!(windows) {
    "onnxruntime.dll"
} else if cfg!(target_os = "macos") {
    "libonnxruntime.dylib"
} else {
    "libonnxruntime.so"
};
