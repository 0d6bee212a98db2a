//! Input: keys from a terminal in raw mode, or lines from a pipe, turned into
//! actions on a thread of their own and handed to the session through a callback.
//! Nothing typed is kept or logged beyond the action it means.

pub mod keymap;
pub mod lines;
pub mod terminal;

use crate::player::Action;

/// What an input thread reports.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Action(Action),
    /// A key that is no action (a digit in the menu, say): its character.
    Other(char),
    /// Standard input ended.
    End,
    /// The terminal was resized to this many columns.
    Resize(usize),
    /// SIGTERM, SIGHUP or SIGINT.
    Signal(i32),
}

/// Where an input thread sends what it read; returns false when nobody listens.
pub type Sink = Box<dyn Fn(Input) -> bool + Send>;

/// Turns SIGTERM, SIGHUP and SIGINT into `Input::Signal`, so the session ends the
/// ordinary way: progress kept, terminal given back.
pub fn spawn_signals(sink: Sink) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if !sink(Input::Signal(signal)) {
                    break;
                }
            }
        })?;
    Ok(())
}
