//! Any bytes into the validator (both recoveries): no panic, no hang, and every violation's
//! offset, line and column inside the input and consistent with each other.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::fuzz::raw(data));
