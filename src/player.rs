//! The player: a pure state machine. `Player::handle(now, event)` takes what happened
//! (a key, speech finished, a clock tick) and returns the effects the session must
//! carry out (say, stop speech, show, save, log, finish). No I/O, no clock, no threads:
//! the time comes in with every event, so every flow is tested without sound or a
//! terminal.

use crate::config::{RATE, RATE_STEP};
use crate::guide::{Guide, StepKind, Target};
use crate::l10n::{arg, Lang, Localizer};

/// What the listener wants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Next,
    Repeat,
    Back,
    Yes,
    No,
    /// Switch language: the next one of the guide's, or the one named.
    SwitchLanguage(Option<Lang>),
    Faster,
    Slower,
    Help,
    Where,
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
            Action::SwitchLanguage(_) => "lang",
            Action::Faster => "faster",
            Action::Slower => "slower",
            Action::Help => "help",
            Action::Where => "where",
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

/// One thing to say: `text` is what goes to the engine (after the lexicon), `shown`
/// what it says in writing.
#[derive(Clone, Debug, PartialEq)]
pub struct Utterance {
    /// The step it belongs to (for the `speak` event).
    pub step: String,
    pub lang: Lang,
    pub text: String,
}

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

/// A running timer (from a timer step on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timer {
    pub step: usize,
    /// Milliseconds since the Unix epoch.
    pub deadline_ms: u64,
    /// Reminders already given (minutes left).
    pub reminded: Vec<u32>,
    /// The time is up and the listener has been told.
    pub expired: bool,
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

#[derive(Clone, Copy, Debug, PartialEq)]
struct Idle {
    since_ms: u64,
    given: u32,
}

/// Seconds of silence before the n-th idle reminder: 30, 60, 120, then every 5 minutes.
pub fn idle_threshold_s(given: u32) -> u64 {
    match given {
        0 => 30,
        1 => 60,
        2 => 120,
        n => 120 + 300 * u64::from(n - 2),
    }
}

pub struct Player<'a> {
    guide: &'a Guide,
    l10n: &'a Localizer,
    pos: Position,
    mode: Mode,
    rate: f32,
    remind: bool,
    confirm_quit: bool,
    missing_lang: Option<Lang>,
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
            missing_lang: options.missing_lang,
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

    fn ask(&mut self, question: &str, fx: &mut Vec<Effect>) {
        let keys = self.l10n.text(&self.pos.lang, "keys-yes-no");
        fx.push(Effect::Show(View {
            title: self.guide.title(&self.pos.lang).to_string(),
            notice: Some(question.to_string()),
            keys,
            ..View::default()
        }));
        self.say(question, fx);
        fx.push(Effect::Chime(Chime::Question));
    }

    fn key(&mut self, now_ms: u64, action: Action, fx: &mut Vec<Effect>) {
        if action == Action::Interrupt {
            // Stopped while the end is being said: the end was reached all the same.
            let completed = self.mode == Mode::Ending;
            self.finish(completed, fx);
            return;
        }
        // Any key cuts off what is being said, at once (but the end, which is said
        // to its last sample).
        if !matches!(self.mode, Mode::Ending | Mode::Finished) {
            fx.push(Effect::StopSpeech);
        }
        match self.mode.clone() {
            Mode::Offer(saved) => match action {
                Action::Yes => {
                    let lang = self.pos.lang.clone();
                    self.pos = saved;
                    self.pos.lang = lang;
                    self.mode = Mode::Playing;
                    self.say_missing_lang(fx);
                    self.say_expired_on_resume(now_ms, fx);
                    self.enter(now_ms, self.pos.step, false, fx);
                }
                Action::No => self.begin(now_ms, fx),
                Action::Quit => self.finish(false, fx),
                _ => self.hint("hint-yes-no", fx),
            },
            Mode::OfferRestart => match action {
                Action::Yes => self.begin(now_ms, fx),
                Action::No | Action::Quit => self.finish(false, fx),
                _ => self.hint("hint-yes-no", fx),
            },
            Mode::ConfirmQuit => {
                if action == Action::Yes {
                    self.finish(false, fx);
                } else {
                    self.mode = Mode::Playing;
                    fx.push(Effect::StopSpeech);
                    let text = self.l10n.text(&self.pos.lang, "quit-cancelled");
                    self.show(Some(text.clone()), fx);
                    self.say(&text, fx);
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
        match action {
            Action::Next if is_question => self.hint("hint-answer", fx),
            Action::Next => {
                let target = self.take_expired_jump().unwrap_or(self.guide.next_of(here));
                self.go(now_ms, target, fx);
            }
            Action::Yes | Action::No if is_question => {
                let target = self.guide.answer(here, action == Action::Yes);
                self.go(now_ms, target, fx);
            }
            Action::Yes | Action::No => self.hint("hint-not-question", fx),
            Action::Repeat => {
                fx.push(Effect::StopSpeech);
                self.show(None, fx);
                self.say_step(fx);
            }
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
                let rate = ((self.rate + delta) * 10.0).round() / 10.0;
                self.rate = RATE.fit(rate);
                fx.push(Effect::StopSpeech);
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
                self.show(Some(text.clone()), fx);
                self.say(&text, fx);
            }
            Action::Help => {
                let id = if is_question {
                    "help-question"
                } else {
                    "help-keys"
                };
                let text = self.l10n.text(&self.pos.lang, id);
                fx.push(Effect::StopSpeech);
                self.show(Some(text.clone()), fx);
                self.say(&text, fx);
            }
            Action::Where => {
                let text = self.where_text();
                fx.push(Effect::StopSpeech);
                self.show(Some(text.clone()), fx);
                self.say(&text, fx);
            }
            Action::Quit if self.confirm_quit => {
                self.mode = Mode::ConfirmQuit;
                fx.push(Effect::StopSpeech);
                let question = self.l10n.text(&self.pos.lang, "quit-confirm");
                let mut view = self.view(Some(question.clone()));
                view.keys = self.l10n.text(&self.pos.lang, "keys-yes-no");
                fx.push(Effect::Show(view));
                self.say(&question, fx);
                fx.push(Effect::Chime(Chime::Question));
            }
            Action::Quit => self.finish(false, fx),
            Action::Interrupt => self.finish(false, fx),
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
                fx.push(Effect::StopSpeech);
                self.show(Some(text.clone()), fx);
                self.say(&text, fx);
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
                fx.push(Effect::StopSpeech);
                let text = self.l10n.text(&self.pos.lang, "guide-finished");
                self.show(Some(text.clone()), fx);
                self.say(&text, fx);
            }
        }
    }

    fn enter(&mut self, now_ms: u64, i: usize, remember: bool, fx: &mut Vec<Effect>) {
        if remember {
            self.pos.history.push(self.pos.step);
        }
        self.pos.step = i;
        let step = &self.guide.steps[i];
        if let StepKind::Timer { minutes, .. } = step.kind {
            if !self.pos.timers.iter().any(|t| t.step == i) {
                self.pos.timers.push(Timer {
                    step: i,
                    deadline_ms: now_ms + u64::from(minutes) * 60_000,
                    reminded: Vec::new(),
                    expired: false,
                });
            }
        }
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

    /// What goes to the engine: the text after the language's lexicon.
    fn utterance(&self, lang: &Lang, step: usize, text: &str) -> Utterance {
        let spoken = self.guide.speakable(lang, text);
        Utterance {
            step: self.guide.steps[step].id.clone(),
            lang: lang.clone(),
            text: spoken,
        }
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
            .filter_map(|t| match t {
                Target::Step(j) => Some(j),
                Target::PastEnd => None,
            })
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
        out.dedup();
        fx.push(Effect::Prefetch(out));
    }

    fn hint(&mut self, id: &str, fx: &mut Vec<Effect>) {
        let text = self.l10n.text(&self.pos.lang, id);
        fx.push(Effect::StopSpeech);
        if self.is_offering() || self.mode == Mode::ConfirmQuit {
            let keys = self.l10n.text(&self.pos.lang, "keys-yes-no");
            fx.push(Effect::Show(View {
                title: self.guide.title(&self.pos.lang).to_string(),
                notice: Some(text.clone()),
                keys,
                ..View::default()
            }));
        } else {
            self.show(Some(text.clone()), fx);
        }
        self.say(&text, fx);
    }

    fn finish(&mut self, completed: bool, fx: &mut Vec<Effect>) {
        self.mode = Mode::Finished;
        fx.push(Effect::StopSpeech);
        fx.push(Effect::Finish { completed });
    }

    fn show(&self, notice: Option<String>, fx: &mut Vec<Effect>) {
        fx.push(Effect::Show(self.view(notice)));
    }

    fn view(&self, notice: Option<String>) -> View {
        let lang = &self.pos.lang;
        let t = self.guide.step_text(lang, self.pos.step);
        let kind = &self.guide.steps[self.pos.step].kind;
        let keys_id = match kind {
            StepKind::Question { .. } => "keys-question",
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
        let mut keys = self.l10n.text(lang, keys_id);
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
        }
    }

    /// A language's name in the current language, or its tag when tebiki has none.
    fn lang_name(&self, lang: &Lang) -> String {
        let id = format!("lang-name-{lang}");
        if self.l10n.has(&self.pos.lang, &id) || self.l10n.has(&Lang::en(), &id) {
            self.l10n.text(&self.pos.lang, &id)
        } else {
            lang.to_string()
        }
    }

    /// The step's number on the main path (or of the main step it belongs to).
    fn step_number(&self, i: usize) -> usize {
        let main = self.guide.main_step_of(i, &self.main_path).unwrap_or(i);
        self.main_path
            .iter()
            .position(|&m| m == main)
            .map_or(i + 1, |p| p + 1)
    }

    fn counter(&self) -> String {
        let i = self.pos.step;
        let lang = &self.pos.lang;
        let total = self.main_path.len();
        if self.main_path.contains(&i) {
            self.l10n.text_args(
                lang,
                "counter",
                &[arg("n", self.step_number(i)), arg("total", total)],
            )
        } else {
            self.l10n.text_args(
                lang,
                "counter-part",
                &[arg("n", self.step_number(i)), arg("total", total)],
            )
        }
    }

    /// The first sentence of a step's text, short enough to say in a question.
    fn short_text(&self, i: usize) -> String {
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

    fn where_text(&self) -> String {
        let lang = &self.pos.lang;
        let here = self.pos.step;
        let title = self.guide.title(lang);
        let counter = self.counter();
        let next = match self.guide.steps[here].kind {
            StepKind::Question { .. } => match self.guide.answer(here, true) {
                Target::Step(j) => Some(j),
                Target::PastEnd => None,
            },
            _ => match self.guide.next_of(here) {
                Target::Step(j) => Some(j),
                Target::PastEnd => None,
            },
        };
        let next_text = match next {
            Some(j) => {
                let id = if matches!(self.guide.steps[here].kind, StepKind::Question { .. }) {
                    "where-next-yes"
                } else {
                    "where-next"
                };
                self.l10n
                    .text_args(lang, id, &[arg("text", self.short_text(j))])
            }
            None => self.l10n.text(lang, "where-last"),
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

    /// An expired timer that sends the next `next` to its `expired` step.
    fn take_expired_jump(&mut self) -> Option<Target> {
        let k = self.pos.timers.iter().position(|t| t.expired)?;
        let timer = self.pos.timers.remove(k);
        match self.guide.steps[timer.step].kind {
            StepKind::Timer {
                expired: Some(to), ..
            } => Some(Target::Step(to)),
            _ => None,
        }
    }

    fn say_expired_on_resume(&mut self, now_ms: u64, fx: &mut Vec<Effect>) {
        for k in 0..self.pos.timers.len() {
            if now_ms >= self.pos.timers[k].deadline_ms && !self.pos.timers[k].expired {
                self.expire(k, fx);
            }
        }
    }

    /// Timer reminders and expiry, said only when nothing else is being said.
    fn timers_due(&mut self, now_ms: u64, fx: &mut Vec<Effect>) {
        if self.speaking || self.mode != Mode::Playing {
            return;
        }
        for k in 0..self.pos.timers.len() {
            let timer = &self.pos.timers[k];
            if timer.expired {
                continue;
            }
            if now_ms >= timer.deadline_ms {
                self.expire(k, fx);
                return;
            }
            let left_ms = timer.deadline_ms - now_ms;
            let StepKind::Timer { remind_at, .. } = &self.guide.steps[timer.step].kind else {
                continue;
            };
            let due: Vec<u32> = remind_at
                .iter()
                .copied()
                .filter(|r| u64::from(*r) * 60_000 >= left_ms && !timer.reminded.contains(r))
                .collect();
            if let Some(&smallest) = due.iter().min() {
                let step = self.guide.steps[timer.step].id.clone();
                self.pos.timers[k].reminded.extend(due);
                let minutes_left = u32::try_from(left_ms.div_ceil(60_000)).unwrap_or(smallest);
                fx.push(Effect::Log(Log::TimerReminder {
                    step,
                    minutes_left: smallest,
                }));
                fx.push(Effect::Save);
                let text = self.l10n.text_args(
                    &self.pos.lang,
                    "timer-reminder",
                    &[arg("minutes", minutes_left.max(1))],
                );
                self.show(Some(text.clone()), fx);
                self.say(&text, fx);
                return;
            }
        }
    }

    fn expire(&mut self, k: usize, fx: &mut Vec<Effect>) {
        let timer = &mut self.pos.timers[k];
        timer.expired = true;
        let i = timer.step;
        let StepKind::Timer {
            minutes, expired, ..
        } = &self.guide.steps[i].kind
        else {
            return;
        };
        let (minutes, expired) = (*minutes, *expired);
        let lang = self.pos.lang.clone();
        let text = match expired {
            Some(to) => self.l10n.text_args(
                &lang,
                "timer-expired-go",
                &[arg("minutes", minutes), arg("text", self.short_text(to))],
            ),
            None => {
                self.pos.timers.remove(k);
                self.l10n
                    .text_args(&lang, "timer-expired", &[arg("minutes", minutes)])
            }
        };
        fx.push(Effect::Log(Log::TimerReminder {
            step: self.guide.steps[i].id.clone(),
            minutes_left: 0,
        }));
        fx.push(Effect::Save);
        self.show(Some(text.clone()), fx);
        self.say(&text, fx);
    }

    fn idle_due(&mut self, now_ms: u64, fx: &mut Vec<Effect>) {
        if !self.remind || self.speaking || self.mode == Mode::Ending {
            return;
        }
        let Some(idle) = self.idle else {
            return;
        };
        let threshold = idle_threshold_s(idle.given);
        if now_ms.saturating_sub(idle.since_ms) < threshold * 1000 {
            return;
        }
        self.idle = Some(Idle {
            given: idle.given + 1,
            ..idle
        });
        let waiting_for_yes_no =
            self.is_offering() || self.mode == Mode::ConfirmQuit || self.is_question();
        let id = match (waiting_for_yes_no, idle.given) {
            (true, 0) => "remind-question",
            (true, _) => "remind-question-more",
            (false, 0) => "remind-next",
            (false, _) => "remind-next-more",
        };
        fx.push(Effect::Log(Log::IdleReminder {
            step: self.guide.steps[self.pos.step].id.clone(),
            idle_s: threshold,
        }));
        let text = self.l10n.text(&self.pos.lang, id);
        self.say(&text, fx);
    }
}

#[cfg(test)]
mod tests {
    //! Tables of events in, effects out, over a small guide with every kind of step.

    use super::*;
    use crate::guide::{Library, Source};

    const TOML: &str = r#"
id = "t"
languages = ["en", "ja"]
[[steps]]
id = "a"
[[steps]]
id = "q"
kind = "question"
yes = "w"
no = "fix"
[[steps]]
id = "fix"
next = "q"
[[steps]]
id = "w"
kind = "timer"
minutes = 15
remind_at = [10, 5, 1]
expired = "a"
[[steps]]
id = "c"
[[steps]]
id = "e"
kind = "end"
"#;
    const EN: &str = "title = Test\ndescription = D\na = Step A.\n    .section = First\nq = Is it on?\nfix = Turn it on.\nw = Fifteen minutes.\nc = Step C.\ne = The end.\n";
    const JA: &str = "title = テスト\ndescription = D\na = 手順A。\nq = ついていますか?\nfix = つけてください。\nw = 15分です。\nc = 手順C。\ne = おわり。\n";

    pub(crate) fn guide() -> Guide {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("guide.toml"), TOML).unwrap();
        std::fs::write(dir.path().join("en.ftl"), EN).unwrap();
        std::fs::write(dir.path().join("ja.ftl"), JA).unwrap();
        let loaded = Library::new(None, None).load(&Source::Folder(dir.path().to_path_buf()));
        assert!(
            loaded.problems.iter().all(|p| !p.is_error()),
            "{:?}",
            loaded.problems
        );
        loaded.guide.unwrap()
    }

    fn options() -> Options {
        Options {
            lang: Lang::en(),
            missing_lang: None,
            rate: 1.0,
            remind: true,
            confirm_quit: true,
        }
    }

    fn steps(fx: &[Effect]) -> Vec<String> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Log(Log::Step { step, .. }) => Some(step.clone()),
                _ => None,
            })
            .collect()
    }

    fn said(fx: &[Effect]) -> Vec<String> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Say(u) => Some(u.text.clone()),
                _ => None,
            })
            .collect()
    }

    fn key(p: &mut Player<'_>, action: Action) -> Vec<Effect> {
        p.handle(0, Event::Key(action))
    }

    #[test]
    fn start_says_title_then_first_step_with_its_section_and_prompt() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        let fx = p.handle(0, Event::Start);
        assert_eq!(steps(&fx), ["a"]);
        let s = said(&fx);
        assert_eq!(s[0], "Test");
        assert_eq!(s[1], "First\nStep A.");
        assert_eq!(s[2], "Press Enter to go on.");
        // The step event comes before saving, saving before anything is said.
        let log = fx
            .iter()
            .position(|e| matches!(e, Effect::Log(Log::Step { .. })));
        let save = fx.iter().position(|e| *e == Effect::Save);
        assert!(log < save);
    }

    #[test]
    fn what_is_said_before_the_first_step_is_not_cut_off() {
        // Story: with real sound the title was queued, then cut by the first step.
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        let fx = p.handle(0, Event::Start);
        let first_say = fx.iter().position(|e| matches!(e, Effect::Say(_))).unwrap();
        assert!(!fx[first_say..].contains(&Effect::StopSpeech), "{fx:?}");
        // A resumed run whose timer ran out: the note comes before the step, uncut.
        let saved = Position {
            step: 4,
            history: vec![0, 1, 3],
            lang: Lang::en(),
            timers: vec![Timer {
                step: 3,
                deadline_ms: 1,
                reminded: vec![],
                expired: false,
            }],
        };
        let mut p = Player::new(&g, &l, options(), Resume::Saved(saved));
        p.handle(5, Event::Start);
        let fx = p.handle(5, Event::Key(Action::Yes));
        assert_eq!(fx[0], Effect::StopSpeech);
        assert_eq!(
            fx.iter().filter(|e| **e == Effect::StopSpeech).count(),
            1,
            "{fx:?}"
        );
    }

    #[test]
    fn questions_wait_for_yes_or_no_and_no_comes_back() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        p.handle(0, Event::Start);
        assert_eq!(steps(&key(&mut p, Action::Next)), ["q"]);
        // Next on a question does not move, it reminds of y / n.
        let fx = key(&mut p, Action::Next);
        assert!(steps(&fx).is_empty());
        assert_eq!(
            said(&fx),
            ["This is a question. Press y for yes, or n for no."]
        );
        assert_eq!(steps(&key(&mut p, Action::No)), ["fix"]);
        // Yes on a step that is not a question does not move either.
        assert!(steps(&key(&mut p, Action::Yes)).is_empty());
        assert_eq!(steps(&key(&mut p, Action::Next)), ["q"]);
        assert_eq!(steps(&key(&mut p, Action::Yes)), ["w"]);
    }

    #[test]
    fn prefetch_offers_both_answers_the_way_back_and_the_other_language() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        p.handle(0, Event::Start);
        let fx = key(&mut p, Action::Next);
        let Some(Effect::Prefetch(list)) = fx.iter().find(|e| matches!(e, Effect::Prefetch(_)))
        else {
            panic!("no prefetch: {fx:?}");
        };
        let texts: Vec<&str> = list.iter().map(|u| u.text.as_str()).collect();
        for expected in [
            "Fifteen minutes.",
            "Turn it on.",
            "First\nStep A.",
            "ついていますか?",
        ] {
            assert!(texts.contains(&expected), "{expected} not in {texts:?}");
        }
    }

    #[test]
    fn back_follows_history_not_file_order() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        p.handle(0, Event::Start);
        key(&mut p, Action::Next);
        key(&mut p, Action::Yes); // q -> w, skipping fix
        assert_eq!(steps(&key(&mut p, Action::Back)), ["q"]);
        assert_eq!(steps(&key(&mut p, Action::Back)), ["a"]);
        let fx = key(&mut p, Action::Back);
        assert!(steps(&fx).is_empty());
        assert!(said(&fx)[0].contains("first step"));
    }

    #[test]
    fn repeat_rereads_without_moving_and_lang_switches_and_rereads() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        p.handle(0, Event::Start);
        let fx = key(&mut p, Action::Repeat);
        assert!(steps(&fx).is_empty());
        assert_eq!(fx[0], Effect::StopSpeech);
        assert_eq!(said(&fx)[0], "First\nStep A.");
        let fx = key(&mut p, Action::SwitchLanguage(None));
        assert!(fx.contains(&Effect::Log(Log::Lang(Lang::ja()))));
        assert!(fx.contains(&Effect::SetLang(Lang::ja())));
        assert_eq!(said(&fx)[0], "手順A。");
        let fx = key(&mut p, Action::SwitchLanguage(Some(Lang::en())));
        assert_eq!(said(&fx)[0], "First\nStep A.");
    }

    #[test]
    fn rate_changes_in_tenths_and_stops_at_the_limits() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        p.handle(0, Event::Start);
        let fx = key(&mut p, Action::Faster);
        assert!(fx.contains(&Effect::SetRate(1.1)));
        assert_eq!(said(&fx), ["Speed 1.1."]);
        for _ in 0..20 {
            key(&mut p, Action::Slower);
        }
        assert!((p.rate() - RATE.min).abs() < 1e-6);
    }

    #[test]
    fn quit_asks_first_in_a_terminal_and_any_other_key_carries_on() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        p.handle(0, Event::Start);
        let fx = key(&mut p, Action::Quit);
        assert!(!fx.iter().any(|e| matches!(e, Effect::Finish { .. })));
        key(&mut p, Action::Next);
        assert!(!p.is_finished());
        key(&mut p, Action::Quit);
        let fx = key(&mut p, Action::Yes);
        assert!(fx.contains(&Effect::Finish { completed: false }));
        assert!(p.is_finished());
    }

    #[test]
    fn ctrl_c_and_piped_quit_stop_without_asking() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        p.handle(0, Event::Start);
        assert!(key(&mut p, Action::Interrupt).contains(&Effect::Finish { completed: false }));
        let mut p = Player::new(
            &g,
            &l,
            Options {
                confirm_quit: false,
                ..options()
            },
            Resume::Fresh,
        );
        p.handle(0, Event::Start);
        assert!(key(&mut p, Action::Quit).contains(&Effect::Finish { completed: false }));
    }

    #[test]
    fn an_end_step_is_spoken_to_the_end_then_finishes() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        p.handle(0, Event::Start);
        key(&mut p, Action::Next);
        key(&mut p, Action::Yes);
        key(&mut p, Action::Next);
        let fx = key(&mut p, Action::Next);
        assert_eq!(steps(&fx), ["e"]);
        assert_eq!(said(&fx), ["The end."]);
        assert!(!fx.iter().any(|e| matches!(e, Effect::Finish { .. })));
        // Keys while the end is spoken change nothing.
        assert!(key(&mut p, Action::Back).is_empty());
        let fx = p.handle(0, Event::SpeechDone);
        assert_eq!(fx, [Effect::Finish { completed: true }]);
    }

    #[test]
    fn idle_reminders_come_at_30_60_120_then_every_5_minutes() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        p.handle(0, Event::Start);
        p.handle(1_000, Event::SpeechDone);
        let mut at = Vec::new();
        for s in 1..=800u64 {
            let now = 1_000 + s * 1000;
            let fx = p.handle(now, Event::Tick);
            if let Some(Effect::Log(Log::IdleReminder { idle_s, .. })) = fx
                .iter()
                .find(|e| matches!(e, Effect::Log(Log::IdleReminder { .. })))
            {
                at.push((s, *idle_s));
                let first = said(&fx)[0].clone();
                assert!(first.contains("Enter"), "{first}");
                p.handle(now, Event::SpeechDone);
            }
        }
        assert_eq!(at, [(30, 30), (60, 60), (120, 120), (420, 420), (720, 720)]);
        // A key starts the count again.
        key(&mut p, Action::Repeat);
        assert!(!p
            .handle(900_000, Event::Tick)
            .iter()
            .any(|e| matches!(e, Effect::Log(_))));
    }

    #[test]
    fn no_reminders_with_remind_off() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(
            &g,
            &l,
            Options {
                remind: false,
                ..options()
            },
            Resume::Fresh,
        );
        p.handle(0, Event::Start);
        p.handle(0, Event::SpeechDone);
        assert!(p.handle(3_600_000, Event::Tick).is_empty());
    }

    #[test]
    fn timer_reminds_then_expires_and_next_goes_to_expired_step() {
        let (g, l) = (guide(), Localizer::builtin());
        let quiet = Options {
            remind: false,
            ..options()
        };
        let mut p = Player::new(&g, &l, quiet, Resume::Fresh);
        p.handle(0, Event::Start);
        p.handle(0, Event::Key(Action::Next));
        p.handle(0, Event::Key(Action::Yes)); // timer starts at t=0
        p.handle(0, Event::SpeechDone);
        p.handle(0, Event::Key(Action::Next)); // the listener moves on to c
        p.handle(0, Event::SpeechDone);
        let remind = |fx: &[Effect]| {
            fx.iter().find_map(|e| match e {
                Effect::Log(Log::TimerReminder { minutes_left, .. }) => Some(*minutes_left),
                _ => None,
            })
        };
        assert_eq!(remind(&p.handle(4 * 60_000, Event::Tick)), None);
        let fx = p.handle(5 * 60_000, Event::Tick);
        assert_eq!(remind(&fx), Some(10));
        assert_eq!(said(&fx), ["10 minutes left."]);
        // While speaking, the next reminder waits.
        assert_eq!(remind(&p.handle(10 * 60_000, Event::Tick)), None);
        assert_eq!(remind(&p.handle(10 * 60_000, Event::SpeechDone)), Some(5));
        p.handle(10 * 60_000, Event::SpeechDone);
        assert_eq!(remind(&p.handle(14 * 60_000, Event::Tick)), Some(1));
        p.handle(14 * 60_000, Event::SpeechDone);
        let fx = p.handle(15 * 60_000, Event::Tick);
        assert_eq!(remind(&fx), Some(0));
        assert!(said(&fx)[0].starts_with("The 15 minutes are up."));
        p.handle(15 * 60_000, Event::SpeechDone);
        // It never jumps by itself; the next `next` goes to the expired step.
        assert!(steps(&p.handle(20 * 60_000, Event::Tick)).is_empty());
        assert_eq!(steps(&key(&mut p, Action::Next)), ["a"]);
        assert!(p.position().timers.is_empty());
    }

    #[test]
    fn resume_offers_the_saved_step_and_yes_continues_there() {
        let (g, l) = (guide(), Localizer::builtin());
        let saved = Position {
            step: 2,
            history: vec![0, 1],
            lang: Lang::en(),
            timers: vec![],
        };
        let mut p = Player::new(&g, &l, options(), Resume::Saved(saved.clone()));
        let fx = p.handle(0, Event::Start);
        assert!(steps(&fx).is_empty());
        assert!(said(&fx)[0].contains("Turn it on."), "{:?}", said(&fx));
        assert!(said(&fx)[0].contains("step 2"), "{:?}", said(&fx));
        assert_eq!(steps(&key(&mut p, Action::Yes)), ["fix"]);
        assert_eq!(p.position(), &saved);
        let mut p = Player::new(&g, &l, options(), Resume::Saved(saved));
        p.handle(0, Event::Start);
        assert_eq!(steps(&key(&mut p, Action::No)), ["a"]);
        assert!(p.position().history.is_empty());
    }

    #[test]
    fn resume_after_the_deadline_says_so_first() {
        let (g, l) = (guide(), Localizer::builtin());
        let saved = Position {
            step: 4,
            history: vec![0, 1, 3],
            lang: Lang::en(),
            timers: vec![Timer {
                step: 3,
                deadline_ms: 1_000,
                reminded: vec![10, 5],
                expired: false,
            }],
        };
        let mut p = Player::new(&g, &l, options(), Resume::Saved(saved));
        p.handle(5_000, Event::Start);
        let fx = p.handle(5_000, Event::Key(Action::Yes));
        let s = said(&fx);
        assert!(s[0].starts_with("The 15 minutes are up."), "{s:?}");
        assert_eq!(s[1], "Step C.");
    }

    #[test]
    fn stale_progress_offers_to_start_over() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Stale);
        let fx = p.handle(0, Event::Start);
        assert!(said(&fx)[0].contains("has changed"));
        assert_eq!(steps(&key(&mut p, Action::Yes)), ["a"]);
        let mut p = Player::new(&g, &l, options(), Resume::Stale);
        p.handle(0, Event::Start);
        assert!(key(&mut p, Action::No).contains(&Effect::Finish { completed: false }));
    }

    #[test]
    fn counter_follows_the_main_path() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(&g, &l, options(), Resume::Fresh);
        let counter = |fx: &[Effect]| {
            fx.iter()
                .find_map(|e| match e {
                    Effect::Show(v) => Some(v.counter.clone()),
                    _ => None,
                })
                .unwrap()
        };
        assert_eq!(counter(&p.handle(0, Event::Start)), "Step 1 of 5");
        key(&mut p, Action::Next);
        assert_eq!(counter(&key(&mut p, Action::No)), "Part of step 2 of 5");
    }

    #[test]
    fn missing_language_is_said_and_the_first_language_read() {
        let (g, l) = (guide(), Localizer::builtin());
        let mut p = Player::new(
            &g,
            &l,
            Options {
                lang: Lang::parse("fr").unwrap(),
                missing_lang: Lang::parse("fr"),
                ..options()
            },
            Resume::Fresh,
        );
        let fx = p.handle(0, Event::Start);
        assert!(said(&fx)[1].contains("no fr"), "{:?}", said(&fx));
        assert_eq!(p.lang(), &Lang::en());
    }

    mod properties {
        use super::*;
        use crate::progress::Saved;
        use proptest::prelude::*;

        fn action() -> impl Strategy<Value = Event> {
            prop_oneof![
                Just(Event::Key(Action::Next)),
                Just(Event::Key(Action::Repeat)),
                Just(Event::Key(Action::Back)),
                Just(Event::Key(Action::Yes)),
                Just(Event::Key(Action::No)),
                Just(Event::Key(Action::SwitchLanguage(None))),
                Just(Event::Key(Action::Faster)),
                Just(Event::Key(Action::Slower)),
                Just(Event::Key(Action::Help)),
                Just(Event::Key(Action::Where)),
                Just(Event::Key(Action::Quit)),
                Just(Event::Key(Action::Unknown)),
                Just(Event::SpeechDone),
                Just(Event::Tick),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            /// No sequence of keys and ticks panics or loses the place: the position is
            /// always a real step, and saving then loading gives the same position.
            #[test]
            fn never_loses_the_place(events in proptest::collection::vec((action(), 0u64..120_000), 0..80)) {
                let (g, l) = (guide(), Localizer::builtin());
                let mut p = Player::new(&g, &l, Options { confirm_quit: true, ..options() }, Resume::Fresh);
                let mut now = 0;
                p.handle(now, Event::Start);
                for (event, dt) in events {
                    now += dt;
                    let before = p.position().step;
                    let was_question = matches!(g.steps[before].kind, StepKind::Question { .. });
                    let fx = p.handle(now, event.clone());
                    let pos = p.position().clone();
                    prop_assert!(pos.step < g.steps.len());
                    prop_assert!(pos.history.iter().all(|&h| h < g.steps.len()));
                    // A question is left only by yes, no or back.
                    if was_question && pos.step != before {
                        prop_assert!(matches!(event, Event::Key(Action::Yes | Action::No | Action::Back)), "{event:?}");
                    }
                    if fx.contains(&Effect::Save) {
                        let saved = Saved::from_position(&g, &pos, now);
                        let text = serde_json::to_string(&saved).unwrap();
                        let back: Saved = serde_json::from_str(&text).unwrap();
                        prop_assert_eq!(back.to_resume(&g), Resume::Saved(pos.clone()));
                    }
                    if p.is_finished() {
                        break;
                    }
                }
            }

            /// Back after next returns to where the listener was.
            #[test]
            fn back_undoes_next(nexts in 0usize..6) {
                let (g, l) = (guide(), Localizer::builtin());
                let mut p = Player::new(&g, &l, options(), Resume::Fresh);
                p.handle(0, Event::Start);
                for _ in 0..nexts {
                    p.handle(0, Event::Key(Action::Next));
                    p.handle(0, Event::Key(Action::Yes));
                }
                if p.is_ending() {
                    return Ok(());
                }
                let here = p.position().step;
                let fx = p.handle(0, Event::Key(Action::Next));
                if !steps(&fx).is_empty() && !p.is_ending() {
                    p.handle(0, Event::Key(Action::Back));
                    prop_assert_eq!(p.position().step, here);
                }
            }
        }
    }
}
