//! Questions of tebiki's own — continue? start over? stop? which guide? — and what a
//! key means to them. The player and the menu both ask through this one logic.

use super::{Action, Event};
use crate::l10n::{Lang, Localizer};
use crate::ui::View;

/// The answers a question takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// y or n.
    YesNo,
    /// A digit from 1 to `count`, or Enter for the first.
    Number { count: usize },
}

/// What a key means to a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    Yes,
    No,
    /// The 0-based choice.
    Number(usize),
    /// q, Esc, Ctrl-C, the end of input.
    Stop,
    /// Anything else: the listener gets a hint.
    Other,
}

impl Ask {
    pub fn reply(self, event: &Event) -> Reply {
        match (self, event) {
            (_, Event::Key(Action::Quit | Action::Interrupt)) => Reply::Stop,
            (Ask::YesNo, Event::Key(Action::Yes)) => Reply::Yes,
            (Ask::YesNo, Event::Key(Action::No)) => Reply::No,
            (Ask::Number { count }, Event::Key(Action::Next)) if count > 0 => Reply::Number(0),
            (Ask::Number { count }, Event::Other(c)) => c
                .to_digit(10)
                .and_then(|d| usize::try_from(d).ok())
                .filter(|d| (1..=count).contains(d))
                .map_or(Reply::Other, |d| Reply::Number(d - 1)),
            _ => Reply::Other,
        }
    }

    /// The line of key hints under the question.
    pub fn keys_id(self) -> &'static str {
        match self {
            Ask::YesNo => "keys-yes-no",
            Ask::Number { .. } => "keys-menu",
        }
    }

    /// What a key that is no answer gets.
    pub fn hint_id(self) -> &'static str {
        match self {
            Ask::YesNo => "hint-yes-no",
            Ask::Number { .. } => "hint-menu",
        }
    }

    /// The screen of a question asked before any step is shown: a title, the
    /// question, the keys.
    pub fn view(self, l10n: &Localizer, lang: &Lang, title: &str, notice: String) -> View {
        View {
            title: title.to_string(),
            notice: Some(notice),
            keys: l10n.text(lang, self.keys_id()),
            ..View::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_answer_questions() {
        let yes_no = Ask::YesNo;
        assert_eq!(yes_no.reply(&Event::Key(Action::Yes)), Reply::Yes);
        assert_eq!(yes_no.reply(&Event::Key(Action::No)), Reply::No);
        assert_eq!(yes_no.reply(&Event::Key(Action::Quit)), Reply::Stop);
        assert_eq!(yes_no.reply(&Event::Key(Action::Next)), Reply::Other);
        assert_eq!(yes_no.reply(&Event::Other('1')), Reply::Other);
        let menu = Ask::Number { count: 3 };
        assert_eq!(menu.reply(&Event::Key(Action::Next)), Reply::Number(0));
        assert_eq!(menu.reply(&Event::Other('3')), Reply::Number(2));
        assert_eq!(menu.reply(&Event::Other('4')), Reply::Other);
        assert_eq!(menu.reply(&Event::Other('0')), Reply::Other);
        assert_eq!(menu.reply(&Event::Key(Action::Yes)), Reply::Other);
        assert_eq!(menu.reply(&Event::Key(Action::Interrupt)), Reply::Stop);
        // An empty menu has nothing to choose with Enter.
        assert_eq!(
            Ask::Number { count: 0 }.reply(&Event::Key(Action::Next)),
            Reply::Other
        );
    }
}
