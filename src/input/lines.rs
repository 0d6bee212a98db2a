//! Piped input: one line, one action (SPEC.md). Exact: nothing is dropped or merged.

use std::io::BufRead;

use super::keymap::action_for_line;
use super::{Input, Sink};
use crate::player::Action;

/// Reads lines from `reader` until it ends, on a thread of its own.
pub fn spawn(reader: impl BufRead + Send + 'static, sink: Sink) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("lines".into())
        .spawn(move || {
            for line in reader.lines() {
                let Ok(line) = line else { break };
                let input = match action_for_line(&line) {
                    Action::Unknown => match single_char(&line) {
                        Some(c) => Input::Other(c),
                        None => Input::Action(Action::Unknown),
                    },
                    action => Input::Action(action),
                };
                if !sink(input) {
                    return;
                }
            }
            let _ = sink(Input::End);
        })?;
    Ok(())
}

fn single_char(line: &str) -> Option<char> {
    let mut chars = line.trim().chars().map(super::keymap::normalize_char);
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}
