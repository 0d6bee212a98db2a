//! What the screen shows (a `View`, drawn by `crate::ui`), and the words that place the listener (counter, where).

use super::{Ask, Effect, Player};
use crate::guide::StepKind;
use crate::l10n::{arg, Lang};
use crate::ui::View;

impl Player<'_> {
    pub(super) fn show(&self, notice: Option<String>, fx: &mut Vec<Effect>) {
        fx.push(Effect::Show(self.view(notice)));
    }

    /// The screen of a yes / no question of tebiki's own: over the step when there is
    /// one (stop?), alone before the guide begins (continue? start over?).
    pub(super) fn yes_no_view(&self, question: String) -> View {
        let lang = &self.pos.lang;
        if self.is_offering() {
            Ask::YesNo.view(self.l10n, lang, self.guide.title(lang), question)
        } else {
            View {
                keys: self.l10n.text(lang, Ask::YesNo.keys_id()),
                ..self.view(Some(question))
            }
        }
    }

    pub(super) fn view(&self, notice: Option<String>) -> View {
        let lang = &self.pos.lang;
        let t = self.guide.step_text(lang, self.pos.step);
        let kind = &self.guide.steps[self.pos.step].kind;
        let keys_id = match kind {
            StepKind::Question { .. } => "keys-question",
            StepKind::Choice { .. } => "keys-choice",
            StepKind::End => "keys-end",
            _ => "keys-step",
        };
        let other = self
            .guide
            .languages
            .iter()
            .position(|l| l == lang)
            .map(|i| &self.guide.languages[(i + 1) % self.guide.languages.len()])
            .filter(|l| *l != lang)
            .map(|l| self.lang_name(l));
        let numbered = t
            .options
            .iter()
            .enumerate()
            .map(|(k, o)| format!("{}: {o}", k + 1))
            .collect::<Vec<_>>()
            .join("   ");
        let mut keys = self
            .l10n
            .text_args(lang, keys_id, &[arg("options", numbered)]);
        if let Some(other) = other {
            if !matches!(kind, StepKind::End) {
                keys.push_str("   ");
                keys.push_str(
                    &self
                        .l10n
                        .text_args(lang, "keys-lang", &[arg("lang", other)]),
                );
            }
        }
        View {
            title: self.guide.title(lang).to_string(),
            counter: self.counter(),
            section: t.section.clone(),
            body: t.shown.clone(),
            detail: t.detail.clone(),
            notice,
            keys,
            more: self.l10n.text(lang, "screen-more"),
            page: self.detail_page,
        }
    }

    /// A language's name in the current language, or its tag when tebiki has none.
    pub(super) fn lang_name(&self, lang: &Lang) -> String {
        let id = format!("lang-name-{lang}");
        if self.l10n.has(&self.pos.lang, &id) || self.l10n.has(&Lang::en(), &id) {
            self.l10n.text(&self.pos.lang, &id)
        } else {
            lang.to_string()
        }
    }

    /// The step's number on the main path (or of the main step it belongs to).
    pub(super) fn step_number(&self, i: usize) -> usize {
        self.guide.step_number(i, &self.main_path).0
    }

    pub(super) fn counter(&self) -> String {
        self.counter_as(["counter", "counter-part"])
    }

    /// "Step 3 of 21" with the texts given for a step on the main path and for one
    /// off it (the screen's and the spoken ones differ: "3 / 21" is not said well).
    fn counter_as(&self, [on_path, off_path]: [&str; 2]) -> String {
        let i = self.pos.step;
        let id = if self.main_path.contains(&i) {
            on_path
        } else {
            off_path
        };
        self.l10n.text_args(
            &self.pos.lang,
            id,
            &[
                arg("n", self.step_number(i)),
                arg("total", self.main_path.len()),
            ],
        )
    }

    /// The first sentence of a step's text, short enough to say in a question.
    pub(super) fn short_text(&self, i: usize) -> String {
        let shown = &self.guide.step_text(&self.pos.lang, i).shown;
        let first = shown
            .split_inclusive(['。', '？', '！', '.', '?', '!'])
            .next()
            .unwrap_or(shown);
        let mut out: String = first.chars().take(60).collect();
        if first.chars().count() > 60 {
            out.push('…');
        }
        out.trim().to_string()
    }

    pub(super) fn where_text(&self) -> String {
        let lang = &self.pos.lang;
        let here = self.pos.step;
        let title = self.guide.title(lang);
        let counter = self.counter_as(["where-counter", "where-counter-part"]);
        let kind = &self.guide.steps[here].kind;
        // A choice says each option and where it leads.
        let next_text = if let StepKind::Choice { .. } = kind {
            self.option_leads()
        } else {
            let (id, next) = match kind {
                StepKind::Question { .. } => ("where-next-yes", self.guide.answer(here, true)),
                _ => ("where-next", self.guide.next_of(here)),
            };
            match next.step() {
                Some(j) => self
                    .l10n
                    .text_args(lang, id, &[arg("text", self.short_text(j))]),
                None => self.l10n.text(lang, "where-last"),
            }
        };
        self.l10n.text_args(
            lang,
            "where",
            &[
                arg("title", title),
                arg("counter", counter),
                arg("next", next_text),
            ],
        )
    }
}
