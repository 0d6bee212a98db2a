//! The test hooks (`TEBIKI_TEST_*`: a panic on a key, an utterance that fails) are
//! compiled only with `--features test-hooks`, which `scripts/test.sh` turns on:
//! never into the release binary that users run.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

/// Whether the file holds the name of a test hook.
fn has_hooks(binary: &Path) -> bool {
    let bytes = std::fs::read(binary).unwrap();
    // Not UTF-8, but the name is ASCII: std's own search is fast in a test build.
    String::from_utf8_lossy(&bytes).contains("TEBIKI_TEST_")
}

#[test]
fn the_binary_under_test_has_the_hooks_only_with_the_feature() {
    assert_eq!(has_hooks(&common::bin()), cfg!(feature = "test-hooks"));
}

/// `target/release/tebiki`, beside the binary under test (`target/debug/tebiki`).
fn release_binary() -> Option<PathBuf> {
    let bin = common::bin();
    let target = bin.parent()?.parent()?;
    Some(target.join("release").join(bin.file_name()?))
}

/// Checks the release binary that is there (`scripts/setup.sh` and `scripts/bench.sh`
/// build one); builds nothing.
#[test]
fn the_release_binary_has_no_test_hooks() {
    let Some(release) = release_binary().filter(|p| p.is_file()) else {
        eprintln!("skipped: no release binary yet (cargo build --release makes one)");
        return;
    };
    assert!(
        !has_hooks(&release),
        "{} holds a TEBIKI_TEST_ hook: it must only be built with --features test-hooks",
        release.display()
    );
}
