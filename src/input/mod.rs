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
    /// A request to end from outside: SIGTERM, SIGHUP or SIGINT on Unix (0: ctrlc does
    /// not say which), a console control event on Windows (its code).
    Signal(i32),
}

/// Where an input thread sends what it read; returns false when nobody listens.
pub type Sink = Box<dyn Fn(Input) -> bool + Send>;

/// Turns SIGTERM, SIGHUP and SIGINT (on Windows: Ctrl-C, Ctrl-Break, closing the
/// console window) into `Input::Signal`, so the session ends the ordinary way:
/// progress kept, terminal given back.
pub fn spawn_signals(sink: Sink) -> std::io::Result<()> {
    crate::platform::on_termination(
        Box::new(move |code| sink(Input::Signal(code))),
        terminal::restore,
    )
}
