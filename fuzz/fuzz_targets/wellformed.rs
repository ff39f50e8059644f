//! The first byte chooses how the rest is cut into pieces; the rest is any text: the streaming
//! well-formedness check gives the same answer cut as whole, and serde_json's answer.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::internals::json::wellformed::fuzz(data));
