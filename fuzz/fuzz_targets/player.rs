//! Fuzz target `player`: the body is `player` in tests/fuzz_targets/mod.rs.
#![no_main]

#[path = "../../tests/fuzz_targets/mod.rs"]
mod cases;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cases::player(data));
