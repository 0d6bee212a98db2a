//! The bodies of the fuzz targets, shared by `fuzz/fuzz_targets/*.rs` (libFuzzer
//! feeds them) and `tests/fuzz_regressions.rs` (replays the kept inputs on stable).
//! Each takes raw bytes, must never panic, and asserts what must hold for any input.
//! Input formats are documented on each function; `scripts/fuzz.sh` seeds them.

#![allow(dead_code, clippy::unwrap_used)]

use std::cell::RefCell;
use std::collections::BTreeMap;

use tebiki::guide::load::{builtin_lexicons, load, parse_lexicon};
use tebiki::guide::{Guide, Lexicon, Library, Source};
use tebiki::input::keymap::{action_for_key, Key};
use tebiki::input::{lines, Input};
use tebiki::l10n::{Lang, Localizer};
use tebiki::player::{Action, Effect, Event, Options, Player, Resume};
use tebiki::progress::Saved;
use tebiki::ui::{self, Style, View};
use unicode_width::UnicodeWidthChar;

/// Built once per thread: building them for every input would be most of the work.
struct Fixed {
    l10n: Localizer,
    lexicons: BTreeMap<Lang, Lexicon>,
    builtin: Vec<Guide>,
}

thread_local! {
    static FIXED: &'static Fixed = Box::leak(Box::new(Fixed {
        l10n: Localizer::builtin(),
        lexicons: builtin_lexicons(),
        builtin: Library::builtin_ids()
            .into_iter()
            .filter_map(|id| Library::new(None, None).load(&Source::Builtin(id)).guide)
            .collect(),
    }));
}

fn fixed() -> &'static Fixed {
    FIXED.with(|f| *f)
}

/// A plausible clock: the Unix epoch in milliseconds, late 2026.
const NOW_MS: u64 = 1_795_000_000_000;

/// Splits a guide-folder input into files: the part before the first NUL byte is
/// `guide.toml`; every later NUL-separated part is a file whose name is its first
/// line (`en.ftl`, `lexicon.ja.toml`, ...) and whose content is the rest.
pub fn split_files(data: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut parts = data.split(|&b| b == 0);
    files.insert(
        "guide.toml".to_string(),
        parts.next().unwrap_or_default().to_vec(),
    );
    for part in parts {
        let (name, content) = match part.iter().position(|&b| b == b'\n') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &[][..]),
        };
        files.insert(String::from_utf8_lossy(name).into_owned(), content.to_vec());
    }
    files
}

/// Guide loading (`guide.toml`, `.ftl`, lexicons), from `split_files`: loading gives
/// a guide exactly when it found no error, every problem renders in every language,
/// and a guide that loads plays through and draws without a panic.
pub fn guide_load(data: &[u8]) {
    let fixed = fixed();
    let source = Source::Memory {
        name: "fuzz".into(),
        files: split_files(data),
    };
    let loaded = load(&source, &fixed.lexicons);
    let has_error = loaded.problems.iter().any(tebiki::guide::Problem::is_error);
    assert_eq!(loaded.guide.is_some(), !has_error, "{:?}", loaded.problems);
    for p in &loaded.problems {
        assert!(p.file.starts_with("memory:fuzz/"), "{}", p.file);
        assert!(p.line >= 1);
        for lang in fixed.l10n.languages() {
            let text = p.render(&fixed.l10n, &lang);
            assert!(!text.contains('\u{1b}'), "{text:?}");
        }
    }
    if let Some(guide) = loaded.guide {
        assert!(!guide.steps.is_empty());
        for lang in &guide.languages {
            assert_eq!(guide.texts[lang].steps.len(), guide.steps.len());
        }
        // Walk it with every kind of key.
        let keys = [
            Action::Next,
            Action::Yes,
            Action::Where,
            Action::SwitchLanguage(None),
            Action::No,
            Action::Back,
            Action::Repeat,
            Action::Next,
        ];
        let mut script = vec![Event::Start];
        for i in 0..(guide.steps.len() * 2).min(200) {
            script.push(Event::Key(keys[i % keys.len()].clone()));
            script.push(Event::SpeechDone);
            script.push(Event::Tick);
        }
        play(&guide, Resume::Fresh, script, 61_000);
    }
}

/// Options for a player in the harness.
fn options(lang: Lang, remind: bool, confirm_quit: bool) -> Options {
    Options {
        lang,
        missing_lang: None,
        rate: 1.0,
        remind,
        confirm_quit,
        helper: tebiki::helper::Helper::default(),
    }
}

/// Runs events through a player, `step_ms` apart, checking the position after each
/// and drawing every view.
fn play(guide: &Guide, resume: Resume, script: Vec<Event>, step_ms: u64) {
    let fixed = fixed();
    let lang = guide.languages[0].clone();
    let mut player = Player::new(guide, &fixed.l10n, options(lang, true, false), resume);
    let mut now = NOW_MS;
    for event in script {
        let effects = player.handle(now, event);
        check_position(guide, &player);
        for effect in &effects {
            if let Effect::Show(view) = effect {
                draw(view, 80);
            }
        }
        now = now.saturating_add(step_ms);
    }
}

fn check_position(guide: &Guide, player: &Player<'_>) {
    let n = guide.steps.len();
    let pos = player.position();
    assert!(pos.step < n, "step {} of {n}", pos.step);
    assert!(pos.history.iter().all(|&h| h < n), "{:?}", pos.history);
    assert!(pos.timers.iter().all(|t| t.step < n), "{:?}", pos.timers);
    assert!(guide.languages.contains(&pos.lang), "{}", pos.lang);
}

/// Draws a view in every style and checks that plain output has no escape codes.
fn draw(view: &View, width: usize) {
    for (plain, color) in [(true, false), (false, false), (false, true)] {
        let text = ui::render(
            view,
            Style {
                plain,
                color,
                width,
                height: 10,
            },
        );
        if plain {
            assert!(!text.contains('\u{1b}'), "{text:?}");
        }
    }
}

/// Piped line input: every line is one input, in order, then `Input::End`; nothing
/// is dropped or merged, whatever the bytes.
pub fn line_input(data: &[u8]) {
    let got = RefCell::new(Vec::new());
    lines::read(data, &|input| {
        got.borrow_mut().push(input);
        true
    });
    let got = got.into_inner();
    let mut expected = data.split(|&b| b == b'\n').count();
    if data.is_empty() || data.ends_with(b"\n") {
        expected -= 1;
    }
    assert_eq!(got.len(), expected + 1, "{got:?}");
    assert_eq!(got.last(), Some(&Input::End));
    assert!(got[..expected].iter().all(|i| *i != Input::End));
    for c in String::from_utf8_lossy(data).chars() {
        let _ = action_for_key(Key::Char(c));
    }
}

/// A lexicon and a text to apply it to, split at the first NUL byte. A lexicon that
/// is no valid TOML is read as `written=spoken` lines instead, so `apply` sees odd
/// keys too. Text in which no written form occurs comes back unchanged.
pub fn lexicon(data: &[u8]) {
    let (source, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let source = String::from_utf8_lossy(source);
    let text = String::from_utf8_lossy(text);
    let map = parse_lexicon(&source).unwrap_or_else(|(pos, _)| {
        assert!(pos.line >= 1);
        source
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(w, s)| (w.to_string(), s.to_string()))
            .collect()
    });
    let untouched = !map
        .keys()
        .any(|w| !w.is_empty() && text.contains(w.as_str()));
    let lexicon = Lexicon::from_map(map);
    let spoken = lexicon.apply(&text);
    if untouched {
        assert_eq!(spoken, text);
    }
}

/// A progress file (`progress::Saved` as JSON): it survives a round trip, and
/// resuming it in any built-in guide keeps the position valid whatever it says.
pub fn progress(data: &[u8]) {
    let Ok(saved) = serde_json::from_slice::<Saved>(data) else {
        return;
    };
    let again: Saved = serde_json::from_str(&serde_json::to_string(&saved).unwrap()).unwrap();
    assert_eq!(again, saved);
    for guide in &fixed().builtin {
        let script = vec![
            Event::Start,
            Event::Key(Action::Yes),
            Event::SpeechDone,
            Event::Tick,
            Event::Key(Action::Next),
            Event::SpeechDone,
            Event::Tick,
            Event::Key(Action::Back),
            Event::Key(Action::Where),
        ];
        match saved.to_resume(guide) {
            Resume::Saved(pos) => {
                play(guide, Resume::Saved(pos.clone()), script.clone(), 60_000);
                play(guide, Resume::Continue(pos), script, 3_600_000);
            }
            other => play(guide, other, script, 60_000),
        }
    }
}

/// The screen: seven NUL-separated texts (title, counter, section, body, detail,
/// notice, keys) after two bytes (width, style). Cleaned text has no controls but
/// newlines; wrapped lines fit the width and lose nothing but white space (spaces at
/// a break, white space at the end of a line).
pub fn render(data: &[u8]) {
    let (head, rest) = data.split_at(data.len().min(2));
    let width = usize::from(head.first().copied().unwrap_or(80));
    let flags = head.get(1).copied().unwrap_or(0);
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.split('\0').map(str::to_string);
    let mut next = || parts.next().unwrap_or_default();
    let view = View {
        title: next(),
        counter: next(),
        section: Some(next()).filter(|s| !s.is_empty()),
        body: next(),
        detail: Some(next()).filter(|s| !s.is_empty()),
        notice: Some(next()).filter(|s| !s.is_empty()),
        keys: next(),
        more: next(),
        page: usize::from(flags >> 2),
    };
    let style = Style {
        plain: flags & 1 != 0,
        color: flags & 2 != 0,
        width,
        height: usize::from(flags >> 4),
    };
    let _ = ui::render(&view, style);
    draw(&view, width);
    let _ = ui::render_notice(&text, style);

    let cleaned = ui::clean(&text);
    let forbidden = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    };
    assert!(!cleaned.chars().any(forbidden), "{cleaned:?}");
    let lines = ui::wrap(&cleaned, width);
    let max = width.max(10);
    for line in &lines {
        let w: usize = line.chars().map(|c| c.width().unwrap_or(0)).sum();
        assert!(w <= max, "{line:?} is {w} columns, more than {max}");
    }
    let kept: String = lines
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let given: String = cleaned.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(kept, given, "wrap lost text");
}

/// The player over a built-in guide: the first byte picks the guide, the second the
/// options; then each pair of bytes is an event and how much time passes before it.
/// The position stays valid and every view draws.
pub fn player(data: &[u8]) {
    let fixed = fixed();
    if fixed.builtin.is_empty() {
        return;
    }
    let pick = usize::from(data.first().copied().unwrap_or(0));
    let guide = &fixed.builtin[pick % fixed.builtin.len()];
    let flags = data.get(1).copied().unwrap_or(0);
    let lang = guide.languages[usize::from(flags >> 4) % guide.languages.len()].clone();
    let mut player = Player::new(
        guide,
        &fixed.l10n,
        options(lang, flags & 1 != 0, flags & 2 != 0),
        Resume::Fresh,
    );
    let mut now = NOW_MS;
    player.handle(now, Event::Start);
    for pair in data.get(2..).unwrap_or_default().chunks(2) {
        let op = pair[0];
        let wait = pair.get(1).copied().unwrap_or(0);
        // Up to a few hours between events, finer at the low end.
        now += u64::from(wait) * u64::from(wait) * 200;
        let event = match op % 20 {
            0 => Event::SpeechDone,
            1 => Event::Tick,
            2 => Event::Key(Action::Next),
            3 => Event::Key(Action::Repeat),
            4 => Event::Key(Action::Back),
            5 => Event::Key(Action::Yes),
            6 => Event::Key(Action::No),
            7 => Event::Key(Action::SwitchLanguage(None)),
            8 => Event::Key(Action::SwitchLanguage(Some(Lang::ja()))),
            9 => Event::Key(Action::SwitchLanguage(Some(Lang::en()))),
            10 => Event::Key(Action::SwitchLanguage(Lang::parse("fr"))),
            11 => Event::Key(Action::Faster),
            12 => Event::Key(Action::Slower),
            13 => Event::Key(Action::Help),
            14 => Event::Key(Action::Where),
            15 => Event::Key(Action::Quit),
            16 => Event::Key(Action::Unknown),
            17 => Event::Key(Action::Interrupt),
            18 => Event::Start,
            _ => Event::SpeechDone,
        };
        let effects = player.handle(now, event);
        check_position(guide, &player);
        assert!((0.5..=2.0).contains(&player.rate()));
        for effect in &effects {
            match effect {
                Effect::Show(view) => draw(view, 40),
                Effect::Save => {
                    let saved = Saved::from_position(guide, player.position(), now);
                    assert_eq!(
                        saved.to_resume(guide),
                        Resume::Saved(player.position().clone())
                    );
                }
                _ => {}
            }
        }
        if player.is_finished() {
            break;
        }
    }
}

/// An importer input: the first line is the file name (`howto.json`, `page.html`,
/// `steps.md`, `x.data`: it picks the importer), the rest the file. An import gives
/// steps or an error, never a panic, and what `import` would write loads as a guide
/// unless `write_guide` refuses it before loading (too many steps, too much text).
pub fn import(data: &[u8]) {
    use tebiki::guide::import;
    use tebiki::guide::load::{MAX_FILE_BYTES, MAX_STEPS};
    let (name, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (
            String::from_utf8_lossy(&data[..i]).into_owned(),
            &data[i + 1..],
        ),
        None => (String::new(), data),
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    // As `read_input` does.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let path = std::path::Path::new(&name);
    let pick = rest.first().map(|b| usize::from(b % 4)).filter(|&p| p > 0);
    let Ok(mut imported) = import::parse(path, text, pick) else {
        return;
    };
    // The importers refuse a file without steps (`NoSteps`, `NothingFound`).
    assert!(!imported.steps.is_empty(), "{imported:?}");
    assert!(
        imported.picked < imported.choices.len().max(1),
        "{imported:?}"
    );
    // As `import_file` does.
    imported.name_missing_parts(path);
    // As `write_guide` does: it refuses these before writing or loading anything.
    if imported.steps.len() > MAX_STEPS {
        return;
    }
    let lang = imported
        .lang
        .clone()
        .unwrap_or_else(|| imported.lang_by_script());
    let (toml, ftl) = import::render(&imported, "fuzz", &lang, &name);
    if ftl.len() as u64 > MAX_FILE_BYTES {
        return;
    }
    let files = [
        ("guide.toml".to_string(), toml.into_bytes()),
        (format!("{lang}.ftl"), ftl.into_bytes()),
    ]
    .into();
    let source = Source::Memory {
        name: "import".into(),
        files,
    };
    let loaded = load(&source, &fixed().lexicons);
    // `write_guide` refuses a guide that fails `check` (`ImportError::Invalid`): an
    // importer must never produce one.
    let guide = loaded
        .guide
        .unwrap_or_else(|| panic!("{:?}", loaded.problems));
    assert_eq!(guide.steps.len(), imported.steps.len());
}
