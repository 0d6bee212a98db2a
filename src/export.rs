//! What `tebiki export` writes, apart from the sound: one track per step in file order
//! (its file name, title, shown and spoken text), the playlist and the transcript.
//! Pure: the command renders the audio and writes the files.

use std::fmt::Write as _;

use crate::guide::{Guide, StepKind, Target};
use crate::l10n::{arg, Lang, Localizer};

/// One step as a track.
#[derive(Clone, Debug, PartialEq)]
pub struct Track {
    /// 1-based position in the file, which is the track number.
    pub number: usize,
    /// `01-<step-id>.wav`.
    pub file: String,
    pub title: String,
    /// What a reader sees in the transcript.
    pub shown: String,
    /// What is sent to the engine (after the lexicon).
    pub spoken: String,
}

/// The tracks of a guide in `lang`. A question says which track each answer leads to
/// (a choice: each option),
/// a timer how long its window is, and a step whose next is not the following track
/// says where to go, so the guide can be followed on a plain music player.
pub fn plan(guide: &Guide, lang: &Lang, l10n: &Localizer) -> Vec<Track> {
    let width = guide.steps.len().to_string().len().max(2);
    let track_of = |t: Target| match t {
        Target::Step(j) => Some(j + 1),
        Target::PastEnd => None,
    };
    guide
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let text = guide.step_text(lang, i);
            let mut extra = Vec::new();
            match &step.kind {
                StepKind::Question { .. } => {
                    let yes = track_of(guide.answer(i, true));
                    let no = track_of(guide.answer(i, false));
                    extra.push(l10n.text_args(
                        lang,
                        "export-answers",
                        &[
                            arg("yes", yes.map_or(String::new(), |n| n.to_string())),
                            arg("no", no.map_or(String::new(), |n| n.to_string())),
                        ],
                    ));
                }
                StepKind::Choice { options } => {
                    let names = &text.options;
                    for (k, &o) in options.iter().enumerate() {
                        let name = names.get(k).map_or("", String::as_str);
                        extra.push(l10n.text_args(
                            lang,
                            "export-option",
                            &[arg("option", name), arg("n", o + 1)],
                        ));
                    }
                }
                StepKind::Timer { minutes, .. } => {
                    extra.push(l10n.text_args(lang, "export-timer", &[arg("minutes", *minutes)]));
                }
                StepKind::Info | StepKind::End => {}
            }
            if !matches!(
                step.kind,
                StepKind::Question { .. } | StepKind::Choice { .. } | StepKind::End
            ) {
                match guide.next_of(i) {
                    Target::Step(j) if j != i + 1 => {
                        extra.push(l10n.text_args(lang, "export-go-to", &[arg("n", j + 1)]))
                    }
                    _ => {}
                }
            }
            let mut spoken = guide.step_speech(lang, i);
            let mut shown = text.shown.clone();
            if let Some(detail) = &text.detail {
                shown.push('\n');
                shown.push_str(detail);
            }
            for e in &extra {
                spoken.push('\n');
                spoken.push_str(e);
                shown.push('\n');
                shown.push_str(e);
            }
            Track {
                number: i + 1,
                file: format!("{:0width$}-{}.wav", i + 1, step.id),
                title: first_line(&text.shown),
                shown,
                spoken: guide.speakable(lang, &spoken),
            }
        })
        .collect()
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut out: String = line.chars().take(60).collect();
    if line.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// An extended M3U playlist, UTF-8 (`.m3u8`), with lengths in whole seconds.
pub fn playlist(title: &str, tracks: &[Track], seconds: &[f64]) -> String {
    let mut out = String::from("#EXTM3U\n");
    let _ = writeln!(out, "#PLAYLIST:{}", one_line(title));
    for (i, t) in tracks.iter().enumerate() {
        let secs = seconds.get(i).map_or(-1, |s| s.ceil() as i64);
        let _ = writeln!(out, "#EXTINF:{secs},{:02} {}", t.number, one_line(&t.title));
        let _ = writeln!(out, "{}", t.file);
    }
    out
}

/// The spoken text, numbered like the files.
pub fn transcript(guide: &Guide, lang: &Lang, tracks: &[Track]) -> String {
    let mut out = String::new();
    let title = guide.title(lang);
    let _ = writeln!(
        out,
        "{title}\n{}\n",
        "=".repeat(title.chars().count().min(60))
    );
    for t in tracks {
        let section = guide.step_text(lang, t.number - 1).section.clone();
        if let Some(section) = section {
            let _ = writeln!(out, "【{section}】");
        }
        let _ = writeln!(
            out,
            "{:02}. {}\n",
            t.number,
            t.shown.replace('\n', "\n    ")
        );
    }
    out
}

fn one_line(text: &str) -> String {
    crate::ui::clean(text).replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::{Library, Source};

    fn au() -> Guide {
        Library::new(None, None)
            .load(&Source::Builtin("my-au-login".into()))
            .guide
            .unwrap()
    }

    #[test]
    fn one_track_per_step_in_file_order() {
        let g = au();
        let tracks = plan(&g, &Lang::ja(), &Localizer::builtin());
        assert_eq!(tracks.len(), g.steps.len());
        assert_eq!(tracks[0].file, format!("01-{}.wav", g.steps[0].id));
        assert!(tracks.iter().all(|t| !t.spoken.contains("My au")));
    }

    #[test]
    fn questions_name_their_tracks_and_timers_their_minutes() {
        let g = au();
        let l10n = Localizer::builtin();
        let tracks = plan(&g, &Lang::en(), &l10n);
        let q = g.step_index("wifi-is-off").unwrap();
        let yes = g.step_index("open-login-page").unwrap() + 1;
        assert!(
            tracks[q].spoken.contains(&format!("track {yes}")),
            "{}",
            tracks[q].spoken
        );
        let timer = g.step_index("pc-window").unwrap();
        assert!(
            tracks[timer].spoken.contains("15 minutes"),
            "{}",
            tracks[timer].spoken
        );
    }

    #[test]
    fn a_choice_names_the_track_of_each_option() {
        let g = Library::new(None, None)
            .load(&Source::Builtin("turn-off-wifi".into()))
            .guide
            .unwrap();
        let l10n = Localizer::builtin();
        let c = g.step_index("which-phone").unwrap();
        let track = |id: &str| g.step_index(id).unwrap() + 1;
        let en = &plan(&g, &Lang::en(), &l10n)[c];
        for (option, id) in [
            ("an Android phone", "android-swipe-down"),
            ("an iPhone", "iphone-open-settings"),
            ("help telling them apart", "how-to-tell"),
        ] {
            let line = format!("For {option}, go to track {}.", track(id));
            assert!(en.shown.contains(&line), "{line} not in {}", en.shown);
        }
        // No "next goes to" line on a choice: it has no next.
        assert!(!en.shown.contains("Then go to"), "{}", en.shown);
        let ja = &plan(&g, &Lang::ja(), &l10n)[c];
        let line = format!(
            "iPhone なら、{} 番に進んでください。",
            track("iphone-open-settings")
        );
        assert!(ja.shown.contains(&line), "{}", ja.shown);
        let text = transcript(&g, &Lang::en(), &plan(&g, &Lang::en(), &l10n));
        assert!(text.contains("For an iPhone, go to track"), "{text}");
    }

    #[test]
    fn playlist_is_extended_m3u() {
        let g = au();
        let tracks = plan(&g, &Lang::en(), &Localizer::builtin());
        let text = playlist("T", &tracks, &vec![2.5; tracks.len()]);
        assert!(text.starts_with("#EXTM3U\n"));
        assert!(text.contains("#EXTINF:3,01 "));
        assert_eq!(
            text.lines().filter(|l| l.ends_with(".wav")).count(),
            tracks.len()
        );
        let t = transcript(&g, &Lang::en(), &tracks);
        assert!(t.contains("01. "));
    }
}
