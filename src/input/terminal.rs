//! The terminal: raw mode on while a guide runs, and always given back — on return,
//! on a panic (the hook restores it before the message prints) and on signals (they
//! end the session the ordinary way). Keys are read on their own thread.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::{cursor, style, terminal};

use super::keymap::{action_for_key, Key};
use super::{Input, Sink};
use crate::player::Action;

/// The same key again within this time is taken as a bounce and ignored.
pub const REPEAT_GUARD: Duration = Duration::from_millis(300);

static RAW: AtomicBool = AtomicBool::new(false);

/// Puts the terminal in raw mode; dropping it gives the terminal back.
pub struct RawGuard;

impl RawGuard {
    pub fn enable() -> std::io::Result<RawGuard> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        RAW.store(true, Ordering::SeqCst);
        Ok(RawGuard)
    }
}

impl Drop for RawGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves raw mode and shows the cursor, and gives standard error back; safe to call
/// more than once.
pub fn restore() {
    crate::quiet_stderr::restore();
    if RAW.swap(false, Ordering::SeqCst) {
        let mut out = std::io::stdout();
        let _ = crossterm::execute!(out, style::ResetColor, cursor::Show);
        let _ = terminal::disable_raw_mode();
        let _ = out.flush();
    }
}

fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

fn key_of(code: KeyCode, modifiers: KeyModifiers) -> Option<Key> {
    Some(match code {
        KeyCode::Char('c' | 'C') if modifiers.contains(KeyModifiers::CONTROL) => Key::CtrlC,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Esc => Key::Esc,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        _ => return None,
    })
}

/// Reads keys until `stop` is set, dropping a key repeated within `REPEAT_GUARD`.
pub fn spawn_keys(sink: Sink, stop: Arc<AtomicBool>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("keys".into())
        .spawn(move || {
            let mut last: Option<(Key, Instant)> = None;
            while !stop.load(Ordering::SeqCst) {
                match event::poll(Duration::from_millis(100)) {
                    Ok(false) => continue,
                    Ok(true) => {}
                    Err(_) => break,
                }
                let k = match event::read() {
                    Ok(Event::Key(k)) => k,
                    Ok(Event::Resize(columns, _)) => {
                        if !sink(Input::Resize(usize::from(columns))) {
                            break;
                        }
                        continue;
                    }
                    _ => continue,
                };
                if k.kind != KeyEventKind::Press {
                    continue;
                }
                let Some(key) = key_of(k.code, k.modifiers) else {
                    continue;
                };
                let now = Instant::now();
                if let Some((prev, at)) = last {
                    if prev == key && now.duration_since(at) < REPEAT_GUARD {
                        last = Some((key, now));
                        continue;
                    }
                }
                last = Some((key, now));
                let input = match (action_for_key(key), key) {
                    (Action::Unknown, Key::Char(c)) => Input::Other(c),
                    (action, _) => Input::Action(action),
                };
                if !sink(input) {
                    break;
                }
            }
        })?;
    Ok(())
}
