//! Line breaking for the screen: where a line of text may end, by the Unicode line
//! breaking rules (UAX #14, through `unicode-linebreak`), and filling lines of a given
//! width in terminal columns. Japanese breaks between almost any two characters but
//! never before 。、」』） or after 「『（, English breaks at spaces, and a run of
//! Latin letters, digits and punctuation ("Wi-Fi", "au.com/x") is never cut unless it
//! alone is wider than the line; even then no line starts with closing punctuation.
//! Pure: no terminal, no I/O.

use unicode_linebreak::BreakOpportunity;
use unicode_width::UnicodeWidthChar;

/// What a line never starts with, also where a piece wider than the line is cut.
const NO_LINE_START: &[char] = &[
    '。', '、', '」', '』', '）', '，', '．', '！', '？', '：', '；', '・', 'ー', ')', ']', '}',
    ',', '.', '!', '?', ':', ';',
];

/// Breaks `text` into lines of at most `width` columns (a piece wider than the whole
/// line is the only thing ever cut). Newlines in `text` always end a line; trailing
/// spaces are dropped.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        // Columns of `line`, and of `line` without its trailing spaces.
        let (mut line_w, mut body_w) = (0, 0);
        for piece in pieces(paragraph) {
            let body = piece.trim_end();
            let w = columns(body);
            if body_w > 0 && line_w + w > width {
                lines.push(line.trim_end().to_string());
                line.clear();
                line_w = 0;
            }
            if line_w + w > width {
                // Alone wider than a line: cut, never before closing punctuation.
                let mut chunks = cut(body, width);
                line = chunks.pop().unwrap_or_default();
                lines.extend(chunks);
            } else {
                line.push_str(body);
            }
            body_w = columns(&line);
            line.push_str(&piece[body.len()..]);
            line_w = columns(&line);
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Breaks a line of key hints ("Enter: 次へ   r: もう一度   b: 戻る", hints apart by
/// two spaces or more) between hints, never inside one: a hint goes whole to the next
/// line when it does not fit. Only a hint wider than the whole line is wrapped itself.
pub fn wrap_hints(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for hint in text.split("  ").map(str::trim).filter(|h| !h.is_empty()) {
        let joined = columns(&line) + HINT_GAP.len() + columns(hint);
        if !line.is_empty() && joined <= width {
            line.push_str(HINT_GAP);
            line.push_str(hint);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if columns(hint) <= width {
            line.push_str(hint);
        } else {
            let mut parts = wrap(hint, width);
            line = parts.pop().unwrap_or_default();
            lines.extend(parts);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// What stands between two hints on one line.
const HINT_GAP: &str = "   ";

/// Columns as a terminal that knows no emoji sequences counts them: each character
/// on its own (a family emoji is three faces wide, not one). Never less than what a
/// terminal shows, so a line never wraps by itself.
fn columns(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The pieces of `line` between two places where a line may end, each with the
/// spaces that follow it.
fn pieces(line: &str) -> Vec<&str> {
    let mut start = 0;
    let mut out = Vec::new();
    for (at, kind) in unicode_linebreak::linebreaks(line) {
        if at >= line.len() {
            break;
        }
        if kind == BreakOpportunity::Allowed && inside_latin_word(line, at) {
            continue;
        }
        out.push(&line[start..at]);
        start = at;
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// Cuts a piece wider than `width` into lines of at most `width` columns; a
/// character that must not start a line takes the one before it along.
fn cut(piece: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut current_w = 0;
    for c in piece.chars() {
        let w = c.width().unwrap_or(0);
        if current_w + w > width && !current.is_empty() {
            let mut carried = String::new();
            if NO_LINE_START.contains(&c) && current.chars().count() > 1 {
                if let Some(last) = current.pop() {
                    carried.push(last);
                }
            }
            out.push(std::mem::take(&mut current));
            current = carried;
            current_w = columns(&current);
        }
        current.push(c);
        current_w += w;
    }
    out.push(current);
    out
}

/// Whether a break at byte `at` would cut a run of Latin letters, digits and
/// punctuation: UAX #14 allows a break after a hyphen or a slash ("Wi-|Fi",
/// "a/|b"), which on a screen for older readers looks like two words.
fn inside_latin_word(line: &str, at: usize) -> bool {
    let before = line[..at].chars().next_back();
    let after = line[at..].chars().next();
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_graphic());
    latin(before) && latin(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_width::UnicodeWidthStr;

    /// Characters a line must never start with (UAX #14's closing punctuation).
    const NO_START: &[char] = &['。', '、', '」', '』', '）', '，', '．', '！', '？'];
    /// Characters a line must never end with (opening brackets).
    const NO_END: &[char] = &['「', '『', '（'];

    #[test]
    fn japanese_punctuation_stays_with_the_word_before() {
        // At 10 columns a break before 。 would fit best; it goes one earlier.
        let lines = wrap("あいうえお。かきくけこ", 10);
        assert_eq!(lines, ["あいうえ", "お。かきく", "けこ"]);
        let lines = wrap("「はい」、と言う", 8);
        assert!(lines.iter().all(|l| !l.starts_with(NO_START)), "{lines:?}");
        assert!(lines.iter().all(|l| !l.ends_with(NO_END)), "{lines:?}");
    }

    #[test]
    fn latin_words_are_never_cut() {
        let lines = wrap("画面の Wi-Fi のマークを見ます", 12);
        assert!(lines.iter().any(|l| l.contains("Wi-Fi")), "{lines:?}");
        let lines = wrap("one two three four five six", 10);
        assert_eq!(lines, ["one two", "three four", "five six"]);
        // A URL wider than the line is the one thing that is cut.
        let lines = wrap("see https://example.com/a/very/long/path now", 12);
        assert!(lines.iter().all(|l| l.width() <= 12), "{lines:?}");
    }

    /// At 36 columns the key line broke inside a hint: "b: 戻" / "る".
    #[test]
    fn key_hints_wrap_between_hints() {
        let keys = "Enter: 次へ   r: もう一度   b: 戻る   h: ヘルプ   q: やめる   l: 英語";
        // From the widest hint ("Enter: 次へ", 11 columns) on.
        for width in 11..60 {
            let lines = wrap_hints(keys, width);
            for hint in keys.split("   ") {
                assert!(
                    lines.iter().any(|l| l.contains(hint)),
                    "{hint:?} cut at {width}: {lines:?}"
                );
            }
            assert!(lines.iter().all(|l| l.width() <= width), "{lines:?}");
        }
        assert_eq!(
            wrap_hints(keys, 36)[0],
            "Enter: 次へ   r: もう一度   b: 戻る"
        );
    }

    /// Found by the property below: a Latin run wider than the line, then 「う」, was
    /// cut so that the next line started with 」.
    #[test]
    fn a_cut_never_leaves_closing_punctuation_at_a_line_start() {
        let lines = wrap("aaaAaAAAa-aaa-AAA「う」", 11);
        assert!(lines.iter().all(|l| !l.starts_with(NO_START)), "{lines:?}");
        assert!(lines.iter().all(|l| l.width() <= 11), "{lines:?}");
        assert_eq!(cut("ab」", 2), ["a", "b」"]);
    }

    #[test]
    fn newlines_end_lines_and_blank_lines_stay() {
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        assert_eq!(wrap("", 10), [""]);
    }

    /// Text as guides have it: Japanese runs ending in punctuation or not, quoted
    /// runs, Latin words (with a hyphen, as "Wi-Fi") and spaces.
    fn piece() -> impl Strategy<Value = String> {
        let japanese = "[あいうえおかきくけこ画面上下空行分方]{1,6}";
        prop_oneof![
            (japanese, "[。、」』）]?").prop_map(|(a, b)| a + &b),
            (japanese).prop_map(|a| format!("「{a}」")),
            "[A-Za-z]{1,7} ?",
            "[A-Za-z]{1,3}-[A-Za-z]{1,3} ?",
            Just(" ".to_string()),
        ]
    }

    proptest! {
        /// At any width, no line is wider than the width, none starts with closing
        /// punctuation, every Latin word is whole on one line, and no text is lost.
        #[test]
        fn wraps_the_japanese_way(
            pieces in proptest::collection::vec(piece(), 1..30),
            width in 10usize..60,
        ) {
            let text: String = pieces.concat();
            let lines = wrap(&text, width);
            for line in &lines {
                prop_assert!(line.width() <= width, "{:?} wider than {}", line, width);
                prop_assert!(!line.starts_with(NO_START), "{:?} in {:?}", line, lines);
            }
            for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
                // A word wider than the whole line is the one thing that must be cut.
                if !word.is_empty() && word.len() <= width {
                    prop_assert!(
                        lines.iter().any(|l| l.contains(word)),
                        "{:?} cut in {:?}", word, lines
                    );
                }
            }
            let squeeze = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
            prop_assert_eq!(squeeze(&lines.concat()), squeeze(&text));
        }
    }
}
