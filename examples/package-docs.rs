//! Writes the man page (`tebiki.1`) and the shell completions (bash, zsh, fish) from
//! the command line's own definition, for the packages:
//! `cargo run --example package-docs -- DIR` (default `target/package-docs`).

use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::Shell;

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/package-docs"), PathBuf::from);
    let completions = dir.join("completions");
    std::fs::create_dir_all(&completions)?;
    let command = tebiki::cli::Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    std::fs::write(dir.join("tebiki.1"), page)?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut command.clone(), "tebiki", &completions)?;
    }
    Ok(())
}
