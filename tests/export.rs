//! `tebiki export`: one WAV per step in file order, a playlist and a transcript, no
//! sound device needed, and an existing folder never replaced silently.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Tebiki;
use predicates::prelude::*;

#[test]
fn exports_every_step_with_playlist_and_transcript() {
    let t = Tebiki::new();
    let out = t.dir("au-en");
    t.cmd()
        .env("PULSE_SERVER", "unix:/nonexistent")
        .args([
            "export",
            "my-au-login",
            "--lang",
            "en",
            "--engine",
            "espeak",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("× real time"));
    let guide = tebiki::guide::Library::new(None, None)
        .load(&tebiki::guide::Source::Builtin("my-au-login".into()))
        .guide
        .unwrap();
    let mut wavs: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".wav"))
        .collect();
    wavs.sort();
    assert_eq!(wavs.len(), guide.steps.len());
    assert_eq!(wavs[0], format!("01-{}.wav", guide.steps[0].id));
    for w in &wavs {
        let reader = hound::WavReader::open(out.join(w)).unwrap();
        let seconds = reader.duration() as f32 / reader.spec().sample_rate as f32;
        assert!(seconds > 1.0, "{w} is {seconds} s");
    }
    let playlist = std::fs::read_to_string(out.join("playlist.m3u8")).unwrap();
    assert!(playlist.starts_with("#EXTM3U"));
    assert_eq!(playlist.matches("#EXTINF:").count(), wavs.len());
    let listed: Vec<&str> = playlist.lines().filter(|l| l.ends_with(".wav")).collect();
    assert_eq!(listed, wavs.iter().map(String::as_str).collect::<Vec<_>>());
    let transcript = std::fs::read_to_string(out.join("transcript.txt")).unwrap();
    assert!(transcript.contains("01. "));
    assert!(transcript.contains("If yes, go to track"));
    insta::assert_snapshot!("export-transcript", transcript);
    // A track's length depends on the voice's version: checked here, not kept.
    let without_lengths: Vec<String> = playlist
        .lines()
        .map(
            |l| match l.strip_prefix("#EXTINF:").and_then(|r| r.split_once(',')) {
                Some((seconds, title)) => {
                    assert!(seconds.parse::<u32>().unwrap() >= 1, "{l}");
                    format!("#EXTINF:[seconds],{title}")
                }
                None => l.to_string(),
            },
        )
        .collect();
    insta::assert_snapshot!("export-playlist", without_lengths.join("\n"));

    // Not again without --force; with it, the folder is replaced whole.
    std::fs::write(out.join("stray.txt"), "x").unwrap();
    t.cmd()
        .args([
            "export",
            "turn-off-wifi",
            "--lang",
            "en",
            "--engine",
            "espeak",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    t.cmd()
        .args([
            "export",
            "turn-off-wifi",
            "--lang",
            "en",
            "--engine",
            "espeak",
            "--force",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    assert!(!out.join("stray.txt").exists());
    let wifi = tebiki::guide::Library::new(None, None)
        .load(&tebiki::guide::Source::Builtin("turn-off-wifi".into()))
        .guide
        .unwrap();
    let count = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".wav")
        })
        .count();
    assert_eq!(count, wifi.steps.len());
    let leftovers: Vec<_> = std::fs::read_dir(t.home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".au-en."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn export_refuses_a_broken_guide_and_an_unknown_one() {
    let t = Tebiki::new();
    t.cmd()
        .args(["export", "nope", "--out"])
        .arg(t.dir("x"))
        .assert()
        .code(1);
    assert!(!t.dir("x").exists());
}
