//! `tebiki check [PATH…]`: validates guides and prints each problem as
//! `FILE:LINE[:COL]: message`; exit 1 when any is an error. With `--readings`, how
//! the Japanese voice reads every spoken text instead (`readings.rs`).

use std::path::PathBuf;

use super::Context;
use crate::error::Error;
use crate::l10n::arg;

pub fn run(ctx: &Context, paths: &[PathBuf], readings: bool) -> Result<(), Error> {
    if readings {
        return super::readings::check(ctx, paths);
    }
    let sources = super::sources(ctx, paths);
    let mut failed = false;
    for source in &sources {
        let loaded = ctx.library.load(source);
        for problem in &loaded.problems {
            outln!("{}", problem.render(&ctx.l10n, &ctx.lang));
        }
        match loaded.guide {
            Some(guide) => {
                let langs: Vec<&str> = guide
                    .languages
                    .iter()
                    .map(super::super::l10n::Lang::as_str)
                    .collect();
                let text = ctx.l10n.text_args(
                    &ctx.lang,
                    "check-ok",
                    &[
                        arg("path", guide.origin.display(&guide.id)),
                        arg("count", guide.steps.len()),
                        arg("languages", langs.join(", ")),
                    ],
                );
                outln!("{}", crate::ui::clean(&text));
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
