//! The command line (clap derive): flags only, no behaviour.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{Limit, RATE, VOLUME};

#[derive(Debug, Parser)]
#[command(
    name = "tebiki",
    version,
    about = "A voice guide for the terminal: reads a procedure aloud one step at a time.",
    after_help = "With no command: offers to continue an unfinished guide, else a menu of guides."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

impl OnOff {
    pub fn is_on(self) -> bool {
        self == OnOff::On
    }
}

/// `--pause`: how long the pauses between and inside sentences are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PauseArg {
    Short,
    Normal,
    Long,
}

impl PauseArg {
    pub fn pause(self) -> crate::speech::Pause {
        match self {
            PauseArg::Short => crate::speech::Pause::Short,
            PauseArg::Normal => crate::speech::Pause::Normal,
            PauseArg::Long => crate::speech::Pause::Long,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

impl LangArg {
    pub fn tag(self) -> &'static str {
        match self {
            LangArg::Ja => "ja",
            LangArg::En => "en",
        }
    }
}

#[derive(Clone, Debug, Default, Args)]
pub struct Global {
    /// Language: ja or en (default: saved setting, then the system locale, then the guide's first).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Speech engine (`tebiki voices` lists them).
    #[arg(long, global = true, value_parser = engine_names())]
    pub engine: Option<String>,
    /// Speech rate as a multiple of the normal rate, 0.5–2.0.
    #[arg(long, global = true, value_parser = parse_rate)]
    pub rate: Option<f32>,
    /// Another folder of guides.
    #[arg(long, global = true, value_name = "DIR")]
    pub guides: Option<PathBuf>,
    /// No colours, no cursor movement: for screen readers and logs.
    #[arg(long, global = true)]
    pub plain: bool,
    /// Write a machine-readable log (JSON lines) to FILE; `-` for stderr.
    #[arg(long, global = true, value_name = "FILE")]
    pub events: Option<String>,
    /// A voice that `tebiki voices` lists (kept for its language); may be given once per
    /// language. For `data install`: HTS voice files to install.
    #[arg(long, global = true, value_name = "NAME")]
    pub voice: Vec<String>,
    /// Pauses between and inside sentences: short (0.6×), normal, long (1.6×); kept.
    #[arg(long, global = true, value_enum)]
    pub pause: Option<PauseArg>,
    /// Volume, 0.1–1.0.
    #[arg(long, global = true, value_parser = parse_volume)]
    pub volume: Option<f32>,
    /// A soft chime when the guide waits for a key.
    #[arg(long, global = true, value_enum)]
    pub chime: Option<OnOff>,
    /// Gentle reminders after a silence.
    #[arg(long, global = true, value_enum)]
    pub remind: Option<OnOff>,
    /// For `run`: ignore saved progress and start from the first step.
    #[arg(long, global = true)]
    pub restart: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Walk through a guide aloud, step by step.
    Run {
        /// A built-in guide id, a guide in your guide folder, or a path to a guide folder.
        guide: String,
    },
    /// List the guides that can be found.
    List {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Check guides and say what is wrong, with file and line.
    Check {
        /// Guide folders (default: every guide that can be found).
        paths: Vec<PathBuf>,
        /// Print how the Japanese voice reads every spoken text (needs the dictionary).
        #[arg(long)]
        readings: bool,
    },
    /// Turn a HowTo/Recipe (JSON-LD in .json or .html) or a Markdown numbered list into a guide.
    ///
    /// The guide's language is --lang, else the one the document gives, else judged by its script.
    Import {
        /// A .json or .html file with schema.org HowTo/Recipe JSON-LD, or a Markdown file.
        file: PathBuf,
        /// The new guide's id (its folder name): a letter, then letters, digits, - and _.
        #[arg(long, value_parser = parse_guide_id)]
        id: String,
        /// Where to put the guide folder (default: your guide folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Which HowTo/Recipe to take when the file has several (1 = the first).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        pick: Option<u32>,
        /// Replace an existing guide folder of the same id.
        #[arg(long)]
        force: bool,
    },
    /// Render every step to audio files, with a playlist and a transcript, for a phone or a music player.
    Export {
        /// A built-in guide id, a guide in your guide folder, or a path to a guide folder.
        guide: String,
        /// The folder to write: 01-<step>.wav …, playlist.m3u8, transcript.txt.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace the folder if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Speak one text with the current settings, or write it to a WAV file.
    Say {
        /// What to say; without --lang, its script decides the language.
        text: String,
        /// Write a WAV file instead of playing (needs no sound device).
        #[arg(long, value_name = "FILE.wav", conflicts_with = "reading")]
        out: Option<PathBuf>,
        /// Print how the Japanese voice reads TEXT (katakana per word) instead of speaking.
        #[arg(long)]
        reading: bool,
    },
    /// Write a large-print card of a guide (one HTML page to print): keys, steps, questions.
    Print {
        /// A built-in guide id, a guide in your guide folder, or a path to a guide folder.
        guide: String,
        /// The HTML file to write.
        #[arg(long, value_name = "FILE.html")]
        out: PathBuf,
    },
    /// Whom a listener who is stuck should ask: show it, set it, or remove it.
    ///
    /// Set by the teacher. With no option: shows the helper and how the number is read.
    Helper {
        /// The name as it should be said (e.g. "娘の花子", "Aiko").
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// The telephone number: digits, spaces, hyphens and a leading + (e.g. 090-1234-5678).
        #[arg(long, value_name = "NUMBER", allow_hyphen_values = true)]
        phone: Option<String>,
        /// Remove the helper.
        #[arg(long, conflicts_with_all = ["name", "phone"])]
        clear: bool,
    },
    /// The speech engines and voices available here, per language.
    Voices,
    /// Check sound output and each engine, and say what to install or change.
    Doctor,
    /// Manage speech data (the Japanese dictionary and voices).
    Data {
        #[command(subcommand)]
        action: DataCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Build the Japanese dictionary and install HTS voices (`--voice FILE`, repeatable).
    Install {
        /// A NAIST-JDIC source folder (e.g. `mecab-naist-jdic/` of Open `JTalk`'s source).
        #[arg(long, value_name = "DIR")]
        dictionary_source: Option<PathBuf>,
        /// The neural voice's files that scripts/setup.sh fetched and unpacked (model parts,
        /// voices, ONNX Runtime, word lists).
        #[arg(long, value_name = "DIR")]
        model_source: Option<PathBuf>,
    },
}

/// Guide ids name folders and are typed by hand: keep them to a safe, simple alphabet.
fn parse_guide_id(text: &str) -> Result<String, String> {
    let mut chars = text.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && text.len() <= 64;
    if ok {
        Ok(text.to_string())
    } else {
        Err("an id starts with a letter and has only letters, digits, - and _ (at most 64)".into())
    }
}

fn parse_limited(text: &str, limit: Limit) -> Result<f32, String> {
    let value: f32 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if limit.contains(value) {
        Ok(value)
    } else {
        Err(format!("must be between {} and {}", limit.min, limit.max))
    }
}

fn parse_rate(text: &str) -> Result<f32, String> {
    parse_limited(text, RATE)
}

fn parse_volume(text: &str) -> Result<f32, String> {
    parse_limited(text, VOLUME)
}

/// `--engine`'s values: `auto` and the speech registry's names, the same everywhere.
fn engine_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(crate::speech::EngineRequest::names())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn rate_is_bounded() {
        assert!(Cli::try_parse_from(["tebiki", "--rate", "3", "list"]).is_err());
        assert!(Cli::try_parse_from(["tebiki", "list", "--rate", "1.5"]).is_ok());
    }

    #[test]
    fn helper_sets_shows_or_clears() {
        let parse = |args: &[&str]| Cli::try_parse_from([&["tebiki", "helper"], args].concat());
        assert!(parse(&[]).is_ok());
        assert!(parse(&["--name", "Aiko", "--phone", "+81 90-1234"]).is_ok());
        assert!(parse(&["--phone", "-"]).is_ok());
        assert!(parse(&["--clear"]).is_ok());
        assert!(parse(&["--clear", "--name", "Aiko"]).is_err());
    }

    #[test]
    fn import_id_and_pick_are_checked() {
        let parse =
            |args: &[&str]| Cli::try_parse_from([&["tebiki", "import", "a.md"], args].concat());
        assert!(parse(&["--id", "tea-2"]).is_ok());
        assert!(parse(&["--id", "../x"]).is_err());
        assert!(parse(&["--id", "2tea"]).is_err());
        assert!(parse(&["--id", "a", "--pick", "0"]).is_err());
        assert!(parse(&["--id", "a", "--pick", "2", "--lang", "ja", "--force"]).is_ok());
        assert!(parse(&[]).is_err());
    }
}
