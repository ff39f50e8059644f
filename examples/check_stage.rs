//! The `check` stage alone, for instruction counts: frame a capture, then parse (`parse`) or
//! check (`check`) each of its operations in turn on one thread, as the criterion bench's
//! `parse` and `check` stages do. Under callgrind its counts are exact and repeatable where
//! the bench's times are noisy (BENCHMARKS.md):
//!
//!     cargo build --release --example check_stage
//!     valgrind --tool=callgrind --branch-sim=yes target/release/examples/check_stage check capture.json

use std::process::ExitCode;

use fileops_validator::arb::internals::check::value::{Role, Scratch};
use fileops_validator::arb::internals::json::frame::{Event, Framer, Recovery};
use fileops_validator::{Options, Validator};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [stage, path] = args.as_slice() else {
        eprintln!("usage: check_stage parse|check CAPTURE");
        return ExitCode::from(2);
    };
    if !matches!(stage.as_str(), "parse" | "check") {
        eprintln!("check_stage: no stage {stage:?} (parse or check)");
        return ExitCode::from(2);
    }
    let input = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("check_stage: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut framer = Framer::new(&input[..], Recovery::Stop);
    let mut operations = Vec::new();
    loop {
        match framer.next_event() {
            Ok(Some(Event::Operation { bytes, at, .. })) => {
                let start = usize::try_from(at.offset).expect("an offset within the input");
                operations.push(start..start + bytes.len());
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => {
                eprintln!("check_stage: {path}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    // What each stage leaves, summed, so that nothing is optimised away.
    let mut total = 0usize;
    match stage.as_str() {
        "parse" => {
            let mut buf = Vec::new();
            let mut buffers = simd_json::Buffers::default();
            let mut tape = Some(simd_json::value::tape::Tape::null().reset());
            for range in &operations {
                // As the check stage parses: a padded copy, parsed in place.
                let bytes = &input[range.clone()];
                buf.clear();
                buf.extend_from_slice(bytes);
                buf.resize(bytes.len() + simd_json::INPUT_PADDING, 0);
                let mut t = tape
                    .take()
                    .unwrap_or_else(|| simd_json::value::tape::Tape::null().reset())
                    .reset();
                if simd_json::fill_tape_padded(&mut buf, bytes.len(), &mut buffers, &mut t).is_ok()
                {
                    total += t.0.len();
                }
                tape = Some(t.reset());
            }
        }
        "check" => {
            let validator = match Validator::new(Options::default()) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("check_stage: {e}");
                    return ExitCode::from(2);
                }
            };
            let mut scratch = Scratch::default();
            for range in &operations {
                let checked = validator.check(&mut scratch, &input[range.clone()], Role::Operation);
                total += checked.findings.len();
            }
        }
        _ => unreachable!("the stage was checked above"),
    }
    println!("{} operations, {total}", operations.len());
    ExitCode::SUCCESS
}
