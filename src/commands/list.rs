//! `tebiki list [--json]`: the guides that can be found.

use serde_json::json;

use super::Context;
use crate::error::Error;
use crate::l10n::arg;

pub fn run(ctx: &Context, as_json: bool) -> Result<(), Error> {
    let mut rows = Vec::new();
    for (id, source) in ctx.library.all() {
        let loaded = ctx.library.load(&source);
        let Some(guide) = loaded.guide else {
            let text = ctx.l10n.text_args(
                &ctx.lang,
                "list-broken",
                &[arg("id", id.as_str()), arg("path", source.display(""))],
            );
            eprintln!("{}", crate::ui::clean(&text));
            continue;
        };
        let lang = guide.reading_lang(&ctx.lang);
        rows.push((guide.id.clone(), guide, lang));
    }
    if as_json {
        let array: Vec<_> = rows
            .iter()
            .map(|(id, g, lang)| {
                json!({
                    "id": id,
                    "title": g.title(lang),
                    "languages": g.languages.iter().map(super::super::l10n::Lang::as_str).collect::<Vec<_>>(),
                    "steps": g.steps.len(),
                    "main_steps": g.main_path().len(),
                    "path": g.origin.display(id),
                })
            })
            .collect();
        outln!("{}", serde_json::Value::Array(array));
        return Ok(());
    }
    let width = rows.iter().map(|(id, _, _)| id.len()).max().unwrap_or(0);
    for (id, g, lang) in &rows {
        // The count the listener hears ("step 3 of M"): the main path, not the file.
        let steps = ctx.l10n.text_args(
            &ctx.lang,
            "list-steps",
            &[arg("count", g.main_path().len())],
        );
        let langs: Vec<&str> = g
            .languages
            .iter()
            .map(super::super::l10n::Lang::as_str)
            .collect();
        outln!(
            "{id:<width$}  {}  ({steps}; {})",
            crate::ui::clean(g.title(lang)),
            langs.join(", ")
        );
    }
    Ok(())
}
