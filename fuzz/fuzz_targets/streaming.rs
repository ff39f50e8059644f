//! The first bytes choose read chunk sizes, the rest is the input: the report must be the same
//! as for one read.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::fuzz::streaming(data));
