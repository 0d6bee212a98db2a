//! A problem found in a guide, with file and line, and its message as a text id so
//! it can be said in the listener's language.

use std::cell::Cell;

use crate::l10n::{arg, Lang, Localizer};
pub use crate::text::Pos;

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
        let message = crate::text::clean(&self.message(l10n, lang));
        match self.severity {
            Severity::Error => format!("{place}: {message}"),
            Severity::Note => format!("{place}: note: {message}"),
        }
    }
}

/// Line and column of many byte offsets in one source. Lines are found by binary
/// search and a column is counted on from the last offset asked for on the same
/// line, so reporting thousands of problems in one big file stays linear (with
/// `Pos::at` each one read the file from the start).
pub struct Positions<'s> {
    source: &'s str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// The last offset asked for and its column.
    last: Cell<(usize, usize)>,
}

impl<'s> Positions<'s> {
    pub fn new(source: &'s str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Positions {
            source,
            starts,
            last: Cell::new((0, 1)),
        }
    }

    /// Line and column of byte `offset`, as `Pos::at` gives them.
    pub fn at(&self, offset: usize) -> Pos {
        let mut cut = offset.min(self.source.len());
        while !self.source.is_char_boundary(cut) {
            cut -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= cut).max(1);
        let start = self.starts[line - 1];
        let (last, last_col) = self.last.get();
        let col = if (start..=cut).contains(&last) {
            last_col + self.source[last..cut].chars().count()
        } else {
            1 + self.source[start..cut].chars().count()
        };
        self.last.set((cut, col));
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
    fn positions_agree_with_pos_at_in_any_order() {
        let src = "ab\nあいb\n\nxyz";
        let positions = Positions::new(src);
        for offset in (0..=src.len() + 2)
            .chain((0..=src.len() + 2).rev())
            .chain([5, 3, 9, 0])
        {
            assert_eq!(
                positions.at(offset),
                Pos::at(src, offset),
                "offset {offset}"
            );
        }
    }
}
