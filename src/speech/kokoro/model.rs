//! The Kokoro ONNX model in one ONNX Runtime session. The runtime library is loaded
//! from the data folder at run time (ort's `load-dynamic`); the session runs on one
//! thread, and one session serves every voice and language of the process.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use ort::session::builder::GraphOptimizationLevel;
use ort::session::{RunOptions, Session};
use ort::value::Tensor;

use crate::speech::background;

/// Kokoro's output rate.
pub const SAMPLE_RATE: u32 = 24_000;
/// A voice file: one 256-float style for each token count up to 510.
pub const STYLE_ROWS: usize = 510;
pub const STYLE_WIDTH: usize = 256;
pub const VOICE_BYTES: u64 = (STYLE_ROWS * STYLE_WIDTH * 4) as u64;

/// Why the model could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The ONNX Runtime library would not load.
    Runtime(String),
    /// The model file would not load.
    Model(String),
}

/// One session, for the thread that says what the listener waits for and the thread
/// that renders ahead. The second gives way: an inference it runs is stopped as soon
/// as the first needs the model (it is rendered again later if still wanted).
pub struct Model {
    session: Mutex<Session>,
    /// How to stop the inference running ahead of time, if one runs.
    ahead: Mutex<Option<Arc<RunOptions>>>,
    /// Inferences for what is heard now that wait for the session.
    wanted: AtomicUsize,
}

/// Why an inference ahead of time stopped: the model was wanted for what is heard now.
pub const GAVE_WAY: &str = "gave way to what is heard now";

/// The ONNX Runtime library, once per process (the library stays loaded).
static RUNTIME: OnceLock<Mutex<Option<ort::environment::Environment>>> = OnceLock::new();
/// Loaded models by file: a second speaker (the other language) shares the session.
static MODELS: Mutex<Option<HashMap<PathBuf, Weak<Model>>>> = Mutex::new(None);

fn load_runtime(library: &Path) -> Result<ort::environment::Environment, String> {
    let slot = RUNTIME.get_or_init(|| Mutex::new(None));
    let mut env = slot
        .lock()
        .map_err(|_| "ONNX Runtime lock poisoned".to_string())?;
    if let Some(env) = env.as_ref() {
        return Ok(env.clone());
    }
    if !library.is_file() {
        return Err(format!("{}: no such file", library.display()));
    }
    let built = ort::init_from(library)
        .map_err(|e| format!("{}: {e}", library.display()))?
        .with_name("tebiki")
        .with_telemetry(false)
        .build()
        .map_err(|e| format!("{}: {e}", library.display()))?;
    *env = Some(built.clone());
    Ok(built)
}

impl Model {
    fn new(session: Session) -> Model {
        Model {
            session: Mutex::new(session),
            ahead: Mutex::new(None),
            wanted: AtomicUsize::new(0),
        }
    }

    /// The model in `file`, run by the ONNX Runtime `library` on `threads` threads;
    /// shared with any speaker that already holds it. The error says which of the two
    /// failed.
    pub fn load(library: &Path, file: &Path, threads: usize) -> Result<Arc<Model>, LoadError> {
        let mut models = MODELS
            .lock()
            .map_err(|_| LoadError::Model("model lock poisoned".to_string()))?;
        let models = models.get_or_insert_with(HashMap::new);
        if let Some(model) = models.get(file).and_then(Weak::upgrade) {
            return Ok(model);
        }
        let environment = load_runtime(library).map_err(LoadError::Runtime)?;
        // The optimized copy `data install` made loads in about half the time; the
        // model itself when there is none, or when it does not load.
        let optimized = optimized_file(file);
        let session = match optimized
            .is_file()
            .then(|| session(&environment, &optimized, threads, None))
        {
            Some(Ok(session)) => session,
            _ => session(&environment, file, threads, None)?,
        };
        let model = Arc::new(Model::new(session));
        models.insert(file.to_path_buf(), Arc::downgrade(&model));
        Ok(model)
    }

    /// The model in exactly `file`, not shared and not its optimized copy (to compare
    /// the two).
    #[cfg(test)]
    pub fn load_only(library: &Path, file: &Path) -> Result<Model, LoadError> {
        let environment = load_runtime(library).map_err(LoadError::Runtime)?;
        Ok(Model::new(session(&environment, file, 1, None)?))
    }

    /// Whether an inference ahead of time runs (or is about to).
    #[cfg(test)]
    pub fn running_ahead(&self) -> bool {
        self.ahead.lock().is_ok_and(|a| a.is_some())
    }

    /// Saves `file` optimized as `optimized_file(file)`, which then loads in about
    /// half the time: fusions and constants folded ahead (ONNX Runtime's extended level,
    /// nothing tied to this CPU), so the same for every process after. Written beside
    /// and renamed: never half a file.
    pub fn optimize(library: &Path, file: &Path) -> Result<PathBuf, LoadError> {
        let environment = load_runtime(library).map_err(LoadError::Runtime)?;
        let to = optimized_file(file);
        let part = to.with_extension("onnx.part");
        let saved = session(&environment, file, 1, Some(&part)).and_then(|session| {
            drop(session);
            std::fs::rename(&part, &to)
                .map_err(|e| LoadError::Model(format!("{}: {e}", to.display())))
        });
        if saved.is_err() {
            let _ = std::fs::remove_file(&part);
        }
        saved.map(|()| to)
    }

    /// Speech for `tokens` (without padding) in the voice `style` (its row for this
    /// many tokens), `speed` times Kokoro's own pace: mono samples at 24 kHz.
    pub fn infer(&self, tokens: &[i64], style: &[f32], speed: f32) -> Result<Vec<f32>, String> {
        below_audio();
        let mut padded = Vec::with_capacity(tokens.len() + 2);
        padded.push(0);
        padded.extend_from_slice(tokens);
        padded.push(0);
        let n = padded.len();
        let tokens = Tensor::from_array(([1, n], padded)).map_err(|e| e.to_string())?;
        let style =
            Tensor::from_array(([1, STYLE_WIDTH], style.to_vec())).map_err(|e| e.to_string())?;
        let speed = Tensor::from_array(([1], vec![speed])).map_err(|e| e.to_string())?;
        let inputs = ort::inputs![
            "tokens" => tokens,
            "style" => style,
            "speed" => speed,
        ];
        if !background::is_background() {
            self.wanted.fetch_add(1, Ordering::SeqCst);
            // Awaited now: what runs ahead of time stops. Otherwise (sound is queued
            // before this) it is waited for: a short piece, soon done.
            if background::is_urgent() {
                if let Some(ahead) = self.ahead.lock().ok().and_then(|a| a.clone()) {
                    let _ = ahead.terminate();
                }
            }
            // Cut short when the listener moves on (a key): not wanted any more. Also
            // while it waits for the model: then it does not start at all.
            let run = Arc::new(RunOptions::new().map_err(|e| e.to_string())?);
            let stop = run.clone();
            let _under_way = background::UnderWay::new(Arc::new(move || {
                let _ = stop.terminate();
            }));
            let session = self.session.lock();
            self.wanted.fetch_sub(1, Ordering::SeqCst);
            let mut session = session.map_err(|_| "model lock poisoned".to_string())?;
            return session
                .run_with_options(inputs, &*run)
                .map_err(|e| e.to_string())
                .and_then(|outputs| samples(&outputs));
        }
        let run = Arc::new(RunOptions::new().map_err(|e| e.to_string())?);
        if let Ok(mut ahead) = self.ahead.lock() {
            *ahead = Some(run.clone());
        }
        let mut session = self
            .session
            .lock()
            .map_err(|_| "model lock poisoned".to_string())?;
        // Wanted now, between this thread's turn and its start: give way at once.
        let rendered = if self.wanted.load(Ordering::SeqCst) > 0 {
            Err(GAVE_WAY.to_string())
        } else {
            session
                .run_with_options(inputs, &*run)
                .map_err(|e| e.to_string())
                .and_then(|outputs| samples(&outputs))
        };
        if let Ok(mut ahead) = self.ahead.lock() {
            *ahead = None;
        }
        rendered
    }
}

/// The speech in an inference's outputs.
fn samples(outputs: &ort::session::SessionOutputs<'_>) -> Result<Vec<f32>, String> {
    let (_, samples) = outputs[0]
        .try_extract_tensor::<f32>()
        .map_err(|e| e.to_string())?;
    Ok(samples.to_vec())
}

/// Where the optimized copy of the model `file` is kept: beside it.
pub fn optimized_file(file: &Path) -> PathBuf {
    file.with_extension("optimized.onnx")
}

/// A session for the model in `file` on `threads` threads, with no memory pattern;
/// with `save`, the model is only optimized to the portable level and written there.
fn session(
    environment: &ort::environment::Environment,
    file: &Path,
    threads: usize,
    save: Option<&Path>,
) -> Result<Session, LoadError> {
    let at = |e: &dyn std::fmt::Display| LoadError::Model(format!("{}: {e}", file.display()));
    let level = if save.is_some() {
        GraphOptimizationLevel::Level2
    } else {
        GraphOptimizationLevel::Level3
    };
    let mut builder = Session::builder(environment)
        .map_err(|e| at(&e))?
        .with_optimization_level(level)
        .map_err(|e| at(&e))?
        // One thread while sound plays: the other core is the sound's and the rest of
        // the machine's; two were slower than one while anything else ran.
        .with_intra_threads(threads)
        .map_err(|e| at(&e))?
        .with_inter_threads(1)
        .map_err(|e| at(&e))?
        .with_intra_op_spinning(false)
        .map_err(|e| at(&e))?
        // Every inference has other shapes: a memory pattern planned for one
        // only adds to the peak.
        .with_memory_pattern(false)
        .map_err(|e| at(&e))?;
    if let Some(save) = save {
        builder = builder
            .with_optimized_model_path(save)
            .map_err(|e| at(&e))?;
    }
    builder.commit_from_file(file).map_err(|e| at(&e))
}

/// The nice value inference runs at, at least: the model takes a core for seconds, and
/// the sound device's thread must still get its turn in time (on a busy two-core
/// machine it was late for 24 buffers in 9 s and the sound gave up).
#[cfg(target_os = "linux")]
const INFERENCE_NICE: i32 = 5;

/// Lowers the calling thread below the sound device's (never raises it: a thread
/// already in the background stays there).
fn below_audio() {
    #[cfg(target_os = "linux")]
    {
        let me = Some(rustix::thread::gettid());
        if rustix::process::getpriority_process(me).is_ok_and(|nice| nice < INFERENCE_NICE) {
            let _ = rustix::process::setpriority_process(me, INFERENCE_NICE);
        }
    }
}

/// A voice: its styles, row n for n tokens.
pub struct Voice {
    styles: Vec<f32>,
}

impl Voice {
    pub fn load(file: &Path) -> Result<Voice, String> {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        if bytes.len() as u64 != VOICE_BYTES {
            return Err(format!(
                "{}: {} bytes, a Kokoro voice has {VOICE_BYTES}",
                file.display(),
                bytes.len()
            ));
        }
        let styles = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(Voice { styles })
    }

    /// The style for a text of `tokens` tokens.
    pub fn style(&self, tokens: usize) -> &[f32] {
        let row = tokens.clamp(1, STYLE_ROWS) - 1;
        &self.styles[row * STYLE_WIDTH..(row + 1) * STYLE_WIDTH]
    }
}
