//! Any bytes as a HAR file: no panic or hang, every violation inside the input, and the
//! same report however the bytes arrive.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::fuzz::har(data));
