//! Two pairs that must agree on any bytes: the schema layer and the types layer (verdicts, in
//! every profile), and simd-json and serde_json (syntax verdicts).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::fuzz::differential(data));
