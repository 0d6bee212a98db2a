//! The screen, and the only module that prints a guide's screens: `render` is pure (a
//! `View` in, the text to print out); `StdoutScreen` prints it. Guide text is
//! cleaned of control characters, escape sequences and bidirectional overrides
//! before it can reach the terminal.

use std::io::Write;

pub use crate::text::clean;
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
    /// Key hints, set apart by three spaces (a line breaks between hints).
    pub keys: String,
    /// The sign, on a screen too small for the whole explanation, that there is
    /// more and which key shows it ("▼ m: more").
    pub more: String,
    /// Which screenful of the explanation to show (`m` pressed so many times): 0 is
    /// the step's own screen.
    pub page: usize,
}

/// A terminal this low (enlarged print) gets the engine's line cut to one row.
const SMALL_SCREEN_ROWS: usize = 16;

/// How to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// No escape codes at all: plain lines, for screen readers, pipes and logs.
    pub plain: bool,
    pub color: bool,
    pub width: usize,
    /// Rows of the terminal; 0 when unknown (no limit).
    pub height: usize,
}

/// Breaks `text` into lines of at most `width` columns (at least 10), by the Unicode
/// line-breaking rules: see `crate::wrap`.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    crate::wrap::wrap(text, width.max(10))
}

const BOLD: &str = "\x1b[1m";
const REVERSE: &str = "\x1b[7m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// The whole screen for a view. Lines end in `\n`; the caller adds `\r` in raw mode.
///
/// On a terminal of known height nothing scrolls away: what does not fit goes in
/// this order — the blank lines between parts, the title, the section heading, then
/// the explanation (`detail`) is shortened, with `view.more` as the sign that there
/// is more (its screenfuls shown by `view.page`), then the key hints and the notice
/// are shortened. The step's counter and its instruction stay, whatever the size.
pub fn render(view: &View, style: Style) -> String {
    if style.plain {
        return render_plain(view, style);
    }
    let cols = style.width.clamp(20, 100);
    let width = cols - 2;
    let paint = |code: &'static str| if style.color { code } else { "" };
    let title = clean(&view.title);
    let counter = clean(&view.counter);
    let body = wrap(&clean(&view.body), width);
    let section = view
        .section
        .as_deref()
        .map(|s| wrap(&format!("【{}】", clean(s)), cols));
    let detail = view.detail.as_deref().map(|d| wrap(&clean(d), width));
    let notice = view.notice.as_deref().map(|n| wrap(&clean(n), cols));
    let keys = hint_lines(&clean(&view.keys), cols);
    // The rows that may be written: the last one stays free for the cursor.
    let budget = if style.height == 0 {
        usize::MAX
    } else {
        style.height.saturating_sub(1).max(1)
    };
    let full = Fit {
        spacing: true,
        title: !title.is_empty(),
        section: section.is_some(),
        detail: detail.as_ref().map_or(0, Vec::len),
        notice: notice.as_ref().map_or(0, Vec::len),
        keys: keys.len(),
        body: body.len(),
    };
    let more_needed = |fit: &Fit| detail.as_ref().is_some_and(|d| fit.detail < d.len());
    let rows = |fit: &Fit| {
        let gap = usize::from(fit.spacing);
        let mut n = usize::from(fit.title) + usize::from(!counter.is_empty()) + gap;
        if fit.section {
            n += section.as_ref().map_or(0, Vec::len);
        }
        n += fit.body;
        if detail.is_some() && (fit.detail > 0 || more_needed(fit)) {
            n += gap + fit.detail + usize::from(more_needed(fit));
        }
        if fit.notice > 0 {
            n += gap + fit.notice;
        }
        if fit.keys > 0 {
            n += gap + fit.keys;
        }
        n
    };
    // Give up, one after the other, what matters least, until the screen fits.
    let drop = |flag: &mut bool| std::mem::replace(flag, false);
    let less = |n: &mut usize, least: usize| {
        let more = *n > least;
        if more {
            *n -= 1;
        }
        more
    };
    let normal: [&dyn Fn(&mut Fit) -> bool; 9] = [
        &|f| drop(&mut f.spacing),
        &|f| drop(&mut f.title),
        &|f| drop(&mut f.section),
        &|f| less(&mut f.detail, 0),
        // What tebiki just said (a hint, whom to ask) before all the key hints.
        &|f| less(&mut f.keys, 1),
        &|f| less(&mut f.notice, 1),
        &|f| less(&mut f.notice, 0),
        &|f| less(&mut f.keys, 0),
        &|f| less(&mut f.body, 1),
    ];
    // The listener asked for more of the explanation: it comes before the rest.
    let asked: [&dyn Fn(&mut Fit) -> bool; 9] = [
        &|f| drop(&mut f.spacing),
        &|f| drop(&mut f.title),
        &|f| drop(&mut f.section),
        &|f| less(&mut f.notice, 0),
        &|f| less(&mut f.keys, 1),
        &|f| less(&mut f.detail, 1),
        &|f| less(&mut f.keys, 0),
        &|f| less(&mut f.detail, 0),
        &|f| less(&mut f.body, 1),
    ];
    let fitted = |shrinks: &[&dyn Fn(&mut Fit) -> bool]| {
        let mut fit = full.clone();
        for shrink in shrinks {
            while rows(&fit) > budget && shrink(&mut fit) {}
        }
        fit
    };
    // `view.page` counts presses of `m`: 0 is the step's own screen, then the
    // explanation a screenful at a time, then the step's own screen again.
    let mut fit = fitted(&normal);
    let mut first = 0;
    if let (true, Some(detail)) = (more_needed(&fit), &detail) {
        let more = fitted(&asked);
        let pages = detail.len().div_ceil(more.detail.max(1));
        let page = view.page % (pages + 1);
        if page > 0 {
            first = (page - 1) * more.detail.max(1);
            fit = more;
        }
    }
    let mut out = String::from("\x1b[2J\x1b[H");
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    if fit.title {
        line(&format!(
            "{}{}{}",
            paint(BOLD),
            cut(&title, cols),
            paint(RESET)
        ));
    }
    if !counter.is_empty() {
        line(&format!(
            "{}{}{}",
            paint(CYAN),
            cut(&counter, cols),
            paint(RESET)
        ));
    }
    if fit.spacing {
        line("");
    }
    if let (true, Some(section)) = (fit.section, &section) {
        for l in section {
            line(&format!("{}{l}{}", paint(BOLD), paint(RESET)));
        }
    }
    for (i, l) in body.iter().take(fit.body).enumerate() {
        let l = if i + 1 == fit.body && fit.body < body.len() {
            cut(&format!("{l}…"), width)
        } else {
            l.clone()
        };
        line(&format!("  {}{l}{}", paint(BOLD), paint(RESET)));
    }
    if let Some(detail) = &detail {
        if fit.detail > 0 || more_needed(&fit) {
            if fit.spacing {
                line("");
            }
            for l in detail.iter().skip(first).take(fit.detail) {
                line(&format!("  {l}"));
            }
            if more_needed(&fit) {
                line(&format!(
                    "{}{}{}",
                    paint(CYAN),
                    cut(&clean(&view.more), cols),
                    paint(RESET)
                ));
            }
        }
    }
    if let (n @ 1.., Some(notice)) = (fit.notice, &notice) {
        if fit.spacing {
            line("");
        }
        for (i, l) in notice.iter().take(n).enumerate() {
            let l = if i + 1 == n && n < notice.len() {
                cut(&format!("{l}…"), cols)
            } else {
                l.clone()
            };
            line(&format!("{}{l}{}", paint(YELLOW), paint(RESET)));
        }
    }
    if fit.keys > 0 {
        if fit.spacing {
            line("");
        }
        let marker = if style.color { REVERSE } else { "" };
        for l in keys.iter().take(fit.keys) {
            line(&format!("{marker}{l}{}", paint(RESET)));
        }
    }
    out
}

/// What of a view goes on a small screen.
#[derive(Clone)]
struct Fit {
    /// Blank lines between the parts.
    spacing: bool,
    title: bool,
    section: bool,
    /// Lines of each part that are shown.
    detail: usize,
    notice: usize,
    keys: usize,
    body: usize,
}

/// Key hints (set apart by three spaces or more) in lines of at most `width`
/// columns, broken between hints, never inside one (but a hint wider than a line).
fn hint_lines(keys: &str, width: usize) -> Vec<String> {
    keys.split('\n')
        .filter(|p| !p.trim().is_empty())
        .flat_map(|paragraph| crate::wrap::wrap_hints(paragraph, width))
        .collect()
}

/// `text` cut to `width` columns, with `…` where it was cut.
pub fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Plain lines, for screen readers, pipes and logs: no escape codes, no limit of
/// height.
fn render_plain(view: &View, style: Style) -> String {
    let width = style.width.clamp(20, 100) - 2;
    let mut out = String::new();
    let title = clean(&view.title);
    let counter = clean(&view.counter);
    out.push_str(&format!("== {title} ==  {counter}\n"));
    if let Some(section) = &view.section {
        out.push_str(&format!("【{}】\n", clean(section)));
    }
    for line in wrap(&clean(&view.body), width) {
        out.push_str(&format!("  {line}\n"));
    }
    if let Some(detail) = &view.detail {
        for line in wrap(&clean(detail), width) {
            out.push_str(&format!("  {line}\n"));
        }
    }
    if let Some(notice) = &view.notice {
        out.push('\n');
        for line in wrap(&clean(notice), width) {
            out.push_str(&format!("> {line}\n"));
        }
    }
    let keys = clean(&view.keys);
    if !keys.is_empty() {
        out.push_str(&format!("[{keys}]\n"));
    }
    out
}

/// Only the notice, for plain output when nothing else changed.
pub fn render_notice(notice: &str, style: Style) -> String {
    let width = style.width.clamp(20, 100) - 2;
    let mut out = String::new();
    for line in wrap(&clean(notice), width) {
        out.push_str("> ");
        out.push_str(&line);
        out.push('\n');
    }
    out
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
    /// Another engine speaks now: the last screen is drawn again with `footer` (plain
    /// output said so in a notice already).
    fn footer_changed(&mut self, footer: &str) {
        let _ = footer;
    }
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
        self.print(&render_notice(text, self.style));
    }

    fn resize(&mut self, columns: usize, footer: &str) {
        self.style.width = columns;
        if let Ok((_, rows)) = crossterm::terminal::size() {
            self.style.height = usize::from(rows);
        }
        if let Some(view) = self.last.take() {
            if self.style.plain {
                self.last = Some(view);
            } else {
                self.show(&view, footer);
            }
        }
    }

    fn show(&mut self, view: &View, footer: &str) {
        // In plain output a notice on an unchanged screen is printed alone.
        if self.style.plain {
            if let (Some(last), Some(notice)) = (&self.last, &view.notice) {
                if last.body == view.body && last.title == view.title {
                    self.print(&render_notice(notice, self.style));
                    self.last = Some(view.clone());
                    return;
                }
            }
        }
        // Plain output says which engine speaks once, not under every step.
        let footer = if self.style.plain && self.footer_shown {
            ""
        } else {
            footer
        };
        self.footer_shown = true;
        // The footer's rows are not the view's to fill; on a small screen it has one.
        let mut style = self.style;
        let footer = clean(footer);
        let footer = match footer.as_str() {
            "" => Vec::new(),
            _ if style.height > 0 && style.height <= SMALL_SCREEN_ROWS => {
                vec![cut(&format!("({footer})"), style.width.max(10))]
            }
            // Wrapped at words here: the terminal would break it mid-word at its edge.
            _ => wrap(&format!("({footer})"), style.width.max(10)),
        };
        if style.height > 0 {
            style.height = style.height.saturating_sub(footer.len()).max(2);
        }
        let mut text = render(view, style);
        for line in &footer {
            text.push_str(line);
            text.push('\n');
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

    fn footer_changed(&mut self, footer: &str) {
        let columns = self.style.width;
        self.resize(columns, footer);
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
    fn a_notice_said_at_once_wraps_at_words_like_the_screen() {
        let style = Style {
            plain: true,
            color: false,
            width: 40,
            height: 0,
        };
        let text = "The kokoro voice is too slow on this computer: it would leave gaps.\nSecond.";
        let out = render_notice(text, style);
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines.iter().all(|l| l.starts_with("> ") && l.width() <= 40),
            "{lines:?}"
        );
        assert_eq!(lines.last(), Some(&"> Second."));
        let words: Vec<&str> = out.split_whitespace().filter(|w| *w != ">").collect();
        assert_eq!(words.join(" "), text.replace('\n', " "));
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
                height: 5,
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
            ..View::default()
        };
        for width in [40, 80] {
            let style = Style {
                plain: false,
                color: false,
                width,
                height: 0,
            };
            let screen = render(&view, style);
            let screen = screen
                .strip_prefix("\x1b[2J\x1b[H")
                .expect("the screen is cleared first");
            insta::assert_snapshot!(format!("screen-{width}"), screen);
        }
    }
    /// A step of the built-in guide as it looks: long explanation, two languages.
    fn step_view(notice: Option<&str>, page: usize) -> View {
        View {
            title: "パソコンから My au にログインする".into(),
            counter: "手順 2 / 21".into(),
            section: Some("じゅんび".into()),
            body: "指紋認証を設定したスマートフォンを用意します。".into(),
            detail: Some(
                "スマートフォンは、Wi-Fi ではなく、au の携帯電話の回線でつなぎます。\
                 指紋で画面のロックを外せるなら、指紋の設定は済んでいます。"
                    .into(),
            ),
            notice: notice.map(str::to_string),
            keys: "Enter: 次へ   r: もう一度   b: 戻る   h: ヘルプ   q: やめる   l: English".into(),
            more: "▼ m: つづき".into(),
            page,
        }
    }

    /// The screen's lines as a terminal shows them, without colours.
    fn lines(text: &str) -> Vec<String> {
        let text = text.replace("\x1b[2J\x1b[H", "");
        let mut plain = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else {
                plain.push(c);
            }
        }
        plain.lines().map(str::to_string).collect()
    }

    #[test]
    fn small_screens_keep_the_step_and_its_number_and_shorten_the_explanation() {
        for (cols, rows) in [(30, 10), (36, 14), (40, 12), (80, 24), (30, 6)] {
            for notice in [
                None,
                Some("そのキーは、ここでは使いません。キーの説明は h で聞けます。"),
            ] {
                for color in [true, false] {
                    let view = step_view(notice, 0);
                    let style = Style {
                        plain: false,
                        color,
                        width: cols,
                        height: rows,
                    };
                    let shown = lines(&render(&view, style));
                    let at = format!("{cols}x{rows} {notice:?}:\n{}", shown.join("\n"));
                    // Nothing scrolls away: one row stays free for the cursor.
                    assert!(shown.len() < rows, "{at}");
                    assert!(shown.iter().all(|l| l.width() <= cols), "{at}");
                    assert!(shown.contains(&"手順 2 / 21".to_string()), "{at}");
                    let all: String = shown.iter().map(|l| l.trim()).collect();
                    assert!(
                        all.replace(' ', "")
                            .contains("指紋認証を設定したスマートフォンを用意します。"),
                        "{at}"
                    );
                    // The key line breaks between hints, never inside one.
                    for hint in ["Enter: 次へ", "r: もう一度", "b: 戻る", "h: ヘルプ"] {
                        let whole = shown.iter().any(|l| l.contains(hint));
                        let part = shown
                            .iter()
                            .any(|l| l.ends_with(&hint[..hint.len() - 3]) || l.starts_with("戻る"));
                        assert!(whole || !part, "{hint} cut: {at}");
                    }
                    let cut = !all.contains("指紋の設定は済んでいます。");
                    assert_eq!(cut, all.contains("▼ m: つづき"), "{at}");
                    if (cols, rows) == (80, 24) {
                        assert!(!cut && all.contains("My au にログインする"), "{at}");
                    }
                }
            }
        }
    }

    #[test]
    fn more_shows_the_rest_of_the_explanation_then_the_start_again() {
        let style = Style {
            plain: false,
            color: false,
            width: 30,
            height: 10,
        };
        let pages: Vec<String> = (0..6)
            .map(|page| lines(&render(&step_view(None, page), style)).concat())
            .collect();
        let full = "スマートフォンは、Wi-Fi ではなく、au の携帯電話の回線でつなぎます。\
                    指紋で画面のロックを外せるなら、指紋の設定は済んでいます。";
        // Every part of the explanation is on some page, and the pages come round.
        for part in ["スマートフォンは", "携帯電話", "済んでいます。"] {
            assert!(pages.iter().any(|p| p.contains(part)), "{part}: {pages:#?}");
        }
        assert!(full.contains("済んでいます。"));
        assert_ne!(pages[0], pages[1]);
        let n = pages.iter().skip(1).position(|p| *p == pages[0]).unwrap() + 1;
        assert!(n >= 2, "{pages:#?}");
    }

    #[test]
    fn whom_to_ask_stays_whole_on_a_small_screen() {
        let notice = "わからないときは、娘の花子 に聞いてみてください。電話番号は、090-1234-5678。";
        let style = Style {
            plain: false,
            color: true,
            width: 30,
            height: 9,
        };
        let shown = lines(&render(&step_view(Some(notice), 0), style));
        let all: String = shown.iter().map(|l| l.trim()).collect();
        assert!(shown.len() < 9, "{shown:#?}");
        assert!(all.contains("090-1234-5678"), "{shown:#?}");
        assert!(
            all.contains("指紋認証を設定したスマートフォンを用意します。"),
            "{shown:#?}"
        );
        assert!(
            shown.iter().any(|l| l.contains("Enter: 次へ")),
            "{shown:#?}"
        );
    }

    #[test]
    fn key_hints_wrap_between_hints() {
        let keys = "Enter: 次へ   r: もう一度   b: 戻る   h: ヘルプ   q: やめる";
        let lines = hint_lines(keys, 28);
        assert!(lines.iter().all(|l| l.width() <= 28), "{lines:?}");
        let hints: Vec<&str> = lines
            .iter()
            .flat_map(|l| l.split("  "))
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .collect();
        assert_eq!(
            hints,
            [
                "Enter: 次へ",
                "r: もう一度",
                "b: 戻る",
                "h: ヘルプ",
                "q: やめる"
            ]
        );
    }
}
