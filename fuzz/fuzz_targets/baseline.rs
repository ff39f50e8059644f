//! Any bytes as a baseline file: a baseline or a clear error, never a panic; what is written
//! reads back the same.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::output::baseline_target(data));
