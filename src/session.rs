//! The run loop: keys, speech notices and clock ticks in; the player's effects carried
//! out (speak, show, save, log). It never waits on speech: speech reports back through
//! the same channel as the keys. Only this module and `commands/` orchestrate I/O.

use std::collections::VecDeque;
use std::sync::atomic::AtomicBool;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::config::{Change, SettingsFile};
use crate::events::{EventLog, LogEvent};
use crate::guide::Guide;
use crate::input::{self, Input};
use crate::l10n::{Lang, Localizer};
use crate::player::{
    self, Action, Chime, Choice, Effect, Event, Log, Menu, Player, Position, Resume, Utterance,
};
use crate::progress::{Saved, Store};
use crate::speech::{Engine, Notice, Speech};
use crate::ui::Screen;

/// How often the player hears the clock when nothing else happens.
const TICK: Duration = Duration::from_millis(200);

pub enum Msg {
    Input(Input),
    Speech(Notice),
}

/// Where the session's keys come from.
pub enum KeySource {
    /// A terminal in raw mode.
    Terminal,
    /// Lines on standard input.
    Lines,
}

/// Everything a session needs besides the guide.
pub struct Setup<'a> {
    pub l10n: &'a Localizer,
    pub options: player::Options,
    pub resume: Resume,
    pub store: &'a Store,
    /// Where the listener's changes (rate, language) are kept.
    pub settings_file: &'a SettingsFile,
    pub log: EventLog,
    pub chime: bool,
    /// A line shown under every screen, per language: which engine speaks, or why none
    /// does (it changes when a language is handed to another engine).
    pub footers: std::cell::RefCell<std::collections::BTreeMap<Lang, String>>,
}

/// The channel that input threads and speech report into.
pub struct Channel {
    tx: mpsc::Sender<Msg>,
    rx: mpsc::Receiver<Msg>,
}

impl Channel {
    pub fn new() -> Channel {
        let (tx, rx) = mpsc::channel();
        Channel { tx, rx }
    }

    pub fn input_sink(&self) -> input::Sink {
        let tx = self.tx.clone();
        Box::new(move |i| tx.send(Msg::Input(i)).is_ok())
    }

    pub fn notice_sink(&self) -> crate::speech::NoticeSink {
        let tx = std::sync::Mutex::new(self.tx.clone());
        Box::new(move |n| {
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(Msg::Speech(n));
            }
        })
    }
}

impl Channel {
    /// Waits for the next message.
    pub fn recv(&self) -> Result<Msg, mpsc::RecvError> {
        self.rx.recv()
    }
}

impl Default for Channel {
    fn default() -> Self {
        Channel::new()
    }
}

pub fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Starts reading keys (terminal or lines) and signals into `channel`.
/// Returns a flag that stops the key thread.
pub fn start_input(source: &KeySource, channel: &Channel) -> std::io::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    match source {
        KeySource::Terminal => input::terminal::spawn_keys(channel.input_sink(), stop.clone())?,
        KeySource::Lines => {
            input::lines::spawn(
                std::io::BufReader::new(std::io::stdin()),
                channel.input_sink(),
            )?;
        }
    }
    input::spawn_signals(channel.input_sink())?;
    Ok(stop)
}

/// Where a session's keys and speech notices come from: the input threads and the
/// speech worker through a channel, or a test's script.
pub trait Source {
    /// The next message, waiting at most `timeout`.
    fn next(&mut self, timeout: Duration) -> Next;
    /// Drops keys already waiting, keeping everything else (a new step begins).
    fn drop_waiting_keys(&mut self);
}

/// What a `Source` gives.
pub enum Next {
    Msg(Msg),
    /// Nothing came in time: the clock ticks.
    Tick,
    /// Nothing can come any more.
    Closed,
}

/// What speaks: the speech worker, or a test's record of what was said.
pub trait Voice {
    /// Queues an utterance after what is already queued.
    fn say(&mut self, utterance: &Utterance);
    /// Cuts off what is playing and drops what is queued.
    fn stop(&mut self);
    fn chime(&mut self, chime: Chime);
    fn prefetch(&mut self, utterances: &[Utterance]);
    fn set_rate(&mut self, rate: f32);
    /// The generation that `Done` notices must carry to count.
    fn generation(&self) -> u64;
    /// Hands `lang` to the next engine, the one in use being too slow here; what was
    /// being said is said again. The new engine, if there is one.
    fn switch(&mut self, _lang: &Lang, _ratio: f64) -> Option<Engine> {
        None
    }
}

impl Voice for Speech {
    fn say(&mut self, utterance: &Utterance) {
        Speech::say(self, utterance);
    }
    fn stop(&mut self) {
        Speech::stop(self);
    }
    fn chime(&mut self, chime: Chime) {
        Speech::chime(self, chime);
    }
    fn prefetch(&mut self, utterances: &[Utterance]) {
        Speech::prefetch(self, utterances);
    }
    fn set_rate(&mut self, rate: f32) {
        Speech::set_rate(self, rate);
    }
    fn generation(&self) -> u64 {
        Speech::generation(self)
    }
    fn switch(&mut self, lang: &Lang, ratio: f64) -> Option<Engine> {
        Speech::switch(self, lang, ratio)
    }
}

/// The session's two clocks. Timers and reminders run on the monotonic one, so a
/// wall-clock jump neither fires nor skips them; the wall clock only dates what is
/// saved (a timer's deadline must survive a restart).
pub trait Clock {
    /// Monotonic.
    fn now(&self) -> Instant;
    /// Milliseconds since the Unix epoch.
    fn unix_ms(&self) -> u64;
}

/// The machine's clocks.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
    fn unix_ms(&self) -> u64 {
        unix_ms()
    }
}

/// The channel as a `Source`. In a terminal, keys typed before a new step begins are
/// dropped; piped input stays exact.
pub struct ChannelSource<'c> {
    channel: &'c Channel,
    pending: VecDeque<Msg>,
    terminal: bool,
}

impl<'c> ChannelSource<'c> {
    pub fn new(channel: &'c Channel, terminal: bool) -> ChannelSource<'c> {
        ChannelSource {
            channel,
            pending: VecDeque::new(),
            terminal,
        }
    }
}

impl Source for ChannelSource<'_> {
    fn next(&mut self, timeout: Duration) -> Next {
        if let Some(msg) = self.pending.pop_front() {
            return Next::Msg(msg);
        }
        match self.channel.rx.recv_timeout(timeout) {
            Ok(msg) => Next::Msg(msg),
            Err(mpsc::RecvTimeoutError::Timeout) => Next::Tick,
            Err(mpsc::RecvTimeoutError::Disconnected) => Next::Closed,
        }
    }

    fn drop_waiting_keys(&mut self) {
        if !self.terminal {
            return;
        }
        // A held or doubled Enter never skips a step.
        while let Ok(msg) = self.channel.rx.try_recv() {
            match msg {
                Msg::Input(Input::Action(_) | Input::Other(_)) => {}
                other => self.pending.push_back(other),
            }
        }
    }
}

/// What a session is carried out with.
pub struct Io<'s, S, V, D, C> {
    pub source: &'s mut S,
    pub voice: &'s mut V,
    pub screen: &'s mut D,
    pub clock: &'s C,
}

/// A moment on the session's monotonic clock, and the same moment on the wall clock.
#[derive(Clone, Copy)]
struct Moment {
    mono_ms: u64,
    unix_ms: u64,
}

impl Moment {
    /// A deadline on one clock moved to the other: as far from "now" on both.
    fn shift(deadline: u64, from_now: u64, to_now: u64) -> u64 {
        let moved = i128::from(deadline) - i128::from(from_now) + i128::from(to_now);
        u64::try_from(moved.max(0)).unwrap_or(u64::MAX)
    }

    /// Saved (wall-clock) deadlines to the session's clock.
    fn resume_from_saved(self, resume: Resume) -> Resume {
        let convert = |mut pos: Position| {
            for t in &mut pos.timers {
                t.deadline_ms = Moment::shift(t.deadline_ms, self.unix_ms, self.mono_ms);
            }
            pos
        };
        match resume {
            Resume::Saved(pos) => Resume::Saved(convert(pos)),
            Resume::Continue(pos) => Resume::Continue(convert(pos)),
            other => other,
        }
    }

    /// The session's deadlines to wall-clock ones, for saving.
    fn position_to_save(self, pos: &Position) -> Position {
        let mut pos = pos.clone();
        for t in &mut pos.timers {
            t.deadline_ms = Moment::shift(t.deadline_ms, self.mono_ms, self.unix_ms);
        }
        pos
    }
}

/// Runs one guide to its end or until the listener stops. Returns whether an end
/// was reached.
///
/// # Panics
/// Only on purpose, in a test build's hook that proves a panic gives the terminal back.
pub fn run<S: Source, V: Voice, D: Screen, C: Clock>(
    guide: &Guide,
    setup: &Setup<'_>,
    io: Io<'_, S, V, D, C>,
) -> bool {
    let Io {
        source,
        voice,
        screen,
        clock,
    } = io;
    // The player's time: milliseconds on the monotonic clock since the session began.
    let origin = clock.now();
    let now = || {
        let ms = clock.now().saturating_duration_since(origin).as_millis();
        u64::try_from(ms).unwrap_or(u64::MAX)
    };
    let start = Moment {
        mono_ms: now(),
        unix_ms: clock.unix_ms(),
    };
    let mut player = Player::new(
        guide,
        setup.l10n,
        setup.options.clone(),
        start.resume_from_saved(setup.resume.clone()),
    );
    let mut ctx = Ctx {
        guide,
        setup,
        voice,
        screen,
        saving_failed: false,
        completed: None,
    };
    let effects = player.handle(now(), Event::Start);
    let moment = Moment {
        mono_ms: now(),
        unix_ms: clock.unix_ms(),
    };
    let mut drop_keys = ctx.apply(&player, effects, moment);
    while ctx.completed.is_none() {
        if drop_keys {
            source.drop_waiting_keys();
        }
        let event = match source.next(TICK) {
            Next::Msg(Msg::Input(Input::Action(action))) => {
                if player.is_ending() {
                    continue;
                }
                // A hook for the tests that prove a panic gives the terminal back: only
                // in a build with `--features test-hooks`, never in what users run.
                #[cfg(feature = "test-hooks")]
                assert!(
                    std::env::var_os("TEBIKI_TEST_PANIC_ON_KEY").is_none(),
                    "TEBIKI_TEST_PANIC_ON_KEY is set"
                );
                if let Some(name) = action.name() {
                    setup.log.write_at(
                        clock.now(),
                        &LogEvent::Key {
                            action: name,
                            option: None,
                        },
                    );
                }
                Event::Key(action)
            }
            Next::Msg(Msg::Input(Input::Resize(columns))) => {
                let footers = setup.footers.borrow();
                let footer = footers.get(player.lang());
                ctx.screen
                    .resize(columns, footer.map_or("", String::as_str));
                continue;
            }
            Next::Msg(Msg::Input(Input::Other(c))) => {
                if player.is_ending() {
                    continue;
                }
                // A digit that names an option of the choice being read is a `choice`
                // key; any other key the player answers with a hint, unlogged.
                if let Some(n) = crate::text::digit(c)
                    .filter(|&n| (1..=player.choice_count()).contains(&usize::from(n)))
                {
                    setup.log.write_at(
                        clock.now(),
                        &LogEvent::Key {
                            action: "choice",
                            option: Some(n),
                        },
                    );
                }
                Event::Other(c)
            }
            // Input that ends while the end is spoken: speak it to its last sample.
            Next::Msg(Msg::Input(Input::End)) if player.is_ending() => continue,
            Next::Msg(Msg::Input(Input::End | Input::Signal(_))) => Event::Key(Action::Interrupt),
            Next::Msg(Msg::Speech(Notice::Done { generation })) => {
                if generation != ctx.voice.generation() {
                    continue;
                }
                Event::SpeechDone
            }
            Next::Msg(Msg::Speech(Notice::Fallback { from, to, reason })) => {
                setup.log.write(&LogEvent::Fallback {
                    from: from.name().into(),
                    to: to.name().into(),
                    reason: reason.clone(),
                    step: None,
                });
                // Said once, on screen: the guide goes on in text, nothing is lost.
                let text = setup.l10n.text_args(
                    player.lang(),
                    "sound-lost",
                    &[crate::l10n::arg("reason", reason.as_str())],
                );
                ctx.screen.notice(&text);
                continue;
            }
            Next::Msg(Msg::Speech(Notice::Slow { from, lang, ratio })) => {
                let Some(to) = ctx.voice.switch(&lang, ratio) else {
                    continue;
                };
                setup.log.write(&LogEvent::Fallback {
                    from: from.name().into(),
                    to: to.name().into(),
                    reason: crate::speech::pace::too_slow_reason(from, &lang, ratio),
                    step: Some(player.position_step_id().to_string()),
                });
                let text = setup.l10n.text_args(
                    player.lang(),
                    "voice-too-slow",
                    &[
                        crate::l10n::arg("from", from.name()),
                        crate::l10n::arg("to", to.name()),
                    ],
                );
                ctx.screen.notice(&text);
                let footer = setup.l10n.text_args(
                    &lang,
                    "engine-in-use",
                    &[crate::l10n::arg("engine", to.name())],
                );
                if lang == *player.lang() {
                    ctx.screen.footer_changed(&footer);
                }
                setup.footers.borrow_mut().insert(lang, footer);
                continue;
            }
            Next::Msg(Msg::Speech(Notice::Skipped { from, reason })) => {
                setup.log.write(&LogEvent::Fallback {
                    from: from.name().into(),
                    to: crate::speech::Engine::silent().name().into(),
                    reason,
                    step: Some(player.position_step_id().to_string()),
                });
                let text = setup.l10n.text(player.lang(), "sound-skipped");
                ctx.screen.notice(&text);
                continue;
            }
            Next::Tick => Event::Tick,
            Next::Closed => Event::Key(Action::Interrupt),
        };
        let effects = player.handle(now(), event);
        let moment = Moment {
            mono_ms: now(),
            unix_ms: clock.unix_ms(),
        };
        drop_keys = ctx.apply(&player, effects, moment);
    }
    ctx.completed.unwrap_or(false)
}

/// Runs the menu of `tebiki` alone until the listener chooses or stops.
pub fn choose<S: Source, V: Voice, D: Screen, C: Clock>(
    menu: &mut Menu<'_>,
    log: &EventLog,
    footer: &str,
    io: Io<'_, S, V, D, C>,
) -> Choice {
    let Io {
        source,
        voice,
        screen,
        clock,
    } = io;
    let apply = |effects: Vec<Effect>, voice: &mut V, screen: &mut D| {
        for effect in effects {
            match effect {
                Effect::Say(u) => {
                    log.write(&speak_event(&u));
                    voice.say(&u);
                }
                Effect::StopSpeech => voice.stop(),
                Effect::Show(view) => screen.show(&view, footer),
                _ => {}
            }
        }
    };
    apply(menu.handle(Event::Start), voice, screen);
    loop {
        if let Some(choice) = menu.choice() {
            voice.stop();
            return choice.clone();
        }
        let event = match source.next(TICK) {
            Next::Msg(Msg::Input(Input::Action(action))) => {
                if let Some(name) = action.name() {
                    log.write_at(
                        clock.now(),
                        &LogEvent::Key {
                            action: name,
                            option: None,
                        },
                    );
                }
                Event::Key(action)
            }
            Next::Msg(Msg::Input(Input::Other(c))) => Event::Other(c),
            Next::Msg(Msg::Input(Input::Resize(columns))) => {
                screen.resize(columns, footer);
                continue;
            }
            Next::Msg(Msg::Input(Input::End | Input::Signal(_))) | Next::Closed => {
                Event::Key(Action::Interrupt)
            }
            Next::Msg(Msg::Speech(_)) | Next::Tick => continue,
        };
        apply(menu.handle(event), voice, screen);
    }
}

fn speak_event(u: &Utterance) -> LogEvent {
    LogEvent::Speak {
        step: u.step.clone(),
        lang: u.lang.to_string(),
        text: u.text.clone(),
        rate: u.rate,
    }
}

struct Ctx<'a, 's, V, D> {
    guide: &'a Guide,
    setup: &'a Setup<'a>,
    voice: &'s mut V,
    screen: &'s mut D,
    saving_failed: bool,
    completed: Option<bool>,
}

impl<V: Voice, D: Screen> Ctx<'_, '_, V, D> {
    /// Carries out effects in order; returns whether pending keys must be dropped.
    fn apply(&mut self, player: &Player<'_>, effects: Vec<Effect>, moment: Moment) -> bool {
        let log = &self.setup.log;
        let mut drop_keys = false;
        // A change that cannot be kept holds for this run; why is said (once a run)
        // under the screen that the effects show.
        let mut not_kept = None;
        for effect in effects {
            match effect {
                Effect::Say(u) => {
                    log.write(&speak_event(&u));
                    self.voice.say(&u);
                }
                Effect::StopSpeech => self.voice.stop(),
                Effect::Chime(c) => {
                    if self.setup.chime {
                        self.voice.chime(c);
                    }
                }
                Effect::Show(view) => {
                    let footers = self.setup.footers.borrow();
                    let footer = footers.get(player.lang());
                    self.screen.show(&view, footer.map_or("", String::as_str));
                }
                Effect::Log(Log::Step { step, index, total }) => {
                    log.write(&LogEvent::Step { step, index, total });
                }
                Effect::Log(Log::Lang(lang)) => log.write(&LogEvent::Lang {
                    lang: lang.to_string(),
                }),
                Effect::Log(Log::TimerReminder { step, minutes_left }) => {
                    log.write(&LogEvent::Reminder {
                        step,
                        minutes_left: Some(minutes_left),
                        idle_s: None,
                    });
                }
                Effect::Log(Log::IdleReminder { step, idle_s }) => {
                    log.write(&LogEvent::Reminder {
                        step,
                        minutes_left: None,
                        idle_s: Some(idle_s),
                    });
                }
                Effect::Save => self.save(player, moment),
                Effect::SetRate(rate) => {
                    self.voice.set_rate(rate);
                    not_kept = self
                        .setup
                        .settings_file
                        .keep(&Change::Rate(rate))
                        .or(not_kept);
                }
                Effect::SetLang(lang) => {
                    not_kept = self
                        .setup
                        .settings_file
                        .keep(&Change::Lang(lang))
                        .or(not_kept);
                }
                Effect::DropPendingKeys => drop_keys = true,
                Effect::Prefetch(list) => self.voice.prefetch(&list),
                Effect::Finish { completed } => {
                    log.write(&LogEvent::Finish { completed });
                    if completed {
                        let _ = self.setup.store.clear(&self.guide.id);
                    }
                    self.completed = Some(completed);
                    break;
                }
            }
        }
        if let Some(not_kept) = not_kept {
            let text = not_kept.message(self.setup.l10n, player.lang());
            self.screen.notice(&text);
        }
        drop_keys
    }

    fn save(&mut self, player: &Player<'_>, moment: Moment) {
        let pos = moment.position_to_save(player.position());
        let saved = Saved::from_position(self.guide, &pos, moment.unix_ms);
        if let Err(e) = self.setup.store.save(&saved) {
            if !self.saving_failed {
                self.saving_failed = true;
                let lang: &Lang = player.lang();
                let text = self.setup.l10n.text_args(
                    lang,
                    "error-progress-save",
                    &[crate::l10n::arg("reason", e.to_string())],
                );
                self.screen.line(&text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Whole sessions without a terminal or sound: a script of keys and clock moves
    //! in, what was said, shown, logged and saved out. The voice behaves like the text
    //! engine (each utterance is "done" at once), the clock is a fake one.

    use std::cell::RefCell;
    use std::io::Write;
    use std::rc::Rc;
    use std::sync::Mutex;

    use super::*;
    use crate::player::tests::guide;
    use crate::player::Options;
    use crate::ui::View;

    /// One line of a script.
    #[derive(Clone, Debug)]
    enum In {
        Key(Action),
        /// Time passes on both clocks (seconds).
        Wait(u64),
        /// The wall clock alone jumps (seconds, either way): a clock set by hand, a
        /// laptop waking up.
        WallJump(i64),
        /// Standard input ends.
        End,
        /// A key that is no action (a digit).
        Char(char),
    }
    use In::{End, Key, Wait, WallJump};

    const NEXT: In = Key(Action::Next);
    const YES: In = Key(Action::Yes);

    #[derive(Default)]
    struct World {
        script: VecDeque<In>,
        /// Notices from the voice, read before the script goes on.
        notices: VecDeque<Msg>,
        generation: u64,
        said: Vec<String>,
        shown: Vec<View>,
        stops: usize,
        mono: Duration,
        wall_ms: u64,
    }

    type Shared = Rc<RefCell<World>>;

    struct FakeSource(Shared);
    struct FakeVoice(Shared);
    struct FakeScreen(Shared);
    struct FakeClock {
        world: Shared,
        base: Instant,
    }

    impl Source for FakeSource {
        fn next(&mut self, _timeout: Duration) -> Next {
            let mut w = self.0.borrow_mut();
            if let Some(msg) = w.notices.pop_front() {
                return Next::Msg(msg);
            }
            match w.script.pop_front() {
                Some(Key(action)) => Next::Msg(Msg::Input(Input::Action(action))),
                Some(Wait(s)) => {
                    w.mono += Duration::from_secs(s);
                    w.wall_ms += s * 1000;
                    Next::Tick
                }
                Some(WallJump(s)) => {
                    w.wall_ms = w.wall_ms.saturating_add_signed(s * 1000);
                    Next::Tick
                }
                Some(End) => Next::Msg(Msg::Input(Input::End)),
                Some(In::Char(c)) => Next::Msg(Msg::Input(Input::Other(c))),
                None => Next::Closed,
            }
        }

        fn drop_waiting_keys(&mut self) {}
    }

    impl Voice for FakeVoice {
        fn say(&mut self, utterance: &Utterance) {
            let mut w = self.0.borrow_mut();
            w.said.push(utterance.text.clone());
            let generation = w.generation;
            w.notices
                .push_back(Msg::Speech(Notice::Done { generation }));
        }
        fn stop(&mut self) {
            let mut w = self.0.borrow_mut();
            w.generation += 1;
            w.stops += 1;
        }
        fn chime(&mut self, _chime: Chime) {}
        fn prefetch(&mut self, _utterances: &[Utterance]) {}
        fn set_rate(&mut self, _rate: f32) {}
        fn generation(&self) -> u64 {
            self.0.borrow().generation
        }
    }

    impl Screen for FakeScreen {
        fn show(&mut self, view: &View, _footer: &str) {
            self.0.borrow_mut().shown.push(view.clone());
        }
        fn notice(&mut self, _text: &str) {}
        fn resize(&mut self, _columns: usize, _footer: &str) {}
        fn line(&mut self, _text: &str) {}
    }

    impl Clock for FakeClock {
        fn now(&self) -> Instant {
            self.base + self.world.borrow().mono
        }
        fn unix_ms(&self) -> u64 {
            self.world.borrow().wall_ms
        }
    }

    /// The event log, kept for reading back.
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl Write for Lines {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if let Ok(mut b) = self.0.lock() {
                b.extend_from_slice(buf);
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What one session left behind.
    struct Outcome {
        completed: bool,
        said: Vec<String>,
        shown: Vec<View>,
        events: Vec<serde_json::Value>,
        saved: Option<Saved>,
    }

    impl Outcome {
        fn steps(&self) -> Vec<&str> {
            self.named("step")
                .iter()
                .filter_map(|e| e["step"].as_str())
                .collect()
        }
        fn named(&self, name: &str) -> Vec<&serde_json::Value> {
            self.events.iter().filter(|e| e["event"] == name).collect()
        }
    }

    const WALL_START_MS: u64 = 1_800_000_000_000;

    struct Bench {
        guide: Guide,
        l10n: Localizer,
        _dir: tempfile::TempDir,
        store: Store,
        settings: crate::config::SettingsFile,
    }

    impl Bench {
        fn new() -> Bench {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::new(dir.path().join("progress"));
            let settings = crate::config::SettingsFile::new(dir.path().join("config.toml"));
            Bench {
                guide: guide(),
                l10n: Localizer::builtin(),
                _dir: dir,
                store,
                settings,
            }
        }

        fn options(&self) -> Options {
            Options {
                lang: Lang::en(),
                missing_lang: None,
                rate: 1.0,
                remind: false,
                confirm_quit: true,
                helper: crate::helper::Helper::default(),
            }
        }

        /// Runs a session over `script`, from saved progress when there is some.
        fn run(&self, options: Options, wall_ms: u64, script: &[In]) -> Outcome {
            let resume = match self.store.load(&self.guide.id) {
                Some(saved) => saved.to_resume(&self.guide),
                None => Resume::Fresh,
            };
            let lines = Lines::default();
            let setup = Setup {
                l10n: &self.l10n,
                options,
                resume,
                store: &self.store,
                settings_file: &self.settings,
                log: EventLog::to_writer(Box::new(lines.clone()), Instant::now()),
                chime: true,
                footers: std::cell::RefCell::default(),
            };
            let world: Shared = Rc::new(RefCell::new(World {
                script: script.iter().cloned().collect(),
                wall_ms,
                ..World::default()
            }));
            let completed = run(
                &self.guide,
                &setup,
                Io {
                    source: &mut FakeSource(world.clone()),
                    voice: &mut FakeVoice(world.clone()),
                    screen: &mut FakeScreen(world.clone()),
                    clock: &FakeClock {
                        world: world.clone(),
                        base: Instant::now(),
                    },
                },
            );
            let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
            let w = world.borrow();
            Outcome {
                completed,
                said: w.said.clone(),
                shown: w.shown.clone(),
                events: text
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect(),
                saved: self.store.load(&self.guide.id),
            }
        }
    }

    fn contains(said: &[String], part: &str) -> bool {
        said.iter().any(|s| s.contains(part))
    }

    #[test]
    fn walks_to_the_end_and_forgets_the_place() {
        let b = Bench::new();
        // a, q (yes: w, a timer), c, e (the end).
        let out = b.run(b.options(), WALL_START_MS, &[NEXT, YES, NEXT, NEXT]);
        assert!(out.completed);
        assert_eq!(out.steps(), ["a", "q", "w", "c", "e"]);
        assert_eq!(out.said.last().unwrap(), "The end.");
        assert_eq!(out.shown.last().unwrap().body, "The end.");
        let finish = out.named("finish");
        assert_eq!(finish.len(), 1);
        assert_eq!(finish[0]["completed"], true);
        let keys: Vec<_> = out
            .named("key")
            .iter()
            .map(|e| e["action"].clone())
            .collect();
        assert_eq!(keys, ["next", "yes", "next", "next"]);
        assert!(
            out.saved.is_none(),
            "progress must go once the end is reached"
        );
    }

    #[test]
    fn back_and_repeat_read_again_without_losing_the_place() {
        let b = Bench::new();
        let script = [
            NEXT,
            Key(Action::Back),
            Key(Action::Repeat),
            Key(Action::Back),
            End,
        ];
        let out = b.run(b.options(), WALL_START_MS, &script);
        assert!(!out.completed);
        assert_eq!(out.steps(), ["a", "q", "a"]);
        let step_a = out.said.iter().filter(|s| *s == "First\nStep A.").count();
        assert_eq!(step_a, 3, "{:?}", out.said);
        assert!(contains(&out.said, "first step"), "{:?}", out.said);
        // End of input keeps the place.
        assert_eq!(out.saved.as_ref().unwrap().step, "a");
        assert_eq!(out.named("finish")[0]["completed"], false);
    }

    #[test]
    fn quit_asks_first_and_any_other_key_carries_on() {
        let b = Bench::new();
        let quit = Key(Action::Quit);
        let out = b.run(b.options(), WALL_START_MS, &[NEXT, quit.clone(), NEXT]);
        assert!(contains(&out.said, "Stop the guide?"));
        assert!(contains(&out.said, "Carrying on."));
        let question = out
            .shown
            .iter()
            .find(|v| {
                v.notice
                    .as_deref()
                    .is_some_and(|n| n.contains("Stop the guide?"))
            })
            .unwrap();
        assert_eq!(question.keys, "y: yes   n: no");
        assert_eq!(
            question.body, "Is it on?",
            "the question is asked over the step"
        );
        // The session went on after "carry on": it ended only when the input did.
        assert_eq!(out.steps(), ["a", "q"]);
        let out = b.run(b.options(), WALL_START_MS, &[YES, quit, YES, NEXT]);
        assert!(!out.completed);
        assert_eq!(
            out.steps(),
            ["q"],
            "y stops at once: the last next is never read"
        );
        assert_eq!(out.saved.unwrap().step, "q");
    }

    #[test]
    fn the_offer_to_continue_is_a_question() {
        let b = Bench::new();
        b.run(
            b.options(),
            WALL_START_MS,
            &[NEXT, NEXT, Key(Action::No), End],
        );
        // Saved at "fix": y continues there ...
        let out = b.run(b.options(), WALL_START_MS, &[YES, End]);
        assert!(out.said[0].contains("step 2"), "{:?}", out.said);
        assert!(out.said[0].contains("Turn it on."), "{:?}", out.said);
        assert_eq!(out.shown[0].keys, "y: yes   n: no");
        assert_eq!(out.steps(), ["fix"]);
        // ... anything else is reminded of y / n, and n starts over.
        let out = b.run(b.options(), WALL_START_MS, &[NEXT, Key(Action::No), End]);
        assert!(contains(&out.said, "press y for yes"), "{:?}", out.said);
        assert_eq!(out.steps(), ["a"]);
    }

    #[test]
    fn a_timer_reminds_on_time_and_its_deadline_survives_a_restart() {
        let b = Bench::new();
        // The timer starts at w; the listener moves on to c.
        let script = [NEXT, YES, NEXT, Wait(4 * 60), Wait(60), End];
        let out = b.run(b.options(), WALL_START_MS, &script);
        assert_eq!(
            out.said
                .iter()
                .filter(|s| s.contains("minutes left"))
                .count(),
            1
        );
        assert!(contains(&out.said, "10 minutes left."), "{:?}", out.said);
        let reminders = out.named("reminder");
        assert_eq!(reminders.len(), 1);
        assert_eq!(reminders[0]["minutes_left"], 10);
        assert_eq!(reminders[0]["step"], "w");
        // Saved as wall-clock time: 15 minutes after the timer step began.
        let saved = out.saved.unwrap();
        assert_eq!(
            saved.timers[0].deadline_unix_ms,
            WALL_START_MS + 15 * 60_000
        );
        // Twenty minutes later, another run says first that the time is up.
        let later = WALL_START_MS + 20 * 60_000;
        let out = b.run(b.options(), later, &[YES, End]);
        assert!(
            out.said[1].starts_with("The 15 minutes are up."),
            "{:?}",
            out.said
        );
    }

    #[test]
    fn a_wall_clock_jump_neither_fires_nor_skips_a_reminder() {
        let b = Bench::new();
        let remind = Options {
            remind: true,
            ..b.options()
        };
        // An hour forward on the wall clock: no idle reminder, the timer does not run out.
        let script = [
            NEXT,
            YES,
            NEXT,
            WallJump(3600),
            Wait(1),
            Key(Action::Back),
            End,
        ];
        let out = b.run(remind.clone(), WALL_START_MS, &script);
        assert!(
            out.named("reminder").is_empty(),
            "{:?}",
            out.named("reminder")
        );
        assert!(!contains(&out.said, "are up"), "{:?}", out.said);
        // Saved after the jump (back to w): the deadline is 14:59 after that moment
        // of the new wall clock, as the monotonic clock counts.
        let saved = out.saved.unwrap();
        assert_eq!(saved.step, "w");
        assert_eq!(
            saved.timers[0].deadline_unix_ms,
            WALL_START_MS + 3_600_000 + 15 * 60_000
        );
        b.store.clear(&b.guide.id).unwrap();
        // An hour back: the idle reminder still comes after 30 s of silence.
        let script = [WallJump(-3600), Wait(29), Wait(1), End];
        let out = b.run(remind, WALL_START_MS, &script);
        let reminders = out.named("reminder");
        assert_eq!(reminders.len(), 1, "{reminders:?}");
        assert_eq!(reminders[0]["idle_s"], 30);
    }

    /// Runs the menu of `tebiki` alone over `script`.
    fn choose_over(unfinished: Option<&str>, script: &[In]) -> (Choice, World, Vec<String>) {
        let l10n = Localizer::builtin();
        let titles = vec!["Boil water".to_string(), "Log in".to_string()];
        let mut menu = Menu::new(&l10n, Lang::en(), unfinished.map(String::from), titles);
        let lines = Lines::default();
        let log = EventLog::to_writer(Box::new(lines.clone()), Instant::now());
        let world: Shared = Rc::new(RefCell::new(World {
            script: script.iter().cloned().collect(),
            ..World::default()
        }));
        let choice = choose(
            &mut menu,
            &log,
            "",
            Io {
                source: &mut FakeSource(world.clone()),
                voice: &mut FakeVoice(world.clone()),
                screen: &mut FakeScreen(world.clone()),
                clock: &FakeClock {
                    world: world.clone(),
                    base: Instant::now(),
                },
            },
        );
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        let world = world.take();
        (choice, world, text.lines().map(String::from).collect())
    }

    #[test]
    fn the_menu_is_asked_like_every_other_question() {
        // A digit chooses; one out of range gets the hint first.
        let (choice, w, log) =
            choose_over(None, &[Key(Action::Unknown), In::Char('9'), In::Char('2')]);
        assert_eq!(choice, Choice::Guide(1));
        assert!(
            w.said[0].contains("1: Boil water\n2: Log in"),
            "{:?}",
            w.said
        );
        assert_eq!(w.said.len(), 3, "{:?}", w.said);
        assert!(w.said[1].contains("number of a guide"));
        assert_eq!(w.shown[0].keys, "1–9: choose   Enter: the first   q: stop");
        assert!(
            log.iter().any(|l| l.contains("\"event\":\"speak\"")),
            "{log:?}"
        );
        // Enter chooses the first; the end of input chooses nothing.
        assert_eq!(choose_over(None, &[NEXT]).0, Choice::Guide(0));
        assert_eq!(choose_over(None, &[End]).0, Choice::Stop);
        // The offer to continue: y continues, n lists the guides, q stops.
        let (choice, w, _) = choose_over(Some("Log in"), &[YES]);
        assert_eq!(choice, Choice::Continue);
        assert_eq!(w.shown[0].keys, "y: yes   n: no");
        let (choice, w, log) = choose_over(Some("Log in"), &[Key(Action::No), In::Char('1')]);
        assert_eq!(choice, Choice::Guide(0));
        assert!(w.said[1].contains("1: Boil water"), "{:?}", w.said);
        assert!(
            log.iter().any(|l| l.contains("\"action\":\"no\"")),
            "{log:?}"
        );
        assert_eq!(
            choose_over(Some("Log in"), &[Key(Action::Quit)]).0,
            Choice::Stop
        );
    }

    #[test]
    fn idle_reminders_come_after_silence_and_a_key_starts_the_count_again() {
        let b = Bench::new();
        let remind = Options {
            remind: true,
            ..b.options()
        };
        let script = [Wait(30), Wait(30), Key(Action::Repeat), Wait(29), End];
        let out = b.run(remind, WALL_START_MS, &script);
        let idle: Vec<_> = out
            .named("reminder")
            .iter()
            .map(|e| e["idle_s"].clone())
            .collect();
        assert_eq!(idle, [30, 60]);
        assert!(contains(&out.said, "Enter"));
    }
}
