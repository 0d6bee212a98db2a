//! Progress on long work through the real binary, as a pipe or a log sees it: plain
//! lines on standard error in the listener's language, no escape codes, and standard
//! output left to what the command prints as its result. (The bar a terminal shows is
//! looked at in tmux by hand: README, "Export".)
#![allow(clippy::unwrap_used)]

mod common;

use common::Tebiki;

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn export_tells_a_pipe_each_track_as_a_plain_line() {
    let t = Tebiki::new();
    let out = t.dir("wifi");
    let run = t
        .cmd()
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
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&run.stdout), text(&run.stderr));
    assert!(run.status.success(), "{stdout}\n{stderr}");
    let tracks = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "wav")
        })
        .count();
    // Standard output: the one closing line, as before.
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with(&format!("Wrote {tracks} tracks")),
        "{stdout}"
    );
    // Standard error: what is being made, then one line a track (in the order they
    // were done), each with the count and the time left.
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], format!("Making {tracks} tracks with espeak."));
    let done: Vec<&str> = lines[1..]
        .iter()
        .copied()
        .filter(|l| l.starts_with("Track "))
        .collect();
    assert_eq!(done.len(), tracks, "{stderr}");
    for (i, line) in done.iter().enumerate() {
        let count = format!("({} of {tracks} tracks, ", i + 1);
        assert!(line.contains(&count), "{line} lacks {count}");
        assert!(
            line.ends_with(" left).") || line.ends_with("almost done)."),
            "{line}"
        );
    }
    let mut numbers: Vec<usize> = done
        .iter()
        .map(|l| {
            l["Track ".len()..]
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=tracks).collect::<Vec<_>>());
}

/// In Japanese when the program speaks Japanese (the speech data must be installed).
#[test]
fn export_progress_is_in_the_listeners_language() {
    let Some(t) = Tebiki::with_speech_data() else {
        return;
    };
    let run = t
        .cmd()
        .args([
            "export",
            "turn-off-wifi",
            "--lang",
            "ja",
            "--engine",
            "jtalk",
            "--out",
        ])
        .arg(t.dir("wifi-ja"))
        .output()
        .unwrap();
    let stderr = text(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.starts_with("jtalk で "), "{stderr}");
    assert!(stderr.contains(" 番ができました（"), "{stderr}");
    assert!(!stderr.contains("Track"), "{stderr}");
}

/// `data install` joining a model: a line as it begins and one at each quarter, then
/// the error (these parts are not the model), and nothing left behind.
#[test]
fn data_install_tells_a_pipe_how_the_model_is_joined() {
    let t = Tebiki::new();
    let source = t.dir("source");
    std::fs::create_dir_all(source.join("model")).unwrap();
    for i in 1..=4 {
        std::fs::write(
            source.join("model").join(format!("part{i}.bin")),
            vec![7u8; 600_000],
        )
        .unwrap();
    }
    let run = t
        .cmd()
        .args(["data", "install", "--lang", "en", "--model-source"])
        .arg(&source)
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&run.stdout), text(&run.stderr));
    assert_eq!(run.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.starts_with("Installing the Kokoro voice files"),
        "{stdout}"
    );
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0], "Joining the four parts of the Kokoro model and checking it",
        "{stderr}"
    );
    // Each quarter of the 2.4 MB (in whole MB), with the time left.
    for (line, done) in lines[1..5].iter().zip([1, 1, 2, 2]) {
        assert!(line.starts_with(&format!("{done} of 2 MB, ")), "{stderr}");
    }
    assert!(lines[5].contains("damaged"), "{stderr}");
}
