//! The first byte chooses NDJSON line-bound lexing and a chunk-size pattern, the next bytes are
//! the pattern, the rest is any text: the lexer gives the same values, errors and states for that
//! chunking as for one chunk, and never panics otherwise.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::internals::json::lex::fuzz_chunking(data));
