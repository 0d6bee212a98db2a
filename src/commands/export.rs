//! `tebiki export GUIDE --out DIR [--force]`: every step rendered to a WAV file in file
//! order, with a playlist and a transcript, for a phone or a music player. Needs no
//! sound device. The folder is written beside the target and renamed into place
//! (`atomic_file::replace_dir`), so an interrupted export never leaves a half-written
//! folder; an existing folder is replaced only with `--force`. While the tracks are
//! rendered (minutes with a neural voice), standard error shows how far it has come
//! (`meter`); standard output has only the closing line.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::run::{engine_request, guide_for_file, speech_settings};
use super::Context;
use crate::atomic_file;
use crate::error::Error;
use crate::export::{self, Track};
use crate::l10n::arg;
use crate::meter::{Job, Meter, Tally};
use crate::quiet_stderr::QuietStderr;
use crate::speech::pcm::Pcm;
use crate::speech::render::ordered_reporting;
use crate::speech::{FileRenderer, Settings};

pub fn run(ctx: &Context, name: &str, out: &Path, force: bool) -> Result<(), Error> {
    let started = Instant::now();
    let (guide, lang) = guide_for_file(ctx, name)?;
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
    // The real standard error while the noise goes to the log.
    let stderr = quiet.as_ref().and_then(QuietStderr::original);
    let mut meter = Meter::here(&ctx.l10n, &ctx.lang, ctx.global.plain, stderr);

    let seconds = atomic_file::replace_dir(
        out,
        |dir| {
            write_all(
                dir, &renderer, &settings, &guide, &lang, &tracks, &mut meter,
            )
        },
        |path, e| write_error(path, &e.to_string()),
    )?;
    drop(meter);
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
            arg("speed", speed(audio / took.max(0.001))),
            arg("engine", renderer.engine().name()),
        ],
    );
    outln!("{}", crate::ui::clean(&text));
    Ok(())
}

/// How many times real time, as said: a whole number from 10 up, one decimal below
/// (a slow neural voice renders at 0.4×, which must not read as 0).
fn speed(times: f64) -> String {
    if times >= 10.0 {
        format!("{times:.0}")
    } else {
        format!("{times:.1}")
    }
}

/// Renders every track and writes the folder; returns each track's length in
/// seconds. A failed track fails the whole.
fn write_all(
    dir: &Path,
    renderer: &FileRenderer,
    settings: &Settings,
    guide: &crate::guide::Guide,
    lang: &crate::l10n::Lang,
    tracks: &[Track],
    meter: &mut Meter<'_>,
) -> Result<Vec<f64>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, &e.to_string()))?;
    let seconds = render_tracks(dir, renderer, settings, tracks, meter)?;
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

/// Renders the tracks (at once, as many as the engine allows) on a thread of their
/// own, while this thread, which owns the texts, shows how far they have come.
fn render_tracks(
    dir: &Path,
    renderer: &FileRenderer,
    settings: &Settings,
    tracks: &[Track],
    meter: &mut Meter<'_>,
) -> Result<Vec<f64>, Error> {
    let write = |track: &Track| -> Result<f64, Error> {
        let pcm: Pcm = renderer.render(&track.spoken, settings)?;
        let path = dir.join(&track.file);
        pcm.write_wav(&path)
            .map_err(|e| write_error(&path, &e.to_string()))?;
        Ok(f64::from(pcm.seconds()))
    };
    let engine = renderer.engine();
    // A track takes about as long as its text is long.
    let mut tally = Tally::items(
        tracks
            .iter()
            .map(|t| t.spoken.chars().count() as u64)
            .collect(),
    );
    meter.begin(
        Job::Tracks,
        tracks.len() as u64,
        &[arg("total", tracks.len()), arg("engine", engine.name())],
    );
    let started = Instant::now();
    let (done, heard) = mpsc::channel::<usize>();
    let outcome = std::thread::scope(|s| {
        let work =
            s.spawn(move || ordered_reporting(tracks, engine.features().renderers, &done, write));
        // Until the work is over (its sender is dropped): a line or the bar for each
        // track done, and the time left counting down in between.
        loop {
            match heard.recv_timeout(Duration::from_millis(500)) {
                Ok(i) => {
                    tally.finish(i, started.elapsed());
                    let track = tracks.get(i).map(|t| t.number);
                    meter.update(&tally.status(started.elapsed()), track);
                }
                Err(RecvTimeoutError::Timeout) => meter.tick(&tally.status(started.elapsed())),
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        work.join()
    });
    meter.end();
    outcome
        .map_err(|_| write_error(dir, "a rendering thread failed"))?
        .map_err(|e| write_error(dir, &e.0))?
        .into_iter()
        .collect()
}

fn write_error(path: &Path, reason: &str) -> Error {
    Error::WriteAudio {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn speed_keeps_a_decimal_below_ten() {
        for (times, said) in [(0.36, "0.4"), (2.04, "2.0"), (9.94, "9.9"), (12.6, "13")] {
            assert_eq!(super::speed(times), said);
        }
    }
}
