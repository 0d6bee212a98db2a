//! Fuzz target `import`: the body is `import` in tests/fuzz_targets/mod.rs.
#![no_main]

#[path = "../../tests/fuzz_targets/mod.rs"]
mod cases;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cases::import(data));
