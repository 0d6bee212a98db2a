//! `tebiki import FILE --id ID [--lang L] [--out DIR] [--pick N] [--force]`: reads
//! step-by-step content, writes a guide folder, and says where it went and how to run
//! it. The reading and writing belong to `guide::import`; this file only chooses the
//! language and the folder and prints.

use std::path::{Path, PathBuf};

use super::Context;
use crate::error::Error;
use crate::guide::import;
use crate::l10n::{arg, Lang};

/// What the command line asked for.
pub struct Request<'a> {
    pub file: &'a Path,
    pub id: &'a str,
    pub out: Option<&'a Path>,
    /// 1-based.
    pub pick: Option<usize>,
    pub force: bool,
}

pub fn run(ctx: &Context, request: &Request<'_>) -> Result<(), Error> {
    let fail = |error| Error::Import {
        file: request.file.to_path_buf(),
        error,
    };
    let mut imported = import::import_file(request.file, request.pick).map_err(fail)?;
    // `--lang` names the language the content is written in; the saved setting does
    // not, so it is not consulted here.
    let cli_lang = ctx.global.lang.and_then(|l| Lang::parse(l.tag()));
    let lang = cli_lang
        .or_else(|| imported.lang.clone())
        .unwrap_or_else(|| imported.lang_by_script());
    imported.lang = Some(lang.clone());

    let dir: PathBuf = request
        .out
        .map_or_else(|| ctx.paths.guides_dir(), Path::to_path_buf);
    let from = request
        .file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let written =
        import::write_guide(&imported, request.id, &dir, request.force, &from).map_err(fail)?;

    if imported.others > 0 {
        let mut note = ctx.l10n.text_args(
            &ctx.lang,
            "import-others",
            &[
                arg("file", request.file.display().to_string()),
                arg("count", imported.choices.len()),
                arg("picked", imported.picked + 1),
                arg("title", imported.title.as_str()),
            ],
        );
        for (i, title) in imported.choices.iter().enumerate() {
            let line = ctx.l10n.text_args(
                &ctx.lang,
                "import-choice",
                &[arg("n", i + 1), arg("title", title.as_str())],
            );
            note.push_str("\n  ");
            note.push_str(&line);
        }
        eprintln!("{}", crate::ui::clean(&note));
    }

    // In the user's guide folder the id is enough; elsewhere `run` needs the path.
    let run_name = if request.out.is_none() {
        request.id.to_string()
    } else {
        let shown = written.display().to_string();
        if shown.contains(char::is_whitespace) {
            format!("\"{shown}\"")
        } else {
            shown
        }
    };
    let lang_id = format!("lang-name-{lang}");
    let language = if ctx.l10n.has(&ctx.lang, &lang_id) {
        ctx.text(&lang_id)
    } else {
        lang.to_string()
    };
    let done = ctx.l10n.text_args(
        &ctx.lang,
        "import-done",
        &[
            arg("title", imported.title.as_str()),
            arg("count", imported.steps.len()),
            arg("language", language),
            arg("path", written.display().to_string()),
            arg("run", run_name),
        ],
    );
    outln!("{}", crate::ui::clean(&done));
    Ok(())
}
