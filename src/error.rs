//! Errors: one enum for what can stop a command, each variant carrying what its
//! message needs. The message is a text id, said in the listener's language;
//! `exit_code` follows SPEC.md.

use std::path::PathBuf;

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
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Engine(_) => 3,
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
            Error::Engine(SpeechError::Unavailable { engine, reason }) => l10n.text_args(
                lang,
                "error-engine-unavailable",
                &[arg("engine", *engine), arg("reason", reason.as_str())],
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
        }
    }
}
