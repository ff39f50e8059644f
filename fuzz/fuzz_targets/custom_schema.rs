//! Any bytes as a stream of `--schema` documents against a fixed schema (both recoveries): no
//! panic, locations inside the input, the same report however the bytes arrive.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::fuzz::custom_schema(data));
