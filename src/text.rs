//! Text as tebiki takes it in and gives it out: a file read with a size limit as
//! UTF-8, a byte offset turned into a line and column, and text cleaned of what could
//! drive the terminal. A leaf: it knows no other module of tebiki, so guides,
//! settings, progress and the screen can all use it.

use std::fs;
use std::io::Read as _;
use std::path::Path;

/// Files larger than this are refused: no guide file, settings file or saved place
/// comes near it.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum Unreadable {
    /// The system's own reason (a missing file is one: see `is_missing`).
    Io(std::io::Error),
    /// Larger than `limit` bytes.
    TooLarge { limit: u64 },
    /// Not UTF-8 from this place on.
    NotUtf8(Pos),
}

impl Unreadable {
    pub fn is_missing(&self) -> bool {
        matches!(self, Unreadable::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// Reads a text file of at most `MAX_FILE_BYTES`, as UTF-8; a leading byte-order mark
/// is dropped.
pub fn read_limited(path: &Path) -> Result<String, Unreadable> {
    read_at_most(path, MAX_FILE_BYTES)
}

/// Reads a text file of at most `limit` bytes, as UTF-8, reading no more than one
/// byte past the limit whatever the file's size.
pub fn read_at_most(path: &Path, limit: u64) -> Result<String, Unreadable> {
    let file = fs::File::open(path).map_err(Unreadable::Io)?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Unreadable::Io)?;
    decode(bytes, limit)
}

/// Checks bytes: at most `limit` of them, UTF-8; a leading byte-order mark is dropped.
pub fn decode(bytes: Vec<u8>, limit: u64) -> Result<String, Unreadable> {
    if bytes.len() as u64 > limit {
        return Err(Unreadable::TooLarge { limit });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
            Err(Unreadable::NotUtf8(Pos::at(&valid, offset)))
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

    /// Line and column (in characters) of byte `offset` in `source`.
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

/// The number of a digit key or line (full-width too: `３` is 3), for the options of a
/// choice step.
pub fn digit(c: char) -> Option<u8> {
    let ascii = match c {
        '\u{ff10}'..='\u{ff19}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    ascii.to_digit(10).and_then(|d| u8::try_from(d).ok())
}

/// Removes what could drive the terminal: C0/C1 controls (but newlines), escape
/// sequences, and bidirectional overrides and isolates. Tabs become spaces.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                Some('[') => {
                    for d in chars.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&d) {
                            break;
                        }
                    }
                }
                Some(']' | 'P' | '_' | '^') => {
                    while let Some(d) = chars.next() {
                        if d == '\u{7}' {
                            break;
                        }
                        if d == '\u{1b}' && chars.peek() == Some(&'\\') {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\r' => {}
            c if c.is_control() => {}
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {}
            '\u{061c}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_escapes_and_overrides() {
        assert_eq!(clean("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(clean("x\x1b]0;title\x07y"), "xy");
        assert_eq!(clean("evil\u{202e}txt.exe"), "eviltxt.exe");
        assert_eq!(clean("bell\x07 and \r\nnl"), "bell and \nnl");
        assert_eq!(clean("c1\u{9b}31m"), "c131m");
    }

    #[test]
    fn digits_count_full_width_too() {
        assert_eq!(digit('1'), Some(1));
        assert_eq!(digit('３'), Some(3));
        assert_eq!(digit('0'), Some(0));
        assert_eq!(digit('x'), None);
        assert_eq!(digit('一'), None);
        assert_eq!(digit('٣'), None, "only the digits a keyboard types");
    }

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

    #[test]
    fn reads_within_the_limit_as_utf8_without_bom() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        assert!(read_limited(&path).unwrap_err().is_missing());
        std::fs::write(&path, "\u{feff}あ\n").unwrap();
        assert_eq!(read_limited(&path).unwrap(), "あ\n");
        std::fs::write(&path, b"ok\nab\xff").unwrap();
        let err = read_limited(&path).unwrap_err();
        assert!(!err.is_missing());
        assert!(
            matches!(
                err,
                Unreadable::NotUtf8(Pos {
                    line: 2,
                    col: Some(3)
                })
            ),
            "{err:?}"
        );
        std::fs::write(&path, "12345").unwrap();
        assert_eq!(read_at_most(&path, 5).unwrap(), "12345");
        assert!(matches!(
            read_at_most(&path, 4),
            Err(Unreadable::TooLarge { limit: 4 })
        ));
    }
}
