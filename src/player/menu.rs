//! `tebiki` alone: the offer to continue the latest unfinished guide, then a spoken,
//! numbered menu of the guides. A pure machine like `Player` (events in, effects
//! out), asking through the same question logic.

use super::question::{Ask, Reply};
use super::{Effect, Event, Utterance};
use crate::l10n::{arg, Lang, Localizer};

/// What the listener chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Continue the unfinished guide where it was left.
    Continue,
    /// The guide with this 0-based number.
    Guide(usize),
    /// Nothing: the listener stopped.
    Stop,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Continue,
    List,
}

/// The title shown over the menu's questions.
const TITLE: &str = "tebiki";

pub struct Menu<'a> {
    l10n: &'a Localizer,
    lang: Lang,
    /// The title of the unfinished guide, when there is one.
    unfinished: Option<String>,
    titles: Vec<String>,
    mode: Mode,
    choice: Option<Choice>,
    /// The rate the menu is spoken at.
    rate: f32,
}

impl<'a> Menu<'a> {
    /// At most nine guides are offered (one digit each).
    pub fn new(
        l10n: &'a Localizer,
        lang: Lang,
        unfinished: Option<String>,
        mut titles: Vec<String>,
    ) -> Menu<'a> {
        titles.truncate(9);
        Menu {
            l10n,
            lang,
            mode: if unfinished.is_some() {
                Mode::Continue
            } else {
                Mode::List
            },
            unfinished,
            titles,
            choice: None,
            rate: crate::config::RATE.default,
        }
    }

    /// Spoken at `rate` (the listener's setting).
    #[must_use]
    pub fn at_rate(mut self, rate: f32) -> Menu<'a> {
        self.rate = crate::config::RATE.fit(rate);
        self
    }

    pub fn lang(&self) -> &Lang {
        &self.lang
    }

    /// What the listener chose, once they have.
    pub fn choice(&self) -> Option<&Choice> {
        self.choice.as_ref()
    }

    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        let mut fx = Vec::new();
        if self.choice.is_some() {
            return fx;
        }
        match event {
            Event::Start => self.ask(None, &mut fx),
            Event::Key(_) | Event::Other(_) => {
                fx.push(Effect::StopSpeech);
                match (self.mode, self.ask_kind().reply(&event)) {
                    (_, Reply::Stop) => self.choice = Some(Choice::Stop),
                    (Mode::Continue, Reply::Yes) => self.choice = Some(Choice::Continue),
                    (Mode::Continue, Reply::No) => {
                        self.mode = Mode::List;
                        self.ask(None, &mut fx);
                    }
                    (Mode::List, Reply::Number(i)) => self.choice = Some(Choice::Guide(i)),
                    _ => {
                        let hint = self.l10n.text(&self.lang, self.ask_kind().hint_id());
                        self.ask(Some(hint), &mut fx);
                    }
                }
            }
            Event::SpeechDone | Event::Tick => {}
        }
        fx
    }

    fn ask_kind(&self) -> Ask {
        match self.mode {
            Mode::Continue => Ask::YesNo,
            Mode::List => Ask::Number {
                count: self.titles.len(),
            },
        }
    }

    fn question(&self) -> String {
        let lang = &self.lang;
        match (self.mode, &self.unfinished) {
            (Mode::Continue, Some(title)) => {
                self.l10n
                    .text_args(lang, "menu-continue", &[arg("title", title.as_str())])
            }
            _ => {
                let mut text = self.l10n.text(lang, "menu-intro");
                for (i, title) in self.titles.iter().enumerate() {
                    text.push('\n');
                    text.push_str(&self.l10n.text_args(
                        lang,
                        "menu-item",
                        &[arg("n", i + 1), arg("title", title.as_str())],
                    ));
                }
                text
            }
        }
    }

    /// Shows the question (with a hint under it) and says the hint, or the question.
    fn ask(&self, hint: Option<String>, fx: &mut Vec<Effect>) {
        let question = self.question();
        let (notice, said) = match hint {
            Some(hint) => (format!("{question}\n\n{hint}"), hint),
            None => (question.clone(), question),
        };
        let view = self.ask_kind().view(self.l10n, &self.lang, TITLE, notice);
        fx.push(Effect::Show(view));
        fx.push(Effect::Say(Utterance {
            step: String::new(),
            lang: self.lang.clone(),
            text: said,
            rate: self.rate,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::Action;

    fn said(fx: &[Effect]) -> Vec<String> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Say(u) => Some(u.text.clone()),
                _ => None,
            })
            .collect()
    }

    fn titles() -> Vec<String> {
        vec!["Boil water".into(), "Log in".into()]
    }

    #[test]
    fn the_menu_speaks_numbered_guides_and_a_digit_or_enter_chooses() {
        let l10n = Localizer::builtin();
        let mut m = Menu::new(&l10n, Lang::en(), None, titles());
        let s = said(&m.handle(Event::Start));
        assert_eq!(s.len(), 1);
        assert!(
            s[0].contains("1: Boil water") && s[0].contains("2: Log in"),
            "{s:?}"
        );
        // A number out of range gets the hint, the list stays on screen.
        let fx = m.handle(Event::Other('7'));
        assert!(said(&fx)[0].contains("number of a guide"), "{fx:?}");
        let Some(Effect::Show(view)) = fx.iter().find(|e| matches!(e, Effect::Show(_))) else {
            panic!("no screen: {fx:?}");
        };
        assert!(view.notice.as_deref().unwrap().contains("2: Log in"));
        assert_eq!(m.choice(), None);
        m.handle(Event::Other('2'));
        assert_eq!(m.choice(), Some(&Choice::Guide(1)));
        let mut m = Menu::new(&l10n, Lang::en(), None, titles());
        m.handle(Event::Start);
        m.handle(Event::Key(Action::Next));
        assert_eq!(m.choice(), Some(&Choice::Guide(0)));
    }

    #[test]
    fn the_offer_to_continue_is_a_yes_no_question() {
        let l10n = Localizer::builtin();
        let unfinished = Some("Log in".to_string());
        let mut m = Menu::new(&l10n, Lang::en(), unfinished.clone(), titles());
        let s = said(&m.handle(Event::Start));
        assert!(s[0].contains("“Log in”"), "{s:?}");
        // A digit is no answer to y / n.
        assert!(said(&m.handle(Event::Other('1')))[0].contains("press y for yes"));
        m.handle(Event::Key(Action::Yes));
        assert_eq!(m.choice(), Some(&Choice::Continue));
        // n: the list of guides.
        let mut m = Menu::new(&l10n, Lang::en(), unfinished.clone(), titles());
        m.handle(Event::Start);
        let s = said(&m.handle(Event::Key(Action::No)));
        assert!(s[0].contains("1: Boil water"), "{s:?}");
        assert_eq!(m.choice(), None);
        // q: nothing chosen.
        let mut m = Menu::new(&l10n, Lang::en(), unfinished, titles());
        m.handle(Event::Start);
        m.handle(Event::Key(Action::Quit));
        assert_eq!(m.choice(), Some(&Choice::Stop));
    }
}
