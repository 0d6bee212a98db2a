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

/// ONNX Runtime's library as the neural voice's folder keeps it: the name of the
/// library in `PyPI`'s `onnxruntime` wheel for this platform (its version dropped).
pub const ONNX_RUNTIME_LIBRARY: &str = if cfg!(windows) {
    "onnxruntime.dll"
} else if cfg!(target_os = "macos") {
    "libonnxruntime.dylib"
} else {
    "libonnxruntime.so"
};
