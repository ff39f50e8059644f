//! Any report (texts, paths, inputs from the bytes) rendered in every format: JSON and SARIF
//! parse (SARIF valid against 2.1.0), JUnit is XML, every GitHub line one escaped command, human
//! output free of terminal controls.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fileops_validator::arb::output::render_target(data));
