//! The first bytes choose read chunk sizes, the rest is an NDJSON polling log, validated with the
//! sequence rules on: no panic, findings in place, the same report for a chunked read; and each
//! line, as a HAR body, gets from its validation the operations' facts a parse of it reads.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::fuzz::sequence(data));
