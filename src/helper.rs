//! The person to ask when the listener is stuck: a name and a telephone number that
//! the teacher sets with `tebiki helper --name … --phone …`, kept in the settings as
//! `helper.name` and `helper.phone`. The number is checked here (digits, spaces,
//! hyphens, a leading +) and read out digit by digit in the listener's language.

use std::path::Path;

use crate::l10n::{arg, Lang, Localizer};

/// Whom to ask. Either part may be missing; tebiki never invents the other.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Helper {
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// Why a telephone number was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadPhone {
    /// Nothing but spaces and hyphens: no digit at all.
    NoDigit,
    /// A character that a telephone number does not hold (the first one).
    Character(char),
}

impl Helper {
    /// Neither a name nor a number.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.phone.is_none()
    }
}

/// What tebiki says to a listener who is stuck: whom to ask (the number as written,
/// or `spoken` digit by digit), else the keys that help (`b` only where there is a
/// step to go back to). Never a number that was not set.
pub fn stuck_text(
    l10n: &Localizer,
    lang: &Lang,
    helper: &Helper,
    can_go_back: bool,
    spoken: bool,
) -> String {
    let phone = helper.phone.as_deref().map(|p| {
        if spoken {
            spoken_phone(l10n, lang, p)
        } else {
            p.to_string()
        }
    });
    match (helper.name.as_deref(), phone) {
        (Some(name), Some(phone)) => l10n.text_args(
            lang,
            "stuck-helper",
            &[arg("name", name), arg("phone", phone)],
        ),
        (Some(name), None) => l10n.text_args(lang, "stuck-helper-name", &[arg("name", name)]),
        (None, Some(phone)) => l10n.text_args(lang, "stuck-helper-phone", &[arg("phone", phone)]),
        (None, None) if can_go_back => l10n.text(lang, "stuck-no-helper"),
        (None, None) => l10n.text(lang, "stuck-no-helper-first"),
    }
}

/// The helper kept in the settings file (`[helper]`, `name` and `phone`). A missing
/// or broken file, or values that do not pass the checks, are no helper: a number is
/// never made up or half read.
pub fn load(config_file: &Path) -> Helper {
    let Ok(text) = std::fs::read_to_string(config_file) else {
        return Helper::default();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Helper::default();
    };
    let Some(helper) = table.get("helper").and_then(toml::Value::as_table) else {
        return Helper::default();
    };
    let get = |key: &str| helper.get(key).and_then(toml::Value::as_str);
    Helper {
        name: get("name").and_then(clean_name),
        phone: get("phone").and_then(|p| check_phone(p).ok()),
    }
}

/// Why the helper could not be kept.
#[derive(Debug)]
pub enum SaveError {
    /// The settings file does not parse: it is left as it is.
    Broken {
        line: usize,
        detail: String,
    },
    Write(std::io::Error),
}

/// Writes `helper` into the settings file as `[helper]` (`None` or an empty helper
/// removes it), in place: comments, order and every other key stay as they were. A
/// file that does not parse is never overwritten.
pub fn save(config_file: &Path, helper: Option<&Helper>) -> Result<(), SaveError> {
    let text = match std::fs::read_to_string(config_file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(SaveError::Write(e)),
    };
    let mut doc = text
        .parse::<toml_edit::DocumentMut>()
        .map_err(|e| SaveError::Broken {
            line: e
                .span()
                .map_or(1, |s| crate::guide::Pos::at(&text, s.start).line),
            detail: e.message().trim().to_string(),
        })?;
    let helper = helper.filter(|h| !h.is_empty());
    if helper.is_some()
        && !doc
            .get("helper")
            .is_some_and(toml_edit::Item::is_table_like)
    {
        doc.insert("helper", toml_edit::table());
    }
    if let Some(table) = doc
        .get_mut("helper")
        .and_then(toml_edit::Item::as_table_like_mut)
    {
        let new = helper.cloned().unwrap_or_default();
        for (key, value) in [("name", new.name), ("phone", new.phone)] {
            match value {
                Some(v) => match table.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
                    Some(old) => {
                        let decor = old.decor().clone();
                        *old = v.into();
                        *old.decor_mut() = decor;
                    }
                    None => {
                        table.insert(key, toml_edit::value(v));
                    }
                },
                None => {
                    table.remove(key);
                }
            }
        }
        if table.is_empty() {
            doc.remove("helper");
        }
    }
    crate::atomic_file::write(config_file, doc.to_string().as_bytes()).map_err(SaveError::Write)
}

/// A name as it is kept: trimmed, one line, never empty.
pub fn clean_name(name: &str) -> Option<String> {
    let one_line: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    (!one_line.is_empty()).then_some(one_line)
}

/// A telephone number as it is kept: trimmed; digits, spaces, hyphens and a leading
/// `+` only, with at least one digit. Full-width digits typed with a Japanese input
/// method are taken as the same digits.
pub fn check_phone(phone: &str) -> Result<String, BadPhone> {
    let phone = phone.trim();
    let mut out = String::new();
    for (i, c) in phone.chars().enumerate() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | 'ー' | '‐' | '−' => '-',
            '＋' => '+',
            '\u{3000}' => ' ',
            other => other,
        };
        match c {
            '0'..='9' | ' ' | '-' => out.push(c),
            '+' if i == 0 => out.push(c),
            other => return Err(BadPhone::Character(other)),
        }
    }
    if out.chars().any(|c| c.is_ascii_digit()) {
        Ok(out)
    } else {
        Err(BadPhone::NoDigit)
    }
}

/// The number as it is spoken: each digit by its name in `lang` (`digit-0` … in
/// `tebiki.ftl`), groups (between spaces or hyphens) set apart by `phone-group-gap`,
/// a leading `+` as `phone-plus`.
pub fn spoken_phone(l10n: &Localizer, lang: &Lang, phone: &str) -> String {
    let digit = |d: char| l10n.text(lang, &format!("digit-{d}"));
    let word_gap = l10n.text(lang, "phone-digit-gap");
    let group_gap = l10n.text(lang, "phone-group-gap");
    let mut groups: Vec<String> = Vec::new();
    let mut plus = false;
    for (i, group) in phone
        .split([' ', '-'])
        .filter(|g| !g.is_empty())
        .enumerate()
    {
        let group = match group.strip_prefix('+') {
            Some(rest) if i == 0 => {
                plus = true;
                rest
            }
            _ => group,
        };
        let words: Vec<String> = group
            .chars()
            .filter(char::is_ascii_digit)
            .map(digit)
            .collect();
        if !words.is_empty() {
            groups.push(words.join(&word_gap));
        }
    }
    let digits = groups.join(&group_gap);
    if plus {
        l10n.text_args(lang, "phone-plus", &[arg("digits", digits)])
    } else {
        digits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_hold_digits_spaces_hyphens_and_a_leading_plus() {
        // (typed, kept or refused)
        let cases: &[(&str, Result<&str, BadPhone>)] = &[
            ("090-1234-5678", Ok("090-1234-5678")),
            ("  03 1234 5678 ", Ok("03 1234 5678")),
            ("+81 90-1234-5678", Ok("+81 90-1234-5678")),
            ("０９０－１２３４", Ok("090-1234")),
            ("110", Ok("110")),
            ("81+90", Err(BadPhone::Character('+'))),
            ("090(1234)", Err(BadPhone::Character('('))),
            ("call me", Err(BadPhone::Character('c'))),
            ("090.1234", Err(BadPhone::Character('.'))),
            ("- -", Err(BadPhone::NoDigit)),
            ("", Err(BadPhone::NoDigit)),
            ("+", Err(BadPhone::NoDigit)),
        ];
        for (typed, expected) in cases {
            assert_eq!(
                check_phone(typed),
                expected.clone().map(str::to_string),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn saved_loaded_and_cleared_keeping_the_other_settings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(load(&path), Helper::default());
        std::fs::write(&path, "# mine\nrate = 0.9\n[voice]\nja = \"mei\"\n").unwrap();
        let aiko = Helper {
            name: Some("Aiko".into()),
            phone: Some("+81 90-1234".into()),
        };
        save(&path, Some(&aiko)).unwrap();
        assert_eq!(load(&path), aiko);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("rate = 0.9") && text.contains("mei"),
            "{text}"
        );
        save(&path, None).unwrap();
        assert_eq!(load(&path), Helper::default());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("helper") && text.contains("rate = 0.9"),
            "{text}"
        );
        // A number that does not pass the check is no number.
        std::fs::write(&path, "[helper]\nname = \"Aiko\"\nphone = \"call me\"\n").unwrap();
        assert_eq!(
            load(&path),
            Helper {
                name: Some("Aiko".into()),
                phone: None
            }
        );
        // A broken file is never overwritten.
        std::fs::write(&path, "rate = = 1\n").unwrap();
        assert!(matches!(
            save(&path, Some(&aiko)),
            Err(SaveError::Broken { line: 1, .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "rate = = 1\n");
    }

    #[test]
    fn names_are_one_trimmed_line() {
        assert_eq!(clean_name("  山田 \n 花子 "), Some("山田 花子".into()));
        assert_eq!(clean_name(" \t"), None);
    }

    #[test]
    fn numbers_are_spoken_digit_by_digit_in_the_listeners_language() {
        let l = Localizer::builtin();
        let cases = [
            (Lang::en(), "090-12", "zero nine zero, one two"),
            (Lang::en(), "+81 3", "plus eight one, three"),
            (Lang::ja(), "090-12", "ゼロ、キュウ、ゼロ。イチ、ニー"),
            (Lang::ja(), "+81 3", "プラス ハチ、イチ。サン"),
            (Lang::ja(), "7", "ナナ"),
        ];
        for (lang, phone, expected) in cases {
            assert_eq!(spoken_phone(&l, &lang, phone), expected, "{lang} {phone}");
        }
    }
}
