//! The screen, and the only module that prints a guide's screens: `render` is pure (a
//! `View` in, the text to print out); `StdoutScreen` prints it. Guide text is
//! cleaned of control characters, escape sequences and bidirectional overrides
//! before it can reach the terminal.

use std::io::Write;

pub use crate::text::clean;

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

/// Breaks `text` into lines of at most `width` columns (at least 10), by the Unicode
/// line-breaking rules: see `crate::wrap`.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    crate::wrap::wrap(text, width.max(10))
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
            for line in crate::wrap::wrap_hints(&keys, width) {
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
    use unicode_width::UnicodeWidthStr;

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

    /// A step with every part of the screen, in a narrow and a wide terminal.
    #[test]
    fn screen_at_two_widths() {
        let view = View {
            title: "マイauにログインする".into(),
            counter: "手順 3 / 9".into(),
            section: Some("準備".into()),
            body: "スマートフォンの画面を上から下に指でなぞって、Wi-Fiのボタンを押してください。"
                .into(),
            detail: Some(
                "The Wi-Fi button is the fan-shaped symbol; when it is off, it turns grey.".into(),
            ),
            notice: Some("Press Enter when you are ready.".into()),
            keys: "Enter: next  r: repeat  b: back  h: help  q: stop".into(),
        };
        for width in [40, 80] {
            let style = Style {
                plain: false,
                color: false,
                width,
            };
            let screen = render(&view, style);
            let screen = screen
                .strip_prefix("\x1b[2J\x1b[H")
                .expect("the screen is cleared first");
            insta::assert_snapshot!(format!("screen-{width}"), screen);
        }
    }
}
