//! Every text that is spoken, listed with where it is written: a guide's title and
//! each step's section, text (or `.speak`) and detail, and the program's own spoken
//! texts from `locales/<lang>/tebiki.ftl`, each as the engine gets it (after the
//! lexicon). For reviewing pronunciation (`tebiki check --readings`). Pure: the
//! caller reads nothing but what it passes in.

use std::collections::BTreeMap;

use fluent_bundle::FluentValue;
use fluent_syntax::ast;

use crate::builtin;
use crate::guide::load::MessageLines;
use crate::guide::{Guide, Lexicon};
use crate::l10n::{Arg, Lang, Localizer};

/// One spoken text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spoken {
    /// `FILE:LINE`, as `check` names places.
    pub place: String,
    /// The message and attribute: `intro`, `intro.detail`, `prompt-next`.
    pub label: String,
    /// As written (what is shown, or `.speak`).
    pub text: String,
    /// As sent to the speech engine: after the lexicon.
    pub spoken: String,
}

/// The spoken texts of `guide` in `lang`, in file order. `ftl` is the text of the
/// guide's `<lang>.ftl` (for line numbers) and `file` its name in messages.
pub fn guide_texts(guide: &Guide, lang: &Lang, file: &str, ftl: &str) -> Vec<Spoken> {
    let lines = MessageLines::new(ftl);
    let place = |label: &str, id: &str| {
        let line = lines.of(id).line;
        let line = match label.split_once('.') {
            Some((_, attr)) => attribute_line(ftl, line, attr),
            None => line,
        };
        format!("{file}:{line}")
    };
    let spoken = |label: String, id: &str, text: &str| Spoken {
        place: place(&label, id),
        label,
        text: text.to_string(),
        spoken: guide.speakable(lang, text),
    };
    let mut out = vec![spoken("title".into(), "title", guide.title(lang))];
    for (i, step) in guide.steps.iter().enumerate() {
        let t = guide.step_text(lang, i);
        let id = step.id.as_str();
        if let Some(section) = &t.section {
            out.push(spoken(format!("{id}.section"), id, section));
        }
        match &t.speak {
            Some(speak) => out.push(spoken(format!("{id}.speak"), id, speak)),
            None => out.push(spoken(id.to_string(), id, &t.shown)),
        }
        if let Some(detail) = &t.detail {
            out.push(spoken(format!("{id}.detail"), id, detail));
        }
    }
    out.retain(|s| !s.text.trim().is_empty());
    out
}

/// The line of attribute `.attr` of the message on line `message` (1-based): the
/// first indented line after it that starts with `.attr`, before the next message;
/// the message's own line when there is none.
fn attribute_line(ftl: &str, message: usize, attr: &str) -> usize {
    for (i, line) in ftl.lines().enumerate().skip(message) {
        let trimmed = line.trim_start();
        if !line.is_empty() && trimmed.len() == line.len() && !trimmed.starts_with('#') {
            break;
        }
        if let Some(rest) = trimmed.strip_prefix('.').and_then(|r| r.strip_prefix(attr)) {
            if rest.trim_start().starts_with('=') {
                return i + 1;
            }
        }
    }
    message
}

/// Texts of `tebiki.ftl` that are only shown or printed, never spoken: the key line,
/// command output, errors, advice for authors.
const SHOWN_ONLY: &[&str] = &[
    "lang-name-",
    "keys-",
    "engine-",
    "list-",
    "check-",
    "error-",
    "warning-",
    "voices-",
    "data-",
    "doctor-",
    "import-",
    "say-",
    "readings-",
    "print-",
    "sound-",
    "missing-",
    "export-done",
    "export-lang-missing",
];

/// The program's own spoken texts in `lang`, in file order, formatted with sample
/// values for their variables (a number where a number goes, so that "15 分" is read
/// as it will be) and read through `lexicon`.
pub fn program_texts(l10n: &Localizer, lang: &Lang, lexicon: Option<&Lexicon>) -> Vec<Spoken> {
    let Some((_, _, source)) = builtin::LOCALE_FILES
        .iter()
        .find(|(dir, file, _)| *dir == lang.as_str() && *file == "tebiki.ftl")
    else {
        return Vec::new();
    };
    let resource = match fluent_syntax::parser::parse(*source) {
        Ok(r) | Err((r, _)) => r,
    };
    let lines = MessageLines::new(source);
    let samples = samples(l10n, lang);
    let args: Vec<Arg<'_>> = samples
        .iter()
        .map(|(k, v)| (*k, v.clone()))
        .collect::<Vec<_>>();
    let mut out = Vec::new();
    for entry in &resource.body {
        let ast::Entry::Message(m) = entry else {
            continue;
        };
        let id = m.id.name;
        if m.value.is_none() || SHOWN_ONLY.iter().any(|p| id.starts_with(p)) {
            continue;
        }
        // A variable without a sample value is filled with its own name, so that no
        // `{$name}` reaches the reading.
        let mut own = args.clone();
        let mut vars = std::collections::BTreeSet::new();
        if let Some(value) = &m.value {
            crate::guide::load::pattern_vars(value, &mut vars);
        }
        for var in vars {
            if !samples.contains_key(var) {
                own.push((var, FluentValue::from(var)));
            }
        }
        let text = l10n.text_args(lang, id, &own);
        out.push(Spoken {
            place: format!("locales/{lang}/tebiki.ftl:{}", lines.of(id).line),
            label: id.to_string(),
            spoken: lexicon.map_or_else(|| text.clone(), |l| l.apply(&text)),
            text,
        });
    }
    out
}

/// Values for the variables of spoken program texts, like the ones the player
/// passes: numbers as numbers, texts as a plausible text.
fn samples<'a>(l10n: &Localizer, lang: &Lang) -> BTreeMap<&'a str, FluentValue<'a>> {
    let mut map: BTreeMap<&str, FluentValue<'_>> = BTreeMap::new();
    for (name, n) in [
        ("n", 3),
        ("total", 21),
        ("minutes", 15),
        ("count", 2),
        ("yes", 5),
        ("no", 8),
        ("key", 2),
    ] {
        map.insert(name, FluentValue::from(n));
    }
    let counter = l10n.text_args(
        lang,
        "where-counter",
        &[
            ("n", FluentValue::from(3)),
            ("total", FluentValue::from(21)),
        ],
    );
    let text = l10n.text(lang, "readings-sample-step");
    let next = l10n.text_args(lang, "where-next", &[("text", text.clone().into())]);
    // A choice between two phones, as the built-in guides ask.
    let (o1, o2) = ("Android", "iPhone");
    let options = l10n.text_args(
        lang,
        "prompt-choice",
        &[
            ("count", FluentValue::from(2)),
            ("o1", o1.into()),
            ("o2", o2.into()),
            ("o3", "".into()),
        ],
    );
    let leads = l10n.text_args(
        lang,
        "where-option",
        &[
            ("option", o2.into()),
            ("key", FluentValue::from(2)),
            ("text", text.clone().into()),
        ],
    );
    let strings = [
        ("o1", o1.to_string()),
        ("o2", o2.to_string()),
        ("o3", String::new()),
        ("option", o2.to_string()),
        ("options", options),
        ("leads", leads),
        ("rate", "1.2".to_string()),
        ("lang", l10n.text(lang, "lang-name-en")),
        ("title", l10n.text(lang, "readings-sample-title")),
        ("text", text),
        ("counter", counter),
        ("next", next),
        ("name", l10n.text(lang, "readings-sample-name")),
        ("phone", "090-1234-5678".to_string()),
    ];
    for (name, value) in strings {
        map.insert(name, FluentValue::from(value));
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::load::{builtin_lexicons, load};
    use crate::guide::Source;

    #[test]
    fn a_guide_lists_title_sections_texts_and_details_with_lines() {
        let source = Source::Builtin("my-au-login".into());
        let guide = load(&source, &builtin_lexicons()).guide.unwrap();
        let ftl = builtin::GUIDE_FILES
            .iter()
            .find(|(d, f, _)| *d == "my-au-login" && *f == "ja.ftl")
            .unwrap()
            .2;
        let texts = guide_texts(&guide, &Lang::ja(), "x/ja.ftl", ftl);
        assert_eq!(texts[0].label, "title");
        assert_eq!(texts[0].place, "x/ja.ftl:1");
        // An attribute is found on its own line.
        let detail = texts.iter().find(|t| t.label == "intro.detail").unwrap();
        let line: usize = detail.place.rsplit(':').next().unwrap().parse().unwrap();
        assert!(ftl
            .lines()
            .nth(line - 1)
            .unwrap()
            .trim_start()
            .starts_with(".detail"));
        assert!(texts.iter().any(|t| t.label.ends_with(".section")));
        assert!(texts.iter().any(|t| t.label.ends_with(".detail")));
        // Every step's text is there, and what is spoken went through the lexicon.
        for step in &guide.steps {
            assert!(
                texts
                    .iter()
                    .any(|t| t.label == step.id || t.label == format!("{}.speak", step.id)),
                "{}",
                step.id
            );
        }
        assert!(texts.iter().all(|t| !t.spoken.contains("My au")));
    }

    #[test]
    fn program_texts_are_the_spoken_ones_with_numbers_filled_in() {
        let l10n = Localizer::builtin();
        let texts = program_texts(&l10n, &Lang::ja(), None);
        let labels: Vec<&str> = texts.iter().map(|t| t.label.as_str()).collect();
        for spoken in ["prompt-next", "help-keys", "timer-reminder", "where"] {
            assert!(labels.contains(&spoken), "{spoken} missing");
        }
        for shown in ["keys-step", "check-ok", "error-prefix", "list-steps"] {
            assert!(!labels.contains(&shown), "{shown} is not spoken");
        }
        let timer = texts.iter().find(|t| t.label == "timer-reminder").unwrap();
        assert!(timer.text.contains("15"), "{}", timer.text);
        assert!(
            texts.iter().all(|t| !t.text.contains("{$")),
            "a variable is unfilled"
        );
    }
}
