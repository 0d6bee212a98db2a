//! tebiki (手引き): a voice guide for the terminal. It reads a procedure aloud one
//! step at a time, in Japanese or English, and waits after each step for a key.
//!
//! `run` dispatches a parsed command line to `commands/`; `main.rs` only maps the
//! result to an exit code.

pub mod atomic_file;
pub mod audio;
pub mod card;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod events;
pub mod export;
pub mod guide;
pub mod helper;
pub mod input;
pub mod l10n;
pub mod meter;
pub mod paths;
pub mod platform;
pub mod player;
pub mod progress;
pub mod quiet_stderr;
pub mod session;
pub mod speech;
#[cfg(test)]
mod test_tools;
pub mod text;
pub mod ui;
pub mod wrap;

/// The built-in guides and the program's own texts, compiled in by `build.rs`.
pub mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

use std::time::Instant;

use cli::{Cli, Command};
pub use error::Error;

/// Runs a command; prints its own error message and returns the exit code.
pub fn run(cli: Cli, started: Instant) -> i32 {
    // For `data install`, `--voice` names voice files, not a voice to use.
    let voice_names = !matches!(cli.command, Some(Command::Data { .. }));
    let ctx = match commands::Context::new(cli.global, voice_names, started) {
        Ok(ctx) => ctx,
        // Boxed: with Windows' larger paths the error passes clippy's size limit.
        Err(failed) => {
            let (error, l10n, lang) = *failed;
            return report(&error, &l10n, &lang);
        }
    };
    let result = match &cli.command {
        None => commands::run::menu(&ctx),
        Some(Command::Run { guide }) => commands::run::run(&ctx, guide),
        Some(Command::List { json }) => commands::list::run(&ctx, *json),
        Some(Command::Check { paths, readings }) => commands::check::run(&ctx, paths, *readings),
        Some(Command::Export { guide, out, force }) => {
            commands::export::run(&ctx, guide, out, *force)
        }
        Some(Command::Say {
            text,
            reading: true,
            ..
        }) => commands::readings::say(&ctx, text),
        Some(Command::Say { text, out, .. }) => commands::say::run(&ctx, text, out.as_deref()),
        Some(Command::Print { guide, out }) => commands::print::run(&ctx, guide, out),
        Some(Command::Voices) => commands::voices::run(&ctx),
        Some(Command::Helper { name, phone, clear }) => {
            commands::helper::run(&ctx, name.as_deref(), phone.as_deref(), *clear)
        }
        Some(Command::Doctor) => commands::doctor::run(&ctx),
        Some(Command::Data {
            action:
                cli::DataCommand::Install {
                    dictionary_source,
                    model_source,
                },
        }) => commands::data::install(&ctx, dictionary_source.as_deref(), model_source.as_deref()),
        Some(Command::Import {
            file,
            id,
            out,
            pick,
            force,
        }) => commands::import::run(
            &ctx,
            &commands::import::Request {
                file,
                id,
                out: out.as_deref(),
                pick: pick.map(|p| p as usize),
                force: *force,
            },
        ),
    };
    match result {
        Ok(()) => 0,
        Err(error) => report(&error, &ctx.l10n, &ctx.lang),
    }
}

fn report(error: &Error, l10n: &l10n::Localizer, lang: &l10n::Lang) -> i32 {
    input::terminal::restore();
    for p in error.problems() {
        eprintln!("{}", p.render(l10n, lang));
    }
    let prefix = l10n.text(lang, "error-prefix");
    eprintln!("{prefix}: {}", ui::clean(&error.message(l10n, lang)));
    error.exit_code()
}
