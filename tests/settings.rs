//! The settings file as a teacher writes it: kept, comments and all, when the listener
//! changes something; never overwritten when it has a mistake.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Tebiki;

fn write_settings(t: &Tebiki, text: &str) -> std::path::PathBuf {
    let path = t.dir("config/tebiki/config.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_commented_settings_file_keeps_its_comments_and_gains_the_rate() {
    let t = Tebiki::new();
    let path = write_settings(
        &t,
        "# Grandma's settings: ask Ken before changing them.\n\
         chime = true # she likes the chime\n\
         helper_note = \"call Ken\"\n\
         \n\
         [voice]\n\
         # Mei is clearer on her speakers.\n\
         ja = \"mei\"\n",
    );
    t.run("call-support", &["faster"], &["--lang", "en"])
        .success();
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        "# Grandma's settings: ask Ken before changing them.\n\
         chime = true # she likes the chime\n\
         helper_note = \"call Ken\"\n\
         rate = 1.1\n\
         \n\
         [voice]\n\
         # Mei is clearer on her speakers.\n\
         ja = \"mei\"\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The next press starts from the saved rate and changes the value in place.
    t.run("call-support", &["faster"], &["--lang", "en", "--restart"])
        .success();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        after.replace("rate = 1.1", "rate = 1.2")
    );
}

#[test]
fn a_broken_settings_file_is_never_overwritten_and_its_line_is_named() {
    for (lang, said) in [("en", "could not be kept"), ("ja", "残せませんでした")] {
        let t = Tebiki::new();
        let broken = "# Grandma's settings\nrate = 1.0\nchime = yes\n";
        let path = write_settings(&t, broken);
        let out = t
            .run(
                "call-support",
                &["faster", "faster", "l"],
                &["--lang", lang],
            )
            .success();
        let output = out.get_output();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(std::fs::read(&path).unwrap(), broken.as_bytes());
        let place = format!("{}:3", path.display());
        // Told at the start that the file is ignored, and once that changes are not kept.
        assert!(stderr.contains(&place), "{stderr}");
        assert_eq!(stdout.matches(said).count(), 1, "{stdout}");
        // The notices, each with its wrapped lines joined (a long path may be cut
        // anywhere; spaces do not count).
        let mut notices: Vec<String> = Vec::new();
        let mut inside = false;
        for line in stdout.lines() {
            match line.strip_prefix("> ") {
                Some(rest) if inside => notices.last_mut().unwrap().push_str(rest),
                Some(rest) => notices.push(rest.to_string()),
                None => {}
            }
            inside = line.starts_with("> ");
        }
        let said_here = said.replace(' ', "");
        let told = notices
            .iter()
            .map(|n| n.replace(' ', ""))
            .find(|n| n.contains(&said_here))
            .unwrap();
        assert!(told.contains(&place.replace(' ', "")), "{told}");
        // The change holds for this run.
        let speed = if lang == "en" {
            "Speed 1.2"
        } else {
            "速さ 1.2"
        };
        assert!(stdout.contains(speed), "{stdout}");
        // No temporary file left beside it.
        let entries = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(entries, 1);
    }
}

#[test]
fn a_voice_from_the_command_line_is_kept_in_the_teachers_file() {
    let t = Tebiki::new();
    let path = write_settings(&t, "# mine\nvoice.ja = \"mei\" # clear\n");
    t.cmd()
        .args(["list", "--voice", "en-gb"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# mine\nvoice.ja = \"mei\" # clear\nvoice.en = \"en-gb\"\n"
    );
}
