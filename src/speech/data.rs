//! The speech data in the user's data folder (`$XDG_DATA_HOME/tebiki`): the Japanese
//! dictionary built from NAIST-JDIC source and the HTS voices. Knows where they live,
//! whether they are there, and how `tebiki data install` puts them there. Never
//! downloads anything: the setup script fetches, this installs.

use std::fs;
use std::path::{Path, PathBuf};

/// The dictionary's metadata, as `jpreprocess-naist-jdic` 0.15 builds it (its
/// `build.json`): the builder needs it and the loader checks it.
const NAIST_JDIC_METADATA: &str = r#"{
  "name": "jpreprocess naist-jdic",
  "encoding": "UTF-8",
  "compress_algorithm": "deflate",
  "default_word_cost": -10000,
  "default_left_context_id": 1288,
  "default_right_context_id": 1288,
  "default_field_value": "*",
  "flexible_csv": false,
  "skip_invalid_cost_or_id": false,
  "normalize_details": false,
  "dictionary_schema": { "fields": [
    "surface", "left_context_id", "right_context_id", "cost", "major_pos", "middle_pos",
    "small_pos", "fine_pos", "conjugation_type", "conjugation_form", "base_form", "reading",
    "pronunciation", "accent_morasize", "chain_rule", "chain_flag" ] },
  "user_dictionary_schema": { "fields": [ "surface", "reading", "pronunciation" ] }
}"#;

/// The files a built dictionary has; all must be there for it to load.
pub(crate) const DICTIONARY_FILES: &[&str] = &[
    "metadata.json",
    "char_def.bin",
    "matrix.mtx",
    "dict.da",
    "dict.vals",
    "unk.bin",
    "dict.wordsidx",
    "dict.words",
];

/// An HTS voice that tebiki knows by name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KnownVoice {
    /// The name `--voice` takes.
    pub name: &'static str,
    /// Its file in the data folder's `voices/`.
    pub file: &'static str,
    /// Its loudness correction: Mei clips at unity gain.
    pub gain: f32,
    /// jbonsai's speed for `--rate 1.0` (about 5 morae a second, measured) and the
    /// exponent that makes a rate change a like change in morae a second: jbonsai's
    /// speed acts less than proportionally, and differently per voice.
    pub speed: f64,
    pub speed_exponent: f64,
    /// The text id that credits its makers, if its licence asks for it.
    pub credit: Option<&'static str>,
}

/// The Japanese voices, the default first: the male voice is lower, which older
/// listeners hear better.
pub const JA_VOICES: &[KnownVoice] = &[
    KnownVoice {
        name: "m001",
        file: "nitech_jp_atr503_m001.htsvoice",
        gain: 1.0,
        speed: 0.455,
        speed_exponent: 1.45,
        credit: None,
    },
    KnownVoice {
        name: "mei",
        file: "mei_normal.htsvoice",
        gain: 0.7,
        speed: 0.56,
        speed_exponent: 1.1,
        credit: Some("voices-credit-mei"),
    },
];

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("no NAIST-JDIC source in `{dir}` (it needs naist-jdic.csv, matrix.def, char.def and unk.def)")]
    NotASource { dir: PathBuf },
    #[error("building the dictionary failed: {reason}")]
    Build { reason: String },
    #[error("`{path}` is not an HTS voice file")]
    NotAVoice { path: PathBuf },
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The speech data folder.
#[derive(Clone, Debug)]
pub struct SpeechData {
    dir: PathBuf,
}

impl SpeechData {
    pub fn new(data_dir: &Path) -> SpeechData {
        SpeechData {
            dir: data_dir.to_path_buf(),
        }
    }

    pub fn dictionary_dir(&self) -> PathBuf {
        self.dir.join("naist-jdic")
    }

    /// The folder itself (a neural voice's files live in a folder of it).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The speech data to use: the user's own when it has the dictionary, else the
    /// first shared folder that has it, else the user's (where `data install` puts
    /// it, and what the doctor names as missing).
    pub fn for_paths(paths: &crate::paths::Paths) -> SpeechData {
        std::iter::once(&paths.data_dir)
            .chain(&paths.shared_data_dirs)
            .map(|d| SpeechData::new(d))
            .find(SpeechData::has_dictionary)
            .unwrap_or_else(|| SpeechData::new(&paths.data_dir))
    }

    pub fn voices_dir(&self) -> PathBuf {
        self.dir.join("voices")
    }

    /// Whether a complete dictionary is installed (or built in, with the `naist-jdic`
    /// feature).
    pub fn has_dictionary(&self) -> bool {
        if cfg!(feature = "naist-jdic") {
            return true;
        }
        let dir = self.dictionary_dir();
        DICTIONARY_FILES.iter().all(|f| dir.join(f).is_file())
    }

    pub fn voice_path(&self, voice: &KnownVoice) -> PathBuf {
        self.voices_dir().join(voice.file)
    }

    /// The Japanese voices that are installed, the default first.
    pub fn installed_ja_voices(&self) -> Vec<KnownVoice> {
        JA_VOICES
            .iter()
            .filter(|v| self.voice_path(v).is_file())
            .copied()
            .collect()
    }

    /// The voice to use for Japanese: the one asked for if installed, else the first
    /// installed one.
    pub fn ja_voice(&self, wanted: Option<&str>) -> Option<KnownVoice> {
        let installed = self.installed_ja_voices();
        wanted
            .and_then(|w| installed.iter().find(|v| v.name == w).copied())
            .or_else(|| installed.first().copied())
    }

    /// Builds the dictionary from a NAIST-JDIC source folder (as in Debian's
    /// `open-jtalk` source package: `mecab-naist-jdic/`). Writes to a temporary folder
    /// and renames, so a failed build never leaves half a dictionary.
    pub fn build_dictionary(&self, source: &Path) -> Result<(), DataError> {
        let source = find_source(source).ok_or_else(|| DataError::NotASource {
            dir: source.to_path_buf(),
        })?;
        let metadata = serde_json::from_str(NAIST_JDIC_METADATA).map_err(|e| DataError::Build {
            reason: e.to_string(),
        })?;
        let target = self.dictionary_dir();
        let building = self.dir.join("naist-jdic.building");
        let write_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| DataError::Write { path, source }
        };
        fs::create_dir_all(&self.dir).map_err(write_error(&self.dir))?;
        let _ = fs::remove_dir_all(&building);
        jpreprocess_dictionary::dictionary::to_dict::JPreprocessDictionaryBuilder::new(metadata)
            .build_dictionary(&source, &building)
            .map_err(|e| DataError::Build {
                reason: e.to_string(),
            })?;
        // On Windows this fails while a running tebiki maps the old dictionary.
        let old = self.dir.join("naist-jdic.old");
        crate::platform::fs::replace_dir(&building, &target, &old).map_err(write_error(&target))?;
        Ok(())
    }

    /// Copies an HTS voice file into the data folder; returns its name.
    pub fn install_voice(&self, file: &Path) -> Result<String, DataError> {
        let bytes = fs::read(file).map_err(|_| DataError::NotAVoice {
            path: file.to_path_buf(),
        })?;
        if !bytes.starts_with(b"[GLOBAL]") {
            return Err(DataError::NotAVoice {
                path: file.to_path_buf(),
            });
        }
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = self.voices_dir();
        fs::create_dir_all(&dir).map_err(|source| DataError::Write {
            path: dir.clone(),
            source,
        })?;
        let target = dir.join(&file_name);
        crate::atomic_file::write(&target, &bytes).map_err(|source| DataError::Write {
            path: target.clone(),
            source,
        })?;
        Ok(JA_VOICES
            .iter()
            .find(|v| v.file == file_name)
            .map_or(file_name, |v| v.name.to_string()))
    }
}

/// The folder with `naist-jdic.csv` and `matrix.def`: `dir` itself or its
/// `mecab-naist-jdic/` below (one or two levels, as an unpacked source tarball has it).
fn find_source(dir: &Path) -> Option<PathBuf> {
    let is_source = |d: &Path| d.join("matrix.def").is_file() && d.join("naist-jdic.csv").is_file();
    if is_source(dir) {
        return Some(dir.to_path_buf());
    }
    let mut candidates = vec![dir.join("mecab-naist-jdic")];
    if let Ok(entries) = fs::read_dir(dir) {
        candidates.extend(entries.flatten().map(|e| e.path().join("mecab-naist-jdic")));
    }
    candidates.into_iter().find(|d| is_source(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_data_comes_from_the_first_folder_that_has_it() {
        let t = tempfile::tempdir().unwrap();
        let shared = t.path().join("shared");
        let p = crate::paths::Paths::under(&t.path().join("home"), vec![shared.clone()]);
        // None anywhere: the user's own folder (where it would be installed).
        assert_eq!(
            SpeechData::for_paths(&p).dictionary_dir(),
            p.data_dir.join("naist-jdic")
        );
        let dict = shared.join("naist-jdic");
        std::fs::create_dir_all(&dict).unwrap();
        for f in DICTIONARY_FILES {
            std::fs::write(dict.join(f), b"x").unwrap();
        }
        if cfg!(feature = "naist-jdic") {
            return;
        }
        assert_eq!(SpeechData::for_paths(&p).dictionary_dir(), dict);
    }

    #[test]
    fn metadata_parses() {
        let m: Result<lindera_dictionary::dictionary::metadata::Metadata, _> =
            serde_json::from_str(NAIST_JDIC_METADATA);
        assert!(m.is_ok(), "{:?}", m.err());
    }

    #[test]
    fn voice_choice_falls_back_to_an_installed_one() {
        let dir = tempfile::tempdir().unwrap();
        let data = SpeechData::new(dir.path());
        assert_eq!(data.ja_voice(Some("mei")), None);
        let file = dir.path().join("mei_normal.htsvoice");
        fs::write(&file, b"[GLOBAL]\nHTS_VOICE_VERSION:1.0\n").unwrap();
        assert_eq!(data.install_voice(&file).unwrap(), "mei");
        assert_eq!(data.ja_voice(Some("m001")).map(|v| v.name), Some("mei"));
        let bad = dir.path().join("bad.htsvoice");
        fs::write(&bad, b"nonsense").unwrap();
        assert!(data.install_voice(&bad).is_err());
    }
}
