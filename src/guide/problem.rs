//! A problem found in a guide, with file and line, and its message as a text id so
//! it can be said in the listener's language.

use crate::l10n::{arg, Lang, Localizer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub col: Option<usize>,
    pub severity: Severity,
    /// Fluent id in `locales/<lang>/tebiki.ftl`.
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    pub fn error(file: &str, pos: Pos, id: &'static str) -> Problem {
        Problem {
            file: file.to_string(),
            line: pos.line,
            col: pos.col,
            severity: Severity::Error,
            id,
            args: Vec::new(),
        }
    }

    pub fn note(file: &str, pos: Pos, id: &'static str) -> Problem {
        Problem {
            severity: Severity::Note,
            ..Problem::error(file, pos, id)
        }
    }

    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Problem {
        self.args.push((name, value.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn message(&self, l10n: &Localizer, lang: &Lang) -> String {
        let args: Vec<_> = self.args.iter().map(|(k, v)| arg(k, v.as_str())).collect();
        l10n.text_args(lang, self.id, &args)
    }

    /// `FILE:LINE[:COL]: message`, or `FILE:LINE: note: message`.
    pub fn render(&self, l10n: &Localizer, lang: &Lang) -> String {
        let place = match self.col {
            Some(col) => format!("{}:{}:{}", self.file, self.line, col),
            None => format!("{}:{}", self.file, self.line),
        };
        let message = crate::ui::clean(&self.message(l10n, lang));
        match self.severity {
            Severity::Error => format!("{place}: {message}"),
            Severity::Note => format!("{place}: note: {message}"),
        }
    }
}

/// A 1-based line and optional column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: Option<usize>,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: None };

    pub fn line(line: usize) -> Pos {
        Pos { line, col: None }
    }

    /// Line and column of byte `offset` in `source`.
    pub fn at(source: &str, offset: usize) -> Pos {
        let offset = offset.min(source.len());
        let mut cut = offset;
        while !source.is_char_boundary(cut) {
            cut -= 1;
        }
        let before = &source[..cut];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Pos {
            line,
            col: Some(col),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_chars() {
        let src = "a\nあいb\n";
        assert_eq!(
            Pos::at(src, 0),
            Pos {
                line: 1,
                col: Some(1)
            }
        );
        assert_eq!(
            Pos::at(src, 2 + 6),
            Pos {
                line: 2,
                col: Some(3)
            }
        );
        assert_eq!(Pos::at(src, 999).line, 3);
    }
}
