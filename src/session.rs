//! The run loop: keys, speech notices and clock ticks in; the player's effects carried
//! out (speak, show, save, log). It never waits on speech: speech reports back through
//! the same channel as the keys. Only this module and `commands/` orchestrate I/O.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::sync::{mpsc, Arc};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;

use crate::config::Config;
use crate::events::EventLog;
use crate::guide::Guide;
use crate::input::{self, Input};
use crate::l10n::{Lang, Localizer};
use crate::player::{self, Action, Effect, Event, Log, Player, Resume};
use crate::progress::{Saved, Store};
use crate::speech::{Notice, Speech};
use crate::ui::{self, Style};

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
    pub config_path: std::path::PathBuf,
    pub log: EventLog,
    pub style: Style,
    pub chime: bool,
    /// A line shown under every screen, per language: which engine speaks, or why none
    /// does.
    pub footers: std::collections::BTreeMap<Lang, String>,
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

/// Prints to the terminal; in raw mode every newline needs a carriage return.
pub struct Screen {
    pub style: Style,
    pub raw: bool,
    last: Option<player::View>,
    footer_shown: bool,
}

impl Screen {
    pub fn new(style: Style, raw: bool) -> Screen {
        Screen {
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

    /// Shows a notice of the session's own under the current screen (and keeps it for
    /// redraws).
    pub fn notice(&mut self, text: &str) {
        if let Some(view) = &mut self.last {
            let notice = match view.notice.take() {
                Some(old) => format!("{old}\n{text}"),
                None => text.to_string(),
            };
            view.notice = Some(notice);
        }
        self.print(&ui::render_notice(text));
    }

    /// Draws the last screen again at a new width.
    pub fn resize(&mut self, columns: usize, footer: &str) {
        self.style.width = columns;
        if let Some(view) = self.last.take() {
            if !self.style.plain {
                self.show(&view, footer);
            } else {
                self.last = Some(view);
            }
        }
    }

    pub fn show(&mut self, view: &player::View, footer: &str) {
        // In plain output a notice on an unchanged screen is printed alone.
        if self.style.plain {
            if let (Some(last), Some(notice)) = (&self.last, &view.notice) {
                if last.body == view.body && last.title == view.title {
                    self.print(&ui::render_notice(notice));
                    self.last = Some(view.clone());
                    return;
                }
            }
        }
        let mut text = ui::render(view, self.style);
        // Plain output says which engine speaks once, not under every step.
        let footer = if self.style.plain && self.footer_shown {
            ""
        } else {
            footer
        };
        self.footer_shown = true;
        if !footer.is_empty() {
            text.push_str(&format!("({})\n", ui::clean(footer)));
        }
        if self.style.plain {
            text.push('\n');
        }
        self.print(&text);
        self.last = Some(view.clone());
    }
}

/// Runs one guide to its end or until the listener stops. Returns whether an end
/// was reached.
pub fn run(
    guide: &Guide,
    setup: &Setup<'_>,
    channel: &Channel,
    speech: &mut Speech,
    screen: &mut Screen,
    terminal: bool,
) -> bool {
    let mut player = Player::new(
        guide,
        setup.l10n,
        setup.options.clone(),
        setup.resume.clone(),
    );
    let now = |_: ()| unix_ms();
    let mut ctx = Ctx {
        guide,
        setup,
        speech,
        screen,
        saving_failed: false,
        completed: None,
    };
    let mut pending: VecDeque<Msg> = VecDeque::new();
    let effects = player.handle(now(()), Event::Start);
    let mut drop_keys = ctx.apply(&player, effects);
    while ctx.completed.is_none() {
        if drop_keys && terminal {
            // Keys already waiting when a new step begins are dropped, so a held or
            // doubled Enter never skips a step.
            while let Ok(msg) = channel.rx.try_recv() {
                match msg {
                    Msg::Input(Input::Action(_) | Input::Other(_)) => {}
                    other => pending.push_back(other),
                }
            }
        }
        let msg = match pending.pop_front() {
            Some(m) => Ok(m),
            None => channel.rx.recv_timeout(TICK),
        };
        let event = match msg {
            Ok(Msg::Input(Input::Action(action))) => {
                if player.is_ending() {
                    continue;
                }
                // A hidden hook for the tests that prove a panic gives the terminal back.
                if std::env::var_os("TEBIKI_TEST_PANIC_ON_KEY").is_some() {
                    panic!("TEBIKI_TEST_PANIC_ON_KEY is set");
                }
                if let Some(name) = action.name() {
                    setup.log.write_precise(
                        std::time::Instant::now(),
                        "key",
                        json!({ "action": name }),
                    );
                }
                Event::Key(action)
            }
            Ok(Msg::Input(Input::Resize(columns))) => {
                let footer = setup.footers.get(player.lang());
                ctx.screen
                    .resize(columns, footer.map_or("", String::as_str));
                continue;
            }
            Ok(Msg::Input(Input::Other(_))) => {
                if player.is_ending() {
                    continue;
                }
                Event::Key(Action::Unknown)
            }
            // Input that ends while the end is spoken: speak it to its last sample.
            Ok(Msg::Input(Input::End)) if player.is_ending() => continue,
            Ok(Msg::Input(Input::End | Input::Signal(_))) => Event::Key(Action::Interrupt),
            Ok(Msg::Speech(Notice::Done { generation })) => {
                if generation != ctx.speech.generation() {
                    continue;
                }
                Event::SpeechDone
            }
            Ok(Msg::Speech(Notice::Fallback { from, to, reason })) => {
                setup.log.write(
                    "fallback",
                    json!({ "from": from.name(), "to": to.name(), "reason": reason }),
                );
                // Said once, on screen: the guide goes on in text, nothing is lost.
                let text = setup.l10n.text_args(
                    player.lang(),
                    "sound-lost",
                    &[crate::l10n::arg("reason", reason.as_str())],
                );
                ctx.screen.notice(&text);
                continue;
            }
            Ok(Msg::Speech(Notice::Skipped { from, reason })) => {
                setup.log.write(
                    "fallback",
                    json!({ "from": from.name(), "to": crate::speech::Engine::silent().name(), "reason": reason,
                            "step": player.position_step_id() }),
                );
                let text = setup.l10n.text(player.lang(), "sound-skipped");
                ctx.screen.notice(&text);
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => Event::Tick,
            Err(mpsc::RecvTimeoutError::Disconnected) => Event::Key(Action::Interrupt),
        };
        let effects = player.handle(now(()), event);
        drop_keys = ctx.apply(&player, effects);
    }
    ctx.completed.unwrap_or(false)
}

struct Ctx<'a, 's> {
    guide: &'a Guide,
    setup: &'a Setup<'a>,
    speech: &'s mut Speech,
    screen: &'s mut Screen,
    saving_failed: bool,
    completed: Option<bool>,
}

impl Ctx<'_, '_> {
    /// Carries out effects in order; returns whether pending keys must be dropped.
    fn apply(&mut self, player: &Player<'_>, effects: Vec<Effect>) -> bool {
        let log = &self.setup.log;
        let mut drop_keys = false;
        for effect in effects {
            match effect {
                Effect::Say(u) => {
                    log.write(
                        "speak",
                        json!({ "step": u.step, "lang": u.lang.as_str(), "text": u.text }),
                    );
                    self.speech.say(&u);
                }
                Effect::StopSpeech => self.speech.stop(),
                Effect::Chime(c) => {
                    if self.setup.chime {
                        self.speech.chime(c);
                    }
                }
                Effect::Show(view) => {
                    let footer = self.setup.footers.get(player.lang());
                    self.screen.show(&view, footer.map_or("", String::as_str));
                }
                Effect::Log(Log::Step { step, index, total }) => {
                    log.write(
                        "step",
                        json!({ "step": step, "index": index, "total": total }),
                    );
                }
                Effect::Log(Log::Lang(lang)) => log.write("lang", json!({ "lang": lang.as_str() })),
                Effect::Log(Log::TimerReminder { step, minutes_left }) => log.write(
                    "reminder",
                    json!({ "step": step, "minutes_left": minutes_left }),
                ),
                Effect::Log(Log::IdleReminder { step, idle_s }) => {
                    log.write("reminder", json!({ "step": step, "idle_s": idle_s }));
                }
                Effect::Save => self.save(player),
                Effect::SetRate(rate) => {
                    self.speech.set_rate(rate);
                    let _ = Config::save_value(
                        &self.setup.config_path,
                        "rate",
                        toml::Value::Float(f64::from(rate)),
                    );
                }
                Effect::SetLang(lang) => {
                    let _ = Config::save_value(
                        &self.setup.config_path,
                        "lang",
                        toml::Value::String(lang.as_str().to_string()),
                    );
                }
                Effect::DropPendingKeys => drop_keys = true,
                Effect::Prefetch(list) => self.speech.prefetch(&list),
                Effect::Finish { completed } => {
                    log.write("finish", json!({ "completed": completed }));
                    if completed {
                        let _ = self.setup.store.clear(&self.guide.id);
                    }
                    self.completed = Some(completed);
                    return drop_keys;
                }
            }
        }
        drop_keys
    }

    fn save(&mut self, player: &Player<'_>) {
        let saved = Saved::from_position(self.guide, player.position(), unix_ms());
        if let Err(e) = self.setup.store.save(&saved) {
            if !self.saving_failed {
                self.saving_failed = true;
                let lang: &Lang = player.lang();
                let text = self.setup.l10n.text_args(
                    lang,
                    "error-progress-save",
                    &[crate::l10n::arg("reason", e.to_string())],
                );
                self.screen.print(&format!("{}\n", ui::clean(&text)));
            }
        }
    }
}
