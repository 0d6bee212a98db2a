//! The screen, and the only module that prints a guide's screens: `render` is pure (a
//! `View` in, the text to print out); `StdoutScreen` prints it. Guide text is
//! cleaned of control characters, escape sequences and bidirectional overrides
//! before it can reach the terminal.

use std::io::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// What the screen shows.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct View {
    pub title: String,
    /// "手順 3 / 9", "Step 3 of 9".
    pub counter: String,
    pub section: Option<String>,
    pub body: String,
    pub detail: Option<String>,
    /// A hint, a reminder, help, a question of tebiki's own.
    pub notice: Option<String>,
    /// One line of key hints.
    pub keys: String,
}

/// How to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// No escape codes at all: plain lines, for screen readers, pipes and logs.
    pub plain: bool,
    pub color: bool,
    pub width: usize,
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

/// Breaks `text` into lines of at most `width` columns: at spaces where there are
/// any, anywhere in Japanese.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for c in paragraph.chars() {
            let w = c.width().unwrap_or(0);
            if line_width + w > width {
                // Prefer breaking at the last space when the line has one.
                // (Only where what follows the space is narrow text: in Japanese a
                // space is no better a place to break than any other.)
                let at_space = line
                    .rfind(' ')
                    .filter(|&i| i > 0 && c != ' ' && w == 1)
                    .filter(|&i| line[i + 1..].chars().all(|ch| ch.width() == Some(1)));
                if let Some(cut) = at_space {
                    let rest = line[cut + 1..].to_string();
                    line.truncate(cut);
                    lines.push(std::mem::take(&mut line));
                    line = rest;
                } else {
                    lines.push(std::mem::take(&mut line));
                }
                line_width = line.width();
                if c == ' ' {
                    continue;
                }
            }
            line.push(c);
            line_width += w;
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const REVERSE: &str = "\x1b[7m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// The whole screen for a view. Lines end in `\n`; the caller adds `\r` in raw mode.
pub fn render(view: &View, style: Style) -> String {
    let width = style.width.clamp(20, 100) - 2;
    let paint = |code: &'static str| {
        if style.color && !style.plain {
            code
        } else {
            ""
        }
    };
    let mut out = String::new();
    if !style.plain {
        // Clear the screen and go home.
        out.push_str("\x1b[2J\x1b[H");
    }
    let title = clean(&view.title);
    let counter = clean(&view.counter);
    if style.plain {
        out.push_str(&format!("== {title} ==  {counter}\n"));
    } else {
        out.push_str(&format!("{}{title}{}\n", paint(BOLD), paint(RESET)));
        if !counter.is_empty() {
            out.push_str(&format!("{}{counter}{}\n", paint(CYAN), paint(RESET)));
        }
        out.push('\n');
    }
    if let Some(section) = &view.section {
        out.push_str(&format!(
            "{}【{}】{}\n",
            paint(BOLD),
            clean(section),
            paint(RESET)
        ));
    }
    for line in wrap(&clean(&view.body), width) {
        out.push_str(&format!("  {}{line}{}\n", paint(BOLD), paint(RESET)));
    }
    if let Some(detail) = &view.detail {
        if !style.plain {
            out.push('\n');
        }
        for line in wrap(&clean(detail), width) {
            out.push_str(&format!("  {line}\n"));
        }
    }
    if let Some(notice) = &view.notice {
        out.push('\n');
        for line in wrap(&clean(notice), width) {
            let prefix = if style.plain { "> " } else { "" };
            out.push_str(&format!(
                "{}{prefix}{line}{}\n",
                paint(YELLOW),
                paint(RESET)
            ));
        }
    }
    let keys = clean(&view.keys);
    if !keys.is_empty() {
        if style.plain {
            out.push_str(&format!("[{keys}]\n"));
        } else {
            out.push('\n');
            let marker = if style.color { REVERSE } else { DIM };
            let marker = if style.color { marker } else { "" };
            for line in wrap(&keys, width) {
                out.push_str(&format!("{marker}{line}{}\n", paint(RESET)));
            }
        }
    }
    out
}

/// Only the notice, for plain output when nothing else changed.
pub fn render_notice(notice: &str) -> String {
    format!("> {}\n", clean(notice).replace('\n', "\n> "))
}

/// Where a session's screens go: the terminal, or a test's record of them.
pub trait Screen {
    /// Draws a screen, with `footer` (which engine speaks) under it.
    fn show(&mut self, view: &View, footer: &str);
    /// A notice of the session's own under the current screen (kept for redraws).
    fn notice(&mut self, text: &str);
    /// The terminal is now `columns` wide: the last screen is drawn again.
    fn resize(&mut self, columns: usize, footer: &str);
    /// A line of its own, cleaned (an error that does not stop the guide).
    fn line(&mut self, text: &str);
}

/// Prints to the terminal; in raw mode every newline needs a carriage return.
pub struct StdoutScreen {
    pub style: Style,
    pub raw: bool,
    last: Option<View>,
    footer_shown: bool,
}

impl StdoutScreen {
    pub fn new(style: Style, raw: bool) -> StdoutScreen {
        StdoutScreen {
            style,
            raw,
            last: None,
            footer_shown: false,
        }
    }

    pub fn print(&mut self, text: &str) {
        let text = if self.raw {
            text.replace('\n', "\r\n")
        } else {
            text.to_string()
        };
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }
}

impl Screen for StdoutScreen {
    fn notice(&mut self, text: &str) {
        if let Some(view) = &mut self.last {
            let notice = match view.notice.take() {
                Some(old) => format!("{old}\n{text}"),
                None => text.to_string(),
            };
            view.notice = Some(notice);
        }
        self.print(&render_notice(text));
    }

    fn resize(&mut self, columns: usize, footer: &str) {
        self.style.width = columns;
        if let Some(view) = self.last.take() {
            if !self.style.plain {
                self.show(&view, footer);
            } else {
                self.last = Some(view);
            }
        }
    }

    fn show(&mut self, view: &View, footer: &str) {
        // In plain output a notice on an unchanged screen is printed alone.
        if self.style.plain {
            if let (Some(last), Some(notice)) = (&self.last, &view.notice) {
                if last.body == view.body && last.title == view.title {
                    self.print(&render_notice(notice));
                    self.last = Some(view.clone());
                    return;
                }
            }
        }
        let mut text = render(view, self.style);
        // Plain output says which engine speaks once, not under every step.
        let footer = if self.style.plain && self.footer_shown {
            ""
        } else {
            footer
        };
        self.footer_shown = true;
        if !footer.is_empty() {
            text.push_str(&format!("({})\n", clean(footer)));
        }
        if self.style.plain {
            text.push('\n');
        }
        self.print(&text);
        self.last = Some(view.clone());
    }

    fn line(&mut self, text: &str) {
        self.print(&format!("{}\n", clean(text)));
    }
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
    fn wrap_respects_width_in_columns() {
        let lines = wrap("あいうえおかきくけこさしすせそ", 10);
        assert!(lines.iter().all(|l| l.width() <= 10), "{lines:?}");
        assert_eq!(lines.concat(), "あいうえおかきくけこさしすせそ");
        let lines = wrap("one two three four five six", 10);
        assert_eq!(lines, ["one two", "three four", "five six"]);
    }

    #[test]
    fn plain_has_no_escape_codes() {
        let view = View {
            title: "T".into(),
            counter: "Step 1 of 2".into(),
            body: "Body".into(),
            notice: Some("Note".into()),
            keys: "Enter: next".into(),
            ..View::default()
        };
        let text = render(
            &view,
            Style {
                plain: true,
                color: true,
                width: 80,
            },
        );
        assert!(!text.contains('\x1b'));
        assert!(text.contains("Body") && text.contains("> Note"));
    }
}
