//! Settings: defaults < `config.toml` < command-line options, resolved once by
//! [`Settings::resolve`]. Each limit is written here once. The listener's own changes
//! (language, rate, voice) are written back into the file in place: comments, key
//! order and keys tebiki does not know stay as the teacher wrote them, and a file that
//! does not parse is never overwritten.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Deserialize;

use crate::atomic_file;
use crate::guide::load::{read_limited, FileRead};
use crate::l10n::{arg, Lang, Localizer};
use crate::speech::Pause;

/// A number setting's bounds and the value it has when none is given (or it is not
/// a number).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limit {
    pub min: f32,
    pub max: f32,
    pub default: f32,
}

impl Limit {
    /// The value brought within bounds.
    pub fn fit(self, value: f32) -> f32 {
        if value.is_nan() {
            self.default
        } else {
            value.clamp(self.min, self.max)
        }
    }

    pub fn contains(self, value: f32) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

/// Speech rate, a multiple of tebiki's normal rate.
pub const RATE: Limit = Limit {
    min: 0.5,
    max: 2.0,
    default: 1.0,
};
/// What one press of `+` or `-` changes the rate by.
pub const RATE_STEP: f32 = 0.1;
/// Volume, a multiple of full scale.
pub const VOLUME: Limit = Limit {
    min: 0.1,
    max: 1.0,
    default: 1.0,
};

/// The settings a run uses, every value decided.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// The engine asked for by name (`--engine`, else `engine`); `None` lets speech
    /// choose. A name speech does not know is speech's to ignore.
    pub engine: Option<String>,
    /// The chosen voice per language.
    pub voices: BTreeMap<Lang, String>,
    pub rate: f32,
    pub volume: f32,
    pub chime: bool,
    pub remind: bool,
    /// The language asked for (`--lang`, else `lang`); `None` leaves it to the system
    /// and the guide.
    pub lang: Option<Lang>,
    /// How long the pauses between and inside sentences are.
    pub pause: Pause,
}

impl Settings {
    pub const DEFAULTS: Settings = Settings {
        engine: None,
        voices: BTreeMap::new(),
        rate: RATE.default,
        volume: VOLUME.default,
        chime: true,
        remind: true,
        lang: None,
        pause: Pause::Normal,
    };

    /// Options win over the file, the file over the defaults; numbers are brought
    /// within their limits.
    pub fn resolve(defaults: &Settings, file: &Layer, options: &Layer) -> Settings {
        let asked = options.clone().or(file.clone());
        let mut voices = defaults.voices.clone();
        voices.extend(asked.voice);
        Settings {
            engine: asked.engine.or_else(|| defaults.engine.clone()),
            voices,
            rate: RATE.fit(asked.rate.unwrap_or(defaults.rate)),
            volume: VOLUME.fit(asked.volume.unwrap_or(defaults.volume)),
            chime: asked.chime.unwrap_or(defaults.chime),
            remind: asked.remind.unwrap_or(defaults.remind),
            lang: asked.lang.or_else(|| defaults.lang.clone()),
            pause: asked.pause.unwrap_or(defaults.pause),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::DEFAULTS
    }
}

/// One source of settings, every value optional: the file, or the command line.
/// Its fields are the file's keys.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Layer {
    pub engine: Option<String>,
    #[serde(default)]
    pub voice: BTreeMap<Lang, String>,
    #[serde(default, deserialize_with = "number")]
    pub rate: Option<f32>,
    #[serde(default, deserialize_with = "number")]
    pub volume: Option<f32>,
    pub chime: Option<bool>,
    pub remind: Option<bool>,
    pub lang: Option<Lang>,
    pub pause: Option<Pause>,
}

impl Layer {
    /// This layer's values, and `lower`'s where this one has none.
    #[must_use]
    pub fn or(self, lower: Layer) -> Layer {
        let mut voice = lower.voice;
        voice.extend(self.voice);
        Layer {
            engine: self.engine.or(lower.engine),
            voice,
            rate: self.rate.or(lower.rate),
            volume: self.volume.or(lower.volume),
            chime: self.chime.or(lower.chime),
            remind: self.remind.or(lower.remind),
            lang: self.lang.or(lower.lang),
            pause: self.pause.or(lower.pause),
        }
    }

    /// The file's values; a key of the wrong type is left out (and reported), the
    /// others still count.
    fn from_text(text: &str) -> Result<(Layer, Option<Located>), Located> {
        let table = match text.parse::<toml::Table>() {
            Ok(t) => t,
            Err(e) => return Err(located(text, e.span(), e.message())),
        };
        let error = match toml::from_str::<Layer>(text) {
            Ok(layer) => return Ok((layer, None)),
            Err(e) => located(text, e.span(), e.message()),
        };
        let mut layer = Layer::default();
        for (key, value) in table {
            let one = toml::Table::from_iter([(key, value)]);
            if let Ok(found) = one.try_into::<Layer>() {
                layer = found.or(layer);
            }
        }
        Ok((layer, Some(error)))
    }
}

/// `rate = 1` is as good as `rate = 1.0`.
fn number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Number {
        Int(i64),
        Float(f64),
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    Ok(Some(match Number::deserialize(d)? {
        Number::Int(i) => i as f32,
        Number::Float(f) => f as f32,
    }))
}

/// A line of the file and what is wrong there.
type Located = (usize, String);

fn located(text: &str, span: Option<std::ops::Range<usize>>, message: &str) -> Located {
    let line = span.map_or(1, |s| crate::guide::Pos::at(text, s.start).line);
    (line, message.trim().to_string())
}

/// What is wrong with the settings file, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingsProblem {
    pub path: PathBuf,
    pub line: usize,
    pub detail: String,
}

impl SettingsProblem {
    /// `path:line`, as the listener is told where to look.
    pub fn place(&self) -> String {
        format!("{}:{}", self.path.display(), self.line)
    }
}

/// A change the listener made that is written back to the file.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Lang(Lang),
    Rate(f32),
    Voice(Lang, String),
    Pause(Pause),
}

impl Change {
    /// The options that are kept in the file rather than held for one run:
    /// `--voice`, `--pause`.
    pub fn kept_options(options: &Layer) -> Vec<Change> {
        let voices = options.voice.iter();
        voices
            .map(|(lang, name)| Change::Voice(lang.clone(), name.clone()))
            .chain(options.pause.map(Change::Pause))
            .collect()
    }

    /// The key's path in the file (`["voice", "ja"]`) and its value.
    fn key_and_value(&self) -> (Vec<&str>, toml_edit::Value) {
        match self {
            Change::Lang(lang) => (vec!["lang"], lang.as_str().into()),
            Change::Rate(rate) => (vec!["rate"], shown(*rate).into()),
            Change::Voice(lang, name) => (vec!["voice", lang.as_str()], name.as_str().into()),
            Change::Pause(pause) => (vec!["pause"], pause.name().into()),
        }
    }
}

/// A number as the listener was told it: two decimals at most (`1.1`, never
/// `1.100000023841858`).
fn shown(value: f32) -> f64 {
    (f64::from(value) * 100.0).round() / 100.0
}

/// Why a change holds for this run only.
#[derive(Debug)]
pub enum NotKept {
    /// The file does not parse (or cannot be read): it is left as it is.
    Broken(SettingsProblem),
    /// The file could not be written.
    Unwritable { path: PathBuf, reason: String },
}

impl NotKept {
    /// The listener's message, in their language.
    pub fn message(&self, l10n: &Localizer, lang: &Lang) -> String {
        match self {
            NotKept::Broken(p) => {
                l10n.text_args(lang, "settings-not-kept", &[arg("file", p.place())])
            }
            NotKept::Unwritable { path, reason } => l10n.text_args(
                lang,
                "settings-not-written",
                &[
                    arg("file", path.display().to_string()),
                    arg("reason", reason.as_str()),
                ],
            ),
        }
    }
}

/// The settings file of this run. It tells each caller of [`SettingsFile::keep`] why a
/// change was not kept only the first time, so the listener hears it once a run.
#[derive(Debug)]
pub struct SettingsFile {
    path: PathBuf,
    told: AtomicBool,
}

impl SettingsFile {
    pub fn new(path: PathBuf) -> SettingsFile {
        SettingsFile {
            path,
            told: AtomicBool::new(false),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the settings; a missing file is no settings, a broken one is reported
    /// and ignored (the listener must never be stopped by a settings file).
    pub fn load(&self) -> (Layer, Option<SettingsProblem>) {
        let text = match self.read() {
            Ok(Some(text)) => text,
            Ok(None) => return (Layer::default(), None),
            Err(problem) => return (Layer::default(), Some(problem)),
        };
        match Layer::from_text(&text) {
            Ok((layer, wrong)) => (layer, wrong.map(|w| self.problem(w))),
            Err(broken) => (Layer::default(), Some(self.problem(broken))),
        }
    }

    /// Writes one change into the file, leaving everything else as it is. A file
    /// that cannot be read or does not parse is not touched.
    pub fn save(&self, change: &Change) -> Result<(), NotKept> {
        let text = self.read().map_err(NotKept::Broken)?.unwrap_or_default();
        let mut doc = text
            .parse::<toml_edit::DocumentMut>()
            .map_err(|e| NotKept::Broken(self.problem(located(&text, e.span(), e.message()))))?;
        let (key, value) = change.key_and_value();
        set(doc.as_table_mut(), &key, value);
        atomic_file::write(&self.path, doc.to_string().as_bytes()).map_err(|e| {
            NotKept::Unwritable {
                path: self.path.clone(),
                reason: e.to_string(),
            }
        })
    }

    /// [`SettingsFile::save`]; why it failed is returned the first time only.
    pub fn keep(&self, change: &Change) -> Option<NotKept> {
        let not_kept = self.save(change).err()?;
        (!self.told.swap(true, Ordering::SeqCst)).then_some(not_kept)
    }

    fn read(&self) -> Result<Option<String>, SettingsProblem> {
        match read_limited(&self.path, &self.path.display().to_string()) {
            FileRead::Text(t) => Ok(Some(t)),
            FileRead::Missing => Ok(None),
            FileRead::Unreadable(p) => Err(SettingsProblem {
                path: self.path.clone(),
                line: p.line,
                detail: p.args.first().map(|a| a.1.clone()).unwrap_or_default(),
            }),
        }
    }

    fn problem(&self, (line, detail): Located) -> SettingsProblem {
        SettingsProblem {
            path: self.path.clone(),
            line,
            detail,
        }
    }
}

/// Sets `key` (a path of table names, then the key) in `table`. An existing value
/// keeps its place and its comments; a new key goes at the end of its table (a
/// `[voice]` table or dotted `voice.en = …` keys alike).
fn set(table: &mut dyn toml_edit::TableLike, key: &[&str], mut value: toml_edit::Value) {
    match key {
        [] => {}
        [last] => match table.get_mut(last).and_then(toml_edit::Item::as_value_mut) {
            Some(old) => {
                *value.decor_mut() = old.decor().clone();
                *old = value;
            }
            None => {
                // `{ en = "x" }`: the space before `}` is the last value's; it moves
                // to the new last value.
                let last_value = table.iter_mut().last();
                if let Some(prev) = last_value.and_then(|(_, item)| item.as_value_mut()) {
                    let suffix = prev.decor().suffix().and_then(|s| s.as_str());
                    if let Some(space) = suffix.filter(|s| s.trim().is_empty()) {
                        value.decor_mut().set_suffix(space.to_string());
                        prev.decor_mut().set_suffix("");
                    }
                }
                table.insert(last, toml_edit::Item::Value(value));
            }
        },
        [first, rest @ ..] => {
            if !table.get(first).is_some_and(toml_edit::Item::is_table_like) {
                table.insert(first, toml_edit::Item::Table(toml_edit::Table::new()));
            }
            if let Some(inner) = table
                .get_mut(first)
                .and_then(toml_edit::Item::as_table_like_mut)
            {
                set(inner, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(text: &str) -> Layer {
        let (layer, problem) = Layer::from_text(text).unwrap();
        assert!(problem.is_none(), "{problem:?}");
        layer
    }

    fn voices(pairs: &[(Lang, &str)]) -> BTreeMap<Lang, String> {
        pairs
            .iter()
            .map(|(l, v)| (l.clone(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn resolve_defaults_then_file_then_options() {
        let d = Settings::DEFAULTS;
        // (what, file, options, expected)
        let cases: Vec<(&str, &str, Layer, Settings)> = vec![
            ("nothing: the defaults", "", Layer::default(), d.clone()),
            (
                "the file over the defaults",
                "rate = 1.3\nvolume = 0.5\nchime = false\nremind = false\n\
                 lang = \"ja\"\nengine = \"engine-a\"\npause = \"long\"\n[voice]\nja = \"mei\"\n",
                Layer::default(),
                Settings {
                    engine: Some("engine-a".into()),
                    voices: voices(&[(Lang::ja(), "mei")]),
                    rate: 1.3,
                    volume: 0.5,
                    chime: false,
                    remind: false,
                    lang: Some(Lang::ja()),
                    pause: Pause::Long,
                },
            ),
            (
                "options over the file, the file's other values kept",
                "rate = 1.3\nvolume = 0.5\nlang = \"ja\"\nvoice.ja = \"mei\"\nvoice.en = \"en-gb\"\n\
                 pause = \"long\"\n",
                Layer {
                    rate: Some(0.8),
                    pause: Some(Pause::Short),
                    lang: Some(Lang::en()),
                    chime: Some(false),
                    voice: voices(&[(Lang::ja(), "m001")]),
                    engine: Some("engine-b".into()),
                    ..Layer::default()
                },
                Settings {
                    engine: Some("engine-b".into()),
                    voices: voices(&[(Lang::ja(), "m001"), (Lang::en(), "en-gb")]),
                    rate: 0.8,
                    volume: 0.5,
                    chime: false,
                    remind: true,
                    lang: Some(Lang::en()),
                    pause: Pause::Short,
                },
            ),
            (
                "out of range: brought within the limits",
                "rate = 9\nvolume = 0.0\n",
                Layer::default(),
                Settings {
                    rate: RATE.max,
                    volume: VOLUME.min,
                    ..d.clone()
                },
            ),
            (
                "too slow, and not a number",
                "rate = 0.1\nvolume = nan\n",
                Layer::default(),
                Settings {
                    rate: RATE.min,
                    volume: VOLUME.default,
                    ..d.clone()
                },
            ),
            (
                "an option out of range too",
                "",
                Layer {
                    rate: Some(-3.0),
                    volume: Some(f32::INFINITY),
                    ..Layer::default()
                },
                Settings {
                    rate: RATE.min,
                    volume: VOLUME.max,
                    ..d.clone()
                },
            ),
            (
                "unknown keys and tables are no settings",
                "mine = 3\n[helper]\nname = \"Aiko\"\n",
                Layer::default(),
                d.clone(),
            ),
        ];
        for (what, file, options, expected) in cases {
            assert_eq!(
                Settings::resolve(&d, &layer(file), &options),
                expected,
                "{what}"
            );
        }
    }

    #[test]
    fn resolve_starts_from_the_defaults_given() {
        let defaults = Settings {
            rate: 1.5,
            chime: false,
            voices: voices(&[(Lang::en(), "en-us")]),
            ..Settings::DEFAULTS
        };
        let file = layer("voice.ja = \"mei\"\n");
        let got = Settings::resolve(&defaults, &file, &Layer::default());
        assert!((got.rate - 1.5).abs() < f32::EPSILON);
        assert!(!got.chime);
        assert_eq!(
            got.voices,
            voices(&[(Lang::en(), "en-us"), (Lang::ja(), "mei")])
        );
    }

    #[test]
    fn loading_missing_broken_and_half_wrong_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::new(dir.path().join("config.toml"));
        // (file text, rate found, line of the problem)
        let cases: [(Option<&str>, Option<f32>, Option<usize>); 5] = [
            (None, None, None),
            (Some("rate = 1.2\n"), Some(1.2), None),
            (Some("# slow\n\nrate = = 1\n"), None, Some(3)),
            (Some("rate = 1.2\nchime = \"yes\"\n"), Some(1.2), Some(2)),
            (Some("rate = 2\n"), Some(2.0), None),
        ];
        for (text, rate, line) in cases {
            let _ = std::fs::remove_file(file.path());
            if let Some(text) = text {
                std::fs::write(file.path(), text).unwrap();
            }
            let (layer, problem) = file.load();
            assert_eq!(layer.rate, rate, "{text:?}");
            assert_eq!(problem.as_ref().map(|p| p.line), line, "{text:?}");
            if let Some(p) = problem {
                assert_eq!(p.path, file.path());
                assert!(!p.detail.is_empty());
                assert!(p.place().ends_with(&format!("config.toml:{}", p.line)));
            }
        }
    }

    /// Saves `changes` into a file holding `before`; returns what the file holds.
    fn saved(before: Option<&str>, changes: &[Change]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::new(dir.path().join("tebiki/config.toml"));
        if let Some(before) = before {
            std::fs::create_dir_all(dir.path().join("tebiki")).unwrap();
            std::fs::write(file.path(), before).unwrap();
        }
        for change in changes {
            file.save(change).unwrap();
        }
        std::fs::read_to_string(file.path()).unwrap()
    }

    #[test]
    fn saving_keeps_comments_order_and_unknown_keys() {
        let before = "\
# Settings for Grandma. Ask Ken before changing.
engine = \"engine-a\"   # the voices are too fast on this laptop
rate = 1.0 # slow
mine = 3

[voice]
# Mei is clearer.
ja = \"m001\"

[extra]
keep = [1, 2]
";
        let after = saved(
            Some(before),
            &[
                Change::Rate(1.1),
                Change::Voice(Lang::ja(), "mei".into()),
                Change::Voice(Lang::en(), "en-gb".into()),
                Change::Lang(Lang::ja()),
            ],
        );
        let expected = "\
# Settings for Grandma. Ask Ken before changing.
engine = \"engine-a\"   # the voices are too fast on this laptop
rate = 1.1 # slow
mine = 3
lang = \"ja\"

[voice]
# Mei is clearer.
ja = \"mei\"
en = \"en-gb\"

[extra]
keep = [1, 2]
";
        assert_eq!(after, expected);
    }

    #[test]
    fn saving_into_dotted_and_inline_voice_keys_keeps_their_form() {
        let after = saved(
            Some("voice.en = \"en-us\" # US\nrate = 1.2\n"),
            &[Change::Voice(Lang::ja(), "mei".into())],
        );
        assert_eq!(
            after,
            "voice.en = \"en-us\" # US\nvoice.ja = \"mei\"\nrate = 1.2\n"
        );
        let after = saved(
            Some("voice = { en = \"en-us\" }\n"),
            &[Change::Voice(Lang::ja(), "mei".into())],
        );
        assert_eq!(after, "voice = { en = \"en-us\", ja = \"mei\" }\n");
    }

    #[test]
    fn saving_into_no_file_or_an_empty_one() {
        let expected = "lang = \"en\"\nrate = 0.7\n\n[voice]\nja = \"mei\"\n";
        let changes = [
            Change::Lang(Lang::en()),
            Change::Voice(Lang::ja(), "mei".into()),
            Change::Rate(0.7),
        ];
        assert_eq!(saved(None, &changes), expected);
        assert_eq!(saved(Some(""), &changes), expected);
        let after = saved(Some("engine = \"engine-a\" # mine"), &[Change::Rate(1.1)]);
        assert_eq!(after, "engine = \"engine-a\" # mine\nrate = 1.1\n");
    }

    #[test]
    fn only_the_voice_option_is_kept() {
        let options = Layer {
            voice: voices(&[(Lang::ja(), "mei")]),
            rate: Some(1.5),
            lang: Some(Lang::ja()),
            engine: Some("engine-a".into()),
            ..Layer::default()
        };
        assert_eq!(
            Change::kept_options(&options),
            [Change::Voice(Lang::ja(), "mei".into())]
        );
    }

    #[test]
    fn numbers_are_saved_as_shown() {
        // (the rate after presses of + from 1.0, as f32 arithmetic gives it)
        let mut rate = 1.0_f32;
        for _ in 0..3 {
            rate += RATE_STEP;
        }
        for (value, text) in [
            (rate, "rate = 1.3\n"),
            (1.1, "rate = 1.1\n"),
            (0.5, "rate = 0.5\n"),
            (2.0, "rate = 2.0\n"),
            (1.25, "rate = 1.25\n"),
        ] {
            assert_eq!(saved(None, &[Change::Rate(value)]), text, "{value}");
        }
        let file = saved(Some("rate = 1.0\n"), &[Change::Rate(1.1)]);
        let (layer, _) = Layer::from_text(&file).unwrap();
        assert_eq!(layer.rate, Some(1.1));
    }

    #[test]
    fn a_wrong_value_is_replaced_in_place() {
        let after = saved(
            Some("rate = \"fast\" # oops\nchime = true\n"),
            &[Change::Rate(1.1)],
        );
        assert_eq!(after, "rate = 1.1 # oops\nchime = true\n");
        let after = saved(
            Some("voice = \"mei\"\n"),
            &[Change::Voice(Lang::ja(), "mei".into())],
        );
        assert_eq!(layer(&after).voice, voices(&[(Lang::ja(), "mei")]));
    }

    #[test]
    fn a_broken_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::new(dir.path().join("config.toml"));
        let broken = "# mine\nrate = 1.2\nchime = yes\n";
        std::fs::write(file.path(), broken).unwrap();
        for change in [
            Change::Rate(1.3),
            Change::Lang(Lang::ja()),
            Change::Voice(Lang::ja(), "mei".into()),
        ] {
            match file.save(&change) {
                Err(NotKept::Broken(p)) => {
                    assert_eq!(p.line, 3);
                    assert_eq!(p.path, file.path());
                }
                other => panic!("{change:?}: {other:?}"),
            }
            assert_eq!(std::fs::read_to_string(file.path()).unwrap(), broken);
        }
        // Told once a run.
        assert!(matches!(
            file.keep(&Change::Rate(1.1)),
            Some(NotKept::Broken(_))
        ));
        assert!(file.keep(&Change::Rate(1.2)).is_none());
        assert_eq!(std::fs::read_to_string(file.path()).unwrap(), broken);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_that_is_not_text_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::new(dir.path().join("config.toml"));
        let bytes = b"rate = 1.2\n\xff\xfe\n";
        std::fs::write(file.path(), bytes).unwrap();
        assert!(matches!(
            file.save(&Change::Rate(1.3)),
            Err(NotKept::Broken(_))
        ));
        assert_eq!(std::fs::read(file.path()).unwrap(), bytes);
    }

    #[test]
    fn the_listener_is_told_which_line_of_which_file() {
        let l10n = Localizer::builtin();
        let problem = SettingsProblem {
            path: PathBuf::from("/home/a/.config/tebiki/config.toml"),
            line: 7,
            detail: "x".into(),
        };
        for lang in [Lang::ja(), Lang::en()] {
            let text = NotKept::Broken(problem.clone()).message(&l10n, &lang);
            assert!(
                text.contains("/home/a/.config/tebiki/config.toml:7"),
                "{text}"
            );
            let text = NotKept::Unwritable {
                path: problem.path.clone(),
                reason: "disk full".into(),
            }
            .message(&l10n, &lang);
            assert!(text.contains("disk full"), "{text}");
        }
    }

    #[test]
    fn limits_hold_their_own_bounds() {
        for limit in [RATE, VOLUME] {
            assert!(limit.min < limit.max);
            assert!(limit.contains(limit.default));
            assert!((limit.fit(limit.max + 1.0) - limit.max).abs() < f32::EPSILON);
            assert!((limit.fit(limit.min - 1.0) - limit.min).abs() < f32::EPSILON);
        }
    }
}
