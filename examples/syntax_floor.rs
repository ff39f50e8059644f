//! The floor for whole-process benchmarks: read a file and check its JSON syntax with
//! serde_json, building nothing (`IgnoredAny`). No validator can be faster than reading and
//! tokenising its input once; BENCHMARKS.md compares `fileops-validator validate` with this.
//!
//!     cargo run --release --example syntax_floor -- capture.json
//!
//! Several concatenated documents (NDJSON) are read one after another, as the validator does.

use std::process::ExitCode;

use serde::de::IgnoredAny;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: syntax_floor FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("syntax_floor: {}: {e}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let mut documents = 0usize;
    for document in serde_json::Deserializer::from_slice(&bytes).into_iter::<IgnoredAny>() {
        if let Err(e) = document {
            eprintln!("syntax_floor: {e}");
            return ExitCode::from(1);
        }
        documents += 1;
    }
    println!("{documents} document(s), {} bytes", bytes.len());
    ExitCode::SUCCESS
}
