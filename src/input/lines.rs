//! Piped input: one line, one action (SPEC.md). Exact: nothing is dropped or merged,
//! and a line that is not UTF-8 is an unknown key, never the end of input.

use std::io::BufRead;

use super::keymap::action_for_line;
use super::{Input, Sink};
use crate::player::Action;

/// Reads lines from `reader` until it ends, on a thread of its own.
pub fn spawn(reader: impl BufRead + Send + 'static, sink: Sink) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("lines".into())
        .spawn(move || read(reader, &*sink))?;
    Ok(())
}

/// Turns every line of `reader` into one input, then `Input::End`; stops early only
/// when `sink` says nobody listens. A read error ends the input like its end does.
pub fn read(mut reader: impl BufRead, sink: &dyn Fn(Input) -> bool) {
    let mut bytes = Vec::new();
    loop {
        bytes.clear();
        match reader.read_until(b'\n', &mut bytes) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let line = String::from_utf8_lossy(&bytes);
        let line = line.strip_suffix('\n').unwrap_or(&line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !sink(input_for_line(line)) {
            return;
        }
    }
    let _ = sink(Input::End);
}

/// What one line means.
pub fn input_for_line(line: &str) -> Input {
    match action_for_line(line) {
        Action::Unknown => match single_char(line) {
            Some(c) => Input::Other(c),
            None => Input::Action(Action::Unknown),
        },
        action => Input::Action(action),
    }
}

fn single_char(line: &str) -> Option<char> {
    let mut chars = line.trim().chars().map(super::keymap::normalize_char);
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;

    fn inputs(bytes: &[u8]) -> Vec<Input> {
        let got = RefCell::new(Vec::new());
        read(bytes, &|input| {
            got.borrow_mut().push(input);
            true
        });
        got.into_inner()
    }

    #[test]
    fn one_line_one_input_then_end() {
        assert_eq!(
            inputs(b"\r\nq\nx"),
            [
                Input::Action(Action::Next),
                Input::Action(Action::Quit),
                Input::Other('x'),
                Input::End
            ]
        );
    }

    #[test]
    fn a_line_that_is_not_utf8_is_no_end() {
        // `BufRead::lines` gave up at the first such line, and the session took
        // that for the end of input: every key after it was lost.
        assert_eq!(
            inputs(b"\xff\xfe\nn\n"),
            [
                Input::Action(Action::Unknown),
                Input::Action(Action::No),
                Input::End
            ]
        );
    }
}
