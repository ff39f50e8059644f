//! The compiled schema (build.rs) against jsonschema, its oracle, on every operation of any
//! bytes; and the fast path it drives against the full layered check, report for report.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::fuzz::compiled(data));
