//! Validating fileops payloads from Rust, and reading the violations.
//!
//!     cargo run --example validate                      # a small payload with one mistake
//!     cargo run --example validate -- capture.json      # a JSON or NDJSON file (also .gz)
//!
//! Prints one line per violation, `input:line:column pointer [rule] severity: message`, and
//! exits 1 when there is an error-level violation, as `fileops-validator validate` does.

use std::process::ExitCode;

use fileops_validator::{Options, Report, Severity, Source, Validator};

/// One finished copy whose `progress` is a string, not a number.
const PAYLOAD: &str = r#"{
  "response": [
    {"id": "c2cf19b4-4951-415a-9337-78258fc7619d", "Operation": 1,
     "progress": "100", "processed": "1", "finished": true}
  ],
  "count": 1
}"#;

fn main() -> ExitCode {
    // Compiles the bundled JSON Schema once; the validator is then reusable, and Sync.
    let validator = match Validator::new(Options::default()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("validate: {e}");
            return ExitCode::from(2);
        }
    };
    let report = match std::env::args_os().nth(1) {
        None => validator.validate_bytes("inline.json", PAYLOAD.as_bytes()),
        Some(path) => {
            let source = Source::File(path.into());
            let read = source.open().and_then(|reader| {
                validator.validate_reader(&source.name(), reader, source.recovery())
            });
            match read {
                Ok(report) => report,
                Err(e) => {
                    eprintln!("validate: {}: {e}", source.name());
                    return ExitCode::from(2);
                }
            }
        }
    };
    print(&report);
    if report
        .violations
        .iter()
        .any(|v| v.severity == Severity::Error)
    {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print(report: &Report) {
    for v in &report.violations {
        let severity = match v.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        println!(
            "{}:{}:{} {} [{}] {severity}: {}",
            v.input, v.line, v.column, v.pointer, v.rule, v.message
        );
    }
    let s = &report.summary;
    println!(
        "{} document(s), {} operation(s): {} error(s), {} warning(s)",
        s.documents, s.operations, s.errors, s.warnings
    );
}
