//! Parses the command line, runs it, and exits with the code SPEC.md gives.

use clap::Parser;

fn main() {
    let started = std::time::Instant::now();
    let cli = tebiki::cli::Cli::parse();
    let code = tebiki::run(cli, started);
    tebiki::platform::end_process(code);
}
