//! The only unsafe code on Windows: the console control handler and the standard
//! error handle, through `windows-sys`.
#![allow(unsafe_code)]

use std::io;
use std::os::windows::io::RawHandle;

use windows_sys::core::BOOL;
use windows_sys::Win32::System::Console::{
    SetConsoleCtrlHandler, SetStdHandle, CTRL_BREAK_EVENT, CTRL_CLOSE_EVENT, CTRL_C_EVENT,
    CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT, STD_ERROR_HANDLE,
};

/// A console control event, as the handler is given it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleEvent {
    /// Ctrl-C or Ctrl-Break.
    Interrupt(u32),
    /// The window closes, the user logs off or Windows shuts down.
    Close(u32),
}

impl ConsoleEvent {
    fn from_code(code: u32) -> Option<ConsoleEvent> {
        match code {
            CTRL_C_EVENT | CTRL_BREAK_EVENT => Some(ConsoleEvent::Interrupt(code)),
            CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT => {
                Some(ConsoleEvent::Close(code))
            }
            _ => None,
        }
    }

    pub fn code(self) -> u32 {
        match self {
            ConsoleEvent::Interrupt(c) | ConsoleEvent::Close(c) => c,
        }
    }
}

/// Called by Windows on a thread of its own for each event. TRUE: handled; FALSE:
/// the next handler, in the end the default one (which ends the process).
unsafe extern "system" fn handler(code: u32) -> BOOL {
    let handled = ConsoleEvent::from_code(code).is_some_and(super::console_event);
    BOOL::from(handled)
}

pub fn set_console_handler() -> io::Result<()> {
    // SAFETY: `handler` is a plain function with the signature `PHANDLER_ROUTINE`
    // asks for, valid for the life of the process; it only touches thread-safe
    // state (a mutex) and never unwinds (nothing in it panics).
    if unsafe { SetConsoleCtrlHandler(Some(handler), 1) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Makes `handle` the process's standard error. The caller keeps it open while it
/// is set (`StderrSlot` owns both the log file and the saved handle).
pub fn set_stderr(handle: RawHandle) -> io::Result<()> {
    // SAFETY: SetStdHandle only stores the value; Rust's `stderr()` looks it up on
    // each write, and the handle stays open as long as it is set (see above).
    if unsafe { SetStdHandle(STD_ERROR_HANDLE, handle) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_told_apart() {
        assert_eq!(
            ConsoleEvent::from_code(CTRL_C_EVENT),
            Some(ConsoleEvent::Interrupt(0))
        );
        assert_eq!(
            ConsoleEvent::from_code(CTRL_BREAK_EVENT),
            Some(ConsoleEvent::Interrupt(1))
        );
        for code in [CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT] {
            assert_eq!(
                ConsoleEvent::from_code(code),
                Some(ConsoleEvent::Close(code))
            );
        }
        assert_eq!(ConsoleEvent::from_code(99), None);
    }
}
