//! Keys and lines to actions, as data with a pure lookup. Full-width letters from a
//! Japanese input method count as the same keys.

use crate::l10n::Lang;
use crate::player::Action;

/// A key as the terminal reports it, reduced to what tebiki distinguishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Space,
    Backspace,
    Esc,
    Left,
    Right,
    Up,
    Down,
    CtrlC,
}

/// Which key does what. A test checks that no key appears twice.
pub const KEYMAP: &[(Key, Action)] = &[
    (Key::Enter, Action::Next),
    (Key::Space, Action::Next),
    (Key::Right, Action::Next),
    (Key::Char('r'), Action::Repeat),
    (Key::Up, Action::Repeat),
    (Key::Char('b'), Action::Back),
    (Key::Left, Action::Back),
    (Key::Backspace, Action::Back),
    (Key::Char('y'), Action::Yes),
    (Key::Char('n'), Action::No),
    (Key::Char('l'), Action::SwitchLanguage(None)),
    (Key::Char('+'), Action::Faster),
    (Key::Char('='), Action::Faster),
    (Key::Char('-'), Action::Slower),
    (Key::Char('h'), Action::Help),
    (Key::Char('?'), Action::Help),
    (Key::Char('w'), Action::Where),
    (Key::Char('m'), Action::More),
    (Key::Down, Action::More),
    (Key::Char('q'), Action::Quit),
    (Key::Esc, Action::Quit),
    (Key::CtrlC, Action::Interrupt),
];

/// Full-width ASCII (U+FF01–U+FF5E) and the ideographic space to plain ASCII,
/// then lower case.
pub fn normalize_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// The number of a digit key (full-width too), for the options of a choice step.
pub fn digit(c: char) -> Option<u8> {
    normalize_char(c)
        .to_digit(10)
        .and_then(|d| u8::try_from(d).ok())
}

pub fn action_for_key(key: Key) -> Action {
    let key = match key {
        Key::Char(' ' | '\u{3000}') => Key::Space,
        Key::Char(c) => Key::Char(normalize_char(c)),
        other => other,
    };
    KEYMAP
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(Action::Unknown, |(_, a)| a.clone())
}

/// One line of piped input: a key's letter, or a word of SPEC.md.
pub fn action_for_line(line: &str) -> Action {
    let text: String = line.trim().chars().map(normalize_char).collect();
    let text = text.trim();
    match text {
        "" => Action::Next,
        "next" => Action::Next,
        "repeat" => Action::Repeat,
        "back" => Action::Back,
        "yes" | "はい" => Action::Yes,
        "no" | "いいえ" => Action::No,
        "lang" => Action::SwitchLanguage(None),
        "faster" => Action::Faster,
        "slower" => Action::Slower,
        "help" => Action::Help,
        "where" => Action::Where,
        "more" => Action::More,
        "quit" | "esc" => Action::Quit,
        _ => {
            if let Some(tag) = text.strip_prefix("lang ") {
                return match Lang::parse(tag.trim()) {
                    Some(lang) => Action::SwitchLanguage(Some(lang)),
                    None => Action::Unknown,
                };
            }
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => action_for_key(Key::Char(c)),
                _ => Action::Unknown,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_mapped_twice() {
        for (i, (a, _)) in KEYMAP.iter().enumerate() {
            for (b, _) in &KEYMAP[i + 1..] {
                assert_ne!(a, b, "{a:?} is mapped twice");
            }
        }
    }

    #[test]
    fn every_action_has_a_key() {
        let all = [
            Action::Next,
            Action::Repeat,
            Action::Back,
            Action::Yes,
            Action::No,
            Action::SwitchLanguage(None),
            Action::Faster,
            Action::Slower,
            Action::Help,
            Action::Where,
            Action::More,
            Action::Quit,
            Action::Interrupt,
        ];
        for action in all {
            assert!(
                KEYMAP.iter().any(|(_, a)| *a == action),
                "{action:?} has no key"
            );
        }
    }

    #[test]
    fn full_width_keys_count() {
        assert_eq!(action_for_key(Key::Char('ｒ')), Action::Repeat);
        assert_eq!(action_for_key(Key::Char('Ｙ')), Action::Yes);
        assert_eq!(action_for_key(Key::Char('\u{3000}')), Action::Next);
        assert_eq!(action_for_line("ｎｅｘｔ"), Action::Next);
    }

    #[test]
    fn digits_count_full_width_too() {
        assert_eq!(digit('1'), Some(1));
        assert_eq!(digit('３'), Some(3));
        assert_eq!(digit('0'), Some(0));
        assert_eq!(digit('x'), None);
        assert_eq!(digit('一'), None);
    }

    #[test]
    fn lines_follow_the_spec() {
        assert_eq!(action_for_line("はい"), Action::Yes);
        assert_eq!(action_for_line(" いいえ "), Action::No);
        assert_eq!(
            action_for_line("lang ja"),
            Action::SwitchLanguage(Some(Lang::ja()))
        );
        assert_eq!(action_for_line("lang"), Action::SwitchLanguage(None));
        assert_eq!(action_for_line("q"), Action::Quit);
        assert_eq!(action_for_line("+"), Action::Faster);
        assert_eq!(action_for_line("password123"), Action::Unknown);
        assert_eq!(action_for_line(""), Action::Next);
    }
}
