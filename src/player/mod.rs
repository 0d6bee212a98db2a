//! The player: a pure state machine. `Player::handle(now, event)` takes what happened
//! (a key, speech finished, a clock tick) and returns the effects the session must
//! carry out (say, stop speech, show, save, log, finish). No I/O, no clock, no threads:
//! the time comes in with every event, so every flow is tested without sound or a
//! terminal.

mod menu;
mod question;
mod timers;
mod view;

pub use menu::{Choice, Menu};
pub use question::{Ask, Reply};
pub use timers::{idle_threshold_s, Timer};

use crate::config::{RATE, RATE_STEP};
use crate::guide::{Guide, StepKind, Target};
use crate::helper::{stuck_text, Helper};
use crate::l10n::{arg, Lang, Localizer};
use crate::ui::View;

use timers::Idle;

/// What the listener wants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Next,
    Repeat,
    Back,
    Yes,
    No,
    /// A digit key (1–9, full-width too): an option of a choice step.
    Choose(u8),
    /// Switch language: the next one of the guide's, or the one named.
    SwitchLanguage(Option<Lang>),
    Faster,
    Slower,
    Help,
    Where,
    /// Show the part of the explanation that the screen had no room for.
    More,
    Quit,
    /// Ctrl-C: stop at once, without asking.
    Interrupt,
    /// A key that means nothing to tebiki.
    Unknown,
}

impl Action {
    /// The name in the `key` event, or `None` for a key that is no action.
    pub fn name(&self) -> Option<&'static str> {
        Some(match self {
            Action::Next => "next",
            Action::Repeat => "repeat",
            Action::Back => "back",
            Action::Yes => "yes",
            Action::No => "no",
            Action::Choose(_) => "choice",
            Action::SwitchLanguage(_) => "lang",
            Action::Faster => "faster",
            Action::Slower => "slower",
            Action::Help => "help",
            Action::Where => "where",
            Action::More => "more",
            Action::Quit | Action::Interrupt => "quit",
            Action::Unknown => return None,
        })
    }
}

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The session begins: offer to continue, or read the first step.
    Start,
    Key(Action),
    /// A key that is no action, by its character (a digit in the menu).
    Other(char),
    /// Everything queued has been spoken (or shown, in text mode).
    SpeechDone,
    /// Time passes; `now` comes with every event.
    Tick,
}

/// A sound that says "your turn".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chime {
    /// The guide waits for Enter.
    Step,
    /// The guide waits for y or n.
    Question,
}

/// One thing to say: `text` is what goes to the engine (after the lexicon), at
/// `rate` (a multiple of tebiki's normal rate; slower than the setting on a step
/// heard three times).
#[derive(Clone, Debug, PartialEq)]
pub struct Utterance {
    /// The step it belongs to (for the `speak` event).
    pub step: String,
    pub lang: Lang,
    pub text: String,
    pub rate: f32,
}

/// A line for the `--events` log that only the player knows about.
#[derive(Clone, Debug, PartialEq)]
pub enum Log {
    Step {
        step: String,
        index: usize,
        total: usize,
    },
    Lang(Lang),
    TimerReminder {
        step: String,
        minutes_left: u32,
    },
    IdleReminder {
        step: String,
        idle_s: u64,
    },
}

/// What the player asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Say(Utterance),
    StopSpeech,
    Chime(Chime),
    Show(View),
    Log(Log),
    /// Save progress now (the position is `Player::position`).
    Save,
    /// The rate setting changed: keep it.
    SetRate(f32),
    /// The language setting changed: keep it.
    SetLang(Lang),
    /// Drop keys typed before this moment (a new step begins).
    DropPendingKeys,
    /// What the listener may ask for next: prepare it so it plays at once.
    Prefetch(Vec<Utterance>),
    Finish {
        completed: bool,
    },
}

/// Where the listener is: all that progress keeps.
#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    pub step: usize,
    /// Steps heard before this one, oldest first.
    pub history: Vec<usize>,
    pub lang: Lang,
    pub timers: Vec<Timer>,
}

/// What the session knew about earlier progress.
#[derive(Clone, Debug, PartialEq)]
pub enum Resume {
    Fresh,
    Saved(Position),
    /// Continue from a position without asking (the listener already said yes).
    Continue(Position),
    /// Progress was found but no longer fits the guide.
    Stale,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub lang: Lang,
    /// The language asked for, when the guide does not have it.
    pub missing_lang: Option<Lang>,
    pub rate: f32,
    pub remind: bool,
    /// Ask "Stop? y / n" on q (in a terminal).
    pub confirm_quit: bool,
    /// Whom to suggest asking when a step is repeated again and again.
    pub helper: Helper,
}

#[derive(Clone, Debug, PartialEq)]
enum Mode {
    Offer(Position),
    OfferRestart,
    Playing,
    ConfirmQuit,
    /// An end was reached: speak to the last sample, then finish.
    Ending,
    Finished,
}

/// The repeat (since the step was entered) that is read one notch slower.
const REPEATS_TO_SLOW: u32 = 2;
/// The repeat from which tebiki also says whom to ask.
const REPEATS_TO_HELP: u32 = 3;

pub struct Player<'a> {
    guide: &'a Guide,
    l10n: &'a Localizer,
    pos: Position,
    mode: Mode,
    rate: f32,
    remind: bool,
    confirm_quit: bool,
    helper: Helper,
    missing_lang: Option<Lang>,
    /// Repeats of this step since it was last entered.
    repeats: u32,
    /// The rate of this step only, once it was slowed for a listener who is stuck.
    step_rate: Option<f32>,
    /// Which screenful of the explanation is shown (`m`), from 0.
    detail_page: usize,
    speaking: bool,
    idle: Option<Idle>,
    main_path: Vec<usize>,
    resume: Resume,
}

impl<'a> Player<'a> {
    pub fn new(guide: &'a Guide, l10n: &'a Localizer, options: Options, resume: Resume) -> Self {
        let lang = guide.reading_lang(&options.lang);
        Player {
            guide,
            l10n,
            pos: Position {
                step: 0,
                history: Vec::new(),
                lang,
                timers: Vec::new(),
            },
            mode: Mode::Playing,
            rate: RATE.fit(options.rate),
            remind: options.remind,
            confirm_quit: options.confirm_quit,
            helper: options.helper,
            missing_lang: options.missing_lang,
            repeats: 0,
            step_rate: None,
            detail_page: 0,
            speaking: false,
            idle: None,
            main_path: guide.main_path(),
            resume,
        }
    }

    pub fn position(&self) -> &Position {
        &self.pos
    }

    /// The id of the step the listener is on.
    pub fn position_step_id(&self) -> &str {
        &self.guide.steps[self.pos.step].id
    }

    pub fn lang(&self) -> &Lang {
        &self.pos.lang
    }

    pub fn rate(&self) -> f32 {
        self.rate
    }

    pub fn is_finished(&self) -> bool {
        self.mode == Mode::Finished
    }

    /// True once an end is reached: what is left is to finish speaking it.
    pub fn is_ending(&self) -> bool {
        matches!(self.mode, Mode::Ending | Mode::Finished)
    }

    /// True while the offer to continue (or start over) waits for an answer.
    pub fn is_offering(&self) -> bool {
        matches!(self.mode, Mode::Offer(_) | Mode::OfferRestart)
    }

    pub fn handle(&mut self, now_ms: u64, event: Event) -> Vec<Effect> {
        let mut fx = Vec::new();
        if self.mode == Mode::Finished {
            return fx;
        }
        match event {
            Event::Start => self.start(now_ms, &mut fx),
            Event::Key(action) => {
                self.idle = None;
                self.key(now_ms, action, &mut fx);
            }
            Event::Other(c) => {
                self.idle = None;
                // A digit is an option of a choice step (full-width too).
                let action = crate::input::keymap::digit(c).map_or(Action::Unknown, Action::Choose);
                self.key(now_ms, action, &mut fx);
            }
            Event::SpeechDone => {
                self.speaking = false;
                if self.mode == Mode::Ending {
                    self.mode = Mode::Finished;
                    fx.push(Effect::Finish { completed: true });
                    return fx;
                }
                if self.idle.is_none() {
                    self.idle = Some(Idle {
                        since_ms: now_ms,
                        given: 0,
                    });
                }
                self.timers_due(now_ms, &mut fx);
            }
            Event::Tick => {
                self.timers_due(now_ms, &mut fx);
                self.idle_due(now_ms, &mut fx);
            }
        }
        fx
    }

    fn start(&mut self, now_ms: u64, fx: &mut Vec<Effect>) {
        match std::mem::replace(&mut self.resume, Resume::Fresh) {
            Resume::Saved(saved) if saved.step < self.guide.steps.len() => {
                let lang = self.guide.reading_lang(&saved.lang);
                self.pos.lang.clone_from(&lang);
                let text = self.short_text(saved.step);
                let n = self.step_number(saved.step);
                let question = self.l10n.text_args(
                    &lang,
                    "resume-offer",
                    &[arg("n", n), arg("text", text.as_str())],
                );
                self.mode = Mode::Offer(saved);
                self.ask(&question, fx);
            }
            Resume::Continue(saved) if saved.step < self.guide.steps.len() => {
                self.mode = Mode::Offer(saved);
                self.key(now_ms, Action::Yes, fx);
            }
            Resume::Saved(_) | Resume::Continue(_) | Resume::Stale => {
                self.mode = Mode::OfferRestart;
                let question = self.l10n.text(&self.pos.lang, "resume-stale");
                self.ask(&question, fx);
            }
            Resume::Fresh => self.begin(now_ms, fx),
        }
    }

    /// Reads the guide from its first step.
    fn begin(&mut self, now_ms: u64, fx: &mut Vec<Effect>) {
        self.mode = Mode::Playing;
        self.pos.step = 0;
        self.pos.history.clear();
        self.pos.timers.clear();
        let title = self.guide.title(&self.pos.lang).to_string();
        self.say(&title, fx);
        self.say_missing_lang(fx);
        self.enter(now_ms, 0, false, fx);
    }

    fn say_missing_lang(&mut self, fx: &mut Vec<Effect>) {
        if let Some(missing) = self.missing_lang.take() {
            let name = self.lang_name(&missing);
            let text = self
                .l10n
                .text_args(&self.pos.lang, "lang-missing", &[arg("lang", name)]);
            self.say(&text, fx);
        }
    }

    /// Shows and says a yes / no question of tebiki's own, then chimes.
    fn ask(&mut self, question: &str, fx: &mut Vec<Effect>) {
        fx.push(Effect::Show(self.yes_no_view(question.to_string())));
        self.say(question, fx);
        fx.push(Effect::Chime(Chime::Question));
    }

    /// True while tebiki waits for y or n to a question of its own.
    fn asks_yes_no(&self) -> bool {
        self.is_offering() || self.mode == Mode::ConfirmQuit
    }

    /// Stops what is being said, shows `text` under the step and says it.
    fn tell(&mut self, text: &str, fx: &mut Vec<Effect>) {
        fx.push(Effect::StopSpeech);
        self.show(Some(text.to_string()), fx);
        self.say(text, fx);
    }

    fn key(&mut self, now_ms: u64, action: Action, fx: &mut Vec<Effect>) {
        if action == Action::Interrupt {
            // Stopped while the end is being said: the end was reached all the same.
            let completed = self.mode == Mode::Ending;
            self.finish(completed, fx);
            return;
        }
        // Any key cuts off what is being said, at once (but the end, which is said
        // to its last sample). Showing more of the explanation does not: it is
        // what is being read.
        if action == Action::More && self.mode == Mode::Playing {
            self.detail_page = self.detail_page.wrapping_add(1);
            self.show(None, fx);
            return;
        }
        // Any other key: the step's own screen again, with room for what it says.
        self.detail_page = 0;
        if !matches!(self.mode, Mode::Ending | Mode::Finished) {
            fx.push(Effect::StopSpeech);
        }
        match self.mode.clone() {
            Mode::Offer(saved) => match Ask::YesNo.reply(&Event::Key(action)) {
                Reply::Yes => {
                    let lang = self.pos.lang.clone();
                    self.pos = saved;
                    self.pos.lang = lang;
                    self.mode = Mode::Playing;
                    self.say_missing_lang(fx);
                    self.say_expired_on_resume(now_ms, fx);
                    self.enter(now_ms, self.pos.step, false, fx);
                }
                Reply::No => self.begin(now_ms, fx),
                Reply::Stop => self.finish(false, fx),
                _ => self.hint(Ask::YesNo.hint_id(), fx),
            },
            Mode::OfferRestart => match Ask::YesNo.reply(&Event::Key(action)) {
                Reply::Yes => self.begin(now_ms, fx),
                Reply::No | Reply::Stop => self.finish(false, fx),
                _ => self.hint(Ask::YesNo.hint_id(), fx),
            },
            // y stops; any other key carries on.
            Mode::ConfirmQuit => {
                if Ask::YesNo.reply(&Event::Key(action)) == Reply::Yes {
                    self.finish(false, fx);
                } else {
                    self.mode = Mode::Playing;
                    let text = self.l10n.text(&self.pos.lang, "quit-cancelled");
                    self.tell(&text, fx);
                    self.say_prompt(fx);
                }
            }
            Mode::Ending | Mode::Finished => {}
            Mode::Playing => self.play_key(now_ms, action, fx),
        }
    }

    fn play_key(&mut self, now_ms: u64, action: Action, fx: &mut Vec<Effect>) {
        let here = self.pos.step;
        let is_question = matches!(self.guide.steps[here].kind, StepKind::Question { .. });
        let is_choice = self.is_choice();
        match action {
            Action::Next if is_question => self.hint("hint-answer", fx),
            // Enter on a choice says the options again (it never takes the first).
            Action::Next if is_choice => {
                self.show(None, fx);
                self.say_prompt(fx);
            }
            Action::Choose(n) if is_choice => match self.guide.choose(here, usize::from(n)) {
                Some(target) => self.go(now_ms, target, fx),
                None => self.hint_choice(fx),
            },
            Action::Choose(_) => self.hint("hint-unknown-key", fx),
            Action::Yes | Action::No if is_choice => self.hint_choice(fx),
            Action::Next => {
                let target = self.take_expired_jump().unwrap_or(self.guide.next_of(here));
                self.go(now_ms, target, fx);
            }
            Action::Yes | Action::No if is_question => {
                let target = self.guide.answer(here, action == Action::Yes);
                self.go(now_ms, target, fx);
            }
            Action::Yes | Action::No => self.hint("hint-not-question", fx),
            Action::Repeat => self.repeat(fx),
            Action::Back => match self.pos.history.pop() {
                Some(prev) => self.enter(now_ms, prev, false, fx),
                None => self.hint("hint-first-step", fx),
            },
            Action::SwitchLanguage(wanted) => self.switch_lang(wanted, fx),
            Action::Faster | Action::Slower => {
                let delta = if action == Action::Faster {
                    RATE_STEP
                } else {
                    -RATE_STEP
                };
                // From the rate heard now: a step slowed for the listener counts.
                let heard = self.speech_rate();
                self.step_rate = None;
                let rate = ((heard + delta) * 10.0).round() / 10.0;
                self.rate = RATE.fit(rate);
                fx.push(Effect::SetRate(self.rate));
                let id = if (self.rate - rate).abs() > f32::EPSILON {
                    "rate-limit"
                } else {
                    "rate-now"
                };
                let text = self.l10n.text_args(
                    &self.pos.lang,
                    id,
                    &[arg("rate", format!("{:.1}", self.rate))],
                );
                self.tell(&text, fx);
            }
            Action::Help if is_choice => {
                let text = self.l10n.text_args(
                    &self.pos.lang,
                    "help-choice",
                    &[arg("leads", self.option_leads())],
                );
                self.tell(&text, fx);
            }
            Action::Help => {
                let id = if is_question {
                    "help-question"
                } else {
                    "help-keys"
                };
                let text = self.l10n.text(&self.pos.lang, id);
                self.tell(&text, fx);
            }
            Action::Where => {
                let text = self.where_text();
                self.tell(&text, fx);
            }
            Action::Quit if self.confirm_quit => {
                self.mode = Mode::ConfirmQuit;
                fx.push(Effect::StopSpeech);
                let question = self.l10n.text(&self.pos.lang, "quit-confirm");
                self.ask(&question, fx);
            }
            // Ctrl-C never gets here: `key` finishes at once for it.
            Action::Quit | Action::Interrupt => self.finish(false, fx),
            // Handled in `key`, before speech is cut off.
            Action::More => self.show(None, fx),
            Action::Unknown => self.hint("hint-unknown-key", fx),
        }
    }

    fn switch_lang(&mut self, wanted: Option<Lang>, fx: &mut Vec<Effect>) {
        let langs = &self.guide.languages;
        let new = match wanted {
            Some(l) if langs.contains(&l) => l,
            Some(l) => {
                let name = self.lang_name(&l);
                let text =
                    self.l10n
                        .text_args(&self.pos.lang, "hint-no-such-lang", &[arg("lang", name)]);
                self.tell(&text, fx);
                return;
            }
            None => {
                let i = langs.iter().position(|l| *l == self.pos.lang).unwrap_or(0);
                langs[(i + 1) % langs.len()].clone()
            }
        };
        fx.push(Effect::StopSpeech);
        if new != self.pos.lang {
            self.pos.lang = new.clone();
            fx.push(Effect::Log(Log::Lang(new.clone())));
            fx.push(Effect::SetLang(new));
            fx.push(Effect::Save);
        } else {
            let text = self.l10n.text(&self.pos.lang, "hint-one-lang");
            self.say(&text, fx);
        }
        self.show(None, fx);
        self.say_step(fx);
        self.prefetch(fx);
    }

    /// Moves to a target: a step (remembering where we were) or past the end.
    fn go(&mut self, now_ms: u64, target: Target, fx: &mut Vec<Effect>) {
        match target {
            Target::Step(i) => self.enter(now_ms, i, true, fx),
            Target::PastEnd => {
                self.mode = Mode::Ending;
                let text = self.l10n.text(&self.pos.lang, "guide-finished");
                self.tell(&text, fx);
            }
        }
    }

    fn enter(&mut self, now_ms: u64, i: usize, remember: bool, fx: &mut Vec<Effect>) {
        if remember {
            self.pos.history.push(self.pos.step);
        }
        self.pos.step = i;
        self.repeats = 0;
        self.step_rate = None;
        self.detail_page = 0;
        let step = &self.guide.steps[i];
        if let StepKind::Timer { minutes, .. } = step.kind {
            // Moving on to the timer step from steps heard after it: the timed job is
            // being done again (the 2-step screen came back and the listener approves
            // again). Going back to it, or back before it and on again, is not.
            let again = remember && self.pos.history.contains(&i);
            let fresh = Timer {
                step: i,
                deadline_ms: now_ms + u64::from(minutes) * 60_000,
                reminded: Vec::new(),
                expired: false,
                closed: false,
            };
            match self.pos.timers.iter_mut().find(|t| t.step == i) {
                None => self.pos.timers.push(fresh),
                // A new window; one closed by `until` stays closed.
                Some(t) if again && !t.closed => *t = fresh,
                Some(_) => {}
            }
        }
        self.close_timers_until(i);
        // No StopSpeech here: the key that led here cut off what was playing, and what
        // was queued since (the title, a note on the language or the timer) comes first.
        fx.push(Effect::Log(Log::Step {
            step: step.id.clone(),
            index: i + 1,
            total: self.guide.steps.len(),
        }));
        fx.push(Effect::Save);
        fx.push(Effect::DropPendingKeys);
        self.show(None, fx);
        if matches!(step.kind, StepKind::End) {
            self.mode = Mode::Ending;
            self.say(&self.step_speech(i), fx);
        } else {
            self.say_step(fx);
            self.prefetch(fx);
        }
    }

    /// Speaks the current step and what keys it offers.
    fn say_step(&mut self, fx: &mut Vec<Effect>) {
        let text = self.step_speech(self.pos.step);
        self.say(&text, fx);
        if self.mode != Mode::Ending {
            self.say_prompt(fx);
        }
    }

    fn say_prompt(&mut self, fx: &mut Vec<Effect>) {
        if self.is_choice() {
            let text = self.options_prompt();
            self.say(&text, fx);
            fx.push(Effect::Chime(Chime::Question));
            return;
        }
        let question = self.is_question();
        let id = if question {
            "prompt-question"
        } else {
            "prompt-next"
        };
        let text = self.l10n.text(&self.pos.lang, id);
        self.say(&text, fx);
        fx.push(Effect::Chime(if question {
            Chime::Question
        } else {
            Chime::Step
        }));
    }

    fn is_question(&self) -> bool {
        matches!(
            self.guide.steps[self.pos.step].kind,
            StepKind::Question { .. }
        )
    }

    /// True on a choice step.
    fn is_choice(&self) -> bool {
        self.guide.option_count(self.pos.step) > 0
    }

    /// How many options the listener may choose from now: those of the choice step
    /// being read, or 0 (not a choice, or tebiki waits for y / n or is ending).
    pub fn choice_count(&self) -> usize {
        if self.mode == Mode::Playing {
            self.guide.option_count(self.pos.step)
        } else {
            0
        }
    }

    /// "For Android, press 1. For iPhone, press 2." for the current choice.
    fn options_prompt(&self) -> String {
        self.options_prompt_in(&self.pos.lang, self.pos.step)
    }

    fn options_prompt_in(&self, lang: &Lang, i: usize) -> String {
        let options = &self.guide.step_text(lang, i).options;
        let name = |k: usize| options.get(k).cloned().unwrap_or_default();
        self.l10n.text_args(
            lang,
            "prompt-choice",
            &[
                arg("count", options.len()),
                arg("o1", name(0)),
                arg("o2", name(1)),
                arg("o3", name(2)),
            ],
        )
    }

    /// Each option of the current choice and where it leads, as one text.
    pub(super) fn option_leads(&self) -> String {
        let lang = &self.pos.lang;
        let here = self.pos.step;
        let options = &self.guide.step_text(lang, here).options;
        options
            .iter()
            .enumerate()
            .map(|(k, option)| {
                let next = match self.guide.choose(here, k + 1).and_then(Target::step) {
                    Some(j) => self.short_text(j),
                    None => self.l10n.text(lang, "where-last"),
                };
                self.l10n.text_args(
                    lang,
                    "where-option",
                    &[
                        arg("option", option.as_str()),
                        arg("key", k + 1),
                        arg("text", next),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A short reminder of the options, for a key that is none of them.
    fn hint_choice(&mut self, fx: &mut Vec<Effect>) {
        let text = self.l10n.text_args(
            &self.pos.lang,
            "hint-choice",
            &[arg("options", self.options_prompt())],
        );
        self.tell(&text, fx);
        fx.push(Effect::Chime(Chime::Question));
    }

    /// Section, text and detail of a step, as they are spoken.
    fn step_speech(&self, i: usize) -> String {
        self.step_speech_in(&self.pos.lang, i)
    }

    fn step_speech_in(&self, lang: &Lang, i: usize) -> String {
        self.guide.step_speech(lang, i)
    }

    fn say(&mut self, text: &str, fx: &mut Vec<Effect>) {
        self.speaking = true;
        fx.push(Effect::Say(self.utterance(
            &self.pos.lang,
            self.pos.step,
            text,
        )));
    }

    /// What goes to the engine: the text after the language's lexicon, at the rate
    /// of that step.
    fn utterance(&self, lang: &Lang, step: usize, text: &str) -> Utterance {
        let spoken = self.guide.speakable(lang, text);
        let rate = if step == self.pos.step {
            self.speech_rate()
        } else {
            self.rate
        };
        Utterance {
            step: self.guide.steps[step].id.clone(),
            lang: lang.clone(),
            text: spoken,
            rate,
        }
    }

    /// The rate the current step is read at.
    fn speech_rate(&self) -> f32 {
        self.step_rate.unwrap_or(self.rate)
    }

    /// The step again. A listener who asks a second time hears it one notch slower
    /// (this step only); one who asks again is told whom to ask, first.
    fn repeat(&mut self, fx: &mut Vec<Effect>) {
        self.repeats = self.repeats.saturating_add(1);
        self.detail_page = 0;
        fx.push(Effect::StopSpeech);
        let note = match self.repeats {
            n if n < REPEATS_TO_SLOW => None,
            n if n < REPEATS_TO_HELP => {
                let slower = ((self.speech_rate() - RATE_STEP) * 10.0).round() / 10.0;
                let id = if slower < RATE.min - f32::EPSILON {
                    "repeat-slowest"
                } else {
                    self.step_rate = Some(slower);
                    "repeat-slower"
                };
                let text = self.l10n.text(&self.pos.lang, id);
                Some((text.clone(), text))
            }
            _ => Some(self.stuck_text()),
        };
        match note {
            Some((shown, spoken)) => {
                self.show(Some(shown), fx);
                self.say(&spoken, fx);
            }
            None => self.show(None, fx),
        }
        self.say_step(fx);
    }

    /// Whom to ask, as shown and as spoken (the number digit by digit).
    fn stuck_text(&self) -> (String, String) {
        let can_go_back = !self.pos.history.is_empty();
        (
            stuck_text(self.l10n, &self.pos.lang, &self.helper, can_go_back, false),
            stuck_text(self.l10n, &self.pos.lang, &self.helper, can_go_back, true),
        )
    }

    /// The steps the listener may hear next (next, both answers, the expired step,
    /// the previous step) and this step in the other languages, with their prompts.
    fn prefetch(&self, fx: &mut Vec<Effect>) {
        let here = self.pos.step;
        let lang = &self.pos.lang;
        let mut targets: Vec<usize> = self
            .guide
            .successors(here)
            .into_iter()
            .filter_map(Target::step)
            .collect();
        targets.extend(self.pos.history.last().copied());
        let mut out: Vec<Utterance> = targets
            .into_iter()
            .map(|j| self.utterance(lang, j, &self.step_speech_in(lang, j)))
            .collect();
        for other in self.guide.languages.iter().filter(|l| *l != lang) {
            out.push(self.utterance(other, here, &self.step_speech_in(other, here)));
        }
        for id in ["prompt-next", "prompt-question"] {
            out.push(self.utterance(lang, here, &self.l10n.text(lang, id)));
        }
        if self.is_choice() {
            out.push(self.utterance(lang, here, &self.options_prompt_in(lang, here)));
        }
        out.dedup();
        fx.push(Effect::Prefetch(out));
    }

    fn hint(&mut self, id: &str, fx: &mut Vec<Effect>) {
        let text = self.l10n.text(&self.pos.lang, id);
        if self.asks_yes_no() {
            fx.push(Effect::StopSpeech);
            fx.push(Effect::Show(self.yes_no_view(text.clone())));
            self.say(&text, fx);
        } else {
            self.tell(&text, fx);
        }
    }

    fn finish(&mut self, completed: bool, fx: &mut Vec<Effect>) {
        self.mode = Mode::Finished;
        fx.push(Effect::StopSpeech);
        fx.push(Effect::Finish { completed });
    }
}

#[cfg(test)]
mod choice_tests;
#[cfg(test)]
pub(crate) mod tests;
