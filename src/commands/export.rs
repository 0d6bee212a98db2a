//! `tebiki export GUIDE --out DIR [--force]`: every step rendered to a WAV file in file
//! order, with a playlist and a transcript, for a phone or a music player. Needs no
//! sound device. The folder is written beside the target and renamed into place
//! (`atomic_file::replace_dir`), so an interrupted export never leaves a half-written
//! folder; an existing folder is replaced only with `--force`.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use super::run::{engine_request, guide_lang, load_guide, speech_settings};
use super::Context;
use crate::atomic_file;
use crate::error::Error;
use crate::export::{self, Track};
use crate::l10n::arg;
use crate::quiet_stderr::QuietStderr;
use crate::speech::pcm::Pcm;
use crate::speech::render::ordered;
use crate::speech::{FileRenderer, Settings};

pub fn run(ctx: &Context, name: &str, out: &Path, force: bool) -> Result<(), Error> {
    let started = Instant::now();
    let guide = load_guide(ctx, name)?;
    let (lang, missing) = guide_lang(ctx, &guide);
    if let Some(missing) = missing {
        let text = ctx.l10n.text_args(
            &ctx.lang,
            "export-lang-missing",
            &[arg("asked", missing.as_str()), arg("lang", lang.as_str())],
        );
        eprintln!("{}", crate::ui::clean(&text));
    }
    let exists = out.exists() && std::fs::read_dir(out).map_or(true, |mut d| d.next().is_some());
    if exists && !force {
        return Err(Error::ExportExists {
            path: out.to_path_buf(),
        });
    }
    let settings = speech_settings(ctx);
    // The text analyser's warnings are noise here: they go to the log file.
    let quiet = std::io::stderr()
        .is_terminal()
        .then(|| QuietStderr::redirect_to(&ctx.paths.state_dir.join("stderr.log")))
        .flatten();
    let renderer = FileRenderer::open(engine_request(ctx), &lang, &settings)?;
    let tracks = export::plan(&guide, &lang, &ctx.l10n);

    let seconds = atomic_file::replace_dir(
        out,
        |dir| write_all(dir, &renderer, &settings, &guide, &lang, &tracks),
        |path, e| write_error(path, &e.to_string()),
    )?;
    drop(quiet);
    let audio: f64 = seconds.iter().sum();
    let took = started.elapsed().as_secs_f64();
    let text = ctx.l10n.text_args(
        &ctx.lang,
        "export-done",
        &[
            arg("count", tracks.len()),
            arg("path", out.display().to_string()),
            arg("minutes", format!("{:.1}", audio / 60.0)),
            arg("seconds", format!("{took:.1}")),
            arg("speed", format!("{:.0}", audio / took.max(0.001))),
            arg("engine", renderer.engine().name()),
        ],
    );
    outln!("{}", crate::ui::clean(&text));
    Ok(())
}

/// Renders every track (at once, as many as the engine allows) and writes the
/// folder; returns each track's length in seconds. A failed track fails the whole.
fn write_all(
    dir: &Path,
    renderer: &FileRenderer,
    settings: &Settings,
    guide: &crate::guide::Guide,
    lang: &crate::l10n::Lang,
    tracks: &[Track],
) -> Result<Vec<f64>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, &e.to_string()))?;
    let write = |track: &Track| -> Result<f64, Error> {
        let pcm: Pcm = renderer.render(&track.spoken, settings)?;
        let path = dir.join(&track.file);
        pcm.write_wav(&path)
            .map_err(|e| write_error(&path, &e.to_string()))?;
        Ok(f64::from(pcm.seconds()))
    };
    let seconds = ordered(tracks, renderer.engine().features().renderers, write)
        .map_err(|e| write_error(dir, &e.0))?
        .into_iter()
        .collect::<Result<Vec<f64>, Error>>()?;
    let title = guide.title(lang);
    let files = [
        ("playlist.m3u8", export::playlist(title, tracks, &seconds)),
        ("transcript.txt", export::transcript(guide, lang, tracks)),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| write_error(&path, &e.to_string()))?;
    }
    Ok(seconds)
}

fn write_error(path: &Path, reason: &str) -> Error {
    Error::WriteAudio {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}
