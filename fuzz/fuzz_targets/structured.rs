//! Payloads described by the fuzzer's bytes (`fileops_validator::arb::structure`: style,
//! mutation, layout, then the document member by member): valid ones pass every layer; a
//! mutated one is caught by each layer at its pointer and line; the layers agree.
#![no_main]

use fileops_validator::arb::Case;

libfuzzer_sys::fuzz_target!(|case: Case| fileops_validator::arb::fuzz::structured(&case));
