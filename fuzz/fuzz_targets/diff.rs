//! Two byte strings (split by the first byte) through `diff`'s reader, as JSON and as HAR: no
//! panic, and the same shape however the bytes arrive.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::fuzz::diff(data));
