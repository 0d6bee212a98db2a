//! Replays the inputs kept from fuzzing (`tests/fixtures/fuzz/<target>/`) through
//! the same target bodies libFuzzer ran (`tests/fuzz_targets/mod.rs`), on stable, in
//! CI. A crash the fuzzer found stays found: its minimised input lives here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fuzz_targets;

use std::path::Path;

fn replay(target: &str, body: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs kept in {}", dir.display());
    for file in files {
        let data = std::fs::read(&file).unwrap();
        let outcome = std::panic::catch_unwind(|| body(&data));
        assert!(outcome.is_ok(), "{target}: {} panics", file.display());
    }
}

#[test]
fn guide_load() {
    replay("guide_load", fuzz_targets::guide_load);
}

#[test]
fn line_input() {
    replay("line_input", fuzz_targets::line_input);
}

#[test]
fn lexicon() {
    replay("lexicon", fuzz_targets::lexicon);
}

#[test]
fn progress() {
    replay("progress", fuzz_targets::progress);
}

#[test]
fn render() {
    replay("render", fuzz_targets::render);
}

#[test]
fn player() {
    replay("player", fuzz_targets::player);
}

#[test]
fn import() {
    replay("import", fuzz_targets::import);
}

/// Every importer test file, in the import target's input format (the file name, a
/// newline, the file): the corpus `scripts/fuzz.sh` seeds the fuzzer with.
#[test]
fn import_seeds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let mut data = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
            .into_bytes();
        data.push(b'\n');
        data.extend(std::fs::read(&path).unwrap());
        let outcome = std::panic::catch_unwind(|| fuzz_targets::import(&data));
        assert!(outcome.is_ok(), "import: {} panics", path.display());
    }
}

/// The kept guide inputs that are broken are refused with problems, as `check` and
/// `run` refuse them (exit code 1), never with a panic.
#[test]
fn broken_guides_are_refused_with_problems() {
    use tebiki::guide::{load, Source};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/guide_load");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let data = std::fs::read(&path).unwrap();
        let source = Source::Memory {
            name: name.clone(),
            files: fuzz_targets::split_files(&data),
        };
        let loaded = load::load(&source, &load::builtin_lexicons());
        if name.starts_with("ok-") {
            assert!(loaded.guide.is_some(), "{name}: {:?}", loaded.problems);
        } else {
            assert!(loaded.guide.is_none(), "{name} loads");
            assert!(
                loaded.problems.iter().any(tebiki::guide::Problem::is_error),
                "{name}"
            );
        }
    }
}
