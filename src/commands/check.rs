//! `tebiki check [PATH…]`: validates guides and prints each problem as
//! `FILE:LINE[:COL]: message`; exit 1 when any is an error. With `--readings`, how
//! the Japanese voice reads every spoken text instead (`readings.rs`).

use std::path::PathBuf;

use super::Context;
use crate::error::Error;
use crate::guide::Source;
use crate::l10n::arg;

pub fn run(ctx: &Context, paths: &[PathBuf], readings: bool) -> Result<(), Error> {
    if readings {
        return super::readings::check(ctx, paths);
    }
    let sources = sources(ctx, paths);
    let mut failed = false;
    for source in &sources {
        let loaded = ctx.library.load(source);
        for problem in &loaded.problems {
            println!("{}", problem.render(&ctx.l10n, &ctx.lang));
        }
        match loaded.guide {
            Some(guide) => {
                let langs: Vec<&str> = guide.languages.iter().map(|l| l.as_str()).collect();
                let text = ctx.l10n.text_args(
                    &ctx.lang,
                    "check-ok",
                    &[
                        arg("path", guide.origin.display(&guide.id)),
                        arg("count", guide.steps.len()),
                        arg("languages", langs.join(", ")),
                    ],
                );
                println!("{}", crate::ui::clean(&text));
            }
            None => failed = true,
        }
    }
    if failed {
        Err(Error::CheckFailed)
    } else {
        Ok(())
    }
}

/// The guides named by `paths` (folders or their guide.toml), or every guide found.
pub fn sources(ctx: &Context, paths: &[PathBuf]) -> Vec<Source> {
    if paths.is_empty() {
        ctx.library.all().into_iter().map(|(_, s)| s).collect()
    } else {
        paths
            .iter()
            .map(|p| {
                let dir = if p.file_name().is_some_and(|f| f == "guide.toml") {
                    p.parent().map(PathBuf::from).unwrap_or_default()
                } else {
                    p.clone()
                };
                Source::Folder(dir)
            })
            .collect()
    }
}
