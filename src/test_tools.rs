//! For unit tests: the one switch for a tool this machine may lack (the speech data,
//! eSpeak NG, the system voice), as `tests/common` has it for the end-to-end tests.
//! A missing tool skips the test, or fails it when `TEBIKI_REQUIRE_TOOLS` is set (and
//! not empty or `0`), as `scripts/test.sh` does.

/// `TEBIKI_REQUIRE_TOOLS` is set: a missing tool fails the test.
pub fn tools_required() -> bool {
    std::env::var_os("TEBIKI_REQUIRE_TOOLS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Says why the test is skipped, or fails it when tools are required.
pub fn missing(why: &str) {
    assert!(
        !tools_required(),
        "{why} (TEBIKI_REQUIRE_TOOLS is set, so this is a failure)"
    );
    eprintln!("skipped: {why}");
}
