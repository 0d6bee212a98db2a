//! Errors: one enum for what can stop a command, each variant carrying what its
//! message needs. The message is a text id, said in the listener's language;
//! `exit_code` follows SPEC.md.

use std::path::PathBuf;

use crate::guide::import::{Format, ImportError};
use crate::guide::Problem;
use crate::l10n::{arg, Lang, Localizer};
use crate::speech::SpeechError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown guide `{name}`")]
    GuideNotFound { name: String, known: Vec<String> },
    #[error("guide `{name}` does not pass check")]
    GuideInvalid {
        name: String,
        problems: Vec<Problem>,
    },
    #[error("check found problems")]
    CheckFailed,
    #[error(transparent)]
    Engine(#[from] SpeechError),
    #[error("no home folder")]
    NoHome,
    #[error("cannot open the events file `{path}`: {source}")]
    EventsFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("terminal: {0}")]
    Terminal(std::io::Error),
    #[error("unknown voice `{name}`")]
    UnknownVoice { name: String, known: Vec<String> },
    #[error(transparent)]
    Data(#[from] crate::speech::data::DataError),
    #[error(transparent)]
    ModelInstall(#[from] crate::speech::model::InstallError),
    #[error("cannot write `{path}`: {reason}")]
    WriteAudio { path: PathBuf, reason: String },
    #[error("`{}` exists", path.display())]
    ExportExists { path: PathBuf },
    #[error("doctor found problems")]
    DoctorFailed,
    #[error("cannot import `{}`: {error}", file.display())]
    Import { file: PathBuf, error: ImportError },
    #[error("no Japanese dictionary in `{}`", dir.display())]
    NoDictionary { dir: PathBuf },
    #[error("the Japanese dictionary in `{}` does not load: {reason}", dir.display())]
    DictionaryBroken { dir: PathBuf, reason: String },
    #[error("cannot write `{}`: {source}", path.display())]
    WriteCard {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("bad telephone number `{phone}`")]
    HelperPhone {
        phone: String,
        bad: crate::helper::BadPhone,
    },
    #[error("empty helper name")]
    HelperName,
    #[error("settings file `{}` does not parse", path.display())]
    SettingsBroken {
        path: PathBuf,
        line: usize,
        detail: String,
    },
    #[error("cannot write `{}`: {reason}", path.display())]
    SettingsWrite { path: PathBuf, reason: String },
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            // Readings need the dictionary as `--engine jtalk` does: what is missing
            // is speech data, which is exit 3.
            Error::Engine(_) | Error::NoDictionary { .. } | Error::DictionaryBroken { .. } => 3,
            Error::UnknownVoice { .. } | Error::HelperPhone { .. } | Error::HelperName => 2,
            _ => 1,
        }
    }

    /// The message in `lang`, without the `error:` prefix.
    pub fn message(&self, l10n: &Localizer, lang: &Lang) -> String {
        match self {
            Error::GuideNotFound { name, known } => l10n.text_args(
                lang,
                "error-guide-missing",
                &[arg("name", name.as_str()), arg("known", known.join(", "))],
            ),
            Error::GuideInvalid { name, .. } => {
                l10n.text_args(lang, "error-guide-invalid", &[arg("name", name.as_str())])
            }
            Error::CheckFailed => l10n.text(lang, "error-check-failed"),
            Error::Engine(e) => l10n.text_args(
                lang,
                "error-engine-unavailable",
                &[
                    arg("engine", e.engine().name()),
                    arg("reason", e.reason(l10n, lang)),
                ],
            ),
            Error::NoHome => l10n.text(lang, "error-no-home"),
            Error::EventsFile { path, source } => l10n.text_args(
                lang,
                "error-events-file",
                &[
                    arg("path", path.display().to_string()),
                    arg("reason", source.to_string()),
                ],
            ),
            Error::Terminal(e) => {
                l10n.text_args(lang, "error-terminal", &[arg("reason", e.to_string())])
            }
            Error::UnknownVoice { name, known } => l10n.text_args(
                lang,
                "error-unknown-voice",
                &[arg("name", name.as_str()), arg("known", known.join(", "))],
            ),
            Error::Data(e) => data_message(e, l10n, lang),
            Error::ModelInstall(e) => model_install_message(e, l10n, lang),
            Error::ExportExists { path } => l10n.text_args(
                lang,
                "error-export-exists",
                &[arg("path", path.display().to_string())],
            ),
            Error::WriteAudio { path, reason } => l10n.text_args(
                lang,
                "error-write-audio",
                &[
                    arg("path", path.display().to_string()),
                    arg("reason", reason.as_str()),
                ],
            ),
            Error::DoctorFailed => l10n.text(lang, "doctor-failed"),
            Error::Import { file, error } => import_message(l10n, lang, file, error),
            Error::NoDictionary { dir } => l10n.text_args(
                lang,
                "error-readings-no-dictionary",
                &[arg("dir", dir.display().to_string())],
            ),
            Error::DictionaryBroken { dir, reason } => l10n.text_args(
                lang,
                "error-readings-dictionary-broken",
                &[
                    arg("dir", dir.display().to_string()),
                    arg("reason", reason.as_str()),
                ],
            ),
            Error::WriteCard { path, source } => l10n.text_args(
                lang,
                "error-print-write",
                &[
                    arg("path", path.display().to_string()),
                    arg("reason", source.to_string()),
                ],
            ),
            Error::HelperPhone { phone, bad } => match bad {
                crate::helper::BadPhone::NoDigit => l10n.text_args(
                    lang,
                    "error-helper-phone-no-digit",
                    &[arg("phone", phone.as_str())],
                ),
                crate::helper::BadPhone::Character(c) => l10n.text_args(
                    lang,
                    "error-helper-phone",
                    &[arg("phone", phone.as_str()), arg("char", c.to_string())],
                ),
            },
            Error::HelperName => l10n.text(lang, "error-helper-name"),
            Error::SettingsBroken { path, line, detail } => l10n.text_args(
                lang,
                "error-settings-broken",
                &[
                    arg("file", format!("{}:{line}", path.display())),
                    arg("detail", detail.as_str()),
                ],
            ),
            Error::SettingsWrite { path, reason } => l10n.text_args(
                lang,
                "error-settings-write",
                &[
                    arg("file", path.display().to_string()),
                    arg("reason", reason.as_str()),
                ],
            ),
        }
    }

    /// Problems to list above the message (from `check`).
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::GuideInvalid { problems, .. }
            | Error::Import {
                error: ImportError::Invalid { problems },
                ..
            } => problems,
            _ => &[],
        }
    }
}

fn data_message(error: &crate::speech::data::DataError, l10n: &Localizer, lang: &Lang) -> String {
    use crate::speech::data::DataError;
    match error {
        DataError::NotASource { dir } => l10n.text_args(
            lang,
            "data-not-a-source",
            &[arg("dir", dir.display().to_string())],
        ),
        DataError::Build { reason } => {
            l10n.text_args(lang, "data-build-failed", &[arg("reason", reason.as_str())])
        }
        DataError::NotAVoice { path } => l10n.text_args(
            lang,
            "data-not-a-voice",
            &[arg("path", path.display().to_string())],
        ),
        DataError::Write { path, source } => l10n.text_args(
            lang,
            "error-write-audio",
            &[
                arg("path", path.display().to_string()),
                arg("reason", source.to_string()),
            ],
        ),
    }
}

fn model_install_message(
    error: &crate::speech::model::InstallError,
    l10n: &Localizer,
    lang: &Lang,
) -> String {
    use crate::speech::model::InstallError;
    match error {
        InstallError::NotASource { dir } => l10n.text_args(
            lang,
            "data-model-not-a-source",
            &[arg("dir", dir.display().to_string())],
        ),
        InstallError::Damaged { dir, reason } => l10n.text_args(
            lang,
            "data-model-damaged",
            &[
                arg("dir", dir.display().to_string()),
                arg("reason", reason.as_str()),
            ],
        ),
        InstallError::BadFile { path, reason } => l10n.text_args(
            lang,
            "data-model-bad-file",
            &[
                arg("path", path.display().to_string()),
                arg("reason", reason.as_str()),
            ],
        ),
        InstallError::Write { path, source } => l10n.text_args(
            lang,
            "error-write-audio",
            &[
                arg("path", path.display().to_string()),
                arg("reason", source.to_string()),
            ],
        ),
    }
}

fn import_message(
    l10n: &Localizer,
    lang: &Lang,
    file: &std::path::Path,
    error: &ImportError,
) -> String {
    let file = arg("file", file.display().to_string());
    let (id, mut args) = match error {
        ImportError::Unreadable(e) => (
            "error-import-unreadable",
            vec![arg("reason", e.to_string())],
        ),
        ImportError::TooLarge { limit_mib } => {
            ("error-import-too-large", vec![arg("limit", *limit_mib)])
        }
        ImportError::NotUtf8 { line } => ("error-import-not-utf8", vec![arg("line", *line)]),
        ImportError::Empty => ("error-import-empty", vec![]),
        ImportError::JsonSyntax { line, col, detail } => (
            "error-import-json",
            vec![
                arg("line", *line),
                arg("col", *col),
                arg("detail", detail.as_str()),
            ],
        ),
        ImportError::TooDeep => ("error-import-too-deep", vec![]),
        ImportError::NothingFound { format } => (
            "error-import-nothing-found",
            vec![arg(
                "format",
                match format {
                    Format::Json => "json",
                    Format::Html => "html",
                    Format::Markdown => "markdown",
                },
            )],
        ),
        ImportError::NoSteps { kind } => {
            ("error-import-no-steps", vec![arg("kind", kind.as_str())])
        }
        ImportError::PickOutOfRange { pick, count } => (
            "error-import-pick",
            vec![arg("pick", *pick), arg("count", *count)],
        ),
        ImportError::TooManySteps { count, limit } => (
            "error-import-too-many-steps",
            vec![arg("count", *count), arg("limit", *limit)],
        ),
        ImportError::TooMuchText { limit_kib } => {
            ("error-import-too-much-text", vec![arg("limit", *limit_kib)])
        }
        ImportError::Exists { path } => (
            "error-import-exists",
            vec![arg("path", path.display().to_string())],
        ),
        ImportError::Write { path, source } => (
            "error-import-write",
            vec![
                arg("path", path.display().to_string()),
                arg("reason", source.to_string()),
            ],
        ),
        ImportError::Invalid { .. } => ("error-import-invalid", vec![]),
    };
    args.push(file);
    l10n.text_args(lang, id, &args)
}
