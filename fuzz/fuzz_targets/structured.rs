//! Generated payloads (the property tests' strategies, driven by the fuzzer's bytes): valid ones
//! pass every layer; a mutated one is caught by each layer at its pointer and line.
#![no_main]

use fileops_validator::arb::Case;

libfuzzer_sys::fuzz_target!(|case: Case| fileops_validator::arb::fuzz::structured(&case));
