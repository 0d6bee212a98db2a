//! `tebiki helper [--name NAME --phone NUMBER | --clear]`: whom a listener who is
//! stuck should ask. The teacher sets it; it is kept in the settings file as
//! `[helper]`. With no option it shows the helper, how the number is read aloud, and
//! what tebiki says on a step heard again and again.

use std::path::Path;

use super::Context;
use crate::error::Error;
use crate::helper::{self, Helper, SaveError};
use crate::l10n::arg;
use crate::ui::clean;

pub fn run(
    ctx: &Context,
    name: Option<&str>,
    phone: Option<&str>,
    clear: bool,
) -> Result<(), Error> {
    let path = &ctx.paths.config_file;
    if clear {
        let had = !helper::load(path).is_empty();
        save(path, None)?;
        let id = if had {
            "helper-cleared"
        } else {
            "helper-none-to-clear"
        };
        say(ctx, id, &path.display().to_string());
        return Ok(());
    }
    if name.is_none() && phone.is_none() {
        show(ctx, &helper::load(path));
        return Ok(());
    }
    // Both checked before anything is written.
    let name = name
        .map(|n| helper::clean_name(n).ok_or(Error::HelperName))
        .transpose()?;
    let phone = phone
        .map(|p| {
            helper::check_phone(p).map_err(|bad| Error::HelperPhone {
                phone: p.to_string(),
                bad,
            })
        })
        .transpose()?;
    // The part not given is kept.
    let old = helper::load(path);
    let new = Helper {
        name: name.or(old.name),
        phone: phone.or(old.phone),
    };
    save(path, Some(&new))?;
    say(ctx, "helper-saved", &path.display().to_string());
    show(ctx, &new);
    Ok(())
}

fn save(path: &Path, helper: Option<&Helper>) -> Result<(), Error> {
    helper::save(path, helper).map_err(|e| match e {
        SaveError::Broken { line, detail } => Error::SettingsBroken {
            path: path.to_path_buf(),
            line,
            detail,
        },
        SaveError::Write(e) => Error::SettingsWrite {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
    })
}

fn say(ctx: &Context, id: &str, file: &str) {
    outln!(
        "{}",
        clean(&ctx.l10n.text_args(&ctx.lang, id, &[arg("file", file)]))
    );
}

/// The helper as the teacher checks it: the name, the number as written and as read
/// aloud in each language, and what a listener who is stuck hears.
fn show(ctx: &Context, helper: &Helper) {
    let l10n = &ctx.l10n;
    let lang = &ctx.lang;
    if helper.is_empty() {
        outln!("{}", clean(&l10n.text(lang, "helper-none")));
    }
    if let Some(name) = &helper.name {
        outln!(
            "{}",
            clean(&l10n.text_args(lang, "helper-name-line", &[arg("name", name.as_str())]))
        );
    }
    if let Some(phone) = &helper.phone {
        outln!(
            "{}",
            clean(&l10n.text_args(lang, "helper-phone-line", &[arg("phone", phone.as_str())]))
        );
    }
    for listener in l10n.languages() {
        let said = helper::stuck_text(l10n, &listener, helper, true, true);
        outln!(
            "{}",
            clean(&l10n.text_args(
                lang,
                "helper-said",
                &[arg("lang", listener.as_str()), arg("text", said)],
            ))
        );
    }
}
