//! `tebiki print GUIDE [--lang L] --out FILE.html`: the large-print card of a guide
//! (`crate::card`), with the helper from the settings when one is set. Written to a
//! temporary file beside FILE and renamed, so FILE is never half-written.

use std::path::Path;

use super::run::guide_for_file;
use super::Context;
use crate::card::{self, Helper};
use crate::error::Error;
use crate::l10n::arg;

pub fn run(ctx: &Context, name: &str, out: &Path) -> Result<(), Error> {
    let (guide, lang) = guide_for_file(ctx, name)?;
    let page = card::render(&guide, &lang, &ctx.l10n, &helper(&ctx.paths.config_file));
    crate::atomic_file::write(out, page.as_bytes()).map_err(|source| Error::WriteCard {
        path: out.to_path_buf(),
        source,
    })?;
    let text = ctx.l10n.text_args(
        &ctx.lang,
        "print-written",
        &[
            arg("path", out.display().to_string()),
            arg("count", guide.steps.len()),
        ],
    );
    outln!("{}", crate::ui::clean(&text));
    Ok(())
}

/// `helper.name` and `helper.phone` from the settings file, when set; a file that
/// does not parse names no helper (the card is still made).
fn helper(config_file: &Path) -> Helper {
    let Ok(text) = crate::text::read_limited(config_file) else {
        return Helper::default();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Helper::default();
    };
    let field = |key: &str| {
        table
            .get("helper")
            .and_then(|h| h.get(key))
            .and_then(toml::Value::as_str)
            .map(str::to_string)
    };
    Helper {
        name: field("name"),
        phone: field("phone"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_is_read_from_the_settings_when_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(helper(&path), Helper::default());
        std::fs::write(
            &path,
            "lang = \"ja\"\n[helper]\nname = \"山田 花子\"\nphone = \"090-1234-5678\"\n",
        )
        .unwrap();
        assert_eq!(
            helper(&path),
            Helper {
                name: Some("山田 花子".into()),
                phone: Some("090-1234-5678".into())
            }
        );
        std::fs::write(&path, "[helper\n").unwrap();
        assert_eq!(helper(&path), Helper::default());
    }
}
