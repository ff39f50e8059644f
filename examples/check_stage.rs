//! The `check` stage alone, for instruction counts: frame a capture, then parse (`parse`) or
//! check (`check`) each of its operations in turn on one thread, as the criterion bench's
//! `parse` and `check` stages do. Under callgrind its counts are exact and repeatable where
//! the bench's times are noisy (BENCHMARKS.md):
//!
//!     cargo build --release --example check_stage
//!     valgrind --tool=callgrind --branch-sim=yes target/release/examples/check_stage check capture.json
//!
//! Two more stages put the parse beside what a checker that scans as it checks would start
//! from: `wellformed` (the crate's streaming grammar and UTF-8 check, building nothing) and
//! `skip` (serde_json into `IgnoredAny`). Each run prints the time of its stage's loop (the
//! file read and the framing left out).

use std::process::ExitCode;

use fileops_validator::arb::internals::check::value::{Role, Scratch};
use fileops_validator::arb::internals::json::frame::operation_ranges;
use fileops_validator::arb::internals::json::wellformed;
use fileops_validator::{Options, Validator};
use serde::de::IgnoredAny;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [stage, path] = args.as_slice() else {
        eprintln!("usage: check_stage parse|check|wellformed|skip CAPTURE");
        return ExitCode::from(2);
    };
    if !matches!(stage.as_str(), "parse" | "check" | "wellformed" | "skip") {
        eprintln!("check_stage: no stage {stage:?} (parse, check, wellformed or skip)");
        return ExitCode::from(2);
    }
    let input = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("check_stage: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let operations = match operation_ranges(&input) {
        Ok(ranges) => ranges,
        Err(e) => {
            eprintln!("check_stage: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    // What each stage leaves, summed, so that nothing is optimised away.
    let mut total = 0usize;
    let started = std::time::Instant::now();
    match stage.as_str() {
        "parse" => {
            let mut scratch = Scratch::default();
            for range in &operations {
                total += scratch.parse(&input[range.clone()]).unwrap_or(0);
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
        "wellformed" => {
            for range in &operations {
                total += usize::from(wellformed::check(&input[range.clone()]).is_ok());
            }
        }
        "skip" => {
            for range in &operations {
                let skipped = serde_json::from_slice::<IgnoredAny>(&input[range.clone()]);
                total += usize::from(skipped.is_ok());
            }
        }
        _ => unreachable!("the stage was checked above"),
    }
    let elapsed = started.elapsed();
    println!(
        "{} operations, {total}, {stage} in {:.1} ms",
        operations.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}
